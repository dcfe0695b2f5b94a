/**
 * The SQL of the engine's I/O edge: preparing the input (numbering cases, beslut and
 * utförare, joining rows to their case), the views over the engine's staged files, and
 * the output tables built from them and the dimensions.
 *
 * Integer keys travel packed into one DOUBLE where many rows are written or read (53 bits
 * hold a case number, a month and small offsets); the layouts are defined here, next to
 * the SQL that unpacks them, and used by read.ts and pack.ts.
 */
import { TIDSTYP } from "../../contract.ts";

export const DAY = (col: string) => `(${col} - DATE '1970-01-01')::INTEGER`;
export const MONTH_IDX = (col: string) => `(year(${col}) * 12 + month(${col}) - 1)::INTEGER`;
export const MONTH_DATE = (col: string) => `make_date((${col}) // 12, (${col}) % 12 + 1, 1)`;
export const EPOCH_DATE = (col: string) => `(DATE '1970-01-01' + ${col})`;
const Z = (c: string) => `coalesce(${c}, 0)`;
/** A temp table of the run: filled from a query, or created empty with its columns. */
export type TempTable = { name: string; select: string; columns?: undefined } | { name: string; columns: string; select?: undefined };

const TIDSTYP_CASE = `CASE tidstyp ${TIDSTYP.map((t, i) => `WHEN '${t}' THEN ${i}`).join(" ")} END`;

// ---------------------------------------------------------------------------
// Packed keys
// ---------------------------------------------------------------------------

/** Bits of each packed field. Months are year*12+month (fits 15 bits until year 2730). */
const BITS = { ai: 21, month: 15, offset: 4 } as const;
const P = (bits: number) => 2 ** bits;
// The engine's threads pack millions of keys: the factors as constants, not powers per call.
const MONTHS = P(BITS.month);
const OFFSETS = P(BITS.offset);

/** Ledger month key: case, month, months since the period start, months to its end. */
export function manadKey(ai: number, manad: number, periodStart: number, periodSlut: number): number {
  return ((ai * MONTHS + manad) * OFFSETS + (manad - periodStart)) * OFFSETS + (periodSlut - manad);
}
const MANAD_UNPACK = `
  (k::BIGINT // ${P(BITS.month + 2 * BITS.offset)})::INTEGER AS ai,
  ((k::BIGINT // ${P(2 * BITS.offset)}) % ${P(BITS.month)})::INTEGER AS manad,
  (((k::BIGINT // ${P(2 * BITS.offset)}) % ${P(BITS.month)}) - (k::BIGINT // ${P(BITS.offset)}) % ${P(BITS.offset)})::INTEGER AS period_start,
  (((k::BIGINT // ${P(2 * BITS.offset)}) % ${P(BITS.month)}) + k::BIGINT % ${P(BITS.offset)})::INTEGER AS period_slut`;

/** Per-utförare month key: case, month, utförare within the kommun. */
export function utforareKey(ai: number, manad: number, uk: number, ukBits: number): number {
  return (ai * MONTHS + manad) * P(ukBits) + uk;
}
const UTFORARE_UNPACK = (ukBits: number) => `
  (k::BIGINT // ${P(BITS.month + ukBits)})::INTEGER AS ai,
  ((k::BIGINT // ${P(ukBits)}) % ${P(BITS.month)})::INTEGER AS m,
  (k::BIGINT % ${P(ukBits)})::INTEGER AS uk`;

/** Period key: case, first month, length − 1, period length of the model, closed, without beslut. */
export function periodKey(ai: number, start: number, slut: number, manader: number, stangd: boolean, utanBeslut: boolean): number {
  const x = ((ai * MONTHS + start) * OFFSETS + (slut - start)) * OFFSETS + manader;
  return x * 4 + (stangd ? 2 : 0) + (utanBeslut ? 1 : 0);
}
const PERIOD_UNPACK = `
  (k::BIGINT // ${P(BITS.month + 2 * BITS.offset + 2)})::INTEGER AS ai,
  ((k::BIGINT // ${P(2 * BITS.offset + 2)}) % ${P(BITS.month)})::INTEGER AS period_start,
  (((k::BIGINT // ${P(2 * BITS.offset + 2)}) % ${P(BITS.month)}) + (k::BIGINT // ${P(BITS.offset + 2)}) % ${P(BITS.offset)})::INTEGER AS period_slut,
  ((k::BIGINT // 4) % ${P(BITS.offset)})::INTEGER AS period_manader,
  (k::BIGINT // 2) % 2 = 1 AS stangd,
  k::BIGINT % 2 = 1 AS utan_beslut`;

