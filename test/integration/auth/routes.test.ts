/**
 * The sign-in, sign-out and admin routes, called as Remix calls them (loader /
 * action with a Request), against an in-memory DuckDB.
 */
import { describe, expect, it } from "vitest";

import { appendAudit, searchAudit, systemAuditEntry } from "../../../app/auth/audit-log.server.ts";
import { loginCsrfCookieHeader } from "../../../app/auth/cookie.server.ts";
import { enableDemoMode } from "../../../app/auth/demo.server.ts";
import { findUserByUsername } from "../../../app/auth/users.server.ts";
import * as adminIndex from "../../../app/routes/admin._index.tsx";
import * as adminUsers from "../../../app/routes/admin.anvandare.tsx";
import * as adminLogCsv from "../../../app/routes/admin.logg[.]csv.tsx";
import * as adminLog from "../../../app/routes/admin.logg.tsx";
import * as loggaIn from "../../../app/routes/logga-in.tsx";
import * as loggaUt from "../../../app/routes/logga-ut.tsx";
import { FAST_SCRYPT, formPostAs, requestAs, signInAs, type TestSession, useAuthTestDb } from "../../support/auth.ts";

const db = useAuthTestDb({ dataTables: true });

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

/** Runs a loader/action and returns what reached the client: status, headers, body. */
async function call(fn: unknown, request: Request): Promise<{ status: number; headers: Headers; body: unknown }> {
  let result: unknown;
  try {
    result = await (fn as Handler)({ request, params: {}, context: {} });
  } catch (e) {
    result = e;
  }
  if (result instanceof Response) {
    const type = result.headers.get("Content-Type") ?? "";
    // Decoded by hand: Response.text() would drop a BOM, which the CSV test must see.
    const text = type.startsWith("text/") ? new TextDecoder("utf-8", { ignoreBOM: true }).decode(await result.arrayBuffer()) : null;
    return { status: result.status, headers: result.headers, body: text };
  }
  const d = result as { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } };
  if (d && d.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, headers: new Headers(d.init?.headers), body: d.data };
  if (result instanceof Error) throw result;
  return { status: 200, headers: new Headers(), body: result };
}

/** A sign-in form post the way a browser sends it: the form's CSRF token also in the signed cookie. */
async function loginPost(fields: Record<string, string>) {
  const token = "C".repeat(43);
  const cookie = (await loginCsrfCookieHeader(new Request("http://localhost/"), token)).split(";")[0];
  const body = new FormData();
  body.set("_csrf", token);
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return new Request("http://localhost/logga-in", { method: "POST", body, headers: { Cookie: cookie } });
}

