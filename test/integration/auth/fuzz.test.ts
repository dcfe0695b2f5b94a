/**
 * Fuzzing every parameter of every route (issue 6, "Proof"): malformed and hostile
 * values — SQL fragments, path traversal, huge numbers, invalid UTF-8, NUL, very long
 * and empty strings, repeated and unknown parameters, hostile parameter names — in
 * the query string of every route, the id path segment of a case, and the form
 * fields of the actions (/logga-in, /logga-ut, /admin/anvandare), through the real
 * Remix handler on the production build (test/support/app-under-test.ts), each with
 * a signed-in account that can reach the route.
 *
 * For every response: no 500 (or any status outside the expected few), no stack
 * trace or SQL in the body, no value reflected unescaped into HTML; and at the end
 * the data are unchanged (a checksum of every table but the auth bookkeeping:
 * sessions, the sign-in attempts, the append-only audit log; users are compared
 * row by row). The value set is fixed, so the run is deterministic.
 *
 * Found by it (and fixed): an over-long form value in an admin action, or an over-long
 * URL refused by requireRight, made the audit row fail its own length check and the
 * request a 500 (app/auth/audit.server.ts now cuts route and detail as it cut the query).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_FIELD } from "../../../app/auth/csrf-field.ts";
import type { Role } from "../../../app/auth/roles.ts";
import { TEST_PASSWORD, type TestSession } from "../../support/auth.ts";
import { bodyText, useAppUnderTest } from "../../support/app-under-test.ts";

const app = useAppUnderTest("ledsagning-fuzz-");

/**
 * The hostile values, by kind. `raw` values go into the URL as they are (invalid UTF-8,
 * broken escapes, encoded traversal); the others are URL-encoded, so they arrive as
 * exactly these strings. Every parameter of every route gets one value of every kind
 * (a page and its CSV twin share the kinds between them, see FuzzRoute.half); which
 * value of a kind rotates with the route and parameter, so that across the run every
 * value is sent many times while the run stays near a minute. Deterministic: no
 * randomness. Form fields and the case id get every value.
 */
interface Value {
  v: string;
  raw?: true;
}
const KINDS: Record<string, readonly Value[]> = {
  sql: [{ v: "' OR 1=1 --" }, { v: "'; DROP TABLE beslut; --" }, { v: '" OR ""="' }, { v: "1 UNION ALL SELECT person_id, 2 --" }, { v: "Stockholm'--" }],
  traversal: [{ v: "../../etc/passwd" }, { v: "..\\..\\windows\\win.ini" }, { v: "%2e%2e%2f%2e%2e%2fetc%2fpasswd", raw: true }, { v: "..%2F..%2F", raw: true }],
  number: [{ v: "9".repeat(400) }, { v: "1e309" }, { v: "-1" }, { v: "NaN" }, { v: "0" }, { v: "2026-13" }, { v: "0000-T9" }, { v: "Infinity" }],
  utf8: [{ v: "%FF%FE", raw: true }, { v: "%C3%28", raw: true }, { v: "%ED%A0%80", raw: true }, { v: "%", raw: true }, { v: "%zz", raw: true }],
  long: [{ v: "x".repeat(10_000) }, { v: "ä".repeat(3_000) }],
  empty: [{ v: "" }, { v: " " }],
  nul: [{ v: "\u0000" }, { v: "%00", raw: true }, { v: "Stockholm\u0000Farsta" }],
  markup: [{ v: "<script>alert(1)</script>" }, { v: "\u202e\u0645\ufeff" }, { v: "𝕏😀" }, { v: "${7*7}{{7*7}}" }],
};

/** Every value once (for the form fields and the case id, which are few). */
const ALL_VALUES: readonly Value[] = Object.values(KINDS).flat();
const VALUES: readonly string[] = ALL_VALUES.filter((x) => !x.raw).map((x) => x.v);

const enc = (x: Value) => (x.raw ? x.v : encodeURIComponent(x.v));

