/**
 * The guards routes call (requireUser, requireRight, requireCaseAccess) and the
 * CSRF check, against a real DuckDB: the responses they throw and the audit
 * rows refusals leave.
 */
import { describe, expect, it } from "vitest";

import { searchAudit } from "../../../app/auth/audit-log.server.ts";
import { loginCsrfCookieHeader } from "../../../app/auth/cookie.server.ts";
import { csrfValid, verifyCsrf } from "../../../app/auth/csrf.server.ts";
import { getViewer, requireCaseAccess, requireRight, requireUser } from "../../../app/auth/policy.server.ts";
import { requestAs, signInAs, useAuthTestDb } from "../../support/auth.ts";

const db = useAuthTestDb();

/** What a guard threw: a Response (redirect) or Remix's data() object with a status. */
async function thrown(p: Promise<unknown>): Promise<{ status: number; location?: string | null; message?: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Response) return { status: e.status, location: e.headers.get("Location") };
    const d = e as { init?: { status?: number }; data?: { message?: string } };
    if (d?.init?.status) return { status: d.init.status, message: d.data?.message };
    throw e;
  }
  throw new Error("inget kastades");
}

describe("requireUser", () => {
  it("utloggad skickas till /logga-in med sidan att återvända till", async () => {
    const r = await thrown(requireUser(new Request("http://localhost/arenden?stadsdel=Farsta&_routes=x")));
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/logga-in?redirectTo=${encodeURIComponent("/arenden?stadsdel=Farsta")}`);
  });

  it("en cookie utan levande session: inloggningssidan får veta att sessionen gått ut", async () => {
    const r = await thrown(requireUser(new Request("http://localhost/kon", { headers: { Cookie: "ledsagning_session=forfalskad" } })));
    expect(r.location).toContain("orsak=utgangen");
  });

  it("en förfalskad eller osignerad cookie ger ingen användare", async () => {
    const s = await signInAs(db.conn, "forvaltning");
    const [name, value] = s.cookie.split("=");
    const tampered = `${name}=${value.slice(0, -2)}${value.endsWith("A") ? "B" : "A"}${value.slice(-1)}`;
    await expect(thrown(requireUser(new Request("http://localhost/", { headers: { Cookie: tampered } })))).resolves.toMatchObject({ status: 302 });
    expect((await requireUser(requestAs("http://localhost/", s))).username).toBe(s.user.username);
  });
});

describe("requireRight", () => {
  it("403 med svenskt meddelande, och nekandet loggas", async () => {
    const s = await signInAs(db.conn, "forvaltning");
    const r = await thrown(requireRight(requestAs("http://localhost/arenden", s), "view-cases"));
    expect(r.status).toBe(403);
    expect(r.message).toMatch(/Rollen Förvaltning ger inte behörighet att se ärendesidor/);
    const rows = await searchAudit(db.conn, { handling: "behorighet.nekad" }, { limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ username: s.user.username, outcome: "nekad", route: "/arenden" });
  });

  it("släpper igenom den som har rätten", async () => {
    const s = await signInAs(db.conn, "admin");
    expect((await requireRight(requestAs("http://localhost/admin", s), "admin")).role).toBe("admin");
  });
});

describe("requireCaseAccess", () => {
  it("enhetschef som ber om ett ärende i en annan stadsdel via adressen får 403, och försöket loggas med pseudonymen", async () => {
    const s = await signInAs(db.conn, "enhetschef", { stadsdelar: [{ kommun: "Stockholm", stadsdel: "Farsta" }] });
    const req = requestAs("http://localhost/arenden/a1b2c3d4e5f60718", s);
    const r = await thrown(requireCaseAccess(req, s.user, { kommun: "Stockholm", stadsdel: "Bromma" }, ["a1b2c3d4e5f60718"]));
    expect(r.status).toBe(403);
    const rows = await searchAudit(db.conn, { pseudonym: "a1b2c3d4e5f60718" }, { limit: 10 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "arende.visa", outcome: "nekad", username: s.user.username });
    // The own stadsdel passes.
    await expect(requireCaseAccess(req, s.user, { kommun: "Stockholm", stadsdel: "Farsta" }, ["x1"])).resolves.toBeUndefined();
  });

  it("analytiker får exportera ärenden men inte öppna ärendesidor", async () => {
    const s = await signInAs(db.conn, "analytiker");
    const req = requestAs("http://localhost/arenden.csv", s);
    const where = { kommun: "Stockholm", stadsdel: "Bromma" };
    await expect(requireCaseAccess(req, s.user, where, [], "export-cases")).resolves.toBeUndefined();
    expect((await thrown(requireCaseAccess(req, s.user, where))).status).toBe(403);
  });

  it("förvaltning får aldrig ärenden", async () => {
    const s = await signInAs(db.conn, "forvaltning");
    const req = requestAs("http://localhost/arenden/x", s);
    expect((await thrown(requireCaseAccess(req, s.user, { kommun: "Stockholm", stadsdel: "Farsta" }))).status).toBe(403);
  });
});

describe("CSRF", () => {
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };

  it("utan token, med fel token eller med en annan sessions token: 403", async () => {
    const s = await signInAs(db.conn, "admin");
    const other = await signInAs(db.conn, "admin");
    const post = () => requestAs("http://localhost/admin/anvandare", s, { method: "POST" });
    for (const f of [form({}), form({ _csrf: "fel" }), form({ _csrf: other.csrfToken }), form({ _csrf: "" })]) {
      expect((await thrown(verifyCsrf(post(), f))).status).toBe(403);
    }
    const rows = await searchAudit(db.conn, { handling: "behorighet.nekad" }, { limit: 10 });
    expect(rows).toHaveLength(4);
    expect(rows[0].detail).toMatch(/CSRF/);
  });

  it("rätt token godtas", async () => {
    const s = await signInAs(db.conn, "admin");
    await expect(verifyCsrf(requestAs("http://localhost/x", s, { method: "POST" }), form({ _csrf: s.csrfToken }))).resolves.toBeUndefined();
  });

  it("en förfrågan som webbläsaren märker som cross-site nekas även med rätt token", async () => {
    const s = await signInAs(db.conn, "admin");
    const req = requestAs("http://localhost/x", s, { method: "POST", headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(await csrfValid(req, form({ _csrf: s.csrfToken }))).toBe(false);
  });

  it("inloggningsformuläret: token i formuläret måste vara samma som i den signerade cookien", async () => {
    const token = "A".repeat(43);
    const cookie = (await loginCsrfCookieHeader(new Request("http://localhost/"), token)).split(";")[0];
    const req = () => new Request("http://localhost/logga-in", { method: "POST", headers: { Cookie: cookie } });
    expect(await csrfValid(req(), form({ _csrf: token }))).toBe(true);
    expect(await csrfValid(req(), form({ _csrf: "B".repeat(43) }))).toBe(false);
    // A cookie the attacker wrote himself (unsigned) does not count.
    const unsigned = new Request("http://localhost/logga-in", { method: "POST", headers: { Cookie: `ledsagning_csrf=${token}` } });
    expect(await csrfValid(unsigned, form({ _csrf: token }))).toBe(false);
  });
});

describe("getViewer (för rotens loader)", () => {
  it("ger användare, CSRF-token och demoläge", async () => {
    const s = await signInAs(db.conn, "analytiker");
    const v = await getViewer(requestAs("http://localhost/", s));
    expect(v).toMatchObject({ user: { username: s.user.username, role: "analytiker" }, csrfToken: s.csrfToken, demoMode: false });
    expect(await getViewer(new Request("http://localhost/"))).toEqual({ user: null, csrfToken: null, demoMode: false });
  });
});
