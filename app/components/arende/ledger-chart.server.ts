/**
 * The case's monthly ledger as a chart for the shared Chart component
 * (app/components/Chart.tsx): an Observable Plot SVG drawn on the server (linkedom
 * as the DOM), with title, description and legend; its figures are the ledger table
 * right below it (a TableRef, not a second copy).
 *
 * app/lib/plot.server.ts draws plain line and bar charts; the ledger needs its own
 * marks (the balance as an area, lapses as stems), so it is drawn here with the same
 * palette, size and typography. Series differ by pattern or symbol, not only colour.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { ManadRad } from "../../../queries/arenden.ts";
import { formatHours, formatMonth, formatNumber } from "../../lib/format.ts";
import { PALETTE, type Chart, type LegendItem } from "../../lib/plot.server.ts";
import { LEDGER_TABLE } from "./labels.ts";

type Key = "beviljade" | "utforda" | "forbrukade" | "saldo" | "forverkade";

const SERIES: Record<Key, LegendItem> = {
  beviljade: { label: "Beviljade timmar", color: PALETTE[0], symbol: "line" },
  utforda: { label: "Utförda timmar", color: PALETTE[2], symbol: "circle" },
  forbrukade: { label: "Förbrukade timmar", color: PALETTE[1], symbol: "triangle" },
  saldo: { label: "Saldo inom flexperioden", color: PALETTE[6], symbol: "square" },
  forverkade: { label: "Förverkade timmar", color: PALETTE[4], symbol: "diamond" },
};
const ORDER: Key[] = ["beviljade", "utforda", "forbrukade", "saldo", "forverkade"];

const SHORT_MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
const utcMonth = (iso: string, day = 1) => new Date(`${iso.slice(0, 7)}-${String(day).padStart(2, "0")}T00:00:00Z`);

/** What the chart shows, in words (the figure's description). */
export function ledgerChartDescription(manader: readonly ManadRad[]): string {
  if (manader.length === 0) return "Ärendet har inga månader med beslut.";
  const sum = (k: Key) => manader.reduce((a, m) => a + m[k], 0);
  return (
    `Per månad från ${formatMonth(manader[0].manad)} till ${formatMonth(manader[manader.length - 1].manad)}: ` +
    `beviljade, utförda och förbrukade timmar som linjer, saldot inom flexperioden som grå yta och förverkade timmar ` +
    `som röda stolpar i flexperiodens sista månad. Totalt ${formatHours(sum("beviljade"))} beviljade, ` +
    `${formatHours(sum("utforda"))} utförda, ${formatHours(sum("forbrukade"))} förbrukade och ` +
    `${formatHours(sum("forverkade"))} förverkade timmar.`
  );
}

function svgFor(manader: readonly ManadRad[]): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  // Monthly figures sit mid-month; the balance is a step over each whole month.
  const rows = manader.map((m) => ({ ...m, x: utcMonth(m.manad, 15) }));
  const last = manader[manader.length - 1];
  const end = utcMonth(last.manad);
  end.setUTCMonth(end.getUTCMonth() + 1);
  const steps = [...manader.map((m) => ({ x: utcMonth(m.manad), saldo: m.saldo })), { x: end, saldo: last.saldo }];
  const c = (k: Key) => SERIES[k].color;
  // About a dozen tick labels whatever the span: every month, quarter or half year.
  const step = rows.length <= 14 ? 1 : rows.length <= 40 ? 3 : 6;
  const lapses = rows.filter((r) => r.forverkade > 0);
  const svg = Plot.plot({
    document: document as unknown as Document,
    width: 880,
    height: 340,
    marginLeft: 56,
    style: { fontSize: "13px", fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", color: "#1b1f24" },
    x: {
      type: "utc",
      label: null,
      ticks: `${step} months`,
      tickFormat: (d: Date) =>
        d.getUTCMonth() === 0 || step > 1
          ? `${SHORT_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
          : SHORT_MONTHS[d.getUTCMonth()],
    },
    y: { grid: true, label: "Timmar", zero: true, tickFormat: (v: number) => formatNumber(v) },
    marks: [
      Plot.areaY(steps, { x: "x", y: "saldo", fill: c("saldo"), fillOpacity: 0.25, curve: "step-after" }),
      Plot.lineY(steps, { x: "x", y: "saldo", stroke: c("saldo"), strokeWidth: 1, curve: "step-after" }),
      Plot.ruleY([0], { stroke: "#4a5360" }),
      Plot.ruleX(lapses, { x: "x", y1: 0, y2: "forverkade", stroke: c("forverkade"), strokeWidth: 3 }),
      Plot.dot(lapses, { x: "x", y: "forverkade", fill: c("forverkade"), symbol: "diamond", r: 5 }),
      Plot.lineY(rows, { x: "x", y: "beviljade", stroke: c("beviljade"), strokeWidth: 2, strokeDasharray: "4 3" }),
      Plot.lineY(rows, { x: "x", y: "forbrukade", stroke: c("forbrukade"), strokeWidth: 2 }),
      Plot.dot(rows, { x: "x", y: "forbrukade", fill: c("forbrukade"), symbol: "triangle", r: 3.5 }),
      Plot.lineY(rows, { x: "x", y: "utforda", stroke: c("utforda"), strokeWidth: 2 }),
      Plot.dot(rows, { x: "x", y: "utforda", fill: c("utforda"), symbol: "circle", r: 3 }),
    ],
  }) as unknown as Element;
  // The figure carries the text alternative (title, description, table); the SVG is hidden from AT.
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.removeAttribute("aria-label");
  return svg.outerHTML;
}

/** The ledger chart; null when the case has no months to draw. */
export function ledgerChart(manader: readonly ManadRad[]): Chart | null {
  if (manader.length === 0) return null;
  return {
    id: "arende-manader",
    title: "Beviljade, utförda och förbrukade timmar per månad, saldo och förverkade timmar",
    description: ledgerChartDescription(manader),
    svg: svgFor(manader),
    legend: ORDER.map((k) => SERIES[k]),
    data: LEDGER_TABLE,
  };
}
