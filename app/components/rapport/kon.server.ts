/**
 * Avsnitt 6, Jämställdhetsanalys: queries/kon.ts (the /kon page's module) for
 * both periods — applicants by kön (the figure `002` says was missing), avslag,
 * hours per person, utförandegrad and omkostnad per person, each comparison
 * tested against chance; and hours per person by kön in every stadsdel.
 *
 * Women plus men is the kommun's figure, which the report shows elsewhere: so
 * where one kön's count is hidden, the other's goes too (a published total).
 */
import { jamforelseText, KON_LABEL, KONER, type Jamforelse, type KonGrupp, type KonKod, type KonOmrade } from "../../../queries/kon.ts";
import { DOLT, upprakning } from "../../../queries/rapport.ts";
import { suppressCells, type AdditiveGroup, type CellSpec } from "../../../queries/suppress.ts";
import { intervalChart, type IntervalPoint } from "../../lib/analys.server.ts";
import { formatCount, formatHours, formatPercent } from "../../lib/format.ts";
import type { CellFormat, TableColumn, TableData, TableRow } from "../../lib/table.ts";
import { capitalise, cell, rapportTable, underlag, type SektionContext } from "./kit.server.ts";
import { sektionNr, type RapportSektion } from "./view.ts";

type When = "nu" | "fore";

interface KonMatt {
  key: string;
  label: string;
  format: CellFormat;
  scope: "beslut" | "manad";
  value: (g: KonGrupp, o: KonOmrade) => number | null;
  /** A count of persons or beslut: women plus men is a published total. */
  count?: boolean;
  /** Rows of the same kön it is computed from; `both`: from both köns' cells of the row. */
  from?: readonly string[];
  fromBoth?: readonly string[];
  jamforelse?: Jamforelse["id"];
}

const MATT: readonly KonMatt[] = [
  { key: "sokande", label: "Sökande", format: "antal", scope: "beslut", value: (g) => g.sokande, count: true },
  {
    key: "andel_sokande",
    label: "Andel av de sökande",
    format: "andel",
    scope: "beslut",
    value: (g, o) => (o.K.sokande + o.M.sokande > 0 ? g.sokande / (o.K.sokande + o.M.sokande) : null),
    fromBoth: ["sokande"],
  },
  { key: "beslut", label: "Beslut", format: "antal", scope: "beslut", value: (g) => g.beslut, count: true },
  { key: "avslag", label: "Avslag", format: "antal", scope: "beslut", value: (g) => g.avslag, count: true },
  { key: "avslagsandel", label: "Andel avslag", format: "andel", scope: "beslut", value: (g) => g.avslagAndel, from: ["avslag", "beslut"], jamforelse: "avslagsandel" },
  { key: "personer", label: "Personer med insats", format: "antal", scope: "manad", value: (g) => g.personer, count: true },
  { key: "beviljade_per_person", label: "Beviljade timmar per person", format: "h", scope: "manad", value: (g) => g.beviljadePerPerson, from: ["personer"], jamforelse: "beviljade_per_person" },
  { key: "utforandegrad", label: "Utförandegrad", format: "andel", scope: "manad", value: (g) => g.utforandegrad, jamforelse: "utforandegrad" },
  { key: "omkostnad_per_person", label: "Omkostnad per person", format: "kr", scope: "manad", value: (g) => g.omkostnadPerPerson, from: ["personer"], jamforelse: "omkostnad_per_person" },
];

const id = (m: string, k: KonKod, w: When) => `${m}|${k}|${w}`;

