/** `/bevakning.csv?<filters>&export=<stadsdel|regel>[&dialect=standard]`. */
import { bevakningView } from "../lib/bevakning.server.ts";
import { csvLoader } from "../lib/dashboard-route.server.ts";
import { dashboardContext } from "../lib/dashboard.server.ts";

export const loader = csvLoader("bevakning", dashboardContext, async (ctx) => {
  const { t } = await bevakningView(ctx);
  return [t.stadsdel, t.regel];
});
