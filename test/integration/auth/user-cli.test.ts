/** `npm run user`: the CLI, spawned against a temporary database file (LEDSAGNING_DB). */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchAudit, verifyAuditChain } from "../../../app/auth/audit-log.server.ts";
import { verifyPassword } from "../../../app/auth/password.server.ts";
import { findUserByUsername, listUsers } from "../../../app/auth/users.server.ts";
import { PROJECT_ROOT } from "../../../etl/db.ts";
import { openAuthTestDb, TEST_SESSION_SECRET } from "../../support/auth.ts";

process.env.LEDSAGNING_SESSION_SECRET ??= TEST_SESSION_SECRET;

let dir: string;
let dbPath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ledsagning-cli-"));
  dbPath = join(dir, "test.duckdb");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], stdin?: string) {
  const r = spawnSync(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), [join(PROJECT_ROOT, "app", "cli", "user.ts"), ...args], {
    cwd: PROJECT_ROOT,
    input: stdin ?? "",
    encoding: "utf8",
    env: { ...process.env, LEDSAGNING_DB: dbPath, LEDSAGNING_SESSION_SECRET: process.env.LEDSAGNING_SESSION_SECRET },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openAuthTestDb>>) => Promise<T>): Promise<T> {
  const db = await openAuthTestDb(dbPath);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

describe("npm run user", () => {
  it("add skapar den första administratören med lösenord från stdin (sista radbrytningen hör inte till lösenordet)", async () => {
    const r = cli(["add", "--username", "Forsta.Admin", "--role", "admin", "--password-stdin"], "ett långt lösenord\n");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Skapade forsta\.admin \(Administratör\)/);
    await withDb(async (db) => {
      const u = await findUserByUsername(db.conn, "forsta.admin");
      expect(u?.role).toBe("admin");
      expect(await verifyPassword("ett långt lösenord", u!.passwordHash)).toBe(true);
    });
  });

  it("add enhetschef med stadsdelar; list visar alla", async () => {
    const r = cli(
      ["add", "--username", "chef.farsta", "--role", "enhetschef", "--stadsdel", "Stockholm/Farsta", "--stadsdel", "Stockholm/Södermalm", "--password-stdin"],
      "chefens-lösenord",
    );
    expect(r.code).toBe(0);
    const list = cli(["list", "--json"]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toEqual([
      { username: "chef.farsta", role: "enhetschef", stadsdelar: ["Stockholm/Farsta", "Stockholm/Södermalm"], demo: false },
      { username: "forsta.admin", role: "admin", stadsdelar: [], demo: false },
    ]);
  });

  it("passwd byter lösenordet", async () => {
    expect(cli(["passwd", "--username", "chef.farsta", "--password-stdin"], "nytt-lösenord-99\r\n").code).toBe(0);
    await withDb(async (db) => {
      const u = await findUserByUsername(db.conn, "chef.farsta");
      expect(await verifyPassword("nytt-lösenord-99", u!.passwordHash)).toBe(true);
      expect(await verifyPassword("chefens-lösenord", u!.passwordHash)).toBe(false);
    });
  });

  it("fel ger svenska meddelanden och slutkod 1, och ändrar inget", async () => {
    // Validation itself is tested in users-demo.test.ts; here: that the CLI reports it.
    const cases: [string[], string, RegExp][] = [
      [["add", "--username", "x2", "--role", "chef", "--password-stdin"], "ett-bra-lösenord", /Okänd roll "chef"/],
      [["add", "--username", "forsta.admin", "--role", "admin", "--password-stdin"], "ett-bra-lösenord", /finns redan/],
      [["remove", "--username", "finns-inte"], "", /finns inte/],
      [["remove", "--username", "forsta.admin"], "", /sista administratören/],
      [["add", "--role", "admin", "--password-stdin"], "ett-bra-lösenord", /--username/],
      [["radera-allt"], "", /Okänt kommando/],
    ];
    for (const [args, stdin, message] of cases) {
      const r = cli(args, stdin);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err, args.join(" ")).toMatch(message);
    }
    await withDb(async (db) => expect((await listUsers(db.conn)).map((u) => u.username)).toEqual(["chef.farsta", "forsta.admin"]));
  });

  it("utan terminal och utan --password-stdin frågar den inte, utan förklarar", () => {
    const r = cli(["add", "--username", "x6", "--role", "admin"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--password-stdin/);
  });

  it("demo on/off och remove", async () => {
    expect(cli(["demo", "on"]).code).toBe(0);
    expect(JSON.parse(cli(["list", "--json"]).out).filter((u: { demo: boolean }) => u.demo)).toHaveLength(4);
    expect(cli(["demo", "off"]).code).toBe(0);
    expect(cli(["remove", "chef.farsta"]).code).toBe(0);
    expect(JSON.parse(cli(["list", "--json"]).out).map((u: { username: string }) => u.username)).toEqual(["forsta.admin"]);
  });

  it("varje ändring står i granskningsloggen med OS-användaren, och kedjan är hel", async () => {
    await withDb(async (db) => {
      const rows = await searchAudit(db.conn, {}, { limit: 100 });
      const actions = rows.map((r) => r.action).reverse();
      expect(actions).toEqual([
        "admin.anvandare.skapa",
        "admin.anvandare.skapa",
        "admin.anvandare.losenord",
        "admin.demolage",
        "admin.demolage",
        "admin.anvandare.ta-bort",
      ]);
      expect(rows.filter((r) => r.action !== "admin.demolage").every((r) => r.username?.startsWith("cli:"))).toBe(true);
      expect((await verifyAuditChain(db.conn)).problem).toBeNull();
      expect(JSON.stringify(rows)).not.toMatch(/lösenord-99|ett långt lösenord/);
    });
  });
});
