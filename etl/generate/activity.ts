/**
 * What happens under a granted beslut, month by month: the person books part of the
 * granted time as occasions of 1–6 hours; each occasion is performed or cancelled by the
 * brukare (mostly sickness, so mostly late), the ledsagare or the utförare; some
 * cancellations are rebooked. Performed occasions become utförda rows, cancellations
 * avbokning rows. The cancellation times are drawn so that every rule has cases on
 * both sides of its line: sen avbokning (R3, also exactly 11:59/12:00/12:01 the day
 * before), kort avbokning (R4, also exactly seven days ahead), ledsagarens avbokning (R5).
 */
import type { AvbokadAv, AvbokningRow, UtfordaRow } from "../contract.ts";
import { dayKind, daysInMonth, isoDateTime, isoDay, monthEnd, monthStart, weekday, ymd, type Day } from "./calendar.ts";
import { monthlyHours, type BeslutPlan } from "./beslut.ts";
import type { Window } from "./kommuner.ts";
import { DURATIONS, USE } from "./params.ts";
import type { Person } from "./person.ts";
import type { Rng } from "./rng.ts";
import { tidstypAt } from "./tidstyp.ts";

export interface Performed {
  day: Day;
  hours: number;
}

export interface ActivityOut {
  utforda(row: UtfordaRow): void;
  avbokning(row: AvbokningRow): void;
}

const DAY = 1440;
const DURATION_WEIGHTS = DURATIONS.map((d) => d[1]);

function duration(rng: Rng): number {
  if (rng.chance(USE.pShortOccasion)) return 0.5;
  return DURATIONS[rng.weighted(DURATION_WEIGHTS)][0];
}

/** A day in [s, e], weekends more likely: leisure happens when people are free. */
function pickDay(rng: Rng, s: Day, e: Day): Day {
  for (;;) {
    const d = s + rng.int(0, e - s);
    if (weekday(d) >= 5 || rng.chance(1 / USE.weekendWeight)) return d;
  }
}

/** A start on the half hour in [from, to] (to clamped up to from). */
function slot(rng: Rng, from: number, to: number): number {
  return from + 30 * rng.int(0, Math.max(0, Math.floor((to - from) / 30)));
}

/**
 * Start minute of an occasion, placed so that the whole occasion stays within one
 * tidstyp band: kväll occasions are at most three hours, dag ones end by 19:00.
 */
function startMinute(rng: Rng, day: Day, hours: number): number {
  const len = Math.ceil(hours * 60);
  if (dayKind(day) !== "vardag") return slot(rng, 9 * 60, 21 * 60 - len);
  const friday = weekday(day) === 4;
  const r = rng.next();
  if (friday && r >= 0.75) return slot(rng, 19 * 60, 23 * 60 - len); // the weekend starts (helg)
  if (!friday && r < 0.03) return rng.chance(0.5) ? 22 * 60 : 23 * 60; // natt
  if (!friday && r < 0.3 && len <= 180) return slot(rng, 19 * 60, 22 * 60 - len); // kväll
  return slot(rng, 8 * 60, 19 * 60 - len); // dag
}

interface Cancellation {
  by: AvbokadAv;
  /** Minute of cancellation relative to midnight starting the planned day (negative: days before). */
  at: number;
  rebook: boolean;
  orsak: string;
}

const SICK = ["sjukdom", "sjukdom", "förkylning", "sjukhusvistelse"];
const PLANS = ["ändrade planer", "annat åtagande", "inställd aktivitet", "resa", "orkade inte"];
const STAFF = ["ingen ledsagare tillgänglig", "personalbrist"];

function brukareCancellation(rng: Rng, start: number): Cancellation {
  const sick = rng.chance(USE.pSickness);
  let at: number;
  if (rng.chance(USE.pNoonEdge)) at = -DAY + rng.pick([719, 720, 721]);
  else if (rng.chance(USE.pSevenDayEdge)) at = start - 7 * DAY;
  else if (sick) {
    // Sickness strikes at short notice: the same morning, or the evening before.
    at = rng.chance(0.7) ? Math.max(360, start - rng.int(30, 600)) : -DAY + rng.int(721, 1439);
  } else {
    const r = rng.next();
    const daysBefore = r < 0.35 ? rng.int(1, 7) : r < 0.8 ? rng.int(8, 30) : 1;
    at = -daysBefore * DAY + rng.int(480, 1260);
  }
  const short = start - at <= 7 * DAY;
  return {
    by: "brukare",
    at,
    rebook: rng.chance(short ? USE.pRebookShort : USE.pRebookLong),
    orsak: rng.pick(sick ? SICK : PLANS),
  };
}

