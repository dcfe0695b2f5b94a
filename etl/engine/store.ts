/**
 * The engine's I/O edge: reads every case from the loaded tables in bulk, runs the pure
 * engine on each, and (re)creates the output tables. Called by the ETL inside its load
 * transaction, so the database never holds output from an older load; it therefore never
 * begins or commits a transaction itself.
 *
 * How it stays fast at national scale (~20 M utförda rows):
 *  - SQL does what is not a rule: joins rows to their case, numbers cases (`ai`), beslut
 *    (`bi`) and utförare (`ui`), and sums utförda per case, day, utförare and tidstyp (with
 *    the count and per-row top-up R7 needs, so R7 stays exact). Dates travel as day numbers.
 *  - Cases are read in batches of consecutive `ai` from temp tables written in `ai` order,
 *    so each batch query touches only its own row groups.
 *  - Through the Appender go only the numbers a rule produces (granted hours, consumption
 *    by cancellations, cost, lapse …), keyed by integers. Plain sums of the loaded rows
 *    (utförda per tidstyp, cancellations by who, omkostnader by type) and identities
 *    (förbrukade, running balance, the gap's remainder) are added in SQL when the output
 *    tables are built, together with the dimension columns. The integration test checks
 *    that every stored column equals the pure engine's ledger.
 */
import type { DuckDBAppender, DuckDBConnection, DuckDBDataChunk, DuckDBValue } from "@duckdb/node-api";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { AvbokadAv, Insats, Kon, Lagrum, OmkostnadTyp, Regi, Tidstyp, TimmarPer, Utfall } from "../contract.ts";
import { REGI, TIDSTYP } from "../contract.ts";
import { PROJECT_ROOT } from "../db.ts";
import { civil, isoDay, type Day } from "./dates.ts";
import { deriveCase } from "./engine.ts";
import { levelReason } from "./ersattning.ts";
import {
  compileRegelverk,
  kommunKey,
  parseRegelverkText,
  regelverkFor,
  regelverkSet,
  type Regelverk,
  type RegelverkSet,
} from "./regelverk.ts";
import type { AvbokningIn, BeslutIn, CaseInput, CaseResult, OmkostnadIn, Reason, UtfordaIn } from "./types.ts";
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
  /** Told the time of each phase (for the benchmark). */
  onPhase?: (fas: string, ms: number) => void;
  /** Keep the temp tables (for diagnosing a slow phase with EXPLAIN ANALYZE). */
  behallTemp?: boolean;
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

