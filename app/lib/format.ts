/**
 * sv-SE formatting for every figure the UI shows, in one place so that the
 * overview, the pages and the report write numbers the same way.
 *
 * Intl's sv-SE output uses a no-break space (U+00A0) between thousands and
 * before "%", and the minus sign U+2212: correct Swedish typography, and the
 * no-break space keeps "12 345 kr" on one line. Missing values (null,
 * undefined, NaN, ±Infinity, e.g. a rate over zero cases) are shown as "–".
 */

export const MISSING = "–";

type Num = number | null | undefined;

const cache = new Map<string, Intl.NumberFormat>();
function nf(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat("sv-SE", options);
    cache.set(key, f);
  }
  return f;
}

function ok(n: Num): n is number {
  return typeof n === "number" && Number.isFinite(n);
}

/** A number with at most `maxDecimals` decimals (default 0): "12 345", "3,5". */
export function formatNumber(n: Num, maxDecimals = 0): string {
  return ok(n) ? nf({ maximumFractionDigits: maxDecimals }).format(n) : MISSING;
}

/** An integer count: "1 234". */
export function formatCount(n: Num): string {
  return formatNumber(n, 0);
}

/** A ratio (0.583) as a percentage: "58 %"; `decimals` fixed (default 0). */
export function formatPercent(ratio: Num, decimals = 0): string {
  return ok(ratio)
    ? nf({ style: "percent", minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(ratio)
    : MISSING;
}

/** Hours with exactly one decimal: "12,5"; with `unit`, "12,5 tim". */
export function formatHours(n: Num, { unit = false }: { unit?: boolean } = {}): string {
  if (!ok(n)) return MISSING;
  const s = nf({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
  return unit ? `${s}\u00a0tim` : s;
}

/** An amount in kronor: "1 234 kr"; `decimals` for öre (default 0). */
export function formatKr(n: Num, decimals = 0): string {
  if (!ok(n)) return MISSING;
  const s = nf({ minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
  return `${s}\u00a0kr`;
}

const MONTHS = [
  "januari", "februari", "mars", "april", "maj", "juni",
  "juli", "augusti", "september", "oktober", "november", "december",
];

/**
 * A date as Swedish officialdom writes it in tables: "2026-03-04" (ISO is the
 * Swedish standard numeric form). Accepts ISO date or date-time strings.
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return MISSING;
  return iso.slice(0, 10);
}

/** A date in running text: "4 mars 2026". */
export function formatDateLong(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!m) return MISSING;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** A timestamp "2026-03-04T15:10:00" as "2026-03-04 kl. 15.10" (Swedish time notation). */
export function formatDateTime(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})/.exec(iso) : null;
  if (!m) return formatDate(iso);
  return `${m[1]} kl.\u00a0${m[2]}.${m[3]}`;
}

/** A month key "2026-03" as "mars 2026". */
export function formatMonth(key: string | null | undefined): string {
  const m = key ? /^(\d{4})-(\d{2})/.exec(key) : null;
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return MISSING;
  return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** A tertial key "2026-T2" as "tertial 2 2026" (T1 jan–apr, T2 maj–aug, T3 sep–dec). */
export function formatTertial(key: string | null | undefined): string {
  const m = key ? /^(\d{4})-T([123])$/.exec(key) : null;
  return m ? `tertial ${m[2]} ${m[1]}` : MISSING;
}

/** A period between two ISO dates: "2022-01-01 – 2026-10-31". */
export function formatPeriod(from: string | null | undefined, to: string | null | undefined): string {
  if (!from && !to) return MISSING;
  return `${formatDate(from)}\u00a0–\u00a0${formatDate(to)}`;
}
