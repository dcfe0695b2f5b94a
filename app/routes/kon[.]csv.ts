/** `/kon.csv?<filters>&export=<beslut|timmar|utforandegrad|omkostnad|stadsdelar|skillnader>[&dialect=standard]`: the page's tables as CSV. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { analysContext } from "../lib/analys.server.ts";
import { exportTable } from "../lib/export.server.ts";
import { konPage } from "../lib/kon.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await analysContext(request, "export-aggregates");
  const { tables } = await konPage(ctx);
  return exportTable(request, ctx.user, Object.values(tables), "kon");
}
