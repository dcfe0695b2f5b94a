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
 *   "förändring" — how a tjänsteutlåtande lists key figures (the dashboards'
 *   key-figure table).
 */
import type { RapportData, Tva } from "../../../queries/rapport.ts";
import { MEASURES, type MeasureId } from "../../../queries/measures.ts";
import type { AggregateRow } from "../../../queries/aggregate.ts";
import { applySuppression, HIDDEN_MARK, isSmall, type SuppressibleColumn } from "../../../queries/suppress.ts";
import { formatCount } from "../../lib/format.ts";
import type { Underlag } from "./view.ts";
import { barChart, type Chart, type Unit } from "../../lib/plot.server.ts";
import { keyFigureTable } from "../../lib/tables.server.ts";
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
  /** A count that is one part of the row's count column `partOf` (avslag of beslut). */
  partOf?: string;
  /** Whether the column adds up to the total row (default: hours, kronor and counts). */
  additive?: boolean;
  value: (r: R) => CellValue;
  description?: string;
  /** Used by suppression only, not shown (e.g. the year-earlier counts a shown rate is built on). */
  shadow?: boolean;
}

/**
 * Registry measure column of the period (`nu`) or the year before (`fore`). A
 * rate's counts must be columns of the table too (as shadows where not shown),
 * so that a rate on a small count is hidden with it.
 */
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
    ...(c.partOf ? { partOf: c.partOf } : {}),
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
  const columns: TableColumn[] = o.columns.flatMap((c, i) =>
    c.shadow
      ? []
      : [
          {
            key: c.key,
            label: c.label,
            format: c.format,
            role: c.role ?? "measure",
            ...(suppressible[i].scope ? { scope: suppressible[i].scope } : {}),
            description: c.description ?? (c.measure ? MEASURES[c.measure].definition : undefined),
          },
        ],
  );
  // Shadow cells leave with their columns: they must reach neither the page nor a CSV file.
  const shadows = o.columns.filter((c) => c.shadow).map((c) => c.key);
  const drop = (r: TableRow): TableRow => {
    if (!shadows.length) return r;
    const cells = { ...r.cells };
    const hidden = { ...(r.hidden ?? {}) };
    for (const k of shadows) delete cells[k], delete hidden[k];
    return { ...r, cells, hidden };
  };
  return { id: o.id, caption: o.caption, columns, rows: table.rows.map(drop), ...(table.total ? { total: drop(table.total) } : {}), suppressed: true };
}

/**
 * Key figures of the period beside the year before, one row per measure — the
 * dashboards' own key-figure table (app/lib/tables.server.ts), always with small
 * counts hidden, without links to cases.
 */
export function nyckeltalTable<M extends MeasureId>(o: {
  id: string;
  caption: string;
  data: RapportData;
  measures: readonly M[];
  values: Tva<AggregateRow<M, never>>;
  /** Counts fetched only so that the rates built on them can be hidden with them. */
  hiddenParts?: readonly MeasureId[];
}): TableData {
  return stripLinks(
    keyFigureTable({
      id: o.id,
      caption: o.caption,
      filters: o.data.filters,
      measures: o.measures,
      now: { period: o.data.period, values: o.values.nu },
      before: { period: o.data.previous, values: o.values.fore },
      hideSmall: true,
      hiddenParts: o.hiddenParts,
    }),
  );
}

/** A nämnd document is read on paper, and its readers may not open cases: no links. */
export function stripLinks(t: TableData): TableData {
  const strip = (r: TableRow): TableRow => ({ ...r, links: undefined });
  return { ...t, rows: t.rows.map(strip), ...(t.total ? { total: strip(t.total) } : {}) };
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

/**
 * One column of a table's rows, the period beside the year before (its `_fore`
 * column): two bars per row, named by the row's `group` cell; hidden cells are
 * not drawn.
 */
export function periodBars(
  ctx: SektionContext,
  o: { id: string; title: string; description: string; rows: readonly TableRow[]; group: string; column: string; unit: Unit; xLabel: string; data: TableData },
): Chart {
  const series = [capitalise(ctx.data.period.label), capitalise(ctx.data.previous.label)];
  const categories = o.rows.map((r) => String(r.cells[o.group]));
  return barChart({
    id: o.id,
    title: o.title,
    description: o.description,
    categories,
    series,
    values: o.rows.flatMap((r, i) => [
      { category: categories[i], series: series[0], value: cell(r, o.column) },
      { category: categories[i], series: series[1], value: cell(r, fore(o.column)) },
    ]),
    unit: o.unit,
    xLabel: o.xLabel,
    data: o.data,
  });
}

/** A count as the report may print it: "–" for 1–4. */
export function antal(n: number | null | undefined): string {
  return n === null || n === undefined ? "–" : isSmall(n) ? HIDDEN_MARK : formatCount(n);
}

/** "1 234 ärenden med … (1 198 samma tertial 2025)." */
export function underlag(what: string, nu: number, fo: number, jmf: string): Underlag {
  return { text: `${antal(nu)} ${what} (${antal(fo)} ${jmf}).`, nu: isSmall(nu) ? null : nu, fore: isSmall(fo) ? null : fo };
}
