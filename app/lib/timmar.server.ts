/**
 * /timmar's tables and charts, from queries/timmar.ts. Shared by the page and
 * its CSV route.
 */
import { GAP_PARTS, MEASURES, type MeasureId } from "../../queries/measures.ts";
import { GAP_MEASURES, HOUR_MEASURES, TIDSTYP_MEASURES, timmar } from "../../queries/timmar.ts";
import { cachedView, type DashboardContext } from "./dashboard.server.ts";
import { barChart, lineChart, refTo, type Chart } from "./plot.server.ts";
import { capPage, type TableData } from "./table.ts";
import { buildTable, rowLabel, stadsdelDims } from "./tables.server.ts";

export interface TimmarTables {
  stadsdel: TableData;
  gap: TableData;
  tidstyp: TableData;
  insats: TableData;
  manad: TableData;
  measures: MeasureId[];
}

export async function timmarTables(ctx: DashboardContext): Promise<TimmarTables> {
  const t = await timmar(ctx.db, ctx.filters);
  const base = { filters: ctx.filters, hideSmall: ctx.hideSmall };
  const period = ctx.filters.period.label;
  const dims = stadsdelDims(ctx.filters);
  return {
    stadsdel: buildTable({ ...base, id: "stadsdel", caption: `Timmar per stadsdel, ${period}`, dims, measures: HOUR_MEASURES, rows: t.byStadsdel, total: t.total }),
    gap: buildTable({
      ...base,
      id: "gap",
      caption: `Beviljade men inte utförda timmar per stadsdel och orsak, ${period}`,
      dims,
      measures: GAP_MEASURES,
      rows: t.byStadsdel,
      total: t.total,
    }),
    tidstyp: buildTable({ ...base, id: "tidstyp", caption: `Utförda timmar per tidstyp, ${period}`, dims, measures: TIDSTYP_MEASURES, rows: t.byStadsdel, total: t.total, labels: { utforda: "Utförda timmar, alla" } }),
    insats: buildTable({ ...base, id: "insats", caption: `Timmar per insats, ${period}`, dims: [{ key: "insats", label: "Insats" }], measures: HOUR_MEASURES, rows: t.byInsats, total: t.total }),
    manad: buildTable({ ...base, id: "manad", caption: `Timmar per månad, ${period}`, dims: [{ key: "manad", label: "Månad" }], measures: HOUR_MEASURES, rows: t.byManad, total: t.total }),
    measures: [...new Set<MeasureId>([...HOUR_MEASURES, ...GAP_MEASURES, ...TIDSTYP_MEASURES])],
  };
}

const HOURS = ["beviljade", "utforda", "forbrukade"] as const;

export function timmarCharts(t: TimmarTables, periodLabel: string): { stadsdel: Chart; gap: Chart; manad: Chart } {
  const sd = t.stadsdel;
  const categories = sd.rows.map((r) => rowLabel(sd, r));
  const series = HOURS.map((id) => MEASURES[id].label);
  const stadsdel = barChart({
    id: "stadsdel",
    title: `Beviljade, utförda och förbrukade timmar per stadsdel, ${periodLabel}`,
    description: `Liggande staplar, tre per stadsdel: beviljade, utförda och förbrukade timmar. En kort utförd-stapel jämfört med den beviljade betyder låg utförandegrad.`,
    categories,
    series,
    values: sd.rows.flatMap((r, i) => HOURS.map((id, k) => ({ category: categories[i], series: series[k], value: r.cells[id] as number | null }))),
    unit: "h",
    xLabel: "Timmar →",
    data: refTo(sd),
  });
  const parts = ["utforda", ...GAP_PARTS] as const;
  const gapSeries = parts.map((id) => (id === "utforda" ? "Utförda" : MEASURES[id].label));
  const gap = barChart({
    id: "gap",
    title: `Vart de beviljade timmarna tog vägen, per stadsdel, ${periodLabel}`,
    description:
      "Staplade liggande staplar: hela stapeln är de beviljade timmarna, delad i utförda timmar och de fem skälen till att timmar inte utfördes (sen avbokning, brukarens avbokning, ledsagarens eller utförarens avbokning, förverkade utan avbokning, aldrig bokade). Aldrig bokade kan vara negativt när sparade timmar används; den delen ritas till vänster om noll.",
    categories: t.gap.rows.map((r) => rowLabel(t.gap, r)),
    series: gapSeries,
    values: t.gap.rows.flatMap((r) => parts.map((id, k) => ({ category: rowLabel(t.gap, r), series: gapSeries[k], value: r.cells[id] as number | null }))),
    unit: "h",
    xLabel: "Timmar →",
    stacked: true,
    data: refTo(t.gap),
  });
  const manad = lineChart({
    id: "manad",
    title: `Timmar per månad, ${periodLabel}`,
    description: "Linjediagram med beviljade, utförda och förbrukade timmar för varje månad i perioden.",
    series,
    points: t.manad.rows.flatMap((r) => HOURS.map((id, k) => ({ x: r.key, series: series[k], y: r.cells[id] as number | null }))),
    unit: "h",
    yLabel: "↑ Timmar",
    data: refTo(t.manad),
  });
  return { stadsdel, gap, manad };
}

/** Tables and charts of one view, cached while the data are unchanged (shared by page and CSV route). */
export function timmarView(ctx: DashboardContext) {
  return cachedView(ctx, "timmar", async () => {
    const t = await timmarTables(ctx);
    // The page shows the largest stadsdelar of a long list (national scale); the CSV route exports `t`.
    const page = capPage(t, { stadsdel: "beviljade", gap: "beviljade", tidstyp: "utforda" });
    return { t, page, charts: timmarCharts(page, ctx.filters.period.label) };
  });
}
