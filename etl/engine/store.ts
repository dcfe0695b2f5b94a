/**
 * The engine's I/O edge: reads every case from the loaded tables in bulk, runs the pure
 * engine on each, and (re)creates the output tables. Called by the ETL inside its load
 * transaction, so the database never holds output from an older load; it therefore never
 * begins or commits a transaction itself.
 *
 * How it stays fast at national scale (~20 M utförda rows):
 *  - SQL does what is not a rule: joins rows to their case, numbers cases (`ai`) and
 *    utförare (`ui`), and sums utförda per case, day, utförare and tidstyp (with the count
 *    and the per-row top-up R7 needs, so R7 stays exact). Dates travel as day numbers.
 *  - Cases are read in batches of consecutive `ai` from temp tables written in `ai`
 *    order, so each batch query touches only its own row groups.
 *  - The engine's numbers go to temp staging tables through the Appender, keyed by `ai`;
 *    the output tables are then built in SQL, which adds the dimension columns (kommun,
 *    stadsdel, stadsdel_nu, kön, …) by joins instead of repeating strings from JavaScript.
 */
import type { DuckDBAppender, DuckDBConnection, DuckDBDataChunk, DuckDBValue } from "@duckdb/node-api";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { AvbokadAv, Insats, Kon, Lagrum, OmkostnadTyp, Regi, Tidstyp, TimmarPer, Utfall } from "../contract.ts";
import { TIDSTYP } from "../contract.ts";
import { PROJECT_ROOT } from "../db.ts";
import { isoDay, type Day } from "./dates.ts";
import { deriveCase } from "./engine.ts";
import {
  compileRegelverk,
  kommunKey,
  parseRegelverkText,
  regelverkFor,
  regelverkSet,
  type RegelverkSet,
} from "./regelverk.ts";
import type { AvbokningIn, BeslutIn, CaseInput, CaseResult, OmkostnadIn, UtfordaIn } from "./types.ts";
import { utforareFlags, type UtforareIn } from "./utforare.ts";

export interface DeriveOptions {
  /** Folder of regelverk files; default data/regelverk. */
  regelverkDir?: string;
  /** Old → today's stadsdel names; default data/stadsdel_mapping.csv. */
  stadsdelMapping?: string;
  /** Last day the data cover; default the latest date in the loaded data. */
  horisont?: Day;
  /** Cases per read batch. */
  batch?: number;
}

// ---------------------------------------------------------------------------
// Regelverk and stadsdel mapping (files)
// ---------------------------------------------------------------------------

export function loadRegelverk(dir = resolve(PROJECT_ROOT, "data", "regelverk")): RegelverkSet {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  return regelverkSet(
    files.map((f) => {
      const path = join(dir, f);
      const fil = relative(PROJECT_ROOT, path);
      return compileRegelverk(parseRegelverkText(readFileSync(path, "utf8"), fil), fil);
    }),
  );
}

