import { describe, expect, it } from "vitest";

import { searchAudit } from "../../../app/auth/audit-log.server.ts";
import { DEMO_ACCOUNTS, disableDemoMode, enableDemoMode, isDemoMode } from "../../../app/auth/demo.server.ts";
import { verifyPassword } from "../../../app/auth/password.server.ts";
import { createSession, countSessions } from "../../../app/auth/sessions.server.ts";
import { createUser, findUserByUsername, listUsers, parseStadsdelRef, removeUser, setRole } from "../../../app/auth/users.server.ts";
import { createTestUser, FAST_SCRYPT, useAuthTestDb } from "../../support/auth.ts";

const db = useAuthTestDb();

const make = (username: string, role: string, stadsdelar: { kommun: string; stadsdel: string }[] = []) =>
  createUser(db.conn, { username, role: role as "admin", password: "ett-bra-lösenord", stadsdelar }, new Date(), FAST_SCRYPT);

describe("konton", () => {
  it("skapar, listar och tar bort; användarnamn i gemener", async () => {
    await make("Anna.Andersson", "enhetschef", [{ kommun: "Stockholm", stadsdel: "Farsta" }]);
    await make("admin1", "admin");
    expect((await listUsers(db.conn)).map((u) => [u.username, u.role, u.stadsdelar.length])).toEqual([
      ["admin1", "admin", 0],
      ["anna.andersson", "enhetschef", 1],
    ]);
    await removeUser(db.conn, "ANNA.ANDERSSON");
    expect(await findUserByUsername(db.conn, "anna.andersson")).toBeNull();
  });

  it("vägrar ogiltiga uppgifter med svenska meddelanden", async () => {
    await expect(make("x", "admin")).rejects.toThrow(/användarnamn/);
    await expect(make("anna; DROP TABLE auth_user", "admin")).rejects.toThrow(/användarnamn/);
    await expect(make("anna", "superuser")).rejects.toThrow(/roll/);
    await expect(make("anna", "enhetschef")).rejects.toThrow(/minst en stadsdel/);
    await expect(make("anna", "analytiker", [{ kommun: "Stockholm", stadsdel: "Farsta" }])).rejects.toThrow(/Bara en enhetschef/);
    await expect(createUser(db.conn, { username: "anna", role: "admin", password: "kort" }, new Date(), FAST_SCRYPT)).rejects.toThrow(/minst 10 tecken/);
    await make("anna", "admin");
    await expect(make("ANNA", "forvaltning")).rejects.toThrow(/finns redan/);
    expect(() => parseStadsdelRef("Farsta")).toThrow(/kommun\/stadsdel/);
    expect(parseStadsdelRef("Stockholm/Enskede-Årsta-Vantör")).toEqual({ kommun: "Stockholm", stadsdel: "Enskede-Årsta-Vantör" });
  });

  it("namn som börjar med demo- är reserverade för demokonton", async () => {
    await expect(make("demo-admin", "admin")).rejects.toThrow(/reserverade/);
  });

  it("den sista riktiga administratören kan varken tas bort eller få en annan roll", async () => {
    await make("chef", "admin");
    await expect(removeUser(db.conn, "chef")).rejects.toThrow(/sista administratören/);
    await expect(setRole(db.conn, "chef", { role: "forvaltning", stadsdelar: [] })).rejects.toThrow(/sista administratören/);
    await make("chef2", "admin");
    await removeUser(db.conn, "chef");
    expect((await listUsers(db.conn)).map((u) => u.username)).toEqual(["chef2"]);
  });

  it("byter roll och stadsdelar (dubbletter räknas en gång)", async () => {
    await make("bo", "forvaltning");
    const farsta = { kommun: "Stockholm", stadsdel: "Farsta" };
    const u = await setRole(db.conn, "bo", { role: "enhetschef", stadsdelar: [farsta, farsta, { kommun: "Stockholm", stadsdel: "Bromma" }] });
    expect(u.role).toBe("enhetschef");
    expect(u.stadsdelar).toEqual([{ kommun: "Stockholm", stadsdel: "Bromma" }, farsta]);
    const back = await setRole(db.conn, "bo", { role: "analytiker", stadsdelar: [] });
    expect(back.stadsdelar).toEqual([]);
  });
});

describe("demoläge", () => {
  it("på: ett konto per roll, märkta som demo, med lösenorden från inloggningssidan", async () => {
    expect(await isDemoMode(db.conn)).toBe(false);
    await enableDemoMode(db.conn, FAST_SCRYPT);
    expect(await isDemoMode(db.conn)).toBe(true);
    const users = await listUsers(db.conn);
    expect(users.map((u) => [u.username, u.role, u.isDemo]).sort()).toEqual([
      ["demo-admin", "admin", true],
      ["demo-analytiker", "analytiker", true],
      ["demo-enhetschef", "enhetschef", true],
      ["demo-forvaltning", "forvaltning", true],
    ]);
    const chef = users.find((u) => u.role === "enhetschef")!;
    expect(chef.stadsdelar).toEqual([
      { kommun: "Stockholm", stadsdel: "Farsta" },
      { kommun: "Stockholm", stadsdel: "Södermalm" },
    ]);
    for (const a of DEMO_ACCOUNTS) {
      const u = users.find((x) => x.username === a.username)!;
      expect(await verifyPassword(a.password, u.passwordHash)).toBe(true);
    }
  });

  it("på igen ändrar inget (idempotent)", async () => {
    await enableDemoMode(db.conn, FAST_SCRYPT);
    const before = (await listUsers(db.conn)).map((u) => u.passwordHash);
    await enableDemoMode(db.conn, FAST_SCRYPT);
    expect((await listUsers(db.conn)).map((u) => u.passwordHash)).toEqual(before);
    expect(await searchAudit(db.conn, { handling: "admin.demolage" }, { limit: 10 })).toHaveLength(1);
  });

  it("av: demokontona och deras sessioner försvinner, riktiga konton finns kvar", async () => {
    await enableDemoMode(db.conn, FAST_SCRYPT);
    const real = await createTestUser(db.conn, "admin");
    await createSession(db.conn, real.userId, { ip: null, userAgent: null });
    const demo = (await findUserByUsername(db.conn, "demo-forvaltning"))!;
    await createSession(db.conn, demo.userId, { ip: null, userAgent: null });

    await disableDemoMode(db.conn);
    expect(await isDemoMode(db.conn)).toBe(false);
    expect((await listUsers(db.conn)).map((u) => u.username)).toEqual([real.username]);
    expect(await countSessions(db.conn, demo.userId)).toBe(0);
    expect(await countSessions(db.conn, real.userId)).toBe(1);
    const log = await searchAudit(db.conn, { handling: "admin.demolage" }, { limit: 10 });
    expect(log.map((r) => r.detail)).toEqual(["Demoläge av; tog bort 4 demokonton", expect.stringMatching(/^Demoläge på; skapade demo-/)]);
  });

  it("av går att köra inne i anroparens transaktion (ETL:ens inläsning)", async () => {
    await enableDemoMode(db.conn, FAST_SCRYPT);
    await db.conn.run("BEGIN TRANSACTION");
    await disableDemoMode(db.conn);
    await db.conn.run("ROLLBACK");
    expect(await isDemoMode(db.conn)).toBe(true); // rolled back with the load
    expect(await listUsers(db.conn)).toHaveLength(4);
  });
});
