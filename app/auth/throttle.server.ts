/**
 * Slowing down password guessing. Failed sign-ins are counted per username and
 * per client IP; past a free number of failures the key is locked for a time
 * that doubles with each further failure, up to a ceiling. While locked, a
 * sign-in is refused without looking at the password, so guessing gains nothing.
 *
 * Per IP the number is higher: a kommun's office often shares one address.
 * Failures count for unknown usernames too, so the response does not reveal
 * which usernames exist.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { queryRows, ts } from "./sql.server.ts";

export type ThrottleScope = "username" | "ip";

export interface ThrottlePolicy {
  /** Failures in a row that are let through; the one that reaches this number starts a lock. */
  failuresBeforeLock: number;
  /** The first lock's length; it doubles with each further failure. */
  baseLockMs: number;
  maxLockMs: number;
  /** A failure older than this no longer counts (the count starts over). */
  forgetAfterMs: number;
}

export const THROTTLE_POLICY: Record<ThrottleScope, ThrottlePolicy> = {
  username: { failuresBeforeLock: 5, baseLockMs: 30_000, maxLockMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 },
  ip: { failuresBeforeLock: 30, baseLockMs: 30_000, maxLockMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 },
};

export interface ThrottleKey {
  scope: ThrottleScope;
  key: string;
}

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
}

/** Lock length after `failures` failures in a row (0 below the policy's number). */
export function lockMsAfter(failures: number, policy: ThrottlePolicy): number {
  const over = failures - policy.failuresBeforeLock;
  if (over < 0) return 0;
  return Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** Math.min(over, 30));
}

export async function readThrottle(conn: DuckDBConnection, k: ThrottleKey, now: Date = new Date()): Promise<ThrottleState> {
  const rows = await queryRows(
    conn,
    "SELECT failures, last_failure_at, locked_until FROM auth_login_attempts WHERE scope = $1 AND key = $2",
    [k.scope, k.key],
  );
  const row = rows[0];
  if (!row) return { failures: 0, lockedUntil: null };
  const policy = THROTTLE_POLICY[k.scope];
  if (now.getTime() - (row.last_failure_at as Date).getTime() > policy.forgetAfterMs) return { failures: 0, lockedUntil: null };
  const lockedUntil = row.locked_until as Date | null;
  return { failures: Number(row.failures), lockedUntil: lockedUntil && lockedUntil > now ? lockedUntil : null };
}

/** The latest time until which any of the keys is locked, or null if none is. */
export async function lockedUntil(conn: DuckDBConnection, keys: ThrottleKey[], now: Date = new Date()): Promise<Date | null> {
  let until: Date | null = null;
  for (const k of keys) {
    const state = await readThrottle(conn, k, now);
    if (state.lockedUntil && (!until || state.lockedUntil > until)) until = state.lockedUntil;
  }
  return until;
}

export async function recordFailure(conn: DuckDBConnection, k: ThrottleKey, now: Date = new Date()): Promise<ThrottleState> {
  const failures = (await readThrottle(conn, k, now)).failures + 1;
  const lockMs = lockMsAfter(failures, THROTTLE_POLICY[k.scope]);
  const until = lockMs > 0 ? new Date(now.getTime() + lockMs) : null;
  await conn.run(
    `INSERT OR REPLACE INTO auth_login_attempts (scope, key, failures, last_failure_at, locked_until)
     VALUES ($1, $2, $3, CAST($4 AS TIMESTAMP), CAST($5 AS TIMESTAMP))`,
    [k.scope, k.key, failures, ts(now), until ? ts(until) : null],
  );
  return { failures, lockedUntil: until };
}

/**
 * An attempt is counted as a failure before its password is checked (so that
 * many attempts sent at once cannot all pass the lock check); a correct password
 * then takes it back. For the username the count starts over; for the IP only
 * this attempt is taken back, so that one valid account does not let a guesser
 * reset the address's count at will.
 */
export async function forgiveAttempt(conn: DuckDBConnection, k: ThrottleKey, now: Date = new Date()): Promise<void> {
  const state = await readThrottle(conn, k, now);
  const failures = k.scope === "username" ? 0 : Math.max(0, state.failures - 1);
  if (failures === 0) {
    await conn.run("DELETE FROM auth_login_attempts WHERE scope = $1 AND key = $2", [k.scope, k.key]);
    return;
  }
  const keepLock = lockMsAfter(failures, THROTTLE_POLICY[k.scope]) > 0;
  await conn.run(
    `UPDATE auth_login_attempts SET failures = $1, locked_until = CASE WHEN $2 THEN locked_until ELSE NULL END
     WHERE scope = $3 AND key = $4`,
    [failures, keepLock, k.scope, k.key],
  );
}

/** The keys a sign-in attempt counts against; an unknown client IP is not lumped with others. */
export function throttleKeys(username: string, ip: string | null): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ scope: "username", key: username.trim().toLowerCase().slice(0, 100) }];
  if (ip) keys.push({ scope: "ip", key: ip });
  return keys;
}
