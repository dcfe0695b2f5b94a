/**
 * `/bevakning`: the process flags (R1, R6, R11–R16) counted per stadsdel, each
 * count a link to its cases. R17 (utförare) is on /utforare.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Dashboard, dashboardLinks, pageMeta, Section } from "../components/Dashboard.tsx";
import { bevakningView } from "../lib/bevakning.server.ts";
import { pageData } from "../lib/dashboard-route.server.ts";
import { dashboardContext } from "../lib/dashboard.server.ts";

export const links = dashboardLinks;
export const meta = pageMeta("Bevakning");

export function loader(args: LoaderFunctionArgs) {
  return pageData(
    args,
    dashboardContext,
    async (ctx) => {
      const { page: t, chart } = await bevakningView(ctx);
      return { tables: { stadsdel: t.stadsdel, regel: t.regel }, chart };
    },
    { scopes: ["flagga"] },
  );
}

export default function BevakningPage() {
  const { base, tables, chart } = useLoaderData<typeof loader>();
  return (
    <Dashboard
      title="Bevakning"
      path="/bevakning"
      base={base}
      measures={["arenden_med_flagga", "flaggor"]}
      howCounted={
        <p>
          Regelmotorn sätter en flagga på ett ärende när en regel inte följts: beslut utan slutdatum (R1), tre avbokningar inom
          tre månader (R6), ledsagarservice trots personlig assistans (R11), beslut över delegationsgränsen (R12), genomförandeplan
          som saknas eller är sen (R13), uppföljning som saknas (R14), timmar utan gällande beslut (R15) och start senare än sju
          dagar efter beställningen (R16). En flagga räknas i den period då den sattes. Utförare utan uppdrag (R17) finns på sidan{" "}
          <Link to="/utforare">Utförare</Link>.
        </p>
      }
    >
      <Section
        id="stadsdel"
        heading="Flaggor per stadsdel"
        lead="Varje tal är antalet ärenden med flaggan och leder till ärendena."
        table={tables.stadsdel}
      />
      <Section id="regel" heading="Flaggor per regel" chart={chart} table={tables.regel} />
    </Dashboard>
  );
}
