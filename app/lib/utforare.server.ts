/**
 * /utforare's tables and charts, from queries/utforare.ts. Shared by the page
 * and its CSV route.
 */
import type { MeasureId } from "../../queries/measures.ts";
import { UTFORARE_MEASURES, utforare, type Utforare } from "../../queries/utforare.ts";
import { cachedView, type DashboardContext } from "./dashboard.server.ts";
import { utforareNames } from "./filter-options.server.ts";
import { dimensionLabel, REGI_LABEL } from "./labels.ts";
import { concentrationChart, rankChart, refTo, type Chart } from "./plot.server.ts";
import { capPage, suppressTable, type TableColumn, type TableData } from "./table.ts";
import { buildTable, caseLink } from "./tables.server.ts";

export const VERDICT_LABEL = {
  utanfor998: "Markant avvikande",
  utanfor95: "Avvikande",
  inom: "Inom det väntade",
} as const;

export interface UtforareTables {
  data: Utforare;
  utforare: TableData;
  vilande: TableData;
  koncentration: TableData;
  measures: MeasureId[];
}

export async function utforareTables(ctx: DashboardContext): Promise<UtforareTables> {
  const d = await utforare(ctx.db, ctx.filters);
  const names = utforareNames(ctx.options);
  const period = ctx.filters.period.label;
  const dims = [
    ...(ctx.filters.kommun ? [] : [{ key: "kommun" as const, label: "Kommun" }]),
    { key: "utforare" as const, label: "Utförare" },
  ];
  const measures = [...UTFORARE_MEASURES, "antal_beslut"] as const;
  // Built unsuppressed, extended with the flag and judgement columns, then suppressed as a whole.
  const base = buildTable({
    id: "utforare",
    caption: `Utförare: personer, timmar, utförandegrad, avbokningar och sena genomförandeplaner, ${period}`,
    filters: ctx.filters,
    dims,
    measures,
    rows: d.rows.map((r) => r.figures),
    total: d.total,
    hideSmall: false,
    names: { utforare: names },
    labels: { antal_beslut: "Nya beslut" },
  });
  const flagCols: TableColumn[] = [
    { key: "r13", label: "Sena planer (R13)", format: "antal", role: "measure", description: "Ärenden där genomförandeplanen saknades eller kom för sent (R13), räknat på utföraren på beslutet." },
    { key: "r16", label: "Sen start (R16)", format: "antal", role: "measure", description: "Ärenden där insatsen startade senare än sju dagar efter beställningen." },
    { key: "bedomning", label: "Jämfört med kommunen", format: "text", role: "measure", scope: "manad", description: "Jämfört med kommunens utförandegrad, med gränser som tar hänsyn till antalet ärenden (95 % och 99,8 %)." },
  ];
  const rows = base.rows.map((row, i) => {
    const r = d.rows[i];
    const group = { kommun: r.figures.kommun, utforare: r.figures.utforare };
    const links = { ...row.links };
    for (const rule of ["R13", "R16"] as const) {
      const href = caseLink(ctx.filters, { ...group, regel: rule }, "arenden_med_flagga");
      if (href && r.flags[rule] > 0) links[rule.toLowerCase()] = href;
    }
    return {
      ...row,
      cells: { ...row.cells, r13: r.flags.R13, r16: r.flags.R16, bedomning: r.verdict ? VERDICT_LABEL[r.verdict] : null },
      links,
    };
  });
  const total = base.total && {
    ...base.total,
    cells: {
      ...base.total.cells,
      r13: d.rows.reduce((a, r) => a + r.flags.R13, 0),
      r16: d.rows.reduce((a, r) => a + r.flags.R16, 0),
      bedomning: null,
    },
  };
  // The judgement sits next to the utförandegrad it is about; the flag counts go last.
  const at = base.columns.findIndex((c) => c.key === "utforandegrad") + 1;
  const columns = [...base.columns.slice(0, at), flagCols[2], ...base.columns.slice(at), flagCols[0], flagCols[1]];
  const utforareTable = suppressTable({ ...base, columns, rows, total }, ctx.hideSmall);

  const vilande: TableData = {
    id: "vilande",
    caption: "Utförare utan uppdrag de senaste tolv månaderna (R17)",
    columns: [
      { key: "kommun", label: "Kommun", format: "text", role: "dimension" },
      { key: "utforare", label: "Utförare", format: "text", role: "dimension" },
      { key: "regi", label: "Regi", format: "text", role: "dimension" },
      { key: "fonster", label: "Utan uppdrag under", format: "text", role: "dimension" },
      { key: "orsak", label: "Regelmotorns motivering", format: "text", role: "dimension" },
    ],
    rows: d.vilande.map((v) => ({
      key: `${v.kommun}|${v.utforare}`,
      cells: {
        kommun: v.kommun,
        utforare: v.namn ? `${v.namn} (${v.utforare})` : v.utforare,
        regi: v.regi ? (REGI_LABEL[v.regi] ?? v.regi) : null,
        fonster: `${v.fonsterFran ?? "–"} – ${v.fonsterTill ?? "–"}`,
        orsak: v.orsak,
      },
      n: {},
    })),
  };

  const koncentration: TableData = {
    id: "koncentration",
    caption: `Utförarnas andel av de utförda timmarna, störst först, ${period}`,
    columns: [
      { key: "rang", label: "Plats", format: "antal", role: "dimension" },
      { key: "utforare", label: "Utförare", format: "text", role: "dimension" },
      { key: "utforda", label: "Utförda", format: "h", role: "measure" },
      { key: "andel", label: "Andel av timmarna", format: "andel", role: "measure" },
      { key: "kumulativ", label: "Sammanlagd andel", format: "andel", role: "measure" },
    ],
    rows: d.koncentration.rows.map((r, i) => ({
      key: `${r.kommun}|${r.utforare}`,
      cells: { rang: i + 1, utforare: dimensionLabel("utforare", r.utforare, { [r.utforare]: names[`${r.kommun}|${r.utforare}`] ?? names[r.utforare] }), utforda: r.utforda, andel: r.andel, kumulativ: r.kumulativ },
      n: {},
    })),
  };

  return { data: d, utforare: utforareTable, vilande, koncentration, measures: [...measures] };
}

