/**
 * What the three analysis pages (/stadsdelar, /kon, /avslag) share beyond the
 * dashboard context: their default period and kommun, tables with columns of
 * their own (intervals, funnel limits, verdicts) beside the registry's, and two
 * server-drawn charts the shared plot module does not have (funnel plot, and
 * estimates with intervals).
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { parsePeriod, type Filters, type Period } from "../../queries/filters.ts";
import type { FunnelCurvePoint } from "../../queries/likabedomning.ts";
import type { MeasureId } from "../../queries/measures.ts";
import type { FunnelVerdict } from "../../queries/stats.ts";
import { dashboardContext, defaultPeriodFor, type DashboardContext } from "./dashboard.server.ts";
import { formatCount, formatPercent } from "./format.ts";
import { legendFor, PALETTE, tickFormat, type Chart, type LegendItem, type Unit } from "./plot.server.ts";
import { suppressTable, type CellFormat, type CellValue, type TableColumn, type TableData, type TableRow } from "./table.ts";
import { measureColumn, withCompleteParts } from "./tables.server.ts";

// ---------------------------------------------------------------------------
// Context: a longer default period, one kommun
// ---------------------------------------------------------------------------

/** Nine tertials: rates of a few percent need years of beslut before chance stops hiding a difference. */
export const ANALYS_MONTHS = 36;

/** The 36 months that end with the data's latest complete tertial, as a range key. */
export function analysDefaultPeriod(ctx: Pick<DashboardContext, "options">): Period {
  const end = defaultPeriodFor(ctx.options);
  const [y, m] = end.to.split("-").map(Number);
  const last = new Date(Date.UTC(y, m - 2, 1)); // the month before `to`
  const first = new Date(Date.UTC(y, m - 1 - ANALYS_MONTHS, 1));
  const ym = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  return parsePeriod(`${ym(first)}..${ym(last)}`) ?? end;
}

export interface AnalysContext extends DashboardContext {
  /** The kommun the page compares within (the URL's, or the one with most stadsdelar). */
  kommunDefaulted: boolean;
}

/**
 * The dashboard context with this page family's defaults: without `period`, the
 * last 36 months up to the latest complete tertial; without `kommun`, the kommun
 * with the most stadsdelar (comparisons are made within one kommun).
 */
export async function analysContext(request: Request, right?: "view-aggregates" | "export-aggregates"): Promise<AnalysContext> {
  const ctx = await dashboardContext(request, right);
  const sp = new URL(request.url).searchParams;
  const filters: Filters = { ...ctx.filters };
  const defaultPeriod = analysDefaultPeriod(ctx);
  if (!sp.get("period")) filters.period = defaultPeriod;
  let kommunDefaulted = false;
  if (!filters.kommun && ctx.options.kommuner.length > 0) {
    const largest = [...ctx.options.kommuner].sort((a, b) => b.stadsdelar.length - a.stadsdelar.length)[0];
    filters.kommun = largest.kommun;
    kommunDefaulted = true;
  }
  return { ...ctx, filters, defaultPeriod, kommunDefaulted };
}

// ---------------------------------------------------------------------------
// Tables with columns of their own
// ---------------------------------------------------------------------------

export interface Column<R> {
  key: string;
  label: string;
  format: CellFormat;
  value: (r: R) => CellValue;
  /** Registry measure this column shows: label, definition, link and suppression come from it. */
  measure?: MeasureId;
  role?: "dimension" | "measure";
  /** The scope whose case count governs suppression (for columns not of the registry). */
  scope?: "beslut" | "manad";
  /** Counts the figure is built on (hidden with them). */
  builtOn?: readonly string[];
  /** Whether the column adds up to a total (default: by format; queries/suppress.ts). */
  additive?: boolean;
  description?: string;
  /** The cases behind the figure, for count columns that are not registry measures. */
  link?: (r: R) => string | null;
}

/**
 * A TableData from rows of any shape, with registry columns where a column shows a
 * registry measure (so its description, link and suppression rules are the shared ones).
 */
