/**
 * `/kon`: Jämställdhetsanalys. Women and men overall and per stadsdel: applicants
 * (avslag included, which `002` says was unknown), outcomes, hours granted per
 * person, utförandegrad and omkostnad per person, each with a 95 % interval, and
 * in plain Swedish where a difference is larger than chance. Statistics: queries/kon.ts.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Dashboard, Section } from "../components/Dashboard.tsx";
import { DataTable } from "../components/DataTable.tsx";
import dashboardCss from "../components/dashboard.css";
import analysCss from "../styles/analys.css";
import { analysContext } from "../lib/analys.server.ts";
import { csvLinks } from "../lib/csv-links.ts";
import { pageBase } from "../lib/dashboard.server.ts";
import { redirectExport } from "../lib/export.server.ts";
import { KON_MEASURES, konPage } from "../lib/kon.server.ts";

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
  const konIgnored = (ctx.filters.kon?.length ?? 0) > 0;
  // Kön is what the page compares: a kön filter is not applied, and the filter bar says "Alla".
  const base = pageBase({ ...ctx, filters: { ...ctx.filters, kon: undefined } }, request);
  return { base, konIgnored, view: await konPage(ctx), measures: KON_MEASURES };
}

export default function Kon() {
  const { base, konIgnored, view, measures } = useLoaderData<typeof loader>();
  const s = { csvPath: "/kon.csv", search: base.search };
  const t = view.tables;
  const x = view.sentences;
  return (
    <Dashboard title="Jämställdhetsanalys" path="/kon" base={base} measures={measures} howCounted={<HowItIsCounted />}>
      <p className="read-note">
        Kvinnor och män jämförs under samma urval. Sökande är alla som fått ett beslut under perioden, också avslag.
        {base.defaultPeriodKey === base.filters.period.key ? " Förvalet är de senaste 36 månaderna fram till den senaste hela tertialen." : null}
      </p>
      {konIgnored ? (
        <p className="notice" role="note">
          Sidan jämför kvinnor och män, så filtret på kön används inte här.
        </p>
      ) : null}
      <section className="analys-summary" aria-labelledby="sammanfattning">
        <h2 id="sammanfattning">Sammanfattning</h2>
        <ul>
          {x.andelKvinnor ? <li>{x.andelKvinnor}</li> : null}
          {x.totalt.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="read-note">
          <strong>Större än slumpen</strong> betyder att en så stor skillnad uppstår av en slump i färre än 5 fall av 100 (p under
          0,05). Det säger inte varför skillnaden finns.
        </p>
      </section>
      <Section id="beslut" heading="Sökande och beslut" table={t.beslut} {...s} />
      <Section id="timmar" heading="Timmar, utförandegrad och omkostnad" table={t.timmar} {...s}>
        <DataTable table={t.utforandegrad} csv={csvLinks(s.csvPath, s.search, t.utforandegrad.id)} />
        <DataTable table={t.omkostnad} csv={csvLinks(s.csvPath, s.search, t.omkostnad.id)} />
      </Section>
      <Section id="stadsdelar" heading="Per stadsdel" chart={view.charts.timmar ?? undefined} table={t.stadsdelar} {...s}
        before={
          <>
            {x.stadsdelar.length > 0 ? (
              <>
                <p>Skillnader mellan kvinnor och män som är större än slumpen:</p>
                <ul>
                  {x.stadsdelar.map((d) => (
                    <li key={`${d.stadsdel}${d.text}`}>
                      <strong>{d.stadsdel}:</strong> {d.text}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>I ingen stadsdel är någon skillnad mellan kvinnor och män större än slumpen.</p>
            )}
            <p className="read-note muted">
              Med många stadsdelar och mått blir ungefär var tjugonde jämförelse &quot;större än slumpen&quot; av ren slump; en
              enstaka sådan skillnad bör följas upp över tid innan slutsatser dras.
            </p>
          </>
        }
      />
      <Section id="stadsdelar-avslag" heading="Andel avslag per stadsdel" chart={view.charts.avslag ?? undefined} {...s} />
      <Section id="skillnader" heading="Prövning av skillnaderna" table={t.skillnader} {...s} />
    </Dashboard>
  );
}

function HowItIsCounted() {
  return (
    <p>
      Enheten är ärendet (en persons insats), som i måtten nedan. Andel avslag räknas per beslut, med Wilsons 95 %
      konfidensintervall; skillnaden prövas med ett z-test för två andelar. Timmar och omkostnad per person är medelvärden över
      personer med insats, med intervall ± 1,96 · s/√n och Welchs test. Utförandegraden är en kvot av timmar med ärendet som enhet
      (kvotskattningens standardfel); skillnaden prövas med ett z-test. Gränsen för &quot;större än slumpen&quot; är p under 0,05.
    </p>
  );
}
