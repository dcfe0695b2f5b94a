/** `/avslag.csv?<filters>[&tid=manad|tertial]&export=<tid|stadsdel|lagrum|kon|aldersgrupp>[&dialect=standard]`: the page's tables as CSV. */
import { analysContext } from "../lib/analys.server.ts";
import { avslagPage, tidFor } from "../lib/avslag.server.ts";
import { csvLoader } from "../lib/dashboard-route.server.ts";

export const loader = csvLoader("avslag", analysContext, async (ctx, request) => Object.values((await avslagPage(ctx, tidFor(request, ctx))).tables));
