/**
 * One small-count rule for dashboards and report: the dashboards' `suppressTable`
 * (app/lib/table.ts) is queries/suppress.ts's `applySuppression`, so a reader
 * without case access sees the same cells hidden on a dashboard as in the report,
 * and the secondary step runs to a fixed point (a single pass leaked; see the
 * first test), including totals published elsewhere (the /kon tables).
 */
import { describe, expect, it } from "vitest";
import { makeTable, utfallColumns, type Column, type UtfallFigures } from "../../../app/lib/analys.server.ts";
import { rapportTable, measureCol, type RCol } from "../../../app/components/rapport/kit.server.ts";
import { suppressTable, type TableData, type TableRow } from "../../../app/lib/table.ts";
import { buildTable } from "../../../app/lib/tables.server.ts";
import type { AggregateRow } from "../../../queries/aggregate.ts";
import { parsePeriod } from "../../../queries/filters.ts";
import { suppressTableCells } from "../../../queries/suppress.ts";

/** Rows of beslut by outcome: what /avslag, /stadsdelar and the report's section 5 show. */
type Rad = UtfallFigures & { label: string; n: number };

function rad(label: string, avslag: number, bifall: number, delavslag: number): Rad {
  const beslut = avslag + bifall + delavslag;
  return { label, beslut, avslag, bifall, delavslag, avslagAndel: beslut ? avslag / beslut : null, delavslagAndel: beslut ? delavslag / beslut : null, n: beslut };
}
function totalOf(rows: Rad[]): Rad {
  const sum = (k: "avslag" | "bifall" | "delavslag") => rows.reduce((a, r) => a + r[k], 0);
  return rad("Totalt", sum("avslag"), sum("bifall"), sum("delavslag"));
}

/** A table where the dashboards' earlier one-pass rule left avslag 4 (B) and 1 (D) recoverable. */
const LEAKED = [rad("A", 9, 10, 5), rad("B", 4, 21, 19), rad("C", 5, 6, 5), rad("D", 1, 10, 22)];

/** The dashboard's table (app/lib/analys.server.ts makeTable with the shared outcome columns). */
function dashboardTable(rows: Rad[], hideSmall = true): TableData {
  return makeTable<Rad>({
    id: "t",
    caption: "T",
    columns: [{ key: "grupp", label: "Grupp", format: "text", role: "dimension", value: (r) => r.label } as Column<Rad>, ...utfallColumns<Rad>()],
    rows,
    rowKey: (r) => r.label,
    n: (r) => ({ beslut: r.n }),
    total: totalOf(rows),
    hideSmall,
  });
}

/** The same table as the report builds it (app/components/rapport/avslag.server.ts's columns, this period only). */
function reportTable(rows: Rad[]): TableData {
  const part = (c: RCol<Rad>): RCol<Rad> => ({ ...c, partOf: "antal_beslut" });
  return rapportTable<Rad>({
    id: "t",
    caption: "T",
    columns: [
      { key: "grupp", label: "Grupp", format: "text", role: "dimension", value: (r) => r.label },
      measureCol<Rad>("antal_beslut", "nu", (r) => r.beslut),
      part(measureCol<Rad>("antal_bifall", "nu", (r) => r.bifall)),
      part(measureCol<Rad>("antal_delavslag", "nu", (r) => r.delavslag)),
      measureCol<Rad>("delavslagsandel", "nu", (r) => r.delavslagAndel),
      part(measureCol<Rad>("antal_avslag", "nu", (r) => r.avslag)),
      measureCol<Rad>("avslagsandel", "nu", (r) => r.avslagAndel),
    ],
    rows,
    rowKey: (r) => r.label,
    n: (r) => ({ beslut: r.n }),
    total: totalOf(rows),
  });
}

const COUNTS = ["antal_beslut", "antal_bifall", "antal_delavslag", "antal_avslag"] as const;
const PARTS = ["antal_bifall", "antal_delavslag", "antal_avslag"] as const;