// ---------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------

const JOIN_CASE = `JOIN _e_beslut b ON b.kommun = u.kommun AND b.beslut_id = u.beslut_id
     JOIN _e_udict d2 ON d2.kommun = u.kommun AND d2.utforare = u.utforare`;

/** The input prepared for reading, in the order they are filled (each reads the ones before). */
export const PREP_TABLES: TempTable[] = [
  {
    name: "_e_arende",
    select: `SELECT arende_id, (row_number() OVER (ORDER BY arende_id) - 1)::INTEGER AS ai,
            any_value(kommun) AS kommun, any_value(person_id) AS person_id,
            any_value(insats) AS insats, any_value(kon) AS kon, any_value(fodelsear) AS fodelsear
     FROM beslut GROUP BY arende_id ORDER BY ai`,
  },
  {
    name: "_e_udict",
    select: `SELECT kommun, utforare, (row_number() OVER (PARTITION BY kommun ORDER BY utforare) - 1)::INTEGER AS uk
     FROM (SELECT kommun, utforare FROM utforda_timmar UNION SELECT kommun, utforare FROM avbokningar
           UNION SELECT kommun, utforare FROM omkostnader UNION SELECT kommun, utforare FROM utforare
           UNION SELECT kommun, utforare FROM beslut WHERE utforare IS NOT NULL)`,
  },
  {
    name: "_e_beslut",
    select: `SELECT a.ai, (row_number() OVER (ORDER BY a.ai, b.beslut_datum, b.beslut_id) - 1)::INTEGER AS bi,
            b.kommun, b.beslut_id, b.stadsdel, b.lagrum, b.insats, ${DAY("b.ansokan_datum")} AS ansokan,
            ${DAY("b.beslut_datum")} AS beslutd, b.utfall, b.sokta_timmar, b.beviljade_timmar, b.timmar_per,
            ${DAY("b.giltig_from")} AS gfrom, ${DAY("b.giltig_tom")} AS gtom, b.handlaggare, b.beslutsniva,
            b.personlig_assistans, b.utforare, ${DAY("b.bestallning_datum")} AS best,
            ${DAY("b.genomforandeplan_datum")} AS gplan, ${DAY("b.senaste_uppfoljning")} AS uppf
     FROM beslut b JOIN _e_arende a USING (arende_id)
     ORDER BY bi`,
  },
  {
    name: "_e_utforda",
    select: `SELECT b.ai, d2.uk, ${DAY("u.datum")} AS d, ${MONTH_IDX("u.datum")} AS m, ${TIDSTYP_CASE}::TINYINT AS tt, u.timmar AS h
     FROM utforda_timmar u ${JOIN_CASE}`,
  },
  {
    name: "_e_avbokning",
    select: `SELECT b.ai, d2.uk, ${MONTH_IDX("u.planerad_start")} AS m,
            (epoch(u.planerad_start) // 60)::INTEGER AS plan, (epoch(u.avbokad_tid) // 60)::INTEGER AS avb,
            CASE u.avbokad_av WHEN 'brukare' THEN 0 WHEN 'ledsagare' THEN 1 ELSE 2 END::TINYINT AS av,
            u.timmar AS h, u.ombokad
     FROM avbokningar u ${JOIN_CASE}`,
  },
  {
    name: "_e_omkostnad",
    select: `SELECT b.ai, d2.uk, ${MONTH_IDX("u.datum")} AS m, ${DAY("u.datum")} AS d, u.belopp,
            CASE u.typ WHEN 'schablon' THEN 0 WHEN 'sarskild' THEN 1 ELSE 2 END::TINYINT AS typ, u.aktivitet
     FROM omkostnader u ${JOIN_CASE}`,
  },
];