/** Unknown and hostile parameter names (Remix's own `_routes` too), each sent with a plain value. */
const HOSTILE_NAMES: readonly string[] = ["__proto__", "_routes", "'; DROP TABLE beslut; --", "%FF"];

const FILTERS = ["kommun", "stadsdel", "period", "fran", "till", "lagrum", "insats", "kon", "aldersgrupp", "utforare"];
const EXPORT = ["export", "dialect"];

type Who = Role | null;

interface FuzzRoute {
  path: string;
  as: Who;
  /** The route's parameters; each is fuzzed with the others at `base`. */
  params: string[];
  /** A valid query the fuzzed parameter is added to (or replaces). */
  base?: string;
  /**
   * A page and its CSV twin read their parameters through the same code (the same
   * zod schema and context); each gets half of the kinds per parameter, the halves
   * swapped from one parameter to the next, so the pair gets every kind of value for
   * every parameter. 0 or 1; undefined: every kind.
   */
  half?: 0 | 1;
}

const REPORT = "kommun=Stockholm&period=2026-T2";

/** A dashboard page and its CSV export (`base` names a table the export has). */
function dashboard(path: string, csv: string, as: Role, exportId: string): FuzzRoute[] {
  return [
    { path, as, params: [...FILTERS, "export"], half: 0 },
    { path: csv, as, params: [...FILTERS, ...EXPORT], base: `export=${exportId}`, half: 1 },
  ];
}

/** Every GET route of app/routes with what its schemas know. */
const ROUTES: FuzzRoute[] = [
  ...dashboard("/", "/oversikt.csv", "forvaltning", "nyckeltal"),
  ...dashboard("/timmar", "/timmar.csv", "forvaltning", "stadsdel"),
  ...dashboard("/stadsdelar", "/stadsdelar.csv", "enhetschef", "avslag"),
  ...dashboard("/kon", "/kon.csv", "analytiker", "beslut"),
  ...dashboard("/omkostnader", "/omkostnader.csv", "forvaltning", "stadsdel"),
  { path: "/avslag", as: "forvaltning", params: [...FILTERS, "export", "tid"], half: 0 },
  { path: "/avslag.csv", as: "forvaltning", params: [...FILTERS, ...EXPORT, "tid"], base: "export=stadsdel", half: 1 },
  ...dashboard("/utforare", "/utforare.csv", "enhetschef", "utforare"),
  ...dashboard("/bevakning", "/bevakning.csv", "analytiker", "regel"),
  { path: "/data", as: "forvaltning", params: ["kommun"] },
  { path: "/arenden", as: "enhetschef", params: [...FILTERS, "scope", "flagga", "utfall", "matt", "sort", "sida", ...EXPORT], half: 0 },
  { path: "/arenden.csv", as: "analytiker", params: [...FILTERS, "scope", "flagga", "utfall", "matt", "sort", "sida", "dialect"], half: 1 },
  { path: "/rapport", as: "forvaltning", params: [...FILTERS, "export"], base: REPORT, half: 0 },
  { path: "/rapport.csv", as: "forvaltning", params: [...FILTERS, ...EXPORT], base: `${REPORT}&export=timmar-stadsdel`, half: 1 },
  // The PDF renders the report in Chromium (a second or so each): its parameters are the
  // report's (same rapportContext, fuzzed above); here one value of each kind on `period`.
  { path: "/rapport.pdf", as: "forvaltning", params: ["period"], base: REPORT },
  { path: "/admin", as: "admin", params: [] },
  { path: "/admin/anvandare", as: "admin", params: [] },
  { path: "/admin/logg", as: "admin", params: ["anvandare", "handling", "utfall", "fran", "till", "pseudonym", "fore", "kontroll"], half: 0 },
  { path: "/admin/logg.csv", as: "admin", params: ["anvandare", "handling", "utfall", "fran", "till", "pseudonym", "dialect"], half: 1 },
  { path: "/logga-in", as: null, params: ["redirectTo", "orsak"] },
  { path: "/logga-ut", as: "forvaltning", params: [] },
  { path: "/healthz", as: null, params: [] },
  { path: "/favicon.svg", as: null, params: [] },
];