describe("/logga-in", () => {
  it("visar formuläret med en CSRF-token som också sätts som cookie", async () => {
    const r = await call(loggaIn.loader, new Request("http://localhost/logga-in?redirectTo=/kon"));
    expect(r.status).toBe(200);
    const body = r.body as { csrfToken: string; redirectTo: string; demoAccounts: unknown[] };
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.redirectTo).toBe("/kon");
    expect(body.demoAccounts).toEqual([]);
    expect(r.headers.get("Set-Cookie")).toMatch(/^ledsagning_csrf=.*HttpOnly.*SameSite=Lax/);
  });

  it("visar demokontona bara i demoläget", async () => {
    await enableDemoMode(db.conn, FAST_SCRYPT);
    const r = await call(loggaIn.loader, new Request("http://localhost/logga-in"));
    const accounts = (r.body as { demoAccounts: { username: string; password: string }[] }).demoAccounts;
    expect(accounts.map((a) => a.username)).toEqual(["demo-forvaltning", "demo-enhetschef", "demo-analytiker", "demo-admin"]);
    expect(accounts.every((a) => a.password.length >= 10)).toBe(true);
  });

  it("lyckad inloggning: sessionscookie och vidare till sidan man kom från", async () => {
    const s = await signInAs(db.conn, "enhetschef");
    const r = await call(loggaIn.action, await loginPost({ username: s.user.username, password: s.user.password, redirectTo: "/arenden?stadsdel=Farsta" }));
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/arenden?stadsdel=Farsta");
    const cookies = r.headers.getSetCookie();
    expect(cookies.some((c) => /^ledsagning_session=.+; Path=\/; HttpOnly; SameSite=Lax$/.test(c))).toBe(true);
    expect(cookies.some((c) => /^ledsagning_csrf=;.*Max-Age=0/.test(c))).toBe(true);
  });

  it("en redirectTo till en annan webbplats ignoreras; admin hamnar på /admin", async () => {
    const s = await signInAs(db.conn, "admin");
    const r = await call(loggaIn.action, await loginPost({ username: s.user.username, password: s.user.password, redirectTo: "//evil.example/" }));
    expect(r.headers.get("Location")).toBe("/admin");
  });

  it("fel lösenord: 401 och samma formulär med ett svenskt meddelande", async () => {
    const s = await signInAs(db.conn, "forvaltning");
    const r = await call(loggaIn.action, await loginPost({ username: s.user.username, password: "fel-fel-fel-fel" }));
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: "Fel användarnamn eller lösenord.", username: s.user.username });
  });

  it("tomt formulär: 400 med svenskt meddelande", async () => {
    const r = await call(loggaIn.action, await loginPost({ username: "", password: "" }));
    expect(r.status).toBe(400);
    expect((r.body as { error: string }).error).toMatch(/Ange ditt användarnamn/);
  });

  it("utan CSRF-token: 403, och inget försök att logga in görs", async () => {
    const s = await signInAs(db.conn, "forvaltning");
    const body = new FormData();
    body.set("username", s.user.username);
    body.set("password", s.user.password);
    const r = await call(loggaIn.action, new Request("http://localhost/logga-in", { method: "POST", body }));
    expect(r.status).toBe(403);
    expect(await searchAudit(db.conn, { handling: "inloggning" }, { limit: 5 })).toEqual([]);
  });

  it("redan inloggad skickas vidare", async () => {
    const s = await signInAs(db.conn, "analytiker");
    const r = await call(loggaIn.loader, requestAs("http://localhost/logga-in", s));
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/");
  });
});

describe("/logga-ut", () => {
  it("avslutar sessionen med CSRF-token; utan token 403 och sessionen lever", async () => {
    const s = await signInAs(db.conn, "forvaltning");
    const refused = await call(loggaUt.action, formPostAs("http://localhost/logga-ut", s, { _csrf: "fel" }));
    expect(refused.status).toBe(403);
    expect((await call(loggaUt.loader, requestAs("http://localhost/logga-ut", s))).status).toBe(200);

    const r = await call(loggaUt.action, formPostAs("http://localhost/logga-ut", s, {}));
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/logga-in?orsak=utloggad");
    expect(r.headers.get("Set-Cookie")).toMatch(/^ledsagning_session=;/);
    expect((await call(loggaUt.loader, requestAs("http://localhost/logga-ut", s))).headers.get("Location")).toBe("/logga-in");
  });
});

