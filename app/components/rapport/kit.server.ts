/**
 * The report's table builders. Every table of the report leaves here already
 * suppressed by the complete rule of queries/suppress.ts (the report always
 * hides small counts), without links to cases (a nämnd document is read on
 * paper), and with the period's and the year-earlier figures side by side.
 *
 * Two shapes:
 * - `rapportTable`: one row per group (stadsdel, utförare, regel …) and one
 *   column per figure, with a total row; columns of the earlier period carry
 *   their own case counts (scope `<scope>_fore`).
 * - `nyckeltalTable`: one row per measure, columns "period", "året före",
 *   "förändring" — how a tjänsteutlåtande lists key figures.
 */
import type { RapportData, Tva } from "../../../queries/rapport.ts";
import { MEASURES, type MeasureId, type Unit } from "../../../queries/measures.ts";
import {
  applySuppression,
  suppressCells,
  type AdditiveGroup,
  type CellSpec,
  type SuppressibleColumn,
} from "../../../queries/suppress.ts";
import { changeText } from "../KeyFigures.tsx";
import type { CellFormat, CellValue, TableColumn, TableData, TableRow } from "../../lib/table.ts";

/** What every section builder gets. */
export interface SektionContext {
  data: RapportData;
  /** "samma tertial 2025". */
  jmf: string;
  /** Utförare id → name. */
  names: Record<string, string>;
  /** Cells hidden by an earlier table, keyed by `hiddenKey`: a later table showing the same figure hides it too. */
  hidden: Set<string>;
}

/** The key of a figure shown in more than one table (period, group, measure). */
export function hiddenKey(period: "nu" | "fore", group: string, measure: string): string {
  return `${period}|${group}|${measure}`;
}

/** The scope whose case count governs a column of the earlier period. */
export const fore = (scope: string) => `${scope}_fore`;

export interface RCol<R> {
  key: string;
  label: string;
  format: CellFormat;
  role?: "dimension" | "measure";
  /** A registry measure: its definition becomes the header's description, its scope the suppression scope. */
  measure?: MeasureId;
  /** The case count (`n` key) that governs suppression; default the measure's scope. */
  scope?: string;
  /** Columns this one is computed from (a rate, a change): hidden with any of them. */
  builtOn?: readonly string[];
  /** Whether the column adds up to the total row (default: hours, kronor and counts). */
  additive?: boolean;
  value: (r: R) => CellValue;
  description?: string;
}

/** Registry measure column of the period (`nu`) or the year before (`fore`). */
export function measureCol<R>(id: MeasureId, when: "nu" | "fore", value: (r: R) => CellValue, label?: string): RCol<R> {
  const m = MEASURES[id];
  const counts = m.parts?.filter((p) => MEASURES[p].unit === "antal");
  return {
    key: when === "nu" ? id : `${id}_fore`,
    label: label ?? m.short ?? m.label,
    format: m.unit as CellFormat,
    measure: id,
    scope: when === "nu" ? m.scope : fore(m.scope),
    additive: m.kind === "sum" || m.kind === "count",
    ...(counts?.length ? { builtOn: counts.map((p) => (when === "nu" ? p : `${p}_fore`)) } : {}),
    value,
  };
}

export function rapportTable<R>(o: {
  id: string;
  caption: string;
  columns: readonly RCol<R>[];
  rows: readonly R[];
  rowKey: (r: R) => string;
  /** Distinct cases behind the row's figures, per scope (earlier period: `<scope>_fore`). */
  n: (r: R) => Record<string, number>;
  total?: R;
  totalLabel?: string;
  /** The column totals are shown elsewhere in the report though this table has no total row. */
  totalPublished?: boolean;
  /** Cells hidden already because another table hides the same figure. */
  preHidden?: (r: R, column: string) => boolean;
}): TableData {
  const dims = o.columns.filter((c) => c.role === "dimension");
  const toRow = (r: R, key: string, isTotal: boolean): TableRow => {
    const cells: Record<string, CellValue> = {};
    const hidden: Record<string, true> = {};
    for (const c of o.columns) {
      cells[c.key] = isTotal && c.role === "dimension" ? (c === dims[0] ? (o.totalLabel ?? "Totalt") : null) : c.value(r);
      if (!isTotal && c.role !== "dimension" && o.preHidden?.(r, c.key)) hidden[c.key] = true;
    }
    return { key, cells, n: o.n(r), hidden };
  };
  const suppressible: SuppressibleColumn[] = o.columns.map((c) => ({
    key: c.key,
    role: c.role ?? "measure",
    format: c.format,
    scope: c.role === "dimension" ? undefined : (c.scope ?? (c.measure ? MEASURES[c.measure].scope : undefined)),
    ...(c.builtOn ? { builtOn: c.builtOn } : {}),
    ...(c.additive !== undefined ? { additive: c.additive } : {}),
  }));
  const table = applySuppression(
    {
      columns: suppressible,
      rows: o.rows.map((r) => toRow(r, o.rowKey(r), false)),
      ...(o.total ? { total: toRow(o.total, "totalt", true) } : {}),
    },
    { totalPublished: o.totalPublished },
  );
  const columns: TableColumn[] = o.columns.map((c, i) => ({
    key: c.key,
    label: c.label,
    format: c.format,
    role: c.role ?? "measure",
    ...(suppressible[i].scope ? { scope: suppressible[i].scope } : {}),
    description: c.description ?? (c.measure ? MEASURES[c.measure].definition : undefined),
  }));
  return { id: o.id, caption: o.caption, columns, rows: table.rows, ...(table.total ? { total: table.total } : {}), suppressed: true };
}

