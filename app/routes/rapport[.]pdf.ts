/**
 * `/rapport.pdf?kommun=…&period=…[&stadsdel=…]`: the report as a PDF, made on the
 * server by headless Chromium from the page's own markup and print CSS
 * (app/components/rapport/pdf.server.tsx). Logged as "rapport.pdf". Where the
 * server has no Chromium the page offers the browser's print instead, and this
 * route answers 503 saying so.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { audit } from "../auth/audit.server.ts";
import { rapportContext, rapportQuery, rapportView } from "../components/rapport/context.server.ts";
import { rapportFilnamn, rapportPdf } from "../components/rapport/pdf.server.tsx";
import { csvRoute } from "../lib/export.server.ts";
import { pdfAvailable, PdfUnavailableError, warmPdfBrowser } from "../lib/pdf.server.ts";

const unavailable = () =>
  new Response(new PdfUnavailableError().message, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

// csvRoute turns a bad parameter into a plain-text 400 (a file download has no page to show it on).
export const loader = ({ request }: LoaderFunctionArgs) =>
  csvRoute(async () => {
    const ctx = await rapportContext(request);
    if (!pdfAvailable()) return unavailable();
    warmPdfBrowser();
    const view = await rapportView(ctx);
    await audit(request, ctx.user, { action: "rapport.pdf", query: rapportQuery(ctx.filters) });
    let pdf: Buffer;
    try {
      pdf = await rapportPdf(view);
    } catch (err) {
      if (err instanceof PdfUnavailableError) return unavailable();
      throw err;
    }
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${rapportFilnamn(view)}"`,
        "Cache-Control": "no-store",
      },
    });
  });
