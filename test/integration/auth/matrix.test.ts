/**
 * The authorisation matrix (issue 6, "Proof"): every route of app/routes × every
 * role and signed-out, through the real Remix request handler on the production
 * build (test/support/app-under-test.ts) and a DuckDB filled by the real ETL and
 * rules engine. For each cell: the status (and where a redirect goes), and that
 * nothing of the cases leaks to an account that may not see it:
 *
 *  - no case pseudonym (arende_id) in the HTML or CSV of an account without case
 *    access, and for an enhetschef none outside the account's stadsdelar;
 *  - no person pseudonym (person_id) to anyone;
 *  - no free-text value (avbokningar.orsak, omkostnader.aktivitet, beslut.handlaggare)
 *    to an account without `view-free-text`, and no free-text column in the
 *    analytiker's case export.
 *
 * The expected table is written out below from the rights in app/auth/roles.ts
 * (ROLE_RIGHTS), not computed from them, so that a change there shows up here.
 * Signed out, every page and export except the sign-in page, /healthz and the icon
 * sends the reader to /logga-in?redirectTo=<the page>.
 *
 * Also: the single-fetch data URL of every page (`/<page>.data`, what the client
 * router fetches; Remix can run one route's loader without its parent's), and the
 * enhetschef who asks for a case, or the case export, of another stadsdel by URL:
 * 403, and the attempt is in the audit log. (The case page's refusal is also
 * tested at the loader level in test/integration/queries/arenden.test.ts,
 * "refuses a case of another stadsdel with 403, and logs the attempt", and the
 * policy function in policy-csrf.test.ts.)
 *
 * Found by it (and fixed): an admin asking for `/` (the header's "Ledsagning" link)
 * got a 403 instead of the admin start page; an enhetschef's case export of another
 * stadsdel gave 200 with an empty file and no refusal in the audit log.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLE_RIGHTS, ROLES, type Role } from "../../../app/auth/roles.ts";
import type { TestSession } from "../../support/auth.ts";
import { bodyText, useAppUnderTest } from "../../support/app-under-test.ts";
import { PROJECT_ROOT } from "../../../etl/db.ts";

const app = useAppUnderTest("ledsagning-matrix-");

type Who = Role | "utloggad";
const WHO: readonly Who[] = ["utloggad", ...ROLES];

/**
 * An expected answer: a status, "login" (302 to the sign-in page, returning to
 * this page afterwards), or `{ redirect }` (302 to that location).
 */
type Expect = 200 | 403 | "login" | { redirect: string };

type Kind = "html" | "csv" | "pdf" | "text" | "svg";

interface RouteCase {
  /** The route module in app/routes. */
  route: string;
  /** Path and query; a function when it needs facts from the database. */
  path: string | (() => string);
  kind: Kind;
  expect: Record<Who, Expect>;
}

const L = "login" as const;

/** Each row: signed out, förvaltning, enhetschef, analytiker, admin. */
function row(utloggad: Expect, forvaltning: Expect, enhetschef: Expect, analytiker: Expect, admin: Expect): Record<Who, Expect> {
  return { utloggad, forvaltning, enhetschef, analytiker, admin };
}

// view-aggregates / export-aggregates: förvaltning, enhetschef, analytiker; not admin.
const AGGREGATE = row(L, 200, 200, 200, 403);

const REPORT_Q = "kommun=Stockholm&period=2026-T2";

/** Facts read from the database in beforeAll. */
const facts = {
  /** A case in the enhetschef's stadsdelar (Stockholm/Farsta) and one outside them (Stockholm/Bromma). */
  ownCase: "",
  otherCase: "",
  /** The first CSV link of each dashboard page, as the page itself renders it. */
  csv: {} as Record<string, string>,
  rapportCsv: "",
};

const csvOf = (page: string) => () => {
  const href = facts.csv[page];
  if (!href) throw new Error(`ingen CSV-länk hittades på ${page}`);
  return href;
};

