/** `/oversikt.csv?<filters>&export=<nyckeltal|trend>[&dialect=standard]`: Översikt's tables as CSV. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { csvRoute, exportTable } from "../lib/export.server.ts";
import { oversiktView } from "../lib/oversikt.server.ts";

export const loader = ({ request }: LoaderFunctionArgs) =>
  csvRoute(async () => {
    const ctx = await dashboardContext(request, "export-aggregates");
    const { t } = await oversiktView(ctx);
    return exportTable(request, ctx.user, [t.nyckeltal, t.trend], "oversikt");
  });
