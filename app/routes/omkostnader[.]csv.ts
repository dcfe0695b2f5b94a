/** `/omkostnader.csv?<filters>&export=<utforare|sarskilda|stadsdel>[&dialect=standard]`. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { csvRoute, exportTable } from "../lib/export.server.ts";
import { omkostnaderView } from "../lib/omkostnader.server.ts";

export const loader = ({ request }: LoaderFunctionArgs) =>
  csvRoute(async () => {
    const ctx = await dashboardContext(request, "export-aggregates");
    const { t } = await omkostnaderView(ctx);
    return exportTable(request, ctx.user, [t.utforare, t.sarskilda, t.stadsdel], "omkostnader");
  });
