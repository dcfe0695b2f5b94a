/**
 * The dashboards' tables on the hand-made engine output (engine-fixture.ts):
 * every figure below is read off the fixture's rows by hand.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKysely, type Database } from "../../../app/db.server.ts";
import { bevakningTables } from "../../../app/lib/bevakning.server.ts";
import { omkostnaderTables } from "../../../app/lib/omkostnader.server.ts";
import { oversiktTables } from "../../../app/lib/oversikt.server.ts";
import { timmarTables } from "../../../app/lib/timmar.server.ts";
import { utforareTables } from "../../../app/lib/utforare.server.ts";
import { parsePeriod } from "../../../queries/filters.ts";
import { testContext } from "./dashboard-context.ts";
import { engineFixtureInstance } from "./engine-fixture.ts";

let instance: DuckDBInstance;
let db: Kysely<Database>;
beforeAll(async () => {
  instance = await engineFixtureInstance();
  db = createKysely(instance);
});
afterAll(() => instance?.closeSync());

const T1 = { kommun: "Testby", period: parsePeriod("2026-T1")! };
const cells = (t: { rows: { cells: Record<string, unknown> }[] }, key: string) => t.rows.map((r) => r.cells[key]);

describe("Översikt", () => {
  it("shows the key figures beside the same tertial a year earlier", async () => {
    const t = await oversiktTables(await testContext(db, T1));
    const get = (id: string) => t.nyckeltal.rows.find((r) => r.key === id)!.cells;
    expect(get("personer")).toMatchObject({ matt: "Personer med insats", nu: 3, fore: 0 });
    expect(get("beviljade")).toMatchObject({ nu: 54, fore: 0, forandring: null });
    expect(get("utforandegrad").nu).toBeCloseTo(26 / 54, 12);
    expect(get("avslagsandel")).toMatchObject({ nu: 0.25, fore: null });
    expect(get("andel_kvinnor").nu).toBeCloseTo(2 / 3, 12);
    expect(get("kostnad").nu).toBe(6345);
    expect(get("omkostnad").nu).toBe(84 + 500);
    // Parts fetched for suppression are not shown.
    expect(t.nyckeltal.rows.map((r) => r.key)).not.toContain("antal_avslag");
    // The trend: 36 months up to the period's last month; months without rows are absent, not zero.
    expect(t.overview.trendRange).toEqual({ from: "2023-05-01", to: "2026-05-01" });
    expect(t.trend.rows.map((r) => [r.key, r.cells.beviljade])).toEqual([
      ["2025-12", 4],
      ["2026-01", 30],
      ["2026-02", 10],
      ["2026-03", 10],
      ["2026-04", 4],
    ]);
  });
});

describe("Timmar", () => {
  it("splits the hours by stadsdel, insats and month, and decomposes the gap", async () => {
    const t = await timmarTables(await testContext(db, T1));
    expect(cells(t.stadsdel, "stadsdel_nu")).toEqual(["Norr", "Söder"]);
    expect(cells(t.stadsdel, "beviljade")).toEqual([34, 20]);
    expect(cells(t.stadsdel, "utforda")).toEqual([21, 5]);
    expect(cells(t.stadsdel, "forbrukade")).toEqual([22, 5]);
    expect(t.stadsdel.total?.cells).toMatchObject({ stadsdel_nu: "Totalt", personer: 3, beviljade: 54, utforda: 26 });
    expect(t.stadsdel.rows[0].links?.beviljade).toBe(
      "/arenden?kommun=Testby&stadsdel=Norr&period=2026-T1&scope=manad&matt=beviljade"
    );
    // Gap: Norr = a1 (sen 1, ledsagare 2, förverkade 8, aldrig 0) + a3 (aldrig 2); Söder = a2 (aldrig 15).
    expect(
      t.gap.rows.map((r) => [
        r.cells.gap_sen_avbokning,
        r.cells.gap_ledsagare_avbokning,
        r.cells.gap_forverkade,
        r.cells.gap_aldrig_bokade,
        r.cells.gap,
      ])
    ).toEqual([
      [1, 2, 8, 2, 13],
      [0, 0, 0, 15, 15],
    ]);
    expect(cells(t.insats, "insats")).toEqual(["Ledsagarservice (LSS)", "Ledsagning (SoL)"]);
    expect(cells(t.insats, "beviljade")).toEqual([34, 20]);
    expect(cells(t.manad, "manad")).toEqual(["januari 2026", "februari 2026", "mars 2026", "april 2026"]);
    expect(cells(t.tidstyp, "utforda_dag")).toEqual([19, 0]);
    expect(cells(t.tidstyp, "utforda_helg")).toEqual([0, 5]);
  });

  it("hides figures resting on fewer than five cases when asked to", async () => {
    const t = await timmarTables(await testContext(db, T1, true));
    // Three cases in all: every figure of the period is hidden, totals too.
    expect(t.stadsdel.total?.hidden?.beviljade).toBe(true);
    expect(t.stadsdel.rows.every((r) => r.cells.beviljade === null)).toBe(true);
  });
});

describe("Utförare", () => {
  it("counts hours, new beslut and late genomförandeplaner per utförare, and lists R17", async () => {
    const t = await utforareTables(await testContext(db, T1));
    const by = Object.fromEntries(t.data.rows.map((r) => [String(r.figures.utforare), r]));
    expect(by.U1.figures).toMatchObject({ personer: 1, beviljade: 30, utforda: 19, antal_beslut: 1, avbokad_ledsagare: 2 });
    expect(by.U2.figures).toMatchObject({ personer: 2, beviljade: 24, utforda: 7, antal_beslut: 2, avbokad_brukare: 3 });
    expect(by.U1.flags).toEqual({ R13: 1, R16: 0 });
    expect(by.U2.flags).toEqual({ R13: 1, R16: 0 });
    // The avslag (no utförare) stays as its own row so the rows add up to the total.
    expect(by.null.figures.antal_beslut).toBe(1);
    expect(t.utforare.total?.cells).toMatchObject({ antal_beslut: 4, r13: 2, beviljade: 54 });
    const u1 = t.utforare.rows.find((r) => r.key.endsWith("U1"))!;
    expect(u1.links?.r13).toBe(
      "/arenden?kommun=Testby&period=2026-T1&utforare=U1&flagga=R13&scope=flagga&matt=arenden_med_flagga"
    );
    expect(t.vilande.rows.map((r) => r.cells.utforare)).toEqual(["Vilan AB (U9)"]);
    expect(t.data.koncentration.rows.map((r) => [r.utforare, r.utforda])).toEqual([
      ["U1", 19],
      ["U2", 7],
    ]);
    expect([t.data.koncentration.n50, t.data.koncentration.n80]).toEqual([1, 2]);
  });
});

describe("Omkostnader", () => {
  it("sets schablon against actual costs and judges särskilda ansökningar", async () => {
    const t = await omkostnaderTables(await testContext(db, T1));
    const u1 = t.utforare.rows.find((r) => String(r.cells.utforare).includes("U1"))!;
    expect(u1.cells).toMatchObject({ schablon: 84, omkostnad_faktisk: 0, skillnad: 84, antal_sarskilda: 1, sarskilda_kr: 500 });
    expect(t.sarskilda.rows.map((r) => [r.key, r.cells.antal, r.cells.belopp])).toEqual([["beviljad", 1, 500]]);
    expect(t.sarskilda.total?.cells).toMatchObject({ antal: 1, belopp: 500 });
  });
});

describe("Bevakning", () => {
  it("counts cases with each flag per stadsdel, each count a link to its cases", async () => {
    const t = await bevakningTables(await testContext(db, T1));
    const norr = t.stadsdel.rows.find((r) => r.cells.stadsdel_nu === "Norr")!;
    const soder = t.stadsdel.rows.find((r) => r.cells.stadsdel_nu === "Söder")!;
    expect(norr.cells).toMatchObject({ R1: 1, R6: 1, R13: 1, R16: 0, alla: 2 });
    expect(soder.cells).toMatchObject({ R13: 1, R16: 0, alla: 1 });
    expect(t.stadsdel.total?.cells).toMatchObject({ R1: 1, R6: 1, R13: 2, alla: 3 });
    expect(norr.links?.R13).toBe(
      "/arenden?kommun=Testby&stadsdel=Norr&period=2026-T1&flagga=R13&scope=flagga&matt=arenden_med_flagga"
    );
    expect(norr.links?.R16).toBeUndefined();
    expect(t.regel.rows.find((r) => r.key === "R13")?.cells.arenden).toBe(2);
  });
});
