/**
 * The dashboard's one handle on DuckDB.
 *
 * DuckDB allows a single writing process per file, and opening an instance is
 * costly, so the server keeps exactly one `DuckDBInstance` for its lifetime and
 * builds one Kysely on it. The file is opened lazily, on the first request: the
 * launcher (app/cli/start.ts) loads data and closes its own handle before the
 * server is started, and nothing here runs at import time.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import { Kysely, type ColumnType } from "kysely";
import { DuckDbDialect } from "kysely-duckdb";
import { data } from "@remix-run/node";
import type { ErrorBody } from "./lib/error-body.ts";
import type {
  AvbokadAv,
  AvbokningRow,
  BeslutRow,
  Insats,
  Kon,
  Lagrum,
  OmkostnadRow,
  OmkostnadTyp,
  Regi,
  Tidstyp,
  TimmarPer,
  Utfall,
  UtfordaRow,
  UtforareRow,
} from "../etl/contract.ts";
import { defaultDbPath, ensureSchema, openDatabase } from "../etl/db.ts";
import type { EngineTables } from "../queries/schema.ts";

// ---------------------------------------------------------------------------
// Table types. Derived from the contract's zod rows so that a column renamed
// there fails to compile here. DATE/TIMESTAMP columns are read back as JS Date
// (kysely-duckdb) and written as ISO strings; BIGINT comes back as bigint.
// Pass results through queries/convert.ts before returning them from a loader.
// ---------------------------------------------------------------------------

type DateCol = ColumnType<Date, string | Date, string | Date>;
type NullableDateCol = ColumnType<Date | null, string | Date | null, string | Date | null>;

/** Replaces the contract's ISO-string columns K by date columns. */
type Stored<Row, DateKeys extends keyof Row> = {
  [K in keyof Row]: K extends DateKeys ? (null extends Row[K] ? NullableDateCol : DateCol) : Row[K];
} & { load_id: number };

export interface BeslutTable
  extends Stored<
    Omit<BeslutRow, "personnummer" | "kon" | "handlaggare" | "beslutsniva">,
    | "ansokan_datum"
    | "beslut_datum"
    | "giltig_from"
    | "giltig_tom"
    | "bestallning_datum"
    | "genomforandeplan_datum"
    | "senaste_uppfoljning"
  > {
  /** Keyed pseudonym of the personnummer (HMAC); the number itself is never stored. */
  person_id: string;
  /** One person's beslut for one insats in one kommun. */
  arende_id: string;
  fodelsear: number;
  /** Always set in the database: derived from the personnummer when the file left it empty. */
  kon: Kon;
  handlaggare: string | null;
  beslutsniva: string | null;
}

export type UtfordaTimmarTable = Stored<UtfordaRow, "datum">;
export type AvbokningarTable = Stored<AvbokningRow, "planerad_start" | "avbokad_tid"> & { orsak: string | null };
export type OmkostnaderTable = Stored<OmkostnadRow, "datum"> & { aktivitet: string | null };
export type UtforareTable = Stored<UtforareRow, "godkand_from" | "godkand_tom">;

export interface EtlKorningTable {
  load_id: number;
  started_at: DateCol;
  finished_at: NullableDateCol;
  allow_rejects: boolean;
  /** The run's summary as JSON: {"files":[{"file","table","read","loaded","rejected":[…]}]}. */
  summary_json: string | null;
}

export interface AvvisadRadTable {
  load_id: number;
  file: string;
  tabell: string;
  line: ColumnType<bigint, number | bigint, number | bigint>;
  kolumn: string | null;
  value: string | null;
  reason: string;
}

/**
 * The loaded-data tables (etl/schema.ts) and the rules engine's output tables
 * (queries/schema.ts).
 */
export interface Database extends EngineTables {
  beslut: BeslutTable;
  utforda_timmar: UtfordaTimmarTable;
  avbokningar: AvbokningarTable;
  omkostnader: OmkostnaderTable;
  utforare: UtforareTable;
  etl_korning: EtlKorningTable;
  avvisad_rad: AvvisadRadTable;
}

// Re-exported so route code can name enum types without reaching into etl/.
export type { AvbokadAv, Insats, Kon, Lagrum, OmkostnadTyp, Regi, Tidstyp, TimmarPer, Utfall };

// ---------------------------------------------------------------------------
// The process-wide handle.
// ---------------------------------------------------------------------------

export interface Db {
  path: string;
  instance: DuckDBInstance;
  kysely: Kysely<Database>;
  /** Closes the instance once; later calls do nothing. */
  close: () => void;
}

// Kept on globalThis so that `remix dev`, which re-imports the server build on
// every change, reuses the open file instead of trying to open it a second time.
const globalKey = Symbol.for("ledsagning.db");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<Db> };

/** The database, opened (and its schema ensured) on first use. */
export function getDb(): Promise<Db> {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) {
    g[globalKey] = open(defaultDbPath()).catch((err: unknown) => {
      // Do not cache a failure (e.g. the file was locked by `npm run etl`): the
      // next request tries again once the other process has finished.
      delete g[globalKey];
      throw err;
    });
  }
  return g[globalKey];
}

/**
 * The Kysely query builder over the process-wide database, for loaders. A file
 * held by another process (an `npm run etl` in progress) becomes a Swedish 503
 * rather than a 500: it is a temporary state the reader can wait out.
 */
export async function getKysely(): Promise<Kysely<Database>> {
  try {
    return (await getDb()).kysely;
  } catch (err) {
    if (err instanceof Error && /lock/i.test(err.message)) {
      const body: ErrorBody = {
        message:
          "Databasen används av en annan process, till exempel en pågående inläsning (npm run etl). Försök igen när den är klar.",
      };
      throw data(body, { status: 503 });
    }
    throw err;
  }
}

async function open(path: string): Promise<Db> {
  const instance = await openDatabase(path);
  const conn = await instance.connect();
  try {
    await ensureSchema(conn);
  } finally {
    conn.closeSync();
  }
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    process.off("exit", close);
    instance.closeSync();
  };
  // Close on a normal exit (app/cli/http-server.ts stops on SIGINT/SIGTERM by letting the loop
  // drain): DuckDB then checkpoints its WAL instead of replaying it on the next open.
  process.once("exit", close);
  return { path, instance, kysely: createKysely(instance), close };
}

/** A Kysely over an instance someone else owns (tests, CLI tools). */
export function createKysely(instance: DuckDBInstance): Kysely<Database> {
  return new Kysely<Database>({ dialect: new DuckDbDialect({ database: instance }) });
}

/** Closes the process-wide database (tests; graceful shutdown). */
export async function closeDb(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const pending = g[globalKey];
  delete g[globalKey];
  if (!pending) return;
  const db = await pending.catch(() => undefined);
  // Not kysely.destroy(): it would close the instance behind `close`'s back.
  db?.close();
}