/** Every route in app/routes (checked against the directory in the first test). */
const MATRIX: RouteCase[] = [
  // The overview: an admin has no aggregates and is sent to the admin section.
  { route: "_index.tsx", path: "/", kind: "html", expect: row(L, 200, 200, 200, { redirect: "/admin" }) },
  { route: "oversikt[.]csv.ts", path: csvOf("/"), kind: "csv", expect: AGGREGATE },
  { route: "timmar.tsx", path: "/timmar", kind: "html", expect: AGGREGATE },
  { route: "timmar[.]csv.ts", path: csvOf("/timmar"), kind: "csv", expect: AGGREGATE },
  { route: "stadsdelar.tsx", path: "/stadsdelar", kind: "html", expect: AGGREGATE },
  { route: "stadsdelar[.]csv.ts", path: csvOf("/stadsdelar"), kind: "csv", expect: AGGREGATE },
  { route: "kon.tsx", path: "/kon", kind: "html", expect: AGGREGATE },
  { route: "kon[.]csv.ts", path: csvOf("/kon"), kind: "csv", expect: AGGREGATE },
  { route: "omkostnader.tsx", path: "/omkostnader", kind: "html", expect: AGGREGATE },
  { route: "omkostnader[.]csv.ts", path: csvOf("/omkostnader"), kind: "csv", expect: AGGREGATE },
  { route: "avslag.tsx", path: "/avslag", kind: "html", expect: AGGREGATE },
  { route: "avslag[.]csv.ts", path: csvOf("/avslag"), kind: "csv", expect: AGGREGATE },
  { route: "utforare.tsx", path: "/utforare", kind: "html", expect: AGGREGATE },
  { route: "utforare[.]csv.ts", path: csvOf("/utforare"), kind: "csv", expect: AGGREGATE },
  { route: "bevakning.tsx", path: "/bevakning", kind: "html", expect: AGGREGATE },
  { route: "bevakning[.]csv.ts", path: csvOf("/bevakning"), kind: "csv", expect: AGGREGATE },
  { route: "data.tsx", path: "/data", kind: "html", expect: AGGREGATE },
  // view-cases: only enhetschef, and only for the account's stadsdelar.
  { route: "arenden._index.tsx", path: "/arenden", kind: "html", expect: row(L, 403, 200, 403, 403) },
  { route: "arenden.$id.tsx", path: () => `/arenden/${facts.ownCase}`, kind: "html", expect: row(L, 403, 200, 403, 403) },
  { route: "arenden.$id.tsx", path: () => `/arenden/${facts.otherCase}`, kind: "html", expect: row(L, 403, 403, 403, 403) },
  // export-cases: enhetschef (own stadsdelar), analytiker (all, pseudonymised).
  { route: "arenden[.]csv.tsx", path: "/arenden.csv?period=2025", kind: "csv", expect: row(L, 403, 200, 200, 403) },
  {
    route: "arenden[.]csv.tsx",
    path: "/arenden.csv?period=2025&kommun=Stockholm&stadsdel=Bromma",
    kind: "csv",
    expect: row(L, 403, 403, 200, 403),
  },
  // view-report: förvaltning only.
  { route: "rapport.tsx", path: `/rapport?${REPORT_Q}`, kind: "html", expect: row(L, 200, 403, 403, 403) },
  { route: "rapport[.]csv.ts", path: () => facts.rapportCsv, kind: "csv", expect: row(L, 200, 403, 403, 403) },
  { route: "rapport[.]pdf.ts", path: `/rapport.pdf?${REPORT_Q}`, kind: "pdf", expect: row(L, 200, 403, 403, 403) },
  // admin: the admin role only. The layout (admin.tsx) is checked through each child.
  { route: "admin._index.tsx", path: "/admin", kind: "html", expect: row(L, 403, 403, 403, 200) },
  { route: "admin.tsx", path: "/admin/anvandare", kind: "html", expect: row(L, 403, 403, 403, 200) },
  { route: "admin.anvandare.tsx", path: "/admin/anvandare", kind: "html", expect: row(L, 403, 403, 403, 200) },
  { route: "admin.logg.tsx", path: "/admin/logg", kind: "html", expect: row(L, 403, 403, 403, 200) },
  { route: "admin.logg[.]csv.tsx", path: "/admin/logg.csv", kind: "csv", expect: row(L, 403, 403, 403, 200) },
  // Open to all: they reveal nothing about the data.
  { route: "healthz.ts", path: "/healthz", kind: "text", expect: row(200, 200, 200, 200, 200) },
  { route: "favicon[.]svg.ts", path: "/favicon.svg", kind: "svg", expect: row(200, 200, 200, 200, 200) },
  // The sign-in page sends a signed-in reader home; the sign-out page needs a session.
  {
    route: "logga-in.tsx",
    path: "/logga-in",
    kind: "html",
    expect: row(200, { redirect: "/" }, { redirect: "/" }, { redirect: "/" }, { redirect: "/admin" }),
  },
  { route: "logga-ut.tsx", path: "/logga-ut", kind: "html", expect: row({ redirect: "/logga-in" }, 200, 200, 200, 200) },
];

/** Audit-log pages show the pseudonyms of logged views: that is their purpose (admin only). */
const AUDIT_LOG_PATHS = new Set(["/admin/logg", "/admin/logg.csv"]);

