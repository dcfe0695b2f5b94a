/**
 * The contract as SQL: from `SPEC` and `ROW_RULES`, SELECTs that read a file's raw text
 * columns and yield the typed values and, per rejected row, the first reason. DuckDB then
 * validates millions of rows in parallel; a per-row JavaScript loop could not come near
 * bare read_csv speed.
 *
 * Every check exists twice here: as a reason (NULL when valid) for reporting, and as a
 * cheap predicate (TRUE when valid) for filtering. Together with raw-schema.ts (zod) that
 * makes three derivations of one spec; test/unit/etl/contract-agreement.test.ts holds all
 * three to the same verdicts.
 *
 * The queries are layered so that DuckDB computes each typed value once:
 *   raw  — `_v<i>`: the trimmed text of column i (NULL when empty)
 *   typed — the contract column names: the stored values (NULL when invalid)
 *   check — `_ok`: every predicate; reasons are only worked out where it is false.
 */
import {
  FORMATS,
  REASONS,
  ROW_RULES,
  columnSpecs,
  type ColumnSpec,
  type RowRule,
  type TableName,
} from "../contract.ts";
import { enumLookup } from "./raw-schema.ts";
import { ident, lit } from "./sql.ts";

/**
 * The trimmed raw value; empty ⇒ NULL (a missing value). trim() removes Unicode spaces,
 * like raw-schema.ts. It costs as much as some checks, so a file the sniffer found free of
 * space characters skips it (`trim = false`).
 */
export function trimmedSql(raw: string, trim = true): string {
  return trim ? `NULLIF(trim(${raw}), '')` : `NULLIF(${raw}, '')`;
}

/** The stored value of trimmed text `v`; NULL when it cannot be one. */
export function valueSql(column: string, spec: ColumnSpec, v: string): string {
  switch (spec.kind) {
    case "text":
      return v;
    case "enum": {
      // Exact canonical values first: lower() on every row costs more than the lookup.
      const exact = (spec.values ?? []).map((value) => `WHEN ${lit(value)} THEN ${lit(value)}`).join(" ");
      const folded = [...enumLookup(column, spec.values ?? [])]
        .map(([input, canonical]) => `WHEN ${lit(input)} THEN ${lit(canonical)}`)
        .join(" ");
      return `(CASE ${v} ${exact} ELSE (CASE lower(${v}) ${folded} END) END)`;
    }
    case "bool":
      return `(CASE lower(${v}) WHEN ${lit(FORMATS.yes)} THEN true WHEN ${lit(FORMATS.no)} THEN false END)`;
    case "date":
      return `TRY_CAST(${v} AS DATE)`;
    case "timestamp":
      return `TRY_STRPTIME(${v}, '%Y-%m-%d %H:%M')`;
    case "number":
      return `TRY_CAST(replace(${v}, ',', '.') AS DOUBLE)`;
    case "personnummer":
      throw new Error("personnummer is validated in JavaScript before DuckDB sees the file");
  }
}

function bounds(spec: ColumnSpec): [number, number] {
  if (spec.min === undefined || spec.max === undefined) throw new Error("a number column needs min and max");
  return [spec.min, spec.max];
}

const yearOutOfRange = (v: string) =>
  `TRY_CAST(substr(${v}, 1, 4) AS INTEGER) NOT BETWEEN ${FORMATS.minYear} AND ${FORMATS.maxYear}`;
const dateInRange = (d: string) =>
  `${d} BETWEEN DATE '${FORMATS.minYear}-01-01' AND DATE '${FORMATS.maxYear}-12-31'`;

/** The reason trimmed text `v` is rejected, NULL when valid; `typed` refers to its value. */
export function reasonSql(spec: ColumnSpec, v: string, typed: string): string {
  const missing = spec.required ? lit(REASONS.missing) : "NULL";
  const when = (checks: [string, string][]) =>
    `(CASE WHEN ${v} IS NULL THEN ${missing} ${checks.map(([c, r]) => `WHEN ${c} THEN ${lit(r)}`).join(" ")} END)`;
  switch (spec.kind) {
    case "text":
      return when([]);
    case "enum":
      return when([[`${typed} IS NULL`, REASONS.enumValue(spec.values ?? [])]]);
    case "bool":
      return when([[`${typed} IS NULL`, REASONS.yesNo]]);
    case "date":
      return when([
        [`NOT regexp_full_match(${v}, ${lit(FORMATS.date)})`, REASONS.dateFormat],
        [yearOutOfRange(v), REASONS.yearRange],
        [`${typed} IS NULL`, REASONS.dateNotReal],
      ]);
    case "timestamp":
      return when([
        [`NOT regexp_full_match(${v}, ${lit(FORMATS.timestamp)})`, REASONS.timestampFormat],
        [yearOutOfRange(v), REASONS.yearRange],
        [`${typed} IS NULL`, REASONS.timestampNotReal],
      ]);
    case "number": {
      const [min, max] = bounds(spec);
      return when([
        [`NOT regexp_full_match(${v}, ${lit(FORMATS.number)})`, REASONS.number],
        [`NOT (${typed} BETWEEN ${min} AND ${max})`, REASONS.range(min, max)],
      ]);
    }
    case "personnummer":
      throw new Error("personnummer is validated in JavaScript before DuckDB sees the file");
  }
}