export const HORISONT_SQL = `coalesce(greatest(
    (SELECT max(datum) FROM utforda_timmar),
    (SELECT max(planerad_start)::DATE FROM avbokningar),
    (SELECT max(avbokad_tid)::DATE FROM avbokningar),
    (SELECT max(datum) FROM omkostnader),
    (SELECT max(beslut_datum) FROM beslut)), current_date)`;

/** A number column as DOUBLE, NaN for NULL (how ColumnStore holds numbers). */
const NUM = (c: string) => `coalesce((${c})::DOUBLE, 'NaN'::DOUBLE) AS ${c}`;
/**
 * A low-cardinality text column as its code: its value's place among the column's
 * distinct values in sorted order, −1 for NULL. ColumnStore keeps texts so, and the
 * values (DICT_SQL, same order) are read once: converting a text vector decodes every
 * string in it, which took ~2 s for the national beslut.
 */
const CODE = (c: string) => `(CASE WHEN ${c} IS NULL THEN -1 ELSE dense_rank() OVER (ORDER BY ${c}) - 1 END)::INTEGER AS ${c}`;
/** The values CODE numbers, per column: one row, a sorted list of distinct values per column. */
export const DICT_SQL = (table: string, cols: readonly string[]) =>
  `SELECT ${cols.map((c) => `list_sort(list_distinct(list(${c})))`).join(", ")} FROM ${table}`;
/** The coded text columns of READ_SQL.arende and READ_SQL.beslut. */
export const ARENDE_CODED = ["kommun", "insats", "kon"] as const;
export const BESLUT_CODED = ["stadsdel", "lagrum", "insats", "utfall", "timmar_per", "beslutsniva", "utforare"] as const;

/**
 * The streams read into memory (read.ts relies on the column order). Utförda and
 * avbokningar are read in stored order and placed by case in JavaScript: sorting them in
 * SQL would cost more than it saves; the engine sorts a case's rows only if they are not
 * in date order already.
 */
export const READ_SQL = {
  // ColumnStore's numbers come as DOUBLE with NaN for NULL (NUM) and its low-cardinality
  // texts as codes (CODE), so that both are read from the vectors' typed arrays (columns.ts).
  arende: `SELECT ai, arende_id, ${CODE("kommun")}, ${CODE("insats")}, ${CODE("kon")}, ${NUM("fodelsear")} FROM _e_arende ORDER BY ai`,
  beslut: `SELECT ai, beslut_id, ${CODE("stadsdel")}, ${CODE("lagrum")}, ${CODE("insats")}, ${NUM("ansokan")}, ${NUM("beslutd")},
             ${CODE("utfall")}, ${NUM("sokta_timmar")}, ${NUM("beviljade_timmar")}, ${CODE("timmar_per")}, ${NUM("gfrom")},
             ${NUM("gtom")}, ${CODE("beslutsniva")}, ${NUM("personlig_assistans")}, ${CODE("utforare")}, ${NUM("best")},
             ${NUM("gplan")}, ${NUM("uppf")}
           FROM _e_beslut ORDER BY bi`,
  utforda: `SELECT ai, d, uk, tt, h FROM _e_utforda`,
  avbokning: `SELECT ai, uk, plan, avb, av, h, ombokad::UTINYINT FROM _e_avbokning`,
  // Särskilda one by one (R9 judges each); the others as monthly sums: the engine only
  // adds them up per month (and per utförare).
  omkostnad: `SELECT ai, uk, d, belopp, typ, aktivitet FROM (
      SELECT ai, uk, d, belopp, typ, aktivitet FROM _e_omkostnad WHERE typ = 1
      UNION ALL
      SELECT ai, uk, min(d), sum(belopp), typ, NULL FROM _e_omkostnad WHERE typ <> 1 GROUP BY ai, m, uk, typ)
    ORDER BY ai, d, typ, uk, belopp`,
  udict: `SELECT d.kommun, d.utforare, d.uk, u.regi FROM _e_udict d LEFT JOIN utforare u USING (kommun, utforare)`,
};

// ---------------------------------------------------------------------------
// Staging
// ---------------------------------------------------------------------------

