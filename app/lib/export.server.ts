/**
 * CSV of a dashboard table: exactly what the table shows (same rows, same
 * labels, hidden cells as "–"), with the current filters, through queries/csv.ts
 * (BOM, `;`, decimal comma by default; `dialect=standard` for `,` and point;
 * formula neutralisation; streaming for long tables).
 *
 * URL convention: a page's table `T` downloads from `/<page>.csv?<filters>&export=T`
 * (a resource route next to the page, because a Remix page's loader cannot
 * answer with a file). `/<page>?…&export=T` redirects there, so the page's own
 * URL with `export=` also gives the file.
 */
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { CsvDialect, csvHeaders, csvStream, toCsv, type CsvColumn } from "../../queries/csv.ts";
import { HIDDEN_MARK } from "../../queries/suppress.ts";
import { audit } from "../auth/audit.server.ts";
import type { SessionUser } from "../auth/roles.ts";
import { isErrorBody } from "./error-body.ts";
import { parseSearchParams } from "./http.server.ts";
import type { TableColumn, TableData } from "./table.ts";

const ExportParams = z.object({
  export: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, "ange tabellens namn, t.ex. export=gap")
    .optional(),
  dialect: CsvDialect.optional(),
});

/** The table id and dialect asked for, or null when the URL asks for no export. */
export function exportRequest(request: Request): { tableId: string; dialect: CsvDialect } | null {
  const p = parseSearchParams(request, ExportParams.loose());
  return p.export ? { tableId: p.export, dialect: p.dialect ?? "excel" } : null;
}

/** The page URL with `export=` → the CSV route with the same parameters (called first in a page loader). */
export function redirectExport(request: Request): void {
  const url = new URL(request.url);
  if (!url.searchParams.get("export")) return;
  throw redirect(`${url.pathname.replace(/\/$/, "") || "/oversikt"}.csv${url.search}`);
}

const UNIT_SUFFIX: Record<TableColumn["format"], string> = {
  text: "",
  h: " (timmar)",
  kr: " (kr)",
  andel: " (andel 0–1)",
  antal: " (antal)",
  tal: "",
};

type CsvRow = Record<string, string | number | null>;

/** The table as CSV rows: each shown row, then the total; a hidden cell is the mark the page shows. */
export function tableCsvRows(table: TableData): { columns: CsvColumn<CsvRow>[]; rows: CsvRow[] } {
  const columns = table.columns.map((c) => ({ key: c.key, header: `${c.label}${UNIT_SUFFIX[c.format]}` }));
  const rows = [...table.rows, ...(table.total ? [table.total] : [])].map((r) => {
    const out: CsvRow = {};
    for (const c of table.columns) out[c.key] = r.hidden?.[c.key] ? HIDDEN_MARK : (r.cells[c.key] ?? null);
    return out;
  });
  return { columns, rows };
}

/** Tables longer than this leave as a stream, chunk by chunk. */
const STREAM_FROM_ROWS = 5_000;

export function csvResponse(table: TableData, dialect: CsvDialect, filenameBase: string): Response {
  const { columns, rows } = tableCsvRows(table);
  const filename = `${filenameBase}-${table.id}${dialect === "standard" ? "" : "-excel"}.csv`;
  if (rows.length < STREAM_FROM_ROWS) return new Response(toCsv(columns, rows, dialect), { headers: csvHeaders(filename) });
  async function* chunks() {
    for (let i = 0; i < rows.length; i += 1000) yield rows.slice(i, i + 1000);
  }
  return new Response(csvStream(columns, chunks(), dialect), { headers: csvHeaders(filename) });
}

/** A plain-text error for a file download: a resource route has no error page to show. */
function textError(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/**
 * Wraps a CSV route's loader: the 400/403/404 that the shared helpers throw as
 * `data(…)` (for pages' error boundaries) become plain-text answers with the
 * same status and Swedish message; redirects (sign-in) pass through.
 */
export async function csvRoute(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof Response) throw err;
    if (typeof err === "object" && err !== null && (err as { type?: string }).type === "DataWithResponseInit") {
      const { data, init } = err as { data: unknown; init: ResponseInit | null };
      const status = init?.status ?? 500;
      if (isErrorBody(data)) return textError(status, data.parameter ? `Parametern ${data.parameter} kan inte användas: ${data.message}` : data.message);
      return textError(status, "Exporten kunde inte göras.");
    }
    throw err;
  }
}

/**
 * Answers an export request with the table of that id (404 naming it if the page has
 * none), and logs the export in the audit log.
 */
export async function exportTable(
  request: Request,
  user: SessionUser,
  tables: readonly TableData[],
  filenameBase: string,
): Promise<Response> {
  const want = exportRequest(request);
  if (!want) return textError(400, "Ange vilken tabell som ska exporteras (export=…).");
  const table = tables.find((t) => t.id === want.tableId);
  if (!table) return textError(404, `Sidan har ingen tabell som heter "${want.tableId}". Tabeller: ${tables.map((t) => t.id).join(", ")}.`);
  await audit(request, user, { action: "export.sammanstallning", detail: `${filenameBase}: ${table.caption}` });
  return csvResponse(table, want.dialect, filenameBase);
}
