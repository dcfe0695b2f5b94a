/**
 * Cancellations: each avbokning classified by who cancelled and when (R3 sen avbokning,
 * R4 kort avbokning, R5 ledsagarens avbokning), and repeated cancellations without
 * rebooking flagged (R6).
 */
import type { Tidstyp } from "../contract.ts";
import { addMonths, isoDay, isoMinute, MINUTES_PER_DAY, monthOf, parseClock, type Day, type Month } from "./dates.ts";
import { ruleAt, type Regelverk } from "./regelverk.ts";
import type { AvbokningIn, Flagga, Reason } from "./types.ts";
import { h, tal } from "./text.ts";

export type AvbokningKlass =
  | "sen_avbokning"
  | "brukarens_avbokning_i_tid"
  | "kort_avbokning"
  | "kort_avbokning_ombokad"
  | "brukarens_avbokning"
  | "ledsagarens_avbokning";

export interface Klassning {
  klass: AvbokningKlass;
  /** The hours count as förbrukade (taken from the balance). */
  forbrukad: boolean;
  /** Paid to the utförare as if performed (R3), at this tidstyp's rate. */
  ersattsSom: Tidstyp | null;
  /** R7 applies to the paid hours (R3 says "som om uppdraget utförts"). */
  minstaDebitering: boolean;
  reason: Reason;
}

const dayOfMinute = (m: number): Day => Math.floor(m / MINUTES_PER_DAY);

/** A cancellation that leaves the hours to the brukare (and is not paid). */
const kept = (klass: AvbokningKlass, reason: Reason): Klassning => ({
  klass,
  forbrukad: false,
  ersattsSom: null,
  minstaDebitering: false,
  reason,
});

function brukare(a: AvbokningIn, rv: Regelverk): Klassning {
  const planDay = dayOfMinute(a.planeradStart);
  const avbokad = `Avbokad ${isoMinute(a.avbokadTid)} av brukaren (${h(a.timmar)}, planerad ${isoMinute(a.planeradStart)})`;

  const sen = ruleAt(rv, "sen_avbokning", planDay);
  if (sen) {
    const p = sen.p;
    const deadline = (planDay - p.dagar_fore) * MINUTES_PER_DAY + parseClock(p.senast_klockan)!;
    const dagFore = p.dagar_fore === 1 ? "dagen före" : `${p.dagar_fore} dagar före`;
    // "senare än klockan 12:00 dagen före": 12:00 itself is in time, 12:01 is late.
    if (a.avbokadTid > deadline) {
      const forbrukad = p.forbrukas ? "räknas som förbrukad" : "räknas inte som förbrukad";
      return {
        klass: "sen_avbokning",
        forbrukad: p.forbrukas,
        ersattsSom: p.ersatts_som_tidstyp,
        minstaDebitering: p.minsta_debitering_galler,
        reason: {
          regel: "R3",
          kalla: sen.kalla,
          text: `${avbokad}, efter kl. ${p.senast_klockan} ${dagFore}: ersätts som utförd enligt nivån för ${p.ersatts_som_tidstyp} och ${forbrukad} (R3).`,
        },
      };
    }
    if (!ruleAt(rv, "kort_avbokning", planDay)) {
      return kept("brukarens_avbokning_i_tid", {
        regel: "R3",
        kalla: sen.kalla,
        text: `${avbokad}, senast kl. ${p.senast_klockan} ${dagFore}: timmarna finns kvar (R3).`,
      });
    }
  }

  const kort = ruleAt(rv, "kort_avbokning", planDay);
  if (kort) {
    const p = kort.p;
    // Calendar days by default: "en vecka i förväg" is the same weekday a week before.
    const fore =
      p.matt === "kalenderdagar"
        ? planDay - dayOfMinute(a.avbokadTid)
        : (a.planeradStart - a.avbokadTid) / MINUTES_PER_DAY;
    const foreText = p.matt === "kalenderdagar" ? `${fore} dagar före` : `${tal(fore)} dygn före`;
    const r4 = (text: string): Reason => ({ regel: "R4", kalla: kort.kalla, text: `${avbokad}, ${foreText} ${text} (R4).` });
    if (fore > p.max_dagar_fore) {
      return kept("brukarens_avbokning", r4(`(mer än ${p.max_dagar_fore} dagar i förväg): timmarna finns kvar`));
    }
    if (a.ombokad) {
      return kept("kort_avbokning_ombokad", r4(`(högst ${p.max_dagar_fore} dagar) men ombokad till ny tid: timmarna finns kvar`));
    }
    return {
      klass: "kort_avbokning",
      forbrukad: true,
      ersattsSom: null,
      minstaDebitering: false,
      reason: r4(`(högst ${p.max_dagar_fore} dagar) och inte ombokad: timmarna försvinner och räknas som förbrukade`),
    };
  }

  return kept("brukarens_avbokning", {
    regel: null,
    kalla: rv.fil,
    text: `${avbokad}: regelverket gör inte brukarens avbokning förbrukad, timmarna finns kvar.`,
  });
}

