/**
 * `audit(request, user, event)`: the one way the app writes to the audit log.
 * Routes call it for every case view, case list, export and report, before
 * they return the data: if the row cannot be written, the call throws and the
 * data are not shown (no look without a trace).
 */
import type { AuditAction, AuditOutcome } from "./audit-actions.ts";
import { appendAudit, type AuditEntry } from "./audit-log.server.ts";
import { withAuthDb } from "./db.server.ts";
import { clientIp, userAgent } from "./request.server.ts";
import type { SessionUser } from "./roles.ts";

export interface AuditEvent {
  action: AuditAction;
  /** Default "ok". */
  outcome?: AuditOutcome;
  /** The case pseudonyms (arende_id) shown or exported. */
  pseudonyms?: readonly string[];
  /** The filters; default: the request's URL query (without Remix internals and secrets). */
  query?: string | Record<string, unknown>;
  /** Default: the request's path. */
  route?: string;
  /** A short Swedish note, e.g. which export or why access was refused. */
  detail?: string;
  /** The username tried at a failed sign-in, when there is no user. */
  username?: string;
}

// Nothing secret goes into the log, even if a form or link carries it.
const SECRET_KEY = /pass|lösen|losen|csrf|token|secret|hemlig/i;
const REMIX_INTERNAL = new Set(["_routes", "_data", "index"]);

function describeQuery(request: Request, query: AuditEvent["query"]): string | null {
  if (typeof query === "string") return query || null;
  const entries: [string, string][] = query
    ? Object.entries(query).flatMap(([k, v]) =>
        v === undefined || v === null ? [] : Array.isArray(v) ? v.map((x): [string, string] => [k, String(x)]) : [[k, String(v)]],
      )
    : [...new URL(request.url).searchParams.entries()];
  const kept = entries.filter(([k]) => !SECRET_KEY.test(k) && !REMIX_INTERNAL.has(k));
  return kept.length ? new URLSearchParams(kept).toString().slice(0, 10_000) : null;
}

export async function audit(request: Request, user: SessionUser | null, event: AuditEvent): Promise<void> {
  const entry: AuditEntry = {
    username: user?.username ?? event.username?.slice(0, 100) ?? null,
    role: user?.role ?? null,
    action: event.action,
    outcome: event.outcome ?? "ok",
    // Cut to what the log holds, as the query is: a hostile URL or form value must not turn
    // the audit row (and so the request) into an error.
    route: (event.route ?? new URL(request.url).pathname).slice(0, 2000),
    query: describeQuery(request, event.query),
    pseudonyms: [...(event.pseudonyms ?? [])],
    ip: clientIp(request),
    userAgent: userAgent(request),
    detail: event.detail?.slice(0, 2000) ?? null,
  };
  await withAuthDb((conn) => appendAudit(conn, entry));
}
