/**
 * The frame of every dashboard page: heading, what is shown (period and
 * selection), the filter bar, the page's sections, and "Så räknas det".
 */
import type { ReactNode } from "react";
import type { MeasureId } from "../../queries/measures.ts";
import type { PageBase } from "../lib/dashboard.server.ts";
import type { Chart as ChartData } from "../lib/plot.server.ts";
import type { TableData } from "../lib/table.ts";
import { csvLinks } from "../lib/csv-links.ts";
import { Chart } from "./Chart.tsx";
import { DataTable } from "./DataTable.tsx";
import { FilterBar } from "./FilterBar.tsx";
import { HowCounted } from "./HowCounted.tsx";
import { PageIntro } from "./PageIntro.tsx";

export function Dashboard({
  title,
  path,
  base,
  comparedWith,
  measures,
  howCounted,
  keep,
  children,
}: {
  title: string;
  /** The page's path, e.g. "/timmar" (its CSV route is path + ".csv"). */
  path: string;
  base: PageBase;
  comparedWith?: string;
  measures: readonly MeasureId[];
  howCounted?: ReactNode;
  /** The page's own URL parameters, kept by the filter bar (e.g. `tid` on /avslag). */
  keep?: Record<string, string | undefined>;
  children: ReactNode;
}) {
  return (
    <>
      <h1>{title}</h1>
      <PageIntro filters={base.filters} comparedWith={comparedWith} utforareNames={base.names} />
      <FilterBar action={path} filters={base.filters} options={base.options} defaultPeriodKey={base.defaultPeriodKey} ignored={base.ignored} keep={keep} />
      {base.options.kommuner.length === 0 ? (
        <p className="empty">
          Det finns inga beräknade uppgifter ännu. Läs in data (se <a href="/data">Inläst data</a>).
        </p>
      ) : null}
      {children}
      <HowCounted measures={measures}>{howCounted}</HowCounted>
    </>
  );
}

/** A section: heading, optional lead text, chart, table with its CSV links. */
export function Section({
  id,
  heading,
  lead,
  chart,
  table,
  csvPath,
  search,
  before,
  children,
}: {
  id: string;
  heading: string;
  lead?: ReactNode;
  chart?: ChartData;
  table?: TableData;
  /** The page's CSV route, e.g. "/timmar.csv". */
  csvPath: string;
  search: string;
  /** Shown between the heading and the chart/table (e.g. key-figure cards). */
  before?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <section aria-labelledby={`rubrik-${id}`} className="dash-section">
      <h2 id={`rubrik-${id}`}>{heading}</h2>
      {lead ? <p>{lead}</p> : null}
      {before}
      {chart ? <Chart chart={chart} /> : null}
      {table ? <DataTable table={table} csv={csvLinks(csvPath, search, table.id)} /> : null}
      {children}
    </section>
  );
}
