/**
 * `/stadsdelar`: Likabedömning. Do the stadsdelar of a kommun decide alike? Per
 * stadsdel: avslag against the kommun in a funnel plot, observed against expected
 * avslag given the mix of lagrum and åldersgrupp, utförandegrad in a funnel plot,
 * and beslut with the spread of granted hours. Statistics: queries/likabedomning.ts.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { analysLinks, Dashboard, pageMeta, Section } from "../components/Dashboard.tsx";
import { analysContext } from "../lib/analys.server.ts";
import { pageData } from "../lib/dashboard-route.server.ts";
import { STADSDEL_MEASURES, stadsdelarPage } from "../lib/stadsdelar.server.ts";

export const links = analysLinks;
export const meta = pageMeta("Likabedömning", "Skillnader mellan stadsdelar i avslag, beviljade timmar och utförandegrad, med de gränser slumpen ensam ger.");

export function loader(args: LoaderFunctionArgs) {
  return pageData(args, analysContext, async (ctx) => ({ view: await stadsdelarPage(ctx), measures: STADSDEL_MEASURES }));
}

export default function Stadsdelar() {
  const { base, view, measures } = useLoaderData<typeof loader>();
  const t = view.tables;
  const empty = t.avslag.rows.length === 0;
  return (
    <Dashboard title="Likabedömning mellan stadsdelar" path="/stadsdelar" base={base} measures={measures} howCounted={<HowItIsCounted />}>
      <p className="read-note">
        Varje stadsdel jämförs med hela {view.kommun ?? "kommunen"} under samma urval
        {base.filters.stadsdel?.length ? " (stadsdelsvalet styr bara vilka rader som visas)" : ""}.
        {base.defaultPeriodKey === base.filters.period.key
          ? " Förvalet är de senaste 36 månaderna fram till den senaste hela tertialen: skillnader i avslag behöver flera års beslut för att kunna skiljas från slumpen."
          : null}
      </p>
      {empty ? (
        <p className="empty">Det finns inga beslut i urvalet. Välj en längre period eller ta bort något filter.</p>
      ) : (
        <>
          <section className="analys-summary" aria-labelledby="sammanfattning">
            <h2 id="sammanfattning">Sammanfattning</h2>
            {view.summary.length > 0 ? (
              <ul>
                {view.summary.map((x) => (
                  <li key={x}>{x}</li>
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
          <Section id="avslag" heading="Avslag" chart={view.charts.avslag ?? undefined} table={t.avslag} />
          <Section
            id="standardiserad"
            heading="Avslag med hänsyn till ärendenas sammansättning"
            lead="Stadsdelar har olika många ansökningar enligt LSS och SoL och från olika åldrar. Förväntade avslag är hur många avslag stadsdelen skulle ha haft om den avslog lika ofta som kommunen inom varje kombination av lagrum och åldersgrupp. Kvoten 1 betyder som förväntat; ligger hela konfidensintervallet över 1 har stadsdelen fler avslag än sammansättningen förklarar."
            table={t.standardiserad}
          />
          <Section id="utforandegrad" heading="Utförandegrad" chart={view.charts.utforandegrad ?? undefined} table={t.utforandegrad} />
          <Section
            id="beslut"
            heading="Beslut och beviljade timmar"
            lead="Beviljade timmar per månad i beslut som beviljade timmar (bifall och delavslag): hälften av besluten ligger mellan nedre och övre kvartilen, medianen i mitten."
            table={t.beslut}
          />
        </>
      )}
    </Dashboard>
  );
}

function HowItIsCounted() {
  return (
    <>
      <p>
        <strong>Trattdiagram för avslag:</strong> gränserna är kommunens andel ± 1,96 (95 %) respektive 3,09 (99,8 %) gånger
        √(p(1 − p)/n), där n är stadsdelens antal beslut.
      </p>
      <p>
        <strong>Trattdiagram för utförandegrad:</strong> utförandegraden är en kvot av timmar, och en persons timmar hänger ihop, så
        varje ärende är en enhet. Gränserna är kommunens utförandegrad ± z · s/√n, där n är stadsdelens antal personer med insats och
        s är spridningen mellan kommunens ärenden (kvotskattningens standardavvikelse per ärende).
      </p>
      <p>
        <strong>Förväntade avslag</strong> (indirekt standardisering): för varje kombination av lagrum och åldersgrupp (ålder det år
        beslutet fattades) multipliceras stadsdelens antal beslut med kommunens andel avslag; summan är de förväntade avslagen.
        Konfidensintervallet för kvoten är Byars approximation.
      </p>
    </>
  );
}
