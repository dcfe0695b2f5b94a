/**
 * The engine's I/O edge: reads every case from the loaded tables in bulk, runs the pure
 * engine on each, and (re)creates the output tables (documented in docs/RULES.md). The
 * ETL calls it inside its load transaction, so the database never holds output from an
 * older load; it therefore never begins or commits a transaction itself.
 *
 * How it stays fast at national scale (~20 M utförda rows), in io/:
 *  - sql.ts: SQL numbers cases (`ai`), beslut (`bi`) and utförare (`uk`, within the
 *    kommun) and joins rows to their case; dates travel as day numbers.
 *  - temp-tables.ts: the run's temp tables. DuckDB scans a table with one thread unless
 *    it has committed rows, and rows added in the caller's transaction are not; so
 *    prepareDerive (before that transaction) commits placeholder rows that the run deletes.
 *  - read.ts: one ordered pass per input table into typed arrays (no query per case), on
 *    SharedArrayBuffers, beslut and ärenden column by column (columns.ts), so that the
 *    worker threads get them without a copy.
 *  - derive.ts, worker.ts: from PARALLEL_FROM cases the pure engine runs in two worker
 *    threads, started before the input is read (they load their code and bundle a private
 *    copy of the engine meanwhile) and given it as a message; each first settles the
 *    engine's object shapes with its copy (settle.ts), then takes the next block of cases
 *    not yet taken; pack.ts packs
 *    a block's results into typed arrays and its reason texts into UTF-8 bytes.
 *  - write.ts, parquet.ts: the thread that derived a block writes it to its own Parquet
 *    files (a row group per block; the codes it used go to this thread at the end), and
 *    the run reads them through temp views, with all of DuckDB's threads. The files lie
 *    in a folder of their own (0700, under `tempDir`), removed at the end of the run,
 *    also after an error. The engine's own sums are staged for periods and per-utförare
 *    months, with each utförare's first and last day with hours (R17's activity windows).
 *  - sql.ts again: the output tables are built from the staged files and the dimension
 *    columns, with preserve_insertion_order off for the run (the tables need no row
 *    order; DuckDB then writes them in parallel). The engine stages every number,
 *    the plain sums of the loaded rows per month included. The integration tests check
 *    every stored column against the pure engine, from one thread and from two workers,
 *    with and without prepareDerive, and the plain sums against SQL over the loaded rows.
 */
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { isoDay, type Day } from "./dates.ts";
import { tmpdir, totalmem } from "node:os";
import { Worker } from "node:worker_threads";
import { shared } from "./io/columns.ts";
import { BLOCK, Deriver, stageBlocks } from "./io/derive.ts";
import { regelverkList } from "./io/pack.ts";
import type { WorkerDone, WorkerInputs, WorkerTask } from "./io/worker.ts";
import { loadRegelverk, loadStadsdelMapping } from "./io/files.ts";
import { Inputs, scalar, Utforarlista } from "./io/read.ts";
import { ersattningOutput, insertRows, runRecord, utforareOutput } from "./io/small-tables.ts";
import {
  CODE_TABLES, DAY, HORISONT_SQL, OUTPUT_SQL, PREP_TABLES, STAGED_VIEWS, TEMP_TABLES, TEMP_VIEWS, UNPACK_VIEWS,
} from "./io/sql.ts";
import { TempTables } from "./io/temp-tables.ts";

export { loadRegelverk, loadStadsdelMapping };
export { prepareDerive } from "./io/temp-tables.ts";

export interface DeriveOptions {
  /** Folder of regelverk files; default data/regelverk. */
  regelverkDir?: string;
  /** Old → today's stadsdel names; default data/stadsdel_mapping.csv. */
  stadsdelMapping?: string;
  /** Last day the data cover; default the latest date in the loaded data. */
  horisont?: Day;
  /** Told the time of each phase (for the benchmark). */
  onPhase?: (fas: string, ms: number) => void;
  /**
   * Worker threads for the engine (each writes its own staged files); default 2 from
   * PARALLEL_FROM cases, else 1 (no worker: the engine runs on this thread).
   */
  workers?: number;
  /**
   * DuckDB's memory_limit during the run (e.g. "4GB"; restored after); default a quarter
   * of the machine's memory, so that DuckDB spills to its temp directory rather than
   * holding every intermediate table in memory beside the engine's inputs.
   */
  memoryLimit?: string;
  /** Cases per block a thread takes at a time (default BLOCK; small in tests). */
  block?: number;
  /** Keep the temp tables, views and staged files (for diagnosing a slow phase with EXPLAIN ANALYZE). */
  behallTemp?: boolean;
  /**
   * Folder in which the run makes its own folder of staged files (removed at its end,
   * also after an error); default the system's temp folder.
   */
  tempDir?: string;
}

