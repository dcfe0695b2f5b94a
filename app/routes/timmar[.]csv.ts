/** `/timmar.csv?<filters>&export=<stadsdel|gap|tidstyp|insats|manad>[&dialect=standard]`. */
import { csvLoader } from "../lib/dashboard-route.server.ts";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { timmarView } from "../lib/timmar.server.ts";

export const loader = csvLoader("timmar", dashboardContext, async (ctx) => {
  const { t } = await timmarView(ctx);
  return [t.stadsdel, t.gap, t.tidstyp, t.insats, t.manad];
});