/**
 * TRUE exactly when reasonSql is NULL (never NULL itself), written for speed. A valid
 * date is one that survives a round trip through DATE — which implies the ÅÅÅÅ-MM-DD form
 * and a real day — within the year range.
 */
export function validSql(spec: ColumnSpec, v: string, typed: string): string {
  let ok: string;
  switch (spec.kind) {
    case "text":
      ok = "true";
      break;
    case "enum":
    case "bool":
      ok = `${typed} IS NOT NULL`;
      break;
    case "date":
      ok = `${typed}::VARCHAR = ${v} AND ${dateInRange(typed)}`;
      break;
    case "timestamp":
      ok = `strftime(${typed}, '%Y-%m-%d %H:%M') = ${v} AND ${dateInRange(`${typed}::DATE`)}`;
      break;
    case "number":
      ok = `regexp_full_match(${v}, ${lit(FORMATS.number)}) AND ${typed} BETWEEN ${bounds(spec).join(" AND ")}`;
      break;
    case "personnummer":
      throw new Error("personnummer is validated in JavaScript before DuckDB sees the file");
  }
  const valid = spec.required ? `${v} IS NOT NULL AND ${ok}` : `${v} IS NULL OR (${ok})`;
  return `COALESCE(${valid}, false)`;
}

/** The reason a row breaks `rule`, NULL otherwise; columns are referred to by typed name. */
export function ruleReasonSql(rule: RowRule): string {
  const c = ident(rule.column);
  switch (rule.kind) {
    case "requiredUnless":
      return `(CASE WHEN ${c} IS NULL AND ${ident(rule.when)} IS DISTINCT FROM ${lit(rule.equals)} THEN ${lit(REASONS.requiredUnless(rule.when, rule.equals))} END)`;
    case "emptyOrZeroWhen":
      return `(CASE WHEN ${ident(rule.when)} = ${lit(rule.equals)} AND ${c} IS NOT NULL AND ${c} <> 0 THEN ${lit(REASONS.emptyOrZeroWhen(rule.when, rule.equals))} END)`;
    case "notGreaterThan":
      return `(CASE WHEN ${c} > ${ident(rule.limit)} THEN ${lit(REASONS.notGreaterThan(rule.limit))} END)`;
    case "notBefore":
      return `(CASE WHEN ${c} < ${ident(rule.start)} THEN ${lit(REASONS.notBefore(rule.start))} END)`;
  }
}

/** Columns the slow path writes for a beslut file instead of the personnummer. */
export const PNR_COLUMNS = ["_person_id", "_fodelsear", "_pnr_kon", "_pnr_reason", "_pnr_masked"] as const;

export interface StagingSource {
  /** A FROM item yielding the raw text columns, e.g. a read_csv(...) call. */
  from: string;
  /** SQL for a contract column's raw text in `from`, or null when the file lacks it. */
  raw: (column: string) => string | null;
  /** SQL for the physical line a record starts on, when `from` carries it. */
  line?: string;
  /** SQL for why a record is structurally broken (wrong field count, …), NULL if not. */
  structural?: string;
  /** Whether `from` carries PNR_COLUMNS (beslut, after pseudonymisation). */
  pseudonymised?: boolean;
  /**
   * Raw text of every field of the record, known or not: a record whose fields are all
   * empty (Excel writes `;;;;;` rows) is skipped. Without it no record counts as blank
   * (the slow path drops such records itself).
   */
  allFields?: string[];
  /** Trim values (default); false when the sniffer found no space characters at all. */
  trim?: boolean;
}

interface Check {
  /** Column reported for a failed check; null for a structurally broken record. */
  column: string | null;
  reason: string;
  valid: string;
  /** What the reject shows as the value. */
  shown: string;
}

