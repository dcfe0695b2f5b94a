/**
 * `/stadsdelar`: Likabedömning. Do the stadsdelar of a kommun decide alike? Per
 * stadsdel: avslag against the kommun in a funnel plot, observed against expected
 * avslag given the mix of lagrum and åldersgrupp, utförandegrad in a funnel plot,
 * and beslut with the spread of granted hours. Statistics: queries/likabedomning.ts.
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
import { STADSDEL_MEASURES, stadsdelarCharts, stadsdelarSummary, stadsdelarView } from "../lib/stadsdelar.server.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dashboardCss },
  { rel: "stylesheet", href: analysCss },
];

export const meta: MetaFunction = () => [
  { title: "Likabedömning – Ledsagning" },
  { name: "description", content: "Skillnader mellan stadsdelar i avslag, beviljade timmar och utförandegrad, med de gränser slumpen ensam ger." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  redirectExport(request);
  const ctx = await analysContext(request);
  const view = await stadsdelarView(ctx);
  return {
    filters: ctx.filters,
    options: ctx.options,
    defaultPeriodKey: ctx.defaultPeriod.key,
    names: utforareNames(ctx.options),
    kommun: view.result.kommuner[0]?.kommun ?? ctx.filters.kommun ?? null,
    kommunDefaulted: ctx.kommunDefaulted,
    tables: view.tables,
    charts: stadsdelarCharts(view),
    summary: stadsdelarSummary(view),
    search: new URL(request.url).search,
    measures: STADSDEL_MEASURES,
  };
}

const CSV = "/stadsdelar.csv";

export default function Stadsdelar() {
  const d = useLoaderData<typeof loader>();
  const csv = (id: string) => csvLinks(CSV, d.search, id);
  const empty = d.tables.avslag.rows.length === 0;
  return (
    <>
      <h1>Likabedömning mellan stadsdelar</h1>
      <PageIntro filters={d.filters} utforareNames={d.names}>
        <p className="read-note">
          Varje stadsdel jämförs med hela {d.kommun ?? "kommunen"} under samma urval
          {d.filters.stadsdel?.length ? " (stadsdelsvalet styr bara vilka rader som visas)" : ""}.
          {d.defaultPeriodKey === d.filters.period.key
            ? " Förvalet är de senaste 36 månaderna fram till den senaste hela tertialen: skillnader i avslag behöver flera års beslut för att kunna skiljas från slumpen."
            : null}
        </p>
      </PageIntro>
      <FilterBar action="/stadsdelar" filters={d.filters} options={d.options} defaultPeriodKey={d.defaultPeriodKey} />
      {empty ? (
        <p className="empty">Det finns inga beslut i urvalet. Välj en längre period eller ta bort något filter.</p>
      ) : (
        <>
          <section className="analys-summary" aria-labelledby="sammanfattning">
            <h2 id="sammanfattning">Sammanfattning</h2>
            {d.summary.length > 0 ? (
              <ul>
                {d.summary.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            ) : (
              <p>Ingen stadsdel ligger utanför 99,8 %-gränsen för avslag eller utförandegrad: skillnaderna ryms inom vad slumpen kan ge.</p>
            )}
            <p className="read-note">
              <strong>Så läser du trattdiagrammen:</strong> en stadsdel med få beslut kan av ren slump få en hög eller låg andel, och
              trattens linjer visar hur stor den slumpen kan vara vid olika antal; en punkt utanför den yttre linjen (99,8 %) skiljer
              sig så mycket att slumpen nästan säkert inte förklarar det, och mellan linjerna (95 %) är det värt att titta närmare.
            </p>
          </section>

          <section aria-labelledby="avslag">
            <h2 id="avslag">Avslag</h2>
            {d.charts.avslag ? <Chart chart={d.charts.avslag} /> : null}
            <DataTable table={d.tables.avslag} csv={csv("avslag")} />
          </section>

          <section aria-labelledby="standardiserad">
            <h2 id="standardiserad">Avslag med hänsyn till ärendenas sammansättning</h2>
            <p className="read-note">
              Stadsdelar har olika många ansökningar enligt LSS och SoL och från olika åldrar. Förväntade avslag är hur många avslag
              stadsdelen skulle ha haft om den avslog lika ofta som kommunen inom varje kombination av lagrum och åldersgrupp.
              Kvoten 1 betyder som förväntat; ligger hela konfidensintervallet över 1 har stadsdelen fler avslag än sammansättningen
              förklarar.
            </p>
            <DataTable table={d.tables.standardiserad} csv={csv("standardiserad")} />
          </section>

          <section aria-labelledby="utforandegrad">
            <h2 id="utforandegrad">Utförandegrad</h2>
            {d.charts.utforandegrad ? <Chart chart={d.charts.utforandegrad} /> : null}
            <DataTable table={d.tables.utforandegrad} csv={csv("utforandegrad")} />
          </section>

          <section aria-labelledby="beslut">
            <h2 id="beslut">Beslut och beviljade timmar</h2>
            <p className="read-note">
              Beviljade timmar per månad i beslut som beviljade timmar (bifall och delavslag): hälften av besluten ligger mellan nedre
              och övre kvartilen, medianen i mitten.
            </p>
            <DataTable table={d.tables.beslut} csv={csv("beslut")} />
          </section>
        </>
      )}
      <HowCounted measures={d.measures}>
        <p>
          <strong>Trattdiagram för avslag:</strong> gränserna är kommunens andel ± 1,96 (95 %) respektive 3,09 (99,8 %) gånger
          √(p(1 − p)/n), där n är stadsdelens antal beslut.
        </p>
        <p>
          <strong>Trattdiagram för utförandegrad:</strong> utförandegraden är en kvot av timmar, och en persons timmar hänger ihop, så
          varje ärende är en enhet. Gränserna är kommunens utförandegrad ± z · s/√n, där n är stadsdelens antal personer med insats
          och s är spridningen mellan kommunens ärenden (kvotskattningens standardavvikelse per ärende).
        </p>
        <p>
          <strong>Förväntade avslag</strong> (indirekt standardisering): för varje kombination av lagrum och åldersgrupp (ålder det år
          beslutet fattades) multipliceras stadsdelens antal beslut med kommunens andel avslag; summan är de förväntade avslagen.
          Konfidensintervallet för kvoten är Byars approximation.
        </p>
      </HowCounted>
    </>
  );
}
