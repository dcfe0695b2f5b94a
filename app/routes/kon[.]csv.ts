/** `/kon.csv?<filters>&export=<beslut|timmar|utforandegrad|omkostnad|stadsdelar|skillnader>[&dialect=standard]`: the page's tables as CSV. */
import { analysContext } from "../lib/analys.server.ts";
import { csvLoader } from "../lib/dashboard-route.server.ts";
import { konPage } from "../lib/kon.server.ts";

export const loader = csvLoader("kon", analysContext, async (ctx) => Object.values((await konPage(ctx)).tables));
