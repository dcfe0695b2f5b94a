/**
 * Rapport till nämnden on a synthetic data set (three years, scale 0.3, loaded by
 * the real ETL and rules engine): the report for a tertial and for a year is
 * built, printed to PDF by Debian's Chromium and read back with pdftotext.
 *
 * - every section is in the PDF, in order, each on a page of its own, with its
 *   tables and figures, and every page has the running header and "Sida N av M";
 * - every figure of every table equals what the dashboards' query functions give
 *   for the same filters, and is printed as such on its table's page (so no
 *   table is cut: caption and all rows are on one page);
 * - no page is blank;
 * - cells hidden by the small-count rule are "–" in the PDF and their values are
 *   nowhere in their rows; the rule really hid something;
 * - `npm run rapport` writes the PDF and an audit row with the actor "cli".
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { Kysely } from "kysely";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPeriodFor } from "../../app/lib/dashboard.server.ts";
import { filterOptions, utforareNames, type FilterOptions } from "../../app/lib/filter-options.server.ts";
import { formatCell } from "../../app/lib/cells.ts";
import { dimensionLabel } from "../../app/lib/labels.ts";
import { closePdfBrowser } from "../../app/lib/pdf.server.ts";
import type { TableData, TableRow } from "../../app/lib/table.ts";
import { rapportFilters } from "../../app/components/rapport/context.server.ts";
import { rapportPdf } from "../../app/components/rapport/pdf.server.tsx";
import { buildRapport } from "../../app/components/rapport/rapport.server.ts";
import { SEKTIONER, type RapportView } from "../../app/components/rapport/view.ts";
import { createKysely, type Database } from "../../app/db.server.ts";
import { PROJECT_ROOT } from "../../etl/db.ts";
import { aggregate } from "../../queries/aggregate.ts";
import { avslagOversikt, type AvslagRad } from "../../queries/avslag.ts";
import { parsePeriod, type Filters } from "../../queries/filters.ts";
import { jamstalldhet, type KonGrupp, type KonOmrade } from "../../queries/kon.ts";
import { likabedomning } from "../../queries/likabedomning.ts";
import { omkostnader } from "../../queries/omkostnader.ts";
import { overview } from "../../queries/overview.ts";
import { HIDDEN_MARK } from "../../queries/suppress.ts";
import { timmar } from "../../queries/timmar.ts";
import { utforare } from "../../queries/utforare.ts";
import { loadSynthetic, normalise, pdfPageCount, pdfPages, type RapportFixture } from "./rapport-fixture.ts";

const TODAY = "2026-11-20";
const CASES = [
  { name: "tertial", period: "2026-T2" },
  { name: "år", period: "2025" },
] as const;

interface Rendered {
  view: RapportView;
  pdf: Buffer;
  /** pdftotext -layout, per page. */
  pages: string[];
  /** pdftotext in reading order, per page. */
  plain: string[];
}

let fx: RapportFixture;
let db: Kysely<Database>;
let options: FilterOptions;
const rendered = new Map<string, Rendered>();

beforeAll(async () => {
  fx = await loadSynthetic({ years: 3, scale: 0.3 });
  db = createKysely(fx.instance);
  options = await filterOptions(db);
  for (const c of CASES) {
    const filters = rapportFilters(new URLSearchParams({ kommun: "Stockholm", period: c.period }), options, defaultPeriodFor(options));
    const view = await buildRapport(db, filters, options, TODAY);
    const pdf = await rapportPdf(view);
    rendered.set(c.name, { view, pdf, pages: pdfPages(pdf, fx.dir), plain: pdfPages(pdf, fx.dir, false) });
  }
}, 600_000);

afterAll(async () => {
  await closePdfBrowser();
  fx?.cleanup();
});

const squash = (s: string) => normalise(s).replace(/\s+/g, " ").trim();
const get = (name: string) => rendered.get(name)!;
const tables = (v: RapportView) => v.sektioner.flatMap((s) => s.tables);

