/**
 * Charts as SVG strings, drawn on the server with Observable Plot on a linkedom
 * document: the page shows them without JavaScript, they print, and the client
 * never loads Plot.
 *
 * Every chart comes back as a `Chart`: the SVG, a title, a description that says
 * in words what it shows, the legend (drawn in HTML by the component, with both
 * colour and symbol so colour is never the only cue) and the chart's data as a
 * table. Colours have at least 3:1 contrast on white (WCAG 1.4.11).
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { formatKr, formatNumber, formatPercent } from "./format.ts";
import type { TableData } from "./table.ts";

export type Unit = "h" | "kr" | "andel" | "antal";

export interface LegendItem {
  label: string;
  color: string;
  symbol: Symbol;
}

type Symbol = "circle" | "square" | "triangle" | "diamond" | "cross" | "star" | "wye" | "line";

export interface Chart {
  id: string;
  title: string;
  /** What the chart shows, in a sentence or two (for screen readers and as the visible summary). */
  description: string;
  svg: string;
  legend: LegendItem[];
  /**
   * The chart's numbers as a table: its own, or a reference to the table of the same
   * section that holds them (so the page does not carry them twice).
   */
  data: TableData | TableRef;
}

/** A table on the same page (DataTable's anchor is `tabell-<id>`). */
export interface TableRef {
  ref: string;
  caption: string;
}

/** A reference to `table`, for a chart drawn from it. */
export function refTo(table: TableData): TableRef {
  return { ref: table.id, caption: table.caption };
}

/** Contrast on white: 12.6, 5.0, 5.5, 7.1, 6.5, 5.4, 7.6 : 1. */
export const PALETTE = ["#1d3557", "#b45309", "#047857", "#6d28d9", "#b91c1c", "#0e7490", "#4a5360"];
const SYMBOLS: Symbol[] = ["circle", "square", "triangle", "diamond", "cross", "star", "wye"];

const WIDTH = 880;

function documentForPlot(): Document {
  // A fresh document per chart: linkedom documents are cheap and never shared between requests.
  return parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;
}

export function tickFormat(unit: Unit): (v: number) => string {
  switch (unit) {
    case "andel":
      return (v) => formatPercent(v);
    case "kr":
      return (v) => formatKr(v);
    default:
      return (v) => formatNumber(v);
  }
}

const MONTH_SHORT = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

function monthTick(d: Date): string {
  return d.getUTCMonth() === 0 ? `${MONTH_SHORT[0]} ${d.getUTCFullYear()}` : MONTH_SHORT[d.getUTCMonth()];
}

const monthDate = (key: string) => new Date(`${key.slice(0, 7)}-01T00:00:00Z`);

function render(options: Plot.PlotOptions): string {
  const svg = Plot.plot({
    document: documentForPlot(),
    width: WIDTH,
    style: { fontSize: "13px", fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", color: "#1b1f24" },
    ...options,
  }) as unknown as Element;
  // The chart's text alternative is the figure's (title, description, table); the SVG itself is decoration for AT.
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.removeAttribute("aria-label");
  svg.removeAttribute("aria-description");
  return svg.outerHTML;
}

export function legendFor(labels: readonly string[]): LegendItem[] {
  return labels.map((label, i) => ({ label, color: PALETTE[i % PALETTE.length], symbol: SYMBOLS[i % SYMBOLS.length] }));
}

export interface SeriesPoint {
  /** Month key "YYYY-MM". */
  x: string;
  series: string;
  y: number | null;
}

/** Lines over months, one per series, with a symbol at each point. */
export function lineChart(o: {
  id: string;
  title: string;
  description: string;
  series: readonly string[];
  points: readonly SeriesPoint[];
  unit: Unit;
  yLabel: string;
  data: TableData | TableRef;
}): Chart {
  const legend = legendFor(o.series);
  const color = { domain: [...o.series], range: legend.map((l) => l.color) };
  const symbol = { domain: [...o.series], range: legend.map((l) => l.symbol) };
  const pts = o.points.filter((p) => p.y !== null).map((p) => ({ ...p, d: monthDate(p.x) }));
  const svg = render({
    height: 340,
    marginLeft: 64,
    x: { type: "utc", label: null, tickFormat: monthTick },
    y: { label: o.yLabel, grid: true, tickFormat: tickFormat(o.unit), zero: true },
    color,
    symbol,
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(pts, { x: "d", y: "y", stroke: "series", strokeWidth: 2 }),
      Plot.dot(pts, { x: "d", y: "y", stroke: "series", fill: "series", symbol: "series", r: 2.5 }),
    ],
  });
  return { id: o.id, title: o.title, description: o.description, svg, legend, data: o.data };
}

export interface BarValue {
  category: string;
  series: string;
  value: number | null;
}

/**
 * Horizontal bars per category: grouped (side by side) or stacked (parts of a
 * whole, negative parts drawn left of zero).
 */
