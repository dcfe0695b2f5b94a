/** `/stadsdelar.csv?<filters>&export=<avslag|standardiserad|utforandegrad|beslut>[&dialect=standard]`: the page's tables as CSV. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { analysContext } from "../lib/analys.server.ts";
import { exportTable } from "../lib/export.server.ts";
import { stadsdelarPage } from "../lib/stadsdelar.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await analysContext(request, "export-aggregates");
  const { tables } = await stadsdelarPage(ctx);
  return exportTable(request, ctx.user, Object.values(tables), "stadsdelar");
}
