/**
 * Avsnitt 2 and 3: beviljade, utförda and förbrukade timmar per stadsdel, and
 * the utförandegrad with the gap between beviljade and utförda decomposed —
 * from queries/timmar.ts, the /timmar page's module, for both periods.
 */
import type { AggregateRow } from "../../../queries/aggregate.ts";
import { GAP_PARTS, MEASURES } from "../../../queries/measures.ts";
import { nyckeltalMening, varde } from "../../../queries/rapport.ts";
import type { Timmar } from "../../../queries/timmar.ts";
import { formatCount, formatPercent } from "../../lib/format.ts";
import { barChart } from "../../lib/plot.server.ts";
import { capitalise, cell, fore, hiddenKey, measureCol, nyckeltalTable, rapportTable, rowOf, underlag, type SektionContext } from "./kit.server.ts";
import { sektionNr, type RapportSektion } from "./view.ts";

type StadsdelRow = Timmar["byStadsdel"][number];
type Rad = { nu: StadsdelRow; fore: StadsdelRow | undefined; stadsdel: string };

/** Rows of the period matched with the same stadsdel a year earlier. */
function parStadsdel(nu: readonly StadsdelRow[], fo: readonly StadsdelRow[]): Rad[] {
  const before = new Map(fo.map((r) => [`${r.kommun}|${r.stadsdel_nu}`, r]));
  return nu.map((r) => ({ nu: r, fore: before.get(`${r.kommun}|${r.stadsdel_nu}`), stadsdel: String(r.stadsdel_nu ?? "(uppgift saknas)") }));
}

/** The row's case counts for both periods (`manad`, `manad_fore`). */
function nBoth(nu: { n: Partial<Record<string, number>> }, fo: { n: Partial<Record<string, number>> } | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(nu.n)) out[k] = v ?? 0;
  for (const [k, v] of Object.entries(fo?.n ?? {})) out[fore(k)] = v ?? 0;
  return out;
}

export function timmarSektion(ctx: SektionContext): RapportSektion {
  const { data, jmf } = ctx;
  const nr = sektionNr("timmar");
  const t = data.timmar;
  const rows = parStadsdel(t.nu.byStadsdel, t.fore.byStadsdel);
  const total: Rad = { nu: t.nu.total as StadsdelRow, fore: t.fore.total as StadsdelRow, stadsdel: "Totalt" };
  const prev = data.previous.label;
  const table = rapportTable<Rad>({
    id: "timmar-stadsdel",
    caption: `Tabell ${nr}.1. Timmar per stadsdel, ${data.period.label}, med ${prev} som jämförelse`,
    columns: [
      { key: "stadsdel", label: "Stadsdel", format: "text", role: "dimension", value: (r) => r.stadsdel },
      measureCol<Rad>("personer", "nu", (r) => r.nu.personer),
      measureCol<Rad>("beviljade", "nu", (r) => r.nu.beviljade),
      measureCol<Rad>("utforda", "nu", (r) => r.nu.utforda),
      measureCol<Rad>("forbrukade", "nu", (r) => r.nu.forbrukade),
      { ...measureCol<Rad>("utforandegrad", "nu", (r) => r.nu.utforandegrad), builtOn: ["beviljade", "utforda"] },
      measureCol<Rad>("beviljade", "fore", (r) => r.fore?.beviljade ?? null, `Beviljade ${prev}`),
      { ...measureCol<Rad>("utforandegrad", "fore", (r) => r.fore?.utforandegrad ?? null, `Utförandegrad ${prev}`), builtOn: ["beviljade_fore"] },
    ],
    rows,
    rowKey: (r) => r.stadsdel,
    n: (r) => nBoth(r.nu, r.fore),
    total,
    totalLabel: "Totalt",
  });
  // Likabedömning shows utförandegrad per stadsdel too: it hides what this table hides.
  for (const r of table.rows) {
    if (r.hidden?.utforandegrad) ctx.hidden.add(hiddenKey("nu", r.key, "utforandegrad"));
    if (r.hidden?.personer) ctx.hidden.add(hiddenKey("nu", r.key, "personer"));
  }

  const hours = ["beviljade", "utforda", "forbrukade"] as const;
  const series = hours.map((id) => MEASURES[id].label);
  const categories = table.rows.map((r) => String(r.cells.stadsdel));
  const chart = barChart({
    id: "timmar-stadsdel-diagram",
    title: `Figur ${nr}.1. Beviljade, utförda och förbrukade timmar per stadsdel, ${data.period.label}`,
    description: "Liggande staplar, tre per stadsdel: beviljade, utförda och förbrukade timmar. En kort utförd-stapel jämfört med den beviljade betyder låg utförandegrad. Dolda uppgifter ritas inte.",
    categories,
    series,
    values: table.rows.flatMap((r, i) => hours.map((id, k) => ({ category: categories[i], series: series[k], value: cell(r, id) }))),
    unit: "h",
    xLabel: "Timmar →",
    data: table,
  });

  const tot = table.total;
  const text: string[] = [];
  const bev = { nu: cell(tot, "beviljade"), fore: cell(tot, "beviljade_fore") };
  if (bev.nu !== null) {
    text.push(
      `Under ${data.period.label} omfattade de gällande besluten ${varde(bev.nu, "h")}` +
        (bev.fore !== null ? ` (${varde(bev.fore, "h")} ${jmf}).` : ".") +
        ` Utförarna rapporterade ${varde(cell(tot, "utforda"), "h")} som utförda, och med sent avbokade timmar som räknas som förbrukade blev de förbrukade timmarna ${varde(cell(tot, "forbrukade"), "h")}.`,
    );
  }
  const graded = table.rows.filter((r) => cell(r, "utforandegrad") !== null);
  if (graded.length >= 2) {
    const sorted = [...graded].sort((a, b) => cell(b, "utforandegrad")! - cell(a, "utforandegrad")!);
    const hi = sorted[0];
    const lo = sorted[sorted.length - 1];
    text.push(
      `Utförandegraden var högst i ${hi.cells.stadsdel} (${formatPercent(cell(hi, "utforandegrad"), 0)}) och lägst i ${lo.cells.stadsdel} (${formatPercent(cell(lo, "utforandegrad"), 0)}). ` +
        "Om skillnaderna är större än slumpen förklarar prövas i avsnitt 4.",
    );
  }
  return {
    id: "timmar",
    nr,
    rubrik: "Beviljade och utförda timmar",
    text,
    charts: [chart],
    tables: [table],
    underlag: [underlag("ärenden med beviljade eller utförda timmar", tot?.n.manad ?? 0, tot?.n[fore("manad")] ?? 0, jmf)],
  };
}

