/**
 * The measures registry: every figure the product shows is defined here, once.
 *
 * A measure is an SQL aggregate over the rows of one engine output table (its
 * `scope`, see queries/selection.ts), selected by `filterWhere`. The overview,
 * the dashboards, the report, the CSV exports and the case list all compute a
 * figure through `aggregate()` (queries/aggregate.ts) from this entry, so the
 * same filter gives the same number everywhere, and grouping by `arende_id`
 * gives the cases behind it.
 *
 * `expr` is trusted, static SQL (never built from input): it may name only
 * columns of its scope's table (queries/schema.ts). Ratios are written as
 * sum/sum, never as a mean of per-case ratios, so they are the ratio of two
 * additive figures the drilldown can reproduce (`parts`).
 */
import type { Scope } from "./selection.ts";

export type Unit = "h" | "kr" | "andel" | "antal";

/**
 * How a measure behaves when its rows are split by `arende_id`:
 * - `sum`: the per-case values add up to the total;
 * - `count`: a count of distinct cases, also additive over cases (each case counts once);
 * - `ratio`: numerator/denominator of two additive measures (`parts`), not additive itself;
 * - `quantile`: a median or other order statistic, not additive.
 */
export type Kind = "sum" | "count" | "ratio" | "quantile";

export interface MeasureDef {
  label: string;
  /** A short label for narrow table headers and chart legends. */
  short?: string;
  unit: Unit;
  scope: Scope;
  kind: Kind;
  /** The SQL aggregate over the scope's table. */
  expr: string;
  /** For ratios: the additive measures it is numerator / denominator of. */
  parts?: readonly [MeasureId, MeasureId];
  /** One Swedish sentence: what it counts, from which rows. */
  definition: string;
  /** Rule ids of ../shared/DOMAIN.md the figure rests on. */
  rules: readonly string[];
  /**
   * URL parameters of the case list (/arenden) that select exactly the rows this
   * measure counts, beyond the shared filters (e.g. `utfall=avslag`).
   */
  drill?: Readonly<Record<string, string>>;
}

/** Cases with granted or performed hours in a month: "personer med insats". */
const AKTIV = "(beviljade_h > 0 OR utforda_h > 0)";

const def = <const T extends Record<string, Omit<MeasureDef, "parts"> & { parts?: readonly [string, string] }>>(t: T) => t;

