/**
 * The report as a self-contained HTML document (styles inline, charts inline
 * SVG) and as a PDF of it. The markup is the page's own (RapportDocument), the
 * styles the page's own files, read from the source tree at run time (the same
 * files the Remix build serves), so the PDF and the browser's print agree.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { PROJECT_ROOT } from "../../../etl/db.ts";
import { formatDate } from "../../lib/format.ts";
import { headerFooter, htmlToPdf } from "../../lib/pdf.server.ts";
import { capitalise } from "../PageIntro.tsx";
import { RapportDocument } from "./RapportDocument.tsx";
import type { RapportView } from "./view.ts";

const STYLES = ["app/styles/app.css", "app/components/dashboard.css", "app/styles/rapport.css"];

let css: string | null = null;
function styles(): string {
  // Read once per process: the files change only with a new release.
  css ??= STYLES.map((f) => readFileSync(resolve(PROJECT_ROOT, f), "utf8")).join("\n");
  return css;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/** The complete HTML of the report (no scripts, nothing to fetch). */
export function rapportHtml(view: RapportView): string {
  const body = renderToStaticMarkup(
    <main id="main">
      <RapportDocument view={view} />
    </main>,
  );
  const title = `${view.meta.titel} – ${view.meta.kommun}`;
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${styles()}</style></head><body>${body}</body></html>`;
}

/** The running header and footer of the PDF: "Underlag till nämnden", the kommun and the period; the page numbers. */
export function rapportHeaderFooter(view: RapportView) {
  const m = view.meta;
  const where = [m.kommun, ...(m.stadsdelar.length ? [m.stadsdelar.join(", ")] : [])].join(", ");
  return headerFooter({
    headerLeft: `Underlag till nämnden · ${where}`,
    headerRight: capitalise(m.periodLabel),
    footerLeft: `${m.titel} · ${formatDate(m.datum)}`,
  });
}

export async function rapportPdf(view: RapportView): Promise<Buffer> {
  return htmlToPdf(rapportHtml(view), rapportHeaderFooter(view));
}

/** A file name such as "rapport-stockholm-2026-T2.pdf" (ASCII only). */
export function rapportFilnamn(view: RapportView, ext = "pdf"): string {
  const slug = (s: string) =>
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase();
  // The period as asked for ("2026", not the months it was cut to); a range as "2025-11_2026-02".
  const period = (view.meta.avkortad?.key ?? view.meta.periodKey).replace("..", "_");
  const parts = ["rapport", slug(view.meta.kommun), ...view.meta.stadsdelar.map(slug), period];
  return `${parts.filter(Boolean).join("-")}.${ext}`;
}
