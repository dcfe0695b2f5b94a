/**
 * Demo mode: with the embedded synthetic data, one account per role lets a new
 * user try every view. The launcher calls `enableDemoMode` after seeding
 * synthetic data; the ETL calls `disableDemoMode` when real data are loaded, which
 * removes the accounts and their sessions — they must never reach real cases.
 * The sign-in page shows the passwords only while demo mode is on.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { appendAudit, systemAuditEntry } from "./audit-log.server.ts";
import type { ScryptParams } from "./password.server.ts";
import type { Role, StadsdelRef } from "./roles.ts";
import { queryRows } from "./sql.server.ts";
import { ensureAuthSchema } from "./schema.ts";
import { createUser, findUserByUsername } from "./users.server.ts";

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  stadsdelar: StadsdelRef[];
}

/** Public by design: these passwords are printed on the sign-in page in demo mode. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: "demo-forvaltning", password: "demo-forvaltning-lösen", role: "forvaltning", stadsdelar: [] },
  {
    username: "demo-enhetschef",
    password: "demo-enhetschef-lösen",
    role: "enhetschef",
    stadsdelar: [
      { kommun: "Stockholm", stadsdel: "Farsta" },
      { kommun: "Stockholm", stadsdel: "Södermalm" },
    ],
  },
  { username: "demo-analytiker", password: "demo-analytiker-lösen", role: "analytiker", stadsdelar: [] },
  { username: "demo-admin", password: "demo-admin-lösen", role: "admin", stadsdelar: [] },
];

const META_KEY = "demo_mode";

export async function isDemoMode(conn: DuckDBConnection): Promise<boolean> {
  const rows = await queryRows(conn, "SELECT value FROM auth_meta WHERE key = $1", [META_KEY]);
  return rows[0]?.value === "on";
}

async function setFlag(conn: DuckDBConnection, on: boolean): Promise<void> {
  await conn.run("INSERT OR REPLACE INTO auth_meta (key, value) VALUES ($1, $2)", [META_KEY, on ? "on" : "off"]);
}

/**
 * Creates the demo accounts that are missing and turns demo mode on. Idempotent.
 * Call it outside a transaction (creating an account opens its own).
 */
export async function enableDemoMode(conn: DuckDBConnection, scryptParams?: ScryptParams): Promise<void> {
  await ensureAuthSchema(conn);
  const created: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    if (await findUserByUsername(conn, account.username)) continue;
    await createUser(conn, { ...account, isDemo: true }, new Date(), scryptParams);
    created.push(account.username);
  }
  const wasOn = await isDemoMode(conn);
  await setFlag(conn, true);
  if (!wasOn || created.length > 0) {
    await appendAudit(conn, systemAuditEntry("admin.demolage", `Demoläge på${created.length ? `; skapade ${created.join(", ")}` : ""}`));
  }
}

/**
 * Removes every demo account and its sessions and turns demo mode off. Idempotent,
 * and safe inside the caller's transaction (it opens none), so the ETL can make it
 * part of the load that brings real data.
 */
export async function disableDemoMode(conn: DuckDBConnection): Promise<void> {
  await ensureAuthSchema(conn);
  const demo = await queryRows(conn, "SELECT user_id, username FROM auth_user WHERE is_demo");
  const ids = `[${demo.map((r) => Number(r.user_id)).join(",")}]`;
  await conn.run("DELETE FROM auth_session WHERE list_contains($1::INTEGER[], user_id)", [ids]);
  await conn.run("DELETE FROM auth_user_stadsdel WHERE list_contains($1::INTEGER[], user_id)", [ids]);
  await conn.run("DELETE FROM auth_user WHERE is_demo");
  const wasOn = await isDemoMode(conn);
  await setFlag(conn, false);
  if (wasOn || demo.length > 0) {
    await appendAudit(conn, systemAuditEntry("admin.demolage", `Demoläge av; tog bort ${demo.length} demokonton`));
  }
}
