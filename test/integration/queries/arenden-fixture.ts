/**
 * For the case-list tests: a small synthetic data set (2 years, scale 0.1) generated and
 * loaded by the real ETL and rules engine into a temporary file, opened as the app's
 * process-wide database (LEDSAGNING_DB), so that query functions and route loaders read
 * the same data, and sign-ins and audit rows land in it too.
 *
 *   const fx = useSyntheticDb();                 // at file level: beforeAll/afterAll
 *   fx.db                                         // Kysely over it
 *   await fx.session("enhetschef", { stadsdelar }) // a signed-in test user
 *   await call(route.loader, requestAs(url, s))    // what a loader returned or threw
 */
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { Kysely } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { ensureAuthSchema } from "../../../app/auth/schema.ts";
import type { Role, StadsdelRef } from "../../../app/auth/roles.ts";
import { closeDb, getDb, type Database } from "../../../app/db.server.ts";
import { openDatabase } from "../../../etl/db.ts";
import { deriveAll } from "../../../etl/engine/store.ts";
import { generate } from "../../../etl/generate/index.ts";
import { runLoad } from "../../../etl/load/index.ts";
import { signInAs, TEST_SESSION_SECRET, type TestSession } from "../../support/auth.ts";

export interface SyntheticDb {
  readonly db: Kysely<Database>;
  readonly instance: DuckDBInstance;
  readonly conn: DuckDBConnection;
  session(role: Role, opts?: { stadsdelar?: StadsdelRef[] }): Promise<TestSession>;
}

export function useSyntheticDb(prefix = "ledsagning-arenden-"): SyntheticDb {
  let dir = "";
  let db: Kysely<Database> | null = null;
  let instance: DuckDBInstance | null = null;
  let conn: DuckDBConnection | null = null;
  const saved = { key: process.env.LEDSAGNING_PSEUDONYM_KEY, db: process.env.LEDSAGNING_DB };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    process.env.LEDSAGNING_PSEUDONYM_KEY = "arenden-test-key-not-secret";
    process.env.LEDSAGNING_SESSION_SECRET ??= TEST_SESSION_SECRET;
    await generate({ outDir: join(dir, "files"), seed: 7, years: 2, scale: 0.1, dialect: "utf8" });
    const dbPath = join(dir, "test.duckdb");
    const loader = await openDatabase(dbPath);
    try {
      const summary = await runLoad({ paths: [join(dir, "files")], instance: loader, derive: (c) => deriveAll(c) });
      expect(summary.ok, summary.error).toBe(true);
    } finally {
      loader.closeSync();
    }
    // The app's handle: loaders (getKysely) and the auth modules (getDb) open this file.
    process.env.LEDSAGNING_DB = dbPath;
    const app = await getDb();
    db = app.kysely;
    instance = app.instance;
    conn = await app.instance.connect();
    await ensureAuthSchema(conn);
  });
  afterAll(async () => {
    conn?.closeSync();
    await closeDb();
    for (const [k, v] of [
      ["LEDSAGNING_PSEUDONYM_KEY", saved.key],
      ["LEDSAGNING_DB", saved.db],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const need = <T>(x: T | null): T => {
    if (x === null) throw new Error("useSyntheticDb: databasen finns bara inne i ett test.");
    return x;
  };
  return {
    get db() {
      return need(db);
    },
    get instance() {
      return need(instance);
    },
    get conn() {
      return need(conn);
    },
    session: (role, opts = {}) => signInAs(need(conn), role, opts),
  };
}

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

export interface Called {
  status: number;
  headers: Headers;
  /** Loader data, a thrown data() body, or a text response's text (BOM kept). */
  body: unknown;
}

/** Runs a loader as Remix would and returns what reached the client. */
export async function call(fn: unknown, request: Request, params: Record<string, string> = {}): Promise<Called> {
  let result: unknown;
  try {
    result = await (fn as Handler)({ request, params, context: {} });
  } catch (e) {
    result = e;
  }
  if (result instanceof Response) {
    const type = result.headers.get("Content-Type") ?? "";
    const text = type.startsWith("text/")
      ? new TextDecoder("utf-8", { ignoreBOM: true }).decode(await result.arrayBuffer())
      : null;
    return { status: result.status, headers: result.headers, body: text };
  }
  const d = result as { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } };
  if (d && d.type === "DataWithResponseInit")
    return { status: d.init?.status ?? 200, headers: new Headers(d.init?.headers), body: d.data };
  if (result instanceof Error) throw result;
  return { status: 200, headers: new Headers(), body: result };
}
