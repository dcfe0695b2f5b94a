/**
 * `/timmar`: beviljade, utförda and förbrukade timmar by stadsdel, insats and
 * month, and where the granted hours went (the gap decomposed).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Dashboard, dashboardLinks, pageMeta, Section } from "../components/Dashboard.tsx";
import { pageData } from "../lib/dashboard-route.server.ts";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { timmarView } from "../lib/timmar.server.ts";

export const links = dashboardLinks;
export const meta = pageMeta("Timmar");

export function loader(args: LoaderFunctionArgs) {
  return pageData(args, dashboardContext, async (ctx) => {
    const { page, charts } = await timmarView(ctx);
    return { t: page, charts };
  });
}

export default function TimmarPage() {
  const { base, t, charts } = useLoaderData<typeof loader>();
  return (
    <Dashboard
      title="Timmar"
      path="/timmar"
      base={base}
      measures={t.measures}
      howCounted={
        <p>
          Skillnaden mellan beviljade och utförda timmar delas upp i fem delar som tillsammans är hela skillnaden. Förverkade timmar
          räknas i flexperiodens sista månad (R2); sent avbokade timmar räknas som förbrukade (R3, R4), medan ledsagarens avbokning
          låter brukaren behålla timmarna inom perioden (R5).
        </p>
      }
    >
      <Section id="stadsdel" heading="Beviljade, utförda och förbrukade timmar per stadsdel" chart={charts.stadsdel} table={t.stadsdel} />
      <Section
        id="gap"
        heading="Därför blev timmar inte utförda"
        lead="Hela stapeln är de beviljade timmarna. Den delas i utförda timmar och i skälen till att resten inte utfördes."
        chart={charts.gap}
        table={t.gap}
      />
      <Section id="insats" heading="Per insats" table={t.insats} />
      <Section id="manad" heading="Per månad" chart={charts.manad} table={t.manad} />
      <Section id="tidstyp" heading="Utförda timmar per tidstyp" lead="Tidstyperna avgör ersättningen per timme (R18)." table={t.tidstyp} />
    </Dashboard>
  );
}
