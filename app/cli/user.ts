/**
 * `npm run user -- <command>`: manage accounts from the shell (the first admin
 * is created this way). Runs while the server is stopped: DuckDB lets one
 * process write the file.
 *
 *   add     --username NAME --role ROLE [--stadsdel KOMMUN/STADSDEL …] [--password-stdin]
 *   remove  --username NAME
 *   passwd  --username NAME [--password-stdin]
 *   role    --username NAME --role ROLE [--stadsdel KOMMUN/STADSDEL …]
 *   list    [--json]
 *   demo    on|off
 *
 * Without --password-stdin the password is asked for twice at the terminal,
 * without echo. Every change is written to the audit log, naming the OS user.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { defaultDbPath, openDatabase } from "../../etl/db.ts";
import type { AuditAction } from "../auth/audit-actions.ts";
import { appendAudit, systemAuditEntry } from "../auth/audit-log.server.ts";
import { disableDemoMode, enableDemoMode } from "../auth/demo.server.ts";
import { AuthInputError } from "../auth/errors.server.ts";
import { Password } from "../auth/password.server.ts";
import { RoleSchema } from "../auth/role-schemas.ts";
import { ROLE_LABEL, ROLES, type Role } from "../auth/roles.ts";
import { ensureAuthSchema } from "../auth/schema.ts";
import {
  createUser,
  formatStadsdelRef,
  listUsers,
  parseStadsdelRef,
  removeUser,
  setPassword,
  setRole,
} from "../auth/users.server.ts";

const USAGE = `Användning: npm run user -- <kommando> [flaggor]

  add     --username NAMN --role ROLL [--stadsdel KOMMUN/STADSDEL …] [--password-stdin]
  remove  --username NAMN
  passwd  --username NAMN [--password-stdin]
  role    --username NAMN --role ROLL [--stadsdel KOMMUN/STADSDEL …]
  list    [--json]
  demo    on|off

Roller: ${ROLES.join(", ")} (enhetschef kräver minst en --stadsdel).
Lösenordet frågas efter två gånger om --password-stdin inte anges.
Databas: LEDSAGNING_DB, annars data/ledsagning.duckdb.`;

const Args = z.object({
  command: z.enum(["add", "remove", "passwd", "role", "list", "demo"], { error: "okänt kommando" }),
  rest: z.array(z.string()),
  username: z.string().optional(),
  role: z.string().optional(),
  stadsdel: z.array(z.string()).default([]),
  passwordStdin: z.boolean().default(false),
  json: z.boolean().default(false),
});
type Args = z.infer<typeof Args>;

function parseCli(argv: string[]): Args {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: "string" },
      role: { type: "string" },
      stadsdel: { type: "string", multiple: true },
      "password-stdin": { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length === 0) throw new UsageError("");
  const parsed = Args.safeParse({
    command: positionals[0],
    rest: positionals.slice(1),
    username: values.username,
    role: values.role,
    stadsdel: values.stadsdel,
    passwordStdin: values["password-stdin"],
    json: values.json,
  });
  if (!parsed.success) throw new UsageError(`Okänt kommando: ${positionals[0]}`);
  return parsed.data;
}

class UsageError extends Error {}

function need<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === "") throw new UsageError(`Flaggan ${flag} behövs.`);
  return value;
}

function parseRole(value: string | undefined): Role {
  const r = RoleSchema.safeParse(need(value, "--role"));
  if (!r.success) throw new AuthInputError(`Okänd roll "${value}". Roller: ${ROLES.join(", ")}.`);
  return r.data;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // Only the final line break is the terminator; anything else belongs to the password.
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new UsageError("Ingen terminal att fråga efter lösenordet i: använd --password-stdin.");
  process.stdout.write(question);
  return new Promise((resolve, reject) => {
    let value = "";
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener("data", onData);
      process.stdout.write("\n");
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chars: string) => {
      for (const ch of chars) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(new UsageError("Avbrutet."));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function readNewPassword(args: Args): Promise<string> {
  if (args.passwordStdin) return readStdin();
  const first = await promptHidden("Lösenord: ");
  const checked = Password.safeParse(first);
  if (!checked.success) throw new AuthInputError(checked.error.issues[0]?.message ?? "Ogiltigt lösenord.");
  const second = await promptHidden("Upprepa lösenordet: ");
  if (first !== second) throw new AuthInputError("Lösenorden är inte lika.");
  return first;
}

async function run(conn: DuckDBConnection, args: Args): Promise<string> {
  const who = { username: `cli:${userInfo().username}`, role: null };
  const log = (action: AuditAction, detail: string) => appendAudit(conn, systemAuditEntry(action, detail, who));
  const username = () => need(args.username ?? args.rest[0], "--username");
  switch (args.command) {
    case "add": {
      const name = username();
      const role = parseRole(args.role);
      const stadsdelar = args.stadsdel.map(parseStadsdelRef);
      const password = await readNewPassword(args);
      const u = await createUser(conn, { username: name, role, password, stadsdelar });
      const sd = u.stadsdelar.map(formatStadsdelRef).join(", ");
      await log("admin.anvandare.skapa", `${u.username} (${u.role}${sd ? `: ${sd}` : ""})`);
      return `Skapade ${u.username} (${ROLE_LABEL[u.role]}${sd ? `; ${sd}` : ""}).`;
    }
    case "remove": {
      const u = await removeUser(conn, username());
      await log("admin.anvandare.ta-bort", u.username);
      return `Tog bort ${u.username}.`;
    }
    case "passwd": {
      const name = username();
      const password = await readNewPassword(args);
      await setPassword(conn, name, password);
      await log("admin.anvandare.losenord", name);
      return `Bytte lösenord för ${name}; kontots sessioner är avslutade.`;
    }
    case "role": {
      const u = await setRole(conn, username(), { role: parseRole(args.role), stadsdelar: args.stadsdel.map(parseStadsdelRef) });
      const sd = u.stadsdelar.map(formatStadsdelRef).join(", ");
      await log("admin.anvandare.roll", `${u.username} (${u.role}${sd ? `: ${sd}` : ""})`);
      return `${u.username} är nu ${ROLE_LABEL[u.role].toLowerCase()}${sd ? ` (${sd})` : ""}.`;
    }
    case "list": {
      const users = await listUsers(conn);
      if (args.json) {
        return JSON.stringify(
          users.map((u) => ({ username: u.username, role: u.role, stadsdelar: u.stadsdelar.map(formatStadsdelRef), demo: u.isDemo })),
          null,
          2,
        );
      }
      if (users.length === 0) return "Inga användare. Skapa den första administratören med: npm run user -- add --username NAMN --role admin";
      return users
        .map((u) => `${u.username}\t${u.role}${u.isDemo ? "\tdemo" : ""}${u.stadsdelar.length ? `\t${u.stadsdelar.map(formatStadsdelRef).join(", ")}` : ""}`)
        .join("\n");
    }
    case "demo": {
      const mode = args.rest[0];
      if (mode === "on") {
        await enableDemoMode(conn);
        return "Demoläget är på: demokonton finns för varje roll.";
      }
      if (mode === "off") {
        await disableDemoMode(conn);
        return "Demoläget är av: demokontona och deras sessioner är borttagna.";
      }
      throw new UsageError("Ange demo on eller demo off.");
    }
  }
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseCli(process.argv.slice(2));
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    console.error(msg ? `${msg}\n\n${USAGE}` : USAGE);
    return msg ? 1 : 0;
  }
  const path = defaultDbPath();
  let instance;
  try {
    instance = await openDatabase(path);
  } catch (err) {
    if (err instanceof Error && /lock/i.test(err.message)) {
      console.error(`Databasen ${path} används av en annan process (till exempel den startade tjänsten). Stoppa den och försök igen.`);
      return 2;
    }
    throw err;
  }
  const conn = await instance.connect();
  try {
    await ensureAuthSchema(conn);
    console.log(await run(conn, args));
    return 0;
  } catch (err) {
    if (err instanceof AuthInputError || err instanceof UsageError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

process.exitCode = await main();
