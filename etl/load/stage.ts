/**
 * Staging: one file → one TEMP table holding, per record, the typed values and the
 * first reason it is rejected (see sql-checks.ts). Runs before the load's transaction:
 * a read_csv error must not abort the transaction, and staging touches no stored table.
 *
 * Fast path: DuckDB reads the file itself; a record's line is rowid + 2. That holds only
 * if every record is exactly one physical line, so the staged row count is compared with
 * the sniffer's line count; on any mismatch or read error the file takes the slow path.
 * Slow path: normalise.ts writes a clean UTF-8 file with `_line`, which DuckDB reads.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { join } from "node:path";
import { normaliseFile } from "./normalise.ts";
import type { SniffedFile } from "./sniff.ts";
import { stagingSelect, validRowsSelect, type StagingSource } from "./sql-checks.ts";
import { lit, num } from "./sql.ts";

export interface StagedFile {
  file: SniffedFile;
  /** The TEMP table. */
  table: string;
  /** SQL for a row's physical line in `table`. */
  line: string;
  path: "fast" | "slow";
}

export interface StageContext {
  conn: DuckDBConnection;
  tmpDir: string;
  pseudonymKey: () => Buffer;
  onProgress?: (bytesDone: number) => void;
}

export async function stageFile(file: SniffedFile, n: number, ctx: StageContext): Promise<StagedFile> {
  const table = `_stg_${n}`;
  if (file.fastPath && (await stageFast(file, table, ctx))) {
    return { file, table, line: `(${table}.rowid + 2)`, path: "fast" };
  }
  await stageSlow(file, table, n, ctx);
  return { file, table, line: `${table}._line`, path: "slow" };
}

/** DuckDB reading a file itself: every field as text, named c0, c1, … by position. */
function fastSource(file: SniffedFile): StagingSource {
  const fields = file.header.map((_, i) => `c${i}`);
  const from = `read_csv(${lit(file.path)}, header = true, auto_detect = false, strict_mode = true,
    delim = ${lit(file.separator)}, quote = '"', escape = '"', null_padding = false,
    encoding = ${lit(file.encoding === "utf-8" ? "utf-8" : "latin-1")},
    columns = {${fields.map((f) => `${lit(f)}: 'VARCHAR'`).join(", ")}})`;
  return {
    from,
    raw: (column) => (file.index.has(column) ? `c${file.index.get(column)}` : null),
    allFields: fields,
    trim: file.needsTrim,
  };
}

/** The fast path's staging: every record with its reason. */
export function fastSelect(file: SniffedFile): string {
  return stagingSelect(file.table, fastSource(file));
}

/** The fast path's direct load: only the valid records. */
export function fastValidSelect(file: SniffedFile): string {
  return validRowsSelect(file.table, fastSource(file));
}

/**
 * After a direct insert that did not take every record: each record's verdict (no
 * values), in file order, so that the rejects can be reported with their lines while the
 * valid rows stay inserted. Null when DuckDB's records are not the file's lines.
 */
export async function stageVerdicts(conn: DuckDBConnection, file: SniffedFile, n: number): Promise<StagedFile | null> {
  const table = `_stg_${n}`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT _blank, _col, _val, _reason FROM (${fastSelect(file)})`);
  // Created inside the transaction, the table's rowids start at a large offset (DuckDB's
  // transaction-local ids); they are consecutive in file order, which is checked here.
  // (BIGINT arithmetic in SQL: the ids exceed what a JavaScript number holds exactly.)
  const stats = await conn.runAndReadAll(
    `SELECT count(*), coalesce(max(rowid) - min(rowid) + 1, 0), coalesce(min(rowid), 0) FROM ${table}`,
  );
  const [count, span, first] = stats.getRows()[0];
  if (num(count) === file.dataLines && num(span) === num(count)) {
    return { file, table, line: `(${table}.rowid - ${String(first)} + 2)`, path: "fast" };
  }
  await conn.run(`DROP TABLE ${table}`);
  return null;
}

async function stageFast(file: SniffedFile, table: string, ctx: StageContext): Promise<boolean> {
  try {
    await withProgress(ctx.conn, file.size, ctx.onProgress, () =>
      ctx.conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${fastSelect(file)}`),
    );
  } catch {
    return false; // broken rows: the slow path finds and reports them
  }
  const count = await ctx.conn.runAndReadAll(`SELECT count(*) FROM ${table}`);
  if (num(count.getRows()[0][0]) === file.dataLines) return true;
  await ctx.conn.run(`DROP TABLE ${table}`);
  return false;
}

async function stageSlow(file: SniffedFile, table: string, n: number, ctx: StageContext): Promise<void> {
  const needsKey = file.index.has("personnummer");
  const normalised = await normaliseFile(
    file,
    join(ctx.tmpDir, `${n}.csv`),
    needsKey ? ctx.pseudonymKey() : Buffer.alloc(0),
    ctx.onProgress,
  );
  const from = `read_csv(${lit(normalised.path)}, header = true, auto_detect = false, strict_mode = true,
    delim = ',', quote = '"', escape = '"', encoding = 'utf-8',
    columns = {${normalised.columns.map(([c, type]) => `${lit(c)}: ${lit(type)}`).join(", ")}})`;
  const select = stagingSelect(file.table, {
    from,
    raw: (column) => (file.index.has(column) ? `"${column}"` : null),
    line: "_line",
    structural: "_bad",
    pseudonymised: needsKey,
  });
  await ctx.conn.run(`CREATE OR REPLACE TEMP TABLE ${table} AS ${select}`);
}

/** Reports DuckDB's own progress on a long statement as bytes of the file. */
export async function withProgress<T>(
  conn: DuckDBConnection,
  bytes: number,
  report: ((bytesDone: number) => void) | undefined,
  run: () => Promise<T>,
): Promise<T> {
  if (!report) return run();
  await conn.run("SET enable_progress_bar = true");
  await conn.run("SET enable_progress_bar_print = false");
  const timer = setInterval(() => {
    const pct = conn.progress.percentage;
    if (pct >= 0) report(Math.round((bytes * pct) / 100));
  }, 200);
  try {
    return await run();
  } finally {
    clearInterval(timer);
    report(bytes);
  }
}
