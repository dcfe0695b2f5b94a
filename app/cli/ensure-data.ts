/**
 * "The embedded default": the launcher fills an empty database with the
 * synthetic data set, so `npm install && npm start` shows a working dashboard
 * on a fresh machine. Also used by the browser tests for their temporary database.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import { existsSync, mkdirSync } from "node:fs";
import { relative } from "node:path";
import { ensureSchema, openDatabase, PROJECT_ROOT } from "../../etl/db.ts";
import { deriveAll, prepareDerive } from "../../etl/engine/store.ts";
import { generate } from "../../etl/generate/index.ts";
import { runLoad, type LoadSummary } from "../../etl/load/index.ts";
import { enableDemoMode } from "../auth/demo.server.ts";
import { formatCount } from "../lib/format.ts";

export type Log = (line: string) => void;

/** A message meant for the person at the terminal: printed as is, without a stack. */
export class LauncherError extends Error {
  override name = "LauncherError";
}

export interface DbState {
  exists: boolean;
  beslut: number;
  runs: number;
}

/** The path as the user would type it: relative to the project when inside it. */
export function displayPath(path: string): string {
  const rel = relative(PROJECT_ROOT, path);
  return rel && !rel.startsWith("..") ? rel : path;
}

/** Opens the file, translating DuckDB's lock error into what the user should do. */
async function open(path: string): Promise<DuckDBInstance> {
  try {
    return await openDatabase(path);
  } catch (err) {
    if (err instanceof Error && /lock/i.test(err.message)) {
      throw new LauncherError(
        `Databasen ${displayPath(path)} används redan av en annan process (körs Ledsagning redan, eller en inläsning?). ` +
          "Stoppa den processen och försök igen.",
      );
    }
    throw err;
  }
}

export async function inspectDatabase(path: string): Promise<DbState> {
  if (!existsSync(path)) return { exists: false, beslut: 0, runs: 0 };
  const instance = await open(path);
  try {
    const conn = await instance.connect();
    try {
      await ensureSchema(conn);
      const reader = await conn.runAndReadAll(
        "SELECT (SELECT count(*) FROM beslut) AS beslut, (SELECT count(*) FROM etl_korning) AS runs",
      );
      const [beslut, runs] = reader.getRows()[0];
      return { exists: true, beslut: Number(beslut), runs: Number(runs) };
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

export interface GenerateAndLoadOptions {
  dbPath: string;
  outDir: string;
  seed: number;
  years: number;
  scale: number;
  log: Log;
}

/**
 * Writes the synthetic files into outDir and loads them into dbPath in one ETL
 * run. The database handle is closed before this resolves, so a server may open
 * the file next.
 */
export async function generateAndLoad(o: GenerateAndLoadOptions): Promise<LoadSummary> {
  mkdirSync(o.outDir, { recursive: true });
  let t = Date.now();
  o.log(`Skapar syntetiska data (${o.years} år, skala ${o.scale}, frö ${o.seed}) i ${displayPath(o.outDir)} …`);
  await generate({ outDir: o.outDir, seed: o.seed, years: o.years, scale: o.scale });
  o.log(`  klart på ${seconds(t)}.`);

  t = Date.now();
  o.log(`Läser in filerna i ${displayPath(o.dbPath)} och beräknar regelmotorns utfall – det kan ta en stund …`);
  const instance = await open(o.dbPath);
  let summary: LoadSummary;
  try {
    summary = await runLoad({ paths: [o.outDir], instance, prepare: prepareDerive, derive: (conn) => deriveAll(conn) });
    if (summary.ok) {
      // Synthetic data only: one demo account per role, so a new user can try every view.
      const conn = await instance.connect();
      try {
        await enableDemoMode(conn);
      } finally {
        conn.closeSync();
      }
      o.log("  Demokonton (ett per roll) är aktiverade; lösenorden visas på inloggningssidan.");
    }
  } finally {
    instance.closeSync();
  }
  for (const line of describeSummary(summary)) o.log(`  ${line}`);
  if (!summary.ok) {
    throw new LauncherError(`Exempeldata kunde inte läsas in: ${summary.error ?? "okänt fel"}`);
  }
  o.log(`  klart på ${seconds(t)}.`);
  return summary;
}

/** The launcher's step: generate and load only when the database has no data at all. */
export async function ensureData(dbPath: string, log: Log): Promise<"present" | "generated" | "left-empty"> {
  const state = await inspectDatabase(dbPath);
  if (state.beslut > 0) {
    log(`Databas: ${displayPath(dbPath)} (${formatCount(state.beslut)} beslut).`);
    return "present";
  }
  if (state.runs > 0) {
    // Someone has loaded their own files (just no beslut yet): never mix synthetic rows into them.
    log(
      `Databasen ${displayPath(dbPath)} har inlästa filer men inga beslut. Inga exempeldata skapas; ` +
        "läs in beslut.csv med npm run etl.",
    );
    return "left-empty";
  }
  log(
    state.exists
      ? `Databasen ${displayPath(dbPath)} är tom.`
      : `Databasen ${displayPath(dbPath)} finns inte ännu; den skapas med syntetiska exempeldata.`,
  );
  await generateAndLoad({
    dbPath,
    outDir: `${PROJECT_ROOT}/data/generated`,
    seed: 1,
    years: 5,
    scale: 1,
    log,
  });
  const after = await inspectDatabase(dbPath);
  if (after.beslut === 0) {
    throw new LauncherError("Inläsningen av exempeldata lade inte in några beslut; se meddelandena ovan.");
  }
  log(`Databasen innehåller nu ${formatCount(after.beslut)} beslut.`);
  return "generated";
}

/** One line per file: read, loaded, rejected (with the first reason), or why it could not be read. */
export function describeSummary(summary: LoadSummary): string[] {
  return summary.files.map((f) => {
    const name = displayPath(f.file);
    if (f.error) return `${name}: ${f.error}`;
    const first = f.rejected[0];
    return (
      `${name}: ${formatCount(f.loaded)} av ${formatCount(f.read)} rader inlästa` +
      (f.rejectedCount > 0
        ? `, ${formatCount(f.rejectedCount)} avvisade (första: rad ${first?.line}, ${first?.reason})`
        : "")
    );
  });
}

function seconds(start: number): string {
  return `${formatCount(Math.round((Date.now() - start) / 1000))} s`;
}
