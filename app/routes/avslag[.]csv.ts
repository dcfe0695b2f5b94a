/** `/avslag.csv?<filters>[&tid=manad|tertial]&export=<tid|stadsdel|lagrum|kon|aldersgrupp>[&dialect=standard]`: the page's tables as CSV. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { analysContext } from "../lib/analys.server.ts";
import { avslagPage, tidFor } from "../lib/avslag.server.ts";
import { exportTable } from "../lib/export.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await analysContext(request, "export-aggregates");
  const { tables } = await avslagPage(ctx, tidFor(request, ctx));
  return exportTable(request, ctx.user, Object.values(tables), "avslag");
}
