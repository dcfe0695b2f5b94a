/**
 * The case list and the case page on a real DuckDB filled by the real ETL and rules
 * engine (synthetic data, 2 years, scale 0.1): which cases a filter selects (checked
 * against SQL written independently here), pagination, sorting, the total row, bad
 * parameters, and the routes with sign-in, access and audit.
 */
import Papa from "papaparse";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { searchAudit } from "../../../app/auth/audit-log.server.ts";
import * as caseRoute from "../../../app/routes/arenden.$id.tsx";
import * as listRoute from "../../../app/routes/arenden._index.tsx";
import * as csvRoute from "../../../app/routes/arenden[.]csv.tsx";
import type { ListPageData } from "../../../app/components/arende/list.server.ts";
import type { CasePageData } from "../../../app/components/arende/case.server.ts";
import {
  getArende,
  listArenden,
  parseArendeList,
  PAGE_SIZE,
  streamArenden,
  type ArendeListQuery,
  type ArendeListRow,
  type CaseAccess,
} from "../../../queries/arenden.ts";
import { FilterError, parsePeriod } from "../../../queries/filters.ts";
import { requestAs } from "../../support/auth.ts";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { RegelverkNotice } from "../../../app/components/arende/CaseRegelverk.tsx";
import { regelverkView } from "../../../app/components/arende/regelverk.server.ts";
import { call, useSyntheticDb } from "./arenden-fixture.ts";

const fx = useSyntheticDb();
const DEFAULT = parsePeriod("2026-T2")!;
const ALL: CaseAccess = { kind: "all" };

const q = (qs: string): ArendeListQuery => parseArendeList(new URLSearchParams(qs), DEFAULT);

/** Every row of the list, page by page. */
async function allRows(qs: string, access: CaseAccess = ALL): Promise<ArendeListRow[]> {
  const out: ArendeListRow[] = [];
  for (let sida = 1; ; sida++) {
    const l = await listArenden(fx.db, q(`${qs}&sida=${sida}`), access);
    out.push(...l.rows);
    if (sida >= l.sidor) return out;
  }
}

