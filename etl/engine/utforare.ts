/**
 * R17 at utförare level: an utförare in the valfrihetssystem (LOV) with no assignment
 * registered in the last twelve months loses its contract (003). Pure: the store hands
 * over each utförare with the intervals in which it had an assignment.
 */
import type { Regi } from "../contract.ts";
import { addMonths, dayOf, isoDay, civil, type Day } from "./dates.ts";
import { ruleAt, type Regelverk } from "./regelverk.ts";

export interface UtforareIn {
  kommun: string;
  utforare: string;
  namn: string;
  regi: Regi;
  godkandFrom: Day;
  godkandTom: Day | null;
  /**
   * Periods with an assignment: days a beslut naming the utförare was valid, and for
   * each month with performed hours the first to the last such day. Any overlap with a
   * twelve-month window proves an assignment in it (a month's interval is too short to
   * straddle a whole window).
   */
  aktivitet: { fran: Day; till: Day }[];
}

export interface UtforareFlagga {
  kommun: string;
  utforare: string;
  regel: "R17";
  kalla: string;
  /** The day of the check. */
  datum: Day;
  fonsterFran: Day;
  fonsterTill: Day;
  text: string;
}

function active(u: UtforareIn, fran: Day, till: Day): boolean {
  return u.aktivitet.some((a) => a.fran <= till && a.till >= fran);
}

function approvedThroughout(u: UtforareIn, fran: Day, till: Day): boolean {
  return u.godkandFrom <= fran && (u.godkandTom === null || u.godkandTom >= till);
}

function flag(u: UtforareIn, kalla: string, datum: Day, fran: Day, till: Day, manader: number): UtforareFlagga {
  return {
    kommun: u.kommun,
    utforare: u.utforare,
    regel: "R17",
    kalla,
    datum,
    fonsterFran: fran,
    fonsterTill: till,
    text:
      `${u.namn} (${u.utforare}) har varit godkänd utförare hela perioden ${isoDay(fran)} – ${isoDay(till)} ` +
      `utan något uppdrag de senaste ${manader} månaderna: avtalet upphör att gälla (R17).`,
  };
}

/**
 * Checks every LOV utförare (enskild regi: egen regi has no LOV contract to lose) against
 * its kommun's rule: "lopande" checks the twelve months up to the horizon (what the
 * stad's control would find today), "arsskifte" checks each completed calendar year
 * after its turn, as 003 describes the stad's routine.
 */
export function utforareFlags(
  list: readonly UtforareIn[],
  regelverkFor: (kommun: string) => Regelverk,
  horisont: Day,
): UtforareFlagga[] {
  const out: UtforareFlagga[] = [];
  for (const u of list) {
    if (u.regi !== "enskild") continue;
    const rv = regelverkFor(u.kommun);
    const now = ruleAt(rv, "lov_aktivitet", horisont);
    if (now?.p.kontroll === "lopande") {
      const fran = addMonths(horisont, -now.p.manader) + 1;
      if (approvedThroughout(u, fran, horisont) && !active(u, fran, horisont)) {
        out.push(flag(u, now.kalla, horisont, fran, horisont, now.p.manader));
      }
      continue;
    }
    const first = civil(u.godkandFrom).y;
    for (let ar = first; dayOf(ar + 1, 1, 1) <= horisont; ar++) {
      const kontroll = dayOf(ar + 1, 1, 1);
      const v = ruleAt(rv, "lov_aktivitet", kontroll);
      if (!v || v.p.kontroll !== "arsskifte") continue;
      const fran = addMonths(kontroll, -v.p.manader);
      const till = kontroll - 1;
      if (approvedThroughout(u, fran, till) && !active(u, fran, till)) {
        out.push(flag(u, v.kalla, kontroll, fran, till, v.p.manader));
      }
    }
  }
  return out;
}
