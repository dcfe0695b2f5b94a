/** `/stadsdelar.csv?<filters>&export=<avslag|standardiserad|utforandegrad|beslut>[&dialect=standard]`: the page's tables as CSV. */
import { analysContext } from "../lib/analys.server.ts";
import { csvLoader } from "../lib/dashboard-route.server.ts";
import { stadsdelarPage } from "../lib/stadsdelar.server.ts";

export const loader = csvLoader("stadsdelar", analysContext, async (ctx) => Object.values((await stadsdelarPage(ctx)).tables));