/** kommun;stadsdel;nuvarande_stadsdel;upphorde → (kommun, old) → today's name, chains resolved. */
export function loadStadsdelMapping(path = resolve(PROJECT_ROOT, "data", "stadsdel_mapping.csv")): [string, string, string][] {
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const rows = text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((l) => l.split(";").map((c) => c.trim()));
  const next = new Map(rows.map(([k, old, now]) => [`${k}\u0000${old}`, now]));
  return rows.map(([k, old]) => {
    let name = old;
    // Follow renames until today's name (Älvsjö → Hägersten-Älvsjö, and any later step).
    for (let i = 0; i < 20 && next.has(`${k}\u0000${name}`); i++) name = next.get(`${k}\u0000${name}`)!;
    return [k, old, name];
  });
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

async function forEachChunk(
  conn: DuckDBConnection,
  sql: string,
  values: DuckDBValue[],
  f: (chunk: DuckDBDataChunk) => void,
): Promise<void> {
  const res = await conn.stream(sql, values);
  for (;;) {
    const chunk = await res.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    f(chunk);
  }
}

const DAY = (col: string) => `(${col} - DATE '1970-01-01')::INTEGER`;
const TIDSTYP_CASE = `CASE tidstyp ${TIDSTYP.map((t, i) => `WHEN '${t}' THEN ${i}`).join(" ")} END`;

const PREP_SQL = (horisont: string) => [
  `CREATE OR REPLACE TEMP TABLE _e_arende AS
     SELECT arende_id, (row_number() OVER (ORDER BY arende_id) - 1)::INTEGER AS ai,
            any_value(kommun) AS kommun, any_value(person_id) AS person_id,
            any_value(insats) AS insats, any_value(kon) AS kon, any_value(fodelsear) AS fodelsear
     FROM beslut GROUP BY arende_id`,
  `CREATE OR REPLACE TEMP TABLE _e_udict AS
     SELECT kommun, utforare, (row_number() OVER (ORDER BY kommun, utforare) - 1)::INTEGER AS ui
     FROM (SELECT kommun, utforare FROM utforda_timmar UNION SELECT kommun, utforare FROM avbokningar
           UNION SELECT kommun, utforare FROM omkostnader UNION SELECT kommun, utforare FROM utforare
           UNION SELECT kommun, utforare FROM beslut WHERE utforare IS NOT NULL)`,
  `CREATE OR REPLACE TEMP TABLE _e_beslut_ai AS
     SELECT b.kommun, b.beslut_id, a.ai FROM beslut b JOIN _e_arende a USING (arende_id)`,
  `CREATE OR REPLACE TEMP TABLE _e_utforda AS
     SELECT ba.ai, ${DAY("u.datum")} AS d, d2.ui, ${TIDSTYP_CASE}::TINYINT AS tt,
            sum(u.timmar) AS h,
            count(*) FILTER (WHERE u.timmar > 0)::INTEGER AS n,
            coalesce(sum(greatest(0, 1 - u.timmar)) FILTER (WHERE u.timmar > 0), 0) AS topp
     FROM utforda_timmar u
     JOIN _e_beslut_ai ba USING (kommun, beslut_id)
     JOIN _e_udict d2 USING (kommun, utforare)
     GROUP BY ALL ORDER BY ba.ai, d, d2.ui, tt`,
  `CREATE OR REPLACE TEMP TABLE _e_avbokning AS
     SELECT ba.ai, d2.ui, (epoch(planerad_start) // 60)::INTEGER AS plan, (epoch(avbokad_tid) // 60)::INTEGER AS avb,
            CASE avbokad_av WHEN 'brukare' THEN 0 WHEN 'ledsagare' THEN 1 ELSE 2 END::TINYINT AS av,
            timmar AS h, ombokad, orsak
     FROM avbokningar u
     JOIN _e_beslut_ai ba USING (kommun, beslut_id)
     JOIN _e_udict d2 USING (kommun, utforare)
     ORDER BY ba.ai, plan`,
  `CREATE OR REPLACE TEMP TABLE _e_omkostnad AS
     SELECT ba.ai, d2.ui, ${DAY("u.datum")} AS d, belopp,
            CASE typ WHEN 'schablon' THEN 0 WHEN 'sarskild' THEN 1 ELSE 2 END::TINYINT AS typ, aktivitet
     FROM omkostnader u
     JOIN _e_beslut_ai ba USING (kommun, beslut_id)
     JOIN _e_udict d2 USING (kommun, utforare)
     ORDER BY ba.ai, d`,
  `CREATE OR REPLACE TEMP TABLE _e_beslut AS
     SELECT a.ai, b.beslut_id, b.stadsdel, b.lagrum, b.insats, ${DAY("b.ansokan_datum")} AS ansokan,
            ${DAY("b.beslut_datum")} AS beslutd, b.utfall, b.sokta_timmar, b.beviljade_timmar, b.timmar_per,
            ${DAY("b.giltig_from")} AS gfrom, ${DAY("b.giltig_tom")} AS gtom, b.beslutsniva,
            b.personlig_assistans, b.utforare, ${DAY("b.bestallning_datum")} AS best,
            ${DAY("b.genomforandeplan_datum")} AS gplan, ${DAY("b.senaste_uppfoljning")} AS uppf
     FROM beslut b JOIN _e_arende a USING (arende_id)
     ORDER BY a.ai, beslutd, b.beslut_id`,
  // The horizon: the latest date anything happened (not giltig_tom, which lies ahead).
  `CREATE OR REPLACE TEMP TABLE _e_horisont AS SELECT ${horisont} AS h`,
];

const HORISONT_SQL = `coalesce((SELECT greatest(
    (SELECT max(datum) FROM utforda_timmar),
    (SELECT max(planerad_start)::DATE FROM avbokningar),
    (SELECT max(avbokad_tid)::DATE FROM avbokningar),
    (SELECT max(datum) FROM omkostnader),
    (SELECT max(beslut_datum) FROM beslut))), current_date)`;

const TIDSTYPER = TIDSTYP as readonly Tidstyp[];
const AV: AvbokadAv[] = ["brukare", "ledsagare", "utforare"];
const OTYP: OmkostnadTyp[] = ["schablon", "sarskild", "manadsbelopp"];

interface Batch {
  arenden: { ai: number; arendeId: string; kommun: string; insats: Insats; kon: Kon; fodelsear: number }[];
  beslut: BeslutIn[][];
  utforda: UtfordaIn[][];
  avbokningar: AvbokningIn[][];
  omkostnader: OmkostnadIn[][];
}

async function readBatch(conn: DuckDBConnection, from: number, to: number, udict: string[]): Promise<Batch> {
  const n = to - from + 1;
  const b: Batch = {
    arenden: [],
    beslut: Array.from({ length: n }, () => []),
    utforda: Array.from({ length: n }, () => []),
    avbokningar: Array.from({ length: n }, () => []),
    omkostnader: Array.from({ length: n }, () => []),
  };
  const range = [from, to];
  await forEachChunk(conn, `SELECT ai, arende_id, kommun, insats, kon, fodelsear FROM _e_arende WHERE ai BETWEEN $1 AND $2 ORDER BY ai`, range, (c) => {
    const [ai, id, k, ins, kon, fa] = [0, 1, 2, 3, 4, 5].map((i) => c.getColumnVector(i));
    for (let r = 0; r < c.rowCount; r++) {
      b.arenden.push({
        ai: ai.getItem(r) as number,
        arendeId: id.getItem(r) as string,
        kommun: k.getItem(r) as string,
        insats: ins.getItem(r) as Insats,
        kon: kon.getItem(r) as Kon,
        fodelsear: fa.getItem(r) as number,
      });
    }
  });
  await forEachChunk(conn, `SELECT * FROM _e_beslut WHERE ai BETWEEN $1 AND $2`, range, (c) => {
    const v = Array.from({ length: 19 }, (_, i) => c.getColumnVector(i));
    const s = (i: number, r: number) => v[i].getItem(r) as string;
    const num = (i: number, r: number) => v[i].getItem(r) as number | null;
    for (let r = 0; r < c.rowCount; r++) {
      b.beslut[(v[0].getItem(r) as number) - from].push({
        beslutId: s(1, r),
        stadsdel: s(2, r),
        lagrum: s(3, r) as Lagrum,
        insats: s(4, r) as Insats,
        ansokanDatum: num(5, r)!,
        beslutDatum: num(6, r)!,
        utfall: s(7, r) as Utfall,
        soktaTimmar: num(8, r),
        beviljadeTimmar: num(9, r),
        timmarPer: s(10, r) as TimmarPer,
        giltigFrom: num(11, r),
        giltigTom: num(12, r),
        beslutsniva: v[13].getItem(r) as string | null,
        personligAssistans: v[14].getItem(r) as boolean,
        utforare: v[15].getItem(r) as string | null,
        bestallningDatum: num(16, r),
        genomforandeplanDatum: num(17, r),
        senasteUppfoljning: num(18, r),
      });
    }
  });
  await forEachChunk(conn, `SELECT ai, d, ui, tt, h, n, topp FROM _e_utforda WHERE ai BETWEEN $1 AND $2`, range, (c) => {
    const [ai, d, ui, tt, h, nn, topp] = [0, 1, 2, 3, 4, 5, 6].map((i) => c.getColumnVector(i));
    for (let r = 0; r < c.rowCount; r++) {
      b.utforda[(ai.getItem(r) as number) - from].push({
        datum: d.getItem(r) as number,
        utforare: udict[ui.getItem(r) as number],
        tidstyp: TIDSTYPER[tt.getItem(r) as number],
        timmar: h.getItem(r) as number,
        tillfallen: nn.getItem(r) as number,
        minstaTillagg: topp.getItem(r) as number,
      });
    }
  });
  await forEachChunk(conn, `SELECT ai, ui, plan, avb, av, h, ombokad, orsak FROM _e_avbokning WHERE ai BETWEEN $1 AND $2`, range, (c) => {
    const [ai, ui, plan, avb, av, h, omb, ors] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => c.getColumnVector(i));
    for (let r = 0; r < c.rowCount; r++) {
      b.avbokningar[(ai.getItem(r) as number) - from].push({
        utforare: udict[ui.getItem(r) as number],
        planeradStart: plan.getItem(r) as number,
        avbokadTid: avb.getItem(r) as number,
        avbokadAv: AV[av.getItem(r) as number],
        timmar: h.getItem(r) as number,
        ombokad: omb.getItem(r) as boolean,
        orsak: ors.getItem(r) as string | null,
      });
    }
  });
  await forEachChunk(conn, `SELECT ai, ui, d, belopp, typ, aktivitet FROM _e_omkostnad WHERE ai BETWEEN $1 AND $2`, range, (c) => {
    const [ai, ui, d, bel, typ, akt] = [0, 1, 2, 3, 4, 5].map((i) => c.getColumnVector(i));
    for (let r = 0; r < c.rowCount; r++) {
      b.omkostnader[(ai.getItem(r) as number) - from].push({
        utforare: udict[ui.getItem(r) as number],
        datum: d.getItem(r) as number,
        belopp: bel.getItem(r) as number,
        typ: OTYP[typ.getItem(r) as number],
        aktivitet: akt.getItem(r) as string | null,
      });
    }
  });
  return b;
}

