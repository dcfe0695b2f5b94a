/**
 * `/kon`: Jämställdhetsanalys. Women and men overall and per stadsdel: applicants
 * (avslag included, which `002` says was unknown), outcomes, hours granted per
 * person, utförandegrad and omkostnad per person, each with a 95 % interval, and
 * in plain Swedish where a difference is larger than chance. Statistics: queries/kon.ts.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Chart } from "../components/Chart.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { FilterBar } from "../components/FilterBar.tsx";
import { HowCounted } from "../components/HowCounted.tsx";
import { PageIntro } from "../components/PageIntro.tsx";
import dashboardCss from "../components/dashboard.css";
import analysCss from "../styles/analys.css";
import { analysContext } from "../lib/analys.server.ts";
import { csvLinks } from "../lib/csv-links.ts";
import { redirectExport } from "../lib/export.server.ts";
import { utforareNames } from "../lib/filter-options.server.ts";
import { KON_MEASURES, konCharts, konSentences, konView } from "../lib/kon.server.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dashboardCss },
  { rel: "stylesheet", href: analysCss },
];

export const meta: MetaFunction = () => [
  { title: "Jämställdhetsanalys – Ledsagning" },
  { name: "description", content: "Kvinnor och män: sökande, avslag, beviljade timmar, utförandegrad och omkostnad, med konfidensintervall." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  redirectExport(request);
  const ctx = await analysContext(request);
  const view = await konView(ctx);
  return {
    filters: ctx.filters,
    options: ctx.options,
    defaultPeriodKey: ctx.defaultPeriod.key,
    names: utforareNames(ctx.options),
    konIgnored: (ctx.filters.kon?.length ?? 0) > 0,
    tables: view.tables,
    charts: konCharts(view),
    sentences: konSentences(view),
    search: new URL(request.url).search,
    measures: KON_MEASURES,
  };
}

const CSV = "/kon.csv";

export default function Kon() {
  const d = useLoaderData<typeof loader>();
  const csv = (id: string) => csvLinks(CSV, d.search, id);
  const s = d.sentences;
  return (
    <>
      <h1>Jämställdhetsanalys</h1>
      <PageIntro filters={{ ...d.filters, kon: undefined }} utforareNames={d.names}>
        <p className="read-note">
          Kvinnor och män jämförs under samma urval. Sökande är alla som fått ett beslut under perioden, också avslag.
          {d.defaultPeriodKey === d.filters.period.key ? " Förvalet är de senaste 36 månaderna fram till den senaste hela tertialen." : null}
        </p>
      </PageIntro>
      <FilterBar action="/kon" filters={d.filters} options={d.options} defaultPeriodKey={d.defaultPeriodKey} ignored={d.konIgnored ? ["kön"] : []} />
      {d.konIgnored ? (
        <p className="notice" role="note">
          Sidan jämför kvinnor och män, så filtret på kön används inte här.
        </p>
      ) : null}
      <section className="analys-summary" aria-labelledby="sammanfattning">
        <h2 id="sammanfattning">Sammanfattning</h2>
        <ul>
          {s.andelKvinnor ? <li>{s.andelKvinnor}</li> : null}
          {s.totalt.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
        <p className="read-note">
          <strong>Större än slumpen</strong> betyder att en så stor skillnad uppstår av en slump i färre än 5 fall av 100 (p under
          0,05). Det säger inte varför skillnaden finns.
        </p>
      </section>

      <section aria-labelledby="beslut">
        <h2 id="beslut">Sökande och beslut</h2>
        <DataTable table={d.tables.beslut} csv={csv("beslut")} />
      </section>

      <section aria-labelledby="timmar">
        <h2 id="timmar">Timmar, utförandegrad och omkostnad</h2>
        <DataTable table={d.tables.timmar} csv={csv("timmar")} />
        <DataTable table={d.tables.utforandegrad} csv={csv("utforandegrad")} />
        <DataTable table={d.tables.omkostnad} csv={csv("omkostnad")} />
      </section>

      <section aria-labelledby="stadsdelar">
        <h2 id="stadsdelar">Per stadsdel</h2>
        {s.stadsdelar.length > 0 ? (
          <>
            <p>Skillnader mellan kvinnor och män som är större än slumpen:</p>
            <ul>
              {s.stadsdelar.map((x) => (
                <li key={`${x.stadsdel}${x.text}`}>
                  <strong>{x.stadsdel}:</strong> {x.text}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>I ingen stadsdel är någon skillnad mellan kvinnor och män större än slumpen.</p>
        )}
        <p className="read-note muted">
          Med många stadsdelar och mått blir ungefär var tjugonde jämförelse "större än slumpen" av ren slump; en enstaka sådan
          skillnad bör följas upp över tid innan slutsatser dras.
        </p>
        {d.charts.timmar ? <Chart chart={d.charts.timmar} /> : null}
        {d.charts.avslag ? <Chart chart={d.charts.avslag} /> : null}
        <DataTable table={d.tables.stadsdelar} csv={csv("stadsdelar")} />
        <h3 id="skillnader">Prövning av skillnaderna</h3>
        <DataTable table={d.tables.skillnader} csv={csv("skillnader")} />
      </section>
      <HowCounted measures={d.measures}>
        <p>
          Enheten är ärendet (en persons insats), som i måtten nedan. Andel avslag räknas per beslut, med Wilsons 95 %
          konfidensintervall; skillnaden prövas med ett z-test för två andelar. Timmar och omkostnad per person är medelvärden över
          personer med insats, med intervall ± 1,96 · s/√n och Welchs test. Utförandegraden är en kvot av timmar med ärendet som
          enhet (kvotskattningens standardfel); skillnaden prövas med ett z-test. Gränsen för "större än slumpen" är p under 0,05.
        </p>
      </HowCounted>
    </>
  );
}