export function utforandegradSektion(ctx: SektionContext): RapportSektion {
  const { data, jmf } = ctx;
  const nr = sektionNr("utforandegrad");
  const t = data.timmar;
  const measures = ["beviljade", "utforda", "utforandegrad", "forbrukningsgrad", "gap", ...GAP_PARTS] as const;
  type M = (typeof measures)[number];
  const table = nyckeltalTable({
    id: "gap",
    caption: `Tabell ${nr}.1. Utförandegrad och beviljade men inte utförda timmar efter orsak, ${data.period.label} och ${data.previous.label}`,
    data,
    measures,
    values: { nu: t.nu.total as AggregateRow<M>, fore: t.fore.total as AggregateRow<M> },
  });
  const v = (id: string) => ({ nu: cell(rowOf(table, id), "nu"), fore: cell(rowOf(table, id), "fore") });

  const parts = ["utforda", ...GAP_PARTS] as const;
  const labels = parts.map((id) => (id === "utforda" ? "Utförda" : MEASURES[id].label));
  const categories = [capitalise(data.period.label), capitalise(data.previous.label)];
  const chart = barChart({
    id: "gap-diagram",
    title: `Figur ${nr}.1. Vart de beviljade timmarna tog vägen, ${data.period.label} och ${data.previous.label}`,
    description:
      "Staplade liggande staplar, en per period: hela stapeln är de beviljade timmarna, delad i utförda timmar och de fem skälen till att timmar inte utfördes. Aldrig bokade kan vara negativt när sparade timmar används; den delen ritas till vänster om noll.",
    categories,
    series: labels,
    values: (["nu", "fore"] as const).flatMap((w, i) => parts.map((id, k) => ({ category: categories[i], series: labels[k], value: v(id)[w] }))),
    unit: "h",
    xLabel: "Timmar →",
    stacked: true,
    data: table,
  });

  const text: string[] = [];
  const bev = v("beviljade");
  const utf = v("utforda");
  const gap = v("gap");
  if (bev.nu !== null && utf.nu !== null) {
    text.push(`Av de ${formatCount(bev.nu)} beviljade timmarna utfördes ${varde(utf.nu, "h")}. ${nyckeltalMening("Utförandegraden", v("utforandegrad").nu, v("utforandegrad").fore, "andel", jmf)}`);
  }
  const fg = v("forbrukningsgrad");
  if (fg.nu !== null) {
    text.push(
      `Räknas även timmar som förbrukats genom sen eller kort avbokning blir förbrukningsgraden ${varde(fg.nu, "andel")}` + (fg.fore !== null ? ` (${varde(fg.fore, "andel")} ${jmf}).` : "."),
    );
  }
  if (gap.nu !== null && gap.nu > 0) {
    const shown = GAP_PARTS.map((id) => ({ id, h: v(id).nu })).filter((p): p is { id: (typeof GAP_PARTS)[number]; h: number } => p.h !== null && p.h > 0);
    shown.sort((a, b) => b.h - a.h);
    if (shown.length) {
      const top = shown.slice(0, 2).map((p) => `${MEASURES[p.id].label.toLowerCase()} (${varde(p.h, "h")}, ${formatPercent(p.h / gap.nu!, 0)} av skillnaden)`);
      text.push(`Skillnaden mellan beviljade och utförda timmar var ${varde(gap.nu, "h")}. Störst var ${top.join(" och ")}.`);
    }
  }
  return {
    id: "utforandegrad",
    nr,
    rubrik: "Utförandegrad och skillnaden mellan beviljade och utförda timmar",
    text,
    charts: [chart],
    tables: [table],
    underlag: [underlag("ärenden med beviljade eller utförda timmar", t.nu.total.n.manad ?? 0, t.fore.total.n.manad ?? 0, jmf)],
    noter: [
      "Skillnaden delas upp i fem delar som tillsammans är hela skillnaden. Aldrig bokade timmar är timmar som inte bokats men ännu inte förfallit; de kan användas senare i flexperioden och kan därför vara negativa när sparade timmar används.",
    ],
  };
}
