/**
 * Calendar arithmetic for the engine on plain integers, so that millions of rows need no
 * Date objects and no time zone can shift a day:
 *  - Day:    days since 1970-01-01 (the DuckDB DATE epoch, so SQL can hand them over as-is)
 *  - Minute: minutes since 1970-01-01 00:00, wall-clock time as the utförare reported it
 *  - Month:  year * 12 + (month - 1), so consecutive months are consecutive integers
 */

export type Day = number;
export type Minute = number;
export type Month = number;

export const MINUTES_PER_DAY = 1440;

/** Days since the epoch of a civil date (Hinnant's days_from_civil; month 1–12). */
export function dayOf(y: number, m: number, d: number): Day {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day (Hinnant's civil_from_days). */
export function civil(day: Day): { y: number; m: number; d: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function computeMonthOf(day: Day): Month {
  const { y, m } = civil(day);
  return y * 12 + m - 1;
}

function computeMonthFirstDay(month: Month): Day {
  return dayOf(Math.floor(month / 12), (month % 12) + 1, 1);
}

// Tables for 1970 – 2079, computed once: the engine places every row in its month, and
// rows seldom arrive in date order. Other days and months are computed as before.
const TABLE_DAYS = 40177; // 1970-01-01 .. 2079-12-31
const TABLE_MONTH0 = 1970 * 12;
const TABLE_MONTHS = 110 * 12 + 1;
const MONTH_OF_DAY = new Int32Array(TABLE_DAYS);
const FIRST_DAY_OF_MONTH = new Int32Array(TABLE_MONTHS);
for (let i = 0; i < TABLE_MONTHS; i++) FIRST_DAY_OF_MONTH[i] = computeMonthFirstDay(TABLE_MONTH0 + i);
for (let i = 0, m = 0; i < TABLE_DAYS; i++) {
  while (m + 1 < TABLE_MONTHS && FIRST_DAY_OF_MONTH[m + 1] <= i) m++;
  MONTH_OF_DAY[i] = TABLE_MONTH0 + m;
}

export function monthOf(day: Day): Month {
  return day >= 0 && day < TABLE_DAYS && (day | 0) === day ? MONTH_OF_DAY[day] : computeMonthOf(day);
}

export function monthFirstDay(month: Month): Day {
  const i = month - TABLE_MONTH0;
  return i >= 0 && i < TABLE_MONTHS && (i | 0) === i ? FIRST_DAY_OF_MONTH[i] : computeMonthFirstDay(month);
}

export function monthLastDay(month: Month): Day {
  return monthFirstDay(month + 1) - 1;
}

export function daysInMonth(month: Month): number {
  return monthFirstDay(month + 1) - monthFirstDay(month);
}

export function yearOfMonth(month: Month): number {
  return Math.floor(month / 12);
}

/** The same calendar date n months later, clamped to the month's end (31 jan + 1 → 28/29 feb). */
export function addMonths(day: Day, n: number): Day {
  const { y, m, d } = civil(day);
  const target = y * 12 + m - 1 + n;
  return monthFirstDay(target) + Math.min(d, daysInMonth(target)) - 1;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `ÅÅÅÅ-MM-DD`; null when the text is not a real date (2024-02-30). */
export function parseDay(iso: string): Day | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const day = dayOf(+m[1], +m[2], +m[3]);
  return isoDay(day) === iso ? day : null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function formatDay(day: Day): string {
  const { y, m, d } = civil(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** Formatted days of 1970 – 2079 (reason sentences format the same days over and over). */
const DAY_CACHE: (string | undefined)[] = new Array(TABLE_DAYS);

export function isoDay(day: Day): string {
  if (day >= 0 && day < DAY_CACHE.length && Number.isInteger(day)) return (DAY_CACHE[day] ??= formatDay(day));
  return formatDay(day);
}

const TWO = Array.from({ length: 60 }, (_, i) => pad(i));

export function isoMonth(month: Month): string {
  return `${pad(Math.floor(month / 12), 4)}-${pad((month % 12) + 1)}`;
}

/** `ÅÅÅÅ-MM-DD TT:MM`, the form the data contract uses for avbokningar. */
export function isoMinute(minute: Minute): string {
  const day = Math.floor(minute / MINUTES_PER_DAY);
  const rest = minute - day * MINUTES_PER_DAY;
  const hh = Math.floor(rest / 60);
  const mm = rest % 60;
  return `${isoDay(day)} ${hh < 60 ? TWO[hh] : pad(hh)}:${Number.isInteger(mm) ? TWO[mm] : pad(mm)}`;
}

/** Parses `ÅÅÅÅ-MM-DD TT:MM` (as in the contract); null when malformed. */
export function parseMinute(text: string): Minute | null {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const day = parseDay(m[1]);
  const hh = +m[2];
  const mm = +m[3];
  if (day === null || hh > 23 || mm > 59) return null;
  return day * MINUTES_PER_DAY + hh * 60 + mm;
}

const CLOCKS = new Map<string, number | null>();

/** `HH:MM` → minutes after midnight; null when malformed. */
export function parseClock(text: string): number | null {
  // Rules name a handful of clock times, looked up once per avbokning: remember them.
  let v = CLOCKS.get(text);
  if (v === undefined) {
    const m = /^(\d{2}):(\d{2})$/.exec(text);
    v = !m || +m[1] > 23 || +m[2] > 59 ? null : +m[1] * 60 + +m[2];
    if (CLOCKS.size < 1000) CLOCKS.set(text, v);
  }
  return v;
}
