/**
 * The admin page's user management: one zod schema per form intent, one
 * function that applies it, audits it, and answers in Swedish. The same
 * users.server.ts functions serve `npm run user`.
 */
import { z } from "zod";
import { audit } from "./audit.server.ts";
import { readAuthConfig } from "./config.server.ts";
import { withAuthDb } from "./db.server.ts";
import { AuthInputError, describeZodError } from "./errors.server.ts";
import { RoleSchema } from "./role-schemas.ts";
import { ROLE_LABEL, type Role, type SessionUser, type StadsdelRef } from "./roles.ts";
import { queryRows } from "./sql.server.ts";
import { countSessions, purgeExpiredSessions } from "./sessions.server.ts";
import {
  createUser,
  formatStadsdelRef,
  listUsers,
  parseStadsdelRef,
  removeUser,
  setPassword,
  setRole,
} from "./users.server.ts";

const text = (max: number) => z.string().max(max, `högst ${max} tecken`);

const AdminForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("skapa"), username: text(100), role: RoleSchema, password: text(200), stadsdel: z.array(text(210)).max(200), ovriga: text(5000) }),
  z.object({ intent: z.literal("ta-bort"), username: text(100) }),
  z.object({ intent: z.literal("losenord"), username: text(100), password: text(200) }),
  z.object({ intent: z.literal("roll"), username: text(100), role: RoleSchema, stadsdel: z.array(text(210)).max(200), ovriga: text(5000) }),
]);
type AdminForm = z.infer<typeof AdminForm>;

const LABELS = { intent: "åtgärd", username: "användarnamn", role: "roll", password: "lösenord", stadsdel: "stadsdelar", ovriga: "andra stadsdelar" };

export type AdminResult = { ok: true; message: string } | { ok: false; status: 400 | 403; message: string };

function formToObject(form: FormData): Record<string, unknown> {
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  return {
    intent: str("intent"),
    username: str("username"),
    role: str("role"),
    password: str("password"),
    stadsdel: form.getAll("stadsdel").filter((v): v is string => typeof v === "string"),
    ovriga: str("ovriga"),
  };
}

/** Checked boxes plus one "kommun/stadsdel" per line of the free field. */
function stadsdelarOf(f: { stadsdel: string[]; ovriga: string }): StadsdelRef[] {
  const lines = f.ovriga.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return [...f.stadsdel, ...lines].map(parseStadsdelRef);
}

async function apply(f: AdminForm, admin: SessionUser): Promise<{ message: string; detail: string }> {
  switch (f.intent) {
    case "skapa": {
      const u = await withAuthDb((conn) =>
        createUser(conn, { username: f.username, role: f.role, password: f.password, stadsdelar: stadsdelarOf(f) }),
      );
      const sd = u.stadsdelar.map(formatStadsdelRef).join(", ");
      return { message: `Användaren ${u.username} har skapats.`, detail: `${u.username} (${f.role}${sd ? `: ${sd}` : ""})` };
    }
    case "ta-bort": {
      if (f.username.trim().toLowerCase() === admin.username) throw new AuthInputError("Du kan inte ta bort ditt eget konto.");
      const u = await withAuthDb((conn) => removeUser(conn, f.username));
      return { message: `Användaren ${u.username} har tagits bort.`, detail: u.username };
    }
    case "losenord": {
      await withAuthDb((conn) => setPassword(conn, f.username, f.password));
      return { message: `Lösenordet för ${f.username} är bytt; kontots sessioner har avslutats.`, detail: f.username };
    }
    case "roll": {
      const u = await withAuthDb((conn) => setRole(conn, f.username, { role: f.role, stadsdelar: stadsdelarOf(f) }));
      const sd = u.stadsdelar.map(formatStadsdelRef).join(", ");
      return { message: `${u.username} är nu ${ROLE_LABEL[u.role].toLowerCase()}.`, detail: `${u.username} (${u.role}${sd ? `: ${sd}` : ""})` };
    }
  }
}

const ACTION_OF = {
  skapa: "admin.anvandare.skapa",
  "ta-bort": "admin.anvandare.ta-bort",
  losenord: "admin.anvandare.losenord",
  roll: "admin.anvandare.roll",
} as const;

/** Runs one admin form (CSRF already verified by the route). Every attempt is logged, refused ones too. */
export async function runAdminForm(request: Request, admin: SessionUser, form: FormData): Promise<AdminResult> {
  const parsed = AdminForm.safeParse(formToObject(form));
  if (!parsed.success) return { ok: false, status: 400, message: describeZodError(parsed.error, LABELS) };
  const f = parsed.data;
  try {
    const { message, detail } = await apply(f, admin);
    await audit(request, admin, { action: ACTION_OF[f.intent], query: "", detail });
    return { ok: true, message };
  } catch (err) {
    if (!(err instanceof AuthInputError)) throw err;
    await audit(request, admin, { action: ACTION_OF[f.intent], outcome: "misslyckad", query: "", detail: `${f.username}: ${err.message}` });
    return { ok: false, status: 400, message: err.message };
  }
}

export interface UserListItem {
  username: string;
  role: Role;
  stadsdelar: string[];
  isDemo: boolean;
  createdAt: string;
  passwordChangedAt: string;
  activeSessions: number;
}

export async function userList(): Promise<UserListItem[]> {
  const { idleMs, maxAgeMs } = readAuthConfig();
  return withAuthDb(async (conn) => {
    await purgeExpiredSessions(conn, { idleMs, maxAgeMs });
    const users = await listUsers(conn);
    const out: UserListItem[] = [];
    for (const u of users) {
      out.push({
        username: u.username,
        role: u.role,
        stadsdelar: u.stadsdelar.map(formatStadsdelRef),
        isDemo: u.isDemo,
        createdAt: u.createdAt.toISOString(),
        passwordChangedAt: u.passwordChangedAt.toISOString(),
        activeSessions: await countSessions(conn, u.userId),
      });
    }
    return out;
  });
}

/** The stadsdelar found in the loaded data, offered as checkboxes ("kommun/stadsdel"). */
export async function knownStadsdelar(): Promise<string[]> {
  return withAuthDb(async (conn) => {
    const rows = await queryRows(conn, "SELECT DISTINCT kommun, stadsdel FROM beslut ORDER BY kommun, stadsdel");
    return rows.map((r) => formatStadsdelRef({ kommun: String(r.kommun), stadsdel: String(r.stadsdel) }));
  });
}
