/**
 * The case's monthly ledger as an Observable Plot chart, rendered on the server to an
 * SVG string (linkedom as the DOM), so the page shows it without JavaScript and in
 * print. The page puts a title, a legend and the data table beside it; the SVG itself
 * is one image with an aria-label that says what it shows.
 *
 * Series are told apart by line pattern and marker, not only colour (WCAG 1.4.1), and
 * every colour has at least 3:1 contrast on white (1.4.11).
 *
 * Local to the case page until a shared Plot component exists in app/components/.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { ManadRad } from "../../../queries/arenden.ts";
import { formatHours, formatMonth } from "../../lib/format.ts";

export interface SeriesStyle {
  key: "beviljade" | "utforda" | "forbrukade" | "saldo" | "forverkade";
  label: string;
  color: string;
  /** SVG stroke-dasharray; undefined = solid. */
  dash?: string;
  marker?: "circle" | "triangle";
  kind: "line" | "area" | "bar";
}

export const LEDGER_SERIES: readonly SeriesStyle[] = [
  { key: "beviljade", label: "Beviljade timmar", color: "#1d3557", dash: "7 4", kind: "line" },
  { key: "utforda", label: "Utförda timmar", color: "#0b6e3a", marker: "circle", kind: "line" },
  { key: "forbrukade", label: "Förbrukade timmar", color: "#a14a00", dash: "2 3", marker: "triangle", kind: "line" },
  { key: "saldo", label: "Saldo inom flexperioden", color: "#6b7683", kind: "area" },
  { key: "forverkade", label: "Förverkade timmar", color: "#a4161a", kind: "bar" },
];

const SHORT_MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

const utcMonth = (iso: string) => new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);

/** A one-sentence summary for the aria-label: what the chart shows, over which months. */
export function ledgerChartSummary(manader: readonly ManadRad[]): string {
  if (manader.length === 0) return "Diagrammet är tomt: ärendet har inga månader med beslut.";
  const sum = (k: "beviljade" | "utforda" | "forbrukade" | "forverkade") => manader.reduce((a, m) => a + m[k], 0);
  const first = formatMonth(manader[0].manad);
  const last = formatMonth(manader[manader.length - 1].manad);
  return (
    `Linjediagram per månad från ${first} till ${last}: beviljade, utförda och förbrukade timmar, ` +
    `saldot inom flexperioden som yta och förverkade timmar som staplar. ` +
    `Totalt ${formatHours(sum("beviljade"))} beviljade, ${formatHours(sum("utforda"))} utförda, ` +
    `${formatHours(sum("forbrukade"))} förbrukade och ${formatHours(sum("forverkade"))} förverkade timmar. ` +
    `Samma siffror finns i tabellen under diagrammet.`
  );
}

/** The chart as an SVG string; null when there are no months to draw. */
export function ledgerChartSvg(manader: readonly ManadRad[], opts: { width?: number; height?: number } = {}): string | null {
  if (manader.length === 0) return null;
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const rows = manader.map((m) => ({ ...m, x: utcMonth(m.manad) }));
  const style = Object.fromEntries(LEDGER_SERIES.map((s) => [s.key, s]));
  const line = (key: "beviljade" | "utforda" | "forbrukade") => {
    const s = style[key];
    const marks: Plot.Markish[] = [
      Plot.lineY(rows, { x: "x", y: key, stroke: s.color, strokeWidth: 2.25, strokeDasharray: s.dash, curve: "linear" }),
    ];
    if (s.marker) {
      marks.push(Plot.dot(rows, { x: "x", y: key, stroke: s.color, fill: s.marker === "circle" ? s.color : "white", symbol: s.marker, r: 3.5 }));
    }
    return marks;
  };
  const months = rows.length;
  // About a dozen tick labels whatever the span: every month, quarter or half year.
  const step = months <= 14 ? 1 : months <= 40 ? 3 : 6;
  const svg = Plot.plot({
    document: document as unknown as Document,
    width: opts.width ?? 960,
    height: opts.height ?? 340,
    marginLeft: 56,
    marginBottom: 40,
    style: { fontSize: "13px", fontFamily: "system-ui, sans-serif", color: "#1b1f24" },
    x: {
      type: "utc",
      label: null,
      ticks: `${step} months`,
      tickFormat: (d: Date) => `${SHORT_MONTHS[d.getUTCMonth()]}${d.getUTCMonth() === 0 || step >= 3 ? ` ${String(d.getUTCFullYear()).slice(2)}` : ""}`,
    },
    y: {
      grid: true,
      label: "Timmar",
      tickFormat: (v: number) => new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 1 }).format(v),
    },
    marks: [
      Plot.areaY(rows, { x: "x", y: "saldo", fill: style.saldo.color, fillOpacity: 0.22, curve: "step-after" }),
      Plot.lineY(rows, { x: "x", y: "saldo", stroke: style.saldo.color, strokeWidth: 1.25, curve: "step-after" }),
      Plot.rectY(rows.filter((r) => r.forverkade > 0), {
        x: "x",
        y: "forverkade",
        interval: "month",
        fill: style.forverkade.color,
        inset: 4,
      }),
      Plot.ruleY([0], { stroke: "#4a5360" }),
      ...line("beviljade"),
      ...line("forbrukade"),
      ...line("utforda"),
    ],
  }) as unknown as Element;
  // One image for assistive technology: its parts (ticks, paths) are not content.
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", ledgerChartSummary(manader));
  for (const el of svg.querySelectorAll("[aria-label]")) if (el !== svg) el.removeAttribute("aria-label");
  return svg.outerHTML;
}
