/**
 * The registry against the real engine output: every measure's SQL runs on the
 * tables etl/engine/store.ts builds (a column renamed there fails here), and the
 * drilldown by arende_id reproduces each additive figure.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKysely, type Database } from "../../../app/db.server.ts";
import { deriveAll } from "../../../etl/engine/store.ts";
import { aggregate, GROUP_BY, sumOf, type GroupBy } from "../../../queries/aggregate.ts";
import { parsePeriod, type Filters } from "../../../queries/filters.ts";
import { MEASURE_IDS, MEASURES, type MeasureId } from "../../../queries/measures.ts";
import type { Scope } from "../../../queries/selection.ts";
import { fillFixture } from "../../unit/app/fixture.ts";

let instance: DuckDBInstance;
let db: Kysely<Database>;
beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  await fillFixture(conn);
  await deriveAll(conn);
  conn.closeSync();
  db = createKysely(instance);
});
afterAll(() => instance?.closeSync());

const Y2022: Filters = { period: parsePeriod("2022")! };

describe("measures on the engine's tables", () => {
  it("every measure runs and returns a number or null, never a bigint", async () => {
    const [r] = await aggregate(db, Y2022, MEASURE_IDS);
    for (const id of MEASURE_IDS) expect(r[id] === null || typeof r[id] === "number", id).toBe(true);
    expect(r.beviljade).toBeGreaterThan(0);
    expect(r.antal_beslut).toBe(3); // B3 (avslag), B4, V1 decided in 2022
    expect(r.antal_avslag).toBe(1);
  });

  it("every dimension a scope has can group its measures", async () => {
    const can: Record<Scope, GroupBy[]> = {
      manad: GROUP_BY.filter((g) => g !== "regel" && g !== "utfall"),
      beslut: GROUP_BY.filter((g) => g !== "regel" && g !== "regi"),
      flagga: GROUP_BY.filter((g) => g !== "utfall" && g !== "regi"),
      period: ["kommun", "stadsdel_nu", "manad", "ar", "tertial", "arende_id"],
    };
    for (const [scope, dims] of Object.entries(can)) {
      const ids = MEASURE_IDS.filter((id) => MEASURES[id].scope === scope);
      for (const d of dims) await aggregate(db, Y2022, ids, [d]);
    }
  });

  it("the drilldown by arende_id sums to the figure, with and without filters", async () => {
    const additive = MEASURE_IDS.filter((id) => MEASURES[id].kind !== "ratio" && MEASURES[id].kind !== "quantile") as MeasureId[];
    for (const filters of [
      Y2022,
      { ...Y2022, kommun: "Stockholm" },
      { ...Y2022, stadsdel: ["Järva"] },
      { period: parsePeriod("2021-12..2024-02")! },
    ]) {
      const [total] = await aggregate(db, filters, additive);
      const cases = await aggregate(db, filters, additive, ["arende_id"]);
      for (const id of additive) expect(sumOf(cases, id), id).toBeCloseTo(total[id] ?? 0, 9);
    }
  });
});