/** What a hostile request may get: never 500 (nor 503: the database stays up). */
const ALLOWED = [200, 202, 204, 302, 303, 400, 401, 403, 404, 405, 413, 429];

/** Things only an internal error would print. Our values contain none of them. */
const LEAK_PATTERNS: readonly RegExp[] = [
  /\bat [\w$.<>]+ \(/, // a stack frame
  /\.(ts|tsx|js|mjs):\d+:\d+/,
  /node_modules/,
  /\/work\/|\/home\/|\/tmp\//,
  /\b(Binder|Parser|Catalog|Conversion|Invalid Input|Constraint|Transaction|Out of Range) Error\b/,
  /DuckDB|duckdb/,
  /\bFROM (beslut|arende|audit_log|auth_\w+|utforda_timmar|avbokningar|omkostnader)\b/,
  /\b(TypeError|ReferenceError|RangeError|SyntaxError)\b/,
];

const sessions = {} as Record<Role, TestSession>;
let before: Snapshot;
const counts = { requests: 0, byStatus: new Map<number, number>() };
const started = Date.now();

interface Snapshot {
  tables: Record<string, string>;
  users: Map<number, string>;
}

/** A checksum of every table (count and the sum of row hashes), and the user rows. */
async function snapshot(): Promise<Snapshot> {
  const names = (
    await app.rows<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1")
  ).map((r) => r.t);
  const skip = new Set(["audit_log", "auth_session", "auth_login_attempts", "auth_user", "auth_user_stadsdel"]);
  const tables: Record<string, string> = {};
  for (const t of names.filter((n) => !skip.has(n))) {
    const [r] = await app.rows<{ n: string; h: string }>(`SELECT count(*)::VARCHAR AS n, coalesce(sum(hash(x))::VARCHAR, '') AS h FROM "${t}" x`);
    tables[t] = `${r.n}:${r.h}`;
  }
  const users = new Map(
    // With its stadsdelar; without password_hash: a sign-in may re-hash a cheap test hash
    // (same password); a changed password shows in password_changed_at.
    (
      await app.rows<{ id: number; v: string }>(
        `SELECT user_id AS id, hash(user_id, username, role, is_demo, created_at, password_changed_at,
           (SELECT string_agg(s.kommun || '/' || s.stadsdel, ',' ORDER BY s.kommun, s.stadsdel)
              FROM auth_user_stadsdel s WHERE s.user_id = u.user_id))::VARCHAR AS v
         FROM auth_user u`,
      )
    ).map((r) => [Number(r.id), r.v]),
  );
  return { tables, users };
}

function record(status: number): void {
  counts.requests++;
  counts.byStatus.set(status, (counts.byStatus.get(status) ?? 0) + 1);
}

/** Asserts the answer to one hostile request. */
async function expectSafe(res: Response, label: string): Promise<void> {
  record(res.status);
  const type = res.headers.get("Content-Type") ?? "";
  const body = type.startsWith("application/pdf") ? "" : await bodyText(res);
  expect(ALLOWED, `${label} → ${res.status}: ${body.slice(0, 400)}`).toContain(res.status);
  if (res.status >= 400) {
    for (const p of LEAK_PATTERNS) expect(body, `${label}: ${p}`).not.toMatch(p);
  }
  if (type.startsWith("text/html")) expect(body, `${label}: oescapat värde`).not.toContain("<script>alert(1)</script>");
  if (res.status >= 300 && res.status < 400) {
    // Never a redirect off the site.
    const loc = res.headers.get("Location") ?? "";
    expect(loc, label).toMatch(/^\//);
    expect(new URL(loc, "http://localhost/").origin, label).toBe("http://localhost");
  }
}

/** Runs `tasks` a few at a time: DuckDB works on its own threads meanwhile. */
async function inParallel(tasks: (() => Promise<void>)[], width = 4): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++];
        try {
          await task();
        } catch (e) {
          errors.push(e);
        }
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
}

