/**
 * Test helpers for anything behind sign-in: make a user of a role in a DuckDB
 * and get a session cookie the app accepts, without going through the form.
 *
 *   process.env.LEDSAGNING_SESSION_SECRET ??= TEST_SESSION_SECRET; // before the first cookie
 *   const db = await openAuthTestDb();                 // or your own connection + ensureAuthSchema
 *   const s = await signInAs(db.conn, "enhetschef", { stadsdelar: [{ kommun: "Stockholm", stadsdel: "Farsta" }] });
 *   fetch(url, { headers: { Cookie: s.cookie } });     // or requestAs(url, s) for a loader
 *   form.set("_csrf", s.csrfToken);                    // for actions
 *
 * The cookie is signed with the process's session secret: a server under test
 * must use the same one (the same LEDSAGNING_SESSION_SECRET, or the same
 * data/secrets/session.key). DuckDB lets one process write a file, so create
 * sessions before a server process opens it, or in the server's own process.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterEach, beforeEach } from "vitest";
import { sessionCookieHeader } from "../../app/auth/cookie.server.ts";
import { CSRF_FIELD } from "../../app/auth/csrf-field.ts";
import { useAuthConnection } from "../../app/auth/db.server.ts";
import type { ScryptParams } from "../../app/auth/password.server.ts";
import type { Role, SessionUser, StadsdelRef } from "../../app/auth/roles.ts";
import { ensureAuthSchema } from "../../app/auth/schema.ts";
import { createSession } from "../../app/auth/sessions.server.ts";
import { createUser, toSessionUser } from "../../app/auth/users.server.ts";
import { ensureSchema } from "../../etl/db.ts";

/** A fixed secret for tests (never used outside them). */
export const TEST_SESSION_SECRET = "test-secret-for-ledsagning-tests-only-0123456789";

/** Cheap scrypt for test accounts: the cost parameter is stored with the hash, so verification stays correct. */
export const FAST_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

export const TEST_PASSWORD = "testlösenord-123";

/** Default stadsdelar of a test enhetschef (the demo enhetschef's). */
export const DEFAULT_STADSDELAR: StadsdelRef[] = [
  { kommun: "Stockholm", stadsdel: "Farsta" },
  { kommun: "Stockholm", stadsdel: "Södermalm" },
];

export interface AuthTestDb {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

/** An in-memory DuckDB with the auth tables (add the data tables with etl/db.ts ensureSchema if needed). */
export async function openAuthTestDb(path = ":memory:"): Promise<AuthTestDb> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  await ensureAuthSchema(conn);
  return {
    instance,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * For a vitest file: a fresh in-memory database per test, which the request-level
 * auth functions (requireUser, audit, signIn, the routes' loaders) use instead
 * of the app's file. `dataTables` adds the loaded-data tables (etl/schema.ts).
 *
 *   const db = useAuthTestDb();
 *   it("…", async () => { await signInAs(db.conn, "admin"); … });
 */
export function useAuthTestDb(options: { dataTables?: boolean } = {}): { readonly conn: DuckDBConnection } {
  let db: AuthTestDb | null = null;
  beforeEach(async () => {
    // Read lazily by the cookie and audit modules, so setting it here is early enough.
    process.env.LEDSAGNING_SESSION_SECRET ??= TEST_SESSION_SECRET;
    db = await openAuthTestDb();
    if (options.dataTables) await ensureSchema(db.conn);
    useAuthConnection(db.conn);
  });
  afterEach(() => {
    useAuthConnection(null);
    db?.close();
    db = null;
  });
  return {
    get conn() {
      if (!db) throw new Error("useAuthTestDb: databasen finns bara inne i ett test.");
      return db.conn;
    },
  };
}

let counter = 0;

export async function createTestUser(
  conn: DuckDBConnection,
  role: Role,
  options: { username?: string; password?: string; stadsdelar?: StadsdelRef[] } = {},
): Promise<SessionUser & { password: string }> {
  const password = options.password ?? TEST_PASSWORD;
  const username = options.username ?? `test-${role}-${++counter}-${process.pid}`;
  const stadsdelar = options.stadsdelar ?? (role === "enhetschef" ? DEFAULT_STADSDELAR : []);
  const user = await createUser(conn, { username, role, password, stadsdelar }, new Date(), FAST_SCRYPT);
  return { ...toSessionUser(user), password };
}

export interface TestSession {
  user: SessionUser & { password: string };
  /** For a Cookie request header: `ledsagning_session=…`. */
  cookie: string;
  /** The session's CSRF token, for the `_csrf` field of a form. */
  csrfToken: string;
}

/** Creates a user of `role` and a live session for it. */
export async function signInAs(
  conn: DuckDBConnection,
  role: Role,
  options: { username?: string; password?: string; stadsdelar?: StadsdelRef[]; url?: string } = {},
): Promise<TestSession> {
  const user = await createTestUser(conn, role, options);
  const { token, csrfToken } = await createSession(conn, user.userId, { ip: "127.0.0.1", userAgent: "vitest" });
  const setCookie = await sessionCookieHeader(new Request(options.url ?? "http://localhost/"), token);
  return { user, cookie: setCookie.split(";")[0], csrfToken };
}

/** A Request carrying the session's cookie (for calling loaders and actions directly). */
export function requestAs(url: string, session: TestSession | null, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (session) headers.set("Cookie", session.cookie);
  return new Request(url, { ...init, headers });
}

/** A POST with form fields and the session's CSRF token (unless `_csrf` is given). */
export function formPostAs(url: string, session: TestSession | null, fields: Record<string, string | string[]>): Request {
  const body = new FormData();
  if (session && !(CSRF_FIELD in fields)) body.set(CSRF_FIELD, session.csrfToken);
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return requestAs(url, session, { method: "POST", body });
}
