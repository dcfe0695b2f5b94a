/**
 * The audit log: what a row holds, search, the hash chain that exposes edits
 * and gaps made outside the app, and the append-only rule (no code path of the
 * app updates or deletes it).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

import * as auditLog from "../../../app/auth/audit-log.server.ts";
import * as auditModule from "../../../app/auth/audit.server.ts";
import { appendAudit, countAudit, searchAudit, systemAuditEntry, verifyAuditChain, type AuditEntry } from "../../../app/auth/audit-log.server.ts";
import { audit } from "../../../app/auth/audit.server.ts";
import { PROJECT_ROOT } from "../../../etl/db.ts";
import { requestAs, signInAs, useAuthTestDb } from "../../support/auth.ts";

const db = useAuthTestDb();

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  ...systemAuditEntry("arende.visa", "test"),
  username: "anna",
  role: "enhetschef",
  ...over,
});

describe("audit(request, user, event)", () => {
  it("skriver vem, när, vad (sida, filter, pseudonymer) och varifrån", async () => {
    const s = await signInAs(db.conn, "enhetschef");
    const req = requestAs("http://localhost/arenden?stadsdel=Farsta&period=2026-T1&_routes=root", s, {
      headers: { "X-Ledsagning-Client-Ip": "10.1.2.3", "User-Agent": "Testbläsare/1.0" },
    });
    const before = Date.now();
    await audit(req, s.user, { action: "arende.lista", pseudonyms: ["aaaa000011112222", "bbbb000011112222"] });
    const [row] = await searchAudit(db.conn, {}, { limit: 1 });
    expect(row).toMatchObject({
      username: s.user.username,
      role: "enhetschef",
      action: "arende.lista",
      outcome: "ok",
      route: "/arenden",
      query: "stadsdel=Farsta&period=2026-T1",
      pseudonyms: ["aaaa000011112222", "bbbb000011112222"],
      ip: "10.1.2.3",
      userAgent: "Testbläsare/1.0",
    });
    expect(Date.parse(row.tidpunkt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("lösenord, tokens och Remix interna parametrar hamnar aldrig i loggen", async () => {
    const req = new Request("http://localhost/x?losenord=hemligt1&_csrf=tok&token=t&stadsdel=Farsta&index");
    await audit(req, null, { action: "behorighet.nekad", outcome: "nekad" });
    await audit(req, null, { action: "export.arenden", query: { password: "hemligt2", kommun: "Stockholm", stadsdel: ["A", "B"] } });
    const rows = await searchAudit(db.conn, {}, { limit: 10 });
    expect(rows.map((r) => r.query)).toEqual(["kommun=Stockholm&stadsdel=A&stadsdel=B", "stadsdel=Farsta"]);
    expect(JSON.stringify(rows)).not.toMatch(/hemligt|tok\b/);
  });

  it("vägrar pseudonymer med mellanslag eller kommatecken (de skulle förvanska listan)", async () => {
    await expect(audit(new Request("http://localhost/"), null, { action: "arende.visa", pseudonyms: ["a,b"] })).rejects.toThrow();
    await expect(audit(new Request("http://localhost/"), null, { action: "arende.visa", pseudonyms: ["a b"] })).rejects.toThrow();
    expect(await countAudit(db.conn, {})).toBe(0);
  });
});

describe("sökning", () => {
  it("på användare, handling, utfall, datum (svensk tid) och pseudonym", async () => {
    await appendAudit(db.conn, entry({ username: "anna", pseudonyms: ["p1"] }), new Date("2026-03-01T23:30:00Z")); // 2 March 00:30 in Sweden, still 1 March in UTC
    await appendAudit(db.conn, entry({ username: "bertil", action: "export.arenden", pseudonyms: ["p1", "p2"] }), new Date("2026-03-02T10:00:00Z"));
    await appendAudit(db.conn, entry({ username: "anna", action: "inloggning", outcome: "misslyckad" }), new Date("2026-03-03T00:30:00Z"));
    const ids = async (f: Parameters<typeof searchAudit>[1]) => (await searchAudit(db.conn, f, { limit: 10 })).map((r) => r.username + ":" + r.action);
    expect(await ids({ anvandare: "ANNA" })).toEqual(["anna:inloggning", "anna:arende.visa"]);
    expect(await ids({ handling: "export.arenden" })).toEqual(["bertil:export.arenden"]);
    expect(await ids({ utfall: "misslyckad" })).toEqual(["anna:inloggning"]);
    expect(await ids({ pseudonym: "p1" })).toEqual(["bertil:export.arenden", "anna:arende.visa"]);
    expect(await ids({ pseudonym: "p" })).toEqual([]); // whole pseudonyms only
    expect(await ids({ fran: "2026-03-02", till: "2026-03-02" })).toEqual(["bertil:export.arenden", "anna:arende.visa"]);
    expect(await ids({ fran: "2026-03-03" })).toEqual(["anna:inloggning"]);
    expect(await countAudit(db.conn, { anvandare: "anna" })).toBe(2);
  });

  it("bläddrar bakåt med ett id som markör", async () => {
    for (let i = 0; i < 5; i++) await appendAudit(db.conn, entry({ detail: `rad ${i}` }));
    const first = await searchAudit(db.conn, {}, { limit: 2 });
    const next = await searchAudit(db.conn, {}, { limit: 2, beforeId: first[1].id });
    expect([...first, ...next].map((r) => r.detail)).toEqual(["rad 4", "rad 3", "rad 2", "rad 1"]);
  });

  it("ogiltiga sökvärden ger svenska fel", () => {
    const r = auditLog.AuditFilter.safeParse({ fran: "2026-02-30" });
    expect(r.success).toBe(false);
    expect(auditLog.AuditFilter.safeParse({ fran: "2026-03-05", till: "2026-03-01" }).error?.issues[0].message).toMatch(/före/);
    expect(auditLog.AuditFilter.safeParse({ handling: "DROP TABLE" }).success).toBe(false);
  });
});

describe("kedjan", () => {
  async function threeRows() {
    for (const d of ["ett", "två", "tre"]) await appendAudit(db.conn, entry({ detail: d }));
    return (await searchAudit(db.conn, {}, { limit: 3 })).map((r) => r.id).reverse();
  }

  it("är hel när ingen har rört tabellen", async () => {
    await threeRows();
    expect(await verifyAuditChain(db.conn)).toEqual({ rows: 3, otherKeyRows: 0, problem: null });
  });

  it("förblir hel med fientliga värden (NUL, ensamt surrogattecken, SQL)", async () => {
    await audit(new Request("http://localhost/x?q=%00%27%3B%20DROP%20TABLE%20audit_log%3B--"), null, {
      action: "behorighet.nekad",
      outcome: "nekad",
      username: "a\u0000b",
      detail: "trasig \uD800 text",
    });
    const [row] = await searchAudit(db.conn, {}, { limit: 1 });
    expect(row.query).toBe("q=%00%27%3B+DROP+TABLE+audit_log%3B--");
    expect(row.detail).toBe("trasig \uFFFD text");
    expect((await verifyAuditChain(db.conn)).problem).toBeNull();
  });

  it("upptäcker en rad som ändrats direkt i databasfilen", async () => {
    const [, id2] = await threeRows();
    await db.conn.run("UPDATE audit_log SET username = 'någon annan' WHERE id = $1", [id2]); // outside the app
    expect((await verifyAuditChain(db.conn)).problem).toMatchObject({ id: id2, reason: expect.stringMatching(/ändrats/) });
  });

  it("upptäcker en rad som tagits bort mitt i", async () => {
    const [, id2, id3] = await threeRows();
    await db.conn.run("DELETE FROM audit_log WHERE id = $1", [id2]); // outside the app
    expect((await verifyAuditChain(db.conn)).problem).toMatchObject({ id: id3, reason: expect.stringMatching(/bruten/) });
  });

  it("upptäcker att de första raderna tagits bort", async () => {
    const [id1, id2] = await threeRows();
    await db.conn.run("DELETE FROM audit_log WHERE id = $1", [id1]);
    expect((await verifyAuditChain(db.conn)).problem?.id).toBe(id2);
  });
});

describe("bara tillägg", () => {
  it("modulerna exporterar inget som ändrar eller tar bort rader", () => {
    const exported = [...Object.keys(auditLog), ...Object.keys(auditModule)].sort();
    expect(exported).toEqual(
      [
        "AuditEntry", "AuditFilter", "AuditFilterFields", "DATE_RANGE_ISSUE", "Pseudonym", "appendAudit", "audit",
        "countAudit", "dateRangeInOrder", "searchAudit", "systemAuditEntry", "verifyAuditChain",
      ].sort(),
    );
    expect(exported.filter((n) => /update|delete|remove|clear|truncate|purge|edit/i.test(n))).toEqual([]);
  });

  it("ingen källfil i programmet ändrar eller tömmer audit_log", () => {
    const offenders: string[] = [];
    const mutating = /\b(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|TRUNCATE\s+(TABLE\s+)?audit_log|DROP\s+TABLE\s+(IF\s+EXISTS\s+)?audit_log|ALTER\s+TABLE\s+audit_log|INSERT\s+OR\s+REPLACE\s+INTO\s+audit_log)\b/i;
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name === "node_modules" || name.startsWith(".")) continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|tsx|js|mjs|sql)$/.test(name) && mutating.test(readFileSync(path, "utf8"))) offenders.push(relative(PROJECT_ROOT, path));
      }
    };
    for (const dir of ["app", "etl", "queries", "scripts", "bench"]) {
      try {
        walk(join(PROJECT_ROOT, dir));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
    expect(offenders).toEqual([]);
  });

  it("varje rad får ett nytt id, även med samma innehåll", async () => {
    await appendAudit(db.conn, entry());
    await appendAudit(db.conn, entry());
    const rows = await searchAudit(db.conn, {}, { limit: 10 });
    expect(new Set(rows.map((r) => r.id)).size).toBe(2);
  });
});