// ---------------------------------------------------------------------------
// Staging (engine output keyed by ai) and the output tables
// ---------------------------------------------------------------------------

const MANAD_MEASURES = [
  "giltiga_dagar", "beviljade_h", "utforda_h", "utforda_dag_h", "utforda_kvall_h", "utforda_natt_h",
  "utforda_helg_h", "utforda_storhelg_h", "utforda_utan_beslut_h", "tillfallen", "sen_avbokning_h",
  "kort_avbokning_h", "forbrukade_h", "avbokad_brukare_h", "avbokad_ledsagare_h", "antal_avbokningar_brukare",
  "antal_avbokningar_ledsagare", "saldo_h", "forverkade_h", "overforbrukade_h", "gap_sen_avbokning_h",
  "gap_brukare_avbokning_h", "gap_ledsagare_avbokning_h", "gap_forverkade_h", "gap_aldrig_bokade_h",
  "debiterade_h", "minsta_debitering_tillagg_h", "kostnad_kr", "kostnad_sen_avbokning_kr", "timmar_utan_ersattning_h",
  "schablon_intjanad_kr", "omkostnad_faktisk_kr", "sarskild_kr", "antal_sarskilda", "manadsbelopp_ram_kr",
  "manadsbelopp_kr", "manadsbelopp_ersatt_kr", "manadsbelopp_over_kr",
] as const;

