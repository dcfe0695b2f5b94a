/**
 * CSV out of the product: every table's export goes through here, so that all
 * of them open correctly in Swedish Excel and none can carry a formula.
 *
 * Default dialect "excel": UTF-8 with BOM (Excel reads UTF-8 only with it),
 * `;` separator, decimal comma. Dialect "standard": `,` and decimal point.
 */
import { z } from "zod";

export const CsvDialect = z.enum(["excel", "standard"]).default("excel");
export type CsvDialect = z.infer<typeof CsvDialect>;

export type CsvColumn<Row> = {
  key: keyof Row & string;
  header: string;
};

export type CsvCell = string | number | boolean | null | undefined;

const BOM = "\uFEFF";

/**
 * A cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a
 * tab/CR that can start one) gets a leading apostrophe. Numbers are written by
 * us and never neutralised, so negative figures stay numbers.
 */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function formatCell(value: CsvCell, dialect: CsvDialect): string {
  if (value === null || value === undefined) return "";
  const sep = dialect === "excel" ? ";" : ",";
  let s: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    // Full precision without exponent or thousands separators: exports are for analysis.
    s = Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
    if (dialect === "excel") s = s.replace(".", ",");
    return s;
  }
  if (typeof value === "boolean") s = value ? "ja" : "nej";
  else s = neutraliseFormula(value);
  if (s.includes(sep) || s.includes('"') || s.includes("\n") || s.includes("\r")) {
    s = `"${s.replace(/"/g, '""')}"`;
  }
  return s;
}

export function csvLine(cells: CsvCell[], dialect: CsvDialect): string {
  const sep = dialect === "excel" ? ";" : ",";
  return cells.map((c) => formatCell(c, dialect)).join(sep) + "\r\n";
}

/** The whole CSV text of a small table (dashboards' tables). */
export function toCsv<Row extends Record<string, unknown>>(
  columns: CsvColumn<Row>[],
  rows: Row[],
  dialect: CsvDialect = "excel",
): string {
  let out = (dialect === "excel" ? BOM : "") + csvLine(columns.map((c) => c.header), dialect);
  for (const r of rows) out += csvLine(columns.map((c) => r[c.key] as CsvCell), dialect);
  return out;
}

/**
 * A CSV as a stream of chunks, for exports too large to build in memory:
 * rows come from an async iterator (e.g. DuckDB chunks) and leave as they come.
 */
export function csvStream<Row extends Record<string, unknown>>(
  columns: CsvColumn<Row>[],
  rows: AsyncIterable<Row[]>,
  dialect: CsvDialect = "excel",
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = rows[Symbol.asyncIterator]();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode((dialect === "excel" ? BOM : "") + csvLine(columns.map((c) => c.header), dialect)));
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      let text = "";
      for (const r of next.value) text += csvLine(columns.map((c) => r[c.key] as CsvCell), dialect);
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** Response headers for a CSV download with a safe ASCII file name. */
export function csvHeaders(filename: string): HeadersInit {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, "_");
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${safe}"`,
    "Cache-Control": "no-store",
  };
}