export function makeTable<R>(o: {
  id: string;
  caption: string;
  columns: Column<R>[];
  rows: readonly R[];
  rowKey: (r: R) => string;
  n: (r: R) => Record<string, number>;
  /** The registry link of a measure column for a row (from tables.server's caseLink). */
  measureLink?: (r: R, id: MeasureId) => string | null;
  total?: R;
  /** The first cell of the total row (default "Totalt"). */
  totalLabel?: string;
  hideSmall: boolean;
  /**
   * Sums of the columns are published elsewhere though the table has no total row
   * (e.g. women + men = the figure of the whole selection), optionally per block of
   * rows (`totalsBy`: a dimension column) — queries/suppress.ts's TableSuppressionOptions.
   */
  totalPublished?: boolean;
  totalsBy?: string;
}): TableData {
  const columns: TableColumn[] = withCompleteParts(o.columns.map((c): TableColumn => {
    if (c.measure) return { ...measureColumn(c.measure, c.label), key: c.key, format: c.format, ...(c.additive !== undefined ? { additive: c.additive } : {}) };
    return {
      key: c.key,
      label: c.label,
      format: c.format,
      role: c.role ?? "measure",
      ...(c.scope ? { scope: c.scope } : {}),
      ...(c.builtOn ? { builtOn: c.builtOn } : {}),
      ...(c.additive !== undefined ? { additive: c.additive } : {}),
      ...(c.description ? { description: c.description } : {}),
    };
  }));
  const toRow = (r: R, key: string, isTotal: boolean): TableRow => {
    const cells: Record<string, CellValue> = {};
    const links: Record<string, string> = {};
    for (const c of o.columns) {
      cells[c.key] = isTotal && c.role === "dimension" ? (c === o.columns[0] ? (o.totalLabel ?? "Totalt") : null) : c.value(r);
      const href = c.measure ? o.measureLink?.(r, c.measure) : c.link?.(r);
      if (href) links[c.key] = href;
    }
    return { key, cells, links, n: o.n(r) };
  };
  const table: TableData = {
    id: o.id,
    caption: o.caption,
    columns,
    rows: o.rows.map((r) => toRow(r, o.rowKey(r), false)),
    ...(o.total ? { total: toRow(o.total, "totalt", true) } : {}),
  };
  return suppressTable(table, o.hideSmall, { totalPublished: o.totalPublished, totalsBy: o.totalsBy });
}

/** The outcome figures both StadsdelRad and AvslagRad carry. */
export interface UtfallFigures {
  beslut: number;
  bifall: number;
  delavslag: number;
  delavslagAndel: number | null;
  avslag: number;
  avslagAndel: number | null;
}

/** Beslut, bifall, delavslag (count, share), avslag (count, share): the registry's columns. */
export function utfallColumns<R extends UtfallFigures>(): Column<R>[] {
  return [
    { key: "antal_beslut", label: "Beslut", format: "antal", measure: "antal_beslut", value: (r) => r.beslut },
    { key: "antal_bifall", label: "Bifall", format: "antal", measure: "antal_bifall", value: (r) => r.bifall },
    { key: "antal_delavslag", label: "Delavslag", format: "antal", measure: "antal_delavslag", value: (r) => r.delavslag },
    { key: "delavslagsandel", label: "Andel delavslag", format: "andel", measure: "delavslagsandel", value: (r) => r.delavslagAndel },
    { key: "antal_avslag", label: "Avslag", format: "antal", measure: "antal_avslag", value: (r) => r.avslag },
    { key: "avslagsandel", label: "Andel avslag", format: "andel", measure: "avslagsandel", value: (r) => r.avslagAndel },
  ];
}

export const VERDICT_LABEL: Record<FunnelVerdict, string> = {
  inom: "Inom gränserna",
  utanfor95: "Utanför 95 %",
  utanfor998: "Utanför 99,8 %",
};

