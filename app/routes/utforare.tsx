/**
 * `/utforare`: per utförare persons, hours, utförandegrad (judged against the
 * kommun's), cancellations by who, late genomförandeplaner; utförare without
 * an assignment for twelve months (R17); how concentrated the hours are.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Dashboard, dashboardLinks, pageMeta, Section } from "../components/Dashboard.tsx";
import { pageData } from "../lib/dashboard-route.server.ts";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { formatCount } from "../lib/format.ts";
import { utforareView } from "../lib/utforare.server.ts";

export const links = dashboardLinks;
export const meta = pageMeta("Utförare");

export function loader(args: LoaderFunctionArgs) {
  return pageData(args, dashboardContext, async (ctx) => {
    const { page: t, charts } = await utforareView(ctx);
    const k = t.data.koncentration;
    return {
      tables: { utforare: t.utforare, vilande: t.vilande, koncentration: t.koncentration },
      charts,
      summary: { antal: k.rows.length, n50: k.n50, n80: k.n80, vilande: t.vilande.rows.length },
      measures: t.measures,
    };
  });
}

export default function UtforarePage() {
  const { base, tables, charts, summary, measures } = useLoaderData<typeof loader>();
  return (
    <Dashboard
      title="Utförare"
      path="/utforare"
      base={base}
      measures={measures}
      howCounted={
        <p>
          Timmar och avbokningar räknas på den utförare som står på det beslut som gäller. Utförandegraden jämförs med kommunens:
          gränserna (95 % och 99,8 %) blir vidare ju färre ärenden utföraren har, så att en liten utförare inte pekas ut av en
          slump. Sena genomförandeplaner (R13) och sena starter (R16) räknas på beslutets utförare. Utförare utan uppdrag i tolv
          månader (R17) bedöms per den dag datamängden slutar, oberoende av vald period.
        </p>
      }
    >
      <Section
        id="utforare"
        heading="Per utförare"
        lead={`${formatCount(summary.antal)} utförare utförde timmar under perioden.`}
        chart={charts.grad}
        table={tables.utforare}
      />
      <Section
        id="koncentration"
        heading="Hur många utförare som bär timmarna"
        lead={
          summary.antal > 0
            ? `${formatCount(summary.n50)} av ${formatCount(summary.antal)} utförare står för hälften av de utförda timmarna, ${formatCount(summary.n80)} för 80 procent.`
            : "Inga utförda timmar i urvalet."
        }
        chart={charts.koncentration}
        table={tables.koncentration}
      />
      <Section
        id="vilande"
        heading="Utförare utan uppdrag i tolv månader (R17)"
        lead={
          summary.vilande > 0
            ? `${formatCount(summary.vilande)} godkända utförare har inte haft något uppdrag de senaste tolv månaderna. Enligt LOV-villkoren upphör avtalet.`
            : "Alla godkända utförare har haft uppdrag de senaste tolv månaderna."
        }
        table={tables.vilande.rows.length ? tables.vilande : undefined}
      />
    </Dashboard>
  );
}
