/**
 * The table model the dashboards share (app/lib/table.ts, tables.server.ts,
 * export.server.ts): small-count suppression, links to the cases behind a
 * figure, CSV of exactly what is shown, and the small helpers around them.
 */
import { describe, expect, it } from "vitest";
import { periodChoices } from "../../../app/components/FilterBar.tsx";
import { csvLinks } from "../../../app/lib/csv-links.ts";
import { defaultPeriodFor } from "../../../app/lib/dashboard.server.ts";
import { csvResponse, tableCsvRows } from "../../../app/lib/export.server.ts";
import type { FilterOptions } from "../../../app/lib/filter-options.server.ts";
import { hasHidden, suppressTable, type TableData, type TableRow } from "../../../app/lib/table.ts";
import { buildTable, caseLink, change, keyFigureTable, rowFilters } from "../../../app/lib/tables.server.ts";
import type { AggregateRow } from "../../../queries/aggregate.ts";
import { parsePeriod, type Filters } from "../../../queries/filters.ts";
import { concentration } from "../../../queries/utforare.ts";

const T1: Filters = { period: parsePeriod("2026-T1")!, kommun: "Testby" };

const row = (key: string, cells: TableRow["cells"], n: number): TableRow => ({ key, cells, n: { manad: n, beslut: n } });

function table(rows: TableRow[], total?: TableRow): TableData {
  return {
    id: "t",
    caption: "T",
    columns: [
      { key: "sd", label: "Stadsdel", format: "text", role: "dimension" },
      { key: "personer", label: "Personer", format: "antal", role: "measure", scope: "manad" },
      { key: "beviljade", label: "Beviljade", format: "h", role: "measure", scope: "manad" },
      { key: "grad", label: "Utförandegrad", format: "andel", role: "measure", scope: "manad" },
      { key: "beslut", label: "Beslut", format: "antal", role: "measure", scope: "beslut" },
      { key: "avslag", label: "Avslag", format: "antal", role: "measure", scope: "beslut", partOf: "beslut" },
      { key: "bifall", label: "Bifall", format: "antal", role: "measure", scope: "beslut", partOf: "beslut" },
      { key: "avslagsandel", label: "Avslagsandel", format: "andel", role: "measure", scope: "beslut", builtOn: ["avslag"] },
    ],
    rows,
    total,
  };
}