const KIND_VALUES = Object.values(KINDS);

/**
 * The query strings for the i-th parameter of a route: one value of each kind (of its
 * half, for a page and its CSV twin), and a repeated parameter.
 */
function queriesFor(r: FuzzRoute, param: string, i: number): string[] {
  const withBase = (q: string) => {
    if (!r.base) return q;
    // The fuzzed parameter replaces the base's own value of it.
    const kept = r.base.split("&").filter((kv) => kv.split("=")[0] !== param);
    return [...kept, q].join("&");
  };
  const turn = i + ROUTES.indexOf(r);
  const out: string[] = [];
  KIND_VALUES.forEach((values, k) => {
    if (r.half === undefined || (k + i + r.half) % 2 === 0) out.push(withBase(`${param}=${enc(values[turn % values.length])}`));
  });
  // Repeated: a valid-looking value beside a hostile one, or far more repeats than any list allows.
  out.push(
    (i + (r.half ?? 0)) % 2 === 0
      ? withBase(`${param}=Stockholm&${param}=${encodeURIComponent("' OR 1=1 --")}`)
      : withBase(Array.from({ length: 120 }, (_, j) => `${param}=v${j}`).join("&")),
  );
  return out;
}

beforeAll(async () => {
  for (const role of ["forvaltning", "enhetschef", "analytiker", "admin"] as const) sessions[role] = await app.session(role);
  before = await snapshot();
}, 120_000);

