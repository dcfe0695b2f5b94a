/**
 * `/omkostnader`: schablon earned (R8) against actual costs per utförare,
 * särskilda ansökningar (R9) and the use of the monthly amount (R10).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Dashboard, dashboardLinks, pageMeta, Section } from "../components/Dashboard.tsx";
import { pageData } from "../lib/dashboard-route.server.ts";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { omkostnaderView } from "../lib/omkostnader.server.ts";

export const links = dashboardLinks;
export const meta = pageMeta("Omkostnader");

export function loader(args: LoaderFunctionArgs) {
  return pageData(args, dashboardContext, async (ctx) => {
    const { page: t, charts } = await omkostnaderView(ctx);
    return { tables: { utforare: t.utforare, sarskilda: t.sarskilda, stadsdel: t.stadsdel }, charts, measures: t.measures };
  });
}

export default function OmkostnaderPage() {
  const { base, tables, charts, measures } = useLoaderData<typeof loader>();
  return (
    <Dashboard
      title="Omkostnader"
      path="/omkostnader"
      base={base}
      measures={measures}
      howCounted={
        <p>
          Ledsagarens kostnader vid aktiviteter ersätts på tre sätt: en schablon till utföraren per beviljad och utförd timme (R8),
          särskild ansökan för en aktivitet som kostar mer än 300 kr per tillfälle (R9), och i den reviderade modellen ett
          månadsbelopp på upp till 300 kr till den enskilde, flexibelt inom flexperioden (R10). Beloppen och gränserna kommer från
          varje kommuns regelverk.
        </p>
      }
    >
      <Section id="schablon" heading="Schablon mot faktiska kostnader per utförare" chart={charts.utforare} table={tables.utforare} />
      <Section
        id="sarskilda"
        heading="Särskilda ansökningar"
        lead="Varje särskild ansökan bedöms av regelmotorn mot kommunens gräns per tillfälle."
        table={tables.sarskilda}
      />
      <Section id="manadsbelopp" heading="Månadsbeloppet per stadsdel" chart={charts.manadsbelopp} table={tables.stadsdel} />
    </Dashboard>
  );
}