function ledsagareCancellation(rng: Rng, start: number): Cancellation {
  return {
    by: "ledsagare",
    at: rng.chance(0.75) ? Math.max(360, start - rng.int(30, 480)) : -DAY + rng.int(480, 1320),
    rebook: rng.chance(USE.pRebookLedsagare),
    orsak: rng.chance(0.8) ? "ledsagare sjuk" : "ledsagare förhinder",
  };
}

function utforareCancellation(rng: Rng, start: number): Cancellation {
  return {
    by: "utforare",
    at: start - rng.int(60, 3 * DAY),
    rebook: rng.chance(USE.pRebookUtforare),
    orsak: rng.pick(STAFF),
  };
}

/** Simulates the occasions of one beslut within the period; returns what was performed. */
export function simulateActivity(
  rng: Rng,
  person: Person,
  plan: BeslutPlan,
  beslutId: string,
  w: Window,
  out: ActivityOut,
): Performed[] {
  const performed: Performed[] = [];
  if (plan.activityStart === null || plan.utforare === null) return performed;
  const aStart = Math.max(plan.activityStart, w.start);
  const aEnd = Math.min(plan.activityEnd ?? w.end, w.end);
  const utf = plan.utforare;
  const kommun = person.kommun.namn;
  const monthly = monthlyHours(plan.beviljade, person);
  const pB = person.brukareCancel;
  const pL = pB + utf.ledsagareCancel;
  const pU = pL + utf.utforareCancel;

  const perform = (day: Day, start: number, hours: number) => {
    out.utforda({ kommun, beslut_id: beslutId, utforare: utf.code, datum: isoDay(day), tidstyp: tidstypAt(day, start), timmar: hours });
    performed.push({ day, hours });
  };

  for (let m = monthStart(aStart); m <= aEnd; m = monthEnd(m) + 1) {
    const s = Math.max(m, aStart);
    const e = Math.min(monthEnd(m), aEnd);
    const { y, m: month } = ymd(m);
    const granted = (monthly * (e - s + 1)) / daysInMonth(y, month);
    const target = granted * person.usage * utf.bookingFactor * USE.season[month - 1] * rng.lognormal(1, USE.monthSigma);

    const occasions: { day: Day; start: number; hours: number }[] = [];
    let booked = 0;
    for (;;) {
      const hours = duration(rng);
      // The last occasion is kept with the probability that makes the expected total equal the target.
      if (booked + hours > target && !rng.chance((target - booked) / hours)) break;
      const day = pickDay(rng, s, e);
      occasions.push({ day, start: startMinute(rng, day, hours), hours });
      booked += hours;
      if (booked >= target) break;
    }
    occasions.sort((a, b) => a.day - b.day || a.start - b.start);

    for (const o of occasions) {
      const r = rng.next();
      if (r >= pU) {
        perform(o.day, o.start, o.hours);
        continue;
      }
      const c =
        r < pB ? brukareCancellation(rng, o.start) : r < pL ? ledsagareCancellation(rng, o.start) : utforareCancellation(rng, o.start);
      const newDay = o.day + rng.int(1, 14);
      const rebooked = c.rebook && newDay <= aEnd;
      out.avbokning({
        kommun,
        beslut_id: beslutId,
        utforare: utf.code,
        planerad_start: isoDateTime(o.day, o.start),
        avbokad_tid: isoDateTime(o.day, c.at),
        avbokad_av: c.by,
        timmar: o.hours,
        ombokad: rebooked,
        orsak: c.orsak,
      });
      if (rebooked) perform(newDay, startMinute(rng, newDay, o.hours), o.hours);
    }
  }
  return performed;
}
