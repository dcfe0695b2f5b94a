/**
 * `/rapport?kommun=…&period=2026-T2[&stadsdel=…]`: Rapport till nämnden — the
 * tertial- or årsrapport as a page that prints as an A4 document, with a PDF
 * made by Chromium on the server (/rapport.pdf) and every table as CSV
 * (/rapport.csv?…&export=<table>). Small counts are always hidden. Viewing the
 * report is logged in the audit log.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { filtersToSearchParams } from "../../queries/filters.ts";
import { audit } from "../auth/audit.server.ts";
import dashboardCss from "../components/dashboard.css";
import { rapportContext, rapportQuery, rapportView } from "../components/rapport/context.server.ts";
import { perioder, printPageCss } from "../components/rapport/page.ts";
import { RapportDocument } from "../components/rapport/RapportDocument.tsx";
import { RapportVal } from "../components/rapport/RapportVal.tsx";
import { csvLinks } from "../lib/csv-links.ts";
import { redirectExport } from "../lib/export.server.ts";
import { pdfAvailable } from "../lib/pdf.server.ts";
import rapportCss from "../styles/rapport.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dashboardCss },
  { rel: "stylesheet", href: rapportCss },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.view.meta.titel}, ${data.view.meta.kommun} – Ledsagning` : "Rapport – Ledsagning" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  redirectExport(request);
  const ctx = await rapportContext(request);
  const view = await rapportView(ctx);
  // Logged before the figures leave the server: no report without a trace.
  await audit(request, ctx.user, { action: "rapport.visa", query: rapportQuery(ctx.filters) });
  return {
    view,
    kommuner: ctx.options.kommuner,
    perioder: perioder(ctx.options.firstMonth, ctx.options.horizon),
    search: filtersToSearchParams(ctx.filters).toString(),
    pdf: pdfAvailable(),
  };
}

export default function Rapport() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <RapportVal view={d.view} kommuner={d.kommuner} perioder={d.perioder} search={d.search} pdf={d.pdf} />
      {/* The running header and page numbers of the browser's print (the PDF has Chromium's own). */}
      <style dangerouslySetInnerHTML={{ __html: printPageCss(d.view.meta) }} />
      <RapportDocument view={d.view} csv={(id) => csvLinks("/rapport.csv", `?${d.search}`, id)} />
    </>
  );
}