/**
 * Derives every case and replaces the output tables. Runs in the caller's transaction;
 * call prepareDerive on the same connection before that transaction begins for DuckDB to
 * use all its threads (the output is the same without it).
 * Throws a RegelverkError (Swedish, naming file and field) if a regelverk file is broken.
 */
export async function deriveAll(conn: DuckDBConnection, opts: DeriveOptions = {}): Promise<{ arenden: number; ms: number }> {
  // The output tables need no particular row order (their queries sort), and without it
  // DuckDB writes them in parallel and with less memory. The setting is restored after.
  const before = (await (await conn.run(`SELECT current_setting('preserve_insertion_order'), current_setting('memory_limit')`)).getRows())[0];
  await conn.run(`SET preserve_insertion_order = false`);
  const limit = runMemoryLimit(String(before[1]), opts.memoryLimit, totalmem());
  if (limit !== null) await conn.run(`SET memory_limit = '${limit.replace(/[^0-9A-Za-z. ]/g, "")}'`);
  try {
    return await derive(conn, opts);
  } finally {
    // After an error the caller's transaction may refuse statements; its error is the one to report.
    await conn.run(`SET preserve_insertion_order = ${before[0] ? "true" : "false"}`).catch(() => undefined);
    // Only if changed: current_setting() rounds ("286.1 MiB"), so setting it back would drift.
    if (limit !== null) await conn.run(`SET memory_limit = '${String(before[1]).replace(/[^0-9A-Za-z. ]/g, "")}'`).catch(() => undefined);
  }
}

/**
 * The memory_limit for the run, or null to keep the caller's: an explicit option wins;
 * the default (a quarter of the machine's memory) only ever lowers the current limit.
 */
export function runMemoryLimit(current: string, option: string | undefined, machineBytes: number): string | null {
  if (option !== undefined) return option;
  const quarter = Math.max(1, Math.floor(machineBytes / 4 / 2 ** 30));
  const now = settingBytes(current);
  return now === null || quarter * 2 ** 30 < now ? `${quarter}GiB` : null;
}

/** DuckDB's size setting ("18.6 GiB", "4GB", "512 MB") in bytes; null if unreadable. */
export function settingBytes(value: string): number | null {
  const m = /^\s*([0-9.]+)\s*([KMGT]?)(i?)B?\s*$/i.exec(value);
  if (!m) return null;
  const power = " KMGT".indexOf(m[2].toUpperCase() || " ");
  return Number(m[1]) * (m[3] ? 1024 : 1000) ** power;
}

