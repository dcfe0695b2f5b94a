/**
 * `/rapport.csv?kommun=…&period=…[&stadsdel=…]&export=<table>[&dialect=standard]`:
 * each table of the report as CSV — exactly what the report shows (hidden cells
 * as "–"), through the dashboards' export (Swedish Excel by default). Logged as an
 * export of a sammanställning.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { rapportContext, rapportView } from "../components/rapport/context.server.ts";
import { rapportFilnamn } from "../components/rapport/pdf.server.tsx";
import { rapportTables } from "../components/rapport/rapport.server.ts";
import { csvRoute, exportTable } from "../lib/export.server.ts";

export const loader = ({ request }: LoaderFunctionArgs) =>
  csvRoute(async () => {
    const ctx = await rapportContext(request);
    const view = await rapportView(ctx);
    return exportTable(request, ctx.user, rapportTables(view), rapportFilnamn(view, "csv").replace(/\.csv$/, ""));
  });
