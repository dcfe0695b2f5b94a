/**
 * Sign-in through the request-level functions the routes use: throttling per
 * username and per IP (asserted as state and response, never as durations),
 * sign-out, and the audit rows each attempt leaves.
 */
import { describe, expect, it } from "vitest";

import { searchAudit } from "../../../app/auth/audit-log.server.ts";
import { signIn, signOut, WRONG_CREDENTIALS } from "../../../app/auth/login.server.ts";
import { getUser } from "../../../app/auth/policy.server.ts";
import { readThrottle, THROTTLE_POLICY } from "../../../app/auth/throttle.server.ts";
import { createTestUser, useAuthTestDb } from "../../support/auth.ts";

const db = useAuthTestDb();

const fromIp = (ip: string, extra: Record<string, string> = {}) =>
  new Request("http://localhost/logga-in", { method: "POST", headers: { "X-Ledsagning-Client-Ip": ip, "User-Agent": "vitest", ...extra } });

const t0 = new Date("2026-03-02T08:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const N = THROTTLE_POLICY.username.failuresBeforeLock;

describe("inloggning", () => {
  it("rätt lösenord ger en sessionscookie som sedan identifierar användaren", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    const r = await signIn(fromIp("10.0.0.1"), { username: u.username.toUpperCase(), password: u.password });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const cookie = r.setCookies[0];
    expect(cookie).toMatch(/^ledsagning_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http in the test
    const next = new Request("http://localhost/", { headers: { Cookie: cookie.split(";")[0] } });
    expect((await getUser(next))?.username).toBe(u.username);
  });

  it("bakom HTTPS-proxy får cookien Secure", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    const r = await signIn(fromIp("10.0.0.1", { "X-Forwarded-Proto": "https" }), { username: u.username, password: u.password });
    expect(r.ok && r.setCookies[0]).toMatch(/; Secure/);
  });

  it("fel lösenord och okänt användarnamn ger samma svar", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    const wrong = await signIn(fromIp("10.0.0.1"), { username: u.username, password: "fel-lösenord-123" });
    const unknown = await signIn(fromIp("10.0.0.1"), { username: "finns-inte", password: "fel-lösenord-123" });
    expect(wrong).toEqual({ ok: false, status: 401, message: WRONG_CREDENTIALS });
    expect(unknown).toEqual(wrong);
  });

  it(`spärrar användarnamnet efter ${N} misslyckanden: även rätt lösenord nekas tills spärren löpt ut`, async () => {
    const u = await createTestUser(db.conn, "enhetschef");
    for (let i = 0; i < N - 1; i++) {
      const r = await signIn(fromIp(`10.0.1.${i}`), { username: u.username, password: "fel-lösenord-123" }, at(i));
      expect(r).toMatchObject({ ok: false, status: 401 });
    }
    expect((await readThrottle(db.conn, { scope: "username", key: u.username }, at(N))).lockedUntil).toBeNull();
    await signIn(fromIp("10.0.1.99"), { username: u.username, password: "fel-lösenord-123" }, at(N));
    const state = await readThrottle(db.conn, { scope: "username", key: u.username }, at(N));
    expect(state.failures).toBe(N);
    expect(state.lockedUntil).not.toBeNull();

    // Locked: the right password from another address is refused, without a password check.
    const locked = await signIn(fromIp("10.0.2.1"), { username: u.username, password: u.password }, at(N + 1));
    expect(locked).toMatchObject({ ok: false, status: 429 });
    expect(!locked.ok && locked.message).toMatch(/För många misslyckade inloggningar/);
    expect(!locked.ok && locked.retryAfterSeconds).toBeGreaterThan(0);
    // A refused attempt does not extend the count.
    expect((await readThrottle(db.conn, { scope: "username", key: u.username }, at(N + 1))).failures).toBe(N);

    // After the lock, the right password works and clears the count.
    const later = new Date(state.lockedUntil!.getTime() + 1000);
    expect((await signIn(fromIp("10.0.2.1"), { username: u.username, password: u.password }, later)).ok).toBe(true);
    expect((await readThrottle(db.conn, { scope: "username", key: u.username }, later)).failures).toBe(0);
  });

  it("spärren växer: nästa misslyckande efter en spärr ger en längre spärr", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    const key = { scope: "username" as const, key: u.username };
    for (let i = 0; i < N; i++) await signIn(fromIp("10.0.0.1"), { username: u.username, password: "fel-lösenord-123" }, at(i));
    const first = (await readThrottle(db.conn, key, at(N))).lockedUntil!;
    const after = new Date(first.getTime() + 1000);
    await signIn(fromIp("10.0.0.1"), { username: u.username, password: "fel-lösenord-123" }, after);
    const second = (await readThrottle(db.conn, key, after)).lockedUntil!;
    expect(second.getTime() - after.getTime()).toBeGreaterThan(first.getTime() - at(N - 1).getTime());
  });

  it("okända användarnamn spärras också (svaret avslöjar inte vilka som finns)", async () => {
    for (let i = 0; i < N; i++) await signIn(fromIp("10.0.0.1"), { username: "gissning", password: "fel-lösenord-123" }, at(i));
    expect(await signIn(fromIp("10.0.0.2"), { username: "gissning", password: "fel-lösenord-123" }, at(N))).toMatchObject({ status: 429 });
  });

  it("spärrar en IP-adress som prövar många användarnamn", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    const ipLimit = THROTTLE_POLICY.ip.failuresBeforeLock;
    for (let i = 0; i < ipLimit; i++) {
      await signIn(fromIp("203.0.113.5"), { username: `anvandare-${i}`, password: "fel-lösenord-123" }, at(i));
    }
    // The address is locked, even for a real account with the right password …
    expect(await signIn(fromIp("203.0.113.5"), { username: u.username, password: u.password }, at(ipLimit))).toMatchObject({ status: 429 });
    // … while the same account from another address is not.
    expect((await signIn(fromIp("198.51.100.1"), { username: u.username, password: u.password }, at(ipLimit))).ok).toBe(true);
  });

  it("en lyckad inloggning återställer inte IP-adressens räkning", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    for (let i = 0; i < 3; i++) await signIn(fromIp("203.0.113.7"), { username: `x${i}`, password: "fel-lösenord-123" }, at(i));
    await signIn(fromIp("203.0.113.7"), { username: u.username, password: u.password }, at(4));
    expect((await readThrottle(db.conn, { scope: "ip", key: "203.0.113.7" }, at(5))).failures).toBe(3);
  });

  it("loggar varje försök: lyckat, misslyckat och spärrat", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    await signIn(fromIp("10.9.9.9"), { username: u.username, password: u.password });
    await signIn(fromIp("10.9.9.9"), { username: u.username, password: "fel-lösenord-123" });
    for (let i = 0; i <= N; i++) await signIn(fromIp("10.9.9.9"), { username: "ingen", password: "fel-lösenord-123" });
    const rows = await searchAudit(db.conn, { handling: "inloggning" }, { limit: 100 });
    const outcomes = rows.map((r) => `${r.username}:${r.outcome}`);
    expect(outcomes).toContain(`${u.username}:ok`);
    expect(outcomes).toContain(`${u.username}:misslyckad`);
    expect(outcomes).toContain("ingen:nekad");
    expect(rows.every((r) => r.ip === "10.9.9.9")).toBe(true);
    // The password tried never reaches the log.
    expect(JSON.stringify(rows)).not.toContain("fel-lösenord-123");
    expect(JSON.stringify(rows)).not.toContain(u.password);
  });
});

describe("utloggning", () => {
  it("avslutar sessionen på servern och rensar cookien", async () => {
    const u = await createTestUser(db.conn, "forvaltning");
    const r = await signIn(fromIp("10.0.0.1"), { username: u.username, password: u.password });
    if (!r.ok) throw new Error("inloggningen misslyckades");
    const cookie = r.setCookies[0].split(";")[0];
    const clear = await signOut(new Request("http://localhost/logga-ut", { method: "POST", headers: { Cookie: cookie } }));
    expect(clear).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    // The old cookie, replayed, no longer signs anyone in.
    expect(await getUser(new Request("http://localhost/", { headers: { Cookie: cookie } }))).toBeNull();
    const rows = await searchAudit(db.conn, { handling: "utloggning" }, { limit: 10 });
    expect(rows.map((x) => x.username)).toEqual([u.username]);
  });
});
