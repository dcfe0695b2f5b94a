/**
 * Accounts: create, remove, list, change password, role and stadsdelar. Used by the
 * admin page and `npm run user`. Input is validated here (zod), so both front ends
 * get the same rules and the same Swedish messages.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { z } from "zod";
import { AuthInputError, describeZodError } from "./errors.server.ts";
import { hashPassword, type ScryptParams } from "./password.server.ts";
import { RoleSchema, StadsdelRefSchema } from "./role-schemas.ts";
import type { Role, SessionUser, StadsdelRef } from "./roles.ts";
import { inTransaction, queryRows, ts } from "./sql.server.ts";

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, "2–64 tecken: a–z, 0–9, punkt, bindestreck eller understreck.");

/** Usernames with this prefix belong to demo mode (demo.server.ts); real accounts cannot take them. */
export const DEMO_PREFIX = "demo-";

// Case access follows the stadsdelar only for enhetschef; for other roles they would mislead.
function stadsdelarFitRole(u: { role: Role; stadsdelar: StadsdelRef[] }, ctx: z.RefinementCtx): void {
  if (u.role === "enhetschef" && u.stadsdelar.length === 0)
    ctx.addIssue({ code: "custom", path: ["stadsdelar"], message: "En enhetschef måste ha minst en stadsdel." });
  if (u.role !== "enhetschef" && u.stadsdelar.length > 0)
    ctx.addIssue({ code: "custom", path: ["stadsdelar"], message: "Bara en enhetschef har stadsdelar." });
}

export const NewUser = z
  .object({
    username: Username,
    role: RoleSchema,
    password: z.string(),
    stadsdelar: z.array(StadsdelRefSchema).max(200).default([]),
    isDemo: z.boolean().default(false),
  })
  .superRefine(stadsdelarFitRole)
  .refine((u) => u.isDemo === u.username.startsWith(DEMO_PREFIX), {
    path: ["username"],
    message: `Namn som börjar med "${DEMO_PREFIX}" är reserverade för demokonton.`,
  });
export type NewUser = z.input<typeof NewUser>;

const LABELS = { username: "användarnamn", role: "roll", password: "lösenord", stadsdelar: "stadsdelar" };

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new AuthInputError(describeZodError(r.error, LABELS));
  return r.data;
}

export interface UserRecord extends SessionUser {
  passwordHash: string;
  createdAt: Date;
  passwordChangedAt: Date;
}

/** "Stockholm/Farsta" ↔ {kommun, stadsdel}: the form the CLI and admin form accept. */
export function parseStadsdelRef(text: string): StadsdelRef {
  const slash = text.indexOf("/");
  if (slash < 0) throw new AuthInputError(`Ange stadsdel som kommun/stadsdel, t.ex. Stockholm/Farsta (fick "${text}").`);
  return parse(StadsdelRefSchema, { kommun: text.slice(0, slash), stadsdel: text.slice(slash + 1) });
}

export function formatStadsdelRef(s: StadsdelRef): string {
  return `${s.kommun}/${s.stadsdel}`;
}

async function stadsdelarOf(conn: DuckDBConnection, userIds: number[]): Promise<Map<number, StadsdelRef[]>> {
  const out = new Map<number, StadsdelRef[]>();
  if (userIds.length === 0) return out;
  const rows = await queryRows(
    conn,
    `SELECT user_id, kommun, stadsdel FROM auth_user_stadsdel
     WHERE list_contains($1::INTEGER[], user_id) ORDER BY kommun, stadsdel`,
    [`[${userIds.join(",")}]`],
  );
  for (const r of rows) {
    const id = Number(r.user_id);
    out.set(id, [...(out.get(id) ?? []), { kommun: String(r.kommun), stadsdel: String(r.stadsdel) }]);
  }
  return out;
}

function toRecord(r: Record<string, unknown>, stadsdelar: StadsdelRef[]): UserRecord {
  return {
    userId: Number(r.user_id),
    username: String(r.username),
    role: RoleSchema.parse(r.role),
    stadsdelar,
    isDemo: Boolean(r.is_demo),
    passwordHash: String(r.password_hash),
    createdAt: r.created_at as Date,
    passwordChangedAt: r.password_changed_at as Date,
  };
}

const USER_COLUMNS = "user_id, username, role, password_hash, is_demo, created_at, password_changed_at";

async function selectUsers(conn: DuckDBConnection, where: string, params: string[] | number[]): Promise<UserRecord[]> {
  const rows = await queryRows(conn, `SELECT ${USER_COLUMNS} FROM auth_user ${where} ORDER BY username`, params);
  const sd = await stadsdelarOf(conn, rows.map((r) => Number(r.user_id)));
  return rows.map((r) => toRecord(r, sd.get(Number(r.user_id)) ?? []));
}

export async function findUserByUsername(conn: DuckDBConnection, username: string): Promise<UserRecord | null> {
  const name = Username.safeParse(username);
  if (!name.success) return null;
  return (await selectUsers(conn, "WHERE username = $1", [name.data]))[0] ?? null;
}

export async function findUserById(conn: DuckDBConnection, userId: number): Promise<UserRecord | null> {
  return (await selectUsers(conn, "WHERE user_id = $1", [userId]))[0] ?? null;
}