const REGISTRY = def({
  // ---- scope manad: ledger_manad, one row per case and month --------------------------------
  personer: {
    label: "Personer med insats",
    short: "Personer",
    unit: "antal",
    scope: "manad",
    kind: "count",
    expr: `count(DISTINCT arende_id) FILTER (WHERE ${AKTIV})`,
    definition:
      "Antal ärenden (en person med en insats) som under perioden hade beviljade timmar eller utförda timmar någon månad. En person med både ledsagarservice och ledsagning räknas en gång per insats.",
    rules: ["R1", "R15"],
  },
  personer_kvinnor: {
    label: "Kvinnor med insats",
    short: "Kvinnor",
    unit: "antal",
    scope: "manad",
    kind: "count",
    expr: `count(DISTINCT arende_id) FILTER (WHERE ${AKTIV} AND kon = 'K')`,
    definition: "Antal av personerna med insats som är kvinnor (kön enligt personnumret).",
    drill: { kon: "K" },
    rules: [],
  },
  andel_kvinnor: {
    label: "Andel kvinnor",
    unit: "andel",
    scope: "manad",
    kind: "ratio",
    expr: `(count(DISTINCT arende_id) FILTER (WHERE ${AKTIV} AND kon = 'K'))::DOUBLE / nullif(count(DISTINCT arende_id) FILTER (WHERE ${AKTIV}), 0)`,
    parts: ["personer_kvinnor", "personer"],
    definition: "Kvinnor med insats delat med alla personer med insats under perioden.",
    rules: [],
  },
  beviljade: {
    label: "Beviljade timmar",
    short: "Beviljade",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(beviljade_h)",
    definition:
      "Timmar enligt de beslut som gällde under perioden, fördelade per dag (dagar beslutet gällde delat med dagarna i månaden); beslut per vecka räknas om med 52/12.",
    rules: ["R1", "R2"],
  },
  utforda: {
    label: "Utförda timmar",
    short: "Utförda",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(utforda_h)",
    definition: "Timmar som utförarna rapporterat som utförda, alla tidstyper (dag, kväll, natt, helg, storhelg).",
    rules: ["R18"],
  },
  utforda_dag: { label: "Utförda timmar, dag", short: "Dag", unit: "h", scope: "manad", kind: "sum", expr: "sum(utforda_dag_h)", definition: "Utförda timmar av tidstypen dag (07–19 vardagar).", rules: ["R18"] },
  utforda_kvall: { label: "Utförda timmar, kväll", short: "Kväll", unit: "h", scope: "manad", kind: "sum", expr: "sum(utforda_kvall_h)", definition: "Utförda timmar av tidstypen kväll (19–22 vardagar).", rules: ["R18"] },
  utforda_natt: { label: "Utförda timmar, natt", short: "Natt", unit: "h", scope: "manad", kind: "sum", expr: "sum(utforda_natt_h)", definition: "Utförda timmar av tidstypen natt (22–07).", rules: ["R18"] },
  utforda_helg: { label: "Utförda timmar, helg", short: "Helg", unit: "h", scope: "manad", kind: "sum", expr: "sum(utforda_helg_h)", definition: "Utförda timmar av tidstypen helg (fredag 19 – måndag 07).", rules: ["R18"] },
  utforda_storhelg: { label: "Utförda timmar, storhelg", short: "Storhelg", unit: "h", scope: "manad", kind: "sum", expr: "sum(utforda_storhelg_h)", definition: "Utförda timmar av tidstypen storhelg.", rules: ["R18"] },
  utforda_utan_beslut: {
    label: "Utförda timmar utan gällande beslut",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(utforda_utan_beslut_h)",
    definition: "Utförda timmar på dagar då inget beslut gällde (ingår i utförda timmar; en brist).",
    rules: ["R15"],
  },
  forbrukade: {
    label: "Förbrukade timmar",
    short: "Förbrukade",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(forbrukade_h)",
    definition:
      "Utförda timmar plus timmar som räknas som förbrukade enligt avbokningsreglerna: sen avbokning av brukaren (R3) och kort avbokning som inte bokats om (R4).",
    rules: ["R3", "R4", "R5"],
  },
  forverkade: {
    label: "Förverkade timmar",
    short: "Förverkade",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(forverkade_h)",
    definition:
      "Beviljade timmar som inte förbrukats när flexperioden tog slut och därför förföll; räknas i periodens sista månad.",
    rules: ["R2"],
  },
  utforandegrad: {
    label: "Utförandegrad",
    unit: "andel",
    scope: "manad",
    kind: "ratio",
    expr: "sum(utforda_h) / nullif(sum(beviljade_h), 0)",
    parts: ["utforda", "beviljade"],
    definition: "Utförda timmar delat med beviljade timmar under perioden.",
    rules: ["R1", "R2"],
  },
  forbrukningsgrad: {
    label: "Förbrukningsgrad",
    unit: "andel",
    scope: "manad",
    kind: "ratio",
    expr: "sum(forbrukade_h) / nullif(sum(beviljade_h), 0)",
    parts: ["forbrukade", "beviljade"],
    definition: "Förbrukade timmar (utförda och förbrukade genom avbokning) delat med beviljade timmar.",
    rules: ["R2", "R3", "R4"],
  },
  gap: {
    label: "Beviljade men inte utförda timmar",
    short: "Gap",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(beviljade_h - utforda_h)",
    definition: "Beviljade timmar minus utförda timmar; summan av de fem delarna nedan.",
    rules: ["R2", "R3", "R4", "R5"],
  },
  gap_sen_avbokning: {
    label: "Sen avbokning",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(gap_sen_avbokning_h)",
    definition: "Timmar som brukaren avbokade för sent och som därför räknas som förbrukade utan att utföras.",
    rules: ["R3", "R4"],
  },
  gap_brukare_avbokning: {
    label: "Brukarens avbokning",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(gap_brukare_avbokning_h)",
    definition:
      "Timmar som inte utfördes för att brukaren avbokade i tid (kort avbokning utan ombokning, och förverkade timmar som motsvaras av brukarens avbokningar).",
    rules: ["R2", "R4", "R6"],
  },
  gap_ledsagare_avbokning: {
    label: "Ledsagarens eller utförarens avbokning",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(gap_ledsagare_avbokning_h)",
    definition:
      "Förverkade timmar som motsvaras av avbokningar från ledsagaren eller utföraren (sjukdom, hinder, brist på personal); brukaren behåller timmarna inom perioden.",
    rules: ["R2", "R5"],
  },
  gap_forverkade: {
    label: "Förverkade utan avbokning",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(gap_forverkade_h)",
    definition: "Timmar som förföll vid flexperiodens slut utan att någon avbokning förklarar dem.",
    rules: ["R2"],
  },
  gap_aldrig_bokade: {
    label: "Aldrig bokade (ännu)",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(gap_aldrig_bokade_h)",
    definition:
      "Resten av skillnaden: timmar som inte bokats under månaden men ännu inte förfallit (de kan användas senare i flexperioden). Kan vara negativ när sparade timmar används.",
    rules: ["R2"],
  },
  sen_avbokning: {
    label: "Sent avbokade timmar",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(sen_avbokning_h)",
    definition: "Timmar i avbokningar som brukaren gjorde efter kl. 12 dagen före (Stockholm) och som betalas som utförda.",
    rules: ["R3"],
  },
  kort_avbokning: {
    label: "Kort avbokade timmar utan ombokning",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(kort_avbokning_h)",
    definition: "Timmar i brukarens avbokningar en vecka eller kortare före, som inte bokats om och därför förbrukats (Värmdö).",
    rules: ["R4"],
  },
  avbokad_brukare: {
    label: "Avbokade timmar, brukaren",
    short: "Avbokat av brukaren",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(avbokad_brukare_h)",
    definition: "Timmar i alla avbokningar som brukaren gjort, oavsett när.",
    rules: ["R3", "R4", "R6"],
  },
  avbokad_ledsagare: {
    label: "Avbokade timmar, ledsagaren/utföraren",
    short: "Avbokat av ledsagare eller utförare",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(avbokad_ledsagare_h)",
    definition: "Timmar i avbokningar som ledsagaren eller utföraren gjort.",
    rules: ["R5"],
  },
  antal_avbokningar_brukare: {
    label: "Avbokningar av brukaren",
    unit: "antal",
    scope: "manad",
    kind: "sum",
    expr: "sum(antal_avbokningar_brukare)",
    definition: "Antal avbokningstillfällen gjorda av brukaren.",
    rules: ["R6"],
  },
  antal_avbokningar_ledsagare: {
    label: "Avbokningar av ledsagaren/utföraren",
    unit: "antal",
    scope: "manad",
    kind: "sum",
    expr: "sum(antal_avbokningar_ledsagare)",
    definition: "Antal avbokningstillfällen gjorda av ledsagaren eller utföraren.",
    rules: ["R5"],
  },
  tillfallen: {
    label: "Utförda tillfällen",
    unit: "antal",
    scope: "manad",
    kind: "sum",
    expr: "sum(tillfallen)",
    definition: "Antal rapporterade tillfällen med utförda timmar.",
    rules: ["R7"],
  },
  debiterade: {
    label: "Ersatta timmar",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(debiterade_h)",
    definition: "Timmar som utföraren får ersättning för: utförda (minst en timme per tillfälle) och sent avbokade.",
    rules: ["R3", "R7", "R18"],
  },
  kostnad: {
    label: "Kostnad för ersatta timmar",
    short: "Kostnad",
    unit: "kr",
    scope: "manad",
    kind: "sum",
    expr: "sum(kostnad_kr)",
    definition:
      "Ersättning till utförarna: ersatta timmar per tidstyp gånger timpriset för året och regiformen; sen avbokning till dag-pris.",
    rules: ["R3", "R7", "R18"],
  },
  timmar_utan_ersattning: {
    label: "Ersatta timmar utan fastställt timpris",
    unit: "h",
    scope: "manad",
    kind: "sum",
    expr: "sum(timmar_utan_ersattning_h)",
    definition: "Timmar som skulle ersättas men där regelverket saknar timpris för året (ingår inte i kostnaden).",
    rules: ["R18"],
  },
  schablon: {
    label: "Omkostnad, schablon intjänad",
    short: "Schablon",
    unit: "kr",
    scope: "manad",
    kind: "sum",
    expr: "sum(schablon_intjanad_kr)",
    definition: "Schablonersättning till utföraren för ledsagarens omkostnader per beviljad och utförd timme, med beloppet i kommunens regelverk (Stockholm: 6 kr).",
    rules: ["R8"],
  },
  omkostnad_faktisk: {
    label: "Omkostnad, faktiska kostnader",
    short: "Faktiska",
    unit: "kr",
    scope: "manad",
    kind: "sum",
    expr: "sum(omkostnad_faktisk_kr)",
    definition: "Ledsagarnas faktiska kostnader för aktiviteter som utförarna redovisat mot schablonen.",
    rules: ["R8"],
  },
  sarskilda_kr: {
    label: "Särskilda ansökningar, belopp",
    unit: "kr",
    scope: "manad",
    kind: "sum",
    expr: "sum(sarskild_kr)",
    definition: "Belopp för aktiviteter som kostat ledsagaren mer än 300 kr per tillfälle och beviljats efter särskild ansökan.",
    rules: ["R9"],
  },
  antal_sarskilda: {
    label: "Särskilda ansökningar, antal",
    unit: "antal",
    scope: "manad",
    kind: "sum",
    expr: "sum(antal_sarskilda)",
    definition: "Antal särskilda ansökningar om omkostnad (aktiviteter över 300 kr per tillfälle).",
    rules: ["R9"],
  },
  manadsbelopp_ram: {
    label: "Månadsbelopp, ram",
    unit: "kr",
    scope: "manad",
    kind: "sum",
    expr: "sum(manadsbelopp_ram_kr)",
    definition: "Det belopp den enskilde kan få för faktiska omkostnader enligt regelverket (300 kr per månad med beslut), flexibelt inom flexperioden.",
    rules: ["R10"],
  },
  manadsbelopp: {
    label: "Månadsbelopp, redovisat",
    unit: "kr",
    scope: "manad",
    kind: "sum",
    expr: "sum(manadsbelopp_kr)",
    definition: "Faktiska omkostnader som den enskilde redovisat mot månadsbeloppet.",
    rules: ["R10"],
  },
  manadsbelopp_ersatt: {
    label: "Månadsbelopp, ersatt",
    unit: "kr",
    scope: "manad",
    kind: "sum",
    expr: "sum(manadsbelopp_ersatt_kr)",
    definition: "Den del av de redovisade omkostnaderna som ersätts, upp till ramen inom flexperioden.",
    rules: ["R10"],
  },
  manadsbelopp_nyttjande: {
    label: "Nyttjande av månadsbeloppet",
    unit: "andel",
    scope: "manad",
    kind: "ratio",
    expr: "sum(manadsbelopp_ersatt_kr) / nullif(sum(manadsbelopp_ram_kr), 0)",
    parts: ["manadsbelopp_ersatt", "manadsbelopp_ram"],
    definition: "Ersatt månadsbelopp delat med ramen: hur stor del av de 300 kr per månad som används.",
    rules: ["R10"],
  },
  omkostnad: {
    label: "Omkostnader totalt",
    short: "Omkostnad",
    unit: "kr",
    scope: "manad",
    kind: "sum",
    expr: "sum(schablon_intjanad_kr + sarskild_kr + manadsbelopp_ersatt_kr)",
    definition:
      "Vad kommunen betalar för ledsagarnas omkostnader: intjänad schablon till utförarna, särskilda ansökningar och ersatt månadsbelopp till den enskilde.",
    rules: ["R8", "R9", "R10"],
  },

  // ---- scope beslut: arende_beslut, one row per beslut, dated by beslut_datum --------------
  sokande: {
    label: "Sökande",
    unit: "antal",
    scope: "beslut",
    kind: "count",
    expr: "count(DISTINCT arende_id)",
    definition: "Antal ärenden (en person med en insats) som fick minst ett beslut under perioden, oavsett utfall.",
    rules: [],
  },
  antal_beslut: {
    label: "Beslut",
    unit: "antal",
    scope: "beslut",
    kind: "sum",
    expr: "count(*)",
    definition: "Antal beslut med beslutsdatum under perioden (nya ansökningar, förlängningar och ändringar).",
    rules: ["R1"],
  },
  antal_bifall: {
    label: "Bifall",
    unit: "antal",
    scope: "beslut",
    kind: "sum",
    expr: "count(*) FILTER (WHERE utfall = 'bifall')",
    definition: "Beslut som beviljade de sökta timmarna.",
    drill: { utfall: "bifall" },
    rules: [],
  },
  antal_delavslag: {
    label: "Delavslag",
    unit: "antal",
    scope: "beslut",
    kind: "sum",
    expr: "count(*) FILTER (WHERE utfall = 'delavslag')",
    definition: "Beslut som beviljade färre timmar än de sökta.",
    drill: { utfall: "delavslag" },
    rules: [],
  },
  antal_avslag: {
    label: "Avslag",
    unit: "antal",
    scope: "beslut",
    kind: "sum",
    expr: "count(*) FILTER (WHERE utfall = 'avslag')",
    definition: "Beslut som avslog ansökan helt.",
    drill: { utfall: "avslag" },
    rules: [],
  },
  avslagsandel: {
    label: "Avslagsandel",
    unit: "andel",
    scope: "beslut",
    kind: "ratio",
    expr: "(count(*) FILTER (WHERE utfall = 'avslag'))::DOUBLE / nullif(count(*), 0)",
    parts: ["antal_avslag", "antal_beslut"],
    definition: "Avslag delat med alla beslut under perioden.",
    rules: [],
  },
  delavslagsandel: {
    label: "Delavslagsandel",
    unit: "andel",
    scope: "beslut",
    kind: "ratio",
    expr: "(count(*) FILTER (WHERE utfall = 'delavslag'))::DOUBLE / nullif(count(*), 0)",
    parts: ["antal_delavslag", "antal_beslut"],
    definition: "Delavslag delat med alla beslut under perioden.",
    rules: [],
  },
  sokta_per_manad: {
    label: "Sökta timmar per månad",
    unit: "h",
    scope: "beslut",
    kind: "sum",
    expr: "sum(sokta_per_manad)",
    definition: "Summan av sökta timmar per månad i periodens beslut (vecka omräknad med 52/12).",
    rules: ["R1"],
  },
  beviljade_per_manad: {
    label: "Beviljade timmar per månad (beslut)",
    unit: "h",
    scope: "beslut",
    kind: "sum",
    expr: "sum(coalesce(beviljade_per_manad, 0))",
    definition: "Summan av beviljade timmar per månad i periodens beslut; avslag räknas som 0.",
    rules: ["R1"],
  },
  beviljat_av_sokt: {
    label: "Beviljat av sökt",
    unit: "andel",
    scope: "beslut",
    kind: "ratio",
    expr: "sum(coalesce(beviljade_per_manad, 0)) / nullif(sum(sokta_per_manad), 0)",
    parts: ["beviljade_per_manad", "sokta_per_manad"],
    definition: "Beviljade timmar per månad delat med sökta timmar per månad, över periodens alla beslut (avslag räknas som 0 beviljade).",
    rules: ["R1"],
  },
  beviljade_per_beslut_median: {
    label: "Beviljade timmar per beslut, median",
    short: "Median per beslut",
    unit: "h",
    scope: "beslut",
    kind: "quantile",
    expr: "quantile_cont(beviljade_per_manad, 0.5) FILTER (WHERE utfall <> 'avslag')",
    definition: "Medianen av beviljade timmar per månad i beslut som beviljade timmar (bifall och delavslag).",
    rules: ["R1"],
  },
  beviljade_per_beslut_p25: {
    label: "Beviljade timmar per beslut, nedre kvartil",
    short: "Nedre kvartil",
    unit: "h",
    scope: "beslut",
    kind: "quantile",
    expr: "quantile_cont(beviljade_per_manad, 0.25) FILTER (WHERE utfall <> 'avslag')",
    definition: "25:e percentilen av beviljade timmar per månad i beslut som beviljade timmar.",
    rules: ["R1"],
  },
  beviljade_per_beslut_p75: {
    label: "Beviljade timmar per beslut, övre kvartil",
    short: "Övre kvartil",
    unit: "h",
    scope: "beslut",
    kind: "quantile",
    expr: "quantile_cont(beviljade_per_manad, 0.75) FILTER (WHERE utfall <> 'avslag')",
    definition: "75:e percentilen av beviljade timmar per månad i beslut som beviljade timmar.",
    rules: ["R1"],
  },
  beslut_over_delegation: {
    label: "Beslut över 44 timmar per månad",
    unit: "antal",
    scope: "beslut",
    kind: "sum",
    expr: "count(*) FILTER (WHERE beviljade_per_manad > 44)",
    definition: "Beslut som beviljar mer än 44 timmar per månad och därför fattas på högre delegationsnivå (Östhammar).",
    rules: ["R12"],
  },

  // ---- scope flagga: arende_flagga, one row per flag, dated by its datum -------------------
  flaggor: {
    label: "Flaggor",
    unit: "antal",
    scope: "flagga",
    kind: "sum",
    expr: "count(*)",
    definition: "Antal processflaggor (brister och indikationer) som regelmotorn satt med datum under perioden.",
    rules: ["R1", "R6", "R11", "R12", "R13", "R14", "R15", "R16"],
  },
  arenden_med_flagga: {
    label: "Ärenden med flagga",
    unit: "antal",
    scope: "flagga",
    kind: "count",
    expr: "count(DISTINCT arende_id)",
    definition: "Antal ärenden med minst en processflagga daterad under perioden.",
    rules: ["R1", "R6", "R11", "R12", "R13", "R14", "R15", "R16"],
  },

  // ---- scope period: ledger_period, one row per flex period, dated by its last month -------
  flexperioder: {
    label: "Avslutade flexperioder",
    unit: "antal",
    scope: "period",
    kind: "sum",
    expr: "count(*) FILTER (WHERE stangd AND NOT utan_beslut)",
    definition: "Flexperioder med beslut vars sista månad ligger i perioden och som har tagit slut.",
    rules: ["R2"],
  },
  forverkade_period: {
    label: "Förverkade timmar (per flexperiod)",
    unit: "h",
    scope: "period",
    kind: "sum",
    expr: "sum(forverkade_h)",
    definition: "Timmar som förföll i flexperioder som slutar under perioden (samma tal som förverkade timmar per månad).",
    rules: ["R2"],
  },
});

export type MeasureId = keyof typeof REGISTRY;

export interface Measure extends MeasureDef {
  id: MeasureId;
}

export const MEASURES: Readonly<Record<MeasureId, Measure>> = Object.fromEntries(
  Object.entries(REGISTRY).map(([id, m]) => [id, { id, ...m } as Measure]),
) as Record<MeasureId, Measure>;

export const MEASURE_IDS = Object.keys(REGISTRY) as [MeasureId, ...MeasureId[]];

export function isMeasureId(id: string): id is MeasureId {
  return Object.hasOwn(REGISTRY, id);
}

export function measure(id: MeasureId): Measure {
  return MEASURES[id];
}

/** The five parts of beviljade − utförda, in the order pages show them. */
export const GAP_PARTS = [
  "gap_sen_avbokning",
  "gap_brukare_avbokning",
  "gap_ledsagare_avbokning",
  "gap_forverkade",
  "gap_aldrig_bokade",
] as const satisfies readonly MeasureId[];

/** The process flags /bevakning shows (R17 is per utförare, in utforare_flagga). */
export const FLAG_RULES = ["R1", "R6", "R11", "R12", "R13", "R14", "R15", "R16"] as const;
