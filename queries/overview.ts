/**
 * Översikt: the key figures of a period beside the same period a year earlier,
 * and the monthly trend of the last three years. Everything through aggregate(),
 * so each figure equals the same measure on every other page.
 */
import type { Kysely } from "kysely";
import type { Database } from "../app/db.server.ts";
import { aggregate, type AggregateRow } from "./aggregate.ts";
import { previousYear, type Filters, type Period } from "./filters.ts";
import type { MeasureId } from "./measures.ts";

/** The key figures, in the order the page shows them. */
export const KEY_MEASURES = [
  "personer",
  "beviljade",
  "utforda",
  "forbrukade",
  "utforandegrad",
  "forverkade",
  "avslagsandel",
  "delavslagsandel",
  "andel_kvinnor",
  "omkostnad",
  "kostnad",
] as const satisfies readonly MeasureId[];

/** Counts the rates are built on: fetched too, so small counts can hide the rates. */
export const KEY_PARTS = ["personer_kvinnor", "antal_beslut", "antal_avslag", "antal_delavslag"] as const satisfies readonly MeasureId[];

export const TREND_MEASURES = ["beviljade", "utforda", "forbrukade", "personer"] as const satisfies readonly MeasureId[];

export type KeyMeasure = (typeof KEY_MEASURES)[number] | (typeof KEY_PARTS)[number];
export type TrendMeasure = (typeof TREND_MEASURES)[number];

export interface Overview {
  period: Period;
  previous: Period;
  current: AggregateRow<KeyMeasure>;
  earlier: AggregateRow<KeyMeasure>;
  /** Months from..to (exclusive), at most 36, ending with the period (or the data's last month). */
  trendRange: { from: string; to: string };
  trend: AggregateRow<TrendMeasure, "manad">[];
}

/** Adds `months` to a first-of-month ISO date. */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${String(yy).padStart(4, "0")}-${String(mm + 1).padStart(2, "0")}-01`;
}

/** The trend's months: 36 ending with the period's last month, not past the data's last month. */
export function trendRange(period: Period, lastMonth: string | null): { from: string; to: string } {
  let to = period.to;
  if (lastMonth && addMonths(lastMonth, 1) < to) to = addMonths(lastMonth, 1);
  return { from: addMonths(to, -36), to };
}

export async function overview(db: Kysely<Database>, filters: Filters, lastMonth: string | null): Promise<Overview> {
  const previous = previousYear(filters.period);
  const ids = [...KEY_MEASURES, ...KEY_PARTS];
  const range = trendRange(filters.period, lastMonth);
  const [[current], [earlier], trend] = await Promise.all([
    aggregate(db, filters, ids),
    aggregate(db, filters, ids, [], { period: previous }),
    aggregate(db, filters, TREND_MEASURES, ["manad"], { period: range }),
  ]);
  return { period: filters.period, previous, current, earlier, trendRange: range, trend };
}