/** Hidden cells as "row|column", over the rows and the total. */
function hiddenSet(t: TableData): string[] {
  return [...t.rows, ...(t.total ? [t.total] : [])].flatMap((r, i) => Object.keys(r.hidden ?? {}).map((k) => `${i}|${k}`)).sort();
}

/**
 * What a reader works out from the shown counts: each column adds up to the total row,
 * each row's parts to its beslut. Returns the small counts (1–4) that become known.
 */
function recoverable(t: TableData, truth: Rad[]): string[] {
  const all = [...truth, totalOf(truth)];
  const value = (i: number, k: string) => ({ antal_beslut: all[i].beslut, antal_bifall: all[i].bifall, antal_delavslag: all[i].delavslag, antal_avslag: all[i].avslag })[k]!;
  const shown = [...t.rows, t.total!];
  const known = new Set<string>();
  shown.forEach((r, i) => COUNTS.forEach((k) => r.cells[k] !== null && known.add(`${i}|${k}`)));
  const T = truth.length;
  const groups: [string[], string][] = [
    ...COUNTS.map((k) => [truth.map((_, i) => `${i}|${k}`), `${T}|${k}`] as [string[], string]),
    ...all.map((_, i) => [PARTS.map((k) => `${i}|${k}`), `${i}|antal_beslut`] as [string[], string]),
  ];
  for (let changed = true; changed; ) {
    changed = false;
    for (const [parts, total] of groups) {
      const unknown = parts.filter((p) => !known.has(p));
      if (known.has(total) && unknown.length === 1) known.add(unknown[0]), (changed = true);
      else if (!known.has(total) && unknown.length === 0) known.add(total), (changed = true);
    }
  }
  return [...known].filter((id) => {
    const [i, k] = id.split("|");
    const v = value(Number(i), k);
    return v > 0 && v < 5;
  });
}

describe("the dashboards' suppression is the report's", () => {
  it("iterates to a fixed point: no small count can be worked out from the shown cells and totals", () => {
    const t = dashboardTable(LEAKED);
    expect(t.suppressed).toBe(true);
    // The primary cells are hidden ...
    expect(t.rows[1].hidden?.antal_avslag).toBe(true);
    expect(t.rows[3].hidden?.antal_avslag).toBe(true);
    expect(t.rows[1].cells.antal_avslag).toBeNull();
    // ... and nothing small is recoverable, by columns, by rows, or by both in turn.
    expect(recoverable(t, LEAKED)).toEqual([]);
    // Unsuppressed, everything is shown (the attacker above is not vacuous).
    expect(recoverable(dashboardTable(LEAKED, false), LEAKED).length).toBeGreaterThan(0);
  });

  it("hides exactly the cells the report hides, for the same table", () => {
    const d = dashboardTable(LEAKED);
    const r = reportTable(LEAKED);
    expect(hiddenSet(d).length).toBeGreaterThan(2);
    expect(hiddenSet(d)).toEqual(hiddenSet(r));
    d.rows.forEach((row, i) => expect(row.cells, row.key).toEqual(r.rows[i].cells));
  });

  it("agrees with the report on 300 random tables, and never leaves a small count recoverable", () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    let withHidden = 0;
    for (let k = 0; k < 300; k++) {
      const rows = Array.from({ length: 2 + rnd(5) }, (_, i) => rad(String.fromCharCode(65 + i), rnd(12), rnd(25), rnd(25)));
      const d = dashboardTable(rows);
      expect(hiddenSet(d), JSON.stringify(rows)).toEqual(hiddenSet(reportTable(rows)));
      expect(recoverable(d, rows), JSON.stringify(rows)).toEqual([]);
      if (hiddenSet(d).length > 0) withHidden++;
    }
    expect(withHidden).toBeGreaterThan(100);
  });

  it("hides the same cells on the dashboards' registry tables (buildTable) as the report's rule on their columns", () => {
    const f = { period: parsePeriod("2026-T1")!, kommun: "Testby" };
    const agg = (sd: string, avslag: number, bifall: number, personer: number, beviljade: number) =>
      ({ stadsdel_nu: sd, antal_beslut: avslag + bifall, antal_bifall: bifall, antal_delavslag: 0, antal_avslag: avslag, avslagsandel: avslag / (avslag + bifall), personer, beviljade, beviljade_per_beslut_median: 20, n: { beslut: avslag + bifall, manad: personer } }) as unknown as AggregateRow<"antal_beslut" | "antal_bifall" | "antal_delavslag" | "antal_avslag" | "avslagsandel" | "personer" | "beviljade" | "beviljade_per_beslut_median", "stadsdel_nu">;
    const rows = [agg("Norr", 3, 20, 30, 300), agg("Söder", 6, 30, 3, 40), agg("Öster", 7, 40, 50, 500)];
    const total = { ...agg("", 16, 90, 83, 840), n: { beslut: 106, manad: 83 } } as unknown as AggregateRow<never, never>;
    const build = (hideSmall: boolean) =>
      buildTable({
        id: "b",
        caption: "B",
        filters: f,
        dims: [{ key: "stadsdel_nu", label: "Stadsdel" }],
        measures: ["antal_beslut", "antal_bifall", "antal_delavslag", "antal_avslag", "avslagsandel", "personer", "beviljade", "beviljade_per_beslut_median"],
        rows,
        total: total as never,
        hideSmall,
      });
    const t = build(true);
    const hidden = (i: number) => Object.keys(t.rows[i].hidden ?? {}).sort();
    // Norr: avslag 3 → hidden with its rate, and a second part of its beslut (bifall); Söder: 3 persons → its manad figures.
    expect(hidden(0)).toEqual(expect.arrayContaining(["antal_avslag", "avslagsandel", "antal_bifall"]));
    expect(hidden(1)).toEqual(expect.arrayContaining(["personer", "beviljade"]));
    // The median is not a sum: it is hidden with its row's beslut cases only, never chosen to protect a column.
    expect(t.columns.find((c) => c.key === "beviljade_per_beslut_median")?.additive).toBe(false);
    expect(t.columns.find((c) => c.key === "beviljade")?.additive).toBe(true);
    // The report's rule (queries/suppress.ts) on the unsuppressed table: identical marks.
    const marks = suppressTableCells(build(false));
    expect(t.rows.map((r) => r.hidden ?? {})).toEqual(marks.rows);
    expect(t.total?.hidden ?? {}).toEqual(marks.total);
  });
});

