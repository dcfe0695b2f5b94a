/**
 * The frame of every dashboard page: heading, what is shown (period and
 * selection), the filter bar, the page's sections, and "Så räknas det"; and
 * what a dashboard route module exports besides its loader (stylesheets, title).
 * The sections' tables link to the page's CSV route (path + ".csv") with the
 * page's filters, so a route names neither.
 */
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { createContext, useContext, type ReactNode } from "react";
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
import dashboardCss from "./dashboard.css";
import analysCss from "../styles/analys.css";

/** The stylesheets of a dashboard page, and of an analysis page (/stadsdelar, /kon, /avslag). */
export const dashboardLinks: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];
export const analysLinks: LinksFunction = () => [...dashboardLinks(), { rel: "stylesheet", href: analysCss }];

/** A page's `meta`: its title, and a description where it has one. */
export function pageMeta(title: string, description?: string): MetaFunction {
  return () => [{ title: `${title} – Ledsagning` }, ...(description ? [{ name: "description", content: description }] : [])];
}

/** Where the page's tables download from: its CSV route and its search string. */
const CsvTarget = createContext<{ csvPath: string; search: string } | null>(null);

export function Dashboard({
  title,
  path,
  base,
  comparedWith,
  measures,
  howCounted,
  keep,
  csvPath = `${path}.csv`,
  children,
}: {
  title: string;
  /** The page's path, e.g. "/timmar". */
  path: string;
  /** The page's CSV route (default path + ".csv"). */
  csvPath?: string;
  base: PageBase;
  comparedWith?: string;
  measures: readonly MeasureId[];
  howCounted?: ReactNode;
  /** The page's own URL parameters, kept by the filter bar (e.g. `tid` on /avslag). */
  keep?: Record<string, string | undefined>;
  children: ReactNode;
}) {
  return (
    <CsvTarget.Provider value={{ csvPath, search: base.search }}>
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
    </CsvTarget.Provider>
  );
}

/** A table of the page with its CSV links (inside a Dashboard, or with the page's CSV route and search given). */
export function DashboardTable({ table, csvPath, search }: { table: TableData; csvPath?: string; search?: string }) {
  const target = useContext(CsvTarget);
  const path = csvPath ?? target?.csvPath;
  const q = search ?? target?.search ?? "";
  return <DataTable table={table} csv={path ? csvLinks(path, q, table.id) : undefined} />;
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
  /** The page's CSV route, e.g. "/timmar.csv" (default: the Dashboard's). */
  csvPath?: string;
  /** The page's search string (default: the Dashboard's). */
  search?: string;
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
      {table ? <DashboardTable table={table} csvPath={csvPath} search={search} /> : null}
      {children}
    </section>
  );
}
