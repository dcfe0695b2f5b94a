/**
 * The run's big temp tables, made so that DuckDB scans them with all its threads.
 *
 * DuckDB plans a table scan with one thread per committed row group (122 880 rows) plus
 * one; rows that the scanning transaction added itself are not counted. deriveAll runs in
 * the caller's transaction, so every table it fills there would be scanned by one thread
 * however large, and its SQL phases would use one core of two. prepareDerive, run before
 * that transaction, creates the tables with committed placeholder rows (one row group per
 * extra thread); the run deletes them inside the transaction and inserts its own rows, so
 * the plan counts enough rows for every thread while the scans see only the run's rows.
 * Without prepareDerive the run creates the tables itself and gives the same output.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { PREP_TABLES, type TempTable } from "./sql.ts";

/** DuckDB's default row group size: the rows per extra scan thread. */
const ROW_GROUP = 122_880;
/** Placeholder row groups beyond this buy nothing on the machines this runs on. */
const MAX_EXTRA_THREADS = 7;

/** The loaded tables the prepared tables' queries read. */
const INPUT_TABLES = ["beslut", "utforda_timmar", "avbokningar", "omkostnader", "utforare"];

/** The engine's staged rows need none: they are read from Parquet files, in parallel by row group. */
const ALL = (): TempTable[] => PREP_TABLES;

/**
 * Creates the run's temp tables with placeholder rows. Must run outside a transaction
 * (the placeholders must be committed), on the connection that will run deriveAll; the
 * loaded tables give the prepared tables their columns (without them it does nothing).
 */
export async function prepareDerive(conn: DuckDBConnection): Promise<void> {
  // A first load into a new database: nothing to take the columns from; the run makes its own.
  const inputs = (await (await conn.run(
    `SELECT count(*) FROM duckdb_tables() WHERE NOT temporary AND schema_name = 'main' AND table_name IN (${INPUT_TABLES.map((t) => `'${t}'`).join(", ")})`,
  )).getRows())[0][0];
  if (Number(inputs) < INPUT_TABLES.length) return;
  const threads = Number((await (await conn.run(`SELECT current_setting('threads')`)).getRows())[0][0]);
  const extra = Math.min(MAX_EXTRA_THREADS, Math.max(0, threads - 1));
  if (extra === 0) return;
  for (const t of ALL()) {
    if (t.select !== undefined) await conn.run(`CREATE OR REPLACE TEMP TABLE ${t.name} AS SELECT * FROM (${t.select}) LIMIT 0`);
    else await conn.run(`CREATE OR REPLACE TEMP TABLE ${t.name} (${t.columns})`);
    const first = (await (await conn.run(`SELECT column_name FROM duckdb_columns() WHERE database_name = 'temp' AND table_name = '${t.name}' ORDER BY column_index LIMIT 1`)).getRows())[0][0];
    await conn.run(`INSERT INTO ${t.name} ("${String(first)}") SELECT NULL FROM range(${extra * ROW_GROUP})`);
  }
}

/** Fills the run's temp tables: into the prepared ones where they exist, else created anew. */
export class TempTables {
  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly existing: Set<string>,
  ) {}

  static async open(conn: DuckDBConnection): Promise<TempTables> {
    const rows = (await (await conn.run(`SELECT table_name FROM duckdb_tables() WHERE database_name = 'temp'`)).getRows()).map((r) => String(r[0]));
    return new TempTables(conn, new Set(rows));
  }

  async make(t: TempTable): Promise<void> {
    const { conn } = this;
    if (this.existing.has(t.name)) {
      await conn.run(`DELETE FROM temp.main.${t.name}`);
      if (t.select !== undefined) await conn.run(`INSERT INTO temp.main.${t.name} BY NAME ${t.select}`);
    } else if (t.select !== undefined) await conn.run(`CREATE OR REPLACE TEMP TABLE ${t.name} AS ${t.select}`);
    else await conn.run(`CREATE OR REPLACE TEMP TABLE ${t.name} (${t.columns})`);
  }
}
