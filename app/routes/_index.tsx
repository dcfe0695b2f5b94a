/**
 * `/`: Översikt. The key figures of the chosen period (default: the latest
 * complete tertial of the data) beside the same period a year earlier, and the
 * monthly trend over three years. What was loaded is shown at /data.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Chart } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { FilterBar } from "../components/FilterBar.tsx";
import { HowCounted } from "../components/HowCounted.tsx";
import { KeyFigures } from "../components/KeyFigures.tsx";
import { PageIntro } from "../components/PageIntro.tsx";
import dashboardCss from "../components/dashboard.css";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { csvLinks } from "../lib/csv-links.ts";
import { redirectExport } from "../lib/export.server.ts";
import { utforareNames } from "../lib/filter-options.server.ts";
import { oversiktChart, oversiktTables } from "../lib/oversikt.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];

export const meta: MetaFunction = () => [
  { title: "Översikt – Ledsagning" },
  { name: "description", content: "Nyckeltal för ledsagarservice (LSS) och ledsagning (SoL): personer, timmar, utförandegrad, avslag och kostnader." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  redirectExport(request);
  const ctx = await dashboardContext(request);
  const t = await oversiktTables(ctx);
  return {
    filters: ctx.filters,
    options: ctx.options,
    defaultPeriodKey: ctx.defaultPeriod.key,
    previousLabel: t.overview.previous.label,
    names: utforareNames(ctx.options),
    nyckeltal: t.nyckeltal,
    trend: t.trend,
    chart: oversiktChart(t),
    search: new URL(request.url).search,
    measures: t.measures,
  };
}

export default function Oversikt() {
  const d = useLoaderData<typeof loader>();
  const empty = d.options.kommuner.length === 0;
  return (
    <>
      <h1>Översikt</h1>
      <PageIntro filters={d.filters} comparedWith={d.previousLabel} utforareNames={d.names} />
      <FilterBar action="/" filters={d.filters} options={d.options} defaultPeriodKey={d.defaultPeriodKey} />
      {empty ? (
        <p className="empty">Det finns inga beräknade uppgifter ännu. Läs in data (se <a href="/data">Inläst data</a>).</p>
      ) : null}
      <section aria-labelledby="nyckeltal">
        <h2 id="nyckeltal">Nyckeltal</h2>
        <KeyFigures table={d.nyckeltal} />
        <DataTable table={d.nyckeltal} csv={csvLinks("/oversikt.csv", d.search, "nyckeltal")} />
      </section>
      <section aria-labelledby="utveckling">
        <h2 id="utveckling">Utveckling över tid</h2>
        <Chart chart={d.chart} />
        <h3 id="trend-tabell">Per månad</h3>
        <DataTable table={d.trend} csv={csvLinks("/oversikt.csv", d.search, "trend")} />
      </section>
      <HowCounted measures={d.measures}>
        <p>
          Alla tal räknas ur regelmotorns utfall per ärende och månad, beslut och flagga. Varje tal som går att summera är en
          länk till ärendena bakom det. Perioden är som förval den senaste hela tertialen i datamängden.
        </p>
      </HowCounted>
    </>
  );
}
