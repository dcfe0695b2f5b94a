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
import { isSmall, suppressGroup } from "../../queries/suppress.ts";

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
}

/**
 * Hides small counts and what would reveal them (rule in docs/MEASURES.md and
 * queries/suppress.ts):
 *  1. a row's figures of a scope whose case count is 1–4 (counts, hours, amounts, rates);
 *  2. a count cell (format "antal") of 1–4, and ratios built on it;
 *  3. secondary: when a total row is shown, a column (or a scope's case counts) with
 *     exactly one hidden cell hides its next smallest too; likewise across a row's
 *     parts of one total (`partOf`).
 * Returns a new table; the hidden cells' values are removed, not just marked.
 */
export function suppressTable(table: TableData, hideSmall: boolean, threshold?: number): TableData {
  if (!hideSmall) return table;
  const rows = table.rows.map((r) => ({ ...r, cells: { ...r.cells }, hidden: { ...(r.hidden ?? {}) } as Record<string, true> }));
  const total = table.total ? { ...table.total, cells: { ...table.total.cells }, hidden: {} as Record<string, true> } : undefined;
  const measures = table.columns.filter((c) => c.role === "measure");
  const scopes = [...new Set(measures.map((c) => c.scope).filter((s): s is string => !!s))];
  const all = total ? [...rows, total] : rows;

  // 1. Rows (and the total) resting on few cases; secondary over rows per scope.
  for (const s of scopes) {
    const hideRow = rows.map((r) => isSmall(r.n[s] ?? 0, threshold));
    const totalHidden = total ? isSmall(total.n[s] ?? 0, threshold) : false;
    if (total && !totalHidden) {
      suppressGroup(rows.map((r) => r.n[s] ?? 0), threshold, true).forEach((h, i) => (hideRow[i] ||= h));
    }
    const cols = measures.filter((c) => c.scope === s);
    rows.forEach((r, i) => hideRow[i] && cols.forEach((c) => (r.hidden[c.key] = true)));
    if (total && totalHidden) cols.forEach((c) => (total.hidden[c.key] = true));
  }

  // 2. Small counts, with secondary cells down each column (a total is shown) and across parts of a row.
  const counts = measures.filter((c) => c.format === "antal");
  for (const row of all) {
    for (const c of counts) if (isSmall(num(row.cells[c.key]), threshold)) row.hidden[c.key] = true;
  }
  if (total) {
    for (const c of counts) {
      if (total.hidden[c.key]) continue;
      const visible = rows.map((r) => (r.hidden[c.key] ? null : num(r.cells[c.key])));
      const already = rows.filter((r) => r.hidden[c.key]).length;
      // Only a single hidden cell can be recovered from the total; rerun the group rule on that case.
      if (already === 1) {
        const i = pickSecondary(visible);
        if (i !== -1) rows[i].hidden[c.key] = true;
      }
    }
  }
  const partGroups = new Map<string, TableColumn[]>();
  for (const c of counts) if (c.partOf) partGroups.set(c.partOf, [...(partGroups.get(c.partOf) ?? []), c]);
  for (const row of all) {
    for (const [totalKey, parts] of partGroups) {
      if (row.hidden[totalKey]) continue;
      const hiddenNow = parts.filter((p) => row.hidden[p.key]).length;
      if (hiddenNow === 1) {
        const i = pickSecondary(parts.map((p) => (row.hidden[p.key] ? null : num(row.cells[p.key]))));
        if (i !== -1) row.hidden[parts[i].key] = true;
      }
    }
  }

  // 3. Ratios built on a hidden count.
  for (const row of all) {
    for (const c of measures) if (c.builtOn?.some((k) => row.hidden[k])) row.hidden[c.key] = true;
  }

  for (const row of all) {
    for (const k of Object.keys(row.hidden)) {
      row.cells[k] = null;
      if (row.links) row.links = Object.fromEntries(Object.entries(row.links).filter(([lk]) => lk !== k));
    }
  }
  return { ...table, rows, total, suppressed: true };
}

function num(v: CellValue | undefined): number {
  return typeof v === "number" ? v : 0;
}

/** The smallest visible non-zero cell: the secondary cell suppressGroup would pick. */
function pickSecondary(values: (number | null)[]): number {
  let best = -1;
  values.forEach((v, i) => {
    if (v === null || v === 0) return;
    if (best === -1 || v < (values[best] as number)) best = i;
  });
  return best;
}

/** Whether any cell of the table was hidden (the footnote is then shown). */
export function hasHidden(table: TableData): boolean {
  return [...table.rows, ...(table.total ? [table.total] : [])].some((r) => r.hidden && Object.keys(r.hidden).length > 0);
}
