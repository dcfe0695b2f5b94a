/**
 * Översikt's tables and chart, from queries/overview.ts. Shared by the page
 * loader (tables + chart) and its CSV route (tables only).
 */
import { KEY_MEASURES, KEY_PARTS, overview, TREND_MEASURES, type Overview } from "../../queries/overview.ts";
import { MEASURES, type MeasureId } from "../../queries/measures.ts";
import { cachedView, type DashboardContext } from "./dashboard.server.ts";
import { formatMonth } from "./format.ts";
import { lineChart, refTo, type Chart } from "./plot.server.ts";
import type { TableData } from "./table.ts";
import { lastMonthOf } from "./labels.ts";
import { buildTable, keyFigureTable } from "./tables.server.ts";

export interface OversiktTables {
  overview: Overview;
  nyckeltal: TableData;
  trend: TableData;
  /** The measures shown, for "Så räknas det". */
  measures: MeasureId[];
}

export async function oversiktTables(ctx: DashboardContext): Promise<OversiktTables> {
  const o = await overview(ctx.db, ctx.filters, ctx.options.lastMonth);
  const nyckeltal = keyFigureTable({
    id: "nyckeltal",
    caption: `Nyckeltal, ${o.period.label} och samma period året före`,
    filters: ctx.filters,
    measures: [...KEY_MEASURES, ...KEY_PARTS],
    hiddenParts: KEY_PARTS,
    now: { period: o.period, values: o.current },
    before: { period: o.previous, values: o.earlier },
    hideSmall: ctx.hideSmall,
  });
  const trend = buildTable({
    id: "trend",
    caption: `Timmar och personer per månad, ${formatMonth(o.trendRange.from)} – ${formatMonth(lastMonthOf(o.trendRange.to))}`,
    filters: ctx.filters,
    dims: [{ key: "manad", label: "Månad" }],
    measures: TREND_MEASURES,
    rows: o.trend,
    hideSmall: ctx.hideSmall,
  });
  return { overview: o, nyckeltal, trend, measures: [...KEY_MEASURES, ...TREND_MEASURES] };
}

export function oversiktChart(t: OversiktTables): Chart {
  const series = (["beviljade", "utforda", "forbrukade"] as const).map((id) => MEASURES[id].label);
  const points = t.trend.rows.flatMap((r, i) =>
    (["beviljade", "utforda", "forbrukade"] as const).map((id, k) => ({
      x: t.overview.trend[i].manad as string,
      series: series[k],
      y: r.cells[id] as number | null,
    })),
  );
  const from = formatMonth(t.overview.trendRange.from);
  const to = formatMonth(lastMonthOf(t.overview.trendRange.to));
  return lineChart({
    id: "trend",
    title: `Beviljade, utförda och förbrukade timmar per månad, ${from} – ${to}`,
    description: `Linjediagram med en linje per mått och en punkt per månad från ${from} till ${to}. Avståndet mellan beviljade och utförda timmar är det som inte utfördes.`,
    series,
    points,
    unit: "h",
    yLabel: "↑ Timmar per månad",
    data: refTo(t.trend),
  });
}

/** Tables and chart of one view, cached while the data are unchanged (shared by page and CSV route). */
export function oversiktView(ctx: DashboardContext) {
  return cachedView(ctx, "oversikt", async () => {
    const t = await oversiktTables(ctx);
    return { t, chart: oversiktChart(t) };
  });
}
