/**
 * Utförare: the catalogue of each kommun (long-tailed: a few large providers carry most
 * of the hours) and the choice a person makes among those approved on a date.
 *
 * The names are fictional. Dormant utförare (R17) and new entrants are built into the
 * catalogue as dates, and the choice respects them, so the files agree with each other.
 */
import type { Regi, UtforareRow } from "../contract.ts";
import { addMonths, isoDay, type Day } from "./calendar.ts";
import { PLANTED_DORMANT_UTFORARE, PLANTED_WEAK_UTFORARE } from "./planted.ts";
import { USE } from "./params.ts";
import type { Rng } from "./rng.ts";

export interface Utforare {
  code: string;
  namn: string;
  regi: Regi;
  /** Relative share of the persons who choose it. */
  weight: number;
  godkandFrom: Day;
  godkandTom: Day | null;
  /** Dormant utförare: no assignment may run past this day. */
  lastAssignment: Day | null;
  bookingFactor: number;
  ledsagareCancel: number;
  utforareCancel: number;
}

export const PRIVATE_NAMES = [
  "Ledsagarhuset i Stockholm AB", "Följeslagarna Omsorg AB", "Vardagsvän Ledsagning AB",
  "Stadsvandrarna Stöd AB", "Kompassen Ledsagarservice AB", "Fritidsbron AB",
  "Sällskapet Ledsagning HB", "Trygga Steg Omsorg AB", "Idéledsagning Norden AB",
  "Mälardalens Ledsagare AB", "Hand i Hand Ledsagning AB", "Söderledsagarna AB",
  "Västerorts Ledsagning AB", "Ekbackens Omsorg AB", "Bryggan Ledsagarservice AB",
  "Nära Stöd i Stockholm AB", "Stjärnfallet Ledsagning AB", "Gemenskapen ekonomisk förening",
  "Kulturkompisen AB", "Lotsen Ledsagning AB", "Vägvisaren Omsorg AB", "Aktiv Vardag Sverige AB",
  "Ljusglimten Stöd AB", "Norrskenet Omsorg AB", "Ledsagarpoolen HB", "Solgläntan Ledsagning AB",
  "Tillsammans Ledsagning AB", "Friskvårdsledsagarna AB", "Stegvis Omsorg AB",
  "Brobyggarna Stöd AB", "Öppna Dörrar Ledsagning AB", "Skärgårdens Ledsagare AB",
  "Livsglädje Omsorg HB", "Medvind Ledsagning AB", "Kamratstöd i Söderort AB",
  "Promenaden Ledsagarservice AB", "Fyrbåken Omsorg AB", "Vardagsglädje AB",
  "Trädgårdsstadens Stöd AB", "Ankaret Ledsagning HB", "Allé Omsorg AB",
  "Stadsdelens Ledsagare AB", "Kvarterets Omsorg AB", "Regnbågen Ledsagning AB",
  "Vågen Stöd och Service AB", "Horisont Ledsagning AB", "Rosengården Omsorg HB",
  "Lindens Ledsagarservice AB", "Kastanjen Stöd AB",
] as const;

const code = (rank: number) => `U${String(rank).padStart(2, "0")}`;

interface CatalogueSpec {
  kommunal: { namn: string; weight: number }[];
  privateNames: readonly string[];
  /** Zipf exponent of the private providers' weights: the long tail. */
  zipf: number;
  privateTopWeight: number;
  windowStart: Day;
  rng: Rng;
}

