/**
 * Persons: who they are (personnummer, kön, age, lagrum and insats) and how they use the
 * insats (how much of the granted time they book, how often they cancel). Also the
 * population of an area over time: those already served when the period begins, and
 * the applicants who arrive during it.
 */
import type { Insats, Kon, Lagrum, TimmarPer } from "../contract.ts";
import { addYears, type Day } from "./calendar.ts";
import type { Area, Kommun, Window } from "./kommuner.ts";
import { CASE, HOURS, OMKOSTNAD, USE } from "./params.ts";
import { PnrRegistry } from "./pnr.ts";
import type { Rng } from "./rng.ts";

export interface Person {
  kommun: Kommun;
  area: Area;
  pnr: string;
  kon: Kon;
  birth: Day;
  lagrum: Lagrum;
  insats: Insats;
  timmarPer: TimmarPer;
  personligAssistans: boolean;
  /** Sökta timmar per month the person needs, before renewals drift it. */
  need: number;
  /** Share of the granted time the person books. */
  usage: number;
  /** Probability that the person cancels a booked occasion. */
  brukareCancel: number;
  /** Whether the person claims the monthly amount for own costs (R10). */
  manadsbelopp: boolean;
  handlaggare: string;
}

/** Age at the start of the episode: [from, to, weight] — children to the very old. */
const AGES: [number, number, number][] = [
  [4, 17, 0.15],
  [18, 29, 0.17],
  [30, 49, 0.25],
  [50, 64, 0.2],
  [65, 79, 0.15],
  [80, 92, 0.08],
];

function lagrumAndInsats(rng: Rng, age: number): [Lagrum, Insats] {
  // Children get LSS (sometimes avlösarservice); SoL ledsagning dominates after 65,
  // since LSS must be granted before that age.
  if (age < 18) return ["LSS", rng.chance(0.35) ? "avlosarservice" : "ledsagarservice"];
  const lss = age < 65 ? 0.65 : 0.2;
  return rng.chance(lss) ? ["LSS", "ledsagarservice"] : ["SoL", "ledsagning"];
}

export function handlaggarePool(area: Area): number {
  return Math.max(2, Math.round(area.persons / 25));
}

export function drawHandlaggare(rng: Rng, area: Area): string {
  return `${area.handlaggarePrefix}-${String(rng.int(1, handlaggarePool(area))).padStart(2, "0")}`;
}

export function createPerson(
  rng: Rng,
  kommun: Kommun,
  area: Area,
  start: Day,
  w: Window,
  pnrs: PnrRegistry,
): Person {
  const kon: Kon = rng.chance(CASE.shareWomen) ? "K" : "M";
  const group = AGES[rng.weighted(AGES.map((a) => a[2]))];
  // Nobody reaches 100 within the period, so every personnummer keeps its "-".
  const maxAge = Math.floor((start - addYears(w.end, -99)) / 365.25) - 1;
  const age = Math.min(rng.int(group[0], group[1]), maxAge);
  const birth = start - Math.round((age + rng.next()) * 365.25);
  const [lagrum, insats] = lagrumAndInsats(rng, age);
  const median =
    (lagrum === "LSS" ? HOURS.medianLss : HOURS.medianSol) *
    (age < 18 ? HOURS.childFactor : age >= 65 ? HOURS.elderlyFactor : 1) *
    area.hoursFactor *
    (kon === "M" ? area.menHoursFactor : 1);
  const need = Math.round(Math.min(HOURS.max, Math.max(HOURS.min, rng.lognormal(median, HOURS.sigma))));
  const usage = rng.chance(USE.pLowUser)
    ? rng.uniform(USE.lowUsage[0], USE.lowUsage[1])
    : Math.min(1, Math.max(0.35, USE.usageMean + USE.usageSd * rng.normal()));
  return {
    kommun,
    area,
    pnr: pnrs.draw(rng, birth, kon),
    kon,
    birth,
    lagrum,
    insats,
    timmarPer: rng.chance(CASE.pWeekly) ? "vecka" : "manad",
    personligAssistans: rng.chance(CASE.pPersonligAssistans),
    need,
    usage,
    brukareCancel: rng.chance(USE.pSickly)
      ? USE.sicklyCancel
      : rng.uniform(USE.brukareCancel[0], USE.brukareCancel[1]),
    manadsbelopp: rng.chance(OMKOSTNAD.pManadsbeloppUser),
    handlaggare: drawHandlaggare(rng, area),
  };
}

/** When a person enters: `initial` persons are served already when the simulation starts. */
export interface Arrival {
  index: number;
  day: Day;
  initial: boolean;
}

/** Days simulated before the period, so that beslut running into it exist and look lived-in. */
export const BURN_IN_DAYS = 400;

/**
 * The arrivals of an area: its steady-state number of persons at the start, then new
 * applicants as a Poisson process whose rate replaces those who leave (exit and renewal
 * avslag) and allows for first-time avslag.
 */
export function* arrivals(rng: Rng, area: Area, w: Window): Generator<Arrival> {
  const t0 = w.start - BURN_IN_DAYS;
  const initial = Math.floor(area.persons) + (rng.chance(area.persons % 1) ? 1 : 0);
  let index = 0;
  for (; index < initial; index++) yield { index, day: t0, initial: true };
  const leavePerYear = 1 / CASE.episodeMeanYears + CASE.pAvslagRenewal * area.avslagFactor;
  const grantShare = 1 - Math.min(0.9, CASE.pAvslagNew * area.avslagFactor);
  const perDay = (area.persons * leavePerYear) / grantShare / 365.25;
  if (perDay <= 0) return;
  for (let day = t0 + rng.exponential(1 / perDay); day <= w.end; day += rng.exponential(1 / perDay)) {
    yield { index: index++, day: Math.floor(day), initial: false };
  }
}
