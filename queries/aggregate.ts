/**
 * The one engine that computes figures: `aggregate()` turns measure ids of the
 * registry (queries/measures.ts), the URL filters and a list of dimensions into
 * SQL over the rules engine's output tables, with `filterWhere` deciding which
 * rows count. Every page, export and report calls this, so a figure cannot be
 * computed two ways.
 *
 * Measures of different scopes live in different tables with different dates
 * (a month's ledger row, a beslut's date, a flag's date), so each scope gets its
 * own query; the rows are then joined on the group key in JS. Grouping by
 * `arende_id` is the drilldown: for additive measures (`sum`, `count`) the
 * per-case rows add up to the ungrouped figure exactly.
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import { z } from "zod";
import type { Database } from "../app/db.server.ts";
import { toNumber } from "./convert.ts";
import type { Filters } from "./filters.ts";
import { MEASURE_IDS, MEASURES, type MeasureId } from "./measures.ts";
import { aldersgruppSql, filterWhere, type Scope } from "./selection.ts";

export const GROUP_BY = [
  "kommun",
  "stadsdel_nu",
  "kon",
  "lagrum",
  "insats",
  "aldersgrupp",
  "utforare",
  "regi",
  "manad",
  "ar",
  "tertial",
  "arende_id",
  "regel",
  "utfall",
] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export const GroupBySchema = z.enum(GROUP_BY);
export const MeasureIdSchema = z.enum(MEASURE_IDS);

/** The table behind each scope and the date that places a row in a period (as in selection.ts). */
const SOURCE: Record<Scope, { table: keyof Database; date: string }> = {
  manad: { table: "ledger_manad", date: "manad" },
  beslut: { table: "arende_beslut", date: "beslut_datum" },
  flagga: { table: "arende_flagga", date: "datum" },
  period: { table: "ledger_period", date: "period_slut" },
};

type DimSql = (scope: Scope) => RawBuilder<unknown> | null;

const col = (name: string) => sql.ref(name);
const dateOf = (scope: Scope) => col(SOURCE[scope].date);

/**
 * The SQL of each dimension per scope; null where the scope's table cannot be
 * grouped so (e.g. ledger_period has no kön). Months, tertials and years are
 * keys as in the URL ("2026-03", "2026-T2", 2026), so a row links to its period.
 */
const DIMENSIONS: Record<GroupBy, DimSql> = {
  kommun: () => col("kommun"),
  stadsdel_nu: () => col("stadsdel_nu"),
  kon: (s) => (s === "period" ? null : col("kon")),
  lagrum: (s) => (s === "period" ? null : col("lagrum")),
  insats: (s) => (s === "period" ? null : col("insats")),
  aldersgrupp: (s) => (s === "period" ? null : aldersgruppSql(dateOf(s), col("fodelsear"))),
  // Flags carry the beslut they concern; its utförare is joined in (see fromClause).
  utforare: (s) => (s === "period" ? null : col("utforare")),
  regi: (s) => (s === "manad" ? col("regi") : null),
  manad: (s) => sql`strftime(${dateOf(s)}, '%Y-%m')`,
  ar: (s) => sql`year(${dateOf(s)})::INTEGER`,
  tertial: (s) => sql`year(${dateOf(s)})::VARCHAR || '-T' || ((month(${dateOf(s)}) - 1) // 4 + 1)::VARCHAR`,
  arende_id: () => col("arende_id"),
  regel: (s) => (s === "flagga" ? col("regel") : null),
  utfall: (s) => (s === "beslut" ? col("utfall") : null),
};

export type GroupValue = string | number | null;

/** One result row: the group's values, each measure's value, and the cases behind it per scope. */
export type AggregateRow<M extends MeasureId = MeasureId, G extends GroupBy = never> = {
  [K in G]: GroupValue;
} & {
  [K in M]: number | null;
} & {
  /** Distinct cases (arende_id) among the rows behind the figures, per scope: drives small-count suppression. */
  n: Partial<Record<Scope, number>>;
};

export interface AggregateOptions {
  /** Another period than the filter's (e.g. the same period a year earlier). */
  period?: { from: string; to: string };
  /** false: no period condition at all (a trend spanning years keeps the other filters). */
  withPeriod?: boolean;
}

/** Thrown when a dimension cannot be applied to a measure's scope: a programming error, not user input. */
export class AggregateError extends Error {
  override name = "AggregateError";
}

/**
 * The figures `measureIds` for the rows `filters` select, one row per
 * combination of `groupBy` values present in the data (one row in all when
 * `groupBy` is empty, even with no data: sums 0, ratios null).
 */
export async function aggregate<M extends MeasureId, G extends GroupBy = never>(
  db: Kysely<Database>,
  filters: Filters,
  measureIds: readonly M[],
  groupBy: readonly G[] = [],
  opts: AggregateOptions = {},
): Promise<AggregateRow<M, G>[]> {
  // Ids may come from a URL (e.g. `matt=`): refuse anything not in the registry before it nears SQL.
  const ids = z.array(MeasureIdSchema).parse(measureIds) as M[];
  const dims = z.array(GroupBySchema).parse(groupBy) as G[];
  const byScope = new Map<Scope, M[]>();
  for (const id of ids) {
    const s = MEASURES[id].scope;
    byScope.set(s, [...(byScope.get(s) ?? []), id]);
  }
  const results = await Promise.all(
    [...byScope].map(async ([scope, ms]) => ({ scope, ms, rows: await runScope(db, filters, scope, ms, dims, opts) })),
  );
  return merge(results, ids, dims);
}

