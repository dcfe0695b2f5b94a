/**
 * One load run: files or folders → DuckDB, all or nothing.
 *
 *   sniff every file (whole-file errors stop the run before the database is touched)
 *   → stage the files that need it into TEMP tables (every beslut file, files DuckDB
 *     cannot read with the right line numbers): typed, each row with its verdict
 *   → BEGIN; per table in LOAD_ORDER: cross-row checks, write (fact files DuckDB can read
 *     go straight from the file into their table), replace delivery units;
 *     any reject without allowRejects ⇒ ROLLBACK; else store rejects, run `derive`
 *     (the rules engine) and COMMIT.
 * A fast-path file that turns out to have broken rows or unknown beslut is staged after
 * all, and the transaction runs again. A failure anywhere leaves the database as it was.
 */
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DELIVERY_UNIT, LOAD_ORDER, REFERENCES_BESLUT, type TableName } from "../contract.ts";
import { defaultDbPath, ensureSchema, openDatabase } from "../db.ts";
import { loadPseudonymKey } from "../pseudonym.ts";
import {
  countFile,
  insertDirect,
  insertValid,
  markDuplicateKeys,
  markUnknownBeslut,
  replaceDeliveryUnits,
  storeRejects,
  type FileCounts,
} from "./apply.ts";
import { expandPaths } from "./files.ts";
import { sniffFile, type SniffedFile } from "./sniff.ts";
import { stageFile, stageVerdicts, type StagedFile } from "./stage.ts";
import { lit, num } from "./sql.ts";
import type { FileSummary, LoadSummary } from "./summary.ts";

export type { FileSummary, LoadSummary, RejectedRow } from "./summary.ts";
export type { TableName };

/** DuckDB's memory cap while loading (see runLoad); LEDSAGNING_ETL_MEMORY overrides it. */
const LOAD_MEMORY_LIMIT = process.env.LEDSAGNING_ETL_MEMORY || "512MB";

export type LoadProgress = { file: string; bytesDone: number; bytesTotal: number };

export type LoadOptions = {
  paths: string[];
  /** Load the valid rows and store the rejected ones in avvisad_rad. */
  allowRejects?: boolean;
  /** Database file when no `instance` is given; default LEDSAGNING_DB or data/ledsagning.duckdb. */
  dbPath?: string;
  /** An open database (the server's, or a test's); left open afterwards. */
  instance?: DuckDBInstance;
  onProgress?: (p: LoadProgress) => void;
  /** Recomputes derived data (the rules engine) inside the load's transaction. */
  derive?: (conn: DuckDBConnection) => Promise<unknown>;
  /**
   * Runs on the load's connection before its transaction: the engine's prepareDerive,
   * whose temp tables must be committed for DuckDB to scan them with every thread.
   */
  prepare?: (conn: DuckDBConnection) => Promise<unknown>;
};