const UMANAD_MEASURES = [
  "utforda_h", "tillfallen", "debiterade_h", "kostnad_kr", "sen_avbokning_h", "avbokad_brukare_h",
  "avbokad_ledsagare_h", "antal_avbokningar_brukare", "antal_avbokningar_ledsagare", "schablon_intjanad_kr",
  "omkostnad_faktisk_kr",
] as const;

const PERIOD_MEASURES = [
  "beviljade_h", "utforda_h", "forbrukade_h", "forverkade_h", "overforbrukade_h", "manadsbelopp_ram_kr",
  "manadsbelopp_kr", "manadsbelopp_ersatt_kr",
] as const;

const STAGING_DDL = [
  `CREATE OR REPLACE TEMP TABLE _o_manad (ai INTEGER, manad INTEGER, period_start INTEGER, period_slut INTEGER,
     beslut_id VARCHAR, ${MANAD_MEASURES.map((m) => `${m} DOUBLE`).join(", ")})`,
  `CREATE OR REPLACE TEMP TABLE _o_umanad (ai INTEGER, manad INTEGER, utforare VARCHAR,
     ${UMANAD_MEASURES.map((m) => `${m} DOUBLE`).join(", ")})`,
  `CREATE OR REPLACE TEMP TABLE _o_period (ai INTEGER, period_start INTEGER, period_slut INTEGER, forverkas INTEGER, stangd BOOLEAN,
     utan_beslut BOOLEAN, period_manader INTEGER, ${PERIOD_MEASURES.map((m) => `${m} DOUBLE`).join(", ")},
     regel VARCHAR, kalla VARCHAR, orsak VARCHAR)`,
  `CREATE OR REPLACE TEMP TABLE _o_handelse (ai INTEGER, seq INTEGER, typ VARCHAR, klass VARCHAR, datum INTEGER,
     tid INTEGER, manad INTEGER, timmar DOUBLE, belopp DOUBLE, forbrukad BOOLEAN, utforare VARCHAR,
     beslut_id VARCHAR, regel VARCHAR, kalla VARCHAR, orsak VARCHAR)`,
  `CREATE OR REPLACE TEMP TABLE _o_flagga (ai INTEGER, regel VARCHAR, kalla VARCHAR, datum INTEGER,
     beslut_id VARCHAR, niva VARCHAR, orsak VARCHAR)`,
  `CREATE OR REPLACE TEMP TABLE _o_arende (ai INTEGER, regelverk VARCHAR, regelverk_standard BOOLEAN)`,
  `CREATE OR REPLACE TEMP TABLE _o_beslut (ai INTEGER, beslut_id VARCHAR, sokta_per_manad DOUBLE,
     beviljade_per_manad DOUBLE, orsak VARCHAR)`,
];

class Staging {
  constructor(
    readonly manad: DuckDBAppender,
    readonly umanad: DuckDBAppender,
    readonly period: DuckDBAppender,
    readonly handelse: DuckDBAppender,
    readonly flagga: DuckDBAppender,
    readonly arende: DuckDBAppender,
    readonly beslut: DuckDBAppender,
  ) {}

  static async open(conn: DuckDBConnection): Promise<Staging> {
    const a = (t: string) => conn.createAppender(t, "main", "temp");
    return new Staging(
      await a("_o_manad"),
      await a("_o_umanad"),
      await a("_o_period"),
      await a("_o_handelse"),
      await a("_o_flagga"),
      await a("_o_arende"),
      await a("_o_beslut"),
    );
  }

  close(): void {
    for (const ap of [this.manad, this.umanad, this.period, this.handelse, this.flagga, this.arende, this.beslut]) {
      ap.closeSync();
    }
  }

