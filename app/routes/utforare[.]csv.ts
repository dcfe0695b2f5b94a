/** `/utforare.csv?<filters>&export=<utforare|koncentration|vilande>[&dialect=standard]`. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { csvRoute, exportTable } from "../lib/export.server.ts";
import { utforareView } from "../lib/utforare.server.ts";

export const loader = ({ request }: LoaderFunctionArgs) =>
  csvRoute(async () => {
    const ctx = await dashboardContext(request, "export-aggregates");
    const { t } = await utforareView(ctx);
    return exportTable(request, ctx.user, [t.utforare, t.koncentration, t.vilande], "utforare");
  });