describe("parts of a total", () => {
  it("protect a row's total only where the table shows every part (avslag alone beside beslut is no sum)", () => {
    const rows = [rad("A", 2, 30, 10), rad("B", 9, 40, 12), rad("C", 8, 35, 9)];
    const partial = makeTable<Rad>({
      id: "p",
      caption: "P",
      columns: [
        { key: "grupp", label: "Grupp", format: "text", role: "dimension", value: (r) => r.label },
        { key: "antal_beslut", label: "Beslut", format: "antal", measure: "antal_beslut", value: (r) => r.beslut },
        { key: "antal_avslag", label: "Avslag", format: "antal", measure: "antal_avslag", value: (r) => r.avslag },
        { key: "avslagsandel", label: "Andel avslag", format: "andel", measure: "avslagsandel", value: (r) => r.avslagAndel },
      ],
      rows,
      rowKey: (r) => r.label,
      n: (r) => ({ beslut: r.n }),
      total: totalOf(rows),
      hideSmall: true,
    });
    expect(partial.columns.find((c) => c.key === "antal_avslag")?.partOf).toBeUndefined();
    expect(partial.rows[0].hidden).toMatchObject({ antal_avslag: true, avslagsandel: true });
    // A's 42 beslut stay: nothing adds up to them here.
    expect(partial.rows[0].cells.antal_beslut).toBe(42);
    // With every part shown, the same row gives up a second part instead.
    const full = dashboardTable(rows);
    expect(full.columns.find((c) => c.key === "antal_avslag")?.partOf).toBe("antal_beslut");
    expect(Object.keys(full.rows[0].hidden ?? {}).filter((k) => k.startsWith("antal_")).length).toBeGreaterThanOrEqual(2);
    expect(recoverable(full, rows)).toEqual([]);
  });
});

