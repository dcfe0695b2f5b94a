/**
 * The engine's I/O edge: reads every case from the loaded tables in bulk, runs the pure
 * engine on each, and (re)creates the output tables (documented in docs/RULES.md). The
 * ETL calls it inside its load transaction, so the database never holds output from an
 * older load; it therefore never begins or commits a transaction itself.
 *
 * How it stays fast at national scale (~20 M utförda rows), in io/:
 *  - sql.ts: SQL numbers cases (`ai`), beslut (`bi`) and utförare (`uk`, within the
 *    kommun) and joins rows to their case; dates travel as day numbers.
 *  - read.ts: one ordered pass per input table into typed arrays (no query per case).
 *  - write.ts, chunks.ts: only rule-made numbers and reason texts go back, a data chunk
 *    at a time through the Appender, keyed by packed integers.
 *  - sql.ts again: plain sums of the loaded rows (utförda per tidstyp, cancellations by
 *    who, omkostnader by type) and the dimension columns are added when the output tables
 *    are built. The integration test checks every stored column against the pure engine.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { isoDay, type Day } from "./dates.ts";
import { deriveCase } from "./engine.ts";
import { kommunKey, regelverkFor, type Regelverk } from "./regelverk.ts";
import { loadRegelverk, loadStadsdelMapping } from "./io/files.ts";
import { Inputs, scalar, Utforarlista } from "./io/read.ts";
import { ersattningOutput, insertRows, runRecord, utforareOutput } from "./io/small-tables.ts";
import { DAY, HORISONT_SQL, OUTPUT_SQL, PREP_SQL, STAGING_DDL, SUMS_SQL, TEMP_TABLES } from "./io/sql.ts";
import { Staging } from "./io/write.ts";

export { loadRegelverk, loadStadsdelMapping };

export interface DeriveOptions {
  /** Folder of regelverk files; default data/regelverk. */
  regelverkDir?: string;
  /** Old → today's stadsdel names; default data/stadsdel_mapping.csv. */
  stadsdelMapping?: string;
  /** Last day the data cover; default the latest date in the loaded data. */
  horisont?: Day;
  /** Told the time of each phase (for the benchmark). */
  onPhase?: (fas: string, ms: number) => void;
  /** Keep the temp tables (for diagnosing a slow phase with EXPLAIN ANALYZE). */
  behallTemp?: boolean;
}

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
  // Files first: a broken regelverk stops the run before the database is touched.
  const set = loadRegelverk(opts.regelverkDir);
  const mapping = loadStadsdelMapping(opts.stadsdelMapping);

  for (const sql of PREP_SQL) await conn.run(sql);
  const horisontSql = opts.horisont === undefined ? HORISONT_SQL : `DATE '${isoDay(opts.horisont)}'`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE _e_horisont AS SELECT ${horisontSql} AS h`);
  const horisont = await scalar(conn, `SELECT ${DAY("h")} FROM _e_horisont`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE _e_stadsdel_map (kommun VARCHAR, stadsdel VARCHAR, nuvarande VARCHAR)`);
  await insertRows(conn, "_e_stadsdel_map", mapping);
  phase("förbered indata (SQL)");

  const utforare = await Utforarlista.read(conn);
  const inputs = await Inputs.read(conn, utforare);
  phase("läs indata");

  for (const sql of STAGING_DDL) await conn.run(sql);
  const staging = await Staging.open(conn);
  const rvIndex = new Map<Regelverk, number>();
  try {
    for (let ai = 0; ai < inputs.total; ai++) {
      const input = inputs.caseInput(ai);
      const kk = kommunKey(input.kommun);
      const rv = regelverkFor(set, input.kommun);
      if (!rvIndex.has(rv)) rvIndex.set(rv, rvIndex.size);
      const regi = utforare.regi.get(kk);
      const result = deriveCase(input, rv, { horisont, regi: (u) => regi?.get(u) ?? null });
      const firstBi = inputs.beslutOffset(ai);
      const biOf = new Map(input.beslut.map((b, i) => [b.beslutId, firstBi + i]));
      const ukOf = utforare.uk.get(kk)!;
      staging.write(result, {
        ai,
        rvi: rvIndex.get(rv)!,
        bi: (id) => biOf.get(id)!,
        uk: (u) => ukOf.get(u)!,
        ukBits: utforare.ukBits,
      });
    }
  } finally {
    staging.close();
  }
  await insertRows(conn, "_o_kod", staging.codes.rows);
  await insertRows(conn, "_o_regelverk", [...rvIndex].map(([rv, i]) => [i, rv.fil, rv.standard]));
  phase("regelmotor och mellanlagring");

  for (const sql of SUMS_SQL(utforare.ukBits)) await conn.run(sql);
  phase("summor (SQL)");
  for (const sql of OUTPUT_SQL) {
    await conn.run(sql);
    phase(`tabell ${/TABLE (\w+)/.exec(sql)?.[1] ?? sql.slice(0, 30)}`);
  }
  await ersattningOutput(conn, set, horisont);
  await utforareOutput(conn, set, horisont);
  const ms = Math.round(performance.now() - t0);
  await runRecord(conn, horisont, inputs.total, ms, set);
  if (!opts.behallTemp) for (const t of TEMP_TABLES) await conn.run(`DROP TABLE IF EXISTS temp.main.${t}`);
  phase("små tabeller och städning");
  return { arenden: inputs.total, ms };
}