const sessions = {} as Record<Role, TestSession>;
let caseIds = new Map<string, string>(); // arende_id → "kommun/stadsdel_nu"
let personIds = new Set<string>();
let freeText: string[] = [];
const ENHETSCHEF_STADSDELAR = new Set(["Stockholm/Farsta", "Stockholm/Södermalm"]);

beforeAll(async () => {
  for (const role of ROLES) sessions[role] = await app.session(role); // enhetschef: Stockholm/Farsta, Stockholm/Södermalm
  const cases = await app.rows<{ arende_id: string; kommun: string; stadsdel_nu: string | null; stadsdel: string | null }>(
    "SELECT arende_id, kommun, stadsdel_nu, stadsdel FROM arende",
  );
  caseIds = new Map(cases.map((c) => [c.arende_id, `${c.kommun}/${c.stadsdel_nu ?? c.stadsdel}`]));
  facts.ownCase = cases.filter((c) => c.kommun === "Stockholm" && c.stadsdel_nu === "Farsta").map((c) => c.arende_id).sort()[0];
  facts.otherCase = cases.filter((c) => c.kommun === "Stockholm" && c.stadsdel_nu === "Bromma").map((c) => c.arende_id).sort()[0];
  personIds = new Set((await app.rows<{ p: string }>("SELECT DISTINCT person_id AS p FROM beslut")).map((r) => r.p));
  // Distinct free-text values long enough not to be ordinary words of the pages, and
  // not words the product itself prints (e.g. the aktivitet "Schablonersättning" is
  // also the name of an omkostnad type on the pages).
  const productText = sourceText(["app", "queries"]);
  freeText = (
    await app.rows<{ v: string }>(
      `SELECT DISTINCT v FROM (
         SELECT orsak AS v FROM avbokningar UNION ALL SELECT aktivitet FROM omkostnader UNION ALL SELECT handlaggare FROM beslut
       ) WHERE v IS NOT NULL AND length(v) >= 8`,
    )
  )
    .map((r) => r.v)
    .filter((v) => !productText.includes(v));

  // Each dashboard's CSV link as the page renders it for förvaltning.
  for (const page of ["/", "/timmar", "/stadsdelar", "/kon", "/omkostnader", "/avslag", "/utforare", "/bevakning"]) {
    const html = await bodyText(await app.fetch(page, { as: sessions.forvaltning }));
    const csvPath = `${page === "/" ? "/oversikt" : page}.csv?`;
    const m = new RegExp(`href="(${csvPath.replace(/[.?]/g, "\\$&")}[^"]*)"`).exec(html);
    if (m) facts.csv[page] = m[1].replace(/&amp;/g, "&");
  }
  const rapport = await bodyText(await app.fetch(`/rapport?${REPORT_Q}`, { as: sessions.forvaltning }));
  const m = /href="(\/rapport\.csv\?[^"]*)"/.exec(rapport);
  facts.rapportCsv = m ? m[1].replace(/&amp;/g, "&") : "";
}, 300_000);

/** The text of every source file under the given folders of the project. */
function sourceText(dirs: string[]): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|json)$/.test(e.name)) out.push(readFileSync(p, "utf8"));
    }
  };
  for (const d of dirs) walk(join(PROJECT_ROOT, d));
  return out.join("\n");
}

/** The 16-hex-digit tokens of a body that are pseudonyms in the database. */
function pseudonymsIn(body: string): { cases: string[]; persons: string[] } {
  const tokens = new Set(body.match(/\b[0-9a-f]{16}\b/g) ?? []);
  return { cases: [...tokens].filter((t) => caseIds.has(t)), persons: [...tokens].filter((t) => personIds.has(t)) };
}

/** Asserts what `who` may see of the cases in a body they received. */
function expectNoLeak(who: Who, path: string, body: string): void {
  const label = `${who} ${path}`;
  const found = pseudonymsIn(body);
  expect(found.persons, `${label}: personpseudonymer`).toEqual([]);
  const rights = who === "utloggad" ? [] : ROLE_RIGHTS[who];
  const pathOnly = path.split("?")[0];
  if (!rights.includes("view-cases") && !rights.includes("export-cases")) {
    if (!(who === "admin" && AUDIT_LOG_PATHS.has(pathOnly))) expect(found.cases, `${label}: ärendepseudonymer`).toEqual([]);
  } else if (who === "enhetschef") {
    const outside = found.cases.filter((id) => !ENHETSCHEF_STADSDELAR.has(caseIds.get(id)!));
    expect(outside, `${label}: ärenden utanför kontots stadsdelar`).toEqual([]);
  } else if (who === "analytiker" && !pathOnly.endsWith(".csv")) {
    // Pseudonymised case exports only: no case pages, so no pseudonyms in HTML.
    expect(found.cases, `${label}: ärendepseudonymer i HTML`).toEqual([]);
  }
  if (!rights.includes("view-free-text")) {
    expect(
      freeText.filter((v) => body.includes(v)),
      `${label}: fritext`,
    ).toEqual([]);
  }
}