/** kommun;stadsdel;nuvarande_stadsdel;upphorde → (kommun, old, today's name), chains resolved. */
export function loadStadsdelMapping(path = resolve(PROJECT_ROOT, "data", "stadsdel_mapping.csv")): [string, string, string][] {
  const rows = readFileSync(path, "utf8")
    .replace(/^\uFEFF/, "")
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
// SQL helpers
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

async function scalar(conn: DuckDBConnection, sql: string): Promise<number> {
  return Number((await (await conn.run(sql)).getRows())[0][0]);
}

const DAY = (col: string) => `(${col} - DATE '1970-01-01')::INTEGER`;
const MONTH_IDX = (col: string) => `(year(${col}) * 12 + month(${col}) - 1)::INTEGER`;
const MONTH_DATE = (col: string) => `make_date((${col}) // 12, (${col}) % 12 + 1, 1)`;
const EPOCH_DATE = (col: string) => `(DATE '1970-01-01' + ${col})`;
const TIDSTYP_CASE = `CASE tidstyp ${TIDSTYP.map((t, i) => `WHEN '${t}' THEN ${i}`).join(" ")} END`;

/**
 * One utförda group travels as one DOUBLE key (case, day, utförare, tidstyp) instead of
 * four columns: reading values out of DuckDB one by one is the slow part, and 53 bits hold
 * all four.
 */
interface KeyLayout {
  uiBits: number;
}
const DAY_BITS = 16; // days since 1970 up to 2149
const TT_BITS = 3;

function keySql(k: KeyLayout): string {
  return `(((ai::BIGINT * ${2 ** DAY_BITS} + d) * ${2 ** k.uiBits} + ui) * ${2 ** TT_BITS} + tt)::DOUBLE`;
}

const PREP_SQL = [
  `CREATE OR REPLACE TEMP TABLE _e_arende AS
     SELECT arende_id, (row_number() OVER (ORDER BY arende_id) - 1)::INTEGER AS ai,
            any_value(kommun) AS kommun, any_value(person_id) AS person_id,
            any_value(insats) AS insats, any_value(kon) AS kon, any_value(fodelsear) AS fodelsear
     FROM beslut GROUP BY arende_id ORDER BY ai`,
  `CREATE OR REPLACE TEMP TABLE _e_udict AS
     SELECT kommun, utforare, (row_number() OVER (ORDER BY kommun, utforare) - 1)::INTEGER AS ui
     FROM (SELECT kommun, utforare FROM utforda_timmar UNION SELECT kommun, utforare FROM avbokningar
           UNION SELECT kommun, utforare FROM omkostnader UNION SELECT kommun, utforare FROM utforare
           UNION SELECT kommun, utforare FROM beslut WHERE utforare IS NOT NULL)`,
  `CREATE OR REPLACE TEMP TABLE _e_beslut AS
     SELECT a.ai, (row_number() OVER (ORDER BY a.ai, b.beslut_datum, b.beslut_id) - 1)::INTEGER AS bi,
            b.kommun, b.beslut_id, b.stadsdel, b.lagrum, b.insats, ${DAY("b.ansokan_datum")} AS ansokan,
            ${DAY("b.beslut_datum")} AS beslutd, b.utfall, b.sokta_timmar, b.beviljade_timmar, b.timmar_per,
            ${DAY("b.giltig_from")} AS gfrom, ${DAY("b.giltig_tom")} AS gtom, b.beslutsniva,
            b.personlig_assistans, b.utforare, ${DAY("b.bestallning_datum")} AS best,
            ${DAY("b.genomforandeplan_datum")} AS gplan, ${DAY("b.senaste_uppfoljning")} AS uppf
     FROM beslut b JOIN _e_arende a USING (arende_id)
     ORDER BY bi`,
  `CREATE OR REPLACE TEMP TABLE _e_utforda AS
     SELECT b.ai, ${DAY("u.datum")} AS d, ${MONTH_IDX("u.datum")} AS m, d2.ui, ${TIDSTYP_CASE}::TINYINT AS tt,
            sum(u.timmar) AS h,
            count(*) FILTER (WHERE u.timmar > 0)::INTEGER AS n,
            coalesce(sum(greatest(0, 1 - u.timmar)) FILTER (WHERE u.timmar > 0), 0) AS topp
     FROM utforda_timmar u
     JOIN _e_beslut b ON b.kommun = u.kommun AND b.beslut_id = u.beslut_id
     JOIN _e_udict d2 ON d2.kommun = u.kommun AND d2.utforare = u.utforare
     GROUP BY ALL ORDER BY b.ai, d, d2.ui, tt`,
  `CREATE OR REPLACE TEMP TABLE _e_avbokning AS
     SELECT b.ai, ${MONTH_IDX("u.planerad_start")} AS m, d2.ui,
            (epoch(u.planerad_start) // 60)::INTEGER AS plan, (epoch(u.avbokad_tid) // 60)::INTEGER AS avb,
            CASE u.avbokad_av WHEN 'brukare' THEN 0 WHEN 'ledsagare' THEN 1 ELSE 2 END::TINYINT AS av,
            u.timmar AS h, u.ombokad, u.orsak
     FROM avbokningar u
     JOIN _e_beslut b ON b.kommun = u.kommun AND b.beslut_id = u.beslut_id
     JOIN _e_udict d2 ON d2.kommun = u.kommun AND d2.utforare = u.utforare
     ORDER BY b.ai, plan`,
  `CREATE OR REPLACE TEMP TABLE _e_omkostnad AS
     SELECT b.ai, ${MONTH_IDX("u.datum")} AS m, d2.ui, ${DAY("u.datum")} AS d, u.belopp,
            CASE u.typ WHEN 'schablon' THEN 0 WHEN 'sarskild' THEN 1 ELSE 2 END::TINYINT AS typ, u.aktivitet
     FROM omkostnader u
     JOIN _e_beslut b ON b.kommun = u.kommun AND b.beslut_id = u.beslut_id
     JOIN _e_udict d2 ON d2.kommun = u.kommun AND d2.utforare = u.utforare`,
  // What the engine needs of omkostnader: särskilda one by one (R9 judges each), the
  // others as monthly sums (it only adds them up per month, and per utförare).
  `CREATE OR REPLACE TEMP TABLE _e_omkostnad_in AS
     SELECT ai, m, ui, d, belopp, typ, aktivitet FROM _e_omkostnad WHERE typ = 1
     UNION ALL
     SELECT ai, m, ui, min(d), sum(belopp), typ, NULL FROM _e_omkostnad WHERE typ <> 1 GROUP BY ai, m, ui, typ
     ORDER BY ai, d`,
];

const HORISONT_SQL = `coalesce(greatest(
    (SELECT max(datum) FROM utforda_timmar),
    (SELECT max(planerad_start)::DATE FROM avbokningar),
    (SELECT max(avbokad_tid)::DATE FROM avbokningar),
    (SELECT max(datum) FROM omkostnader),
    (SELECT max(beslut_datum) FROM beslut)), current_date)`;

// ---------------------------------------------------------------------------
// Reading a batch of cases
// ---------------------------------------------------------------------------

const TIDSTYPER = TIDSTYP as readonly Tidstyp[];
const AV: AvbokadAv[] = ["brukare", "ledsagare", "utforare"];
const OTYP: OmkostnadTyp[] = ["schablon", "sarskild", "manadsbelopp"];

interface Batch {
  arenden: { ai: number; arendeId: string; kommun: string; insats: Insats; kon: Kon; fodelsear: number }[];
  beslut: BeslutIn[][];
  /** beslut_id → bi of each case. */
  bi: Map<string, number>[];
  utforda: UtfordaIn[][];
  avbokningar: AvbokningIn[][];
  omkostnader: OmkostnadIn[][];
}

const cols = (c: DuckDBDataChunk, n: number) => Array.from({ length: n }, (_, i) => c.getColumnVector(i));

async function readBatch(conn: DuckDBConnection, from: number, to: number, udict: string[], k: KeyLayout): Promise<Batch> {
  const n = to - from + 1;
  const list = <T>() => Array.from({ length: n }, () => [] as T[]);
  const b: Batch = {
    arenden: [],
    beslut: list(),
    bi: Array.from({ length: n }, () => new Map()),
    utforda: list(),
    avbokningar: list(),
    omkostnader: list(),
  };
  const range = [from, to];
  await forEachChunk(conn, `SELECT ai, arende_id, kommun, insats, kon, fodelsear FROM _e_arende WHERE ai BETWEEN $1 AND $2 ORDER BY ai`, range, (c) => {
    const [ai, id, km, ins, kon, fa] = cols(c, 6);
    for (let r = 0; r < c.rowCount; r++) {
      b.arenden.push({
        ai: ai.getItem(r) as number,
        arendeId: id.getItem(r) as string,
        kommun: km.getItem(r) as string,
        insats: ins.getItem(r) as Insats,
        kon: kon.getItem(r) as Kon,
        fodelsear: fa.getItem(r) as number,
      });
    }
  });
  await forEachChunk(
    conn,
    `SELECT ai, bi, beslut_id, stadsdel, lagrum, insats, ansokan, beslutd, utfall, sokta_timmar, beviljade_timmar,
            timmar_per, gfrom, gtom, beslutsniva, personlig_assistans, utforare, best, gplan, uppf
     FROM _e_beslut WHERE ai BETWEEN $1 AND $2 ORDER BY bi`,
    range,
    (c) => {
      const v = cols(c, 20);
      const s = (i: number, r: number) => v[i].getItem(r) as string;
      const num = (i: number, r: number) => v[i].getItem(r) as number | null;
      for (let r = 0; r < c.rowCount; r++) {
        const i = (v[0].getItem(r) as number) - from;
        const beslutId = s(2, r);
        b.bi[i].set(beslutId, v[1].getItem(r) as number);
        b.beslut[i].push({
          beslutId,
          stadsdel: s(3, r),
          lagrum: s(4, r) as Lagrum,
          insats: s(5, r) as Insats,
          ansokanDatum: num(6, r)!,
          beslutDatum: num(7, r)!,
          utfall: s(8, r) as Utfall,
          soktaTimmar: num(9, r),
          beviljadeTimmar: num(10, r),
          timmarPer: s(11, r) as TimmarPer,
          giltigFrom: num(12, r),
          giltigTom: num(13, r),
          beslutsniva: v[14].getItem(r) as string | null,
          personligAssistans: v[15].getItem(r) as boolean,
          utforare: v[16].getItem(r) as string | null,
          bestallningDatum: num(17, r),
          genomforandeplanDatum: num(18, r),
          senasteUppfoljning: num(19, r),
        });
      }
    },
  );
  const ttDiv = 2 ** TT_BITS;
  const uiDiv = 2 ** k.uiBits;
  const dDiv = 2 ** DAY_BITS;
  await forEachChunk(conn, `SELECT ${keySql(k)}, h, n, topp FROM _e_utforda WHERE ai BETWEEN $1 AND $2`, range, (c) => {
    const [key, h, nn, topp] = cols(c, 4);
    for (let r = 0; r < c.rowCount; r++) {
      let x = key.getItem(r) as number;
      const tt = x % ttDiv;
      x = (x - tt) / ttDiv;
      const ui = x % uiDiv;
      x = (x - ui) / uiDiv;
      const d = x % dDiv;
      const ai = (x - d) / dDiv;
      b.utforda[ai - from].push({
        datum: d,
        utforare: udict[ui],
        tidstyp: TIDSTYPER[tt],
        timmar: h.getItem(r) as number,
        tillfallen: nn.getItem(r) as number,
        minstaTillagg: topp.getItem(r) as number,
      });
    }
  });
  await forEachChunk(conn, `SELECT ai, ui, plan, avb, av, h, ombokad, orsak FROM _e_avbokning WHERE ai BETWEEN $1 AND $2`, range, (c) => {
    const [ai, ui, plan, avb, av, h, omb, ors] = cols(c, 8);
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
  await forEachChunk(conn, `SELECT ai, ui, d, belopp, typ, aktivitet FROM _e_omkostnad_in WHERE ai BETWEEN $1 AND $2`, range, (c) => {
    const [ai, ui, d, bel, typ, akt] = cols(c, 6);
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
// Staging: the engine's rule-made numbers, keyed by integers
// ---------------------------------------------------------------------------

const STAGING_DDL = [
  `CREATE OR REPLACE TEMP TABLE _o_manad (ai INTEGER, manad INTEGER, period_start INTEGER, period_slut INTEGER,
     bi INTEGER, giltiga_dagar DOUBLE, saldo_h DOUBLE, forverkade_h DOUBLE, overforbrukade_h DOUBLE,
     gap_brukare_avbokning_h DOUBLE, gap_ledsagare_avbokning_h DOUBLE, gap_forverkade_h DOUBLE,
     beviljade_h DOUBLE, utforda_utan_beslut_h DOUBLE, sen_avbokning_h DOUBLE, sen_forbrukad_h DOUBLE,
     kort_avbokning_h DOUBLE, debiterade_h DOUBLE, minsta_debitering_tillagg_h DOUBLE, kostnad_kr DOUBLE,
     kostnad_sen_avbokning_kr DOUBLE, timmar_utan_ersattning_h DOUBLE, schablon_intjanad_kr DOUBLE,
     manadsbelopp_ram_kr DOUBLE, manadsbelopp_ersatt_kr DOUBLE, manadsbelopp_over_kr DOUBLE)`,
  `CREATE OR REPLACE TEMP TABLE _o_umanad (ai INTEGER, manad INTEGER, ui INTEGER, debiterade_h DOUBLE,
     kostnad_kr DOUBLE, schablon_intjanad_kr DOUBLE, sen_avbokning_h DOUBLE)`,
  `CREATE OR REPLACE TEMP TABLE _o_period (ai INTEGER, period_start INTEGER, period_slut INTEGER, forverkas INTEGER,
     stangd BOOLEAN, utan_beslut BOOLEAN, period_manader INTEGER, beviljade_h DOUBLE, utforda_h DOUBLE,
     forbrukade_h DOUBLE, forverkade_h DOUBLE, forverkade_ledsagare_h DOUBLE, forverkade_brukare_h DOUBLE,
     forverkade_utan_avbokning_h DOUBLE, overforbrukade_h DOUBLE, manadsbelopp_ram_kr DOUBLE, manadsbelopp_kr DOUBLE,
     manadsbelopp_ersatt_kr DOUBLE, ri INTEGER, orsak VARCHAR)`,
  `CREATE OR REPLACE TEMP TABLE _o_handelse (ai INTEGER, seq INTEGER, ri INTEGER, datum INTEGER, tid INTEGER,
     manad INTEGER, timmar DOUBLE, belopp DOUBLE, forbrukad BOOLEAN, ui INTEGER, orsak VARCHAR)`,
  `CREATE OR REPLACE TEMP TABLE _o_flagga (ai INTEGER, ri INTEGER, datum INTEGER, bi INTEGER, orsak VARCHAR)`,
  `CREATE OR REPLACE TEMP TABLE _o_arende (ai INTEGER, rvi INTEGER)`,
  `CREATE OR REPLACE TEMP TABLE _o_beslut (bi INTEGER, sokta_per_manad DOUBLE, beviljade_per_manad DOUBLE, orsak VARCHAR)`,
];

/** Repeated strings (rule, source, class) become small integers, resolved in SQL. */
class Codes {
  readonly rows: { ri: number; typ: string; klass: string; regel: string | null; kalla: string; niva: string | null }[] = [];
  private readonly index = new Map<string, number>();
  code(typ: string, klass: string, reason: { regel: string | null; kalla: string }, niva: string | null = null): number {
    const key = `${typ}\u0000${klass}\u0000${reason.regel}\u0000${reason.kalla}\u0000${niva}`;
    let ri = this.index.get(key);
    if (ri === undefined) {
      ri = this.rows.length;
      this.index.set(key, ri);
      this.rows.push({ ri, typ, klass, regel: reason.regel, kalla: reason.kalla, niva });
    }
    return ri;
  }
}

class Staging {
  readonly codes = new Codes();
  private constructor(private readonly ap: Record<"manad" | "umanad" | "period" | "handelse" | "flagga" | "arende" | "beslut", DuckDBAppender>) {}

  static async open(conn: DuckDBConnection): Promise<Staging> {
    const a = (t: string) => conn.createAppender(t, "main", "temp");
    return new Staging({
      manad: await a("_o_manad"),
      umanad: await a("_o_umanad"),
      period: await a("_o_period"),
      handelse: await a("_o_handelse"),
      flagga: await a("_o_flagga"),
      arende: await a("_o_arende"),
      beslut: await a("_o_beslut"),
    });
  }

  close(): void {
    for (const ap of Object.values(this.ap)) ap.closeSync();
  }

  write(ai: number, rvi: number, r: CaseResult, bi: Map<string, number>, ui: Map<string, number>): void {
    const { manad: m, umanad: u, period: p, handelse: h, flagga: f, arende: a, beslut: b } = this.ap;
    const int = (ap: DuckDBAppender, n: number | null | undefined) => (n == null ? ap.appendNull() : ap.appendInteger(n));
    const dbl = (ap: DuckDBAppender, n: number | null) => (n === null ? ap.appendNull() : ap.appendDouble(n));

    a.appendInteger(ai);
    a.appendInteger(rvi);
    a.endRow();

    for (const x of r.manader) {
      m.appendInteger(ai);
      m.appendInteger(x.manad);
      m.appendInteger(x.periodStart);
      m.appendInteger(x.periodSlut);
      int(m, x.beslutId === null ? null : bi.get(x.beslutId));
      m.appendDouble(x.giltigaDagar);
      m.appendDouble(x.saldo);
      m.appendDouble(x.forverkade);
      m.appendDouble(x.overforbrukade);
      m.appendDouble(x.gapBrukareAvbokning);
      m.appendDouble(x.gapLedsagareAvbokning);
      m.appendDouble(x.gapForverkade);
      m.appendDouble(x.beviljade);
      m.appendDouble(x.utfordaUtanBeslut);
      m.appendDouble(x.senAvbokning);
      m.appendDouble(x.gapSenAvbokning);
      m.appendDouble(x.kortAvbokning);
      m.appendDouble(x.debiteradeTimmar);
      m.appendDouble(x.minstaDebiteringTillagg);
      m.appendDouble(x.kostnad);
      m.appendDouble(x.kostnadSenAvbokning);
      m.appendDouble(x.timmarUtanErsattning);
      m.appendDouble(x.schablonIntjanad);
      m.appendDouble(x.manadsbeloppRam);
      m.appendDouble(x.manadsbeloppErsatt);
      m.appendDouble(x.manadsbeloppOver);
      m.endRow();
    }

    for (const x of r.utforareManader) {
      if (x.debiteradeTimmar === 0 && x.kostnad === 0 && x.schablonIntjanad === 0 && x.senAvbokning === 0) continue;
      u.appendInteger(ai);
      u.appendInteger(x.manad);
      u.appendInteger(ui.get(x.utforare)!);
      u.appendDouble(x.debiteradeTimmar);
      u.appendDouble(x.kostnad);
      u.appendDouble(x.schablonIntjanad);
      u.appendDouble(x.senAvbokning);
      u.endRow();
    }

    for (const x of r.perioder) {
      p.appendInteger(ai);
      p.appendInteger(x.start);
      p.appendInteger(x.slut);
      p.appendInteger(x.slutDag);
      p.appendBoolean(x.stangd);
      p.appendBoolean(x.utanBeslut);
      p.appendInteger(x.periodManader);
      p.appendDouble(x.beviljade);
      p.appendDouble(x.utforda);
      p.appendDouble(x.forbrukade);
      p.appendDouble(x.forverkade);
      p.appendDouble(x.forverkadeLedsagare);
      p.appendDouble(x.forverkadeBrukare);
      p.appendDouble(x.forverkadeUtanAvbokning);
      p.appendDouble(x.overforbrukade);
      p.appendDouble(x.manadsbeloppRam);
      p.appendDouble(x.manadsbelopp);
      p.appendDouble(x.manadsbeloppErsatt);
      p.appendInteger(this.codes.code("period", x.utanBeslut ? "utan_beslut" : "flexperiod", x.reason));
      p.appendVarchar(x.reason.text);
      p.endRow();
    }

    r.handelser.forEach((x, seq) => {
      h.appendInteger(ai);
      h.appendInteger(seq);
      h.appendInteger(this.codes.code(x.typ, x.klass, x.reason));
      h.appendInteger(x.datum);
      int(h, x.tid);
      h.appendInteger(x.manad);
      dbl(h, x.timmar);
      dbl(h, x.belopp);
      if (x.forbrukad === null) h.appendNull();
      else h.appendBoolean(x.forbrukad);
      int(h, x.utforare === null ? null : ui.get(x.utforare));
      h.appendVarchar(x.reason.text);
      h.endRow();
    });

    for (const x of r.flaggor) {
      f.appendInteger(ai);
      f.appendInteger(this.codes.code("flagga", x.regel, x, x.niva));
      f.appendInteger(x.datum);
      int(f, x.beslutId === null ? null : bi.get(x.beslutId));
      f.appendVarchar(x.text);
      f.endRow();
    }

    for (const x of r.beslut) {
      b.appendInteger(bi.get(x.beslutId)!);
      dbl(b, x.soktaPerManad);
      dbl(b, x.beviljadePerManad);
      if (x.reason === null) b.appendNull();
      else b.appendVarchar(x.reason.text);
      b.endRow();
    }
  }
}

// ---------------------------------------------------------------------------
// Output tables
// ---------------------------------------------------------------------------

const TIDSTYP_SUMS = TIDSTYP.map((t, i) => `sum(h) FILTER (WHERE tt = ${i}) AS utforda_${t}_h`).join(", ");
const Z = (c: string) => `coalesce(${c}, 0)`;

/** Plain sums of the loaded rows per case and month (and per utförare): no rule involved. */
const SUMS_SQL = [
  `CREATE OR REPLACE TEMP TABLE _s_utforda AS
     SELECT ai, m, sum(h) AS utforda_h, ${TIDSTYP_SUMS}, sum(n)::INTEGER AS tillfallen FROM _e_utforda GROUP BY ai, m`,
  `CREATE OR REPLACE TEMP TABLE _s_avbokning AS
     SELECT ai, m, sum(h) FILTER (WHERE av = 0) AS avbokad_brukare_h, sum(h) FILTER (WHERE av > 0) AS avbokad_ledsagare_h,
            count(*) FILTER (WHERE av = 0)::INTEGER AS antal_avbokningar_brukare,
            count(*) FILTER (WHERE av > 0)::INTEGER AS antal_avbokningar_ledsagare
     FROM _e_avbokning GROUP BY ai, m`,
  `CREATE OR REPLACE TEMP TABLE _s_omkostnad AS
     SELECT ai, m, sum(belopp) FILTER (WHERE typ = 0) AS omkostnad_faktisk_kr, sum(belopp) FILTER (WHERE typ = 1) AS sarskild_kr,
            count(*) FILTER (WHERE typ = 1)::INTEGER AS antal_sarskilda, sum(belopp) FILTER (WHERE typ = 2) AS manadsbelopp_kr
     FROM _e_omkostnad GROUP BY ai, m`,
  `CREATE OR REPLACE TEMP TABLE _s_utforare AS
     WITH u AS (SELECT ai, m, ui, sum(h) AS utforda_h, sum(n)::INTEGER AS tillfallen FROM _e_utforda GROUP BY ALL),
          a AS (SELECT ai, m, ui, sum(h) FILTER (WHERE av = 0) AS avbokad_brukare_h, sum(h) FILTER (WHERE av > 0) AS avbokad_ledsagare_h,
                       count(*) FILTER (WHERE av = 0)::INTEGER AS antal_avbokningar_brukare,
                       count(*) FILTER (WHERE av > 0)::INTEGER AS antal_avbokningar_ledsagare
                FROM _e_avbokning GROUP BY ALL),
          o AS (SELECT ai, m, ui, sum(belopp) AS omkostnad_faktisk_kr FROM _e_omkostnad WHERE typ = 0 GROUP BY ALL),
          k AS (SELECT ai, m, ui FROM u UNION SELECT ai, m, ui FROM a UNION SELECT ai, m, ui FROM o)
     SELECT k.ai, k.m, k.ui, ${Z("u.utforda_h")} AS utforda_h, ${Z("u.tillfallen")} AS tillfallen,
            ${Z("a.avbokad_brukare_h")} AS avbokad_brukare_h, ${Z("a.avbokad_ledsagare_h")} AS avbokad_ledsagare_h,
            ${Z("a.antal_avbokningar_brukare")} AS antal_avbokningar_brukare,
            ${Z("a.antal_avbokningar_ledsagare")} AS antal_avbokningar_ledsagare,
            ${Z("o.omkostnad_faktisk_kr")} AS omkostnad_faktisk_kr
     FROM k LEFT JOIN u USING (ai, m, ui) LEFT JOIN a USING (ai, m, ui) LEFT JOIN o USING (ai, m, ui)`,
];

/** Stadsdel as on the beslut, and today's name through the mapping. */
const STADSDEL_NU = (k: string, s: string) =>
  `coalesce((SELECT nuvarande FROM _e_stadsdel_map mp WHERE mp.kommun = ${k} AND mp.stadsdel = ${s}), ${s})`;

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
            sum(m.kostnad_kr) AS kostnad_kr
     FROM _o_manad m GROUP BY m.ai),
   p AS (SELECT ai, sum(utforda_h) AS utforda_h, sum(forbrukade_h) AS forbrukade_h, sum(forverkade_h) AS forverkade_h
         FROM _o_period GROUP BY ai),
   f AS (SELECT f.ai, count(*)::INTEGER AS antal_flaggor, list(DISTINCT k.klass ORDER BY k.klass) AS flaggor
         FROM _o_flagga f JOIN _o_kod k USING (ri) GROUP BY f.ai)
   SELECT a.arende_id, a.person_id, a.kommun, b.stadsdel, ${STADSDEL_NU("a.kommun", "b.stadsdel")} AS stadsdel_nu,
          a.kon, a.fodelsear, b.lagrum, a.insats, b.utfall_senaste, b.utforare_senaste,
          b.antal_beslut, b.antal_bifall, b.antal_delavslag, b.antal_avslag,
          ${EPOCH_DATE("b.forsta_ansokan")} AS forsta_ansokan, ${EPOCH_DATE("b.senaste_beslut")} AS senaste_beslut,
          ${EPOCH_DATE("b.forsta_giltig_from")} AS forsta_giltig_from, ${EPOCH_DATE("b.sista_giltig_tom")} AS sista_giltig_tom,
          ${MONTH_DATE("l.forsta_manad")} AS forsta_manad, ${MONTH_DATE("l.sista_manad")} AS sista_manad,
          ${Z("l.beviljade_h")} AS beviljade_h, ${Z("p.utforda_h")} AS utforda_h, ${Z("p.forbrukade_h")} AS forbrukade_h,
          ${Z("p.forverkade_h")} AS forverkade_h, ${Z("l.kostnad_kr")} AS kostnad_kr,
          ${Z("f.antal_flaggor")} AS antal_flaggor, coalesce(f.flaggor, []) AS flaggor,
          r.fil AS regelverk, r.standard AS regelverk_standard, a.ai
   FROM _e_arende a JOIN b USING (ai) JOIN _o_arende o USING (ai) JOIN _o_regelverk r USING (rvi)
   LEFT JOIN l USING (ai) LEFT JOIN p USING (ai) LEFT JOIN f USING (ai)
   ORDER BY a.ai`,

  `CREATE OR REPLACE TABLE ledger_manad AS
   WITH e AS (
     SELECT o.*,
            ${Z("u.utforda_h")} AS utforda_h,
            ${TIDSTYP.map((t) => `${Z(`u.utforda_${t}_h`)} AS utforda_${t}_h`).join(", ")},
            ${Z("u.tillfallen")} AS tillfallen,
            ${Z("a.avbokad_brukare_h")} AS avbokad_brukare_h, ${Z("a.avbokad_ledsagare_h")} AS avbokad_ledsagare_h,
            ${Z("a.antal_avbokningar_brukare")} AS antal_avbokningar_brukare,
            ${Z("a.antal_avbokningar_ledsagare")} AS antal_avbokningar_ledsagare,
            ${Z("k.omkostnad_faktisk_kr")} AS omkostnad_faktisk_kr, ${Z("k.sarskild_kr")} AS sarskild_kr,
            ${Z("k.antal_sarskilda")} AS antal_sarskilda, ${Z("k.manadsbelopp_kr")} AS manadsbelopp_kr
     FROM _o_manad o
     LEFT JOIN _s_utforda u ON u.ai = o.ai AND u.m = o.manad
     LEFT JOIN _s_avbokning a ON a.ai = o.ai AND a.m = o.manad
     LEFT JOIN _s_omkostnad k ON k.ai = o.ai AND k.m = o.manad)
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
   LEFT JOIN utforare ur ON ur.kommun = a.kommun AND ur.utforare = b.utforare
   ORDER BY e.ai, e.manad`,

  `CREATE OR REPLACE TABLE ledger_utforare_manad AS
   SELECT a.arende_id, a.kommun, ar.stadsdel_nu, ar.lagrum, a.insats, a.kon, a.fodelsear, d.utforare,
          ur.namn AS utforare_namn, ur.regi, ${MONTH_DATE("s.m")} AS manad, (s.m // 12)::INTEGER AS ar,
          ((s.m % 12) // 4 + 1)::INTEGER AS tertial,
          s.utforda_h, s.tillfallen, ${Z("o.debiterade_h")} AS debiterade_h, ${Z("o.kostnad_kr")} AS kostnad_kr,
          ${Z("o.sen_avbokning_h")} AS sen_avbokning_h, s.avbokad_brukare_h, s.avbokad_ledsagare_h,
          s.antal_avbokningar_brukare, s.antal_avbokningar_ledsagare, ${Z("o.schablon_intjanad_kr")} AS schablon_intjanad_kr,
          s.omkostnad_faktisk_kr
   FROM _s_utforare s JOIN _e_arende a USING (ai) JOIN arende ar USING (ai) JOIN _e_udict d USING (ui)
   LEFT JOIN _o_umanad o ON o.ai = s.ai AND o.manad = s.m AND o.ui = s.ui
   LEFT JOIN utforare ur ON ur.kommun = a.kommun AND ur.utforare = d.utforare
   ORDER BY s.ai, s.m, d.utforare`,

  `CREATE OR REPLACE TABLE ledger_period AS
   SELECT a.arende_id, a.kommun, ar.stadsdel_nu, ${MONTH_DATE("o.period_start")} AS period_start,
          ${MONTH_DATE("o.period_slut")} AS period_slut, ${EPOCH_DATE("o.forverkas")} AS forverkas_datum,
          o.period_manader, o.stangd, o.utan_beslut, o.beviljade_h, o.utforda_h, o.forbrukade_h, o.forverkade_h,
          o.forverkade_ledsagare_h, o.forverkade_brukare_h, o.forverkade_utan_avbokning_h, o.overforbrukade_h,
          o.manadsbelopp_ram_kr, o.manadsbelopp_kr, o.manadsbelopp_ersatt_kr, k.regel, k.kalla, o.orsak
   FROM _o_period o JOIN _e_arende a USING (ai) JOIN arende ar USING (ai) JOIN _o_kod k USING (ri)
   ORDER BY o.ai, o.period_start`,

  `CREATE OR REPLACE TABLE arende_handelse AS
   SELECT a.arende_id, a.kommun, o.seq, k.typ, k.klass, ${EPOCH_DATE("o.datum")} AS datum,
          CASE WHEN o.tid IS NULL THEN NULL ELSE TIMESTAMP '1970-01-01' + to_minutes(o.tid::BIGINT) END AS tid,
          ${MONTH_DATE("o.manad")} AS manad, o.timmar, o.belopp, o.forbrukad, d.utforare, k.regel, k.kalla, o.orsak
   FROM _o_handelse o JOIN _e_arende a USING (ai) JOIN _o_kod k USING (ri) LEFT JOIN _e_udict d USING (ui)
   ORDER BY o.ai, o.seq`,

  `CREATE OR REPLACE TABLE arende_flagga AS
   SELECT a.arende_id, a.kommun, coalesce(b.stadsdel, ar.stadsdel) AS stadsdel,
          CASE WHEN b.bi IS NULL THEN ar.stadsdel_nu ELSE ${STADSDEL_NU("a.kommun", "b.stadsdel")} END AS stadsdel_nu,
          ar.lagrum, a.insats, a.kon, a.fodelsear, k.klass AS regel, k.kalla, ${EPOCH_DATE("o.datum")} AS datum,
          b.beslut_id, k.niva, o.orsak
   FROM _o_flagga o JOIN _e_arende a USING (ai) JOIN arende ar USING (ai) JOIN _o_kod k USING (ri)
   LEFT JOIN _e_beslut b ON b.bi = o.bi
   ORDER BY o.ai, o.datum, k.klass`,

  `CREATE OR REPLACE TABLE arende_beslut AS
   SELECT a.arende_id, b.kommun, b.stadsdel, ${STADSDEL_NU("b.kommun", "b.stadsdel")} AS stadsdel_nu, b.beslut_id,
          b.lagrum, b.insats, a.kon, a.fodelsear, b.utfall, ${EPOCH_DATE("b.ansokan")} AS ansokan_datum,
          ${EPOCH_DATE("b.beslutd")} AS beslut_datum, ${EPOCH_DATE("b.gfrom")} AS giltig_from, ${EPOCH_DATE("b.gtom")} AS giltig_tom,
          b.sokta_timmar, b.beviljade_timmar, b.timmar_per, o.sokta_per_manad, o.beviljade_per_manad,
          b.beslutsniva, b.utforare, b.personlig_assistans, o.orsak
   FROM _o_beslut o JOIN _e_beslut b USING (bi) JOIN _e_arende a USING (ai)
   ORDER BY b.bi`,

  `CREATE OR REPLACE TABLE utforare_ar AS
   WITH h AS (
     SELECT d.kommun, d.utforare, (u.m // 12)::INTEGER AS ar, count(DISTINCT u.ai)::INTEGER AS arenden, sum(u.h) AS utforda_h
     FROM _e_utforda u JOIN _e_udict d USING (ui) GROUP BY ALL),
   s AS (
     SELECT kommun, utforare, year(${EPOCH_DATE("beslutd")})::INTEGER AS ar, count(*)::INTEGER AS beslut
     FROM _e_beslut WHERE utfall <> 'avslag' AND utforare IS NOT NULL GROUP BY ALL)
   SELECT kommun, utforare, ur.namn, ur.regi, ar, ${Z("h.arenden")} AS arenden, ${Z("h.utforda_h")} AS utforda_h,
          ${Z("s.beslut")} AS beslut
   FROM h FULL JOIN s USING (kommun, utforare, ar)
   LEFT JOIN utforare ur USING (kommun, utforare)
   ORDER BY kommun, utforare, ar`,
];

const TEMP_TABLES = [
  "_e_arende", "_e_udict", "_e_beslut", "_e_utforda", "_e_avbokning", "_e_omkostnad", "_e_omkostnad_in",
  "_e_horisont", "_e_stadsdel_map", "_o_manad", "_o_umanad", "_o_period", "_o_handelse", "_o_flagga", "_o_arende",
  "_o_beslut", "_o_kod", "_o_regelverk", "_s_utforda", "_s_avbokning", "_s_omkostnad", "_s_utforare",
];

// ---------------------------------------------------------------------------
// Small tables written directly
// ---------------------------------------------------------------------------

async function insertRows(conn: DuckDBConnection, table: string, rows: DuckDBValue[][]): Promise<void> {
  if (rows.length === 0) return;
  const ap = await conn.createAppender(table, "main", table.startsWith("_") ? "temp" : null);
  for (const row of rows) {
    for (const v of row) {
      if (v === null) ap.appendNull();
      else if (typeof v === "number") ap.appendDouble(v);
      else if (typeof v === "boolean") ap.appendBoolean(v);
      else ap.appendVarchar(String(v));
    }
    ap.endRow();
  }
  ap.closeSync();
}

/** The ersättning levels per kommun, year and regi (R18), each with its reason, once. */
async function ersattningOutput(conn: DuckDBConnection, set: RegelverkSet, horisont: Day): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE ersattning_niva (kommun VARCHAR, regelverk VARCHAR, ar INTEGER, regi VARCHAR,
    dag_kr DOUBLE, kvall_kr DOUBLE, natt_kr DOUBLE, helg_kr DOUBLE, storhelg_kr DOUBLE, underlag VARCHAR,
    giltig_fran DATE, giltig_till DATE, regel VARCHAR, kalla VARCHAR, orsak VARCHAR)`);
  const rows: DuckDBValue[][] = [];
  const last = civil(horisont).y;
  for (const rv of [...set.byKommun.values(), set.standard]) {
    for (const v of rv.regler.ersattning) {
      const from = civil(v.fran).y;
      const to = Math.min(v.till === Infinity ? last : civil(v.till).y, Math.max(last, from));
      for (let ar = from; ar <= to; ar++) {
        for (const regi of REGI) {
          const reason: Reason = levelReason(v, ar, regi);
          rows.push([
            rv.kommun, rv.fil, ar, regi, ...TIDSTYP.map((t) => v.p[regi][t]), v.p.underlag, isoDay(v.fran),
            v.till === Infinity ? null : isoDay(v.till), reason.regel, reason.kalla, reason.text,
          ]);
        }
      }
    }
  }
  await insertRows(conn, "ersattning_niva", rows);
}

async function utforareOutput(conn: DuckDBConnection, set: RegelverkSet, horisont: Day): Promise<void> {
  const list = new Map<string, UtforareIn>();
  await forEachChunk(
    conn,
    `SELECT kommun, utforare, namn, regi, ${DAY("godkand_from")}, ${DAY("godkand_tom")} FROM utforare ORDER BY kommun, utforare`,
    [],
    (c) => {
      const [kommun, utforare, namn, regi, from, tom] = cols(c, 6);
      for (let r = 0; r < c.rowCount; r++) {
        list.set(`${kommun.getItem(r)}\u0000${utforare.getItem(r)}`, {
          kommun: kommun.getItem(r) as string,
          utforare: utforare.getItem(r) as string,
          namn: namn.getItem(r) as string,
          regi: regi.getItem(r) as Regi,
          godkandFrom: from.getItem(r) as number,
          godkandTom: tom.getItem(r) as number | null,
          aktivitet: [],
        });
      }
    },
  );
  // An assignment: a beslut naming the utförare valid on a day, or hours it performed.
  await forEachChunk(
    conn,
    `SELECT kommun, utforare, gfrom, coalesce(gtom, ${horisont}) FROM _e_beslut
       WHERE utfall <> 'avslag' AND gfrom IS NOT NULL AND utforare IS NOT NULL
     UNION ALL
     SELECT d.kommun, d.utforare, min(u.d), max(u.d) FROM _e_utforda u JOIN _e_udict d USING (ui)
       WHERE u.h > 0 GROUP BY d.kommun, d.utforare, u.m`,
    [],
    (c) => {
      const [kommun, utforare, fran, till] = cols(c, 4);
      for (let r = 0; r < c.rowCount; r++) {
        const u = list.get(`${kommun.getItem(r)}\u0000${utforare.getItem(r)}`);
        if (u) u.aktivitet.push({ fran: fran.getItem(r) as number, till: till.getItem(r) as number });
      }
    },
  );
  const flags = utforareFlags([...list.values()], (k) => regelverkFor(set, k), horisont);
  await conn.run(`CREATE OR REPLACE TABLE utforare_flagga (kommun VARCHAR, utforare VARCHAR, namn VARCHAR, regi VARCHAR,
    regel VARCHAR, kalla VARCHAR, datum DATE, fonster_fran DATE, fonster_till DATE, orsak VARCHAR)`);
  await insertRows(
    conn,
    "utforare_flagga",
    flags.map((f) => {
      const u = list.get(`${f.kommun}\u0000${f.utforare}`)!;
      return [f.kommun, f.utforare, u.namn, u.regi, f.regel, f.kalla, isoDay(f.datum), isoDay(f.fonsterFran), isoDay(f.fonsterTill), f.text];
    }),
  );
}

// ---------------------------------------------------------------------------
// deriveAll
// ---------------------------------------------------------------------------

/**
 * Derives every case and replaces the output tables. Runs in the caller's transaction.
 * Throws a RegelverkError (Swedish, naming file and field) if a regelverk file is broken.
 */
export async function deriveAll(conn: DuckDBConnection, opts: DeriveOptions = {}): Promise<{ arenden: number; ms: number }> {
  const t0 = performance.now();
  let tPhase = t0;
  const phase = (fas: string) => {
    const now = performance.now();
    opts.onPhase?.(fas, Math.round(now - tPhase));
    tPhase = now;
  };
  const set = loadRegelverk(opts.regelverkDir);
  const mapping = loadStadsdelMapping(opts.stadsdelMapping);

  for (const sql of PREP_SQL) await conn.run(sql);
  phase("förbered");
  const horisontSql = opts.horisont === undefined ? HORISONT_SQL : `DATE '${isoDay(opts.horisont)}'`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE _e_horisont AS SELECT ${horisontSql} AS h`);
  const horisont = await scalar(conn, `SELECT ${DAY("h")} FROM _e_horisont`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE _e_stadsdel_map (kommun VARCHAR, stadsdel VARCHAR, nuvarande VARCHAR)`);
  await insertRows(conn, "_e_stadsdel_map", mapping);

  const udict: string[] = [];
  const uiOf = new Map<string, Map<string, number>>();
  const regi = new Map<string, Map<string, Regi>>();
  await forEachChunk(
    conn,
    `SELECT d.ui, d.kommun, d.utforare, u.regi FROM _e_udict d LEFT JOIN utforare u USING (kommun, utforare) ORDER BY d.ui`,
    [],
    (c) => {
      const [ui, kommun, utforare, rg] = cols(c, 4);
      for (let r = 0; r < c.rowCount; r++) {
        const key = kommunKey(kommun.getItem(r) as string);
        const name = utforare.getItem(r) as string;
        udict[ui.getItem(r) as number] = name;
        if (!uiOf.has(key)) uiOf.set(key, new Map());
        if (!regi.has(key)) regi.set(key, new Map());
        uiOf.get(key)!.set(name, ui.getItem(r) as number);
        if (rg.getItem(r) !== null) regi.get(key)!.set(name, rg.getItem(r) as Regi);
      }
    },
  );
  const total = await scalar(conn, `SELECT count(*) FROM _e_arende`);
  const layout: KeyLayout = { uiBits: Math.max(1, Math.ceil(Math.log2(udict.length + 1))) };
  const maxDay = await scalar(conn, `SELECT coalesce(max(d), 0) FROM _e_utforda`);
  if (maxDay >= 2 ** DAY_BITS || Math.log2(total + 1) + DAY_BITS + layout.uiBits + TT_BITS > 53) {
    throw new Error("Regelmotorn: för många ärenden eller utförare, eller datum efter år 2149, för radnyckeln.");
  }

  const rvList: Regelverk[] = [];
  const rvIndex = new Map<Regelverk, number>();
  const rviOf = (rv: Regelverk) => {
    let i = rvIndex.get(rv);
    if (i === undefined) rvIndex.set(rv, (i = rvList.push(rv) - 1));
    return i;
  };

  for (const sql of STAGING_DDL) await conn.run(sql);
  const staging = await Staging.open(conn);
  const batch = opts.batch ?? 4000;
  let lasning = 0;
  try {
    for (let from = 0; from < total; from += batch) {
      // Read a whole batch before appending: a streaming result must not stay open while
      // the appenders flush on the same connection.
      const tRead = performance.now();
      const b = await readBatch(conn, from, Math.min(total, from + batch) - 1, udict, layout);
      lasning += performance.now() - tRead;
      for (const a of b.arenden) {
        const i = a.ai - from;
        const kk = kommunKey(a.kommun);
        const regiOfKommun = regi.get(kk);
        const rv = regelverkFor(set, a.kommun);
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
        const result = deriveCase(input, rv, { horisont, regi: (u) => regiOfKommun?.get(u) ?? null });
        staging.write(a.ai, rviOf(rv), result, b.bi[i], uiOf.get(kk) ?? new Map());
      }
    }
  } finally {
    staging.close();
  }
  opts.onPhase?.("läsning", Math.round(lasning));
  phase("motor och skrivning (inkl. läsning)");

  await conn.run(`CREATE OR REPLACE TEMP TABLE _o_kod (ri INTEGER, typ VARCHAR, klass VARCHAR, regel VARCHAR, kalla VARCHAR, niva VARCHAR)`);
  await insertRows(conn, "_o_kod", staging.codes.rows.map((r) => [r.ri, r.typ, r.klass, r.regel, r.kalla, r.niva]));
  await conn.run(`CREATE OR REPLACE TEMP TABLE _o_regelverk (rvi INTEGER, fil VARCHAR, standard BOOLEAN)`);
  await insertRows(conn, "_o_regelverk", rvList.map((rv, i) => [i, rv.fil, rv.standard]));

  for (const sql of SUMS_SQL) await conn.run(sql);
  phase("summor");
  for (const sql of OUTPUT_SQL) {
    await conn.run(sql);
    phase(sql.slice(0, 60).replace(/\s+/g, " ").replace("CREATE OR REPLACE TABLE ", "tabell "));
  }
  await conn.run(`ALTER TABLE arende DROP COLUMN ai`);
  await ersattningOutput(conn, set, horisont);
  await utforareOutput(conn, set, horisont);
  phase("ersättning och utförare");
  const ms = Math.round(performance.now() - t0);
  await conn.run(`CREATE OR REPLACE TABLE engine_korning (korning TIMESTAMP, horisont DATE, arenden INTEGER, ms INTEGER, regelverk VARCHAR)`);
  await insertRows(conn, "engine_korning", [
    [new Date().toISOString().replace("T", " ").slice(0, 19), isoDay(horisont), total, ms,
      [...set.byKommun.values(), set.standard].map((r) => r.fil).join(", ")],
  ]);
  if (!opts.behallTemp) for (const t of TEMP_TABLES) await conn.run(`DROP TABLE IF EXISTS temp.main.${t}`);
  return { arenden: total, ms };
}
