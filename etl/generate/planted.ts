/**
 * The differences planted in the synthetic data on purpose, so that tests can prove the
 * dashboards find them (data/SYNTHETIC.md describes them in words). The generator reads
 * these constants: they are the single source of the planted effects, not a copy.
 */

/** One mid-sized stadsdel whose name never changed refuses (avslag) twice as often. */
export const PLANTED_AVSLAG = {
  kommun: "Stockholm",
  stadsdel: "Farsta",
  /** Multiplies every avslag probability (new ansökan, förlängning, ändring) of the stadsdel. */
  factor: 2,
} as const;

/** One large private utförare that performs about a quarter of the granted hours. */
export const PLANTED_WEAK_UTFORARE = {
  kommun: "Stockholm",
  utforare: "U05",
  namn: "Följeslagarna Omsorg AB",
  /** Expected utförda / beviljade over its beslut (the others: about 0.5–0.65). */
  utforandegrad: 0.25,
  /** How it gets there: fewer occasions booked, many cancelled for want of staff. */
  bookingFactor: 0.5,
  ledsagareCancel: 0.08,
  utforareCancel: 0.25,
} as const;

/** In one stadsdel men are granted more hours than women; elsewhere kön makes no difference. */
export const PLANTED_KON_HOURS = {
  kommun: "Stockholm",
  stadsdel: "Södermalm",
  /** Ratio of the median sökta (and so beviljade) timmar of men to women. */
  menOverWomen: 1.35,
} as const;

/**
 * Stockholm utförare that have had no assignment for over twelve months (R17): no beslut
 * of theirs is valid, and no hours are performed, after `endDate - 12 months - daysBefore`.
 * Those with `contractEnded` have godkand_tom set (the contract was ended, correctly);
 * the others still have an open contract and are the ones R17 should flag.
 */
export const PLANTED_DORMANT_UTFORARE = [
  { utforare: "U48", daysBefore: 45, contractEnded: false },
  { utforare: "U49", daysBefore: 100, contractEnded: false },
  { utforare: "U50", daysBefore: 170, contractEnded: false },
  { utforare: "U51", daysBefore: 260, contractEnded: true },
  { utforare: "U52", daysBefore: 420, contractEnded: true },
] as const;
