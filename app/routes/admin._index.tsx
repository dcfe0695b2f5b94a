/** `/admin`: what an administrator looks after, and the state of demo mode. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withAuthDb } from "../auth/db.server.ts";
import { isDemoMode } from "../auth/demo.server.ts";
import { requireRight } from "../auth/policy.server.ts";

export const meta: MetaFunction = () => [{ title: "Administration – Ledsagning" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRight(request, "admin");
  return { demoMode: await withAuthDb((conn) => isDemoMode(conn)) };
}

export default function AdminIndex() {
  const { demoMode } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Administration</h1>
      {demoMode ? (
        <p className="message" role="status">
          <span className="demo-badge">Demo</span> Demoläget är på: databasen innehåller syntetiska uppgifter och
          demokonton finns för varje roll. De tas bort när riktiga uppgifter läses in.
        </p>
      ) : null}
      <ul>
        <li>
          <Link to="/admin/anvandare">Användare</Link>: skapa och ta bort konton, byt lösenord, roll och stadsdelar.
        </li>
        <li>
          <Link to="/admin/logg">Granskningslogg</Link>: vem som har sett vilka ärenden, exporter, rapporter,
          inloggningar och administrativa åtgärder. Sök, kontrollera och exportera som CSV.
        </li>
        <li>
          Inläsning av data görs med <code>npm run etl -- &lt;filer&gt;</code> medan tjänsten är stoppad (DuckDB
          tillåter bara en skrivande process).
        </li>
      </ul>
    </>
  );
}