  write(ai: number, r: CaseResult): void {
    const str = (ap: DuckDBAppender, s: string | null) => (s === null ? ap.appendNull() : ap.appendVarchar(s));
    const dbl = (ap: DuckDBAppender, n: number | null) => (n === null ? ap.appendNull() : ap.appendDouble(n));

    const a = this.arende;
    a.appendInteger(ai);
    a.appendVarchar(r.regelverkFil);
    a.appendBoolean(r.regelverkStandard);
    a.endRow();

    const m = this.manad;
    for (const x of r.manader) {
      m.appendInteger(ai);
      m.appendInteger(x.manad);
      m.appendInteger(x.periodStart);
      m.appendInteger(x.periodSlut);
      str(m, x.beslutId);
      const t = x.utfordaTidstyp;
      for (const v of [
        x.giltigaDagar, x.beviljade, x.utforda, t[0], t[1], t[2], t[3], t[4], x.utfordaUtanBeslut, x.tillfallen,
        x.senAvbokning, x.kortAvbokning, x.forbrukade, x.avbokadBrukare, x.avbokadLedsagare,
        x.antalAvbokningarBrukare, x.antalAvbokningarLedsagare, x.saldo, x.forverkade, x.overforbrukade,
        x.gapSenAvbokning, x.gapBrukareAvbokning, x.gapLedsagareAvbokning, x.gapForverkade, x.gapAldrigBokade,
        x.debiteradeTimmar, x.minstaDebiteringTillagg, x.kostnad, x.kostnadSenAvbokning, x.timmarUtanErsattning,
        x.schablonIntjanad, x.omkostnadFaktisk, x.sarskildKr, x.antalSarskilda, x.manadsbeloppRam,
        x.manadsbelopp, x.manadsbeloppErsatt, x.manadsbeloppOver,
      ]) {
        m.appendDouble(v);
      }
      m.endRow();
    }

    const u = this.umanad;
    for (const x of r.utforareManader) {
      u.appendInteger(ai);
      u.appendInteger(x.manad);
      u.appendVarchar(x.utforare);
      for (const v of [
        x.utforda, x.tillfallen, x.debiteradeTimmar, x.kostnad, x.senAvbokning, x.avbokadBrukare,
        x.avbokadLedsagare, x.antalAvbokningarBrukare, x.antalAvbokningarLedsagare, x.schablonIntjanad,
        x.omkostnadFaktisk,
      ]) {
        u.appendDouble(v);
      }
      u.endRow();
    }

    const p = this.period;
    for (const x of r.perioder) {
      p.appendInteger(ai);
      p.appendInteger(x.start);
      p.appendInteger(x.slut);
      p.appendInteger(x.slutDag);
      p.appendBoolean(x.stangd);
      p.appendBoolean(x.utanBeslut);
      p.appendInteger(x.periodManader);
      for (const v of [
        x.beviljade, x.utforda, x.forbrukade, x.forverkade, x.overforbrukade, x.manadsbeloppRam, x.manadsbelopp,
        x.manadsbeloppErsatt,
      ]) {
        p.appendDouble(v);
      }
      str(p, x.reason.regel);
      p.appendVarchar(x.reason.kalla);
      p.appendVarchar(x.reason.text);
      p.endRow();
    }

    const h = this.handelse;
    r.handelser.forEach((x, seq) => {
      h.appendInteger(ai);
      h.appendInteger(seq);
      h.appendVarchar(x.typ);
      h.appendVarchar(x.klass);
      h.appendInteger(x.datum);
      if (x.tid === null) h.appendNull();
      else h.appendInteger(x.tid);
      h.appendInteger(x.manad);
      dbl(h, x.timmar);
      dbl(h, x.belopp);
      if (x.forbrukad === null) h.appendNull();
      else h.appendBoolean(x.forbrukad);
      str(h, x.utforare);
      str(h, x.beslutId);
      str(h, x.reason.regel);
      h.appendVarchar(x.reason.kalla);
      h.appendVarchar(x.reason.text);
      h.endRow();
    });

    const f = this.flagga;
    for (const x of r.flaggor) {
      f.appendInteger(ai);
      f.appendVarchar(x.regel);
      f.appendVarchar(x.kalla);
      f.appendInteger(x.datum);
      str(f, x.beslutId);
      f.appendVarchar(x.niva);
      f.appendVarchar(x.text);
      f.endRow();
    }

    const b = this.beslut;
    for (const x of r.beslut) {
      b.appendInteger(ai);
      b.appendVarchar(x.beslutId);
      dbl(b, x.soktaPerManad);
      dbl(b, x.beviljadePerManad);
      str(b, x.reason?.text ?? null);
      b.endRow();
    }
  }
}

const MONTH_DATE = (col: string) => `make_date((${col}) // 12, (${col}) % 12 + 1, 1)`;
const EPOCH_DATE = (col: string) => `(DATE '1970-01-01' + ${col})`;

