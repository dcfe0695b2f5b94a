/**
 * `/kon`: Jämställdhetsanalys. Women and men overall and per stadsdel: applicants
 * (avslag included, which `002` says was unknown), outcomes, hours granted per
 * person, utförandegrad and omkostnad per person, each with a 95 % interval, and
 * in plain Swedish where a difference is larger than chance. Statistics: queries/kon.ts.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { analysLinks, Dashboard, DashboardTable, pageMeta, Section } from "../components/Dashboard.tsx";
import { analysContext } from "../lib/analys.server.ts";
import { pageData } from "../lib/dashboard-route.server.ts";
import { KON_MEASURES, konPage } from "../lib/kon.server.ts";

export const links = analysLinks;
export const meta = pageMeta("Jämställdhetsanalys", "Kvinnor och män: sökande, avslag, beviljade timmar, utförandegrad och omkostnad, med konfidensintervall.");

export function loader(args: LoaderFunctionArgs) {
  return pageData(
    args,
    analysContext,
    async (ctx) => ({ konIgnored: (ctx.filters.kon?.length ?? 0) > 0, view: await konPage(ctx), measures: KON_MEASURES }),
    // Kön is what the page compares: a kön filter is not applied, and the filter bar says "Alla".
    { filters: (f) => ({ ...f, kon: undefined }) },
  );
}

export default function Kon() {
  const { base, konIgnored, view, measures } = useLoaderData<typeof loader>();
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
      <Section id="beslut" heading="Sökande och beslut" table={t.beslut} />
      <Section id="timmar" heading="Timmar, utförandegrad och omkostnad" table={t.timmar}>
        <DashboardTable table={t.utforandegrad} />
        <DashboardTable table={t.omkostnad} />
      </Section>
      <Section id="stadsdelar" heading="Per stadsdel" chart={view.charts.timmar ?? undefined} table={t.stadsdelar}
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
      <Section id="stadsdelar-avslag" heading="Andel avslag per stadsdel" chart={view.charts.avslag ?? undefined} />
      <Section id="skillnader" heading="Prövning av skillnaderna" table={t.skillnader} />
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
