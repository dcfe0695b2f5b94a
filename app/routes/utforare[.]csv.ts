/** `/utforare.csv?<filters>&export=<utforare|koncentration|vilande>[&dialect=standard]`. */
import { csvLoader } from "../lib/dashboard-route.server.ts";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { utforareView } from "../lib/utforare.server.ts";

export const loader = csvLoader("utforare", dashboardContext, async (ctx) => {
  const { t } = await utforareView(ctx);
  return [t.utforare, t.koncentration, t.vilande];
});
