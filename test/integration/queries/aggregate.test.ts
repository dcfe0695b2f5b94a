/**
 * aggregate() over the hand-made engine output of engine-fixture.ts: every
 * expected figure below is computed by hand from the rows listed there.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKysely, type Database } from "../../../app/db.server.ts";
import { aggregate, sumOf } from "../../../queries/aggregate.ts";
import { parsePeriod, type Filters } from "../../../queries/filters.ts";
import { MEASURE_IDS, MEASURES, type MeasureId } from "../../../queries/measures.ts";
import { engineFixtureInstance } from "./engine-fixture.ts";

let instance: DuckDBInstance;
let db: Kysely<Database>;
beforeAll(async () => {
  instance = await engineFixtureInstance();
  db = createKysely(instance);
});
afterAll(() => instance?.closeSync());

const T1: Filters = { period: parsePeriod("2026-T1")! };
const f = (extra: Partial<Filters>): Filters => ({ ...T1, ...extra });

describe("aggregate: scope manad (ledger_manad)", () => {
  it("computes the totals of tertial 1 2026", async () => {
    const [r] = await aggregate(db, T1, [
      "personer",
      "personer_kvinnor",
      "andel_kvinnor",
      "beviljade",
      "utforda",
      "forbrukade",
      "forverkade",
      "utforandegrad",
      "forbrukningsgrad",
      "kostnad",
      "schablon",
      "tillfallen",
      "utforda_dag",
      "utforda_helg",
    ]);
    expect(r.personer).toBe(3); // a1, a2, a3 (a2's zero row in February does not add anyone)
    expect(r.personer_kvinnor).toBe(2);
    expect(r.andel_kvinnor).toBeCloseTo(2 / 3, 12);
    expect(r.beviljade).toBe(54); // 10+10+10 + 20+0 + 4
    expect(r.utforda).toBe(26); // 6+8+5 + 5 + 2
    expect(r.forbrukade).toBe(27); // 7+8+5 + 5 + 2
    expect(r.forverkade).toBe(10);
    expect(r.utforandegrad).toBeCloseTo(26 / 54, 12);
    expect(r.forbrukningsgrad).toBeCloseTo(27 / 54, 12);
    expect(r.kostnad).toBe(2961 + 3384);
    expect(r.schablon).toBe(84);
    expect(r.tillfallen).toBe(3 + 4 + 2 + 2 + 1);
    expect(r.utforda_dag).toBe(4 + 8 + 5 + 2);
    expect(r.utforda_helg).toBe(5);
    expect(r.n).toEqual({ manad: 3 });
    // Counts are numbers, never bigint (the INTEGER sums come back from DuckDB as HUGEINT).
    expect(typeof r.tillfallen).toBe("number");
  });

  it("decomposes the gap: the five parts add up to beviljade − utförda", async () => {
    const [r] = await aggregate(db, T1, [
      "gap",
      "gap_sen_avbokning",
      "gap_brukare_avbokning",
      "gap_ledsagare_avbokning",
      "gap_forverkade",
      "gap_aldrig_bokade",
    ]);
    expect(r.gap).toBe(54 - 26);
    expect([
      r.gap_sen_avbokning,
      r.gap_brukare_avbokning,
      r.gap_ledsagare_avbokning,
      r.gap_forverkade,
      r.gap_aldrig_bokade,
    ]).toEqual([1, 0, 2, 8, 17]);
    expect(1 + 0 + 2 + 8 + 17).toBe(r.gap);
  });

  it("groups by stadsdel (today's name), kön, åldersgrupp, utförare and month", async () => {
    const bySd = await aggregate(db, T1, ["beviljade", "utforda", "personer"], ["stadsdel_nu"]);
    expect(bySd).toEqual([
      { stadsdel_nu: "Norr", beviljade: 34, utforda: 21, personer: 2, n: { manad: 2 } },
      { stadsdel_nu: "Söder", beviljade: 20, utforda: 5, personer: 1, n: { manad: 1 } },
    ]);
    const byAge = await aggregate(db, T1, ["beviljade"], ["aldersgrupp"]);
    expect(byAge.map((r) => [r.aldersgrupp, r.beviljade])).toEqual([
      ["0-17", 20],
      ["25-64", 30],
      ["65-", 4],
    ]);
    const byU = await aggregate(db, T1, ["utforandegrad"], ["utforare", "regi"]);
    expect(byU.map((r) => [r.utforare, r.regi, r.utforandegrad])).toEqual([
      ["U1", "enskild", 19 / 30],
      ["U2", "kommunal", 7 / 24],
    ]);
    const byMonth = await aggregate(db, T1, ["beviljade"], ["manad"]);
    expect(byMonth.map((r) => [r.manad, r.beviljade])).toEqual([
      ["2026-01", 30],
      ["2026-02", 10],
      ["2026-03", 10],
      ["2026-04", 4],
    ]);
  });

  it("applies the filters through filterWhere", async () => {
    const bev = async (x: Partial<Filters>) => (await aggregate(db, f(x), ["beviljade"]))[0].beviljade;
    expect(await bev({ stadsdel: ["Gamla Norr"] })).toBe(4); // the name on the beslut
    expect(await bev({ stadsdel: ["Norr"] })).toBe(34); // today's name
    expect(await bev({ kon: ["K"] })).toBe(34);
    expect(await bev({ aldersgrupp: ["0-17"] })).toBe(20);
    expect(await bev({ utforare: ["U2"] })).toBe(24);
    expect(await bev({ period: parsePeriod("2026-01")! })).toBe(30);
    expect(await bev({ kommun: "Annanstad" })).toBe(0);
  });

  it("compares with another period and follows a trend without one", async () => {
    const [prev] = await aggregate(db, T1, ["beviljade", "utforandegrad", "personer"], [], { period: parsePeriod("2025-T3")! });
    expect(prev).toEqual({ beviljade: 4, utforandegrad: 1, personer: 1, n: { manad: 1 } });
    const [empty] = await aggregate(db, T1, ["beviljade", "utforandegrad"], [], { period: parsePeriod("2025-T1")! });
    // No rows: sums are 0, a ratio over nothing is unknown (null), not 0.
    expect(empty).toEqual({ beviljade: 0, utforandegrad: null, n: { manad: 0 } });
    const trend = await aggregate(db, T1, ["beviljade"], ["tertial"], { withPeriod: false });
    expect(trend.map((r) => [r.tertial, r.beviljade])).toEqual([
      ["2025-T3", 4],
      ["2026-T1", 54],
    ]);
  });
});

describe("aggregate: scope beslut (arende_beslut)", () => {
  it("counts beslut by utfall, the rates, granted/sought and the spread per beslut", async () => {
    const [r] = await aggregate(db, T1, [
      "sokande",
      "antal_beslut",
      "antal_bifall",
      "antal_delavslag",
      "antal_avslag",
      "avslagsandel",
      "delavslagsandel",
      "sokta_per_manad",
      "beviljade_per_manad",
      "beviljat_av_sokt",
      "beviljade_per_beslut_median",
      "beviljade_per_beslut_p25",
      "beviljade_per_beslut_p75",
    ]);
    expect(r).toMatchObject({
      sokande: 4,
      antal_beslut: 4,
      antal_bifall: 2,
      antal_delavslag: 1,
      antal_avslag: 1,
      sokta_per_manad: 54,
      beviljade_per_manad: 36,
    });
    expect(r.avslagsandel).toBe(0.25);
    expect(r.delavslagsandel).toBe(0.25);
    expect(r.beviljat_av_sokt).toBeCloseTo(36 / 54, 12);
    // Granted per beslut among bifall and delavslag: 20, 4, 12.
    expect(r.beviljade_per_beslut_median).toBe(12);
    expect(r.beviljade_per_beslut_p25).toBe(8);
    expect(r.beviljade_per_beslut_p75).toBe(16);
  });

  it("groups by stadsdel and utfall", async () => {
    const rows = await aggregate(db, T1, ["antal_beslut", "avslagsandel"], ["stadsdel_nu"]);
    expect(rows.map((r) => [r.stadsdel_nu, r.antal_beslut, r.avslagsandel])).toEqual([
      ["Norr", 2, 0],
      ["Söder", 2, 0.5],
    ]);
    const byUtfall = await aggregate(db, T1, ["antal_beslut"], ["utfall"]);
    expect(byUtfall.map((r) => [r.utfall, r.antal_beslut])).toEqual([
      ["avslag", 1],
      ["bifall", 2],
      ["delavslag", 1],
    ]);
  });
});

describe("aggregate: scopes flagga and period", () => {
  it("counts flags per rule, per stadsdel, and per utförare of the beslut they concern", async () => {
    const [tot] = await aggregate(db, T1, ["flaggor", "arenden_med_flagga"]);
    expect(tot).toMatchObject({ flaggor: 4, arenden_med_flagga: 3 });
    const byRule = await aggregate(db, T1, ["flaggor"], ["regel"]);
    expect(byRule.map((r) => [r.regel, r.flaggor])).toEqual([
      ["R1", 1],
      ["R13", 2],
      ["R6", 1],
    ]);
    const bySd = await aggregate(db, T1, ["flaggor", "arenden_med_flagga"], ["stadsdel_nu"]);
    expect(bySd.map((r) => [r.stadsdel_nu, r.flaggor, r.arenden_med_flagga])).toEqual([
      ["Norr", 3, 2],
      ["Söder", 1, 1],
    ]);
    const byU = await aggregate(db, T1, ["flaggor"], ["utforare", "regel"]);
    expect(byU.map((r) => [r.utforare, r.regel, r.flaggor])).toEqual([
      ["U1", "R13", 1],
      ["U2", "R1", 1],
      ["U2", "R13", 1],
      [null, "R6", 1],
    ]);
  });

  it("sums flex periods by the month they end", async () => {
    const [r] = await aggregate(db, T1, ["flexperioder", "forverkade_period"]);
    expect(r).toMatchObject({ flexperioder: 2, forverkade_period: 10 });
  });

  it("joins measures of several scopes on the group key", async () => {
    const rows = await aggregate(db, T1, ["beviljade", "antal_beslut", "flaggor"], ["stadsdel_nu"]);
    expect(rows).toEqual([
      { stadsdel_nu: "Norr", beviljade: 34, antal_beslut: 2, flaggor: 3, n: { manad: 2, beslut: 2, flagga: 2 } },
      { stadsdel_nu: "Söder", beviljade: 20, antal_beslut: 2, flaggor: 1, n: { manad: 1, beslut: 2, flagga: 1 } },
    ]);
  });
});

describe("drilldown: grouping by arende_id reproduces every additive figure", () => {
  const additive = MEASURE_IDS.filter((id) => MEASURES[id].kind === "sum" || MEASURES[id].kind === "count");
  for (const filters of [T1, f({ stadsdel: ["Norr"] }), f({ kon: ["K"] }), f({ period: parsePeriod("2026")! })]) {
    it(`for ${JSON.stringify({ ...filters, period: filters.period.key })}`, async () => {
      const [total] = await aggregate(db, filters, additive);
      const cases = await aggregate(db, filters, additive, ["arende_id"]);
      for (const id of additive) expect(sumOf(cases, id), id).toBeCloseTo(total[id] ?? 0, 9);
      // Ratios are the ratio of their parts, per group and in total.
      for (const id of MEASURE_IDS.filter((m) => MEASURES[m].kind === "ratio")) {
        const [num, den] = MEASURES[id].parts!;
        const [r] = await aggregate(db, filters, [id, num, den] as MeasureId[]);
        expect(r[id], id).toBe(r[den] ? r[num]! / r[den]! : null);
      }
    });
  }
});

describe("input checks", () => {
  it("refuses unknown measures and dimensions a scope cannot have", async () => {
    await expect(aggregate(db, T1, ["finns_inte" as MeasureId])).rejects.toThrow();
    await expect(aggregate(db, T1, ["forverkade_period"], ["kon"])).rejects.toThrow(/kan inte grupperas/);
  });
});
