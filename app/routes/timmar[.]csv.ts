/** `/timmar.csv?<filters>&export=<stadsdel|gap|tidstyp|insats|manad>[&dialect=standard]`. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { csvRoute, exportTable } from "../lib/export.server.ts";
import { timmarView } from "../lib/timmar.server.ts";

export const loader = ({ request }: LoaderFunctionArgs) =>
  csvRoute(async () => {
    const ctx = await dashboardContext(request, "export-aggregates");
    const { t } = await timmarView(ctx);
    return exportTable(request, ctx.user, [t.stadsdel, t.gap, t.tidstyp, t.insats, t.manad], "timmar");
  });