/** The kön table: a row per measure, a column per kön and period; hidden by the rule of queries/suppress.ts. */
function konTable(nr: number, omr: { nu: KonOmrade; fore: KonOmrade }, periodLabel: string, prevLabel: string): TableData {
  const cells: Record<string, CellSpec> = {};
  const groups: AdditiveGroup[] = [];
  const derived: { cell: string; from: string[] }[] = [];
  for (const w of ["nu", "fore"] as const) {
    for (const m of MATT) {
      for (const k of KONER) {
        const g = omr[w][k];
        const v = m.value(g, omr[w]);
        cells[id(m.key, k, w)] = { cases: g.n[m.scope] ?? 0, count: m.count ? (v ?? 0) : undefined, weight: g.n[m.scope] ?? 0 };
        const from = [...(m.from ?? []).map((f) => id(f, k, w)), ...(m.fromBoth ?? []).flatMap((f) => KONER.map((kk) => id(f, kk, w)))];
        if (from.length) derived.push({ cell: id(m.key, k, w), from });
      }
      if (m.count) groups.push({ parts: KONER.map((k) => id(m.key, k, w)), total: "published" });
    }
  }
  const hidden = suppressCells({ cells, groups, derived });
  const cols = [
    ...KONER.map((k) => ({ key: `${k}_nu`, label: `${KON_LABEL[k]}, ${periodLabel}`, k, w: "nu" as const })),
    ...KONER.map((k) => ({ key: `${k}_fore`, label: `${KON_LABEL[k]}, ${prevLabel}`, k, w: "fore" as const })),
  ];
  const columns: TableColumn[] = [
    { key: "matt", label: "Mått", format: "text", role: "dimension" },
    ...cols.map((c) => ({ key: c.key, label: c.label, format: "tal" as const, role: "measure" as const })),
  ];
  const rows: TableRow[] = MATT.map((m) => {
    const h: Record<string, true> = {};
    const values: Record<string, number | string | null> = { matt: m.label };
    for (const c of cols) {
      const hide = hidden.has(id(m.key, c.k, c.w));
      if (hide) h[c.key] = true;
      values[c.key] = hide ? null : m.value(omr[c.w][c.k], omr[c.w]);
    }
    return { key: m.key, format: m.format, cells: values, n: {}, hidden: h };
  });
  return { id: "kon", caption: `Tabell ${nr}.1. Kvinnor och män: ansökan, beslut, timmar och omkostnader, ${periodLabel} och ${prevLabel}`, columns, rows, suppressed: true };
}

type SdRad = { o: KonOmrade };