type RawRow = Record<string, unknown>;

async function runScope(
  db: Kysely<Database>,
  filters: Filters,
  scope: Scope,
  ms: readonly MeasureId[],
  dims: readonly GroupBy[],
  opts: AggregateOptions,
): Promise<RawRow[]> {
  const dimSql = dims.map((d) => {
    const s = DIMENSIONS[d](scope);
    if (!s) throw new AggregateError(`Måttet ${ms[0]} (${scope}) kan inte grupperas efter ${d}`);
    return s;
  });
  const selects = [
    ...dimSql.map((s, i) => sql`${s} AS ${sql.id(`g${i}`)}`),
    ...ms.map((id) => {
      const m = MEASURES[id];
      // Additive measures over no rows are 0 (nothing granted), not unknown.
      const expr = m.kind === "sum" || m.kind === "count" ? `coalesce(${m.expr}, 0)` : m.expr;
      return sql`${sql.raw(expr)} AS ${sql.id(`m_${id}`)}`;
    }),
    sql`count(DISTINCT arende_id) AS __n`,
  ];
  const where = filterWhere(filters, scope, { withPeriod: opts.withPeriod, period: opts.period });
  const groupClause = dims.length ? sql`GROUP BY ${sql.join(dims.map((_, i) => sql.raw(String(i + 1))))}` : sql``;
  const query = sql<RawRow>`SELECT ${sql.join(selects)} FROM ${fromClause(scope, dims)} WHERE ${where} ${groupClause}`;
  return (await query.execute(db)).rows;
}

/**
 * The scope's table. A flag grouped by utförare is attributed to the utförare of
 * the beslut it concerns (e.g. a late genomförandeplan, R13); the join is made in
 * a subquery so that the registry's unqualified column names stay unambiguous.
 */
function fromClause(scope: Scope, dims: readonly GroupBy[]): RawBuilder<unknown> {
  const t = sql.table(SOURCE[scope].table);
  if (scope === "flagga" && dims.includes("utforare")) {
    return sql`(SELECT f.*, b.utforare FROM ${t} f
      LEFT JOIN ${sql.table("arende_beslut")} b ON b.kommun = f.kommun AND b.beslut_id = f.beslut_id) AS src`;
  }
  return sql`${t} AS src`;
}

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return toNumber(v);
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  // DECIMAL (e.g. an integer sum cast by DuckDB) arrives as a value object.
  const n = Number(typeof v === "object" && v !== null && "toDouble" in v ? (v as { toDouble(): number }).toDouble() : v);
  return Number.isFinite(n) ? n : null;
}

function groupValue(v: unknown): GroupValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint" || typeof v === "number") return num(v);
  return String(v);
}

function merge<M extends MeasureId, G extends GroupBy>(
  results: { scope: Scope; ms: M[]; rows: RawRow[] }[],
  ids: readonly M[],
  dims: readonly G[],
): AggregateRow<M, G>[] {
  const out = new Map<string, AggregateRow<M, G>>();
  const blank = (values: GroupValue[]) => {
    const row = { n: {} } as Record<string, unknown>;
    dims.forEach((d, i) => (row[d] = values[i]));
    // A group that one scope has and another lacks: its additive figures there are 0.
    for (const id of ids) {
      const k = MEASURES[id].kind;
      row[id] = k === "sum" || k === "count" ? 0 : null;
    }
    return row as AggregateRow<M, G>;
  };
  for (const { scope, ms, rows } of results) {
    for (const r of rows) {
      const values = dims.map((_, i) => groupValue(r[`g${i}`]));
      const key = JSON.stringify(values);
      let row = out.get(key);
      if (!row) out.set(key, (row = blank(values)));
      const rec = row as Record<string, unknown>;
      for (const id of ms) rec[id] = num(r[`m_${id}`]);
      row.n[scope] = num(r.__n) ?? 0;
    }
  }
  if (dims.length === 0 && out.size === 0) out.set("[]", blank([]));
  return [...out.values()].sort((a, b) => compareGroups(a, b, dims));
}

const collator = new Intl.Collator("sv-SE");

function compareGroups(a: Record<string, unknown>, b: Record<string, unknown>, dims: readonly string[]): number {
  for (const d of dims) {
    const x = a[d] as GroupValue;
    const y = b[d] as GroupValue;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    if (c !== 0) return c;
  }
  return 0;
}

/** Sums an additive measure over rows (e.g. the drilldown's per-case rows). */
export function sumOf<M extends MeasureId>(rows: readonly { [K in M]: number | null }[], id: M): number {
  return rows.reduce((acc, r) => acc + (r[id] ?? 0), 0);
}
