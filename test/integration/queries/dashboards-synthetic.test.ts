/**
 * The dashboards on the synthetic data set (the real generator, ETL and rules
 * engine): the planted facts are found, and a figure is the same number on the
 * overview, on its page, in the page's CSV and summed over the cases behind it.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKysely, type Database } from "../../../app/db.server.ts";
import { bevakningTables } from "../../../app/lib/bevakning.server.ts";
import { tableCsvRows, csvResponse } from "../../../app/lib/export.server.ts";
import { omkostnaderTables } from "../../../app/lib/omkostnader.server.ts";
import { oversiktTables } from "../../../app/lib/oversikt.server.ts";
import type { TableData } from "../../../app/lib/table.ts";
import { timmarTables } from "../../../app/lib/timmar.server.ts";
import { utforareTables } from "../../../app/lib/utforare.server.ts";
import { PLANTED_DORMANT_UTFORARE, PLANTED_WEAK_UTFORARE } from "../../../etl/generate/planted.ts";
import { aggregate, sumOf } from "../../../queries/aggregate.ts";
import { parsePeriod, type Filters } from "../../../queries/filters.ts";
import { GAP_PARTS } from "../../../queries/measures.ts";
import { syntheticInstance, testContext } from "./dashboard-context.ts";

let instance: DuckDBInstance;
let db: Kysely<Database>;
beforeAll(async () => {
  instance = await syntheticInstance();
  db = createKysely(instance);
});
afterAll(() => instance?.closeSync());

/** The numbers of a CSV column, by row label (first column), parsed the Swedish way. */
async function csvCells(table: TableData, column: string): Promise<Map<string, string>> {
  const bytes = new Uint8Array(await csvResponse(table, "excel", "test").arrayBuffer());
  // The BOM is in the file's bytes (Response.text() would strip it, as browsers do).
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const lines = text
    .slice(1)
    .trimEnd()
    .split("\r\n")
    .map((l) => l.split(";"));
  const header = lines[0];
  const { columns } = tableCsvRows(table);
  const col = header.indexOf(columns.find((c) => c.key === column)!.header);
  expect(col, column).toBeGreaterThan(-1);
  const dims = table.columns.filter((c) => c.role === "dimension").length;
  return new Map(lines.slice(1).map((l) => [l.slice(0, dims).join(" | "), l[col]]));
}
const swedishNumber = (s: string | undefined) => Number(String(s).replace(",", "."));

describe("planted facts", () => {
  it("the weak utförare stands out on /utforare: outside the 99.8 % limit, below the kommun", async () => {
    for (const period of ["2026-T2", "2025"]) {
      const ctx = await testContext(db, { kommun: PLANTED_WEAK_UTFORARE.kommun, period: parsePeriod(period)! });
      const t = await utforareTables(ctx);
      const weak = t.data.rows.find((r) => r.figures.utforare === PLANTED_WEAK_UTFORARE.utforare)!;
      expect(weak, period).toBeDefined();
      const kommun = t.data.kommunRatio[PLANTED_WEAK_UTFORARE.kommun]!;
      expect(weak.figures.utforandegrad!, period).toBeLessThan(kommun * 0.6);
      expect(weak.verdict, period).toBe("utanfor998");
      expect(weak.figures.utforandegrad!).toBeLessThan(weak.limits998!.low);
      // It is the lowest of the utförare with a real volume of cases.
      const large = t.data.rows.filter((r) => (r.figures.personer ?? 0) >= 10);
      const lowest = large.reduce((a, b) => ((a.figures.utforandegrad ?? 1) <= (b.figures.utforandegrad ?? 1) ? a : b));
      expect(lowest.figures.utforare, period).toBe(PLANTED_WEAK_UTFORARE.utforare);
      // And the page says so in its table and chart.
      const row = t.utforare.rows.find((r) => String(r.cells.utforare).includes(`(${PLANTED_WEAK_UTFORARE.utforare})`))!;
      expect(row.cells.bedomning).toBe("Markant avvikande");
    }
  });

  it("lists the utförare without an assignment for twelve months whose contract is still open (R17)", async () => {
    const ctx = await testContext(db, { kommun: "Stockholm" });
    const t = await utforareTables(ctx);
    const listed = new Set(t.data.vilande.map((v) => v.utforare));
    for (const p of PLANTED_DORMANT_UTFORARE) {
      if (p.contractEnded) expect(listed.has(p.utforare), p.utforare).toBe(false);
      else expect(listed.has(p.utforare), p.utforare).toBe(true);
    }
  });

  it("the concentration counts how many utförare carry half and 80 % of the hours", async () => {
    const ctx = await testContext(db, { kommun: "Stockholm" });
    const k = (await utforareTables(ctx)).data.koncentration;
    expect(k.n50).toBeGreaterThan(0);
    expect(k.n80!).toBeGreaterThanOrEqual(k.n50!);
    const upTo = (n: number) => k.rows.slice(0, n).reduce((a, r) => a + r.utforda, 0) / k.total;
    expect(upTo(k.n50!)).toBeGreaterThanOrEqual(0.5 - 1e-9);
    expect(upTo(k.n50! - 1)).toBeLessThan(0.5);
    expect(upTo(k.n80!)).toBeGreaterThanOrEqual(0.8 - 1e-9);
    expect(upTo(k.n80! - 1)).toBeLessThan(0.8);
  });
});

