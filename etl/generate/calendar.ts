/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC, as in the rules engine),
 * and the Swedish holidays that decide tidstyp helg/storhelg (R18).
 *
 * Day numbers instead of Date objects: the generator handles tens of millions of dates,
 * and integer days make comparisons, sums and cached ISO strings cheap and time-zone free.
 */

import { addMonths, civil as ymd, dayOf } from "../engine/dates.ts";

// Civil-date conversion is shared with the rules engine, so both count days alike.
export { addMonths, dayOf, ymd };

export type Day = number;

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

// Caches indexed by day from 1900 for two centuries, preallocated so the arrays stay dense.
const CACHE_BASE = dayOf(1900, 1, 1);
const CACHE_SIZE = 200 * 366;
const isoCache: (string | undefined)[] = new Array(CACHE_SIZE);

export function isoDay(day: Day): string {
  const i = day - CACHE_BASE;
  let s = i >= 0 && i < CACHE_SIZE ? isoCache[i] : undefined;
  if (s === undefined) {
    const { y, m, d } = ymd(day);
    s = `${String(y).padStart(4, "0")}-${pad2(m)}-${pad2(d)}`;
    if (i >= 0 && i < CACHE_SIZE) isoCache[i] = s;
  }
  return s;
}

export function parseIsoDay(iso: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`Ogiltigt datum: ${iso} (väntade ÅÅÅÅ-MM-DD)`);
  const day = dayOf(+m[1], +m[2], +m[3]);
  if (isoDay(day) !== iso) throw new Error(`Ogiltigt datum: ${iso}`);
  return day;
}

/** `YYYY-MM-DD HH:MM` for a day and a minute of that day (may be negative or ≥ 1440). */
export function isoDateTime(day: Day, minute: number): string {
  const d = day + Math.floor(minute / 1440);
  const m = ((minute % 1440) + 1440) % 1440;
  return `${isoDay(d)} ${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: Day): number {
  return (((day + 3) % 7) + 7) % 7;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  if (m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) return 29;
  return MONTH_DAYS[m - 1];
}

export function monthStart(day: Day): Day {
  const { y, m } = ymd(day);
  return dayOf(y, m, 1);
}

export function monthEnd(day: Day): Day {
  const { y, m } = ymd(day);
  return dayOf(y, m, daysInMonth(y, m));
}

export function addYears(day: Day, n: number): Day {
  return addMonths(day, 12 * n);
}

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, day);
}

/** The Friday between 19 and 25 June. */
export function midsommarafton(year: number): Day {
  for (let d = 19; d <= 25; d++) {
    const day = dayOf(year, 6, d);
    if (weekday(day) === 4) return day;
  }
  throw new Error("unreachable");
}

/**
 * Storhelg: the big holidays and their eves, when the higher storhelg rate applies.
 * The sources give the tidstyp but not its calendar; this follows the usual municipal
 * definition (jul, nyår, påsk, midsommar), and is documented in data/SYNTHETIC.md.
 */
export function storhelgDays(year: number): Day[] {
  const easter = easterSunday(year);
  const midsommar = midsommarafton(year);
  return [
    dayOf(year, 1, 1), // nyårsdagen
    easter - 2, // långfredagen
    easter - 1, // påskafton
    easter, // påskdagen
    easter + 1, // annandag påsk
    midsommar, // midsommarafton
    midsommar + 1, // midsommardagen
    dayOf(year, 12, 24), // julafton
    dayOf(year, 12, 25), // juldagen
    dayOf(year, 12, 26), // annandag jul
    dayOf(year, 12, 31), // nyårsafton
  ];
}

/** Other public holidays (röda dagar) that are paid as helg when they fall on a weekday. */
export function otherRedDays(year: number): Day[] {
  const easter = easterSunday(year);
  return [
    dayOf(year, 1, 6), // trettondedag jul
    dayOf(year, 5, 1), // första maj
    easter + 39, // Kristi himmelsfärdsdag
    dayOf(year, 6, 6), // nationaldagen
  ];
}

export type DayKind = "vardag" | "helg" | "storhelg";
const kindCache = new Map<number, Map<Day, DayKind>>();

function holidayKinds(year: number): Map<Day, DayKind> {
  let kinds = kindCache.get(year);
  if (!kinds) {
    kinds = new Map();
    for (const d of otherRedDays(year)) kinds.set(d, "helg");
    for (const d of storhelgDays(year)) kinds.set(d, "storhelg");
    kindCache.set(year, kinds);
  }
  return kinds;
}

const dayKindCache: (DayKind | undefined)[] = new Array(CACHE_SIZE);

/** Whether a whole day is a weekday, a helg day (weekend or red day) or a storhelg day. */
export function dayKind(day: Day): DayKind {
  const i = day - CACHE_BASE;
  let kind = i >= 0 && i < CACHE_SIZE ? dayKindCache[i] : undefined;
  if (kind === undefined) {
    kind = holidayKinds(ymd(day).y).get(day) ?? (weekday(day) >= 5 ? "helg" : "vardag");
    if (i >= 0 && i < CACHE_SIZE) dayKindCache[i] = kind;
  }
  return kind;
}