export function classifyAvbokning(a: AvbokningIn, rv: Regelverk): Klassning {
  if (a.avbokadAv === "brukare") return brukare(a, rv);
  const vem = a.avbokadAv === "ledsagare" ? "ledsagaren" : "utföraren";
  const ny = a.ombokad ? " Ny tid bokad." : " Ingen ny tid bokad.";
  const text = `Avbokad ${isoMinute(a.avbokadTid)} av ${vem} (${h(a.timmar)}, planerad ${isoMinute(a.planeradStart)}): brukaren behåller timmarna`;
  const r5 = ruleAt(rv, "ledsagarens_avbokning", dayOfMinute(a.planeradStart));
  return kept(
    "ledsagarens_avbokning",
    r5 ? { regel: "R5", kalla: r5.kalla, text: `${text} (R5).${ny}` } : { regel: null, kalla: rv.fil, text: `${text}.${ny}` },
  );
}

/**
 * R6: the brukare cancels `antal` times within `manader` months without rebooking. Counted
 * by the day the cancellation was made ("avbokar vid tre tillfällen"); after a flag the
 * count starts afresh, since the utförare has then signalled biståndsenheten.
 * `periodOf` gives the flex period of a month, for the window "flexperiod".
 */
export function repeatedCancellations(
  avbokningar: readonly AvbokningIn[],
  rv: Regelverk,
  periodOf: (m: Month) => Month | undefined,
): Flagga[] {
  const flaggor: Flagga[] = [];
  const candidates = avbokningar
    .filter((a) => a.avbokadAv === "brukare" && !a.ombokad)
    .map((a) => dayOfMinute(a.avbokadTid))
    .sort((x, y) => x - y);
  let window: Day[] = [];
  for (const day of candidates) {
    const v = ruleAt(rv, "upprepade_avbokningar", day);
    if (!v) {
      window = [];
      continue;
    }
    const p = v.p;
    if (p.fonster === "rullande") {
      // Within three months: 15 jan and 14 apr are inside, 15 jan and 15 apr are not.
      window = window.filter((d) => addMonths(d, p.manader) > day);
    } else {
      const period = periodOf(monthOf(day));
      window = window.filter((d) => periodOf(monthOf(d)) === period);
    }
    window.push(day);
    if (window.length >= p.antal) {
      const fonster = p.fonster === "rullande" ? `inom ${p.manader} månader` : "inom samma flexperiod";
      flaggor.push({
        regel: "R6",
        kalla: v.kalla,
        datum: day,
        beslutId: null,
        niva: "brist",
        text:
          `${p.antal} avbokningar av brukaren utan ombokning ${fonster} (${window.map(isoDay).join(", ")}): ` +
          `utföraren ska meddela biståndsenheten, som tar ställning till ny biståndsbedömning (R6).`,
      });
      window = [];
    }
  }
  return flaggor;
}
