/** `/bevakning.csv?<filters>&export=<stadsdel|regel>[&dialect=standard]`. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { bevakningView } from "../lib/bevakning.server.ts";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { csvRoute, exportTable } from "../lib/export.server.ts";

export const loader = ({ request }: LoaderFunctionArgs) =>
  csvRoute(async () => {
    const ctx = await dashboardContext(request, "export-aggregates");
    const { t } = await bevakningView(ctx);
    return exportTable(request, ctx.user, [t.stadsdel, t.regel], "bevakning");
  });