/** The text a cell shows, as DataTable writes it. */
function shown(row: TableRow, c: TableData["columns"][number]): string {
  if (row.hidden?.[c.key]) return HIDDEN_MARK;
  const format = row.format && c.format === "tal" ? row.format : c.format;
  return normalise(formatCell(row.cells[c.key], format));
}

/** A layout line as cells: pdftotext separates columns by two or more spaces. */
const tokens = (line: string) => line.trim().split(/\s{2,}/);

/** The lines of a table on its page: from its caption to the next caption, note or page end. */
function tableLines(page: string, caption: string): string[] {
  const lines = page.split("\n");
  const start = lines.findIndex((l) => squash(l).startsWith(caption.split(".").slice(0, 2).join(".") + "."));
  if (start === -1) return [];
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^\s*(Tabell|Figur) \d+\.\d+\./.test(l));
  return end === -1 ? rest : rest.slice(0, end);
}

/** The row's line: starts with (a prefix of) its label and holds its figures in order ("–" where hidden). */
function findRow(lines: string[], from: number, table: TableData, row: TableRow): { index: number; cells: string[] } | null {
  const dim = table.columns[0];
  const label = squash(String(row.cells[dim.key] ?? ""));
  const expected = table.columns.slice(1).filter((c) => c.format !== "text" || row.hidden?.[c.key]).map((c) => shown(row, c));
  for (let i = from; i < lines.length; i++) {
    const t = tokens(lines[i]).map(squash);
    if (!t[0] || !(label.startsWith(t[0]) || t[0].startsWith(label))) continue;
    let k = 0;
    for (const x of t.slice(1)) if (k < expected.length && x === expected[k]) k++;
    if (k === expected.length) return { index: i, cells: t };
  }
  return null;
}

