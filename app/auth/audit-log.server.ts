/**
 * The audit log table: append, search, verify. Append-only by construction:
 * this module (and the app) has no UPDATE or DELETE of `audit_log`, and a test
 * scans the source tree to keep it so. DuckDB has no triggers or grants to
 * forbid it at the database level, so each row also carries an HMAC over its
 * content and the previous row's HMAC: an edit, or a row removed in the middle,
 * breaks the chain and `verifyAuditChain` names the first row where it breaks.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditAction, type AuditOutcome } from "./audit-actions.ts";
import { RoleSchema } from "./role-schemas.ts";
import { derivedKey } from "./secret.server.ts";
import { queryRows, ts, type Params } from "./sql.server.ts";
import { stockholmDayEnd, stockholmDayStart } from "./time.ts";

/** Case pseudonyms are hex ids; anything else in that list is a caller's mistake. */
export const Pseudonym = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "ogiltig pseudonym");

export const AuditEntry = z.object({
  username: z.string().max(100).nullable(),
  role: RoleSchema.nullable(),
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(AUDIT_OUTCOMES),
  route: z.string().max(2000).nullable(),
  query: z.string().max(10_000).nullable(),
  pseudonyms: z.array(Pseudonym),
  ip: z.string().max(64).nullable(),
  userAgent: z.string().max(500).nullable(),
  detail: z.string().max(2000).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export interface AuditRow extends AuditEntry {
  id: number;
  /** ISO instant (UTC). */
  tidpunkt: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * DuckDB stores a lone UTF-16 surrogate (from a hostile value) as U+FFFD; hashing
 * the text as it will be read back keeps such a row from breaking the chain check.
 */
function wellFormed(e: AuditEntry): AuditEntry {
  const fix = (v: string | null) => (v === null ? null : v.replace(LONE_SURROGATE, "\uFFFD"));
  return {
    ...e,
    username: fix(e.username),
    route: fix(e.route),
    query: fix(e.query),
    ip: fix(e.ip),
    userAgent: fix(e.userAgent),
    detail: fix(e.detail),
  };
}

/** An entry written outside any request (CLI, launcher, ETL): no client, no route. */
export function systemAuditEntry(
  action: AuditAction,
  detail: string,
  who: { username: string | null; role: AuditEntry["role"] } = { username: null, role: null },
): AuditEntry {
  return { ...who, action, outcome: "ok", route: null, query: null, pseudonyms: [], ip: null, userAgent: null, detail };
}

const GENESIS = "";

function chainKey(): { key: Buffer; keyId: string } {
  const key = derivedKey("audit-chain");
  return { key, keyId: createHash("sha256").update(key).digest("hex").slice(0, 12) };
}

function rowHash(key: Buffer, prevHash: string, tidpunkt: string, e: AuditEntry, keyId: string): string {
  const canonical = JSON.stringify([
    prevHash, tidpunkt, e.username, e.role, e.action, e.outcome, e.route, e.query,
    e.pseudonyms, e.ip, e.userAgent, e.detail, keyId,
  ]);
  return createHmac("sha256", key).update(canonical).digest("hex");
}

/**
 * Appends one row. The caller must hold the auth connection alone (db.server.ts),
 * since reading the last hash and inserting the next must not interleave.
 */
export async function appendAudit(conn: DuckDBConnection, input: AuditEntry, now: Date = new Date()): Promise<void> {
  const e = wellFormed(AuditEntry.parse(input));
  const { key, keyId } = chainKey();
  const last = await queryRows(conn, "SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1");
  const prevHash = last[0] ? String(last[0].row_hash) : GENESIS;
  const tidpunkt = now.toISOString();
  await conn.run(
    `INSERT INTO audit_log (tidpunkt, username, role, action, outcome, route, query, pseudonyms,
                            ip, user_agent, detail, key_id, prev_hash, row_hash)
     VALUES (CAST($1 AS TIMESTAMP), $2, $3, $4, $5, $6, $7,
             CASE WHEN $8 = '' THEN []::VARCHAR[] ELSE string_split($8, ',') END,
             $9, $10, $11, $12, $13, $14)`,
    [
      tidpunkt, e.username, e.role, e.action, e.outcome, e.route, e.query, e.pseudonyms.join(","),
      e.ip, e.userAgent, e.detail, keyId, prevHash, rowHash(key, prevHash, tidpunkt, e, keyId),
    ],
  );
}

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "ange datum som ÅÅÅÅ-MM-DD").refine(
  (s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s),
  "datumet finns inte",
);

/** The admin page's search form; empty fields mean "any". */
export const AuditFilterFields = z.object({
  anvandare: z.string().trim().max(100).optional(),
  handling: z.enum(AUDIT_ACTIONS).optional(),
  utfall: z.enum(AUDIT_OUTCOMES).optional(),
  fran: isoDate.optional(),
  till: isoDate.optional(),
  pseudonym: z.string().trim().max(100).optional(),
});

/** A date range the right way round (for schemas that extend AuditFilterFields too). */
export function dateRangeInOrder(f: { fran?: string; till?: string }): boolean {
  return !f.fran || !f.till || f.fran <= f.till;
}
export const DATE_RANGE_ISSUE = { path: ["till"], message: "till-datumet är före från-datumet" };

export const AuditFilter = AuditFilterFields.refine(dateRangeInOrder, DATE_RANGE_ISSUE);
export type AuditFilter = z.infer<typeof AuditFilter>;

function whereClause(f: AuditFilter): { sql: string; params: Params } {
  const conds: string[] = [];
  const params: Params = [];
  const add = (cond: string, value: string) => {
    params.push(value);
    conds.push(cond.replaceAll("?", `$${params.length}`));
  };
  if (f.anvandare) add("lower(username) = lower(?)", f.anvandare);
  if (f.handling) add("action = ?", f.handling);
  if (f.utfall) add("outcome = ?", f.utfall);
  if (f.fran) add("tidpunkt >= CAST(? AS TIMESTAMP)", ts(stockholmDayStart(f.fran)));
  if (f.till) add("tidpunkt < CAST(? AS TIMESTAMP)", ts(stockholmDayEnd(f.till)));
  if (f.pseudonym) add("list_contains(pseudonyms, ?)", f.pseudonym);
  return { sql: conds.length ? `WHERE ${conds.join(" AND ")}` : "", params };
}

function toAuditRow(r: Record<string, unknown>): AuditRow {
  const s = (v: unknown) => (v == null ? null : String(v));
  return {
    id: Number(r.id),
    tidpunkt: (r.tidpunkt as Date).toISOString(),
    username: s(r.username),
    role: r.role == null ? null : RoleSchema.parse(r.role),
    action: r.action as AuditAction,
    outcome: r.outcome as AuditOutcome,
    route: s(r.route),
    query: s(r.query),
    pseudonyms: (r.pseudonyms as string[] | null) ?? [],
    ip: s(r.ip),
    userAgent: s(r.user_agent),
    detail: s(r.detail),
  };
}

const ROW_COLUMNS = "id, tidpunkt, username, role, action, outcome, route, query, pseudonyms, ip, user_agent, detail";

/** Newest first. `beforeId` pages through without OFFSET's cost (and stays stable while rows arrive). */
export async function searchAudit(
  conn: DuckDBConnection,
  filter: AuditFilter,
  page: { limit: number; beforeId?: number },
): Promise<AuditRow[]> {
  const w = whereClause(filter);
  const params = [...w.params];
  let sql = `SELECT ${ROW_COLUMNS} FROM audit_log ${w.sql}`;
  if (page.beforeId !== undefined) {
    params.push(page.beforeId);
    sql += `${w.sql ? " AND" : " WHERE"} id < $${params.length}`;
  }
  params.push(page.limit);
  sql += ` ORDER BY id DESC LIMIT $${params.length}`;
  return (await queryRows(conn, sql, params)).map(toAuditRow);
}

export async function countAudit(conn: DuckDBConnection, filter: AuditFilter): Promise<number> {
  const w = whereClause(filter);
  const rows = await queryRows(conn, `SELECT count(*) AS n FROM audit_log ${w.sql}`, w.params);
  return Number(rows[0].n);
}

// ---------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------

export interface ChainReport {
  rows: number;
  /** Rows written under another session secret (before a change of secret): linkage checked, content not. */
  otherKeyRows: number;
  problem: { id: number; reason: string } | null;
}

const VERIFY_BATCH = 5000;

export async function verifyAuditChain(conn: DuckDBConnection): Promise<ChainReport> {
  const { key, keyId } = chainKey();
  let prev = GENESIS;
  let lastId = 0;
  let rows = 0;
  let otherKeyRows = 0;
  for (;;) {
    const batch = await queryRows(
      conn,
      `SELECT ${ROW_COLUMNS}, key_id, prev_hash, row_hash FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
      [lastId, VERIFY_BATCH],
    );
    for (const r of batch) {
      const row = toAuditRow(r);
      if (String(r.prev_hash) !== prev) {
        return { rows, otherKeyRows, problem: { id: row.id, reason: "Kedjan är bruten: en rad före denna saknas eller har ändrats." } };
      }
      if (String(r.key_id) === keyId) {
        const expected = Buffer.from(rowHash(key, prev, row.tidpunkt, row, keyId), "hex");
        const actual = Buffer.from(String(r.row_hash), "hex");
        if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
          return { rows, otherKeyRows, problem: { id: row.id, reason: "Radens innehåll har ändrats efter att den skrevs." } };
        }
      } else {
        otherKeyRows++;
      }
      prev = String(r.row_hash);
      lastId = row.id;
      rows++;
    }
    if (batch.length < VERIFY_BATCH) return { rows, otherKeyRows, problem: null };
  }
}