describe("suppressTable (small counts, docs/MEASURES.md)", () => {
  const rows = [
    row("A", { sd: "A", personer: 3, beviljade: 30, grad: 0.5, beslut: 20, avslag: 8, bifall: 12, avslagsandel: 0.4 }, 3),
    row("B", { sd: "B", personer: 40, beviljade: 400, grad: 0.6, beslut: 30, avslag: 2, bifall: 28, avslagsandel: 2 / 30 }, 40),
    row("C", { sd: "C", personer: 12, beviljade: 120, grad: 0.7, beslut: 10, avslag: 0, bifall: 10, avslagsandel: 0 }, 12),
    row("D", { sd: "D", personer: 50, beviljade: 500, grad: 0.6, beslut: 40, avslag: 9, bifall: 31, avslagsandel: 9 / 40 }, 50),
  ];
  const total = row("T", { sd: "Totalt", personer: 105, beviljade: 1050, grad: 0.6, beslut: 100, avslag: 19, bifall: 81, avslagsandel: 0.19 }, 105);

  it("does nothing unless asked to", () => {
    expect(suppressTable(table(rows, total), false)).toEqual(table(rows, total));
  });

  it("hides a row's figures resting on 1–4 cases, and the next smallest row so the total cannot reveal it", () => {
    const t = suppressTable(table(rows, total), true);
    const a = t.rows[0];
    // A has 3 cases: all its manad-scope figures go (counts, hours, rates), values removed, not just marked.
    expect(a.hidden).toMatchObject({ personer: true, beviljade: true, grad: true });
    expect(a.cells.personer).toBeNull();
    expect(a.cells.beviljade).toBeNull();
    // Secondary: C (12 cases) is the smallest other row: hidden too, or A = total − B − C − D.
    expect(t.rows[2].hidden).toMatchObject({ personer: true, beviljade: true, grad: true });
    expect(t.rows[1].hidden?.personer).toBeUndefined();
    expect(t.rows[3].hidden?.personer).toBeUndefined();
    // The beslut scope of A has 3 cases too.
    expect(a.hidden?.beslut).toBe(true);
    expect(hasHidden(t)).toBe(true);
    expect(t.suppressed).toBe(true);
  });

  it("hides a small count in a large row, a second cell across the row's parts and down the column, and rates built on it", () => {
    const t = suppressTable(table(rows, total), true);
    const b = t.rows[1];
    // B: avslag 2 < 5 → hidden; its other part of beslut (bifall 28) too, else 30 − 28 = 2; and the rate built on it.
    expect(b.hidden?.avslag).toBe(true);
    expect(b.hidden?.bifall).toBe(true);
    expect(b.hidden?.avslagsandel).toBe(true);
    expect(b.hidden?.beslut).toBeUndefined();
    // C's beslut figures are the secondary cells for A's (3 cases) in the beslut scope.
    expect(t.rows[2].hidden?.avslag).toBe(true);
    // The total row stays.
    expect(t.total?.hidden ?? {}).toEqual({});
  });

  it("shows zero: no one reveals nothing", () => {
    const t = suppressTable(table([rows[1], rows[3]]), true);
    expect(t.rows[0].cells.personer).toBe(40);
    const zero = suppressTable(table([row("Z", { sd: "Z", personer: 0, beviljade: 0, grad: null, beslut: 10, avslag: 0, bifall: 10, avslagsandel: 0 }, 10)]), true);
    expect(zero.rows[0].hidden).toEqual({});
    expect(zero.rows[0].cells.avslag).toBe(0);
  });

  it("hides a total resting on few cases without looking for secondary cells", () => {
    const small = [row("A", { sd: "A", personer: 1, beviljade: 10, grad: 1, beslut: 0, avslag: 0, bifall: 0, avslagsandel: null }, 1)];
    const t = suppressTable(table(small, row("T", { sd: "Totalt", personer: 1, beviljade: 10, grad: 1, beslut: 0, avslag: 0, bifall: 0, avslagsandel: null }, 1)), true);
    expect(t.total?.hidden).toMatchObject({ personer: true, beviljade: true });
    expect(t.rows[0].hidden).toMatchObject({ personer: true });
  });

  it("drops the link of a hidden cell", () => {
    const withLinks = rows.map((r) => ({ ...r, links: { personer: "/arenden?x", beviljade: "/arenden?y" } }));
    const t = suppressTable(table(withLinks, total), true);
    expect(t.rows[0].links).toEqual({});
    expect(t.rows[1].links).toEqual({ personer: "/arenden?x", beviljade: "/arenden?y" });
  });
});

describe("links to the cases behind a figure", () => {
  it("narrows the page's filters to the row and adds the measure's scope and selection", () => {
    expect(caseLink(T1, { stadsdel_nu: "Norr" }, "beviljade")).toBe("/arenden?kommun=Testby&stadsdel=Norr&period=2026-T1&scope=manad&matt=beviljade");
    expect(caseLink(T1, {}, "antal_avslag")).toBe("/arenden?kommun=Testby&period=2026-T1&scope=beslut&utfall=avslag&matt=antal_avslag");
    expect(caseLink(T1, { regel: "R13" }, "arenden_med_flagga")).toBe("/arenden?kommun=Testby&period=2026-T1&flagga=R13&scope=flagga&matt=arenden_med_flagga");
    expect(caseLink({ ...T1, kon: ["K", "M"] }, { kon: "K" }, "personer")).toBe("/arenden?kommun=Testby&period=2026-T1&kon=K&scope=manad&matt=personer");
    // A month row selects that month; a ratio has no cases of its own to list.
    expect(caseLink(T1, { manad: "2026-03" }, "utforda")).toContain("period=2026-03&");
    expect(caseLink(T1, {}, "utforandegrad")).toBeNull();
    // "Uppgift saknas" and regi cannot be said as a filter of the case list.
    expect(caseLink(T1, { stadsdel_nu: null }, "beviljade")).toBeNull();
    expect(rowFilters(T1, { regi: "enskild" })).toBeNull();
  });
});