describe("loader data", () => {
  it("is plain JSON: no bigint, dates as strings, no DuckDB value objects", async () => {
    const ctx = await testContext(db, { kommun: "Stockholm" });
    for (const page of await Promise.all([
      oversiktTables(ctx),
      timmarTables(ctx),
      utforareTables(ctx),
      omkostnaderTables(ctx),
      bevakningTables(ctx),
    ])) {
      const text = JSON.stringify(page); // throws on a bigint
      expect(JSON.parse(text)).toEqual(page);
    }
  });
});

describe("one number everywhere: overview = page = CSV = sum over the cases", () => {
  const FILTERS: Partial<Filters>[] = [
    {},
    { kommun: "Stockholm" },
    { stadsdel: ["Södermalm"], kon: ["K"] },
    { period: parsePeriod("2025")!, insats: ["ledsagning"] },
    { period: parsePeriod("2025-03..2025-10")!, aldersgrupp: ["25-64"], lagrum: ["LSS"] },
    { utforare: [PLANTED_WEAK_UTFORARE.utforare], kommun: "Stockholm" },
  ];
  for (const extra of FILTERS) {
    it(JSON.stringify({ ...extra, period: extra.period?.key }), async () => {
      const ctx = await testContext(db, extra);
      const [over, tim, bev, omk] = await Promise.all([
        oversiktTables(ctx),
        timmarTables(ctx),
        bevakningTables(ctx),
        omkostnaderTables(ctx),
      ]);
      const cases = await aggregate(
        db,
        ctx.filters,
        [
          "personer",
          "beviljade",
          "utforda",
          "forbrukade",
          "forverkade",
          "kostnad",
          "omkostnad",
          "antal_beslut",
          "antal_avslag",
          "arenden_med_flagga",
          "sarskilda_kr",
        ],
        ["arende_id"]
      );
      const key = (id: string) => over.nyckeltal.rows.find((r) => r.key === id)!.cells.nu as number;
      const totalCsv = await csvCells(tim.stadsdel, "beviljade");
      for (const id of ["beviljade", "utforda", "forbrukade"] as const) {
        const overview = key(id);
        const page = tim.stadsdel.total!.cells[id] as number;
        const csv = swedishNumber((await csvCells(tim.stadsdel, id)).get(ctx.filters.kommun ? "Totalt" : "Totalt | "));
        const drill = sumOf(cases, id);
        expect(page, id).toBeCloseTo(overview, 6);
        expect(csv, id).toBeCloseTo(overview, 4);
        expect(drill, id).toBeCloseTo(overview, 6);
        // The rows of the page's table add up to its total.
        expect(
          tim.stadsdel.rows.reduce((a, r) => a + (r.cells[id] as number), 0),
          id
        ).toBeCloseTo(page, 6);
      }
      expect(totalCsv.size).toBe(tim.stadsdel.rows.length + 1);
      expect(tim.stadsdel.total!.cells.personer).toBe(key("personer"));
      expect(sumOf(cases, "personer")).toBe(key("personer"));
      expect(sumOf(cases, "forverkade")).toBeCloseTo(key("forverkade"), 6);
      expect(sumOf(cases, "kostnad")).toBeCloseTo(key("kostnad"), 4);
      expect(sumOf(cases, "omkostnad")).toBeCloseTo(key("omkostnad"), 4);
      const avslag = sumOf(cases, "antal_avslag") / sumOf(cases, "antal_beslut");
      if (sumOf(cases, "antal_beslut") > 0) expect(key("avslagsandel")).toBeCloseTo(avslag, 12);
      // Bevakning: the total of cases with any flag is the drilldown's.
      expect(bev.stadsdel.total!.cells.alla).toBe(sumOf(cases, "arenden_med_flagga"));
      // Omkostnader: särskilda by the engine's judgement add up to the measure.
      expect(omk.sarskilda.total!.cells.belopp as number).toBeCloseTo(sumOf(cases, "sarskilda_kr"), 6);
      expect(omk.sarskilda.total!.cells.antal).toBe(omk.stadsdel.total!.cells.antal_sarskilda);
      // The gap's parts are the whole gap.
      const g = tim.gap.total!.cells;
      expect(GAP_PARTS.reduce((a, id) => a + (g[id] as number), 0)).toBeCloseTo(
        (g.beviljade as number) - (g.utforda as number),
        6
      );
    });
  }
});