/** The verdict in words, with the direction (above or below the kommun). */
export function verdictText(v: FunnelVerdict | null | undefined, value: number | null, target: number | null): string | null {
  if (!v) return null;
  if (v === "inom" || value === null || target === null) return VERDICT_LABEL[v];
  return `${VERDICT_LABEL[v]} (${value > target ? "över" : "under"})`;
}

// ---------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------

const WIDTH = 880;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/**
 * Plot → SVG string on a linkedom document, the way app/lib/plot.server.ts draws
 * (its renderer is not exported): the figure around it carries the text alternative.
 */
function render(options: Plot.PlotOptions): string {
  const document = parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;
  const svg = Plot.plot({ document, width: WIDTH, style: { fontSize: "13px", fontFamily: FONT, color: "#1b1f24" }, ...options }) as unknown as Element;
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.removeAttribute("aria-label");
  svg.removeAttribute("aria-description");
  return svg.outerHTML;
}

/** Verdict → colour and symbol (never colour alone). Contrast ≥ 3:1 on white. */
const VERDICT_STYLE: Record<FunnelVerdict, { color: string; symbol: LegendItem["symbol"]; r: number }> = {
  inom: { color: PALETTE[0], symbol: "circle", r: 4.5 },
  utanfor95: { color: PALETTE[1], symbol: "square", r: 5.5 },
  utanfor998: { color: PALETTE[4], symbol: "triangle", r: 7 },
};
const LIMIT_95 = PALETTE[6];
const LIMIT_998 = PALETTE[3];

export interface FunnelDot {
  label: string;
  n: number;
  value: number;
  verdict: FunnelVerdict;
}

/**
 * A funnel plot: each unit's rate against its volume, with the kommun's value and
 * its 95 % and 99.8 % limits as lines that widen as volume shrinks.
 */