describe("buildTable and keyFigureTable", () => {
  const rows = [
    { kon: "K", beviljade: 34, utforandegrad: 0.5, n: { manad: 2 } },
    { kon: "M", beviljade: 20, utforandegrad: 0.25, n: { manad: 1 } },
  ] as AggregateRow<"beviljade" | "utforandegrad", "kon">[];
  const total = { beviljade: 54, utforandegrad: 26 / 54, n: { manad: 3 } } as AggregateRow<"beviljade" | "utforandegrad">;

  it("labels groups, takes columns from the registry and links additive figures", () => {
    const t = buildTable({ id: "kon", caption: "Per kön", filters: T1, dims: [{ key: "kon", label: "Kön" }], measures: ["beviljade", "utforandegrad"], rows, total, hideSmall: false });
    expect(t.columns.map((c) => [c.key, c.label, c.format])).toEqual([["kon", "Kön", "text"], ["beviljade", "Beviljade", "h"], ["utforandegrad", "Utförandegrad", "andel"]]);
    expect(t.rows.map((r) => r.cells.kon)).toEqual(["Kvinnor", "Män"]);
    expect(t.rows[0].links?.beviljade).toBe("/arenden?kommun=Testby&period=2026-T1&kon=K&scope=manad&matt=beviljade");
    expect(t.rows[0].links?.utforandegrad).toBeUndefined();
    expect(t.total?.cells.kon).toBe("Totalt");
    expect(buildTable({ id: "kon", caption: "", filters: T1, dims: [{ key: "kon", label: "Kön" }], measures: ["beviljade"], rows, total, hideSmall: true }).rows[1].hidden?.beviljade).toBe(true);
  });

  it("turns two periods into rows per measure with the change in words", () => {
    const now = { beviljade: 110, utforandegrad: 0.58, n: { manad: 30 } } as AggregateRow<"beviljade" | "utforandegrad">;
    const before = { beviljade: 100, utforandegrad: 0.61, n: { manad: 3 } } as AggregateRow<"beviljade" | "utforandegrad">;
    const t = keyFigureTable({ id: "k", caption: "K", filters: T1, measures: ["beviljade", "utforandegrad"], now: { period: T1.period, values: now }, before: { period: parsePeriod("2025-T1")!, values: before }, hideSmall: false });
    expect(t.columns.map((c) => c.label)).toEqual(["Mått", "Tertial 1 2026 (januari–april)", "Tertial 1 2025 (januari–april)", "Förändring"]);
    expect(t.rows.map((r) => [r.key, r.cells.nu, r.cells.fore, r.cells.forandring, r.format])).toEqual([
      ["beviljade", 110, 100, "ökat 10\u00a0%", "h"],
      ["utforandegrad", 0.58, 0.61, "minskat 3 procentenheter", "andel"],
    ]);
    expect(t.rows[0].links?.fore).toContain("period=2025-T1");
    // The earlier period rests on 3 cases: hidden there, and the change with it.
    const hidden = keyFigureTable({ id: "k", caption: "K", filters: T1, measures: ["beviljade"], now: { period: T1.period, values: now }, before: { period: parsePeriod("2025-T1")!, values: before }, hideSmall: true });
    expect(hidden.rows[0].hidden).toEqual({ fore: true, forandring: true });
    expect(hidden.rows[0].cells.fore).toBeNull();
  });

  it("writes changes without a leading sign a spreadsheet would read as a formula", () => {
    expect(change(1.5, 1, "h")).toBe("ökat 50\u00a0%");
    expect(change(0.5, 1, "kr")).toBe("minskat 50\u00a0%");
    expect(change(1, 1, "antal")).toBe("oförändrat");
    expect(change(1, 0, "antal")).toBeNull();
    expect(change(0.25, 0.2, "andel")).toBe("ökat 5 procentenheter");
  });
});

