/**
 * DuckDB values → JSON-safe values, for everything a loader returns.
 *
 * Why: DuckDB hands back BIGINT/HUGEINT (every COUNT and SUM over integers) as
 * `bigint`, DECIMAL as `DuckDBDecimalValue`, and DATE/TIMESTAMP either as its own
 * value classes (raw @duckdb/node-api) or as JS `Date`s (kysely-duckdb builds them
 * with the *local* time-zone constructor). None of these survive `JSON.stringify`
 * as a number or an ISO string, so every query module passes its rows through
 * `toJsonSafe` before they reach a loader.
 *
 * Dates become `YYYY-MM-DD`, timestamps `YYYY-MM-DDTHH:MM:SS` (no zone: the
 * database stores Swedish wall-clock time, and so does the UI).
 */
import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBIntervalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeValue,
  DuckDBUUIDValue,
} from "@duckdb/node-api";

/** What `toJsonSafe` turns a value of type T into (for typing loader data). */
export type JsonSafe<T> = T extends bigint
  ? number
  : T extends Date | DuckDBDateValue | DuckDBTimestampValue | DuckDBTimestampTZValue
    ? string
    : T extends DuckDBDecimalValue
      ? number
      : T extends string | number | boolean | null | undefined
        ? T
        : T extends readonly (infer U)[]
          ? JsonSafe<U>[]
          : T extends object
            ? { [K in keyof T]: JsonSafe<T[K]> }
            : T;

/** A bigint as a number; refuses values that a double cannot hold exactly. */
export function toNumber(value: bigint | number): number {
  if (typeof value === "number") return value;
  const n = Number(value);
  // Counts and sums in this product are far below 2^53; anything larger is a bug
  // (e.g. a hash column selected by mistake) and must not be rounded silently.
  if (!Number.isSafeInteger(n)) throw new RangeError(`Heltalet ${value} är för stort för ett JSON-tal`);
  return n;
}

const pad = (n: number, len = 2) => String(n).padStart(len, "0");

/** ISO date of a JS Date read in local time (how kysely-duckdb constructs DATE values). */
export function localIsoDate(d: Date): string {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** ISO date-time (seconds, no zone) of a JS Date read in local time. */
export function localIsoDateTime(d: Date): string {
  return `${localIsoDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function isLocalMidnight(d: Date): boolean {
  return d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0 && d.getMilliseconds() === 0;
}

/**
 * A DATE column's value as `YYYY-MM-DD`, whichever client read it; null stays null.
 * Use this (rather than the generic `toJsonSafe`) when the column type is known.
 */
export function isoDate(value: Date | DuckDBDateValue | string | null | undefined): string | null {
  if (value == null) return null;
  if (typeof value === "string") return value.slice(0, 10);
  if (value instanceof Date) return localIsoDate(value);
  return value.toString();
}

/** A TIMESTAMP column's value as `YYYY-MM-DDTHH:MM:SS`; null stays null. */
export function isoDateTime(
  value: Date | DuckDBTimestampValue | DuckDBTimestampTZValue | string | null | undefined,
): string | null {
  if (value == null) return null;
  if (typeof value === "string") return value.replace(" ", "T").slice(0, 19);
  if (value instanceof Date) return localIsoDateTime(value);
  if (value instanceof DuckDBTimestampTZValue) return new Date(value.toString()).toISOString();
  return value.toString().replace(" ", "T").slice(0, 19);
}

/**
 * Converts any value read from DuckDB (a row, a list of rows, a scalar) into
 * plain JSON data. Unknown class instances are refused rather than passed on,
 * so a new DuckDB type shows up as a clear error in tests, not as `{}` in a page.
 */
export function toJsonSafe<T>(value: T): JsonSafe<T> {
  return convert(value) as JsonSafe<T>;
}

function convert(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  switch (typeof value) {
    case "bigint":
      return toNumber(value);
    case "number":
      // JSON has no NaN/Infinity; they would silently become null in JSON.stringify.
      return Number.isFinite(value) ? value : null;
    case "string":
    case "boolean":
      return value;
    case "object":
      break;
    default:
      throw new TypeError(`Värdet av typen ${typeof value} kan inte skickas som JSON`);
  }
  if (Array.isArray(value)) return value.map(convert);
  if (value instanceof Date) {
    // kysely-duckdb gives DATE as local midnight; a TIMESTAMP at exactly midnight
    // also lands here — call isoDateTime explicitly where that distinction matters.
    return isLocalMidnight(value) ? localIsoDate(value) : localIsoDateTime(value);
  }
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (value instanceof DuckDBDateValue) return value.toString();
  if (
    value instanceof DuckDBTimestampValue ||
    value instanceof DuckDBTimestampTZValue
  ) {
    return isoDateTime(value);
  }
  if (
    value instanceof DuckDBTimestampSecondsValue ||
    value instanceof DuckDBTimestampMillisecondsValue ||
    value instanceof DuckDBTimestampNanosecondsValue ||
    value instanceof DuckDBTimeValue ||
    value instanceof DuckDBUUIDValue ||
    value instanceof DuckDBIntervalValue ||
    value instanceof DuckDBBlobValue
  ) {
    return value.toString().replace(" ", "T");
  }
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(convert);
  if (value instanceof DuckDBStructValue) return convertObject(value.entries);
  if (value instanceof DuckDBMapValue) {
    return value.entries.map((e) => ({ key: convert(e.key), value: convert(e.value) }));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return convertObject(value as Record<string, unknown>);
  throw new TypeError(`Värdet (${proto?.constructor?.name ?? "okänd klass"}) kan inte skickas som JSON`);
}

function convertObject(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = convert(v);
  return out;
}