/** The raw and typed layers, and every check in reporting order. */
function layers(table: TableName, src: StagingSource) {
  const cols = columnSpecs(table);
  const raw: string[] = [];
  const typed: string[] = [];
  const checks: Check[] = [];
  if (src.structural) {
    raw.push(`${src.structural} AS _rs`);
    checks.push({ column: null, reason: "_rs", valid: "_rs IS NULL", shown: "NULL" });
  }
  const vOf = new Map<string, string>();
  cols.forEach(([column, spec], i) => {
    if (spec.kind === "personnummer") {
      if (!src.pseudonymised) throw new Error(`${table}: personnummer must be pseudonymised first`);
      raw.push(...PNR_COLUMNS.map((c) => ident(c)));
      checks.push({ column, reason: "_pnr_reason", valid: "_pnr_reason IS NULL", shown: "_pnr_masked" });
      return;
    }
    const v = `_v${i}`;
    vOf.set(column, v);
    const r = src.raw(column);
    raw.push(`${r === null ? "NULL::VARCHAR" : trimmedSql(r, src.trim)} AS ${v}`);
    typed.push(`${valueSql(column, spec, v)} AS ${ident(column)}`);
    checks.push({ column, reason: reasonSql(spec, v, ident(column)), valid: validSql(spec, v, ident(column)), shown: v });
  });
  for (const rule of ROW_RULES[table]) {
    const reason = ruleReasonSql(rule);
    checks.push({ column: rule.column, reason, valid: `${reason} IS NULL`, shown: vOf.get(rule.column)! });
  }
  if (src.line) raw.push(`${src.line} AS _line`);
  // The raw fields stay visible for stagingSelect's blank check (unused ones are pruned).
  raw.push(...(src.allFields ?? []));
  const typedLayer = `SELECT *, ${typed.join(", ")}
    FROM (SELECT ${raw.join(", ")} FROM ${src.from})`;
  const storedNames = cols.filter(([, s]) => s.kind !== "personnummer").map(([c]) => ident(c));
  return { typedLayer, checks, storedNames };
}

/**
 * SELECT of a staging table: every record, with its contract columns typed under their
 * own names (beslut: person_id, fodelsear and _pnr_kon instead of the personnummer),
 * `_line` (when the source knows it), `_blank` (every field empty: the record is skipped),
 * and the first failed check as `_col`, `_val` (trimmed raw text) and `_reason`.
 */
export function stagingSelect(table: TableName, src: StagingSource): string {
  const { typedLayer, checks, storedNames } = layers(table, src);
  // Reasons are worked out only where _ok is false: CASE evaluates branches per row.
  const firstFailed = (pick: (c: Check) => string) =>
    `(CASE WHEN _ok THEN NULL ${checks.map((c) => `WHEN ${c.reason} IS NOT NULL THEN ${pick(c)}`).join(" ")} END)`;
  const out = [...storedNames];
  if (src.pseudonymised) out.push("_person_id AS person_id", "_fodelsear AS fodelsear", "_pnr_kon");
  if (src.line) out.push("_line");
  const blank = src.allFields?.length
    ? `(${src.allFields.map((f) => `${trimmedSql(f, src.trim)} IS NULL`).join(" AND ")})`
    : "false";
  out.push(
    `${blank} AS _blank`,
    `${firstFailed((c) => (c.column === null ? "NULL" : lit(c.column)))} AS _col`,
    `${firstFailed((c) => c.shown)} AS _val`,
    `${firstFailed((c) => c.reason)} AS _reason`,
  );
  return `SELECT ${out.join(", ")}
FROM (SELECT *, ${checks.map((c) => c.valid).join(" AND ")} AS _ok FROM (${typedLayer}))`;
}

/**
 * SELECT of only the valid records, typed under the contract column names: what the
 * fast path inserts. Equivalent to stagingSelect filtered on `_reason IS NULL AND NOT
 * _blank` (a blank record fails the required columns anyway).
 */
export function validRowsSelect(table: TableName, src: StagingSource): string {
  const { typedLayer, checks, storedNames } = layers(table, src);
  // `random() < 2` is always true. Being volatile, it stops DuckDB from pushing the
  // checks down through the layers, which would inline every trim() into each of its
  // uses (ten times over for an enum) and double the cost of the load.
  return `SELECT ${storedNames.join(", ")}
FROM (SELECT *, ${checks.map((c) => c.valid).join(" AND ")} AND random() < 2 AS _ok FROM (${typedLayer}))
WHERE _ok`;
}
