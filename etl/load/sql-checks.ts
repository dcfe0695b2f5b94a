/**
 * The contract as SQL: from `SPEC` and `ROW_RULES`, one SELECT that reads a file's raw
 * text columns and yields per row the typed values and the first reason the row is
 * rejected (NULL when it is valid). DuckDB then validates millions of rows in parallel;
 * a per-row JavaScript loop could not come near bare read_csv speed.
 *
 * Mirrors raw-schema.ts check for check; test/unit/etl/contract-agreement.test.ts keeps
 * the two in step.
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
 * like raw-schema.ts. It is a large part of the validation's cost, so a file the sniffer
 * found free of space characters skips it (`trim = false`).
 */
export function trimmedSql(raw: string, trim = true): string {
  return trim ? `NULLIF(trim(${raw}), '')` : `NULLIF(${raw}, '')`;
}

/** The stored value of trimmed text `v` (only meaningful where the reason is NULL). */
export function valueSql(column: string, spec: ColumnSpec, v: string): string {
  switch (spec.kind) {
    case "text":
      return v;
    case "enum": {
      const cases = [...enumLookup(column, spec.values ?? [])]
        .map(([input, canonical]) => `WHEN ${lit(input)} THEN ${lit(canonical)}`)
        .join(" ");
      return `(CASE lower(${v}) ${cases} END)`;
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

const yearOutOfRange = (v: string) =>
  `TRY_CAST(substr(${v}, 1, 4) AS INTEGER) NOT BETWEEN ${FORMATS.minYear} AND ${FORMATS.maxYear}`;

/** The reason trimmed text `v` is rejected, NULL when valid; `typed` is valueSql's result. */
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
      const [min, max] = [spec.min ?? -Infinity, spec.max ?? Infinity];
      const bounds = [Number.isFinite(min) ? `${typed} < ${min}` : null, Number.isFinite(max) ? `${typed} > ${max}` : null]
        .filter((b) => b !== null)
        .join(" OR ");
      return when([
        [`NOT regexp_full_match(${v}, ${lit(FORMATS.number)})`, REASONS.number],
        ...(bounds ? ([[`(${bounds})`, REASONS.range(min, max)]] as [string, string][]) : []),
      ]);
    }
    case "personnummer":
      throw new Error("personnummer is validated in JavaScript before DuckDB sees the file");
  }
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

/**
 * SELECT of a staging table: every contract column typed under its own name (beslut:
 * person_id, fodelsear and the kön from the personnummer instead of the number), then
 * `_line` (when known), `_blank` (a record with every field empty: skipped), and the
 * first failing check as `_col`, `_val` (its trimmed raw text) and `_reason`.
 */
export function stagingSelect(table: TableName, src: StagingSource): string {
  const cols = columnSpecs(table);
  const inner: string[] = [];
  const typed: string[] = [];
  const reasons: { column: string; reason: string; shown: string }[] = [];

  cols.forEach(([column, spec], i) => {
    const v = `_v${i}`;
    if (spec.kind === "personnummer") {
      if (!src.pseudonymised) throw new Error(`${table}: personnummer must be pseudonymised before staging`);
      inner.push(...PNR_COLUMNS.map((c) => ident(c)));
      reasons.push({ column, reason: "_pnr_reason", shown: "_pnr_masked" });
      return;
    }
    const raw = src.raw(column);
    inner.push(`${raw === null ? "NULL::VARCHAR" : trimmedSql(raw, src.trim)} AS ${v}`);
    const t = valueSql(column, spec, v);
    typed.push(`${t} AS ${ident(column)}`);
    reasons.push({ column, reason: reasonSql(spec, v, t), shown: v });
  });
  if (src.line) inner.push(`${src.line} AS _line`);
  inner.push(`${src.structural ?? "NULL::VARCHAR"} AS _rs`);
  inner.push(
    src.allFields?.length
      ? `(${src.allFields.map((f) => `${trimmedSql(f, src.trim)} IS NULL`).join(" AND ")}) AS _blank`
      : "false AS _blank",
  );

  // Level 2: typed values and single-column reasons; level 3: row rules over typed values.
  const level2 = [
    "*",
    ...typed,
    ...reasons.map((r, i) => `${r.reason} AS _r${i}`),
  ];
  const rules = ROW_RULES[table].map((rule) => ({
    column: rule.column,
    reason: ruleReasonSql(rule),
    shown: `_v${cols.findIndex(([c]) => c === rule.column)}`,
  }));
  // A structurally broken record has no trustworthy fields: its reason comes first.
  const allReasons: { column: string | null; ref: string; shown: string }[] = [
    { column: null, ref: "_rs", shown: "NULL" },
    ...reasons.map((r, i) => ({ column: r.column, ref: `_r${i}`, shown: r.shown })),
    ...rules.map((r, i) => ({ column: r.column, ref: `_rr${i}`, shown: r.shown })),
  ];
  const level3 = ["*", ...rules.map((r, i) => `${r.reason} AS _rr${i}`)];

  const out = cols
    .filter(([, spec]) => spec.kind !== "personnummer")
    .map(([column]) => ident(column));
  if (src.pseudonymised) out.push("_person_id AS person_id", "_fodelsear AS fodelsear", "_pnr_kon");
  if (src.line) out.push("_line");
  out.push(
    "_blank",
    `(CASE ${allReasons.map((r) => `WHEN ${r.ref} IS NOT NULL THEN ${r.column === null ? "NULL" : lit(r.column)}`).join(" ")} END) AS _col`,
    `(CASE ${allReasons.map((r) => `WHEN ${r.ref} IS NOT NULL THEN ${r.shown}`).join(" ")} END) AS _val`,
    `COALESCE(${allReasons.map((r) => r.ref).join(", ")}) AS _reason`,
  );

  return `SELECT ${out.join(", ")}
FROM (SELECT ${level3.join(", ")}
  FROM (SELECT ${level2.join(", ")}
    FROM (SELECT ${inner.join(", ")} FROM ${src.from})))`;
}
