/**
 * Inside the load's transaction: from staged files (or, on the fast path, straight from
 * the file) to stored rows, one table at a time.
 *   1. checks that need more than one row: duplicate keys within the run (beslut,
 *      utforare) and beslut_id references (the fact tables);
 *   2. writes the valid rows: upsert by key for beslut and utforare (a row that is
 *      unchanged keeps its load_id), plain insert for the fact tables;
 *   3. for the fact tables, replaces earlier deliveries of the same delivery units
 *      (kommun, utförare, month) — unless the unit's rows are identical, in which case
 *      the new copies are dropped, so that loading a file twice changes nothing.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  COLUMNS,
  DELIVERY_UNIT,
  KEYS,
  REASONS,
  type TableName,
} from "../contract.ts";
import { ARENDE_ID_SQL } from "../pseudonym.ts";
import type { SniffedFile } from "./sniff.ts";
import { fastValidSelect, withProgress, type StagedFile } from "./stage.ts";
import { ident, lit, num } from "./sql.ts";
import { REJECT_LIST_LIMIT, type RejectedRow } from "./summary.ts";

/** A staged row that is loaded: valid and not blank. */
const VALID = "_reason IS NULL AND NOT _blank";
const REJECTED = "_reason IS NOT NULL AND NOT _blank";

/** Stored columns of `table` (without load_id) and the staging expression of each. */
function storedColumns(table: TableName): [string, string][] {
  const cols = (COLUMNS[table] as readonly string[]).filter((c) => c !== "personnummer");
  const out: [string, string][] = cols.map((c) => [c, ident(c)]);
  if (table === "beslut") {
    // The given kön wins over the personnummer's: it is the registered fact.
    out.splice(out.findIndex(([c]) => c === "kon"), 1, ["kon", "COALESCE(kon, _pnr_kon)"]);
    out.push(["person_id", "person_id"], ["arende_id", ARENDE_ID_SQL], ["fodelsear", "fodelsear"]);
  }
  return out;
}

/** Rejects every occurrence of a key after its first in the run (file order, then line). */
export async function markDuplicateKeys(conn: DuckDBConnection, table: keyof typeof KEYS, files: StagedFile[]) {
  const key = KEYS[table].map(ident).join(", ");
  const union = files
    .map((f, i) => `SELECT ${i} AS f, ${f.line} AS line, ${key} FROM ${f.table} WHERE ${VALID}`)
    .join(" UNION ALL ");
  const dups = await conn.runAndReadAll(`
    SELECT f, line, ff, fl FROM (
      SELECT f, line, first_value(f) OVER w AS ff, first_value(line) OVER w AS fl, row_number() OVER w AS rn
      FROM (${union}) WINDOW w AS (PARTITION BY ${key} ORDER BY f, line))
    WHERE rn > 1`);
  const keyName = KEYS[table].join(" och ");
  const rows = dups.getRows().map(([f, line, ff, fl]) => ({
    f: num(f),
    line: num(line),
    reason: REASONS.duplicateKey(keyName, num(fl), files[num(ff)].file.path),
  }));
  if (rows.length === 0) return;
  await conn.run("CREATE OR REPLACE TEMP TABLE _dups (f INTEGER, line BIGINT, reason VARCHAR)");
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await conn.run(
      `INSERT INTO _dups VALUES ${batch.map(() => "(?, ?, ?)").join(", ")}`,
      batch.flatMap((r) => [r.f, r.line, r.reason]),
    );
  }
  const lastKey = KEYS[table][KEYS[table].length - 1];
  for (const [i, file] of files.entries()) {
    await conn.run(`UPDATE ${file.table} SET _col = ${lit(lastKey)}, _val = ${ident(lastKey)}, _reason = d.reason
      FROM _dups d WHERE d.f = ${i} AND d.line = ${file.line}`);
  }
  await conn.run("DROP TABLE _dups");
}

/** Rejects the valid rows whose beslut_id the kommun does not have (stored or loaded now). */
export async function markUnknownBeslut(conn: DuckDBConnection, file: StagedFile): Promise<void> {
  await conn.run(`
    UPDATE ${file.table} SET _col = 'beslut_id', _val = beslut_id, _reason = ${lit(REASONS.unknownBeslut)}
    WHERE ${VALID} AND NOT EXISTS (
      SELECT 1 FROM beslut b WHERE b.kommun = ${file.table}.kommun AND b.beslut_id = ${file.table}.beslut_id)`);
}

