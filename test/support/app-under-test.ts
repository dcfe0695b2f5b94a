/**
 * The whole app, in this test process, the way the production server runs it:
 * the production build of the Remix app (test/support/build-app.mjs, written to a
 * directory of its own under node_modules/.cache), Remix's request handler on it,
 * and a temporary DuckDB file filled by the real ETL and rules engine (synthetic
 * data, 2 years, scale 0.1). A request goes through routing, the root and route
 * loaders, actions, resource routes, headers, the ErrorBoundary and React's
 * server rendering, exactly as app/cli/http-server.ts serves it (without express
 * and the socket: the client-address header it sets is set here).
 *
 * The build opens the database through app/db.server.ts, whose handle lives on
 * globalThis, so this file's `conn` is a connection to the same instance: sessions
 * created here are the server's sessions, audit rows written by the server are
 * read here.
 *
 *   const app = useAppUnderTest();                      // beforeAll / afterAll
 *   const s = await app.session("enhetschef");          // signed-in test user
 *   const r = await app.fetch("/arenden", { as: s });   // a Response
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { CLIENT_IP_HEADER } from "../../app/auth/request.server.ts";
import type { Role, StadsdelRef } from "../../app/auth/roles.ts";
import { ensureAuthSchema } from "../../app/auth/schema.ts";
import { closeDb, getDb } from "../../app/db.server.ts";
import { closePdfBrowser } from "../../app/lib/pdf.server.ts";
import { PROJECT_ROOT } from "../../etl/db.ts";
import { loadSynthetic, type RapportFixture } from "../integration/rapport-fixture.ts";
import { signInAs, TEST_SESSION_SECRET, type TestSession } from "./auth.ts";

export const BASE = "http://localhost";

export interface FetchOptions {
  as?: TestSession | null;
  method?: string;
  /** Form fields (sent as multipart form data, as a browser's <form> would). */
  form?: Record<string, string | string[]>;
  /** A body sent as it is, as application/x-www-form-urlencoded (e.g. with invalid escapes). */
  urlencoded?: string;
  headers?: Record<string, string>;
}

export interface AppUnderTest {
  /** A connection to the server's own database instance. */
  readonly conn: DuckDBConnection;
  readonly dbPath: string;
  session(role: Role, opts?: { stadsdelar?: StadsdelRef[] }): Promise<TestSession>;
  /** Sends `path` (path and query, already encoded as wanted) through the Remix handler. */
  fetch(path: string, opts?: FetchOptions): Promise<Response>;
  /** One query's rows as JSON-safe objects. */
  rows<T = Record<string, unknown>>(query: string): Promise<T[]>;
}

/** Builds the app into a fresh directory inside the project and returns the server build's path. */
export function buildApp(): { dir: string; serverBuild: string } {
  const dir = join(PROJECT_ROOT, "node_modules", ".cache", "ledsagning-test-build", `${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(dir, { recursive: true });
  const res = spawnSync(process.execPath, [join(PROJECT_ROOT, "test", "support", "build-app.mjs"), dir], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (res.status !== 0) throw new Error(`Bygget misslyckades:\n${res.stdout}\n${res.stderr}`);
  return { dir, serverBuild: join(dir, "index.js") };
}

/** For a vitest file: build, data, handler once for the file (beforeAll), all removed afterwards. */
export function useAppUnderTest(prefix = "ledsagning-app-"): AppUnderTest {
  let fx: RapportFixture | null = null;
  let buildDir = "";
  let conn: DuckDBConnection | null = null;
  let handler: ((request: Request) => Promise<Response>) | null = null;
  const saved = { db: process.env.LEDSAGNING_DB };

  beforeAll(async () => {
    const built = buildApp();
    buildDir = built.dir;
    fx = await loadSynthetic({ years: 2, scale: 0.1, prefix });
    fx.instance.closeSync();
    process.env.LEDSAGNING_DB = fx.dbPath;
    process.env.LEDSAGNING_SESSION_SECRET ??= TEST_SESSION_SECRET;
    conn = await (await getDb()).instance.connect();
    await ensureAuthSchema(conn);
    const build = (await import(pathToFileURL(built.serverBuild).href)) as ServerBuild;
    const handle = createRequestHandler(build, "production");
    handler = (request) => handle(request);
  }, 300_000);

  afterAll(async () => {
    await closePdfBrowser();
    conn?.closeSync();
    await closeDb();
    if (saved.db === undefined) delete process.env.LEDSAGNING_DB;
    else process.env.LEDSAGNING_DB = saved.db;
    fx?.cleanup();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  const need = <T>(x: T | null, what: string): T => {
    if (x === null) throw new Error(`useAppUnderTest: ${what} finns bara inne i ett test.`);
    return x;
  };

  return {
    get conn() {
      return need(conn, "databasen");
    },
    get dbPath() {
      return need(fx, "databasen").dbPath;
    },
    session(role, opts = {}) {
      return signInAs(need(conn, "databasen"), role, opts);
    },
    async fetch(path, opts = {}) {
      const headers = new Headers(opts.headers);
      // What app/cli/http-server.ts sets from the socket.
      if (!headers.has(CLIENT_IP_HEADER)) headers.set(CLIENT_IP_HEADER, "127.0.0.1");
      if (opts.as) headers.set("Cookie", [opts.as.cookie, headers.get("Cookie")].filter(Boolean).join("; "));
      let body: FormData | string | undefined;
      if (opts.urlencoded !== undefined) {
        body = opts.urlencoded;
        headers.set("Content-Type", "application/x-www-form-urlencoded");
      } else if (opts.form) {
        body = new FormData();
        for (const [k, v] of Object.entries(opts.form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      }
      const method = opts.method ?? (body ? "POST" : "GET");
      return need(handler, "servern")(new Request(`${BASE}${path}`, { method, headers, body }));
    },
    async rows<T>(query: string) {
      const r = await need(conn, "databasen").runAndReadAll(query);
      return r.getRowObjectsJson() as T[];
    },
  };
}

/** The body as text, a BOM kept (Response.text() would drop it). */
export async function bodyText(res: Response): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
}
