/**
 * `/timmar`: beviljade, utförda and förbrukade timmar by stadsdel, insats and
 * month, and where the granted hours went (the gap decomposed).
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Dashboard, Section } from "../components/Dashboard.tsx";
import dashboardCss from "../components/dashboard.css";
import { dashboardContext, pageBase } from "../lib/dashboard.server.ts";
import { redirectExport } from "../lib/export.server.ts";
import { timmarView } from "../lib/timmar.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];
export const meta: MetaFunction = () => [{ title: "Timmar – Ledsagning" }];

export async function loader({ request }: LoaderFunctionArgs) {
  redirectExport(request);
  const ctx = await dashboardContext(request);
  const { page, charts } = await timmarView(ctx);
  return { base: pageBase(ctx, request), t: page, charts };
}

export default function TimmarPage() {
  const { base, t, charts } = useLoaderData<typeof loader>();
  const s = { csvPath: "/timmar.csv", search: base.search };
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
      <Section id="stadsdel" heading="Beviljade, utförda och förbrukade timmar per stadsdel" chart={charts.stadsdel} table={t.stadsdel} {...s} />
      <Section
        id="gap"
        heading="Därför blev timmar inte utförda"
        lead="Hela stapeln är de beviljade timmarna. Den delas i utförda timmar och i skälen till att resten inte utfördes."
        chart={charts.gap}
        table={t.gap}
        {...s}
      />
      <Section id="insats" heading="Per insats" table={t.insats} {...s} />
      <Section id="manad" heading="Per månad" chart={charts.manad} table={t.manad} {...s} />
      <Section id="tidstyp" heading="Utförda timmar per tidstyp" lead="Tidstyperna avgör ersättningen per timme (R18)." table={t.tidstyp} {...s} />
    </Dashboard>
  );
}