export function funnelChart(o: {
  id: string;
  title: string;
  description: string;
  dots: readonly FunnelDot[];
  curve: readonly FunnelCurvePoint[];
  target: number;
  targetLabel: string;
  unit: Unit;
  xLabel: string;
  yLabel: string;
  data: TableData;
}): Chart {
  const curve = o.curve.map((p) => ({ ...p }));
  // The y axis fits the dots and the limits over the dots' range of volume, not the
  // limits at n = 1 (which span almost everything and would flatten the picture).
  const minN = Math.min(...o.dots.map((d) => d.n));
  const inRange = curve.filter((p) => p.n >= minN * 0.8);
  const ys = [...o.dots.map((d) => d.value), ...inRange.map((p) => p.high998), ...inRange.map((p) => p.low998), o.target];
  const span = Math.max(...ys) - Math.min(...ys) || Math.max(o.target, 0.01);
  const yMax = Math.max(...ys) + 0.08 * span;
  const yMin = Math.max(0, Math.min(...ys) - 0.08 * span);
  const styleOf = (d: FunnelDot) => VERDICT_STYLE[d.verdict];
  const verdicts = (["inom", "utanfor95", "utanfor998"] as const).filter((v) => o.dots.some((d) => d.verdict === v));
  const legend: LegendItem[] = [
    ...verdicts.map((v) => ({ label: v === "inom" ? "Stadsdel inom gränserna" : `Stadsdel ${VERDICT_LABEL[v].toLowerCase()}-gränsen`, color: VERDICT_STYLE[v].color, symbol: VERDICT_STYLE[v].symbol })),
    { label: o.targetLabel, color: PALETTE[2], symbol: "line" },
    { label: "95 %-gräns (streckad)", color: LIMIT_95, symbol: "line" },
    { label: "99,8 %-gräns (heldragen)", color: LIMIT_998, symbol: "line" },
  ];
  // Names: every dot when there are few, else those outside a limit (the table lists all).
  const named = o.dots.length <= 4 ? o.dots : o.dots.filter((d) => d.verdict !== "inom");
  const svg = render({
    height: 420,
    marginLeft: 64,
    marginRight: 150,
    x: { label: o.xLabel, grid: true, tickFormat: (v: number) => formatCount(v), domain: [0, Math.max(...curve.map((p) => p.n))] },
    y: { label: o.yLabel, grid: true, tickFormat: tickFormat(o.unit), domain: [yMin, yMax] },
    marks: [
      Plot.ruleY([o.target], { stroke: PALETTE[2], strokeWidth: 2 }),
      Plot.line(curve, { x: "n", y: "high95", stroke: LIMIT_95, strokeDasharray: "5 4", strokeWidth: 1.5, clip: true }),
      Plot.line(curve, { x: "n", y: "low95", stroke: LIMIT_95, strokeDasharray: "5 4", strokeWidth: 1.5, clip: true }),
      Plot.line(curve, { x: "n", y: "high998", stroke: LIMIT_998, strokeWidth: 1.5, clip: true }),
      Plot.line(curve, { x: "n", y: "low998", stroke: LIMIT_998, strokeWidth: 1.5, clip: true }),
      Plot.dot(o.dots, {
        x: "n",
        y: "value",
        fill: (d: FunnelDot) => styleOf(d).color,
        symbol: (d: FunnelDot) => styleOf(d).symbol,
        r: (d: FunnelDot) => styleOf(d).r,
        stroke: "white",
      }),
      Plot.text(named, {
        x: "n",
        y: "value",
        text: "label",
        dx: 10,
        textAnchor: "start",
        fill: (d: FunnelDot) => (d.verdict === "inom" ? "#1b1f24" : styleOf(d).color),
        fontWeight: "bold",
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
    ],
    symbol: { type: "identity" },
    r: { type: "identity" },
  });
  return { id: o.id, title: o.title, description: o.description, svg, legend, data: o.data };
}

export interface IntervalPoint {
  /** The row (e.g. a stadsdel). */
  category: string;
  /** The series (e.g. Kvinnor, Män). */
  series: string;
  value: number | null;
  low: number | null;
  high: number | null;
}

/**
 * Estimates with their 95 % intervals: one row per category, a dot per series on a
 * horizontal line from low to high, so overlap (or its absence) is visible at a glance.
 */
export function intervalChart(o: {
  id: string;
  title: string;
  description: string;
  categories: readonly string[];
  series: readonly string[];
  points: readonly IntervalPoint[];
  unit: Unit;
  xLabel: string;
  reference?: { value: number; label: string };
  data: TableData;
}): Chart {
  const legend = legendFor(o.series);
  const color = { domain: [...o.series], range: legend.map((l) => l.color) };
  const symbol = { domain: [...o.series], range: legend.map((l) => l.symbol) };
  const pts = o.points.filter((p) => p.value !== null);
  const bars = pts.filter((p) => p.low !== null && p.high !== null);
  const rowHeight = 14 * o.series.length + 10;
  const marginLeft = Math.min(300, 12 + 7.2 * Math.max(...o.categories.map((c) => c.length), 4));
  const svg = render({
    height: Math.max(160, 60 + o.categories.length * rowHeight),
    marginLeft,
    x: { label: o.xLabel, grid: true, tickFormat: tickFormat(o.unit) },
    fy: { domain: [...o.categories], label: null, axis: "left" },
    y: { domain: [...o.series], axis: null },
    color,
    symbol,
    marks: [
      ...(o.reference ? [Plot.ruleX([o.reference.value], { stroke: PALETTE[6], strokeDasharray: "4 4" })] : []),
      Plot.ruleY(bars, { fy: "category", y: "series", x1: "low", x2: "high", stroke: "series", strokeWidth: 2 }),
      Plot.dot(pts, { fy: "category", y: "series", x: "value", fill: "series", symbol: "series", r: 4 }),
    ],
  });
  const items = o.reference ? [...legend, { label: o.reference.label, color: PALETTE[6], symbol: "line" as const }] : legend;
  return { id: o.id, title: o.title, description: o.description, svg, legend: items, data: o.data };
}

/** "12,5 %" for sentences (one decimal), "–" for missing. */
export const pct = (v: number | null | undefined) => formatPercent(v, 1);