export function konSektion(ctx: SektionContext): RapportSektion {
  const { data, jmf } = ctx;
  const nr = sektionNr("jamstalldhet");
  const k = data.kon;
  const prev = data.previous.label;
  const table = konTable(nr, { nu: k.nu.totalt, fore: k.fore.totalt }, data.period.label, prev);
  const get = (m: string, kon: KonKod, w: When) => cell(table.rows.find((r) => r.key === m), `${kon}_${w}`);

  // Hours per person by kön in each stadsdel: where a difference larger than chance shows.
  const sd = rapportTable<SdRad>({
    id: "kon-stadsdel",
    caption: `Tabell ${nr}.2. Beviljade timmar per person efter kön och stadsdel, ${data.period.label}`,
    columns: [
      { key: "stadsdel", label: "Stadsdel", format: "text", role: "dimension", value: (r) => r.o.stadsdel },
      { key: "personer_K", label: "Kvinnor med insats", format: "antal", scope: "manad_K", partOf: "personer", value: (r) => r.o.K.personer },
      { key: "personer_M", label: "Män med insats", format: "antal", scope: "manad_M", partOf: "personer", value: (r) => r.o.M.personer },
      { key: "personer", label: "Personer", format: "antal", scope: "manad", shadow: true, value: (r) => r.o.K.personer + r.o.M.personer },
      { key: "bpp_K", label: "Timmar per kvinna", format: "h", scope: "manad_K", additive: false, builtOn: ["personer_K"], value: (r) => r.o.K.beviljadePerPerson },
      { key: "bpp_M", label: "Timmar per man", format: "h", scope: "manad_M", additive: false, builtOn: ["personer_M"], value: (r) => r.o.M.beviljadePerPerson },
      {
        key: "skillnad",
        label: "Skillnad större än slumpen",
        format: "text",
        scope: "manad",
        builtOn: ["bpp_K", "bpp_M"],
        value: (r) => {
          const j = r.o.jamforelser.find((x) => x.id === "beviljade_per_person");
          return j?.p == null ? "Kan inte prövas" : j.storreAnSlumpen ? "Ja" : "Nej";
        },
      },
    ],
    rows: k.nu.stadsdelar.map((o) => ({ o })),
    rowKey: (r) => `${r.o.stadsdel}`,
    n: (r) => ({ manad: (r.o.K.n.manad ?? 0) + (r.o.M.n.manad ?? 0), manad_K: r.o.K.n.manad ?? 0, manad_M: r.o.M.n.manad ?? 0 }),
    totalPublished: true,
  });

  const series = KONER.map((x) => KON_LABEL[x]);
  const rowsSd = sd.rows.filter((r) => cell(r, "bpp_K") !== null || cell(r, "bpp_M") !== null);
  const categories = ["Hela urvalet", ...rowsSd.map((r) => String(r.cells.stadsdel))];
  const ciOf = (g: KonGrupp) => g.beviljadePerPersonCi;
  const points: IntervalPoint[] = [
    ...KONER.map((x) => {
      const v = get("beviljade_per_person", x, "nu");
      const ci = v === null ? null : ciOf(k.nu.totalt[x]);
      return { category: categories[0], series: KON_LABEL[x], value: v, low: ci?.low ?? null, high: ci?.high ?? null };
    }),
    ...rowsSd.flatMap((r) => {
      const o = k.nu.stadsdelar.find((s) => s.stadsdel === r.key)!;
      return KONER.map((x) => {
        const v = cell(r, `bpp_${x}`);
        const ci = v === null ? null : ciOf(o[x]);
        return { category: String(r.cells.stadsdel), series: KON_LABEL[x], value: v, low: ci?.low ?? null, high: ci?.high ?? null };
      });
    }),
  ];
  const chart = intervalChart({
    id: "kon-diagram",
    title: `Figur ${nr}.1. Beviljade timmar per person, kvinnor och män, med 95 % konfidensintervall, ${data.period.label}`,
    description:
      "För hela urvalet och varje stadsdel visas kvinnors och mäns genomsnittliga beviljade timmar per person som en punkt, och linjen genom punkten är dess 95-procentiga konfidensintervall. Överlappar linjerna inte kan skillnaden knappast förklaras av slumpen.",
    categories,
    series,
    points,
    unit: "h",
    xLabel: "Beviljade timmar per person →",
    data: sd,
  });

  const text: string[] = [];
  const sK = get("sokande", "K", "nu");
  const sM = get("sokande", "M", "nu");
  const aK = get("andel_sokande", "K", "nu");
  if (sK !== null && sM !== null && aK !== null) {
    const aKf = get("andel_sokande", "K", "fore");
    text.push(
      `Av de ${formatCount(sK + sM)} personer som fick beslut under perioden var ${formatCount(sK)} kvinnor och ${formatCount(sM)} män, det vill säga ${formatPercent(aK, 0)} kvinnor bland de sökande` +
        (aKf !== null ? ` (${formatPercent(aKf, 0)} ${jmf}).` : ".") +
        " Eftersom även de som fått avslag räknas visar uppgiften om skillnaden mellan könen finns redan bland dem som ansöker, eller uppstår först i besluten.",
    );
  } else {
    text.push(`Fördelningen av sökande på kön ${DOLT}.`);
  }
  const pK = get("personer", "K", "nu");
  const pM = get("personer", "M", "nu");
  if (pK !== null && pM !== null && pK + pM > 0) {
    text.push(`Av dem som hade insats under perioden var ${formatPercent(pK / (pK + pM), 0)} kvinnor och ${formatPercent(pM / (pK + pM), 0)} män.`);
  }
  for (const j of k.nu.totalt.jamforelser) {
    const m = MATT.find((x) => x.jamforelse === j.id);
    if (!m || get(m.key, "K", "nu") === null || get(m.key, "M", "nu") === null) continue;
    text.push(jamforelseText(j));
  }
  const hits = sd.rows.filter((r) => r.cells.skillnad === "Ja" && cell(r, "bpp_K") !== null && cell(r, "bpp_M") !== null);
  if (hits.length) {
    text.push(
      `Beviljade timmar per person skiljer sig mellan kvinnor och män mer än slumpen förklarar i ${upprakning(
        hits.map((r) => `${r.cells.stadsdel} (kvinnor ${formatHours(cell(r, "bpp_K"))}, män ${formatHours(cell(r, "bpp_M"))} timmar per person)`),
      )}.`,
    );
  } else if (sd.rows.length > 1) {
    text.push("I ingen stadsdel skiljer sig beviljade timmar per person mellan kvinnor och män mer än slumpen förklarar.");
  }
  const tot = k.nu.totalt;
  const totF = k.fore.totalt;
  return {
    id: "jamstalldhet",
    nr,
    rubrik: "Jämställdhetsanalys",
    text,
    charts: [chart],
    tables: [table, sd],
    underlag: [
      underlag("sökande", tot.K.sokande + tot.M.sokande, totF.K.sokande + totF.M.sokande, jmf),
      underlag("ärenden med beviljade eller utförda timmar", tot.K.personer + tot.M.personer, totF.K.personer + totF.M.personer, jmf),
    ],
    noter: [
      `Kön enligt personnumret. Skillnader prövas på 5-procentsnivån: andelar med test av två andelar, genomsnitt per person med test av två medelvärden och utförandegrad med ärendet som enhet. ${capitalise(prev)} visas som jämförelse.`,
    ],
  };
}