export async function runLoad(opts: LoadOptions): Promise<LoadSummary> {
  const summary: LoadSummary = { ok: false, loadId: null, files: [], skipped: [], units: {} };
  const sniffed = sniffAll(opts.paths, summary);
  if (sniffed === null) return summary;

  let instance = opts.instance;
  const ownInstance = instance === undefined;
  if (instance === undefined) {
    const path = opts.dbPath ?? defaultDbPath();
    try {
      instance = await openDatabase(path);
    } catch (err) {
      return fail(summary, sniffed, openErrorMessage(path, err));
    }
  }
  const conn = await instance.connect();
  // DuckDB caches up to 80 % of RAM by default; a load streams, and with a cap it spills
  // instead, keeping a 10 M row load well under 1 GB. Only on a database we opened: a
  // caller's instance keeps its own settings.
  if (ownInstance) await conn.run(`SET memory_limit = ${lit(LOAD_MEMORY_LIMIT)}`);
  const tmpDir = mkdtempSync(join(tmpdir(), "ledsagning-etl-"));
  let key: Buffer | undefined;
  const plan: PlannedFile[] = sniffed.map((file, n) => ({ file, n }));
  const stage = async (p: PlannedFile) => {
    p.staged = await stageFile(p.file, p.n, {
      conn,
      tmpDir,
      pseudonymKey: () => (key ??= loadPseudonymKey()),
      onProgress: progressOf(p.file, opts),
    });
  };
  try {
    for (const p of plan) if (!isDirect(p.file)) await stage(p);
    await opts.prepare?.(conn);
    for (;;) {
      await conn.run("BEGIN TRANSACTION");
      try {
        await loadInTransaction(conn, plan, opts, summary, ownInstance);
        return summary;
      } catch (err) {
        await conn.run("ROLLBACK");
        // Staging relies on DuckDB keeping the file's order (see insertDirect).
        if (ownInstance) await conn.run("RESET preserve_insertion_order");
        // A fast-path file with broken rows or unknown beslut: stage it and run again.
        if (!(err instanceof Restage)) throw err;
        err.planned.verdicts = undefined; // rolled back with the transaction
        await stage(err.planned);
      }
    }
  } catch (err) {
    return fail(summary, sniffed, `Laddningen avbröts: ${(err as Error).message}. Databasen är oförändrad.`);
  } finally {
    for (const p of plan) {
      const table = (p.staged ?? p.verdicts)?.table;
      if (table) await conn.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    }
    conn.closeSync();
    if (ownInstance) instance.closeSync();
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** A file of the run; loaded directly (fast path, fact tables) until `staged` is set. */
interface PlannedFile {
  file: SniffedFile;
  n: number;
  /** Staged before the transaction: every record with its values and verdict. */
  staged?: StagedFile;
  /** Loaded directly, then found to have rejects: every record's verdict, no values. */
  verdicts?: StagedFile;
}

/** Thrown inside the transaction when a directly loaded file must be staged after all. */
class Restage extends Error {
  constructor(readonly planned: PlannedFile) {
    super(`${planned.file.path} måste läsas om`);
  }
}

/** Fact files DuckDB can read itself go straight into their table: one streaming pass. */
function isDirect(file: SniffedFile): boolean {
  return file.fastPath && REFERENCES_BESLUT.includes(file.table);
}

function progressOf(file: SniffedFile, opts: LoadOptions): ((bytesDone: number) => void) | undefined {
  const report = opts.onProgress;
  return report && ((bytesDone) => report({ file: file.path, bytesDone, bytesTotal: file.size }));
}

/** Sniffs every file; on any whole-file error fills `summary` and returns null. */
function sniffAll(paths: string[], summary: LoadSummary): SniffedFile[] | null {
  const runFiles = expandPaths(paths);
  const sniffed: SniffedFile[] = [];
  for (const rf of runFiles) {
    const r = sniffFile(rf.path);
    if (r.ok) sniffed.push(r.file);
    else if (rf.fromFolder && r.table === null) summary.skipped.push({ file: rf.path, reason: r.message });
    else summary.files.push({ ...emptyFile(rf.path, r.table), error: r.message });
  }
  if (summary.files.length > 0) {
    summary.files.push(...sniffed.map((f) => emptyFile(f.path, f.table)));
    summary.error = "Minst en fil kunde inte läsas; inget i körningen laddades.";
    return null;
  }
  if (sniffed.length === 0) {
    summary.error = "Inga filer enligt datakontraktet att ladda.";
    return null;
  }
  // What others reference is loaded first; within a table, in the order given.
  return sniffed.sort((a, b) => LOAD_ORDER.indexOf(a.table) - LOAD_ORDER.indexOf(b.table));
}

/** The body of the transaction; ends it with COMMIT, or ROLLBACK when rows were rejected. */
async function loadInTransaction(
  conn: DuckDBConnection,
  plan: PlannedFile[],
  opts: LoadOptions,
  summary: LoadSummary,
  ownInstance: boolean,
): Promise<void> {
  const startedAt = localTimestamp();
  await ensureSchema(conn);
  const idRow = await conn.runAndReadAll("SELECT coalesce(max(load_id), 0) + 1 FROM etl_korning");
  const loadId = num(idRow.getRows()[0][0]);
  await conn.run(
    `INSERT INTO etl_korning (load_id, started_at, allow_rejects) VALUES (${loadId}, ${lit(startedAt)}, ${Boolean(opts.allowRejects)})`,
  );

  const counts = new Map<PlannedFile, FileCounts>();
  const units: LoadSummary["units"] = {};
  for (const table of LOAD_ORDER) {
    const files = plan.filter((p) => p.file.table === table);
    if (files.length === 0) continue;
    const staged = files.flatMap((p) => (p.staged ? [p.staged] : []));
    if (table === "beslut" || table === "utforare") await markDuplicateKeys(conn, table, staged);
    if (REFERENCES_BESLUT.includes(table)) for (const s of staged) await markUnknownBeslut(conn, s);
    const hadRows = table in DELIVERY_UNIT && (await hasRows(conn, table));
    for (const p of files) {
      if (p.staged) {
        await insertValid(conn, table, p.staged, loadId);
        continue;
      }
      // A read error (broken rows) or an unknown beslut_id: stage it to find the rows.
      const direct = await insertDirect(conn, p.file, loadId, {
        relaxOrder: ownInstance,
        onProgress: progressOf(p.file, opts),
      }).catch(() => null);
      if (direct === null || direct.unknownBeslut) throw new Restage(p);
      const written = direct.written;
      if (written === p.file.dataLines) {
        counts.set(p, { read: written, valid: written, rejected: [], rejectedCount: 0 });
        continue;
      }
      // Some records were left out: keep the inserted ones and find the others' lines.
      p.verdicts = (await stageVerdicts(conn, p.file, p.n)) ?? undefined;
      const c = p.verdicts && (await countFile(conn, p.verdicts));
      if (!c || c.valid !== written) throw new Restage(p);
      counts.set(p, c);
    }
    if (hadRows) units[table] = await replaceDeliveryUnits(conn, table as keyof typeof DELIVERY_UNIT, loadId);
    for (const p of files) if (p.staged) counts.set(p, await countFile(conn, p.staged));
  }

  const rejected = [...counts.values()].reduce((n, c) => n + c.rejectedCount, 0);
  const commit = rejected === 0 || Boolean(opts.allowRejects);
  summary.files = plan.map((p) => {
    const c = counts.get(p)!;
    return { file: p.file.path, table: p.file.table, read: c.read, loaded: commit ? c.valid : 0, valid: c.valid, rejected: c.rejected, rejectedCount: c.rejectedCount };
  });
  if (!commit) {
    await conn.run("ROLLBACK");
    summary.error =
      `${rejected} ${rejected === 1 ? "rad avvisades" : "rader avvisades"}, så inget laddades. ` +
      "Rätta raderna och kör igen, eller ladda de giltiga raderna med --allow-rejects.";
    return;
  }

  for (const p of plan) {
    const source = p.staged ?? p.verdicts;
    if (source && counts.get(p)!.rejectedCount > 0) await storeRejects(conn, source, loadId);
  }
  if (opts.derive) {
    // The engine works on whole cases at once: give it DuckDB's default memory again.
    if (ownInstance) await conn.run("RESET memory_limit");
    try {
      await opts.derive(conn);
    } catch (err) {
      throw new Error(`regelmotorns beräkning misslyckades (${(err as Error).message})`);
    }
  }
  summary.units = units;
  const record = { ...summary, ok: true, loadId, files: summary.files.map(({ rejected: _, ...f }) => f) };
  await conn.run(
    `UPDATE etl_korning SET finished_at = ${lit(localTimestamp())}, summary_json = ${lit(JSON.stringify(record))} WHERE load_id = ${loadId}`,
  );
  await conn.run("COMMIT");
  summary.ok = true;
  summary.loadId = loadId;
}

async function hasRows(conn: DuckDBConnection, table: TableName): Promise<boolean> {
  const r = await conn.runAndReadAll(`SELECT EXISTS (SELECT 1 FROM ${table})`);
  return r.getRows()[0][0] === true;
}

function emptyFile(file: string, table: TableName | null): FileSummary {
  return { file, table, read: 0, loaded: 0, valid: 0, rejected: [], rejectedCount: 0 };
}

/** A run that failed as a whole: nothing loaded, every file listed. */
function fail(summary: LoadSummary, sniffed: SniffedFile[], error: string): LoadSummary {
  const listed = new Set(summary.files.map((f) => f.file));
  for (const f of sniffed) if (!listed.has(f.path)) summary.files.push(emptyFile(f.path, f.table));
  summary.files = summary.files.map((f) => ({ ...f, loaded: 0 }));
  return { ...summary, ok: false, loadId: null, units: {}, error };
}

function openErrorMessage(path: string, err: unknown): string {
  const message = (err as Error).message ?? String(err);
  if (/lock/i.test(message)) {
    return `Databasen ${path} används av en annan process (körs dashboarden?). Stoppa den och kör igen; inget laddades.`;
  }
  return `Kan inte öppna databasen ${path}: ${message}. Inget laddades.`;
}

/** Swedish wall-clock time, as the database stores times. */
function localTimestamp(d: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