describe.each(CASES)("rapporten för $name ($period)", ({ name }) => {
  it("has every section in order, each starting a page, with its tables, figures, header and page numbers", () => {
    const { view, plain, pages, pdf } = get(name);
    const all = squash(plain.join("\n"));
    let at = 0;
    SEKTIONER.forEach((s, i) => {
      const heading = `${i + 1} ${s.rubrik}`;
      const found = all.indexOf(heading, at);
      expect(found, heading).toBeGreaterThan(-1);
      at = found;
    });
    // A section starts a page: its heading is among the first lines of the page it is on.
    const top = (p: string) => squash(p.split("\n").slice(0, 8).join(" "));
    for (const [i, s] of SEKTIONER.entries()) {
      expect(pages.some((p) => top(p).includes(`${i + 1} ${s.rubrik}`)), s.rubrik).toBe(true);
    }
    for (const s of view.sektioner) {
      expect(s.tables.length, s.rubrik).toBeGreaterThan(0);
      expect(s.charts.length, s.rubrik).toBeGreaterThan(0);
      for (const t of s.tables) expect(all, t.id).toContain(squash(t.caption));
      for (const c of s.charts) expect(all, c.id).toContain(squash(c.title));
      expect(s.underlag.length, s.rubrik).toBeGreaterThan(0);
    }
    expect(all).toContain("Innehåll");
    const n = pdfPageCount(pdf, fx.dir);
    expect(plain.length).toBe(n);
    plain.forEach((p, i) => {
      const text = squash(p);
      expect(text, `sidan ${i + 1}`).toContain("Underlag till nämnden · Stockholm");
      expect(text, `sidan ${i + 1}`).toContain(`Sida ${i + 1} av ${n}`);
      expect(text.toLowerCase(), `sidan ${i + 1}`).toContain(view.meta.periodLabel.toLowerCase());
    });
  });

  it("has no blank page", () => {
    const { plain } = get(name);
    for (const [i, p] of plain.entries()) {
      // Without the running header and footer lines.
      const body = p
        .split("\n")
        .filter((l) => !/Underlag till nämnden|Sida \d+ av \d+/.test(l))
        .join(" ");
      expect(squash(body).length, `sidan ${i + 1}`).toBeGreaterThan(200);
    }
  });

  it("prints every row of every table on its caption's page, with the view's figures (no table is cut)", () => {
    const { view, pages } = get(name);
    for (const t of tables(view)) {
      const pageIndex = pages.findIndex((p) => tableLines(p, t.caption).length > 0);
      expect(pageIndex, `${t.id}: tabellrubriken`).toBeGreaterThan(-1);
      const lines = tableLines(pages[pageIndex], t.caption);
      let from = 0;
      for (const row of [...t.rows, ...(t.total ? [t.total] : [])]) {
        const hit = findRow(lines, from, t, row);
        expect(hit, `${t.id}: raden ${String(row.cells[t.columns[0].key])} på sidan ${pageIndex + 1}`).not.toBeNull();
        from = hit!.index + 1;
      }
    }
  });

  it("shows the figures the dashboards' query functions give for the same filters", async () => {
    const { view } = get(name);
    const raw = await rawValues(view);
    let compared = 0;
    for (const t of tables(view)) {
      const get = raw[t.id];
      expect(get, `ingen jämförelse för tabellen ${t.id}`).toBeDefined();
      for (const row of [...t.rows, ...(t.total ? [t.total] : [])]) {
        for (const c of t.columns.slice(1)) {
          if (row.hidden?.[c.key] || typeof row.cells[c.key] !== "number") continue;
          const expected = get(row, c.key);
          if (expected === undefined) continue;
          expect(row.cells[c.key], `${t.id} ${row.key} ${c.key}`).toBeCloseTo(expected ?? NaN, 9);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it("hides small counts, and the hidden values are nowhere in their rows of the PDF", async () => {
    const { view, pages } = get(name);
    const raw = await rawValues(view);
    let hidden = 0;
    let small = 0;
    for (const t of tables(view)) {
      const pageIndex = pages.findIndex((p) => tableLines(p, t.caption).length > 0);
      const lines = tableLines(pages[pageIndex], t.caption);
      let from = 0;
      for (const row of [...t.rows, ...(t.total ? [t.total] : [])]) {
        const hit = findRow(lines, from, t, row)!;
        from = hit.index + 1;
        for (const c of t.columns.slice(1)) {
          if (!row.hidden?.[c.key]) continue;
          hidden++;
          expect(row.cells[c.key], `${t.id} ${row.key} ${c.key}`).toBeNull();
          const value = raw[t.id](row, c.key);
          if (value === undefined || value === null) continue;
          const format = row.format && c.format === "tal" ? row.format : c.format;
          if (format === "antal" && value > 0 && value < 5) small++;
          const text = normalise(formatCell(value, format));
          const visibleSame = t.columns.some((o) => !row.hidden?.[o.key] && shown(row, o) === text);
          if (!visibleSame) expect(hit.cells, `${t.id} ${row.key} ${c.key} = ${text}`).not.toContain(text);
        }
      }
    }
    expect(hidden, "the rule hid cells in this data set").toBeGreaterThan(0);
    expect(small, "hidden cells include counts of 1–4").toBeGreaterThan(0);
  });
});

describe("perioder som når förbi uppgifterna", () => {
  it("cuts a year still running to the months in the data and compares with the same months a year earlier", async () => {
    const filters = rapportFilters(new URLSearchParams({ kommun: "Stockholm", period: "2026" }), options, defaultPeriodFor(options));
    const view = await buildRapport(db, filters, options, TODAY);
    expect(view.meta.avkortad?.key).toBe("2026");
    expect(view.meta.periodKey).toBe("2026-01..2026-10");
    expect(view.meta.previousKey).toBe("2025-01..2025-10");
    expect(view.meta.titel).toContain("årsrapport 2026");
  });
});

// ---------------------------------------------------------------------------
// The dashboards' figures for each of the report's tables
// ---------------------------------------------------------------------------

type Getter = (row: TableRow, col: string) => number | null | undefined;

async function rawValues(view: RapportView): Promise<Record<string, Getter>> {
  const f: Filters = { kommun: view.meta.kommun, period: parsePeriod(view.meta.periodKey)! };
  const p: Filters = { ...f, period: parsePeriod(view.meta.previousKey)! };
  const [o, t, tp, l, lp, a, ap, j, jp, om, omp, u, up, bev, bevp] = await Promise.all([
    overview(db, f, options.lastMonth),
    timmar(db, f),
    timmar(db, p),
    likabedomning(db, f),
    likabedomning(db, p),
    avslagOversikt(db, f),
    avslagOversikt(db, p),
    jamstalldhet(db, f),
    jamstalldhet(db, p),
    omkostnader(db, f),
    omkostnader(db, p),
    utforare(db, f),
    utforare(db, p),
    aggregate(db, f, ["flaggor", "arenden_med_flagga"], ["regel"]),
    aggregate(db, p, ["flaggor", "arenden_med_flagga"], ["regel"]),
  ]);
  const num = (r: Record<string, unknown> | undefined, k: string) => (r ? ((r[k] as number | null | undefined) ?? 0) : undefined);
  const byKey = <T,>(rows: readonly T[], key: (r: T) => unknown) => new Map(rows.map((r) => [String(key(r)), r]));
  const fore = (col: string) => col.endsWith("_fore");
  const base = (col: string) => col.replace(/_fore$/, "");

  const sd = byKey(t.byStadsdel, (r) => r.stadsdel_nu);
  const sdp = byKey(tp.byStadsdel, (r) => r.stadsdel_nu);
  const lika = byKey(l.rader, (r) => r.stadsdel);
  const likap = byKey(lp.rader, (r) => r.stadsdel);
  const LIKA: Record<string, keyof (typeof l.rader)[number]> = {
    antal_beslut: "beslut",
    antal_avslag: "avslag",
    avslagsandel: "avslagAndel",
    utforandegrad: "utforandegrad",
  };
  const AVSLAG: Record<string, keyof AvslagRad> = {
    antal_beslut: "beslut",
    antal_bifall: "bifall",
    antal_delavslag: "delavslag",
    antal_avslag: "avslag",
    avslagsandel: "avslagAndel",
    delavslagsandel: "delavslagAndel",
  };
  const avslag = (dim: "lagrum" | "aldersgrupp"): Getter => (row, col) => {
    const src = fore(col) ? ap : a;
    const r = row.key === "totalt" ? src.totalt : src.per[dim].find((x) => String(x.varde) === row.key);
    return r ? (r[AVSLAG[base(col)]] as number | null) : undefined;
  };
  const KON: Record<string, (g: KonGrupp, o: KonOmrade) => number | null> = {
    sokande: (g) => g.sokande,
    andel_sokande: (g, o) => g.sokande / (o.K.sokande + o.M.sokande),
    beslut: (g) => g.beslut,
    avslag: (g) => g.avslag,
    avslagsandel: (g) => g.avslagAndel,
    personer: (g) => g.personer,
    beviljade_per_person: (g) => g.beviljadePerPerson,
    utforandegrad: (g) => g.utforandegrad,
    omkostnad_per_person: (g) => g.omkostnadPerPerson,
  };
  const konSd = byKey(j.stadsdelar, (r) => r.stadsdel);
  const omSd = byKey(om.byStadsdel, (r) => r.stadsdel_nu);
  const omSdp = byKey(omp.byStadsdel, (r) => r.stadsdel_nu);
  const names = utforareNames(options);
  const utf = byKey(u.rows, (r) => dimensionLabel("utforare", r.figures.utforare, names));
  const utfp = byKey(up.rows, (r) => dimensionLabel("utforare", r.figures.utforare, names));
  const bevN = byKey(bev, (r) => r.regel);
  const bevP = byKey(bevp, (r) => r.regel);

  return {
    nyckeltal: (row, col) => (col === "nu" ? num(o.current, row.key) : col === "fore" ? num(o.earlier, row.key) : undefined),
    gap: (row, col) => (col === "nu" ? num(t.total, row.key) : col === "fore" ? num(tp.total, row.key) : undefined),
    "timmar-stadsdel": (row, col) => {
      const src = row.key === "totalt" ? (fore(col) ? tp.total : t.total) : (fore(col) ? sdp : sd).get(row.key);
      return num(src as Record<string, unknown> | undefined, base(col));
    },
    likabedomning: (row, col) => {
      if (!LIKA[base(col)]) return undefined;
      const r = row.key === "totalt" ? (fore(col) ? lp.totaler[0] : l.totaler[0]) : (fore(col) ? likap : lika).get(row.key);
      return r ? (r[LIKA[base(col)]] as number | null) : undefined;
    },
    "avslag-lagrum": avslag("lagrum"),
    "avslag-alder": avslag("aldersgrupp"),
    kon: (row, col) => {
      const [kon, when] = col.split("_") as ["K" | "M", "nu" | "fore"];
      const omr = when === "nu" ? j.totalt : jp.totalt;
      return KON[row.key](omr[kon], omr);
    },
    "kon-stadsdel": (row, col) => {
      const o2 = konSd.get(row.key);
      if (!o2) return undefined;
      const kon = col.slice(-1) as "K" | "M";
      return col.startsWith("personer_") ? o2[kon].personer : col.startsWith("bpp_") ? o2[kon].beviljadePerPerson : undefined;
    },
    omkostnader: (row, col) => (col === "nu" ? num(om.total, row.key) : col === "fore" ? num(omp.total, row.key) : undefined),
    "omkostnader-stadsdel": (row, col) => {
      const src = row.key === "totalt" ? (fore(col) ? omp.total : om.total) : (fore(col) ? omSdp : omSd).get(row.key);
      return num(src as Record<string, unknown> | undefined, base(col));
    },
    utforare: (row, col) => {
      if (row.key === "Totalt" || row.key === "totalt") return num((fore(col) ? up.total : u.total) as Record<string, unknown>, base(col));
      const r = (fore(col) ? utfp : utf).get(row.key);
      return r ? num(r.figures as Record<string, unknown>, base(col)) : undefined; // "Övriga" is checked by its own query
    },
    bevakning: (row, col) => {
      if (row.key === "totalt") return undefined;
      return num((fore(col) ? bevP : bevN).get(row.key) as Record<string, unknown> | undefined, base(col)) ?? 0;
    },
  };
}

// ---------------------------------------------------------------------------
// npm run rapport
// ---------------------------------------------------------------------------

describe("npm run rapport", () => {
  it("writes the PDF for the nämnd without a sign-in, and logs it with the actor cli", async () => {
    fx.instance.closeSync();
    const out = join(fx.dir, "cli.pdf");
    const res = spawnSync(
      process.execPath,
      ["--import", "tsx", join(PROJECT_ROOT, "app", "cli", "rapport.ts"), "--kommun", "Stockholm", "--period", "2026-T2", "--out", out],
      { cwd: PROJECT_ROOT, encoding: "utf8", env: { ...process.env, LEDSAGNING_DB: fx.dbPath }, timeout: 180_000 },
    );
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain(out);
    const pdf = readFileSync(out);
    const text = squash(pdfPages(pdf, fx.dir, false).join("\n"));
    for (const [i, s] of SEKTIONER.entries()) expect(text).toContain(`${i + 1} ${s.rubrik}`);
    expect(pdfPageCount(pdf, fx.dir)).toBe(get("tertial").plain.length);

    const check = await DuckDBInstance.create(fx.dbPath, { access_mode: "READ_ONLY" });
    try {
      const conn = await check.connect();
      const rows = (await conn.runAndReadAll("SELECT username, role, action, query FROM audit_log ORDER BY id DESC LIMIT 1")).getRowObjectsJson();
      expect(rows[0].action).toBe("rapport.pdf");
      expect(String(rows[0].username)).toMatch(/^cli:/);
      expect(rows[0].role).toBeNull();
      expect(rows[0].query).toBe("kommun=Stockholm&period=2026-T2");
      conn.closeSync();
    } finally {
      check.closeSync();
    }
  });

  it("names a bad parameter instead of writing a report", () => {
    const res = spawnSync(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "app", "cli", "rapport.ts"), "--kommun", "Stockholm", "--period", "2026-T7"], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      env: { ...process.env, LEDSAGNING_DB: fx.dbPath },
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('--period "2026-T7"');
  });
});
