/**
 * The engine's input (one case, with day and minute numbers instead of text dates) and
 * output (ledgers, events and flags, each with its reason). The store module maps rows
 * of the loaded tables onto the input; the case page and the tests read the output.
 */
import type {
  AvbokadAv,
  Insats,
  Kon,
  Lagrum,
  OmkostnadTyp,
  Regi,
  Tidstyp,
  TimmarPer,
  Utfall,
} from "../contract.ts";
import type { Day, Minute, Month } from "./dates.ts";
import type { RuleId } from "./regelverk.ts";

// ---------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------

export interface BeslutIn {
  beslutId: string;
  stadsdel: string;
  lagrum: Lagrum;
  insats: Insats;
  ansokanDatum: Day;
  beslutDatum: Day;
  utfall: Utfall;
  soktaTimmar: number | null;
  beviljadeTimmar: number | null;
  timmarPer: TimmarPer;
  giltigFrom: Day | null;
  giltigTom: Day | null;
  beslutsniva: string | null;
  personligAssistans: boolean;
  utforare: string | null;
  bestallningDatum: Day | null;
  genomforandeplanDatum: Day | null;
  senasteUppfoljning: Day | null;
}

/**
 * Utförda timmar of one day, utförare and tidstyp (the store pre-aggregates rows to this
 * grain; a test may pass single rows). `tillfallen` counts the rows with hours > 0 and
 * `minstaTillagg` is Σ max(0, 1 − timmar) over them: what R7 adds when each row is its own
 * tillfälle and the minimum is one hour. The engine uses them only in that mode.
 */
export interface UtfordaIn {
  datum: Day;
  utforare: string;
  tidstyp: Tidstyp;
  timmar: number;
  tillfallen: number;
  /** Per-row top-up to one hour, see above; computed for a one-hour minimum. */
  minstaTillagg: number;
}

export interface AvbokningIn {
  utforare: string;
  planeradStart: Minute;
  avbokadTid: Minute;
  avbokadAv: AvbokadAv;
  timmar: number;
  ombokad: boolean;
  orsak: string | null;
}

export interface OmkostnadIn {
  utforare: string;
  datum: Day;
  belopp: number;
  typ: OmkostnadTyp;
  aktivitet: string | null;
}

