import { describe, expect, it } from "vitest";
import { countSessions, createSession, destroySession, purgeExpiredSessions, readSession } from "../../../app/auth/sessions.server.ts";
import { queryRows } from "../../../app/auth/sql.server.ts";
import { removeUser, setPassword } from "../../../app/auth/users.server.ts";
import { createTestUser, FAST_SCRYPT, useAuthTestDb } from "../../support/auth.ts";

const limits = { idleMs: 30 * 60_000, maxAgeMs: 10 * 3_600_000 };
const t0 = new Date("2026-03-02T08:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const client = { ip: "10.0.0.1", userAgent: "test" };

const db = useAuthTestDb();

describe("sessioner i databasen", () => {
  it("lagrar bara en hash av token, aldrig token själv", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    const { token } = await createSession(db.conn, u.userId, client, t0);
    const rows = await queryRows(db.conn, "SELECT * FROM auth_session");
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ger användaren och sessionens CSRF-token", async () => {
    const u = await createTestUser(db.conn, "enhetschef");
    const { token, csrfToken } = await createSession(db.conn, u.userId, client, t0);
    const s = await readSession(db.conn, token, limits, at(1));
    expect(s?.user).toMatchObject({ username: u.username, role: "enhetschef", stadsdelar: u.stadsdelar });
    expect(s?.csrfToken).toBe(csrfToken);
    expect(await readSession(db.conn, token + "x", limits, at(1))).toBeNull();
  });

  it("går ut efter inaktivitet, men aktivitet håller den vid liv", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    const { token } = await createSession(db.conn, u.userId, client, t0);
    expect(await readSession(db.conn, token, limits, at(25))).not.toBeNull(); // activity at 25 min
    expect(await readSession(db.conn, token, limits, at(50))).not.toBeNull(); // 25 min after the last
    expect(await readSession(db.conn, token, limits, at(81))).toBeNull(); // 31 min idle
    expect(await countSessions(db.conn, u.userId)).toBe(0); // and it is gone from the table
    expect(await readSession(db.conn, token, limits, at(82))).toBeNull();
  });

  it("går ut efter längsta livstid trots aktivitet", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    const { token } = await createSession(db.conn, u.userId, client, t0);
    for (let m = 20; m < 600; m += 20) expect(await readSession(db.conn, token, limits, at(m))).not.toBeNull();
    expect(await readSession(db.conn, token, limits, at(601))).toBeNull();
  });

  it("utloggning avslutar sessionen på servern: samma token fungerar inte igen", async () => {
    const u = await createTestUser(db.conn, "analytiker");
    const { token } = await createSession(db.conn, u.userId, client, t0);
    await destroySession(db.conn, token);
    expect(await readSession(db.conn, token, limits, at(1))).toBeNull();
  });

  it("nytt lösenord och borttaget konto avslutar kontots sessioner", async () => {
    const a = await createTestUser(db.conn, "forvaltning");
    const b = await createTestUser(db.conn, "forvaltning");
    const sa = await createSession(db.conn, a.userId, client, t0);
    const sb = await createSession(db.conn, b.userId, client, t0);
    await setPassword(db.conn, a.username, "ett-nytt-lösenord", at(1), FAST_SCRYPT);
    expect(await readSession(db.conn, sa.token, limits, at(2))).toBeNull();
    expect(await readSession(db.conn, sb.token, limits, at(2))).not.toBeNull();
    await removeUser(db.conn, b.username);
    expect(await readSession(db.conn, sb.token, limits, at(3))).toBeNull();
  });

  it("städning tar bort utgångna sessioner och lämnar levande", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    await createSession(db.conn, u.userId, client, t0);
    await createSession(db.conn, u.userId, client, at(40));
    await purgeExpiredSessions(db.conn, limits, at(45));
    expect(await countSessions(db.conn, u.userId)).toBe(1);
  });
});
