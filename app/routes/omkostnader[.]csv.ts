/** `/omkostnader.csv?<filters>&export=<utforare|sarskilda|stadsdel>[&dialect=standard]`. */
import { csvLoader } from "../lib/dashboard-route.server.ts";
import { dashboardContext } from "../lib/dashboard.server.ts";
import { omkostnaderView } from "../lib/omkostnader.server.ts";

export const loader = csvLoader("omkostnader", dashboardContext, async (ctx) => {
  const { t } = await omkostnaderView(ctx);
  return [t.utforare, t.sarskilda, t.stadsdel];
});
