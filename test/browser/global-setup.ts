/**
 * Once per browser test run: build the app, fill a temporary database, start
 * the production server on a free port, and hand the tests its URL.
 *
 * The data are a small synthetic set (2 years, scale 0.1) generated and loaded
 * by the real ETL and rules engine, so the pages are tested on what `npm start`
 * would show, only smaller.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { generateAndLoad } from "../../app/cli/ensure-data.ts";
import { freePort, startServer, waitUntilReady, type ServerHandle } from "../../app/cli/server.ts";
import { PROJECT_ROOT } from "../../etl/db.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The running production server, e.g. http://localhost:41234 (no trailing slash). */
    baseUrl: string;
    /** Rows per loaded table in the test database, for the pages' figures to be checked against. */
    rowCounts: Record<string, number>;
    kommuner: string[];
  }
}

const LOADED_TABLES = ["beslut", "utforda_timmar", "avbokningar", "omkostnader", "utforare", "avvisad_rad"];

function buildApp(): void {
  const remix = createRequire(import.meta.url).resolve("@remix-run/dev/dist/cli.js");
  // Vitest sets NODE_ENV=test; the production server needs a production build (jsx, not jsxDEV).
  const res = spawnSync(process.execPath, [remix, "build"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (res.status !== 0) throw new Error(`remix build misslyckades:\n${res.stdout}\n${res.stderr}`);
}

async function readFacts(dbPath: string): Promise<{ rowCounts: Record<string, number>; kommuner: string[] }> {
  const instance = await DuckDBInstance.create(dbPath);
  try {
    const conn = await instance.connect();
    const rowCounts: Record<string, number> = {};
    for (const t of LOADED_TABLES) {
      const r = await conn.runAndReadAll(`SELECT count(*) FROM ${t}`);
      rowCounts[t] = Number(r.getRows()[0][0]);
    }
    const k = await conn.runAndReadAll("SELECT DISTINCT kommun FROM beslut ORDER BY kommun");
    const kommuner = k.getRows().map((row) => String(row[0]));
    conn.closeSync();
    return { rowCounts, kommuner };
  } finally {
    instance.closeSync();
  }
}

export default async function setup(project: TestProject) {
  const workDir = mkdtempSync(join(tmpdir(), "ledsagning-browser-"));
  const dbPath = join(workDir, "test.duckdb");
  // A throwaway key, so the tests never create or read the real pseudonym key.
  const env = { LEDSAGNING_PSEUDONYM_KEY: process.env.LEDSAGNING_PSEUDONYM_KEY ?? "browser-test-key-not-secret" };
  const savedKey = process.env.LEDSAGNING_PSEUDONYM_KEY;
  process.env.LEDSAGNING_PSEUDONYM_KEY = env.LEDSAGNING_PSEUDONYM_KEY;

  let server: ServerHandle | undefined;
  const teardown = async () => {
    await server?.stop();
    if (savedKey === undefined) delete process.env.LEDSAGNING_PSEUDONYM_KEY;
    else process.env.LEDSAGNING_PSEUDONYM_KEY = savedKey;
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    buildApp();
    await generateAndLoad({
      dbPath,
      outDir: join(workDir, "generated"),
      seed: 7,
      years: 2,
      scale: 0.1,
      log: (line) => console.log(`[browser setup] ${line}`),
    });
    // Read while no server holds the file; the loader's handle is already closed.
    const facts = await readFacts(dbPath);
    server = startServer({ port: await freePort(), dbPath, env, stdio: "pipe" });
    await waitUntilReady(server);

    project.provide("baseUrl", server.url);
    project.provide("rowCounts", facts.rowCounts);
    project.provide("kommuner", facts.kommuner);
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