describe("totals published elsewhere (the /kon tables: women + men = the whole selection)", () => {
  type KonRad = { omrade: string; kon: string; personer: number; beviljade: number };
  const cols: Column<KonRad>[] = [
    { key: "omrade", label: "Stadsdel", format: "text", role: "dimension", value: (r) => r.omrade },
    { key: "kon", label: "Kön", format: "text", role: "dimension", value: (r) => r.kon },
    { key: "personer", label: "Personer", format: "antal", measure: "personer", value: (r) => r.personer },
    { key: "beviljade", label: "Beviljade", format: "h", measure: "beviljade", value: (r) => r.beviljade },
    { key: "per_person", label: "Per person", format: "h", scope: "manad", builtOn: ["personer"], value: (r) => r.beviljade / r.personer },
  ];
  const kon = (omrade: string, kon: string, personer: number, beviljade: number): KonRad => ({ omrade, kon, personer, beviljade });
  const table = (rows: KonRad[], o: { totalPublished?: boolean; totalsBy?: string } = {}) =>
    makeTable<KonRad>({ id: "k", caption: "K", columns: cols, rows, rowKey: (r) => `${r.omrade}|${r.kon}`, n: (r) => ({ manad: r.personer }), hideSmall: true, ...o });

  it("hides the other kön too when one is small: the totals case", () => {
    const rows = [kon("Alla", "K", 3, 30), kon("Alla", "M", 40, 400)];
    // Without the declaration the table alone has no total, and men's 40 would stay beside the published 43.
    expect(table(rows).rows[1].hidden ?? {}).toEqual({});
    const t = table(rows, { totalPublished: true });
    expect(t.rows[0].hidden).toMatchObject({ personer: true, beviljade: true, per_person: true });
    expect(t.rows[1].hidden).toMatchObject({ personer: true, beviljade: true });
    expect(t.rows[1].cells.personer).toBeNull();
  });

  it("protects each stadsdel's pair when the stadsdel's figure is what is published (totalsBy)", () => {
    const rows = [kon("Norr", "K", 2, 20), kon("Norr", "M", 30, 300), kon("Söder", "K", 25, 250), kon("Söder", "M", 35, 350)];
    const t = table(rows, { totalPublished: true, totalsBy: "omrade" });
    const hidden = t.rows.map((r) => Boolean(r.hidden?.personer));
    // Norr's men go with Norr's women; Söder is untouched (its pair has nothing hidden).
    expect(hidden).toEqual([true, true, false, false]);
    // One group per column instead would have picked the smallest other row of the whole column (Söder K).
    const whole = table(rows, { totalPublished: true });
    expect(whole.rows.map((r) => Boolean(r.hidden?.personer))).toEqual([true, false, true, false]);
  });
});

describe("suppressTable", () => {
  it("does nothing for a reader who may see small counts", () => {
    const t = dashboardTable(LEAKED, false);
    expect(t.suppressed).toBeUndefined();
    expect(t.rows[3].cells.antal_avslag).toBe(1);
    expect(hiddenSet(t)).toEqual([]);
  });
  it("removes the link of a hidden cell along with its value", () => {
    const rows: TableRow[] = [
      { key: "a", cells: { g: "a", personer: 2 }, n: { manad: 2 }, links: { personer: "/arenden?a" } },
      { key: "b", cells: { g: "b", personer: 20 }, n: { manad: 20 }, links: { personer: "/arenden?b" } },
      { key: "c", cells: { g: "c", personer: 30 }, n: { manad: 30 }, links: { personer: "/arenden?c" } },
    ];
    const t = suppressTable(
      {
        id: "l",
        caption: "L",
        columns: [
          { key: "g", label: "G", format: "text", role: "dimension" },
          { key: "personer", label: "P", format: "antal", role: "measure", scope: "manad" },
        ],
        rows,
        total: { key: "t", cells: { g: "Totalt", personer: 52 }, n: { manad: 52 } },
      },
      true,
    );
    expect(t.rows.map((r) => r.links)).toEqual([{}, {}, { personer: "/arenden?c" }]);
    expect(t.rows.map((r) => r.cells.personer)).toEqual([null, null, 30]);
  });
});