export function utforareCharts(t: UtforareTables, periodLabel: string): { grad: Chart; koncentration: Chart } {
  // The table's rows are the data's, in order, unless the page cut it to its largest (then matched by key).
  const byKey = new Map(t.data.rows.map((r) => [[...(t.utforare.columns.some((c) => c.key === "kommun") ? [r.figures.kommun] : []), r.figures.utforare].map(String).join("|"), r]));
  const rows = t.utforare.rows
    .map((row, i) => ({ row, r: t.utforare.capped ? byKey.get(row.key)! : t.data.rows[i] }))
    .filter(({ r }) => r && r.figures.utforare !== null && r.figures.utforandegrad !== null && !!r.figures.beviljade)
    .sort((a, b) => (a.r.figures.utforandegrad ?? 0) - (b.r.figures.utforandegrad ?? 0));
  const kommuner = Object.keys(t.data.kommunRatio);
  const reference = kommuner.length === 1 ? t.data.kommunRatio[kommuner[0]] : null;
  const marked = rows.filter(({ r }) => r.verdict === "utanfor998").map(({ row }) => String(row.cells.utforare));
  const grad = rankChart({
    id: "utforandegrad",
    title: `Utförandegrad per utförare, ${periodLabel}`,
    description:
      `Liggande staplar, en per utförare${t.utforare.capped ? ` (de ${t.utforare.capped.shown} med flest utförda timmar av ${t.utforare.capped.of})` : ""}, sorterade från lägst till högst utförandegrad.` +
      (reference !== null ? ` Den streckade linjen är kommunens utförandegrad.` : "") +
      (marked.length
        ? ` Markant avvikande (utanför 99,8-procentsgränsen): ${marked.join(", ")}.`
        : " Ingen utförare ligger utanför 99,8-procentsgränsen."),
    bars: rows.map(({ row, r }) => ({ category: String(row.cells.utforare), value: r.figures.utforandegrad, marked: r.verdict === "utanfor998" })),
    reference,
    referenceLabel: "Kommunens utförandegrad",
    unit: "andel",
    xLabel: "Utförandegrad →",
    markedLabel: "Markant avvikande",
    data: refTo(t.utforare),
  });
  const k = t.data.koncentration;
  const points = [{ x: 0, y: 0 }, ...k.rows.map((r, i) => ({ x: (i + 1) / k.rows.length, y: r.kumulativ }))];
  const koncentration = concentrationChart({
    id: "koncentration",
    title: `Hur många utförare som står för timmarna, ${periodLabel}`,
    description:
      k.rows.length === 0
        ? "Inga utförda timmar i urvalet."
        : `Kurvan visar hur stor andel av de utförda timmarna de största utförarna står för. ${k.n50} av ${k.rows.length} utförare står för hälften av timmarna och ${k.n80} för fyra femtedelar. Den streckade diagonalen är en helt jämn fördelning.`,
    points,
    data: refTo(t.koncentration),
  });
  return { grad, koncentration };
}

/** Tables and charts of one view, cached while the data are unchanged (shared by page and CSV route). */
export function utforareView(ctx: DashboardContext) {
  return cachedView(ctx, "utforare", async () => {
    const t = await utforareTables(ctx);
    // The page shows the largest utförare of a long list (national scale); the CSV route exports `t`.
    // The concentration curve is drawn from every utförare: it is one line, whatever their number.
    const page = capPage(t, { utforare: "utforda", koncentration: "utforda" });
    return { t, page, charts: utforareCharts({ ...page, koncentration: t.koncentration }, ctx.filters.period.label) };
  });
}
