/**
 * avslagOversikt() on the hand-made engine output of analys-fixture.ts (kommun Testby,
 * tertial 1 2026); figures worked out by hand from the rows listed there.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKysely, type Database } from "../../../app/db.server.ts";
import { avslagOversikt } from "../../../queries/avslag.ts";
import { parsePeriod, type Filters } from "../../../queries/filters.ts";
import { analysFixtureInstance } from "./analys-fixture.ts";

let instance: DuckDBInstance;
let db: Kysely<Database>;
beforeAll(async () => {
  instance = await analysFixtureInstance();
  db = createKysely(instance);
});
afterAll(() => instance?.closeSync());

const F: Filters = { kommun: "Testby", period: parsePeriod("2026-T1")! };
const pick = (rows: { varde: string | null; beslut: number; avslag: number; delavslag: number }[]) =>
  rows.map((r) => [r.varde, r.beslut, r.avslag, r.delavslag]);

describe("avslagOversikt on the hand-made set", () => {
  it("gives the total and every grouping", async () => {
    const r = await avslagOversikt(db, F);
    expect(r.totalt).toMatchObject({ beslut: 10, bifall: 5, delavslag: 2, avslag: 3, avslagAndel: 0.3, delavslagAndel: 0.2 });
    expect(pick(r.per.stadsdel_nu)).toEqual([
      ["A", 4, 1, 1],
      ["B", 4, 2, 0],
      ["C", 2, 0, 1],
    ]);
    expect(r.per.stadsdel_nu[0].kommun).toBe("Testby");
    expect(pick(r.per.lagrum)).toEqual([
      ["LSS", 7, 2, 2],
      ["SoL", 3, 1, 0],
    ]);
    expect(pick(r.per.kon)).toEqual([
      ["K", 6, 2, 1],
      ["M", 4, 1, 1],
    ]);
    expect(pick(r.per.aldersgrupp)).toEqual([
      ["0-17", 3, 1, 0],
      ["25-64", 6, 2, 1],
      ["65-", 1, 0, 1],
    ]);
  });

  it("runs over time by month in a tertial, every month present", async () => {
    const r = await avslagOversikt(db, F);
    expect(r.tid.indelning).toBe("manad");
    expect(pick(r.tid.rader)).toEqual([
      ["2026-01", 4, 1, 0],
      ["2026-02", 3, 1, 1],
      ["2026-03", 2, 0, 1],
      ["2026-04", 1, 1, 0],
    ]);
  });

  it("runs by tertial on request, over a longer period", async () => {
    const r = await avslagOversikt(db, { ...F, period: parsePeriod("2025-09..2026-04")! }, "tertial");
    // a5 (2025-12-20, avslag) now falls in the period, in tertial 3 2025.
    expect(pick(r.tid.rader)).toEqual([
      ["2025-T3", 1, 1, 0],
      ["2026-T1", 10, 3, 2],
    ]);
    expect(r.totalt.beslut).toBe(11);
  });

  it("applies the shared filters", async () => {
    const r = await avslagOversikt(db, { ...F, lagrum: ["SoL"] });
    expect(r.totalt).toMatchObject({ beslut: 3, avslag: 1 });
    expect(pick(r.per.stadsdel_nu)).toEqual([
      ["B", 2, 1, 0],
      ["C", 1, 0, 0],
    ]);
  });
});
