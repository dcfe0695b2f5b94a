/**
 * jamstalldhet() on the hand-made engine output of analys-fixture.ts (kommun Testby,
 * tertial 1 2026); figures worked out by hand from the rows listed there.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKysely, type Database } from "../../../app/db.server.ts";
import { parsePeriod, type Filters } from "../../../queries/filters.ts";
import { jamstalldhet, KON_EXTRA_MEASURES } from "../../../queries/kon.ts";
import { filterWhere } from "../../../queries/selection.ts";
import { sql } from "kysely";
import { Z95 } from "../../../queries/stats.ts";
import { analysFixtureInstance } from "./analys-fixture.ts";

let instance: DuckDBInstance;
let db: Kysely<Database>;
beforeAll(async () => {
  instance = await analysFixtureInstance();
  db = createKysely(instance);
});
afterAll(() => instance?.closeSync());

const F: Filters = { kommun: "Testby", period: parsePeriod("2026-T1")! };

describe("jamstalldhet on the hand-made set", () => {
  it("counts applicants including avslag, and the outcomes, by kön", async () => {
    const { totalt } = await jamstalldhet(db, F);
    // Women: a1 bifall, a3 delavslag, a4 avslag, b2 avslag, b4 bifall, c1 bifall.
    expect(totalt.K).toMatchObject({ sokande: 6, beslut: 6, bifall: 3, delavslag: 1, avslag: 2 });
    // Men: a2 bifall, b1 avslag, b3 bifall, c2 delavslag.
    expect(totalt.M).toMatchObject({ sokande: 4, beslut: 4, bifall: 2, delavslag: 1, avslag: 1 });
    expect(totalt.K.avslagAndel).toBeCloseTo(1 / 3, 12);
    expect(totalt.andelKvinnorSokande).toBeCloseTo(0.6, 12);
  });

  it("computes hours, utförandegrad and omkostnad per person with 95 % intervals", async () => {
    const { totalt } = await jamstalldhet(db, F);
    // Women with hours: a1 (20/10, 60 kr), a3 (10/0, 400 kr), b4 (12/6, 36 kr), c1 (4/4, 24 kr).
    expect(totalt.K).toMatchObject({ personer: 4, beviljade: 46, utforda: 20, omkostnad: 520 });
    expect(totalt.K.beviljadePerPerson).toBeCloseTo(11.5, 12);
    const half = (Z95 * Math.sqrt(131 / 3)) / 2; // sd of 20, 10, 12, 4 is √(131/3)
    expect(totalt.K.beviljadePerPersonCi!.low).toBeCloseTo(11.5 - half, 10);
    expect(totalt.K.utforandegrad).toBeCloseTo(20 / 46, 12);
    expect(totalt.K.omkostnadPerPerson).toBeCloseTo(130, 12);
    // Men: a2 (20/20, 120 kr), b3 (8/4), c2 (5/0); b1's row of zeros is no person with insats.
    expect(totalt.M).toMatchObject({ personer: 3, beviljade: 33, utforda: 24, omkostnad: 120 });
    expect(totalt.M.omkostnadPerPerson).toBeCloseTo(40, 12);
  });

  it("splits by stadsdel and tests each difference", async () => {
    const j = await jamstalldhet(db, F);
    expect(j.stadsdelar.map((s) => s.stadsdel)).toEqual(["A", "B", "C"]);
    const a = j.stadsdelar[0];
    expect(a.K).toMatchObject({ sokande: 3, beslut: 3, avslag: 1, personer: 2, beviljade: 30 });
    expect(a.M).toMatchObject({ sokande: 1, beslut: 1, avslag: 0, personer: 1, beviljade: 20 });
    // One man in A: no spread, so the hours cannot be tested.
    expect(a.jamforelser.find((x) => x.id === "beviljade_per_person")!.p).toBeNull();
    // Two-proportion test overall: 2/6 vs 1/4 → p = 0.778 (hand: pooled 0.3, z = 0.2817).
    expect(j.totalt.jamforelser.find((x) => x.id === "avslagsandel")!.p).toBeCloseTo(0.7782, 3);
  });

  it("defines the per-person figures in the registry's format: their SQL gives the page's numbers", async () => {
    const { totalt } = await jamstalldhet(db, F);
    for (const kon of ["K", "M"] as const) {
      const r = await sql<{ b: number; o: number }>`
        SELECT ${sql.raw(KON_EXTRA_MEASURES.beviljade_per_person.expr)} AS b, ${sql.raw(
        KON_EXTRA_MEASURES.omkostnad_per_person.expr
      )} AS o
        FROM ledger_manad WHERE ${filterWhere({ ...F, kon: [kon] }, "manad")}`.execute(db);
      expect(r.rows[0].b).toBeCloseTo(totalt[kon].beviljadePerPerson!, 10);
      expect(r.rows[0].o).toBeCloseTo(totalt[kon].omkostnadPerPerson!, 10);
    }
  });

  it("ignores a kön filter: both sides are always compared", async () => {
    const j = await jamstalldhet(db, { ...F, kon: ["K"] });
    expect(j.totalt.M.beslut).toBe(4);
  });
});