export async function listUsers(conn: DuckDBConnection): Promise<UserRecord[]> {
  return selectUsers(conn, "", []);
}

/** Strips what must not leave the server (the hash) from a record. */
export function toSessionUser(u: UserRecord): SessionUser {
  return { userId: u.userId, username: u.username, role: u.role, stadsdelar: u.stadsdelar, isDemo: u.isDemo };
}

async function writeStadsdelar(conn: DuckDBConnection, userId: number, stadsdelar: StadsdelRef[]): Promise<void> {
  await conn.run("DELETE FROM auth_user_stadsdel WHERE user_id = $1", [userId]);
  const unique = new Map(stadsdelar.map((s) => [formatStadsdelRef(s), s]));
  for (const s of unique.values()) {
    await conn.run("INSERT INTO auth_user_stadsdel (user_id, kommun, stadsdel) VALUES ($1, $2, $3)", [
      userId,
      s.kommun,
      s.stadsdel,
    ]);
  }
}

export async function createUser(
  conn: DuckDBConnection,
  input: NewUser,
  now: Date = new Date(),
  scryptParams?: ScryptParams,
): Promise<UserRecord> {
  const u = parse(NewUser, input);
  if (await findUserByUsername(conn, u.username)) throw new AuthInputError(`Användarnamnet ${u.username} finns redan.`);
  const hash = await hashPassword(u.password, scryptParams);
  await inTransaction(conn, async () => {
    const rows = await queryRows(
      conn,
      `INSERT INTO auth_user (username, role, password_hash, is_demo, created_at, password_changed_at)
       VALUES ($1, $2, $3, $4, CAST($5 AS TIMESTAMP), CAST($5 AS TIMESTAMP)) RETURNING user_id`,
      [u.username, u.role, hash, u.isDemo, ts(now)],
    );
    await writeStadsdelar(conn, Number(rows[0].user_id), u.stadsdelar);
  });
  const created = await findUserByUsername(conn, u.username);
  if (!created) throw new Error("Användaren skapades inte.");
  return created;
}

async function requireExisting(conn: DuckDBConnection, username: string): Promise<UserRecord> {
  const user = await findUserByUsername(conn, username);
  if (!user) throw new AuthInputError(`Användaren ${username} finns inte.`);
  return user;
}

/** Someone must remain able to manage accounts: the last (non-demo) admin cannot be removed or demoted. */
async function assertNotLastAdmin(conn: DuckDBConnection, user: UserRecord): Promise<void> {
  if (user.role !== "admin" || user.isDemo) return;
  const rows = await queryRows(conn, "SELECT count(*) AS n FROM auth_user WHERE role = 'admin' AND NOT is_demo");
  if (Number(rows[0].n) <= 1) throw new AuthInputError("Det går inte att ta bort eller ändra den sista administratören.");
}

/** Removes the account and ends its sessions. Its audit rows stay (they name the username). */
export async function removeUser(conn: DuckDBConnection, username: string): Promise<UserRecord> {
  const user = await requireExisting(conn, username);
  await assertNotLastAdmin(conn, user);
  await inTransaction(conn, async () => {
    await conn.run("DELETE FROM auth_session WHERE user_id = $1", [user.userId]);
    await conn.run("DELETE FROM auth_user_stadsdel WHERE user_id = $1", [user.userId]);
    await conn.run("DELETE FROM auth_user WHERE user_id = $1", [user.userId]);
  });
  return user;
}

/** Sets a new password and ends every session of the account (a changed password is a reason to). */
export async function setPassword(
  conn: DuckDBConnection,
  username: string,
  password: string,
  now: Date = new Date(),
  scryptParams?: ScryptParams,
): Promise<void> {
  const user = await requireExisting(conn, username);
  const hash = await hashPassword(password, scryptParams);
  await inTransaction(conn, async () => {
    await conn.run(
      "UPDATE auth_user SET password_hash = $1, password_changed_at = CAST($2 AS TIMESTAMP) WHERE user_id = $3",
      [hash, ts(now), user.userId],
    );
    await conn.run("DELETE FROM auth_session WHERE user_id = $1", [user.userId]);
  });
}

/** Replaces a stored hash after sign-in (parameters raised); the password itself is unchanged. */
export async function replacePasswordHash(conn: DuckDBConnection, userId: number, hash: string): Promise<void> {
  await conn.run("UPDATE auth_user SET password_hash = $1 WHERE user_id = $2", [hash, userId]);
}

const RoleChange = z
  .object({ role: RoleSchema, stadsdelar: z.array(StadsdelRefSchema).max(200) })
  .superRefine(stadsdelarFitRole);

/** Changes role and stadsdelar. Rights are read per request, so the change applies at once. */
export async function setRole(
  conn: DuckDBConnection,
  username: string,
  change: { role: string; stadsdelar: StadsdelRef[] },
): Promise<UserRecord> {
  const c = parse(RoleChange, change);
  const user = await requireExisting(conn, username);
  if (c.role !== "admin") await assertNotLastAdmin(conn, user);
  await inTransaction(conn, async () => {
    await conn.run("UPDATE auth_user SET role = $1 WHERE user_id = $2", [c.role, user.userId]);
    await writeStadsdelar(conn, user.userId, c.stadsdelar);
  });
  return (await findUserByUsername(conn, user.username)) as UserRecord;
}