/** The rule-made numbers of a ledger month, in the order pack.ts stages them. */
export const MANAD_STAGED = [
  "giltiga_dagar", "beviljade_h", "saldo_h", "forverkade_h", "overforbrukade_h", "gap_brukare_avbokning_h",
  "gap_ledsagare_avbokning_h", "gap_forverkade_h", "utforda_utan_beslut_h", "sen_avbokning_h", "sen_forbrukad_h",
  "kort_avbokning_h", "debiterade_h", "minsta_debitering_tillagg_h", "kostnad_kr", "kostnad_sen_avbokning_kr",
  "timmar_utan_ersattning_h", "schablon_intjanad_kr", "manadsbelopp_ram_kr", "manadsbelopp_ersatt_kr",
  "manadsbelopp_over_kr",
  // The month's plain sums of the loaded rows, as the engine added them up.
  "utforda_h", ...TIDSTYP.map((t) => `utforda_${t}_h` as const), "tillfallen", "avbokad_brukare_h", "avbokad_ledsagare_h",
  "antal_avbokningar_brukare", "antal_avbokningar_ledsagare", "omkostnad_faktisk_kr", "sarskild_kr", "antal_sarskilda",
  "manadsbelopp_kr",
] as const;
/** Counts among the staged month numbers, stored as INTEGER. */
const MANAD_COUNTS: readonly string[] = ["tillfallen", "antal_avbokningar_brukare", "antal_avbokningar_ledsagare", "antal_sarskilda"];

/**
 * A case's month per utförare, staged whole: almost every month has one utförare, so
 * summing the loaded rows again per utförare in SQL would re-join every ledger month.
 */
export const UMANAD_STAGED = [
  "utforda_h", "tillfallen", "debiterade_h", "kostnad_kr", "schablon_intjanad_kr", "sen_avbokning_h", "avbokad_brukare_h",
  "avbokad_ledsagare_h", "antal_avbokningar_brukare", "antal_avbokningar_ledsagare", "omkostnad_faktisk_kr",
] as const;
/**
 * Staged after UMANAD_STAGED but not stored in ledger_utforare_manad: the first and last
 * day with hours performed, from which the run gathers R17's activity windows
 * (_e_aktivitet) instead of grouping every utförda row again.
 */
export const UMANAD_AKTIVITET = ["forsta_dag", "sista_dag"] as const;
/** Counts among the staged numbers, stored as INTEGER as their SQL counterparts are. */
const UMANAD_COUNTS: readonly string[] = ["tillfallen", "antal_avbokningar_brukare", "antal_avbokningar_ledsagare"];

/**
 * A period's numbers, staged as the engine summed them: nearly every period is a single
 * month (no flexmodell), so summing them again in SQL would re-join every ledger month.
 */
export const PERIOD_STAGED = [
  "beviljade_h", "utforda_h", "forbrukade_h", "forverkade_h", "forverkade_ledsagare_h", "forverkade_brukare_h",
  "forverkade_utan_avbokning_h", "overforbrukade_h", "manadsbelopp_ram_kr", "manadsbelopp_kr", "manadsbelopp_ersatt_kr",
] as const;

/**
 * What the engine stages, one Parquet file per table and thread (parquet.ts writes them
 * from pack.ts's rows, in this column order; the text column last). The run reads them
 * through temp views of the same name, which add the thread's number `w`: codes (`ri`)
 * are numbered per thread, so `_o_kod` is keyed by (w, ri). The engine's numbers
 * (`zeros`, never NULL) are written with their zeros as NULLs, which take no bytes, and
 * the views read those as 0 again.
 */
export const STAGED_FILES: { name: string; columns: string; zeros?: readonly string[] }[] = [
  { name: "_o_manad", columns: `k DOUBLE, bi INTEGER, ${MANAD_STAGED.map((m) => `${m} DOUBLE`).join(", ")}`, zeros: MANAD_STAGED },
  { name: "_o_umanad", columns: `k DOUBLE, ${UMANAD_STAGED.map((m) => `${m} DOUBLE`).join(", ")},
     ${UMANAD_AKTIVITET.map((m) => `${m} INTEGER`).join(", ")}`, zeros: UMANAD_STAGED },
  { name: "_o_period", columns: `k DOUBLE, forverkas INTEGER, ri INTEGER, ${PERIOD_STAGED.map((m) => `${m} DOUBLE`).join(", ")},
     orsak VARCHAR`, zeros: PERIOD_STAGED },
  { name: "_o_handelse", columns: `ai INTEGER, seq INTEGER, ri INTEGER, datum INTEGER, tid INTEGER, timmar DOUBLE,
     belopp DOUBLE, uk INTEGER, orsak VARCHAR` },
  { name: "_o_flagga", columns: `ai INTEGER, ri INTEGER, datum INTEGER, bi INTEGER, orsak VARCHAR` },
  { name: "_o_arende", columns: `ai INTEGER, rvi INTEGER` },
  { name: "_o_beslut", columns: `bi INTEGER, sokta_per_manad DOUBLE, beviljade_per_manad DOUBLE, orsak VARCHAR` },
];

