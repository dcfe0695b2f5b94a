/**
 * Wall-clock time in Sweden, for the audit log: times are stored in UTC and shown,
 * searched and exported as Europe/Stockholm (an admin thinks "the 4th of March",
 * not a UTC day). No library: Intl knows the zone's rules.
 */
const ZONE = "Europe/Stockholm";

const partsFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** Milliseconds Stockholm is ahead of UTC at this instant (3 600 000 or 7 200 000). */
function offsetMs(instant: Date): number {
  const p = Object.fromEntries(partsFormat.formatToParts(instant).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant a Stockholm calendar day (YYYY-MM-DD) begins. */
export function stockholmDayStart(isoDate: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number);
  const wallMidnight = Date.UTC(y, m - 1, d);
  const first = wallMidnight - offsetMs(new Date(wallMidnight));
  // Around a DST switch the offset at the guess can differ from the one at the answer.
  return new Date(wallMidnight - offsetMs(new Date(first)));
}

/** The instant the day after a Stockholm calendar day begins (an inclusive "to" date's end). */
export function stockholmDayEnd(isoDate: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return stockholmDayStart(next);
}

const display = new Intl.DateTimeFormat("sv-SE", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** "2026-03-04 15:10:02", Swedish time. */
export function formatStockholm(instant: Date | string): string {
  return display.format(typeof instant === "string" ? new Date(instant) : instant);
}
