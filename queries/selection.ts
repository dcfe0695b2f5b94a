/**
 * Which rows a filter selects: the one definition behind every figure and
 * behind the case list that opens "the cases behind a figure".
 *
 * A measure sums engine output rows selected here; the case list selects the
 * same rows, grouped by arende_id. Because both call `filterWhere` with the
 * same filters and the same scope, the sum over the drilldown equals the figure.
 *
 * Scopes say which date decides whether a row falls in the period and which
 * table's dimension columns are used:
 * - `manad`: ledger rows (ledger_manad, ledger_utforare_manad) by `manad`;
 * - `beslut`: beslut (arende_beslut) by `beslut_datum`: avslag, delavslag, granted per beslut;
 * - `flagga`: process flags (arende_flagga) by `datum`; utförare is the utförare
 *   of the beslut the flag concerns (as `aggregate()` groups flags by utförare),
 *   so a flag without a beslut has none and no utförare filter selects it;
 * - `period`: flex periods (ledger_period) by the month the period ends (`period_slut`).
 */
import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { Filters } from "./filters.ts";

export const SCOPES = ["manad", "beslut", "flagga", "period"] as const;
export type Scope = (typeof SCOPES)[number];

const DATE_COLUMN: Record<Scope, string> = {
  manad: "manad",
  beslut: "beslut_datum",
  flagga: "datum",
  period: "period_slut",
};

/** Tables of a scope have these dimension columns (not all have all; see `has`). */
type Dimension = "kommun" | "stadsdel" | "lagrum" | "insats" | "kon" | "fodelsear" | "utforare";

const HAS: Record<Scope, Dimension[]> = {
  manad: ["kommun", "stadsdel", "lagrum", "insats", "kon", "fodelsear", "utforare"],
  beslut: ["kommun", "stadsdel", "lagrum", "insats", "kon", "fodelsear", "utforare"],
  // utforare: through the flag's beslut (arende_beslut), see filterWhere.
  flagga: ["kommun", "stadsdel", "lagrum", "insats", "kon", "fodelsear", "utforare"],
  period: ["kommun", "stadsdel"],
};

/** The SQL expression for the åldersgrupp of a row (age reached in the row's year). */
export function aldersgruppSql(dateCol: RawBuilder<unknown>, fodelsearCol: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`CASE
    WHEN year(${dateCol}) - ${fodelsearCol} < 18 THEN '0-17'
    WHEN year(${dateCol}) - ${fodelsearCol} < 25 THEN '18-24'
    WHEN year(${dateCol}) - ${fodelsearCol} < 65 THEN '25-64'
    ELSE '65-' END`;
}

const inList = (col: RawBuilder<unknown>, values: readonly string[]) =>
  sql<SqlBool>`${col} IN (${sql.join(values.map((v) => sql.val(v)))})`;

/**
 * The WHERE condition for `f` over a table of `scope`, optionally qualified by
 * a table alias. `withPeriod: false` drops the period (e.g. for a trend that
 * spans several years but keeps the other filters).
 *
 * Stadsdel matches today's organisation (`stadsdel_nu`) or the name on the
 * beslut (`stadsdel`), so both "Järva" and "Rinkeby-Kista" select as expected.
 */
export function filterWhere(
  f: Filters,
  scope: Scope,
  opts: { alias?: string; withPeriod?: boolean; period?: { from: string; to: string } } = {},
): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(opts.alias ? `${opts.alias}.${name}` : name);
  const has = new Set(HAS[scope]);
  const date = col(DATE_COLUMN[scope]);
  const parts: RawBuilder<SqlBool>[] = [];
  const period = opts.period ?? (opts.withPeriod === false ? undefined : f.period);
  if (period) {
    parts.push(sql<SqlBool>`${date} >= ${sql.lit(period.from)}::DATE AND ${date} < ${sql.lit(period.to)}::DATE`);
  }
  if (f.kommun) parts.push(sql<SqlBool>`${col("kommun")} = ${f.kommun}`);
  if (f.stadsdel?.length && has.has("stadsdel")) {
    parts.push(sql<SqlBool>`(${inList(col("stadsdel_nu"), f.stadsdel)} OR ${scope === "period" ? sql`false` : inList(col("stadsdel"), f.stadsdel)})`);
  }
  if (f.lagrum?.length && has.has("lagrum")) parts.push(inList(col("lagrum"), f.lagrum));
  if (f.insats?.length && has.has("insats")) parts.push(inList(col("insats"), f.insats));
  if (f.kon?.length && has.has("kon")) parts.push(inList(col("kon"), f.kon));
  if (f.aldersgrupp?.length && has.has("fodelsear")) {
    parts.push(inList(aldersgruppSql(date, col("fodelsear")), f.aldersgrupp));
  }
  if (f.utforare?.length && has.has("utforare")) {
    if (scope === "flagga") {
      // arende_flagga has no utförare: a flag belongs to the utförare of the beslut it
      // concerns — the same join aggregate() groups by, so a per-utförare figure and
      // its case list select the same flags. Uncorrelated, so it works with or without
      // an alias and over aggregate()'s joined subquery alike.
      parts.push(sql<SqlBool>`(${col("kommun")}, ${col("beslut_id")}) IN (
        SELECT fb.kommun, fb.beslut_id FROM arende_beslut fb WHERE ${inList(sql.ref("fb.utforare"), f.utforare)})`);
    } else {
      parts.push(inList(col("utforare"), f.utforare));
    }
  }
  if (parts.length === 0) return sql<SqlBool>`true`;
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

/** Filters that a scope cannot apply (the UI says they were ignored rather than pretend). */
export function unsupportedFilters(f: Filters, scope: Scope): string[] {
  const has = new Set(HAS[scope]);
  const out: string[] = [];
  if (f.stadsdel?.length && !has.has("stadsdel")) out.push("stadsdel");
  if (f.lagrum?.length && !has.has("lagrum")) out.push("lagrum");
  if (f.insats?.length && !has.has("insats")) out.push("insats");
  if (f.kon?.length && !has.has("kon")) out.push("kon");
  if (f.aldersgrupp?.length && !has.has("fodelsear")) out.push("aldersgrupp");
  if (f.utforare?.length && !has.has("utforare")) out.push("utforare");
  return out;
}
