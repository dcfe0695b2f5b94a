/**
 * The behavioural parameters of the synthetic model, in one place. Values are chosen to
 * land on the figures the sources give (utförandegrad 50–65 %, 60 % women, granted hours
 * typically 8–40 a month) and are described in data/SYNTHETIC.md.
 */

/** Who applies, and what happens to the ansökan. */
export const CASE = {
  shareWomen: 0.6,
  /** Mean time a person keeps needing the insats (exit hazard besides renewal avslag). */
  episodeMeanYears: 7,
  /** Avslag probabilities before the stadsdel's factor. */
  pAvslagNew: 0.14,
  pAvslagRenewal: 0.025,
  pAvslagChange: 0.2,
  /** Share of those refused who apply again, 2–10 months later. */
  pReapply: 0.25,
  /** Share of beslut followed by an ansökan om ändring before they expire. */
  pChange: 0.1,
  /** Share of changes that are a change of utförare rather than of hours. */
  pChangeIsUtforare: 0.3,
  pUtforareChangeAtRenewal: 0.07,
  /** Renewal decided after the old beslut expired: hours keep being performed (R15). */
  pLateRenewal: 0.05,
  /** After avslag on a förlängning, the utförare sometimes works on a few days (R15). */
  pTailAfterAvslag: 0.3,
  /** Beslut without giltig_tom (R1). */
  pNoEndDate: 0.01,
  /** Persons whose hours are granted per week rather than per month. */
  pWeekly: 0.07,
  /** Persons who also have personlig assistans (R11); most of them are refused. */
  pPersonligAssistans: 0.012,
  pAvslagPersonligAssistans: 0.6,
  /** Rows with kön left empty (derivable from the personnummer). */
  pKonEmpty: 0.015,
  /** Beslut over 44 h/month decided by a handläggare nonetheless (R12). */
  pDelegationBreach: 0.12,
  delegationLimit: 44,
  pLateBestallning: 0.03,
  pLateGenomforandeplan: 0.08,
  pMissingGenomforandeplan: 0.03,
  pLateUppfoljning: 0.06,
} as const;

/** Validity of a beslut in months (the rest of the probability: 12 months). */
export const BESLUT_LENGTH = [
  { months: 3, p: 0.03 },
  { months: 6, p: 0.12 },
  { months: 24, p: 0.13 },
] as const;

/** Sökta timmar per month: log-normal by lagrum, scaled by age, stadsdel and (planted) kön. */
export const HOURS = {
  medianLss: 20,
  medianSol: 12,
  sigma: 0.4,
  childFactor: 0.85,
  elderlyFactor: 0.8,
  min: 2,
  max: 120,
  /** A delavslag grants this share of what was sought. */
  delavslagShare: [0.5, 0.85],
  /** An ansökan om ändring asks for this much more than the current beslut. */
  changeIncrease: [1.15, 1.6],
} as const;

/** Booking and cancelling behaviour: utförandegrad = booked share × performed share. */
export const USE = {
  pLowUser: 0.12,
  lowUsage: [0.05, 0.35],
  usageMean: 0.75,
  usageSd: 0.12,
  monthSigma: 0.25,
  /** Seasonal booking factor per calendar month (summer holidays, December). */
  season: [1.03, 1.03, 1.03, 1.03, 1.03, 0.92, 0.75, 0.9, 1.03, 1.03, 1.03, 0.92],
  pSickly: 0.15,
  sicklyCancel: 0.28,
  brukareCancel: [0.06, 0.14],
  ledsagareCancel: 0.05,
  utforareCancel: 0.02,
  /** Share of brukare cancellations caused by sickness (last-minute, mostly sen avbokning). */
  pSickness: 0.6,
  pRebookShort: 0.45,
  pRebookLong: 0.3,
  pRebookLedsagare: 0.55,
  pRebookUtforare: 0.4,
  /** Share of brukare cancellations placed exactly at 11:59, 12:00 or 12:01 the day before. */
  pNoonEdge: 0.03,
  /** Share placed exactly seven days (168 h) before the planned start. */
  pSevenDayEdge: 0.02,
  weekendWeight: 1.6,
  /** A short occasion (under the one-hour minimum debit, R7). */
  pShortOccasion: 0.02,
} as const;

/** Occasion length in hours and its weight. */
export const DURATIONS: readonly (readonly [number, number])[] = [
  [1, 8], [1.5, 6], [2, 18], [2.5, 10], [3, 20], [3.5, 6], [4, 14], [5, 8], [6, 6],
];

export const OMKOSTNAD = {
  schablonPerHour: 6,
  manadsbeloppMax: 300,
  pManadsbeloppUser: 0.45,
  pManadsbeloppMonth: 0.85,
  perOccasionCost: [20, 150],
  pSarskildPerOccasion: 0.006,
  sarskild: [310, 2500],
} as const;