/** The output tables, built from the staging tables and the loaded data. */
const OUTPUT_SQL = [
  `CREATE OR REPLACE TABLE arende AS
   WITH b AS (
     SELECT arende_id,
            arg_max(stadsdel, (beslut_datum, beslut_id)) AS stadsdel,
            arg_max(lagrum, (beslut_datum, beslut_id)) AS lagrum,
            arg_max(utfall, (beslut_datum, beslut_id)) AS utfall_senaste,
            arg_max(utforare, (beslut_datum, beslut_id)) FILTER (WHERE utfall <> 'avslag') AS utforare_senaste,
            count(*)::INTEGER AS antal_beslut,
            count(*) FILTER (WHERE utfall = 'bifall')::INTEGER AS antal_bifall,
            count(*) FILTER (WHERE utfall = 'delavslag')::INTEGER AS antal_delavslag,
            count(*) FILTER (WHERE utfall = 'avslag')::INTEGER AS antal_avslag,
            min(ansokan_datum) AS forsta_ansokan,
            max(beslut_datum) AS senaste_beslut,
            min(giltig_from) FILTER (WHERE utfall <> 'avslag') AS forsta_giltig_from,
            max(coalesce(giltig_tom, DATE '9999-12-31')) FILTER (WHERE utfall <> 'avslag') AS sista_giltig_tom_raw
     FROM beslut GROUP BY arende_id),
   l AS (
     SELECT ai, min(manad) AS forsta_manad, max(manad) AS sista_manad, sum(beviljade_h) AS beviljade_h,
            sum(utforda_h) AS utforda_h, sum(forbrukade_h) AS forbrukade_h, sum(forverkade_h) AS forverkade_h,
            sum(kostnad_kr) AS kostnad_kr
     FROM _o_manad GROUP BY ai),
   f AS (SELECT ai, count(*)::INTEGER AS antal_flaggor, list(DISTINCT regel ORDER BY regel) AS flaggor FROM _o_flagga GROUP BY ai)
   SELECT a.arende_id, a.person_id, a.kommun, b.stadsdel, coalesce(m.nuvarande, b.stadsdel) AS stadsdel_nu,
          a.kon, a.fodelsear, b.lagrum, a.insats, b.utfall_senaste, b.utforare_senaste,
          b.antal_beslut, b.antal_bifall, b.antal_delavslag, b.antal_avslag, b.forsta_ansokan, b.senaste_beslut,
          b.forsta_giltig_from,
          CASE WHEN b.sista_giltig_tom_raw = DATE '9999-12-31' THEN NULL ELSE b.sista_giltig_tom_raw END AS sista_giltig_tom,
          ${MONTH_DATE("l.forsta_manad")} AS forsta_manad, ${MONTH_DATE("l.sista_manad")} AS sista_manad,
          coalesce(l.beviljade_h, 0) AS beviljade_h, coalesce(l.utforda_h, 0) AS utforda_h,
          coalesce(l.forbrukade_h, 0) AS forbrukade_h, coalesce(l.forverkade_h, 0) AS forverkade_h,
          coalesce(l.kostnad_kr, 0) AS kostnad_kr,
          coalesce(f.antal_flaggor, 0) AS antal_flaggor, coalesce(f.flaggor, []) AS flaggor,
          o.regelverk, o.regelverk_standard
   FROM _e_arende a JOIN b USING (arende_id) JOIN _o_arende o USING (ai)
   LEFT JOIN l USING (ai) LEFT JOIN f USING (ai)
   LEFT JOIN _e_stadsdel_map m ON m.kommun = a.kommun AND m.stadsdel = b.stadsdel
   ORDER BY a.arende_id`,

  `CREATE OR REPLACE TABLE ledger_manad AS
   SELECT a.arende_id, a.kommun, b.stadsdel, coalesce(m.nuvarande, b.stadsdel) AS stadsdel_nu, b.lagrum, b.insats,
          a.kon, a.fodelsear, b.utforare, ur.regi, o.beslut_id,
          ${MONTH_DATE("o.manad")} AS manad, (o.manad // 12)::INTEGER AS ar, ((o.manad % 12) // 4 + 1)::INTEGER AS tertial,
          ${MONTH_DATE("o.period_start")} AS period_start, ${MONTH_DATE("o.period_slut")} AS period_slut,
          ${MANAD_MEASURES.map((c) => `o.${c}`).join(", ")}
   FROM _o_manad o JOIN _e_arende a USING (ai)
   LEFT JOIN beslut b ON b.kommun = a.kommun AND b.beslut_id = o.beslut_id
   LEFT JOIN utforare ur ON ur.kommun = a.kommun AND ur.utforare = b.utforare
   LEFT JOIN _e_stadsdel_map m ON m.kommun = a.kommun AND m.stadsdel = b.stadsdel
   ORDER BY a.arende_id, o.manad`,

  `CREATE OR REPLACE TABLE ledger_utforare_manad AS
   SELECT a.arende_id, a.kommun, ar.stadsdel_nu, ar.lagrum, a.insats, a.kon, a.fodelsear, o.utforare, ur.namn AS utforare_namn,
          ur.regi, ${MONTH_DATE("o.manad")} AS manad, (o.manad // 12)::INTEGER AS ar,
          ((o.manad % 12) // 4 + 1)::INTEGER AS tertial, ${UMANAD_MEASURES.map((c) => `o.${c}`).join(", ")}
   FROM _o_umanad o JOIN _e_arende a USING (ai) JOIN arende ar USING (arende_id)
   LEFT JOIN utforare ur ON ur.kommun = a.kommun AND ur.utforare = o.utforare
   ORDER BY a.arende_id, o.manad, o.utforare`,

  `CREATE OR REPLACE TABLE ledger_period AS
   SELECT a.arende_id, a.kommun, ar.stadsdel_nu, ${MONTH_DATE("o.period_start")} AS period_start,
          ${MONTH_DATE("o.period_slut")} AS period_slut, ${EPOCH_DATE("o.forverkas")} AS forverkas_datum,
          o.period_manader, o.stangd, o.utan_beslut,
          ${PERIOD_MEASURES.map((c) => `o.${c}`).join(", ")}, o.regel, o.kalla, o.orsak
   FROM _o_period o JOIN _e_arende a USING (ai) JOIN arende ar USING (arende_id)
   ORDER BY a.arende_id, o.period_start`,

  `CREATE OR REPLACE TABLE arende_handelse AS
   SELECT a.arende_id, a.kommun, o.seq, o.typ, o.klass, ${EPOCH_DATE("o.datum")} AS datum,
          CASE WHEN o.tid IS NULL THEN NULL ELSE TIMESTAMP '1970-01-01' + to_minutes(o.tid::BIGINT) END AS tid,
          ${MONTH_DATE("o.manad")} AS manad, o.timmar, o.belopp, o.forbrukad, o.utforare, o.beslut_id,
          o.regel, o.kalla, o.orsak
   FROM _o_handelse o JOIN _e_arende a USING (ai)
   ORDER BY a.arende_id, o.seq`,

  `CREATE OR REPLACE TABLE arende_flagga AS
   SELECT a.arende_id, a.kommun, coalesce(b.stadsdel, ar.stadsdel) AS stadsdel,
          coalesce(m.nuvarande, b.stadsdel, ar.stadsdel_nu) AS stadsdel_nu, ar.lagrum, a.insats, a.kon, a.fodelsear,
          o.regel, o.kalla, ${EPOCH_DATE("o.datum")} AS datum, o.beslut_id, o.niva, o.orsak
   FROM _o_flagga o JOIN _e_arende a USING (ai) JOIN arende ar USING (arende_id)
   LEFT JOIN beslut b ON b.kommun = a.kommun AND b.beslut_id = o.beslut_id
   LEFT JOIN _e_stadsdel_map m ON m.kommun = a.kommun AND m.stadsdel = b.stadsdel
   ORDER BY a.arende_id, o.datum, o.regel`,

  `CREATE OR REPLACE TABLE arende_beslut AS
   SELECT b.arende_id, b.kommun, b.stadsdel, coalesce(m.nuvarande, b.stadsdel) AS stadsdel_nu, b.beslut_id,
          b.lagrum, b.insats, b.kon, b.fodelsear, b.utfall, b.ansokan_datum, b.beslut_datum, b.giltig_from, b.giltig_tom,
          b.sokta_timmar, b.beviljade_timmar, b.timmar_per, o.sokta_per_manad, o.beviljade_per_manad,
          b.handlaggare, b.beslutsniva, b.utforare, b.personlig_assistans, o.orsak
   FROM _o_beslut o JOIN _e_arende a USING (ai)
   JOIN beslut b ON b.kommun = a.kommun AND b.beslut_id = o.beslut_id
   LEFT JOIN _e_stadsdel_map m ON m.kommun = b.kommun AND m.stadsdel = b.stadsdel
   ORDER BY b.arende_id, b.beslut_datum, b.beslut_id`,

  `CREATE OR REPLACE TABLE utforare_ar AS
   WITH h AS (
     SELECT u.kommun, u.utforare, year(u.datum)::INTEGER AS ar, count(DISTINCT b.arende_id)::INTEGER AS arenden,
            sum(u.timmar) AS utforda_h
     FROM utforda_timmar u JOIN beslut b USING (kommun, beslut_id) GROUP BY ALL),
   s AS (
     SELECT kommun, utforare, year(beslut_datum)::INTEGER AS ar, count(*)::INTEGER AS beslut
     FROM beslut WHERE utfall <> 'avslag' AND utforare IS NOT NULL GROUP BY ALL)
   SELECT kommun, utforare, ur.namn, ur.regi, ar, coalesce(h.arenden, 0) AS arenden,
          coalesce(h.utforda_h, 0) AS utforda_h, coalesce(s.beslut, 0) AS beslut
   FROM h FULL JOIN s USING (kommun, utforare, ar)
   LEFT JOIN utforare ur USING (kommun, utforare)
   ORDER BY kommun, utforare, ar`,
];

