/**
 * A chart drawn on the server (app/lib/plot.server.ts) as a figure: title,
 * the SVG inside an element with role="img" whose accessible name is the title
 * and whose description says what it shows, an HTML legend (colour and symbol),
 * and the chart's data as a table below it.
 */
import { useId } from "react";
import type { Chart as ChartData, LegendItem } from "../lib/plot.server.ts";
import { DataTable } from "./DataTable.tsx";

export function Chart({ chart, dataOpen = false }: { chart: ChartData; dataOpen?: boolean }) {
  const id = useId();
  return (
    <figure className="chart" data-chart-id={chart.id}>
      <figcaption id={`${id}-t`} className="chart__title">
        {chart.title}
      </figcaption>
      <p id={`${id}-d`} className="chart__desc">
        {chart.description}
      </p>
      {chart.legend.length > 1 ? <Legend items={chart.legend} /> : null}
      <div
        className="chart__svg"
        role="img"
        aria-labelledby={`${id}-t`}
        aria-describedby={`${id}-d`}
        // Server-drawn SVG from our own data: Plot escapes text it writes.
        dangerouslySetInnerHTML={{ __html: chart.svg }}
      />
      {"ref" in chart.data ? (
        <p className="chart__data-ref">
          Diagrammets siffror finns i tabellen <a href={`#tabell-${chart.data.ref}`}>{chart.data.caption}</a>.
        </p>
      ) : (
        <details className="chart__data" open={dataOpen}>
          <summary>Diagrammets data som tabell</summary>
          <DataTable table={chart.data} />
        </details>
      )}
    </figure>
  );
}

function Legend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="legend" aria-label="Teckenförklaring">
      {items.map((it) => (
        <li key={it.label}>
          <svg width="18" height="12" viewBox="0 0 18 12" aria-hidden="true" focusable="false">
            <Swatch item={it} />
          </svg>
          {it.label}
        </li>
      ))}
    </ul>
  );
}

function Swatch({ item }: { item: LegendItem }) {
  const c = item.color;
  switch (item.symbol) {
    case "line":
      return <line x1="0" y1="6" x2="18" y2="6" stroke={c} strokeWidth="2" strokeDasharray="4 3" />;
    case "square":
      return <rect x="4" y="1" width="10" height="10" fill={c} />;
    case "triangle":
      return <path d="M9 1 L15 11 L3 11 Z" fill={c} />;
    case "diamond":
      return <path d="M9 0 L15 6 L9 12 L3 6 Z" fill={c} />;
    case "cross":
      return <path d="M7 1h4v3h3v4h-3v3H7V8H4V4h3z" fill={c} />;
    case "star":
      return <path d="M9 0l2 4 4.5.5-3.3 3 1 4.5L9 9.8 4.8 12l1-4.5-3.3-3L7 4z" fill={c} />;
    case "wye":
      return <path d="M8 6 L3 2 L5 0.5 L9 4 L13 0.5 L15 2 L10 6 V12 H8 Z" fill={c} />;
    default:
      return <circle cx="9" cy="6" r="5" fill={c} />;
  }
}
