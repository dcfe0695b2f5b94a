/**
 * A dashboard table as data: the same object renders as HTML (DataTable), is
 * downloaded as CSV (export.server.ts) and feeds a chart's data table, so what
 * a reader sees and what they download cannot differ.
 *
 * Values are raw numbers (formatted only when shown), dimension cells are the
 * labels the reader sees. Small-count suppression is applied to the data once,
 * on the server (`suppressTable`), before it is either rendered or exported, so
 * a hidden cell never reaches the browser or the CSV file.
 *
 * Plain module (no server code): the component imports its types.
 */
import { applySuppression, type TableSuppressionOptions } from "../../queries/suppress.ts";

export type { TableSuppressionOptions };

/** How a cell is written: the unit decides the sv-SE format and the CSV header. */
export type CellFormat = "text" | "h" | "kr" | "andel" | "antal" | "tal";

export interface TableColumn {
  key: string;
  label: string;
  format: CellFormat;
  /** Dimension columns identify the row (th scope=row for the first); measures are figures. */
  role: "dimension" | "measure";
  /** The scope whose case count (`TableRow.n`) governs this figure's suppression. */
  scope?: string;
  /** For a count column: it is one part of the row's total `partOf` (e.g. avslag of beslut), for secondary suppression. */
  partOf?: string;
  /** For a ratio: the count columns it is built on; hidden when one of them is. */
  builtOn?: readonly string[];
  /** Whether the column adds up to the total (default: format h, kr or antal without builtOn; queries/suppress.ts). */
  additive?: boolean;
  /** A one-line explanation (shown as the header's title and in "Så räknas det"). */
  description?: string;
}

export type CellValue = string | number | null;

export interface TableRow {
  /** A stable key (e.g. the group's values joined). */
  key: string;
  cells: Record<string, CellValue>;
  /** Distinct cases behind the row's figures, per scope. */
  n: Record<string, number>;
  /** Links to the cases behind a figure, per column key. */
  links?: Record<string, string>;
  /** Cells hidden by small-count suppression (their value is then null). */
  hidden?: Record<string, true>;
  /** The row's format for its measure cells, where a row is a measure (key-figure tables). */
  format?: CellFormat;
}

export interface TableData {
  /** The URL's `export=` value for this table's CSV. */
  id: string;
  caption: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** A total row, shown last; when present, the rows are an additive split of it. */
  total?: TableRow;
  /** True once suppressTable has run with hideSmall: the footnote is shown. */
  suppressed?: boolean;
  /** Set when the page shows only some of the rows (`capRows`); the CSV export has them all. */
  capped?: TableCap;
}

/** A table cut for the page: `shown` of `of` rows, the largest by the column labelled `by` (null: first rows). */
export interface TableCap {
  shown: number;
  of: number;
  by: string | null;
}

/**
 * The most rows a table shows on a dashboard page. At national scale a table per
 * utförare or per stadsdel without a kommun chosen has hundreds to thousands of rows
 * (megabytes of HTML and loader data); the page shows the largest and says so, and
 * the CSV export — of the table before the cut — has every row.
 */
export const PAGE_ROWS = 50;

/**
 * The table as a page shows it: at most `max` rows, the largest first by the measure
 * column `by` (default the first additive measure: hours, kronor or a count). Rows
 * whose value is hidden or missing come after every shown value in their original
 * order, so the cut reveals nothing about a hidden cell. The total row stays: it is
 * the whole table's. A table within the limit is returned as it is.
 *
 * Apply after suppression, to the page's copy only: the CSV route exports the
 * uncut table.
 */
export function capRows(table: TableData, by?: string, max = PAGE_ROWS): TableData {
  if (table.rows.length <= max) return table;
  const col =
    (by !== undefined ? table.columns.find((c) => c.key === by) : undefined) ??
    table.columns.find((c) => c.role === "measure" && (c.format === "h" || c.format === "kr" || c.format === "antal") && c.additive !== false && !c.builtOn?.length);
  const value = (r: TableRow): number | null => {
    if (!col || r.hidden?.[col.key]) return null;
    const v = r.cells[col.key];
    return typeof v === "number" ? v : null;
  };
  const order = table.rows.map((r, i) => ({ r, i, v: value(r) }));
  if (col) order.sort((a, b) => (a.v === null ? (b.v === null ? a.i - b.i : 1) : b.v === null ? -1 : b.v - a.v || a.i - b.i));
  return {
    ...table,
    rows: order.slice(0, max).map((o) => o.r),
    capped: { shown: max, of: table.rows.length, by: col ? col.label : null },
  };
}

/** Every table of a page's record capped (`by`: the measure column per table id, where not the default). */
export function capPage<T extends object>(tables: T, by: Partial<Record<string, string>> = {}, max = PAGE_ROWS): T {
  const out = { ...tables } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) {
    if (isTableData(v)) out[k] = capRows(v, by[v.id], max);
  }
  return out as T;
}

function isTableData(v: unknown): v is TableData {
  return typeof v === "object" && v !== null && Array.isArray((v as TableData).rows) && Array.isArray((v as TableData).columns) && typeof (v as TableData).id === "string";
}

/**
 * Hides small counts and what would reveal them, by the one rule the report uses
 * too (`applySuppression` in queries/suppress.ts; docs/REPORT.md "Små tal döljs",
 * docs/MEASURES.md): primary cells (a count of 1–4, a row's figures of a scope
 * resting on 1–4 cases), figures built on them, and secondary cells wherever a
 * total — the table's total row, a row's own total (`partOf`), or a total
 * published elsewhere (`opts.totalPublished`) — would give a hidden cell away,
 * repeated until no sum reveals one. Returns a new table; the hidden cells' values
 * and links are removed, not just marked.
 */
export function suppressTable(table: TableData, hideSmall: boolean, opts: TableSuppressionOptions = {}): TableData {
  if (!hideSmall) return table;
  return applySuppression(table, opts);
}

/** Whether any cell of the table was hidden (the footnote is then shown). */
export function hasHidden(table: TableData): boolean {
  return [...table.rows, ...(table.total ? [table.total] : [])].some((r) => r.hidden && Object.keys(r.hidden).length > 0);
}