/** One ärende: a person's beslut for one insats in one kommun, and what happened under them. */
export interface CaseInput {
  arendeId: string;
  kommun: string;
  insats: Insats;
  kon: Kon;
  fodelsear: number;
  beslut: BeslutIn[];
  utforda: UtfordaIn[];
  avbokningar: AvbokningIn[];
  omkostnader: OmkostnadIn[];
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/** Why a number or flag is what it is: the rule, its source passage, a Swedish sentence. */
export interface Reason {
  regel: RuleId | null;
  kalla: string;
  text: string;
}

export const TIDSTYP_INDEX: Record<Tidstyp, number> = { dag: 0, kvall: 1, natt: 2, helg: 3, storhelg: 4 };

/** One month of a case. All hours are DOUBLE hours, all amounts kronor. */
export interface ManadLedger {
  manad: Month;
  periodStart: Month;
  periodSlut: Month;
  /** The beslut in force on the month's last valid day (or the latest before it). */
  beslutId: string | null;
  utforare: string | null;
  stadsdel: string | null;
  lagrum: Lagrum | null;
  insats: Insats | null;
  giltigaDagar: number;
  beviljade: number;
  /** Utförda per tidstyp, in TIDSTYP order (dag, kvall, natt, helg, storhelg). */
  utfordaTidstyp: [number, number, number, number, number];
  utforda: number;
  /** R15: hours performed on days with no valid beslut (included in utforda). */
  utfordaUtanBeslut: number;
  tillfallen: number;
  senAvbokning: number;
  kortAvbokning: number;
  forbrukade: number;
  avbokadBrukare: number;
  avbokadLedsagare: number;
  antalAvbokningarBrukare: number;
  antalAvbokningarLedsagare: number;
  /** Balance within the flex period at the month's end, before any lapse. */
  saldo: number;
  forverkade: number;
  overforbrukade: number;
  gapSenAvbokning: number;
  gapBrukareAvbokning: number;
  gapLedsagareAvbokning: number;
  gapForverkade: number;
  gapAldrigBokade: number;
  debiteradeTimmar: number;
  minstaDebiteringTillagg: number;
  kostnad: number;
  kostnadSenAvbokning: number;
  /** Hours paid for which no ersättning level was in force (R18 missing). */
  timmarUtanErsattning: number;
  schablonIntjanad: number;
  omkostnadFaktisk: number;
  sarskildKr: number;
  antalSarskilda: number;
  manadsbeloppRam: number;
  manadsbelopp: number;
  manadsbeloppErsatt: number;
  manadsbeloppOver: number;
}

/** The same hours and amounts per utförare who actually worked or cancelled in the month. */
export interface UtforareManadLedger {
  manad: Month;
  utforare: string;
  regi: Regi | null;
  utforda: number;
  tillfallen: number;
  debiteradeTimmar: number;
  kostnad: number;
  senAvbokning: number;
  avbokadBrukare: number;
  avbokadLedsagare: number;
  antalAvbokningarBrukare: number;
  antalAvbokningarLedsagare: number;
  schablonIntjanad: number;
  omkostnadFaktisk: number;
  /** The first and last day this month with hours performed (> 0): R17's activity windows. */
  forstaDag: Day | null;
  sistaDag: Day | null;
}

export interface PeriodLedger {
  start: Month;
  slut: Month;
  /** The period ended (its last day is on or before the horizon): förverkade are final. */
  stangd: boolean;
  /** The day its hours lapse (lapsed): the period's last day, or the beslut's end if earlier. */
  slutDag: Day;
  /** The period holds only months without a valid beslut (hours outside any beslut, R15). */
  utanBeslut: boolean;
  periodManader: number;
  beviljade: number;
  utforda: number;
  forbrukade: number;
  forverkade: number;
  /** The lapse explained: by the utförare side's cancellations, by the brukare's, by none. */
  forverkadeLedsagare: number;
  forverkadeBrukare: number;
  forverkadeUtanAvbokning: number;
  overforbrukade: number;
  manadsbeloppRam: number;
  manadsbelopp: number;
  manadsbeloppErsatt: number;
  reason: Reason;
}

/**
 * Events of a case. Beslut and period reasons live on `beslut` and `perioder`, the
 * ersättning levels on `ersattning`: each reason is stated once.
 */
export type HandelseTyp = "avbokning" | "minsta_debitering" | "omkostnad";

export interface Handelse {
  typ: HandelseTyp;
  /** A code per typ, e.g. sen_avbokning, kort_avbokning, ledsagarens_avbokning. */
  klass: string;
  datum: Day;
  /** Exact time where the source has one (avbokningar). */
  tid: Minute | null;
  manad: Month;
  timmar: number | null;
  belopp: number | null;
  forbrukad: boolean | null;
  utforare: string | null;
  beslutId: string | null;
  reason: Reason;
}

export interface Flagga {
  regel: RuleId;
  kalla: string;
  datum: Day;
  beslutId: string | null;
  /** "brist": the data show a defect; "indikation": the data only suggest one (R16). */
  niva: "brist" | "indikation";
  text: string;
}

/** Per beslut: the granted and sought hours converted to month hours (likabedömning). */
export interface BeslutUtfall {
  beslutId: string;
  soktaPerManad: number | null;
  beviljadePerManad: number | null;
  reason: Reason | null;
}

export interface CaseResult {
  arendeId: string;
  kommun: string;
  regelverkFil: string;
  regelverkStandard: boolean;
  manader: ManadLedger[];
  utforareManader: UtforareManadLedger[];
  perioder: PeriodLedger[];
  handelser: Handelse[];
  flaggor: Flagga[];
  beslut: BeslutUtfall[];
  /** The ersättning levels (R18) the case was priced at, one per year and regi. */
  ersattning: { ar: number; regi: Regi; reason: Reason }[];
}

export interface EngineContext {
  /** The last day the data cover: periods ending after it are still open. */
  horisont: Day;
  /** The regi of an utförare in the case's kommun (null: not in the utförare file). */
  regi(utforare: string): Regi | null;
}