afterAll(() => {
  const byStatus = [...counts.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(", ");
  console.log(`[fuzz] ${counts.requests} förfrågningar på ${((Date.now() - started) / 1000).toFixed(1)} s (${byStatus})`);
});

describe("query parameters of every GET route", () => {
  it.each(ROUTES.map((r) => [r.path, r] as const))("%s", async (_p, r) => {
    const as = r.as ? sessions[r.as] : null;
    const queries = [...r.params.flatMap((p, i) => queriesFor(r, p, i)), ...HOSTILE_NAMES.map((n) => `${r.base ? `${r.base}&` : ""}${n}=1`)];
    const tasks = queries.map((q) => async () => {
      const path = `${r.path}?${q}`;
      await expectSafe(await app.fetch(path, { as }), `${r.as ?? "utloggad"} ${path.slice(0, 200)}`);
    });
    await inParallel(tasks);
    // Each route was reached with something valid too: the fuzzing ran past the sign-in.
    const ok = await app.fetch(`${r.path}${r.base ? `?${r.base}` : ""}`, { as });
    expect([200, 302], r.path).toContain(ok.status);
  });

  it("a POST to a route without an action is refused, not an error", async () => {
    for (const r of ROUTES.filter((x) => !["/logga-in", "/logga-ut"].includes(x.path))) {
      const res = await app.fetch(r.path, { as: r.as ? sessions[r.as] : null, form: { x: "' OR 1=1 --" } });
      await expectSafe(res, `POST ${r.path}`);
      expect([403, 405], `POST ${r.path}`).toContain(res.status);
    }
  });
});

describe("the case id path segment", () => {
  it("/arenden/<hostile id> gives 400 or 404, never a case or an error", async () => {
    const ids = [...ALL_VALUES.filter((x) => x.v.trim() !== "").map(enc), "0000000000000000", "FFFFFFFFFFFFFFFF", "00000000000000ff%00", "a".repeat(17)];
    const tasks = ids.flatMap((id) =>
      ["", "?fran=%FF%FE"].map((q) => async () => {
        const label = `/arenden/${id.slice(0, 60)}${q.slice(0, 30)}`;
        const res = await app.fetch(`/arenden/${id}${q}`, { as: sessions.enhetschef });
        await expectSafe(res, label);
        expect([400, 404], label).toContain(res.status);
        // Refused before the id is looked at, and the refusal (with the URL) is logged without error.
        const refused = await app.fetch(`/arenden/${id}${q}`, { as: sessions.forvaltning });
        await expectSafe(refused, `forvaltning ${label}`);
        expect(refused.status, `forvaltning ${label}`).toBe(403);
      }),
    );
    await inParallel(tasks);
  });
});

/** One value of every kind for the n-th field (rotating, as for query parameters). */
const valuesFor = (n: number): Value[] => Object.values(KINDS).map((values) => values[n % values.length]);

/** A urlencoded form body; raw values go in as they are (so a field can hold invalid UTF-8). */
function formBody(fields: [string, Value][]): string {
  return fields.map(([k, x]) => `${encodeURIComponent(k)}=${enc(x)}`).join("&");
}
const plain = (v: string): Value => ({ v });

describe("form fields of the actions", () => {
  it("/logga-in: username, password, redirectTo and the CSRF token", async () => {
    const page = await app.fetch("/logga-in");
    const cookie = (page.headers.get("Set-Cookie") ?? "").split(";")[0];
    const token = /name="_csrf" value="([^"]+)"/.exec(await bodyText(page))?.[1] ?? "";
    expect(cookie).toMatch(/^ledsagning_csrf=/);
    expect(token).not.toBe("");
    const user = (await app.session("analytiker")).user;
    let n = 0;
    const post = async (fields: [string, Value][], label: string) => {
      // Each attempt from an address of its own, so that the per-IP throttle does not answer instead of the checks.
      const res = await app.fetch("/logga-in", {
        urlencoded: formBody(fields.some(([k]) => k === CSRF_FIELD) ? fields : [[CSRF_FIELD, plain(token)], ...fields]),
        headers: { Cookie: cookie, "x-ledsagning-client-ip": `10.9.${Math.floor(n / 250)}.${n++ % 250}` },
      });
      await expectSafe(res, `/logga-in ${label}`);
      return res;
    };
    const right = (): [string, Value][] => [
      ["username", plain(user.username)],
      ["password", plain(TEST_PASSWORD)],
    ];
    // One value of each kind per field (each sign-in costs a full scrypt, also for an unknown user).
    for (const [i, x] of valuesFor(0).entries()) {
      const label = (f: string, y: Value) => `${f}=${y.v.slice(0, 40)}`;
      // A fresh unknown username for each password, so the per-username lock does not answer instead.
      const a = await post([["username", x], ["password", plain("ett-lösenord-123")]], label("username", x));
      expect([400, 401, 429], label("username", x)).toContain(a.status);
      const y = valuesFor(1)[i];
      const b = await post([["username", plain(`fuzz-${i}`)], ["password", y]], label("password", y));
      expect([400, 401, 429], label("password", y)).toContain(b.status);
      // The right password with a hostile redirectTo: signed in, and sent somewhere on this site (expectSafe).
      const z = valuesFor(2)[i];
      const c = await post([...right(), ["redirectTo", z]], label("redirectTo", z));
      expect([302, 400], label("redirectTo", z)).toContain(c.status);
    }
    // A wrong CSRF token stops the attempt before the password is looked at (cheap): every value.
    for (const x of ALL_VALUES) {
      const d = await post([...right(), [CSRF_FIELD, x]], `_csrf=${x.v.slice(0, 40)}`);
      expect(d.status, `_csrf=${x.v.slice(0, 40)}`).toBe(403);
    }
    for (const target of ["//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/%2F%2Fevil.example"]) {
      const r = await post([...right(), ["redirectTo", plain(target)]], `redirectTo=${target}`);
      expect(r.status, target).toBe(302);
      // Wherever it goes, it is on this site.
      expect(new URL(r.headers.get("Location") ?? "", "http://localhost/").origin, target).toBe("http://localhost");
    }
  });

  it("/admin/anvandare: every field of every intent, and the CSRF token", async () => {
    const admin = sessions.admin;
    const existing = sessions.analytiker.user.username;
    const valid: Record<string, string>[] = [
      // An existing username: creating it fails, so only a fuzzed username can create anyone.
      { intent: "skapa", username: existing, role: "analytiker", password: "ett-bra-lösenord", ovriga: "" },
      { intent: "ta-bort", username: "finns-inte" },
      { intent: "losenord", username: "finns-inte", password: "ett-bra-lösenord" },
      { intent: "roll", username: "finns-inte", role: "enhetschef", ovriga: "Stockholm/Farsta" },
    ];
    const tasks: (() => Promise<void>)[] = [];
    let n = 0;
    for (const base of valid) {
      for (const field of [...Object.keys(base), "stadsdel", CSRF_FIELD]) {
        for (const x of valuesFor(n++)) {
          tasks.push(async () => {
            const fields: [string, Value][] = Object.entries(base)
              .filter(([k]) => k !== field)
              .map(([k, v]) => [k, plain(v)]);
            // A stadsdel is a repeated field (checkboxes): sent twice.
            fields.push([field, x], ...(field === "stadsdel" ? [[field, x] as [string, Value]] : []));
            if (field !== CSRF_FIELD) fields.unshift([CSRF_FIELD, plain(admin.csrfToken)]);
            const res = await app.fetch("/admin/anvandare", { as: admin, urlencoded: formBody(fields) });
            const label = `${base.intent} ${field}=${x.v.slice(0, 40)}`;
            await expectSafe(res, label);
            if (field === CSRF_FIELD) expect(res.status, label).toBe(403);
            else expect([200, 400], label).toContain(res.status);
          });
        }
      }
    }
    await inParallel(tasks, 2);
    // Nothing happened to the accounts that existed: the signed-in admin still works.
    expect((await app.fetch("/admin/anvandare", { as: admin })).status).toBe(200);
  });

  it("/logga-ut: a hostile CSRF token is refused and the session lives on", async () => {
    const s = await app.session("forvaltning");
    for (const x of ALL_VALUES) {
      const res = await app.fetch("/logga-ut", { as: s, urlencoded: formBody([[CSRF_FIELD, x]]) });
      await expectSafe(res, `_csrf=${x.v.slice(0, 40)}`);
      expect(res.status, `_csrf=${x.v.slice(0, 40)}`).toBe(403);
    }
    expect((await app.fetch("/logga-ut", { as: s })).status).toBe(200);
  });
});

describe("afterwards", () => {
  it("the data are unchanged, and no account changed", async () => {
    const after = await snapshot();
    expect(Object.keys(before.tables).length).toBeGreaterThan(10);
    expect(after.tables).toEqual(before.tables);
    for (const [id, v] of before.users) expect(after.users.get(id), `auth_user ${id}`).toBe(v);
    // New accounts can only come from a fuzzed username that is a valid one (e.g. "1e309",
    // which the "roll" intent may then change); none other.
    const added = await app.rows<{ username: string; role: string }>(
      `SELECT username, role FROM auth_user WHERE user_id NOT IN (${[...before.users.keys()].join(",") || "NULL"}) AND username NOT LIKE 'test-%'`,
    );
    for (const u of added) {
      expect(u.username).toMatch(/^[a-z0-9._-]{2,64}$/);
      expect(VALUES.map((v) => v.toLowerCase())).toContain(u.username);
    }
    // The fuzzing reached the routes: most answers were refusals of bad input, some were pages.
    expect(counts.byStatus.get(400) ?? 0).toBeGreaterThan(500);
    expect(counts.byStatus.get(200) ?? 0).toBeGreaterThan(50);
    expect(counts.byStatus.get(500) ?? 0).toBe(0);
  });
});