export function barChart(o: {
  id: string;
  title: string;
  description: string;
  categories: readonly string[];
  series: readonly string[];
  values: readonly BarValue[];
  unit: Unit;
  xLabel: string;
  stacked?: boolean;
  data: TableData | TableRef;
}): Chart {
  // Bars carry no symbols: the legend shows squares of their colours (the data table is the non-colour cue).
  const legend = legendFor(o.series).map((l) => ({ ...l, symbol: "square" as const }));
  const color = { domain: [...o.series], range: legend.map((l) => l.color) };
  const values = o.values.filter((v) => v.value !== null);
  const rowHeight = o.stacked || o.series.length === 1 ? 26 : 12 * o.series.length + 8;
  const height = Math.max(160, 60 + o.categories.length * rowHeight);
  const marginLeft = Math.min(380, 16 + 7.6 * Math.max(...o.categories.map((c) => c.length), 4));
  const common = { y: { domain: [...o.categories], label: null }, x: { label: o.xLabel, grid: true, tickFormat: tickFormat(o.unit) } };
  const svg = o.stacked
    ? render({
        height,
        marginLeft,
        ...common,
        color,
        marks: [
          Plot.barX(values, Plot.stackX({ y: "category", x: "value", fill: "series", stroke: "white", strokeWidth: 1, order: [...o.series] })),
          Plot.ruleX([0]),
        ],
      })
    : render({
        height,
        marginLeft,
        ...common,
        fy: { domain: [...o.categories], label: null, axis: "left" },
        y: { domain: [...o.series], axis: null },
        color,
        marks: [Plot.barX(values, { fy: "category", y: "series", x: "value", fill: "series" }), Plot.ruleX([0])],
      });
  return { id: o.id, title: o.title, description: o.description, svg, legend, data: o.data };
}

/**
 * A concentration (Lorenz/Pareto) curve: utförare ordered by hours, largest
 * first; x the share of utförare, y the share of hours they carry. Reference
 * lines at 50 % and 80 % of the hours.
 */
export function concentrationChart(o: {
  id: string;
  title: string;
  description: string;
  /** Cumulative shares, starting at (0, 0). */
  points: readonly { x: number; y: number }[];
  data: TableData | TableRef;
}): Chart {
  const legend: LegendItem[] = [
    { label: "Andel av de utförda timmarna", color: PALETTE[0], symbol: "circle" },
    { label: "Lika fördelning", color: PALETTE[6], symbol: "line" },
  ];
  const svg = render({
    height: 360,
    marginLeft: 64,
    x: { label: "Andel av utförarna (störst först) →", tickFormat: tickFormat("andel"), domain: [0, 1] },
    y: { label: "↑ Andel av de utförda timmarna", tickFormat: tickFormat("andel"), domain: [0, 1], grid: true },
    marks: [
      Plot.line([{ x: 0, y: 0 }, { x: 1, y: 1 }], { x: "x", y: "y", stroke: PALETTE[6], strokeDasharray: "4 4" }),
      Plot.ruleY([0.5, 0.8], { stroke: PALETTE[1], strokeDasharray: "2 3" }),
      Plot.text([0.5, 0.8], { x: 1, y: (d: number) => d, text: (d: number) => `${formatPercent(d)} av timmarna`, textAnchor: "end", dy: -6, fill: PALETTE[1] }),
      Plot.line(o.points, { x: "x", y: "y", stroke: PALETTE[0], strokeWidth: 2 }),
      Plot.dot(o.points.slice(1), { x: "x", y: "y", fill: PALETTE[0], r: 3 }),
    ],
  });
  return { id: o.id, title: o.title, description: o.description, svg, legend, data: o.data };
}

/**
 * One bar per unit (e.g. utförare), sorted, against a reference line (e.g. the
 * kommun's rate); units marked as outliers are drawn in another colour and get
 * a ◆ after the bar (and a word in the data table), so the mark does not rest on
 * colour alone.
 */
export function rankChart(o: {
  id: string;
  title: string;
  description: string;
  bars: readonly { category: string; value: number | null; marked: boolean }[];
  reference: number | null;
  referenceLabel: string;
  unit: Unit;
  xLabel: string;
  markedLabel: string;
  data: TableData | TableRef;
}): Chart {
  const bars = o.bars.filter((b) => b.value !== null).map((b) => ({ ...b, group: b.marked ? o.markedLabel : "Övriga" }));
  const legend: LegendItem[] = [
    { label: "Övriga", color: PALETTE[0], symbol: "square" },
    { label: o.markedLabel, color: PALETTE[4], symbol: "diamond" },
    ...(o.reference !== null ? [{ label: o.referenceLabel, color: PALETTE[1], symbol: "line" as const }] : []),
  ];
  const marginLeft = Math.min(380, 16 + 7.6 * Math.max(...bars.map((b) => b.category.length), 4));
  const svg = render({
    height: Math.max(160, 60 + bars.length * 22),
    marginLeft,
    y: { domain: bars.map((b) => b.category), label: null },
    x: { label: o.xLabel, grid: true, tickFormat: tickFormat(o.unit) },
    color: { domain: ["Övriga", o.markedLabel], range: [PALETTE[0], PALETTE[4]] },
    marks: [
      Plot.barX(bars, { y: "category", x: "value", fill: "group" }),
      Plot.text(bars.filter((b) => b.marked), { y: "category", x: "value", text: () => "◆", dx: 10, fill: PALETTE[4] }),
      Plot.ruleX([0]),
      ...(o.reference !== null ? [Plot.ruleX([o.reference], { stroke: PALETTE[1], strokeWidth: 2, strokeDasharray: "6 3" })] : []),
    ],
  });
  return { id: o.id, title: o.title, description: o.description, svg, legend, data: o.data };
}