/** A plain catalogue: kommunal units first, then private providers with Zipf weights. */
export function buildCatalogue(spec: CatalogueSpec): Utforare[] {
  const { rng, windowStart } = spec;
  const list: Utforare[] = [];
  const base = (namn: string, regi: Regi, weight: number): Utforare => {
    const rank = list.length + 1;
    return {
      code: code(rank),
      namn,
      regi,
      weight,
      // Established well before the window, so beslut running into it have their utförare.
      godkandFrom: windowStart - 800 - rank * 37,
      godkandTom: null,
      lastAssignment: null,
      // Providers differ a little in how much of the granted time they manage to book.
      bookingFactor: rng.uniform(0.92, 1.06),
      ledsagareCancel: USE.ledsagareCancel * rng.uniform(0.8, 1.2),
      utforareCancel: USE.utforareCancel * rng.uniform(0.6, 1.4),
    };
  };
  for (const k of spec.kommunal) list.push(base(k.namn, "kommunal", k.weight));
  spec.privateNames.forEach((namn, i) => {
    list.push(base(namn, "enskild", spec.privateTopWeight / Math.pow(i + 1, spec.zipf)));
  });
  return list;
}

/** Stockholm: three egen-regi units and 49 private LOV providers, with the planted ones. */
export function stockholmCatalogue(rng: Rng, windowStart: Day, windowEnd: Day): Utforare[] {
  const list = buildCatalogue({
    kommunal: [
      { namn: "Stockholms stad Ledsagarservice Söderort", weight: 10 },
      { namn: "Stockholms stad Ledsagarservice Västerort", weight: 8 },
      { namn: "Stockholms stad Ledsagarservice Innerstaden", weight: 6 },
    ],
    privateNames: PRIVATE_NAMES,
    zipf: 1.05,
    privateTopWeight: 9,
    windowStart,
    rng,
  });
  for (const u of list) {
    if (u.code === PLANTED_WEAK_UTFORARE.utforare) {
      u.bookingFactor = PLANTED_WEAK_UTFORARE.bookingFactor;
      u.ledsagareCancel = PLANTED_WEAK_UTFORARE.ledsagareCancel;
      u.utforareCancel = PLANTED_WEAK_UTFORARE.utforareCancel;
    }
  }
  const twelveMonthsAgo = addMonths(windowEnd, -12);
  for (const d of PLANTED_DORMANT_UTFORARE) {
    const u = list.find((x) => x.code === d.utforare)!;
    u.lastAssignment = twelveMonthsAgo - d.daysBefore;
    // A contract ended as R17 says: twelve months after the last assignment.
    if (d.contractEnded) u.godkandTom = addMonths(u.lastAssignment, 12);
  }
  // New entrants approved during the period: they only get persons after approval.
  const entrants: [string, number][] = [["U30", 40], ["U36", 28], ["U41", 18], ["U45", 7]];
  for (const [c, monthsAgo] of entrants) {
    list.find((x) => x.code === c)!.godkandFrom = addMonths(windowEnd, -monthsAgo);
  }
  return list;
}

/**
 * The utförare a person chooses on `day` for an assignment that must last until
 * `needUntil` (null: open-ended): only approved ones whose contract and activity cover it.
 */
export function chooseUtforare(
  rng: Rng,
  catalogue: readonly Utforare[],
  day: Day,
  needUntil: Day | null,
  avoid: Utforare | null = null,
): Utforare {
  const open = catalogue.filter(
    (u) => u !== avoid && u.godkandFrom <= day && canContinue(u, needUntil),
  );
  // The kommunal units never close; only a one-provider kommun can leave nothing to switch to.
  if (open.length === 0) return avoid ?? catalogue[0];
  return open[rng.weighted(open.map((u) => u.weight))];
}

/** Whether an utförare can carry an assignment lasting until `needUntil` (null: open-ended). */
export function canContinue(u: Utforare, needUntil: Day | null): boolean {
  const until = needUntil ?? Number.POSITIVE_INFINITY;
  return (
    until <= (u.lastAssignment ?? Number.POSITIVE_INFINITY) &&
    until <= (u.godkandTom ?? Number.POSITIVE_INFINITY)
  );
}

export function utforareRow(kommun: string, u: Utforare): UtforareRow {
  return {
    kommun,
    utforare: u.code,
    namn: u.namn,
    regi: u.regi,
    godkand_from: isoDay(u.godkandFrom),
    godkand_tom: u.godkandTom === null ? null : isoDay(u.godkandTom),
  };
}
