/**
 * `/avslag`: avslag and delavslag by stadsdel, lagrum, kön, åldersgrupp and over
 * time (by month or tertial: `tid=manad|tertial`), each as a chart and a table.
 * Figures: queries/avslag.ts (the registry's beslut measures through aggregate()).
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Chart } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { FilterBar } from "../components/FilterBar.tsx";
import { HowCounted } from "../components/HowCounted.tsx";
import { PageIntro } from "../components/PageIntro.tsx";
import dashboardCss from "../components/dashboard.css";
import analysCss from "../styles/analys.css";
import { analysContext } from "../lib/analys.server.ts";
import { AVSLAG_MEASURES, avslagCharts, avslagView, DIMENSION_TITLE, tidFor } from "../lib/avslag.server.ts";
import { csvLinks } from "../lib/csv-links.ts";
import { redirectExport } from "../lib/export.server.ts";
import { utforareNames } from "../lib/filter-options.server.ts";
import { formatCount, formatPercent } from "../lib/format.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dashboardCss },
  { rel: "stylesheet", href: analysCss },
];

export const meta: MetaFunction = () => [
  { title: "Avslag – Ledsagning" },
  { name: "description", content: "Avslag och delavslag per stadsdel, lagrum, kön, åldersgrupp och över tid." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  redirectExport(request);
  const ctx = await analysContext(request);
  const tid = tidFor(request, ctx);
  const view = await avslagView(ctx, tid);
  return {
    filters: ctx.filters,
    options: ctx.options,
    defaultPeriodKey: ctx.defaultPeriod.key,
    names: utforareNames(ctx.options),
    tid,
    totalt: view.result.totalt,
    tables: view.tables,
    charts: avslagCharts(view),
    search: new URL(request.url).search,
    measures: AVSLAG_MEASURES,
    // The sections, in order (the titles live in the server module; loader data carries them).
    sections: DIMS.map((dim) => ({ dim, ...DIMENSION_TITLE[dim] })),
  };
}

const CSV = "/avslag.csv";
const DIMS = ["stadsdel_nu", "lagrum", "kon", "aldersgrupp"] as const;

/** The page's URL with `tid` set (the filter form does not carry it; these links keep the filters). */
function tidHref(search: string, tid: "manad" | "tertial"): string {
  const sp = new URLSearchParams(search);
  sp.set("tid", tid);
  return `/avslag?${sp.toString()}`;
}

export default function Avslag() {
  const d = useLoaderData<typeof loader>();
  const csv = (id: string) => csvLinks(CSV, d.search, id);
  const t = d.totalt;
  return (
    <>
      <h1>Avslag och delavslag</h1>
      <PageIntro filters={d.filters} utforareNames={d.names}>
        {d.defaultPeriodKey === d.filters.period.key ? (
          <p className="read-note">Förvalet är de senaste 36 månaderna fram till den senaste hela tertialen.</p>
        ) : null}
      </PageIntro>
      <FilterBar action="/avslag" filters={d.filters} options={d.options} defaultPeriodKey={d.defaultPeriodKey} />
      <section className="analys-summary" aria-labelledby="sammanfattning">
        <h2 id="sammanfattning">Sammanfattning</h2>
        <p>
          Under perioden fattades {formatCount(t.beslut)} beslut: {formatCount(t.avslag)} avslag ({formatPercent(t.avslagAndel, 1)}) och{" "}
          {formatCount(t.delavslag)} delavslag ({formatPercent(t.delavslagAndel, 1)}). Delavslag betyder färre timmar än de sökta.
        </p>
        <p className="read-note">
          Konfidensintervallen i tabellerna visar hur osäker en andel är: med få beslut blir de breda. Om två gruppers intervall inte
          överlappar är skillnaden knappast en slump. Skillnader mellan stadsdelar prövas mot slumpen på sidan{" "}
          <Link to={`/stadsdelar${d.search}`}>Likabedömning</Link>.
        </p>
      </section>

      <section aria-labelledby="tid">
        <h2 id="tid">Över tid</h2>
        <p className="no-print">
          Visa per:{" "}
          {d.tid === "manad" ? <strong aria-current="true">månad</strong> : <Link to={tidHref(d.search, "manad")}>månad</Link>}
          {" · "}
          {d.tid === "tertial" ? <strong aria-current="true">tertial</strong> : <Link to={tidHref(d.search, "tertial")}>tertial</Link>}
        </p>
        {d.charts.tid ? <Chart chart={d.charts.tid} /> : null}
        <DataTable table={d.tables.tid} csv={csv("tid")} />
      </section>

      {d.sections.map(({ dim, ...title }) => {
        const chart = d.charts[dim];
        return (
          <section key={dim} aria-labelledby={`per-${title.id}`}>
            <h2 id={`per-${title.id}`}>Per {title.heading}</h2>
            {chart ? <Chart chart={chart} /> : null}
            <DataTable table={d.tables[dim]} csv={csv(title.id)} />
          </section>
        );
      })}
      <HowCounted measures={d.measures}>
        <p>
          Varje beslut räknas den månad det fattades (beslutsdatum). Åldersgruppen är den ålder personen fyller det år beslutet
          fattades. Konfidensintervallen är Wilsons 95 % intervall för en andel.
        </p>
      </HowCounted>
    </>
  );
}