describe("/admin", () => {
  const roles = ["forvaltning", "enhetschef", "analytiker"] as const;

  it("utloggad skickas till inloggningen; andra roller än admin får 403 på varje adminsida", async () => {
    for (const [mod, url] of [
      [adminIndex, "http://localhost/admin"],
      [adminUsers, "http://localhost/admin/anvandare"],
      [adminLog, "http://localhost/admin/logg"],
      [adminLogCsv, "http://localhost/admin/logg.csv"],
    ] as const) {
      const out = await call(mod.loader, new Request(url));
      expect(out.status, url).toBe(302);
      expect(out.headers.get("Location"), url).toMatch(/^\/logga-in\?redirectTo=%2Fadmin/);
      for (const role of roles) {
        const s = await signInAs(db.conn, role);
        const r = await call(mod.loader, requestAs(url, s));
        expect(r.status, `${role} ${url}`).toBe(403);
        expect(r.body, `${role} ${url}`).toEqual({ message: expect.stringMatching(/^Rollen .* ger inte behörighet/) });
      }
    }
  });

  it("admin skapar en användare (loggat); utan CSRF-token skapas ingen", async () => {
    const admin = await signInAs(db.conn, "admin");
    const fields = { intent: "skapa", username: "ny.chef", role: "enhetschef", password: "ett-bra-lösenord", stadsdel: "Stockholm/Farsta", ovriga: "Stockholm/Bromma\n" };
    const refused = await call(adminUsers.action, formPostAs("http://localhost/admin/anvandare", admin, { ...fields, _csrf: "" }));
    expect(refused.status).toBe(403);
    expect(await findUserByUsername(db.conn, "ny.chef")).toBeNull();

    const r = await call(adminUsers.action, formPostAs("http://localhost/admin/anvandare", admin, fields));
    expect(r).toMatchObject({ status: 200, body: { ok: true } });
    expect((await findUserByUsername(db.conn, "ny.chef"))?.stadsdelar).toEqual([
      { kommun: "Stockholm", stadsdel: "Bromma" },
      { kommun: "Stockholm", stadsdel: "Farsta" },
    ]);
    const [row] = await searchAudit(db.conn, { handling: "admin.anvandare.skapa" }, { limit: 1 });
    expect(row).toMatchObject({ username: admin.user.username, outcome: "ok", detail: expect.stringContaining("ny.chef") });
  });

  it("ogiltigt formulär: 400 med svenskt meddelande, och försöket loggas", async () => {
    const admin = await signInAs(db.conn, "admin");
    const bad = await call(adminUsers.action, formPostAs("http://localhost/admin/anvandare", admin, { intent: "skapa", username: "ny", role: "enhetschef", password: "ett-bra-lösenord", ovriga: "" }));
    expect(bad).toMatchObject({ status: 400, body: { ok: false, message: expect.stringMatching(/minst en stadsdel/) } });
    const unknown = await call(adminUsers.action, formPostAs("http://localhost/admin/anvandare", admin, { intent: "radera-allt" }));
    expect(unknown.status).toBe(400);
    expect((await searchAudit(db.conn, { handling: "admin.anvandare.skapa", utfall: "misslyckad" }, { limit: 5 })).length).toBe(1);
  });

  it("admin kan inte ta bort sitt eget konto", async () => {
    const admin = await signInAs(db.conn, "admin");
    const r = await call(adminUsers.action, formPostAs("http://localhost/admin/anvandare", admin, { intent: "ta-bort", username: admin.user.username }));
    expect(r).toMatchObject({ status: 400, body: { message: "Du kan inte ta bort ditt eget konto." } });
  });

  it("loggsidan söker, och att titta i loggen loggas", async () => {
    const admin: TestSession = await signInAs(db.conn, "admin");
    await appendAudit(db.conn, { ...systemAuditEntry("arende.visa", "x"), username: "anna", pseudonyms: ["abc123"] });
    const r = await call(adminLog.loader, requestAs("http://localhost/admin/logg?pseudonym=abc123", admin));
    expect(r.status).toBe(200);
    const body = r.body as { rows: { username: string }[]; total: number };
    expect(body.total).toBe(1);
    expect(body.rows[0].username).toBe("anna");
    const views = await searchAudit(db.conn, { handling: "admin.logg.visa" }, { limit: 5 });
    expect(views[0]).toMatchObject({ username: admin.user.username, query: "pseudonym=abc123" });
  });

  it("ogiltig parameter på loggsidan: 400 som namnger den", async () => {
    const admin = await signInAs(db.conn, "admin");
    for (const q of ["fran=igår", "handling=DROP%20TABLE%20audit_log", "fore=-1", "fran=2026-05-01&till=2026-04-01"]) {
      const r = await call(adminLog.loader, requestAs(`http://localhost/admin/logg?${q}`, admin));
      expect(r.status, q).toBe(400);
      expect((r.body as { parameter?: string }).parameter, q).toBe(q.split("=")[0] === "fran" && q.includes("till") ? "till" : q.split("=")[0]);
    }
  });

  it("CSV-exporten: BOM, semikolon, formler neutraliserade; exporten loggas", async () => {
    const admin = await signInAs(db.conn, "admin");
    await appendAudit(db.conn, { ...systemAuditEntry("export.arenden", '=HYPERLINK("http://evil")'), username: "anna", pseudonyms: ["p1", "p2"] });
    const r = await call(adminLogCsv.loader, requestAs("http://localhost/admin/logg.csv?anvandare=anna", admin));
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(r.headers.get("Content-Disposition")).toMatch(/attachment; filename="granskningslogg-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(r.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const text = r.body as string;
    expect(text.startsWith("\uFEFFid;tid (svensk tid);användare;")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(";anna;");
    expect(lines[1]).toContain(";p1 p2;");
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const [row] = await searchAudit(db.conn, { handling: "admin.logg.export" }, { limit: 1 });
    expect(row).toMatchObject({ username: admin.user.username, query: "anvandare=anna", detail: "1 rader" });
  });
});