async function ids(query: string, params: unknown[] = []): Promise<string[]> {
  const r = await sql<{ arende_id: string }>`${sql.raw(
    query.replace(/\$(\d)/g, (_, i) => `'${String(params[Number(i) - 1]).replace(/'/g, "''")}'`)
  )}`.execute(fx.db);
  return r.rows.map((x) => x.arende_id).sort();
}

const sorted = (rows: { arendeId: string }[]) => rows.map((r) => r.arendeId).sort();

function filterError(f: () => unknown): FilterError {
  try {
    f();
  } catch (e) {
    if (e instanceof FilterError) return e;
    throw e;
  }
  throw new Error("inget FilterError kastades");
}

describe("parseArendeList", () => {
  it("has defaults: månadsrader, the default period, sorted by beviljade timmar, page 1", () => {
    const x = q("");
    expect(x.scope).toBe("manad");
    expect(x.filters.period.key).toBe("2026-T2");
    expect(x.sort).toEqual({ key: "beviljade", dir: "desc" });
    expect(x.sida).toBe(1);
    expect(x.dialect).toBe("excel");
  });

  it("lets utfall imply beslut, flagga imply flagga and a measure imply its scope", () => {
    expect(q("utfall=avslag").scope).toBe("beslut");
    expect(q("flagga=R13&flagga=R16").scope).toBe("flagga");
    expect(q("flagga=R13&flagga=R16").flagga).toEqual(["R13", "R16"]);
    expect(q("matt=avslagsandel").scope).toBe("beslut");
    expect(q("matt=arenden_med_flagga&flagga=R1").scope).toBe("flagga");
    expect(q("matt=forverkade").sort).toEqual({ key: "matt", dir: "desc" });
    expect(q("sort=stadsdel").sort).toEqual({ key: "stadsdel", dir: "asc" });
    expect(q("sort=utforda:asc").sort).toEqual({ key: "utforda", dir: "asc" });
  });

  it.each([
    ["scope=alla", "scope"],
    ["flagga=R2", "flagga"],
    ["flagga=R17", "flagga"],
    ["utfall=nej", "utfall"],
    ["matt=finns_inte", "matt"],
    ["matt=DROP TABLE arende", "matt"],
    ["sort=personnummer", "sort"],
    ["sort=beviljade:upp", "sort"],
    ["sort=matt", "sort"],
    ["sida=0", "sida"],
    ["sida=abc", "sida"],
    ["sida=99999999", "sida"],
    ["sida=1&sida=2", "sida"],
    ["scope=manad&scope=beslut", "scope"],
    ["export=pdf", "export"],
    ["dialect=latin1", "dialect"],
    ["period=2026-T4", "period"],
    ["kon=X", "kon"],
    ["aldersgrupp=90-", "aldersgrupp"],
    ["stadsdel=%3Cscript%3E", "stadsdel"],
    ["utfall=avslag&scope=manad", "utfall"],
    ["flagga=R1&scope=beslut", "flagga"],
    ["flagga=R1&utfall=avslag", "utfall"],
    ["matt=beviljade&scope=beslut", "matt"],
  ])("refuses %s naming the parameter %s", (qs, param) => {
    expect(filterError(() => q(qs)).param).toBe(param);
  });
});

describe("listArenden: which cases a filter selects", () => {
  const T2 = "period=2026-T2";

  it("selects the cases with ledger months in the period (and reads hours from them)", async () => {
    const rows = await allRows(T2);
    expect(rows.length).toBeGreaterThan(PAGE_SIZE);
    expect(sorted(rows)).toEqual(
      await ids(`SELECT DISTINCT arende_id FROM ledger_manad WHERE manad >= DATE '2026-05-01' AND manad < DATE '2026-09-01'`)
    );
    const one = rows[0];
    const truth = await sql<{ b: number; u: number; f: number }>`
      SELECT sum(beviljade_h) AS b, sum(utforda_h) AS u, sum(forbrukade_h) AS f FROM ledger_manad
      WHERE arende_id = ${one.arendeId} AND manad >= DATE '2026-05-01' AND manad < DATE '2026-09-01'`.execute(fx.db);
    expect(one.beviljade).toBeCloseTo(truth.rows[0].b, 9);
    expect(one.utforda).toBeCloseTo(truth.rows[0].u, 9);
    expect(one.forbrukade).toBeCloseTo(truth.rows[0].f, 9);
    expect(one.utforandegrad).toBeCloseTo(truth.rows[0].u / truth.rows[0].b, 9);
  });

  it("filters by kommun and stadsdel (today's name or the name on the beslut)", async () => {
    const rows = await allRows(`${T2}&kommun=Stockholm&stadsdel=Farsta&stadsdel=Järva`);
    expect(rows.length).toBeGreaterThan(0);
    expect(sorted(rows)).toEqual(
      await ids(`SELECT DISTINCT arende_id FROM ledger_manad WHERE manad >= DATE '2026-05-01' AND manad < DATE '2026-09-01'
                 AND kommun = 'Stockholm' AND (stadsdel_nu IN ('Farsta', 'Järva') OR stadsdel IN ('Farsta', 'Järva'))`)
    );
  });

  it("filters by kön, lagrum, insats, åldersgrupp and utförare", async () => {
    const rows = await allRows(`${T2}&kon=K&lagrum=LSS&aldersgrupp=25-64`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.kon === "K")).toBe(true);
    expect(sorted(rows)).toEqual(
      await ids(`SELECT DISTINCT arende_id FROM ledger_manad WHERE manad >= DATE '2026-05-01' AND manad < DATE '2026-09-01'
                 AND kon = 'K' AND lagrum = 'LSS' AND year(manad) - fodelsear BETWEEN 25 AND 64`)
    );
    const u = await sql<{
      utforare: string;
    }>`SELECT utforare FROM ledger_manad WHERE utforare IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`.execute(fx.db);
    const byU = await allRows(`${T2}&utforare=${u.rows[0].utforare}&insats=ledsagarservice`);
    expect(sorted(byU)).toEqual(
      await ids(
        `SELECT DISTINCT arende_id FROM ledger_manad WHERE manad >= DATE '2026-05-01' AND manad < DATE '2026-09-01'
                 AND utforare = $1 AND insats = 'ledsagarservice'`,
        [u.rows[0].utforare]
      )
    );
  });

  it("utfall selects the beslut of the period with that utfall, and shows it", async () => {
    const rows = await allRows("period=2025&utfall=avslag&utfall=delavslag");
    expect(rows.length).toBeGreaterThan(0);
    expect(sorted(rows)).toEqual(
      await ids(`SELECT DISTINCT arende_id FROM arende_beslut WHERE beslut_datum >= DATE '2025-01-01' AND beslut_datum < DATE '2026-01-01'
                 AND utfall IN ('avslag', 'delavslag')`)
    );
    expect(rows.every((r) => r.utfall === "avslag" || r.utfall === "delavslag")).toBe(true);
  });

  it("flagga selects the cases flagged in the period, and shows the selected flags", async () => {
    const rows = await allRows("period=2025&flagga=R16&flagga=R13");
    expect(rows.length).toBeGreaterThan(0);
    expect(sorted(rows)).toEqual(
      await ids(`SELECT DISTINCT arende_id FROM arende_flagga WHERE datum >= DATE '2025-01-01' AND datum < DATE '2026-01-01'
                 AND regel IN ('R13', 'R16')`)
    );
    expect(rows.every((r) => r.flaggor.length > 0 && r.flaggor.every((f) => f === "R13" || f === "R16"))).toBe(true);
  });

  it("scope=period selects by flex periods ending in the period and says which filters it cannot apply", async () => {
    const l = await listArenden(fx.db, q("period=2025&scope=period&kon=K&kommun=Värmdö"), ALL);
    expect(l.ignored).toEqual(["kon"]);
    const rows = await allRows("period=2025&scope=period&kommun=Värmdö");
    expect(sorted(rows)).toEqual(
      await ids(`SELECT DISTINCT arende_id FROM ledger_period WHERE period_slut >= DATE '2025-01-01' AND period_slut < DATE '2026-01-01'
                 AND kommun = 'Värmdö'`)
    );
  });

  it("an enhetschef sees only the cases of the account's stadsdelar", async () => {
    const access: CaseAccess = { kind: "stadsdelar", stadsdelar: [{ kommun: "Stockholm", stadsdel: "Södermalm" }] };
    const rows = await allRows("period=2025", access);
    expect(rows.length).toBeGreaterThan(0);
    const mine = new Set(
      await ids(
        `SELECT arende_id FROM arende WHERE kommun = 'Stockholm' AND (stadsdel_nu = 'Södermalm' OR stadsdel = 'Södermalm')`
      )
    );
    const all = await allRows("period=2025");
    expect(sorted(rows)).toEqual(sorted(all.filter((r) => mine.has(r.arendeId))));
    expect((await listArenden(fx.db, q("period=2025"), { kind: "none" })).total.arenden).toBe(0);
  });
});

describe("listArenden: pages, order and the total row", () => {
  it("pages through every case once, 50 at a time, and refuses a page past the end", async () => {
    const first = await listArenden(fx.db, q("period=2025"), ALL);
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(first.sidor).toBe(Math.ceil(first.total.arenden / PAGE_SIZE));
    const rows = await allRows("period=2025");
    expect(rows).toHaveLength(first.total.arenden);
    expect(new Set(rows.map((r) => r.arendeId)).size).toBe(rows.length);
    await expect(listArenden(fx.db, q(`period=2025&sida=${first.sidor + 1}`), ALL)).rejects.toMatchObject({ param: "sida" });
  });

  it("sorts by a column either way, ties by pseudonym, missing values last", async () => {
    const desc = await allRows("period=2025");
    for (let i = 1; i < desc.length; i++) expect(desc[i - 1].beviljade).toBeGreaterThanOrEqual(desc[i].beviljade);
    const asc = await allRows("period=2025&sort=utforda:asc");
    for (let i = 1; i < asc.length; i++) {
      expect(asc[i - 1].utforda <= asc[i].utforda).toBe(true);
      if (asc[i - 1].utforda === asc[i].utforda) expect(asc[i - 1].arendeId < asc[i].arendeId).toBe(true);
    }
    const sv = new Intl.Collator("sv");
    const bySd = await allRows("period=2025&sort=stadsdel:asc");
    for (let i = 1; i < bySd.length; i++)
      expect(sv.compare(bySd[i - 1].stadsdel ?? "", bySd[i].stadsdel ?? "")).toBeLessThanOrEqual(0);
    // Swedish order: Östhammar after Värmdö, Södermalm after Skärholmen's S-names.
    const kommuner = [...new Set(bySd.map((r) => r.kommun))];
    expect(kommuner.indexOf("Östhammar")).toBeGreaterThan(-1);
    const grad = await allRows("period=2025&sort=utforandegrad:desc");
    const firstNull = grad.findIndex((r) => r.utforandegrad === null);
    if (firstNull >= 0) expect(grad.slice(firstNull).every((r) => r.utforandegrad === null)).toBe(true);
  });

  it("the total row is the sum over every matching case, not just the page", async () => {
    for (const qs of [
      "period=2025",
      "period=2026-T1&kommun=Stockholm&matt=forverkade",
      "period=2025&utfall=avslag&matt=antal_avslag",
    ]) {
      const l = await listArenden(fx.db, q(qs), ALL);
      const rows = await allRows(qs);
      const sum = (k: "beviljade" | "utforda" | "forbrukade" | "rader") => rows.reduce((a, r) => a + r[k], 0);
      expect(l.total.arenden, qs).toBe(rows.length);
      expect(l.total.beviljade, qs).toBeCloseTo(sum("beviljade"), 6);
      expect(l.total.utforda, qs).toBeCloseTo(sum("utforda"), 6);
      expect(l.total.forbrukade, qs).toBeCloseTo(sum("forbrukade"), 6);
      expect(l.total.rader, qs).toBe(sum("rader"));
      if (l.total.matt !== null)
        expect(l.total.matt, qs).toBeCloseTo(
          rows.reduce((a, r) => a + (r.matt ?? 0), 0),
          6
        );
    }
  });

  it("streams the whole list in list order (the CSV export)", async () => {
    const streamed: string[] = [];
    for await (const chunk of streamArenden(fx.db, fx.instance, q("period=2025&sort=stadsdel:asc"), ALL, 17)) {
      expect(chunk.length).toBeLessThanOrEqual(17);
      streamed.push(...chunk.map((r) => r.arendeId));
    }
    expect(streamed).toEqual((await allRows("period=2025&sort=stadsdel:asc")).map((r) => r.arendeId));
  });
});

describe("getArende", () => {
  it("reads one case: beslut, ledger, periods, events and flags that add up to the case's totals", async () => {
    const pick = await sql<{ arende_id: string }>`
      SELECT arende_id FROM arende WHERE antal_flaggor > 0 AND forverkade_h > 0 ORDER BY arende_id LIMIT 1`.execute(fx.db);
    const id = pick.rows[0].arende_id;
    const d = (await getArende(fx.db, id))!;
    expect(d.head.arendeId).toBe(id);
    expect(d.beslut).toHaveLength(d.head.antalBeslut);
    const sum = (k: "beviljade" | "forverkade") => d.manader.reduce((a, m) => a + m[k], 0);
    expect(sum("beviljade")).toBeCloseTo(d.head.beviljade, 6);
    expect(sum("forverkade")).toBeCloseTo(d.head.forverkade, 6);
    expect(d.perioder.reduce((a, p) => a + p.forverkade, 0)).toBeCloseTo(d.head.forverkade, 6);
    expect(d.flaggor.length).toBeGreaterThan(0);
    expect(d.flaggor.every((f) => f.orsak.length > 0 && f.kalla.length > 0)).toBe(true);
    expect(d.handelser.every((h) => h.orsak.length > 0)).toBe(true);
    expect(d.manader.map((m) => m.manad)).toEqual([...d.manader.map((m) => m.manad)].sort());
    // The pseudonym only: the person's key never leaves the database.
    const person = await sql<{ person_id: string }>`SELECT person_id FROM arende WHERE arende_id = ${id}`.execute(fx.db);
    expect(JSON.stringify(d)).not.toContain(person.rows[0].person_id);
  });

  it("is null for an unknown pseudonym", async () => {
    expect(await getArende(fx.db, "0000000000000000")).toBeNull();
  });
});

describe("the regelverk on the case page", () => {
  it("lists the rule versions in force during the case, with parameters and sources", () => {
    const v = regelverkView("data/regelverk/stockholm.json", false, "2019-06-01", "2020-06-30")!;
    expect(v.kommun).toBe("Stockholm");
    const flex = v.regler.filter((r) => r.regel === "R2");
    // The month was the period until 2019, the flexmodell's three months from 2020: both were in force.
    expect(flex.map((r) => r.parametrar.find((p) => p.namn.startsWith("Periodens längd"))?.varde)).toEqual(["1", "3"]);
    expect(v.regler.every((r) => r.kalla.length > 0)).toBe(true);
    const ersattning = v.regler.filter((r) => r.regel === "R18").map((r) => r.giltigFran.slice(0, 4));
    expect(ersattning).toEqual(["2019", "2020"]);
  });

  it("says so, visibly, when the kommun has no regelverk of its own", () => {
    const std = regelverkView("data/regelverk/_default.json", true, "2025-01-01", "2025-12-31")!;
    expect(std.standard).toBe(true);
    const html = renderToStaticMarkup(createElement(RegelverkNotice, { kommun: "Exempelby", regelverk: std }));
    expect(html).toContain("Exempelby har inget eget regelverk");
    const own = regelverkView("data/regelverk/varmdo.json", false, "2025-01-01", "2025-12-31");
    expect(renderToStaticMarkup(createElement(RegelverkNotice, { kommun: "Värmdö", regelverk: own }))).toBe("");
  });

  it("reads only files in data/regelverk", () => {
    for (const bad of ["../../etc/passwd", "/etc/passwd", "data/regelverk/../../package.json", "data/regelverk/saknas.json"]) {
      expect(regelverkView(bad, false, null, null), bad).toBeNull();
    }
  });
});

describe("routes", () => {
  const base = "http://localhost";

  it("/arenden: the page's data, and an audit row with the pseudonyms shown", async () => {
    const s = await fx.session("enhetschef", { stadsdelar: [{ kommun: "Stockholm", stadsdel: "Södermalm" }] });
    const r = await call(listRoute.loader, requestAs(`${base}/arenden?period=2025`, s));
    expect(r.status).toBe(200);
    const data = r.body as ListPageData;
    expect(data.list.rows.length).toBeGreaterThan(0);
    expect(data.limitedTo).toEqual([{ kommun: "Stockholm", stadsdel: "Södermalm" }]);
    const audit = await searchAudit(fx.conn, { handling: "arende.lista", anvandare: s.user.username }, { limit: 5 });
    expect(audit).toHaveLength(1);
    expect([...audit[0].pseudonyms].sort()).toEqual(data.list.rows.map((x) => x.arendeId).sort());
    expect(JSON.stringify(data)).not.toMatch(/fodelsear|person_id/);
  });

  it.each([
    ["sida=abc", "sida"],
    ["utfall=kanske", "utfall"],
    ["matt=okant", "matt"],
    ["sida=40", "sida"],
    ["period=2026-13", "period"],
  ])("/arenden?%s answers 400 naming %s", async (qs, param) => {
    const s = await fx.session("enhetschef");
    const r = await call(listRoute.loader, requestAs(`${base}/arenden?${qs}`, s));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ parameter: param });
  });

  it("/arenden refuses accounts without case access, and sends the signed-out to sign in", async () => {
    expect((await call(listRoute.loader, requestAs(`${base}/arenden`, await fx.session("forvaltning")))).status).toBe(403);
    expect((await call(listRoute.loader, requestAs(`${base}/arenden`, await fx.session("analytiker")))).status).toBe(403);
    const out = await call(listRoute.loader, new Request(`${base}/arenden`));
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toMatch(/^\/logga-in/);
  });

  it("/arenden?export=csv sends the browser to /arenden.csv with the same selection", async () => {
    const s = await fx.session("enhetschef");
    const r = await call(listRoute.loader, requestAs(`${base}/arenden?period=2025&utfall=avslag&export=csv&dialect=standard`, s));
    expect(r.status).toBe(302);
    const to = new URL(r.headers.get("Location")!, base);
    expect(to.pathname).toBe("/arenden.csv");
    expect(to.searchParams.get("period")).toBe("2025");
    expect(to.searchParams.get("utfall")).toBe("avslag");
    expect(to.searchParams.get("dialect")).toBe("standard");
  });

  it("/arenden.csv: the whole list as Swedish Excel CSV, logged with every pseudonym", async () => {
    const s = await fx.session("analytiker");
    const r = await call(csvRoute.loader, requestAs(`${base}/arenden.csv?period=2025&matt=beviljade`, s));
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(r.headers.get("Content-Disposition")).toContain("arenden_2025_beviljade.csv");
    const text = r.body as string;
    expect(text.startsWith("\uFEFF")).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1).trim(), { delimiter: ";" });
    const [header, ...rows] = parsed.data;
    expect(header[0]).toBe("ärende (pseudonym)");
    expect(header.at(-1)).toBe("Beviljade timmar");
    const l = await listArenden(fx.db, q("period=2025&matt=beviljade"), ALL);
    expect(rows).toHaveLength(l.total.arenden);
    const total = rows.reduce((a, row) => a + Number(row.at(-1)!.replace(",", ".")), 0);
    expect(total).toBeCloseTo(l.total.matt!, 4);
    const audit = await searchAudit(fx.conn, { handling: "export.arenden", anvandare: s.user.username }, { limit: 5 });
    expect(audit).toHaveLength(1);
    expect([...audit[0].pseudonyms].sort()).toEqual(rows.map((row) => row[0]).sort());
  });

  it("/arenden.csv answers a bad parameter with 400 and a Swedish sentence naming it", async () => {
    const r = await call(csvRoute.loader, requestAs(`${base}/arenden.csv?flagga=R99`, await fx.session("analytiker")));
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/flagga/);
  });

  describe("/arenden/<id>", () => {
    const place = async (stadsdel: string) =>
      (
        await sql<{
          arende_id: string;
        }>`SELECT arende_id FROM arende WHERE stadsdel_nu = ${stadsdel} ORDER BY arende_id LIMIT 1`.execute(fx.db)
      ).rows[0].arende_id;

    it("shows a case of the account's stadsdel, with the chart and the regelverk, and logs the view", async () => {
      const s = await fx.session("enhetschef", { stadsdelar: [{ kommun: "Stockholm", stadsdel: "Farsta" }] });
      const id = await place("Farsta");
      const r = await call(
        caseRoute.loader,
        requestAs(`${base}/arenden/${id}?fran=${encodeURIComponent("period=2025&stadsdel=Farsta")}`, s),
        { id }
      );
      expect(r.status).toBe(200);
      const data = r.body as CasePageData;
      expect(data.detail.head.arendeId).toBe(id);
      expect(data.chart?.svg).toMatch(/^<svg/);
      expect(data.chart?.data).toEqual({ ref: "manad", caption: "Månadsliggare, timmar" });
      expect(data.regelverk?.regler.length).toBeGreaterThan(0);
      expect(data.regelverk?.standard).toBe(false);
      expect(data.period?.key).toBe("2025");
      expect(data.fran).toBe("period=2025&stadsdel=Farsta");
      expect(JSON.stringify(data)).not.toMatch(/fodelsear|person_id/);
      const audit = await searchAudit(fx.conn, { handling: "arende.visa", anvandare: s.user.username }, { limit: 5 });
      expect(audit.map((a) => a.pseudonyms)).toEqual([[id]]);
    });

    it("refuses a case of another stadsdel with 403, and logs the attempt", async () => {
      const s = await fx.session("enhetschef", { stadsdelar: [{ kommun: "Stockholm", stadsdel: "Farsta" }] });
      const id = await place("Bromma");
      const r = await call(caseRoute.loader, requestAs(`${base}/arenden/${id}`, s), { id });
      expect(r.status).toBe(403);
      const audit = await searchAudit(fx.conn, { handling: "arende.visa", anvandare: s.user.username }, { limit: 5 });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ outcome: "nekad", pseudonyms: [id] });
    });

    it("answers 404 for an unknown pseudonym and 400 for a malformed one", async () => {
      const s = await fx.session("enhetschef");
      const unknown = await call(caseRoute.loader, requestAs(`${base}/arenden/00000000000000ff`, s), { id: "00000000000000ff" });
      expect(unknown.status).toBe(404);
      expect((unknown.body as { message: string }).message).toMatch(/inget ärende/);
      for (const bad of ["19121212-1212", "ABCDEF0123456789", "../../etc/passwd", "x".repeat(300)]) {
        const r = await call(caseRoute.loader, requestAs(`${base}/arenden/${encodeURIComponent(bad)}`, s), { id: bad });
        expect(r.status, bad).toBe(400);
        expect(r.body).toMatchObject({ parameter: "id" });
      }
    });
  });
});