async function check(c: RouteCase, who: Who): Promise<{ status: number; body: string }> {
  const path = typeof c.path === "function" ? c.path() : c.path;
  const res = await app.fetch(path, { as: who === "utloggad" ? null : sessions[who] });
  const body = c.kind === "pdf" ? "" : await bodyText(res);
  const want = c.expect[who];
  const label = `${who} ${path}`;
  if (want === "login") {
    expect(res.status, label).toBe(302);
    expect(res.headers.get("Location"), label).toBe(`/logga-in?${new URLSearchParams({ redirectTo: path })}`);
  } else if (typeof want === "object") {
    expect(res.status, label).toBe(302);
    expect(res.headers.get("Location"), label).toBe(want.redirect);
  } else {
    expect(res.status, `${label}: ${body.slice(0, 300)}`).toBe(want);
  }
  if (want === 200) {
    const type = res.headers.get("Content-Type") ?? "";
    const expected = { html: /^text\/html/, csv: /^text\/csv/, pdf: /^application\/pdf/, text: /^text\/plain/, svg: /^image\/svg\+xml/ }[c.kind];
    expect(type, label).toMatch(expected);
    if (c.kind === "pdf") expect(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5)), label).toBe("%PDF-");
    if (c.kind === "csv") expect(body.startsWith("\uFEFF"), label).toBe(true);
  }
  if (want === 403 && c.kind === "html") {
    // The root ErrorBoundary's Swedish 403 page, without the route's content.
    expect(body, label).toContain("Du har inte behörighet");
    expect(body, label).toMatch(/<span data-status[^>]*>403<\/span>/);
  }
  expectNoLeak(who, path, body);
  return { status: res.status, body };
}

describe("the matrix covers every route", () => {
  it("lists every module of app/routes, and every route's facts were found", async () => {
    const files = readdirSync(join(PROJECT_ROOT, "app", "routes")).sort();
    expect([...new Set(MATRIX.map((c) => c.route))].sort()).toEqual(files);
    expect(facts.ownCase).toMatch(/^[0-9a-f]{16}$/);
    expect(facts.otherCase).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(facts.csv).sort()).toEqual(["/", "/avslag", "/bevakning", "/kon", "/omkostnader", "/stadsdelar", "/timmar", "/utforare"]);
    expect(facts.rapportCsv).toMatch(/^\/rapport\.csv\?.*export=/);
    expect(freeText.length).toBeGreaterThan(10);
  });
});

describe.each(MATRIX.map((c) => [`${c.route} ${typeof c.path === "string" ? c.path : "(väg ur databasen)"}`, c] as const))(
  "%s",
  (_name, c) => {
    it.each(WHO.map((w) => [w]))("%s", async (who) => {
      await check(c, who);
    });
  },
);

describe("what an account without case access gets is free of cases, also where the page is allowed", () => {
  it("the enhetschef's own case page shows the case (and the leak check catches it elsewhere); the analytiker's case export has no free-text column", async () => {
    const own = await bodyText(await app.fetch(`/arenden/${facts.ownCase}`, { as: sessions.enhetschef }));
    expect(own).toContain(facts.ownCase);
    // The leak check would catch this page anywhere else (its pseudonym, for any other
    // role), and a free-text value in what an analytiker gets.
    expect(() => expectNoLeak("forvaltning", "/timmar", own)).toThrow(/ärendepseudonymer/);
    expect(() => expectNoLeak("admin", "/admin", own)).toThrow(/ärendepseudonymer/);
    expect(() => expectNoLeak("analytiker", "/arenden.csv", `x;${freeText[0]};y`)).toThrow(/fritext/);
    // And an enhetschef's body with another stadsdel's case.
    expect(() => expectNoLeak("enhetschef", "/timmar", `<td>${facts.otherCase}</td>`)).toThrow(/utanför kontots stadsdelar/);

    const csv = await bodyText(await app.fetch("/arenden.csv?period=2025", { as: sessions.analytiker }));
    const header = csv.slice(1, csv.indexOf("\r\n")).split(";");
    expect(header[0]).toBe("ärende (pseudonym)");
    expect(header.filter((h) => /orsak|aktivitet|handläggare|handlaggare/i.test(h))).toEqual([]);
    // It is a real export: pseudonymised cases from more than the enhetschef's stadsdelar.
    const ids = pseudonymsIn(csv).cases;
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.some((id) => !ENHETSCHEF_STADSDELAR.has(caseIds.get(id)!))).toBe(true);

    // The enhetschef's export holds only the account's cases, and some of them.
    const own2 = pseudonymsIn(await bodyText(await app.fetch("/arenden.csv?period=2025", { as: sessions.enhetschef }))).cases;
    expect(own2.length).toBeGreaterThan(0);
    expect(own2.every((id) => ENHETSCHEF_STADSDELAR.has(caseIds.get(id)!))).toBe(true);
  });
});

