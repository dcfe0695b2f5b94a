/**
 * Server-side sessions. The cookie holds a random token; the database holds only
 * its SHA-256, so a copy of the database file does not let anyone sign in. A
 * session ends on sign-out, after `idleMs` without a request, after `maxAgeMs`
 * in all, and when the account's password changes or the account is removed.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { createHash, randomBytes } from "node:crypto";
import type { SessionUser } from "./roles.ts";
import { queryRows, ts } from "./sql.server.ts";
import { findUserById, toSessionUser } from "./users.server.ts";

export interface SessionLimits {
  idleMs: number;
  maxAgeMs: number;
}

export interface ActiveSession {
  tokenHash: string;
  csrfToken: string;
  user: SessionUser;
}

/** Writes to last_seen_at at most this often: one write per request would be wasted work. */
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export async function createSession(
  conn: DuckDBConnection,
  userId: number,
  client: { ip: string | null; userAgent: string | null },
  now: Date = new Date(),
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  await conn.run(
    `INSERT INTO auth_session (token_hash, user_id, csrf_token, created_at, last_seen_at, ip, user_agent)
     VALUES ($1, $2, $3, CAST($4 AS TIMESTAMP), CAST($4 AS TIMESTAMP), $5, $6)`,
    [hashToken(token), userId, csrfToken, ts(now), client.ip, client.userAgent?.slice(0, 500) ?? null],
  );
  return { token, csrfToken };
}

/**
 * The live session for a cookie token, or null. An expired session is deleted
 * on the spot, so that it cannot come back if the clock or the limits change.
 */
export async function readSession(
  conn: DuckDBConnection,
  token: string,
  limits: SessionLimits,
  now: Date = new Date(),
): Promise<ActiveSession | null> {
  const tokenHash = hashToken(token);
  const rows = await queryRows(
    conn,
    "SELECT user_id, csrf_token, created_at, last_seen_at FROM auth_session WHERE token_hash = $1",
    [tokenHash],
  );
  const row = rows[0];
  if (!row) return null;
  const created = (row.created_at as Date).getTime();
  const lastSeen = (row.last_seen_at as Date).getTime();
  const t = now.getTime();
  if (t - lastSeen > limits.idleMs || t - created > limits.maxAgeMs) {
    await conn.run("DELETE FROM auth_session WHERE token_hash = $1", [tokenHash]);
    return null;
  }
  const user = await findUserById(conn, Number(row.user_id));
  if (!user) {
    await conn.run("DELETE FROM auth_session WHERE token_hash = $1", [tokenHash]);
    return null;
  }
  if (t - lastSeen >= TOUCH_INTERVAL_MS) {
    await conn.run("UPDATE auth_session SET last_seen_at = CAST($1 AS TIMESTAMP) WHERE token_hash = $2", [
      ts(now),
      tokenHash,
    ]);
  }
  return { tokenHash, csrfToken: String(row.csrf_token), user: toSessionUser(user) };
}

export async function destroySession(conn: DuckDBConnection, token: string): Promise<void> {
  await conn.run("DELETE FROM auth_session WHERE token_hash = $1", [hashToken(token)]);
}

export async function destroyUserSessions(conn: DuckDBConnection, userId: number): Promise<void> {
  await conn.run("DELETE FROM auth_session WHERE user_id = $1", [userId]);
}

/** Removes sessions that have expired (housekeeping; expiry itself is checked on every read). */
export async function purgeExpiredSessions(
  conn: DuckDBConnection,
  limits: SessionLimits,
  now: Date = new Date(),
): Promise<void> {
  await conn.run(
    `DELETE FROM auth_session
     WHERE last_seen_at < CAST($1 AS TIMESTAMP) OR created_at < CAST($2 AS TIMESTAMP)`,
    [ts(new Date(now.getTime() - limits.idleMs)), ts(new Date(now.getTime() - limits.maxAgeMs))],
  );
}

export async function countSessions(conn: DuckDBConnection, userId: number): Promise<number> {
  const rows = await queryRows(conn, "SELECT count(*) AS n FROM auth_session WHERE user_id = $1", [userId]);
  return Number(rows[0].n);
}
