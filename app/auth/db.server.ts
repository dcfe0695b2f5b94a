/**
 * The auth modules' connection to the app's DuckDB (app/db.server.ts owns the
 * instance). One connection, used by one caller at a time: sign-in, the audit
 * chain and the throttle read-then-write, and a transaction on a shared
 * connection must not have another request's statements land inside it.
 * The auth work per request is a few point lookups, so the queue is short.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { getDb, getKysely } from "../db.server.ts";
import { ensureAuthSchema } from "./schema.ts";

interface AuthDbState {
  conn: Promise<DuckDBConnection> | null;
  tail: Promise<unknown>;
}

// On globalThis, like app/db.server.ts, so `remix dev` rebuilds reuse the connection.
const key = Symbol.for("ledsagning.authdb");
function state(): AuthDbState {
  const g = globalThis as typeof globalThis & { [key]?: AuthDbState };
  g[key] ??= { conn: null, tail: Promise.resolve() };
  return g[key];
}

async function connect(): Promise<DuckDBConnection> {
  // getKysely first: it turns a database locked by `npm run etl` into a Swedish 503.
  await getKysely();
  const conn = await (await getDb()).instance.connect();
  await ensureAuthSchema(conn);
  return conn;
}

/** Runs `fn` with the auth connection, after every earlier caller has finished. */
export function withAuthDb<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const s = state();
  const run = s.tail.then(async () => {
    if (!s.conn) {
      s.conn = connect();
      s.conn.catch(() => (s.conn = null));
    }
    return fn(await s.conn);
  });
  s.tail = run.catch(() => undefined);
  return run;
}

/**
 * Points the auth modules at a connection of the caller's (tests that call
 * loaders directly, with their own in-memory database). Pass null to go back.
 */
export function useAuthConnection(conn: DuckDBConnection | null): void {
  state().conn = conn ? Promise.resolve(conn) : null;
}
