/**
 * Kysely types of the rules engine's output tables (etl/engine/store.ts builds
 * them). Queries aggregate these tables only: the engine is the one place a rule
 * is applied, and a measure here is a sum over its rows.
 *
 * DATE columns come back from kysely-duckdb as JS Date; counts as bigint. Pass
 * every result through `toJsonSafe` (queries/convert.ts) before it leaves.
 */
import type { ColumnType } from "kysely";

type D = ColumnType<Date, string, string>;
type DN = ColumnType<Date | null, string | null, string | null>;
type Dims = {
  arende_id: string;
  kommun: string;
  stadsdel_nu: string | null;
  lagrum: string | null;
  insats: string;
  kon: string;
  fodelsear: number;
};

export const MANAD_MEASURES = [
  "giltiga_dagar", "beviljade_h", "utforda_h", "utforda_dag_h", "utforda_kvall_h", "utforda_natt_h",
  "utforda_helg_h", "utforda_storhelg_h", "utforda_utan_beslut_h", "tillfallen", "sen_avbokning_h",
  "kort_avbokning_h", "forbrukade_h", "avbokad_brukare_h", "avbokad_ledsagare_h", "antal_avbokningar_brukare",
  "antal_avbokningar_ledsagare", "saldo_h", "forverkade_h", "overforbrukade_h", "gap_sen_avbokning_h",
  "gap_brukare_avbokning_h", "gap_ledsagare_avbokning_h", "gap_forverkade_h", "gap_aldrig_bokade_h",
  "debiterade_h", "minsta_debitering_tillagg_h", "kostnad_kr", "kostnad_sen_avbokning_kr", "timmar_utan_ersattning_h",
  "schablon_intjanad_kr", "omkostnad_faktisk_kr", "sarskild_kr", "antal_sarskilda", "manadsbelopp_ram_kr",
  "manadsbelopp_kr", "manadsbelopp_ersatt_kr", "manadsbelopp_over_kr",
] as const;
export type ManadMeasure = (typeof MANAD_MEASURES)[number];

export type LedgerManadTable = Dims & {
  stadsdel: string | null;
  utforare: string | null;
  regi: string | null;
  beslut_id: string | null;
  manad: D;
  ar: number;
  tertial: number;
  period_start: D;
  period_slut: D;
} & Record<ManadMeasure, number>;

export type LedgerUtforareManadTable = Dims & {
  utforare: string;
  utforare_namn: string | null;
  regi: string | null;
  manad: D;
  ar: number;
  tertial: number;
  utforda_h: number;
  tillfallen: number;
  debiterade_h: number;
  kostnad_kr: number;
  sen_avbokning_h: number;
  avbokad_brukare_h: number;
  avbokad_ledsagare_h: number;
  antal_avbokningar_brukare: number;
  antal_avbokningar_ledsagare: number;
  schablon_intjanad_kr: number;
  omkostnad_faktisk_kr: number;
};

export type LedgerPeriodTable = {
  arende_id: string;
  kommun: string;
  stadsdel_nu: string | null;
  period_start: D;
  period_slut: D;
  forverkas_datum: DN;
  period_manader: number;
  stangd: boolean;
  utan_beslut: boolean;
  beviljade_h: number;
  utforda_h: number;
  forbrukade_h: number;
  forverkade_h: number;
  /** The gap's parts over the period (ledsagarens and brukarens avbokningar, never booked): docs/RULES.md. */
  forverkade_brukare_h: number;
  forverkade_ledsagare_h: number;
  forverkade_utan_avbokning_h: number;
  overforbrukade_h: number;
  manadsbelopp_ram_kr: number;
  manadsbelopp_kr: number;
  manadsbelopp_ersatt_kr: number;
  regel: string | null;
  kalla: string | null;
  orsak: string | null;
};

export type ArendeTable = Dims & {
  person_id: string;
  stadsdel: string | null;
  utfall_senaste: string;
  utforare_senaste: string | null;
  antal_beslut: number;
  antal_bifall: number;
  antal_delavslag: number;
  antal_avslag: number;
  forsta_ansokan: DN;
  senaste_beslut: DN;
  forsta_giltig_from: DN;
  sista_giltig_tom: DN;
  forsta_manad: DN;
  sista_manad: DN;
  beviljade_h: number;
  utforda_h: number;
  forbrukade_h: number;
  forverkade_h: number;
  kostnad_kr: number;
  antal_flaggor: number;
  flaggor: string[];
  regelverk: string;
  regelverk_standard: boolean;
};

export type ArendeHandelseTable = {
  arende_id: string;
  kommun: string;
  seq: number;
  typ: string;
  klass: string;
  datum: D;
  tid: DN;
  manad: D;
  timmar: number | null;
  belopp: number | null;
  forbrukad: boolean | null;
  utforare: string | null;
  beslut_id: string | null;
  regel: string | null;
  kalla: string | null;
  orsak: string;
};

export type ArendeFlaggaTable = Dims & {
  stadsdel: string | null;
  regel: string;
  kalla: string;
  datum: D;
  beslut_id: string | null;
  niva: string;
  orsak: string;
};

export type ArendeBeslutTable = Dims & {
  stadsdel: string;
  beslut_id: string;
  utfall: string;
  ansokan_datum: D;
  beslut_datum: D;
  giltig_from: DN;
  giltig_tom: DN;
  sokta_timmar: number | null;
  beviljade_timmar: number | null;
  timmar_per: string;
  sokta_per_manad: number | null;
  beviljade_per_manad: number | null;
  handlaggare: string | null;
  beslutsniva: string | null;
  utforare: string | null;
  personlig_assistans: boolean;
  orsak: string | null;
};

export type UtforareArTable = {
  kommun: string;
  utforare: string;
  namn: string | null;
  regi: string | null;
  ar: number;
  arenden: number;
  utforda_h: number;
  beslut: number;
};

export type UtforareFlaggaTable = {
  kommun: string;
  utforare: string;
  namn: string | null;
  regi: string | null;
  regel: string;
  kalla: string;
  datum: D;
  fonster_fran: D;
  fonster_till: D;
  orsak: string;
};

export type EngineKorningTable = {
  korning: D;
  horisont: D;
  arenden: number;
  ms: number;
  regelverk: string;
};

/** The engine's output tables, for Kysely. */
export interface EngineTables {
  ledger_manad: LedgerManadTable;
  ledger_utforare_manad: LedgerUtforareManadTable;
  ledger_period: LedgerPeriodTable;
  arende: ArendeTable;
  arende_handelse: ArendeHandelseTable;
  arende_flagga: ArendeFlaggaTable;
  arende_beslut: ArendeBeslutTable;
  utforare_ar: UtforareArTable;
  utforare_flagga: UtforareFlaggaTable;
  engine_korning: EngineKorningTable;
}