/** Writes a staged file's valid rows: upserted by key (beslut, utforare) or appended. */
export async function insertValid(conn: DuckDBConnection, table: TableName, file: StagedFile, loadId: number) {
  const cols = storedColumns(table);
  const insert = `INSERT INTO ${table} (${cols.map(([c]) => ident(c)).join(", ")}, load_id)
    SELECT ${cols.map(([, e]) => e).join(", ")}, ${loadId} FROM ${file.table} WHERE ${VALID}`;
  if (table !== "beslut" && table !== "utforare") {
    await conn.run(insert);
    return;
  }
  const keys = new Set<string>(KEYS[table]);
  const rest = cols.map(([c]) => c).filter((c) => !keys.has(c));
  await conn.run(`${insert}
    ON CONFLICT (${KEYS[table].map(ident).join(", ")}) DO UPDATE SET
      ${[...rest, "load_id"].map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`).join(", ")}
    WHERE ${rest.map((c) => `${table}.${ident(c)} IS DISTINCT FROM EXCLUDED.${ident(c)}`).join(" OR ")}`);
}

/**
 * The fast path for a fact file: valid rows go straight from read_csv into the table,
 * with no staging table (one streaming pass). Returns how many were written, and whether
 * any of them names a beslut that does not exist (the caller then stages the file to find
 * which). When fewer rows than lines were written, the caller finds out why.
 */
export async function insertDirect(
  conn: DuckDBConnection,
  file: SniffedFile,
  loadId: number,
  opts: { relaxOrder: boolean; onProgress?: (bytesDone: number) => void },
): Promise<{ written: number; unknownBeslut: boolean }> {
  const cols = storedColumns(file.table);
  // The order of stored rows means nothing, and keeping it costs DuckDB a third more
  // work. The setting is global, so only on a database the load opened itself; the
  // caller restores it also when this statement fails.
  if (opts.relaxOrder) await conn.run("SET preserve_insertion_order = false");
  const result = await withProgress(conn, file.size, opts.onProgress, () =>
    conn.run(`INSERT INTO ${file.table} (${cols.map(([c]) => ident(c)).join(", ")}, load_id)
      SELECT ${cols.map(([, e]) => e).join(", ")}, ${loadId} FROM (${fastValidSelect(file)})`),
  );
  if (opts.relaxOrder) await conn.run("RESET preserve_insertion_order");
  // Checked on the stored rows rather than joined into the insert: a join there makes
  // DuckDB hold far more memory (10 M rows: 1.9 GB against 0.8 GB).
  const unknown = await conn.runAndReadAll(`SELECT EXISTS (
    SELECT 1 FROM ${file.table} t WHERE load_id = ${loadId}
      AND NOT EXISTS (SELECT 1 FROM beslut b WHERE b.kommun = t.kommun AND b.beslut_id = t.beslut_id))`);
  return { written: result.rowsChanged, unknownBeslut: unknown.getRows()[0][0] === true };
}

export interface UnitOutcome {
  replaced: number;
  unchanged: number;
}

/**
 * Corrected re-delivery: this run's rows of a fact table replace the earlier rows of
 * every delivery unit they touch. A unit whose rows are identical (same multiset, by
 * count and sum of row hashes) keeps its earlier rows and load_id instead.
 */
export async function replaceDeliveryUnits(
  conn: DuckDBConnection,
  table: keyof typeof DELIVERY_UNIT,
  loadId: number,
): Promise<UnitOutcome> {
  const month = (alias: string) => `date_trunc('month', ${alias}.${ident(DELIVERY_UNIT[table].monthOf)})`;
  const data = (COLUMNS[table] as readonly string[]).map((c) => `t.${ident(c)}`).join(", ");
  await conn.run(`CREATE OR REPLACE TEMP TABLE _units AS
    WITH fresh AS (SELECT DISTINCT kommun, utforare, ${month("t")} AS m FROM ${table} t WHERE load_id = ${loadId}),
    fp AS (
      SELECT t.kommun, t.utforare, ${month("t")} AS m, t.load_id = ${loadId} AS is_new,
             count(*) AS n, sum(hash(${data})) AS h
      FROM ${table} t SEMI JOIN fresh f ON t.kommun = f.kommun AND t.utforare = f.utforare AND ${month("t")} = f.m
      GROUP BY ALL)
    SELECT nw.kommun, nw.utforare, nw.m, old.n IS NOT NULL AS had_old,
           coalesce(old.n = nw.n AND old.h = nw.h, false) AS same
    FROM fp nw LEFT JOIN fp old
      ON NOT old.is_new AND old.kommun = nw.kommun AND old.utforare = nw.utforare AND old.m = nw.m
    WHERE nw.is_new`);
  const inUnit = (cond: string) =>
    `EXISTS (SELECT 1 FROM _units u WHERE ${cond} AND u.kommun = t.kommun AND u.utforare = t.utforare AND u.m = ${month("t")})`;
  await conn.run(`DELETE FROM ${table} t WHERE load_id = ${loadId} AND ${inUnit("u.same")}`);
  await conn.run(`DELETE FROM ${table} t WHERE load_id <> ${loadId} AND ${inUnit("u.had_old AND NOT u.same")}`);
  const counts = await conn.runAndReadAll(
    `SELECT count(*) FILTER (WHERE had_old AND NOT same), count(*) FILTER (WHERE same) FROM _units`,
  );
  const [replaced, unchanged] = counts.getRows()[0].map(num);
  await conn.run("DROP TABLE _units");
  return { replaced, unchanged };
}

export interface FileCounts {
  read: number;
  valid: number;
  rejected: RejectedRow[];
  rejectedCount: number;
}

export async function countFile(conn: DuckDBConnection, file: StagedFile): Promise<FileCounts> {
  const counts = await conn.runAndReadAll(
    `SELECT count(*) FILTER (WHERE NOT _blank), count(*) FILTER (WHERE ${VALID}) FROM ${file.table}`,
  );
  const [read, valid] = counts.getRows()[0].map(num);
  const rows = await conn.runAndReadAll(
    `SELECT ${file.line} AS line, _col, _val, _reason FROM ${file.table}
     WHERE ${REJECTED} ORDER BY line LIMIT ${REJECT_LIST_LIMIT}`,
  );
  const rejected = rows.getRows().map(([line, column, value, reason]) => ({
    line: num(line),
    column: column === null ? null : String(column),
    value: value === null ? null : String(value),
    reason: String(reason),
  }));
  return { read, valid, rejected, rejectedCount: read - valid };
}

export async function storeRejects(conn: DuckDBConnection, file: StagedFile, loadId: number): Promise<void> {
  await conn.run(`INSERT INTO avvisad_rad (load_id, file, tabell, line, kolumn, value, reason)
    SELECT ${loadId}, ${lit(file.file.path)}, ${lit(file.file.table)}, ${file.line}, _col, _val, _reason
    FROM ${file.table} WHERE ${REJECTED}`);
}