/** The staged files' views: thread w's file of each table is `<dir>/<table>-<w>.parquet`. */
export const stagedFile = (dir: string, table: string, w: number) => `${dir}/${table}-${w}.parquet`;
export const STAGED_VIEWS = (dir: string, threads: number): string[] =>
  STAGED_FILES.map((t) => {
    const zeros = t.zeros?.length ? ` REPLACE (${t.zeros.map((c) => `coalesce(${c}, 0.0) AS ${c}`).join(", ")})` : "";
    return `CREATE OR REPLACE TEMP VIEW ${t.name} AS ${Array.from(
      { length: threads },
      (_, w) => `SELECT ${w} AS w, *${zeros} FROM read_parquet('${stagedFile(dir, t.name, w).replace(/'/g, "''")}')`,
    ).join(" UNION ALL ")}`;
  });

/** The codes of each thread's staged rows, and the regelverk by their index in regelverkList. */
export const CODE_TABLES: TempTable[] = [
  { name: "_o_kod", columns: `w INTEGER, ri INTEGER, typ VARCHAR, klass VARCHAR, regel VARCHAR, kalla VARCHAR,
     niva VARCHAR, forbrukad BOOLEAN` },
  { name: "_o_regelverk", columns: `rvi INTEGER, fil VARCHAR, standard BOOLEAN` },
];

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/** The staged keys unpacked (views: each is read once or twice, never worth a copy). */
export const UNPACK_VIEWS = (ukBits: number): string[] => [
  `CREATE OR REPLACE TEMP VIEW _x_manad AS SELECT ${MANAD_UNPACK}, * EXCLUDE (k) FROM _o_manad`,
  `CREATE OR REPLACE TEMP VIEW _x_umanad AS SELECT ${UTFORARE_UNPACK(ukBits)}, * EXCLUDE (k) FROM _o_umanad`,
  `CREATE OR REPLACE TEMP VIEW _x_period AS SELECT ${PERIOD_UNPACK}, * EXCLUDE (k) FROM _o_period`,
];

/** Stadsdel as on the beslut, and today's name through the mapping. */
const STADSDEL_NU = (k: string, s: string) =>
  `coalesce((SELECT nuvarande FROM _e_stadsdel_map mp WHERE mp.kommun = ${k} AND mp.stadsdel = ${s}), ${s})`;

/**
 * The big tables are written without ORDER BY: their rows follow the staging order (case
 * by case, as appended), which keeps a case's rows together for DuckDB's zone maps, and
 * sorting tens of columns of millions of rows would cost more than the whole engine run.
 */
export const OUTPUT_SQL = [
  `CREATE OR REPLACE TABLE arende AS
   WITH b AS (
     SELECT ai,
            arg_max(stadsdel, bi) AS stadsdel, arg_max(lagrum, bi) AS lagrum, arg_max(utfall, bi) AS utfall_senaste,
            arg_max(utforare, bi) FILTER (WHERE utfall <> 'avslag') AS utforare_senaste,
            count(*)::INTEGER AS antal_beslut,
            count(*) FILTER (WHERE utfall = 'bifall')::INTEGER AS antal_bifall,
            count(*) FILTER (WHERE utfall = 'delavslag')::INTEGER AS antal_delavslag,
            count(*) FILTER (WHERE utfall = 'avslag')::INTEGER AS antal_avslag,
            min(ansokan) AS forsta_ansokan, max(beslutd) AS senaste_beslut,
            min(gfrom) FILTER (WHERE utfall <> 'avslag') AS forsta_giltig_from,
            CASE WHEN bool_or(gtom IS NULL AND utfall <> 'avslag') THEN NULL
                 ELSE max(gtom) FILTER (WHERE utfall <> 'avslag') END AS sista_giltig_tom
     FROM _e_beslut GROUP BY ai),
   l AS (
     SELECT m.ai, min(m.manad) AS forsta_manad, max(m.manad) AS sista_manad, sum(m.beviljade_h) AS beviljade_h,
            sum(m.forverkade_h) AS forverkade_h, sum(m.kostnad_kr) AS kostnad_kr, sum(m.utforda_h) AS utforda_h,
            sum(m.utforda_h + m.kort_avbokning_h + m.sen_forbrukad_h) AS forbrukade_h
     FROM _x_manad m GROUP BY m.ai),
   f AS (SELECT f.ai, count(*)::INTEGER AS antal_flaggor, list(DISTINCT k.klass ORDER BY k.klass) AS flaggor
         FROM _o_flagga f JOIN _o_kod k USING (w, ri) GROUP BY f.ai)
   SELECT a.arende_id, a.person_id, a.kommun, b.stadsdel, ${STADSDEL_NU("a.kommun", "b.stadsdel")} AS stadsdel_nu,
          a.kon, a.fodelsear, b.lagrum, a.insats, b.utfall_senaste, b.utforare_senaste,
          b.antal_beslut, b.antal_bifall, b.antal_delavslag, b.antal_avslag,
          ${EPOCH_DATE("b.forsta_ansokan")} AS forsta_ansokan, ${EPOCH_DATE("b.senaste_beslut")} AS senaste_beslut,
          ${EPOCH_DATE("b.forsta_giltig_from")} AS forsta_giltig_from, ${EPOCH_DATE("b.sista_giltig_tom")} AS sista_giltig_tom,
          ${MONTH_DATE("l.forsta_manad")} AS forsta_manad, ${MONTH_DATE("l.sista_manad")} AS sista_manad,
          ${Z("l.beviljade_h")} AS beviljade_h, ${Z("l.utforda_h")} AS utforda_h, ${Z("l.forbrukade_h")} AS forbrukade_h,
          ${Z("l.forverkade_h")} AS forverkade_h, ${Z("l.kostnad_kr")} AS kostnad_kr,
          ${Z("f.antal_flaggor")} AS antal_flaggor, coalesce(f.flaggor, []) AS flaggor,
          r.fil AS regelverk, r.standard AS regelverk_standard, a.ai
   FROM _e_arende a JOIN b USING (ai) JOIN _o_arende o USING (ai) JOIN _o_regelverk r USING (rvi)
   LEFT JOIN l USING (ai) LEFT JOIN f USING (ai)
   ORDER BY a.ai`,

  `CREATE OR REPLACE TABLE ledger_manad AS
   WITH e AS (SELECT * REPLACE (${MANAD_COUNTS.map((c) => `${c}::INTEGER AS ${c}`).join(", ")}) FROM _x_manad)
   SELECT a.arende_id, a.kommun, b.stadsdel, ${STADSDEL_NU("a.kommun", "b.stadsdel")} AS stadsdel_nu, b.lagrum, b.insats,
          a.kon, a.fodelsear, b.utforare, ur.regi, b.beslut_id,
          ${MONTH_DATE("e.manad")} AS manad, (e.manad // 12)::INTEGER AS ar, ((e.manad % 12) // 4 + 1)::INTEGER AS tertial,
          ${MONTH_DATE("e.period_start")} AS period_start, ${MONTH_DATE("e.period_slut")} AS period_slut,
          e.giltiga_dagar, e.beviljade_h, e.utforda_h, ${TIDSTYP.map((t) => `e.utforda_${t}_h`).join(", ")},
          e.utforda_utan_beslut_h, e.tillfallen, e.sen_avbokning_h, e.kort_avbokning_h,
          e.utforda_h + e.kort_avbokning_h + e.sen_forbrukad_h AS forbrukade_h,
          e.avbokad_brukare_h, e.avbokad_ledsagare_h, e.antal_avbokningar_brukare, e.antal_avbokningar_ledsagare,
          e.saldo_h, e.forverkade_h, e.overforbrukade_h,
          e.sen_forbrukad_h AS gap_sen_avbokning_h, e.gap_brukare_avbokning_h, e.gap_ledsagare_avbokning_h, e.gap_forverkade_h,
          e.beviljade_h - e.utforda_h - e.sen_forbrukad_h - e.gap_brukare_avbokning_h - e.gap_ledsagare_avbokning_h
            - e.gap_forverkade_h AS gap_aldrig_bokade_h,
          e.debiterade_h, e.minsta_debitering_tillagg_h, e.kostnad_kr, e.kostnad_sen_avbokning_kr, e.timmar_utan_ersattning_h,
          e.schablon_intjanad_kr, e.omkostnad_faktisk_kr, e.sarskild_kr, e.antal_sarskilda, e.manadsbelopp_ram_kr,
          e.manadsbelopp_kr, e.manadsbelopp_ersatt_kr, e.manadsbelopp_over_kr
   FROM e JOIN _e_arende a USING (ai)
   LEFT JOIN _e_beslut b ON b.bi = e.bi
   LEFT JOIN utforare ur ON ur.kommun = a.kommun AND ur.utforare = b.utforare`,

  `CREATE OR REPLACE TABLE ledger_utforare_manad AS
   SELECT a.arende_id, a.kommun, ar.stadsdel_nu, ar.lagrum, a.insats, a.kon, a.fodelsear, d.utforare,
          ur.namn AS utforare_namn, ur.regi, ${MONTH_DATE("s.m")} AS manad, (s.m // 12)::INTEGER AS ar,
          ((s.m % 12) // 4 + 1)::INTEGER AS tertial,
          ${UMANAD_STAGED.map((c) => (UMANAD_COUNTS.includes(c) ? `s.${c}::INTEGER AS ${c}` : `s.${c}`)).join(", ")}
   FROM _x_umanad s JOIN _e_arende a USING (ai) JOIN arende ar USING (ai)
   JOIN _e_udict d ON d.kommun = a.kommun AND d.uk = s.uk
   LEFT JOIN utforare ur ON ur.kommun = a.kommun AND ur.utforare = d.utforare`,

  // Each utförare's days with hours, per kommun and month (R17; read by AKTIVITET_SQL).
  `CREATE OR REPLACE TEMP TABLE _e_aktivitet AS
   SELECT a.kommun, s.uk, s.m, min(s.forsta_dag) AS d0, max(s.sista_dag) AS d1
   FROM _x_umanad s JOIN _e_arende a USING (ai)
   WHERE s.forsta_dag IS NOT NULL
   GROUP BY a.kommun, s.uk, s.m`,

  `CREATE OR REPLACE TABLE ledger_period AS
   SELECT a.arende_id, a.kommun, ar.stadsdel_nu, ${MONTH_DATE("o.period_start")} AS period_start,
          ${MONTH_DATE("o.period_slut")} AS period_slut, ${EPOCH_DATE("o.forverkas")} AS forverkas_datum,
          o.period_manader, o.stangd, o.utan_beslut, ${PERIOD_STAGED.map((c) => `o.${c}`).join(", ")}, k.regel, k.kalla, o.orsak
   FROM _x_period o JOIN _e_arende a USING (ai) JOIN arende ar USING (ai) JOIN _o_kod k USING (w, ri)`,

  `CREATE OR REPLACE TABLE arende_handelse AS
   SELECT a.arende_id, a.kommun, o.seq, k.typ, k.klass, ${EPOCH_DATE("o.datum")} AS datum,
          CASE WHEN o.tid IS NULL THEN NULL ELSE TIMESTAMP '1970-01-01' + to_minutes(o.tid::BIGINT) END AS tid,
          date_trunc('month', ${EPOCH_DATE("o.datum")})::DATE AS manad, o.timmar, o.belopp, k.forbrukad, d.utforare,
          NULL::VARCHAR AS beslut_id, k.regel, k.kalla, o.orsak
   FROM _o_handelse o JOIN _e_arende a USING (ai) JOIN _o_kod k USING (w, ri)
   LEFT JOIN _e_udict d ON d.kommun = a.kommun AND d.uk = o.uk`,

  `CREATE OR REPLACE TABLE arende_flagga AS
   SELECT a.arende_id, a.kommun, coalesce(b.stadsdel, ar.stadsdel) AS stadsdel,
          CASE WHEN b.bi IS NULL THEN ar.stadsdel_nu ELSE ${STADSDEL_NU("a.kommun", "b.stadsdel")} END AS stadsdel_nu,
          ar.lagrum, a.insats, a.kon, a.fodelsear, k.klass AS regel, k.kalla, ${EPOCH_DATE("o.datum")} AS datum,
          b.beslut_id, k.niva, o.orsak
   FROM _o_flagga o JOIN _e_arende a USING (ai) JOIN arende ar USING (ai) JOIN _o_kod k USING (w, ri)
   LEFT JOIN _e_beslut b ON b.bi = o.bi
   ORDER BY o.ai, o.datum, k.klass`,

  `CREATE OR REPLACE TABLE arende_beslut AS
   SELECT a.arende_id, b.kommun, b.stadsdel, ${STADSDEL_NU("b.kommun", "b.stadsdel")} AS stadsdel_nu, b.beslut_id,
          b.lagrum, b.insats, a.kon, a.fodelsear, b.utfall, ${EPOCH_DATE("b.ansokan")} AS ansokan_datum,
          ${EPOCH_DATE("b.beslutd")} AS beslut_datum, ${EPOCH_DATE("b.gfrom")} AS giltig_from, ${EPOCH_DATE("b.gtom")} AS giltig_tom,
          b.sokta_timmar, b.beviljade_timmar, b.timmar_per, o.sokta_per_manad, o.beviljade_per_manad,
          b.handlaggare, b.beslutsniva, b.utforare, b.personlig_assistans, o.orsak
   FROM _o_beslut o JOIN _e_beslut b USING (bi) JOIN _e_arende a USING (ai)
   ORDER BY b.bi`,

  `CREATE OR REPLACE TABLE utforare_ar AS
   WITH h AS (
     -- Summed per case first, on integer keys: the names are joined to ~4 times fewer rows,
     -- and a case's row per utförare and year makes count(*) its count of distinct cases.
     SELECT a.kommun, d.utforare, g.ar, count(*)::INTEGER AS arenden, sum(g.h) AS utforda_h
     FROM (SELECT ai, uk, (m // 12)::INTEGER AS ar, sum(h) AS h FROM _e_utforda GROUP BY ai, uk, ar) g
     JOIN _e_arende a USING (ai) JOIN _e_udict d ON d.kommun = a.kommun AND d.uk = g.uk GROUP BY ALL),
   s AS (
     SELECT kommun, utforare, year(${EPOCH_DATE("beslutd")})::INTEGER AS ar, count(*)::INTEGER AS beslut
     FROM _e_beslut WHERE utfall <> 'avslag' AND utforare IS NOT NULL GROUP BY ALL)
   SELECT kommun, utforare, ur.namn, ur.regi, ar, ${Z("h.arenden")} AS arenden, ${Z("h.utforda_h")} AS utforda_h,
          ${Z("s.beslut")} AS beslut
   FROM h FULL JOIN s USING (kommun, utforare, ar)
   LEFT JOIN utforare ur USING (kommun, utforare)
   ORDER BY kommun, utforare, ar`,

  `ALTER TABLE arende DROP COLUMN ai`,
];

/** An assignment for R17: a beslut naming the utförare valid on a day, or hours it performed. */
export const AKTIVITET_SQL = (horisont: number) => `
  SELECT kommun, utforare, gfrom, coalesce(gtom, ${horisont}) FROM _e_beslut
    WHERE utfall <> 'avslag' AND gfrom IS NOT NULL AND utforare IS NOT NULL
  UNION ALL
  SELECT g.kommun, d.utforare, g.d0, g.d1
    FROM _e_aktivitet g JOIN _e_udict d ON d.kommun = g.kommun AND d.uk = g.uk`;

/** Every temp table of the run, dropped at its end. */
export const TEMP_TABLES = [
  ...[...PREP_TABLES, ...CODE_TABLES].map((t) => t.name), "_e_horisont", "_e_stadsdel_map", "_e_aktivitet",
];
/** Every temp view of the run, dropped at its end (before its staged files go). */
export const TEMP_VIEWS = [...UNPACK_VIEWS(1).map((sql) => /VIEW (\w+)/.exec(sql)![1]), ...STAGED_FILES.map((t) => t.name)];
