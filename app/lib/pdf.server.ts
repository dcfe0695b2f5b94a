/**
 * HTML → PDF with headless Chromium (Debian's /usr/bin/chromium) through
 * playwright-core: the report page's own markup and print CSS, so the PDF is
 * what the browser would print, with Chromium's header and footer templates for
 * the running header and the page numbers.
 *
 * The document is set as content, not fetched: Chromium needs no session, no
 * server and no network (every request is refused, JavaScript is off), so the
 * CLI can run it for the operator and the server for a signed-in reader alike.
 * One browser is kept per process and reused (starting Chromium costs ~0.5 s);
 * each PDF gets a fresh context.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Where Chromium may be: LEDSAGNING_CHROMIUM or CHROMIUM_PATH first, then Debian's and others' usual paths. */
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export function chromiumPath(): string | null {
  const configured = process.env.LEDSAGNING_CHROMIUM ?? process.env.CHROMIUM_PATH;
  if (configured !== undefined) return configured !== "" && existsSync(configured) ? configured : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Whether the server can make PDFs (the page otherwise offers the browser's print). */
export function pdfAvailable(): boolean {
  return chromiumPath() !== null;
}

export class PdfUnavailableError extends Error {
  override name = "PdfUnavailableError";
  constructor() {
    super("Chromium finns inte på servern, så PDF kan inte skapas här. Använd webbläsarens utskrift (Skriv ut → Spara som PDF).");
  }
}

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const key = Symbol.for("ledsagning.pdf-browser");
type WithBrowser = typeof globalThis & { [key]?: Promise<Browser> };

function browser(): Promise<Browser> {
  const g = globalThis as WithBrowser;
  const path = chromiumPath();
  if (!path) return Promise.reject(new PdfUnavailableError());
  if (!g[key]) {
    const launched = chromium.launch({ executablePath: path, args: ARGS });
    g[key] = launched;
    launched.then(
      (b) => b.on("disconnected", () => g[key] === launched && delete g[key]),
      () => g[key] === launched && delete g[key],
    );
  }
  return g[key];
}

/**
 * Starts Chromium now, if it is there and not started, so that its start-up
 * overlaps the report's queries (the PDF route and the CLI call this first).
 */
export function warmPdfBrowser(): void {
  if (chromiumPath()) browser().catch(() => undefined);
}

/** Closes the process's browser (the CLI, tests, shutdown). */
export async function closePdfBrowser(): Promise<void> {
  const g = globalThis as WithBrowser;
  const b = g[key];
  delete g[key];
  await (await b?.catch(() => undefined))?.close();
}

export interface PdfOptions {
  /** Chromium header/footer templates: self-contained HTML with inline styles (see headerFooter()). */
  headerTemplate: string;
  footerTemplate: string;
  /** Page margins; the header and footer are drawn in the top and bottom ones. */
  margin?: { top: string; right: string; bottom: string; left: string };
}

export const A4_MARGIN = { top: "22mm", right: "18mm", bottom: "20mm", left: "20mm" };

/** The PDF of a complete HTML document (A4, print media, background colours kept, outline from headings). */
export async function htmlToPdf(html: string, o: PdfOptions): Promise<Buffer> {
  const b = await browser();
  const context = await b.newContext({ javaScriptEnabled: false, locale: "sv-SE", offline: true });
  try {
    // Nothing may be fetched: the document carries its styles and charts inline.
    await context.route("**/*", (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    return await page.pdf({
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: o.headerTemplate,
      footerTemplate: o.footerTemplate,
      margin: o.margin ?? A4_MARGIN,
      outline: true,
      tagged: true,
    });
  } finally {
    await context.close();
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * Header and footer in Chromium's template form: left and right texts, and
 * "Sida N av M" (Chromium fills pageNumber and totalPages). The templates have
 * no access to the page's CSS, so they style themselves.
 */
export function headerFooter(o: { headerLeft: string; headerRight: string; footerLeft: string }): { headerTemplate: string; footerTemplate: string } {
  const row = (left: string, right: string) =>
    `<div style="font-family: 'Liberation Sans', Arial, sans-serif; font-size: 8pt; color: #333; width: 100%; margin: 0 18mm 0 20mm; display: flex; justify-content: space-between; gap: 8mm;">` +
    `<span>${left}</span><span style="text-align: right">${right}</span></div>`;
  return {
    headerTemplate: row(escapeHtml(o.headerLeft), escapeHtml(o.headerRight)),
    footerTemplate: row(escapeHtml(o.footerLeft), `Sida <span class="pageNumber"></span> av <span class="totalPages"></span>`),
  };
}