describe("single-fetch data requests (/<page>.data) are refused the same way", () => {
  // What the client router fetches on navigation; each route's loader must check on its own.
  const pages: { path: string | (() => string); allowed: Role[] }[] = [
    { path: "/arenden", allowed: ["enhetschef"] },
    { path: () => `/arenden/${facts.ownCase}`, allowed: ["enhetschef"] },
    { path: () => `/arenden/${facts.otherCase}`, allowed: [] },
    { path: `/rapport?${REPORT_Q}`, allowed: ["forvaltning"] },
    { path: "/timmar", allowed: ["forvaltning", "enhetschef", "analytiker"] },
    { path: "/admin/logg", allowed: ["admin"] },
    { path: "/admin/anvandare", allowed: ["admin"] },
  ];
  it.each(pages.map((p) => [typeof p.path === "string" ? p.path : "(ärende)", p] as const))("%s", async (_n, p) => {
    const path = typeof p.path === "function" ? p.path() : p.path;
    const [pathname, query] = path.split("?");
    const dataPath = `${pathname === "/" ? "/_root" : pathname}.data${query ? `?${query}` : ""}`;
    for (const who of WHO) {
      const res = await app.fetch(dataPath, { as: who === "utloggad" ? null : sessions[who] });
      const body = await bodyText(res);
      const label = `${who} ${dataPath}`;
      if (who === "utloggad") {
        // Single fetch answers a redirect as 202 with the target in the stream.
        expect([202, 302], label).toContain(res.status);
        expect(body, label).toContain("/logga-in?redirectTo=");
      } else if (p.allowed.includes(who)) {
        expect(res.status, label).toBe(200);
      } else {
        expect(res.status, label).toBe(403);
      }
      expectNoLeak(who, path, body);
    }
  });
});

describe("an enhetschef asking by URL for another stadsdel's case or case export", () => {
  it("gets 403 for the case page, and the attempt is in the audit log with the pseudonym", async () => {
    const s = await app.session("enhetschef", { stadsdelar: [{ kommun: "Stockholm", stadsdel: "Farsta" }] });
    const res = await app.fetch(`/arenden/${facts.otherCase}`, { as: s });
    expect(res.status).toBe(403);
    const body = await bodyText(res);
    expect(body).not.toContain(`Ärende ${facts.otherCase}`);
    const rows = await app.rows<{ action: string; outcome: string; route: string; pseudonyms: string[]; ip: string }>(
      `SELECT action, outcome, route, pseudonyms, ip FROM audit_log WHERE username = '${s.user.username}' ORDER BY id`,
    );
    expect(rows).toEqual([{ action: "arende.visa", outcome: "nekad", route: `/arenden/${facts.otherCase}`, pseudonyms: [facts.otherCase], ip: "127.0.0.1" }]);
  });

  it("gets 403 for the case export of that stadsdel, and the attempt is in the audit log", async () => {
    const s = await app.session("enhetschef", { stadsdelar: [{ kommun: "Stockholm", stadsdel: "Farsta" }] });
    const res = await app.fetch("/arenden.csv?kommun=Stockholm&stadsdel=Bromma", { as: s });
    expect(res.status).toBe(403);
    expect(res.headers.get("Content-Type")).not.toMatch(/text\/csv/);
    const rows = await app.rows<{ action: string; outcome: string; route: string; query: string }>(
      `SELECT action, outcome, route, query FROM audit_log WHERE username = '${s.user.username}' ORDER BY id`,
    );
    expect(rows).toEqual([{ action: "export.arenden", outcome: "nekad", route: "/arenden.csv", query: "kommun=Stockholm&stadsdel=Bromma" }]);
    // The own stadsdel's export is allowed and logged as an export.
    const own = await app.fetch("/arenden.csv?kommun=Stockholm&stadsdel=Farsta", { as: s });
    expect(own.status).toBe(200);
  });
});