/** One key figure: the period's and the year-earlier value with the cases behind each. */
export interface Nyckeltal {
  key: string;
  label: string;
  unit: Unit;
  nu: number | null;
  fore: number | null;
  /** Distinct cases behind the figure. */
  n: Tva<number>;
  /** Counts a rate is built on (hidden with them), e.g. avslag of beslut. */
  counts?: Tva<number>[];
  /** The row is one part of row `partOf` (the parts add up to it). */
  partOf?: string;
}

/** A registry measure's key figure from two aggregate rows (the period's and the year before's). */
export function nyckeltal<M extends MeasureId>(
  id: M,
  rows: Tva<{ n: Partial<Record<string, number>> } & { [K in M]: number | null } & Record<string, unknown>>,
  opts: { label?: string; partOf?: string } = {},
): Nyckeltal {
  const m = MEASURES[id];
  const counts = m.parts?.filter((p) => MEASURES[p].unit === "antal");
  const val = (r: Record<string, unknown>, k: string) => (typeof r[k] === "number" ? (r[k] as number) : 0);
  return {
    key: id,
    label: opts.label ?? m.label,
    unit: m.unit,
    nu: rows.nu[id],
    fore: rows.fore[id],
    n: { nu: rows.nu.n[m.scope] ?? 0, fore: rows.fore.n[m.scope] ?? 0 },
    ...(counts?.length ? { counts: counts.map((p) => ({ nu: val(rows.nu, p), fore: val(rows.fore, p) })) } : {}),
    ...(opts.partOf ? { partOf: opts.partOf } : {}),
  };
}

/**
 * Key figures as rows: "Mått", the period, the year before, the change. A figure
 * resting on 1–4 cases, or a rate on a count of 1–4, is hidden; so is its change,
 * and (parts of a total) one more part where a lone one could be worked out.
 */
export function nyckeltalTable(o: { id: string; caption: string; rows: readonly Nyckeltal[]; periodLabel: string; previousLabel: string; firstLabel?: string }): TableData {
  const cells: Record<string, CellSpec> = {};
  const derived: { cell: string; from: string[] }[] = [];
  const groups: AdditiveGroup[] = [];
  for (const r of o.rows) {
    for (const w of ["nu", "fore"] as const) {
      cells[`${r.key}|${w}`] = { cases: r.n[w], count: r.unit === "antal" ? (r[w] ?? 0) : undefined, weight: Math.abs(r[w] ?? 0) };
      (r.counts ?? []).forEach((c, i) => {
        cells[`${r.key}|${w}|del${i}`] = { count: c[w] };
      });
      if (r.counts?.length) derived.push({ cell: `${r.key}|${w}`, from: r.counts.map((_, i) => `${r.key}|${w}|del${i}`) });
    }
    derived.push({ cell: `${r.key}|andring`, from: [`${r.key}|nu`, `${r.key}|fore`] });
    cells[`${r.key}|andring`] = {};
  }
  for (const total of new Set(o.rows.map((r) => r.partOf).filter((p): p is string => !!p))) {
    for (const w of ["nu", "fore"] as const) {
      groups.push({ parts: o.rows.filter((r) => r.partOf === total).map((r) => `${r.key}|${w}`), total: `${total}|${w}` });
    }
  }
  const hidden = suppressCells({ cells, groups, derived });
  const columns: TableColumn[] = [
    { key: "matt", label: o.firstLabel ?? "Mått", format: "text", role: "dimension" },
    { key: "nu", label: capitalise(o.periodLabel), format: "tal", role: "measure" },
    { key: "fore", label: capitalise(o.previousLabel), format: "tal", role: "measure" },
    { key: "andring", label: "Förändring", format: "text", role: "measure", description: "Förändring i procent; för andelar i procentenheter." },
  ];
  const rows: TableRow[] = o.rows.map((r) => {
    const h: Record<string, true> = {};
    for (const k of ["nu", "fore", "andring"]) if (hidden.has(`${r.key}|${k}`)) h[k] = true;
    const nu = h.nu ? null : r.nu;
    const fo = h.fore ? null : r.fore;
    return {
      key: r.key,
      format: r.unit as CellFormat,
      cells: { matt: r.label, nu, fore: fo, andring: h.andring ? null : changeText(nu, fo, r.unit as CellFormat) },
      n: { nu: r.n.nu, fore: r.n.fore },
      hidden: h,
    };
  });
  return { id: o.id, caption: o.caption, columns, rows, suppressed: true };
}

/** A number cell of a suppressed table, or null when hidden or not a number. */
export function cell(row: TableRow | undefined, key: string): number | null {
  if (!row || row.hidden?.[key]) return null;
  const v = row.cells[key];
  return typeof v === "number" ? v : null;
}

/** The row of a key-figure table by measure key. */
export function rowOf(table: TableData, key: string): TableRow | undefined {
  return table.rows.find((r) => r.key === key);
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