const CLEANUP = ["_e_arende", "_e_udict", "_e_beslut_ai", "_e_utforda", "_e_avbokning", "_e_omkostnad", "_e_beslut",
  "_e_horisont", "_e_stadsdel_map", "_o_manad", "_o_umanad", "_o_period", "_o_handelse", "_o_flagga", "_o_arende",
  "_o_beslut"];

async function utforareOutput(conn: DuckDBConnection, set: RegelverkSet, horisont: Day): Promise<void> {
  const list = new Map<string, UtforareIn>();
  await forEachChunk(
    conn,
    `SELECT kommun, utforare, namn, regi, ${DAY("godkand_from")}, ${DAY("godkand_tom")} FROM utforare ORDER BY kommun, utforare`,
    [],
    (c) => {
      for (let r = 0; r < c.rowCount; r++) {
        const [kommun, utforare, namn, regi, from, tom] = [0, 1, 2, 3, 4, 5].map((i) => c.getColumnVector(i).getItem(r));
        list.set(`${kommun}\u0000${utforare}`, {
          kommun: kommun as string,
          utforare: utforare as string,
          namn: namn as string,
          regi: regi as Regi,
          godkandFrom: from as number,
          godkandTom: tom as number | null,
          aktivitet: [],
        });
      }
    },
  );
  // An assignment: a beslut naming the utförare valid on a day, or hours it performed.
  await forEachChunk(
    conn,
    `SELECT kommun, utforare, ${DAY("giltig_from")} AS fran, ${DAY(`coalesce(giltig_tom, (SELECT h FROM _e_horisont))`)} AS till
       FROM beslut WHERE utfall <> 'avslag' AND giltig_from IS NOT NULL AND utforare IS NOT NULL
     UNION ALL
     SELECT kommun, utforare, ${DAY("min(datum)")}, ${DAY("max(datum)")}
       FROM utforda_timmar WHERE timmar > 0 GROUP BY kommun, utforare, date_trunc('month', datum)`,
    [],
    (c) => {
      for (let r = 0; r < c.rowCount; r++) {
        const u = list.get(`${c.getColumnVector(0).getItem(r)}\u0000${c.getColumnVector(1).getItem(r)}`);
        if (u) u.aktivitet.push({ fran: c.getColumnVector(2).getItem(r) as number, till: c.getColumnVector(3).getItem(r) as number });
      }
    },
  );
  const flags = utforareFlags([...list.values()], (k) => regelverkFor(set, k), horisont);
  await conn.run(`CREATE OR REPLACE TABLE utforare_flagga (kommun VARCHAR, utforare VARCHAR, namn VARCHAR, regi VARCHAR,
    regel VARCHAR, kalla VARCHAR, datum DATE, fonster_fran DATE, fonster_till DATE, orsak VARCHAR)`);
  for (const f of flags) {
    const u = list.get(`${f.kommun}\u0000${f.utforare}`)!;
    await conn.run(
      `INSERT INTO utforare_flagga VALUES ($1, $2, $3, $4, $5, $6, DATE '1970-01-01' + $7::INTEGER,
         DATE '1970-01-01' + $8::INTEGER, DATE '1970-01-01' + $9::INTEGER, $10)`,
      [f.kommun, f.utforare, u.namn, u.regi, f.regel, f.kalla, f.datum, f.fonsterFran, f.fonsterTill, f.text],
    );
  }
}