describe("CSV of a table", () => {
  const t: TableData = {
    id: "x",
    caption: "X",
    columns: [
      { key: "namn", label: "Namn", format: "text", role: "dimension" },
      { key: "h", label: "Timmar", format: "h", role: "measure" },
      { key: "a", label: "Andel", format: "andel", role: "measure" },
    ],
    rows: [
      { key: "1", cells: { namn: "=SUMMA(A1)", h: 1234.5, a: 0.25 }, n: {} },
      { key: "2", cells: { namn: "Liten; grupp", h: null, a: null }, n: {}, hidden: { h: true, a: true } },
    ],
    total: { key: "t", cells: { namn: "Totalt", h: -2.5, a: null }, n: {} },
  };

  it("is the table: headers with units, hidden cells as the page shows them, formulas neutralised", async () => {
    const { columns, rows } = tableCsvRows(t);
    expect(columns.map((c) => c.header)).toEqual(["Namn", "Timmar (timmar)", "Andel (andel 0–1)"]);
    expect(rows[1]).toEqual({ namn: "Liten; grupp", h: "–", a: "–" });
    const res = csvResponse(t, "excel", "sida");
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="sida-x-excel.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe(
      "Namn;Timmar (timmar);Andel (andel 0–1)\r\n'=SUMMA(A1);1234,5;0,25\r\n\"Liten; grupp\";–;–\r\nTotalt;-2,5;\r\n",
    );
    const std = await csvResponse(t, "standard", "sida").text();
    expect(std).toBe("Namn,Timmar (timmar),Andel (andel 0–1)\r\n'=SUMMA(A1),1234.5,0.25\r\nLiten; grupp,–,–\r\nTotalt,-2.5,\r\n");
  });

  it("streams a long table chunk by chunk", async () => {
    const long: TableData = { ...t, total: undefined, rows: Array.from({ length: 12_000 }, (_, i) => ({ key: String(i), cells: { namn: `r${i}`, h: i, a: 0 }, n: {} })) };
    const text = await csvResponse(long, "excel", "sida").text();
    expect(text.split("\r\n").length).toBe(12_000 + 2);
  });

  it("links to the CSV route with the page's own parameters", () => {
    expect(csvLinks("/timmar.csv", "?period=2026-T1&export=old&kon=K", "gap")).toEqual({
      excel: "/timmar.csv?period=2026-T1&kon=K&export=gap",
      standard: "/timmar.csv?period=2026-T1&kon=K&export=gap&dialect=standard",
    });
  });
});

describe("periods", () => {
  const options = (horizon: string | null, first: string | null = "2024-11-01", last: string | null = "2026-10-01"): FilterOptions => ({
    kommuner: [], utforare: [], firstMonth: first, lastMonth: last, horizon, version: "v",
  });

  it("defaults to the latest tertial complete by the data's horizon, not today's date", () => {
    expect(defaultPeriodFor(options("2026-10-31"), "2030-01-01").key).toBe("2026-T2");
    expect(defaultPeriodFor(options("2026-12-31"), "2030-01-01").key).toBe("2026-T3");
    expect(defaultPeriodFor(options("2026-12-30"), "2030-01-01").key).toBe("2026-T2");
    expect(defaultPeriodFor(options("2025-04-30"), "2030-01-01").key).toBe("2025-T1");
    expect(defaultPeriodFor(options(null), "2026-06-15").key).toBe("2026-T1");
  });

  it("offers the tertials, years and months the data cover, newest first", () => {
    const c = periodChoices("2024-11-01", "2026-02-01");
    expect(c.ar.map((x) => x.value)).toEqual(["2026", "2025", "2024"]);
    expect(c.tertial.map((x) => x.value)).toEqual(["2026-T1", "2025-T3", "2025-T2", "2025-T1", "2024-T3"]);
    expect(c.manad[0]).toEqual({ value: "2026-02", label: "februari 2026" });
    expect(c.manad.at(-1)?.value).toBe("2024-11");
    expect(periodChoices(null, null)).toEqual({ tertial: [], ar: [], manad: [] });
  });
});

describe("concentration of hours among utförare", () => {
  it("orders by hours and counts how many carry half and 80 %", () => {
    const k = concentration([
      { kommun: "K", utforare: "U1", utforda: 10 },
      { kommun: "K", utforare: "U2", utforda: 50 },
      { kommun: "K", utforare: "U3", utforda: 30 },
      { kommun: "K", utforare: "U4", utforda: 10 },
      { kommun: "K", utforare: "U5", utforda: 0 },
    ]);
    expect(k.rows.map((r) => [r.utforare, r.kumulativ])).toEqual([["U2", 0.5], ["U3", 0.8], ["U1", 0.9], ["U4", 1]]);
    expect([k.n50, k.n80, k.total]).toEqual([1, 2, 100]);
    expect(concentration([])).toEqual({ rows: [], n50: null, n80: null, total: 0 });
  });
});