async function derive(conn: DuckDBConnection, opts: DeriveOptions): Promise<{ arenden: number; ms: number }> {
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

  const temp = await TempTables.open(conn);
  for (const t of PREP_TABLES) await temp.make(t);
  const horisontSql = opts.horisont === undefined ? HORISONT_SQL : `DATE '${isoDay(opts.horisont)}'`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE _e_horisont AS SELECT ${horisontSql} AS h`);
  const horisont = await scalar(conn, `SELECT ${DAY("h")} FROM _e_horisont`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE _e_stadsdel_map (kommun VARCHAR, stadsdel VARCHAR, nuvarande VARCHAR)`);
  await insertRows(conn, "_e_stadsdel_map", mapping);
  phase("förbered indata (SQL)");

  const total = await scalar(conn, `SELECT count(*) FROM _e_arende`);
  const threads = opts.workers ?? (total >= PARALLEL_FROM ? 2 : 1);
  const block = opts.block ?? BLOCK;
  // The staged files hold case data: in a folder of their own (0700), removed after the run.
  const dir = stagingDir(opts.tempDir ?? tmpdir());
  let pool: WorkerPool | null = null;
  try {
    // Started before the input is read: loading their code and their settling copy of the
    // engine runs beside the reading, which keeps one core busy.
    if (threads > 1) pool = new WorkerPool(threads, { regelverkDir: opts.regelverkDir, horisont, block, next: shared(Int32Array, 1), dir });
    const utforare = await Utforarlista.read(conn);
    const inputs = await Inputs.read(conn, utforare, total);
    phase("läs indata");

    const codes = pool
      ? await pool.derive(inputs)
      : [stageBlocks(new Deriver(inputs, set, horisont), { dir, w: 0, block, nextBlock: counter() })];
    for (const t of CODE_TABLES) await temp.make(t);
    await insertRows(conn, "_o_kod", codes.flatMap((rows, w) => rows.map((r) => [w, ...r])));
    await insertRows(conn, "_o_regelverk", regelverkList(set).map((rv, i) => [i, rv.fil, rv.standard]));
    for (const sql of [...STAGED_VIEWS(dir, threads), ...UNPACK_VIEWS(utforare.ukBits)]) await conn.run(sql);
    phase("regelmotor och mellanlagring");
    for (const sql of OUTPUT_SQL) {
      await conn.run(sql);
      phase(`tabell ${/TABLE (\w+)/.exec(sql)?.[1] ?? sql.slice(0, 30)}`);
    }
  } finally {
    await pool?.terminate();
    if (!opts.behallTemp) {
      // Views first: none may be left reading files that are gone. After an error the
      // caller's transaction may refuse statements; its error is the one to report.
      for (const v of TEMP_VIEWS) await conn.run(`DROP VIEW IF EXISTS temp.main.${v}`).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await ersattningOutput(conn, set, horisont);
  await utforareOutput(conn, set, horisont);
  const ms = Math.round(performance.now() - t0);
  await runRecord(conn, horisont, total, ms, set);
  if (!opts.behallTemp) for (const t of TEMP_TABLES) await conn.run(`DROP TABLE IF EXISTS temp.main.${t}`);
  phase("små tabeller och städning");
  return { arenden: total, ms };
}

/** A new folder (mode 0700) for the run's staged files, in `parent`. */
function stagingDir(parent: string): string {
  try {
    return mkdtempSync(join(parent, "ledsagning-motor-"));
  } catch (err) {
    throw new Error(`Regelmotorn kunde inte skapa sin tillfälliga mapp i ${parent}: ${(err as Error).message}`);
  }
}

/** 0, 1, 2, …: the blocks in order, for the engine on this thread. */
function counter(): () => number {
  let b = 0;
  return () => b++;
}

/** From this many cases, the engine runs in worker threads by default. */
export const PARALLEL_FROM = 20_000;

/**
 * The engine in `n` worker threads, started at once (each loads its code and makes its
 * settling copy of the engine), deriving once they are given the input: each takes the
 * next block not yet taken and writes its own staged files (numbered by worker).
 */
class WorkerPool {
  private readonly workers: Worker[] = [];
  /** Each worker's codes, when it is done. */
  private readonly done: Promise<DuckDBValue[][]>[];

  constructor(n: number, task: Omit<WorkerTask, "w">) {
    this.done = Array.from({ length: n }, (_, w) => {
      const worker = new Worker(new URL("./io/worker.mjs", import.meta.url), {
        workerData: { ...task, w } satisfies WorkerTask,
        // A case's objects die young; a larger young generation lets them die there.
        resourceLimits: { maxYoungGenerationSizeMb: 256 },
      });
      this.workers.push(worker);
      const done = new Promise<DuckDBValue[][]>((resolve, reject) => {
        worker.on("message", (m: WorkerDone) => resolve(m.codes));
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (code !== 0) reject(new Error(`Regelmotorns arbetstråd avslutades med kod ${code}.`));
        });
      });
      // Awaited in derive; a worker that fails before (while the input is read) or is
      // terminated after an error must not be an unhandled rejection.
      done.catch(() => undefined);
      return done;
    });
  }

  /** Gives every worker the input; each worker's codes, once all are done. */
  derive(inputs: Inputs): Promise<DuckDBValue[][][]> {
    for (const w of this.workers) w.postMessage({ inputs } satisfies WorkerInputs);
    return Promise.all(this.done);
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
