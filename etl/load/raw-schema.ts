/**
 * The contract's raw-value schemas in zod: one CSV field (a string, or null when empty)
 * → its stored value, or the Swedish reason it is rejected. Derived from `SPEC` and
 * `ROW_RULES`, like the SQL in sql-checks.ts; a unit test holds the two to the same
 * verdicts. The loader validates whole files in SQL (for speed); these schemas are the
 * contract in executable form for everything that handles single rows in JavaScript.
 */
import { z } from "zod";
import {
  ALIASES,
  FORMATS,
  REASONS,
  ROW_RULES,
  columnSpecs,
  type ColumnSpec,
  type RowRule,
  type TableName,
} from "../contract.ts";
import { maskPersonnummer, parsePersonnummer } from "../pseudonym.ts";

export type RawValue = string | null | undefined;
type Parsed = { ok: true; value: unknown } | { ok: false; reason: string; shown?: string };

/**
 * Space characters (Unicode Zs: space, no-break space, …) are trimmed from both ends of
 * every value; exactly what DuckDB's trim() removes. Tabs and line breaks are not.
 */
const TRIM = /^\p{Zs}+|\p{Zs}+$/gu;
const DATE = new RegExp(`^(?:${FORMATS.date})$`);
const TIMESTAMP = new RegExp(`^(?:${FORMATS.timestamp})$`);
const NUMBER = new RegExp(`^(?:${FORMATS.number})$`);

/** Trims like the loader does; an empty result counts as a missing value. */
export function trimValue(raw: RawValue): string | null {
  if (raw === null || raw === undefined) return null;
  const v = raw.replace(TRIM, "");
  return v === "" ? null : v;
}

/** Lower-cased accepted input → canonical value, for one enum column. */
export function enumLookup(column: string, values: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const v of values) map.set(v.toLowerCase(), v);
  for (const [alias, canonical] of Object.entries(ALIASES[column] ?? {})) map.set(alias, canonical);
  return map;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function yearInRange(v: string): boolean {
  const year = Number(v.slice(0, 4));
  return year >= FORMATS.minYear && year <= FORMATS.maxYear;
}

function isRealDate(v: string): boolean {
  const [y, m, d] = [Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** One field: trimmed raw text → stored value, or the reason it is rejected. */
export function parseRawValue(column: string, spec: ColumnSpec, raw: RawValue): Parsed {
  const v = trimValue(raw);
  if (v === null) return spec.required ? { ok: false, reason: REASONS.missing } : { ok: true, value: null };
  switch (spec.kind) {
    case "text":
      return { ok: true, value: v };
    case "enum": {
      const canonical = enumLookup(column, spec.values ?? []).get(v.toLowerCase());
      return canonical === undefined
        ? { ok: false, reason: REASONS.enumValue(spec.values ?? []) }
        : { ok: true, value: canonical };
    }
    case "bool": {
      const lower = v.toLowerCase();
      if (lower === FORMATS.yes) return { ok: true, value: true };
      if (lower === FORMATS.no) return { ok: true, value: false };
      return { ok: false, reason: REASONS.yesNo };
    }
    case "date":
      if (!DATE.test(v)) return { ok: false, reason: REASONS.dateFormat };
      if (!yearInRange(v)) return { ok: false, reason: REASONS.yearRange };
      if (!isRealDate(v)) return { ok: false, reason: REASONS.dateNotReal };
      return { ok: true, value: v };
    case "timestamp": {
      if (!TIMESTAMP.test(v)) return { ok: false, reason: REASONS.timestampFormat };
      if (!yearInRange(v)) return { ok: false, reason: REASONS.yearRange };
      const [hh, mm] = [Number(v.slice(11, 13)), Number(v.slice(14, 16))];
      if (!isRealDate(v) || hh > 23 || mm > 59) return { ok: false, reason: REASONS.timestampNotReal };
      return { ok: true, value: v };
    }
    case "number": {
      if (!NUMBER.test(v)) return { ok: false, reason: REASONS.number };
      const n = Number(v.replace(",", "."));
      const [min, max] = [spec.min ?? -Infinity, spec.max ?? Infinity];
      if (!(n >= min && n <= max)) return { ok: false, reason: REASONS.range(min, max) };
      return { ok: true, value: n };
    }
    case "personnummer": {
      const p = parsePersonnummer(v);
      return p.ok ? { ok: true, value: p.digits } : { ok: false, reason: p.reason, shown: maskPersonnummer(v) };
    }
  }
}

/** The zod schema of one raw field. */
export function rawFieldSchema(column: string, spec: ColumnSpec) {
  return z
    .string()
    .nullish()
    .transform((raw, ctx) => {
      const r = parseRawValue(column, spec, raw);
      if (r.ok) return r.value;
      ctx.addIssue({ code: "custom", message: r.reason });
      return z.NEVER;
    });
}

type TypedRow = Record<string, unknown>;

/** The reason a row breaks a cross-column rule, or null. Values are the parsed ones. */
export function ruleReason(rule: RowRule, row: TypedRow): string | null {
  const col = row[rule.column];
  switch (rule.kind) {
    case "requiredUnless":
      return col === null && row[rule.when] !== rule.equals ? REASONS.requiredUnless(rule.when, rule.equals) : null;
    case "emptyOrZeroWhen":
      return row[rule.when] === rule.equals && col !== null && col !== 0
        ? REASONS.emptyOrZeroWhen(rule.when, rule.equals)
        : null;
    case "notGreaterThan": {
      const limit = row[rule.limit];
      return col !== null && limit !== null && (col as number) > (limit as number)
        ? REASONS.notGreaterThan(rule.limit)
        : null;
    }
    case "notBefore": {
      const start = row[rule.start];
      // ISO dates compare correctly as strings.
      return col !== null && start !== null && (col as string) < (start as string)
        ? REASONS.notBefore(rule.start)
        : null;
    }
  }
}

export type RawRowResult =
  | { ok: true; row: TypedRow }
  | { ok: false; column: string; value: string | null; reason: string };

/**
 * A whole raw row: the first failing column in contract order, then the row rules in
 * their order; one reason per rejected row, as the loader reports it.
 */
export function validateRawRow(table: TableName, raw: Record<string, RawValue>): RawRowResult {
  const row: TypedRow = {};
  for (const [column, spec] of columnSpecs(table)) {
    const r = parseRawValue(column, spec, raw[column]);
    if (!r.ok) return { ok: false, column, value: r.shown ?? trimValue(raw[column]), reason: r.reason };
    row[column] = r.value;
  }
  for (const rule of ROW_RULES[table]) {
    const reason = ruleReason(rule, row);
    if (reason !== null) return { ok: false, column: rule.column, value: trimValue(raw[rule.column]), reason };
  }
  return { ok: true, row };
}

/** The zod schema of a whole raw row of `table` (field name → raw text). */
export function rawRowSchema(table: TableName) {
  return z.record(z.string(), z.string().nullish()).transform((raw, ctx) => {
    const r = validateRawRow(table, raw);
    if (r.ok) return r.row;
    ctx.addIssue({ code: "custom", message: r.reason, path: [r.column] });
    return z.NEVER;
  });
}