/**
 * Derives every case and replaces the output tables. Runs in the caller's transaction.
 * Throws a RegelverkError (Swedish, naming file and field) if a regelverk file is broken.
 */
export async function deriveAll(conn: DuckDBConnection, opts: DeriveOptions = {}): Promise<{ arenden: number; ms: number }> {
  const t0 = performance.now();
  const set = loadRegelverk(opts.regelverkDir);
  const mapping = loadStadsdelMapping(opts.stadsdelMapping);

  const horisontSql = opts.horisont === undefined ? HORISONT_SQL : `DATE '${isoDay(opts.horisont)}'`;
  for (const sql of PREP_SQL(horisontSql)) await conn.run(sql);
  await conn.run(`CREATE OR REPLACE TEMP TABLE _e_stadsdel_map (kommun VARCHAR, stadsdel VARCHAR, nuvarande VARCHAR)`);
  for (const [k, old, now] of mapping) await conn.run(`INSERT INTO _e_stadsdel_map VALUES ($1, $2, $3)`, [k, old, now]);

  const horisont = (await (await conn.run(`SELECT ${DAY("h")} FROM _e_horisont`)).getRows())[0][0] as number;
  const udict: string[] = [];
  const regi = new Map<string, Map<string, Regi>>();
  await forEachChunk(
    conn,
    `SELECT d.ui, d.kommun, d.utforare, u.regi FROM _e_udict d LEFT JOIN utforare u USING (kommun, utforare) ORDER BY d.ui`,
    [],
    (c) => {
      for (let r = 0; r < c.rowCount; r++) {
        const [ui, kommun, utforare, rg] = [0, 1, 2, 3].map((i) => c.getColumnVector(i).getItem(r));
        udict[ui as number] = utforare as string;
        const key = kommunKey(kommun as string);
        if (!regi.has(key)) regi.set(key, new Map());
        if (rg !== null) regi.get(key)!.set(utforare as string, rg as Regi);
      }
    },
  );
  const total = Number((await (await conn.run(`SELECT count(*) FROM _e_arende`)).getRows())[0][0]);

  for (const sql of STAGING_DDL) await conn.run(sql);
  const staging = await Staging.open(conn);
  const batch = opts.batch ?? 2000;
  try {
    for (let from = 0; from < total; from += batch) {
      const to = Math.min(total, from + batch) - 1;
      const b = await readBatch(conn, from, to, udict);
      for (const a of b.arenden) {
        const i = a.ai - from;
        const input: CaseInput = {
          arendeId: a.arendeId,
          kommun: a.kommun,
          insats: a.insats,
          kon: a.kon,
          fodelsear: a.fodelsear,
          beslut: b.beslut[i],
          utforda: b.utforda[i],
          avbokningar: b.avbokningar[i],
          omkostnader: b.omkostnader[i],
        };
        const regiOfKommun = regi.get(kommunKey(a.kommun));
        const result = deriveCase(input, regelverkFor(set, a.kommun), {
          horisont,
          regi: (u) => regiOfKommun?.get(u) ?? null,
        });
        staging.write(a.ai, result);
      }
    }
  } finally {
    staging.close();
  }

  for (const sql of OUTPUT_SQL) await conn.run(sql);
  await utforareOutput(conn, set, horisont);
  const ms = Math.round(performance.now() - t0);
  await conn.run(`CREATE OR REPLACE TABLE engine_korning AS
    SELECT current_timestamp AS korning, (SELECT h FROM _e_horisont) AS horisont, ${total}::INTEGER AS arenden, ${ms}::INTEGER AS ms,
           ${`'${[...set.byKommun.values()].map((r) => r.fil).concat(set.standard.fil).join(", ").replaceAll("'", "''")}'`} AS regelverk`);
  for (const t of CLEANUP) await conn.run(`DROP TABLE IF EXISTS temp.main.${t}`);
  return { arenden: total, ms };
}
