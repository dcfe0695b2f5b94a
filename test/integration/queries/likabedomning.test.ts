/**
 * likabedomning() on the hand-made engine output of analys-fixture.ts: every
 * expected figure is worked out by hand from the rows listed there.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKysely, type Database } from "../../../app/db.server.ts";
import { aggregate } from "../../../queries/aggregate.ts";
import { parsePeriod, type Filters } from "../../../queries/filters.ts";
import { likabedomning, queryMoments } from "../../../queries/likabedomning.ts";
import { Z95, Z998 } from "../../../queries/stats.ts";
import { analysFixtureInstance, TESTBY_UNITS } from "./analys-fixture.ts";

let instance: DuckDBInstance;
let db: Kysely<Database>;
beforeAll(async () => {
  instance = await analysFixtureInstance();
  db = createKysely(instance);
});
afterAll(() => instance?.closeSync());

const T1: Filters = { period: parsePeriod("2026-T1")! };

describe("likabedomning on the hand-made set", () => {
  it("counts beslut, avslag, delavslag, granted/sought and the spread per stadsdel", async () => {
    const r = await likabedomning(db, T1);
    expect(r.rader.map((x) => `${x.kommun}/${x.stadsdel}`)).toEqual(["Annanby/Annanby", "Testby/A", "Testby/B", "Testby/C"]);
    const a = r.rader.find((x) => x.stadsdel === "A")!;
    // a5 (December) is outside the period.
    expect(a).toMatchObject({ beslut: 4, bifall: 2, avslag: 1, delavslag: 1, avslagAndel: 0.25, delavslagAndel: 0.25 });
    // Sökta 10+20+20+10 = 60, beviljade 10+20+10+0 = 40.
    expect(a.soktaH).toBe(60);
    expect(a.beviljadeAvSoktaH).toBe(40);
    expect(a.beviljadeAvSokta).toBeCloseTo(2 / 3, 12);
    // Granted per beslut (not avslag): 10, 20, 10 → quartiles 10, 10, 15 (linear interpolation).
    expect(a.beviljadePerBeslut).toEqual({ q1: 10, median: 10, q3: 15 });
    // Cases with hours: a1 (20/10), a2 (20/20), a3 (10/0) → 50 h granted, 30 performed.
    expect(a).toMatchObject({ arenden: 3, beviljadeH: 50, utfordaH: 30 });
    expect(a.utforandegrad).toBeCloseTo(0.6, 12);
    const b = r.rader.find((x) => x.stadsdel === "B")!;
    expect(b).toMatchObject({ beslut: 4, avslag: 2, avslagAndel: 0.5, arenden: 2, beviljadeH: 20, utfordaH: 10 });
  });

  it("compares each stadsdel with its own kommun (Annanby's avslag are not Testby's)", async () => {
    const r = await likabedomning(db, T1);
    const testby = r.kommuner.find((k) => k.kommun === "Testby")!;
    expect(testby).toMatchObject({ beslut: 10, avslag: 3, avslagAndel: 0.3, arenden: 7, stadsdelar: 3 });
    expect(testby.utforandegrad).toBeCloseTo(44 / 79, 12);
    const a = r.rader.find((x) => x.stadsdel === "A")!;
    expect(a.avslagFunnel!.target).toBeCloseTo(0.3, 12);
    // n = 4: se = √(0.3·0.7/4) = 0.229129.
    const se = Math.sqrt(0.21 / 4);
    expect(a.avslagFunnel!.l95.high).toBeCloseTo(0.3 + Z95 * se, 12);
    expect(a.avslagFunnel!.l998.high).toBe(1); // 0.3 + 3.09·0.229 > 1: cut at 1
    expect(a.avslagFunnel!.l95.low).toBe(0);
    expect(a.avslagFunnel!.verdict).toBe("inom");
    const annanby = r.rader.find((x) => x.kommun === "Annanby")!;
    expect(annanby.avslagFunnel!.target).toBe(1);
  });

  it("computes expected avslag from Testby's rates per lagrum and åldersgrupp", async () => {
    // Strata: LSS|25-64 a1–a4, b1, b4: 6 beslut, 2 avslag → 1/3; SoL|0-17 b2, b3, c1: 3, 1 → 1/3; LSS|65- c2: 1, 0 → 0.
    // A: 4 × 1/3 = 4/3 (O 1); B: 2 × 1/3 + 2 × 1/3 = 4/3 (O 2); C: 1 × 1/3 + 1 × 0 = 1/3 (O 0).
    const r = await likabedomning(db, T1);
    const by = Object.fromEntries(r.rader.map((x) => [x.stadsdel, x.standardiserad!]));
    expect(by.A.forvantade).toBeCloseTo(4 / 3, 12);
    expect(by.A.kvot).toBeCloseTo(0.75, 12);
    expect(by.B.forvantade).toBeCloseTo(4 / 3, 12);
    expect(by.B.kvot).toBeCloseTo(1.5, 12);
    expect(by.C.forvantade).toBeCloseTo(1 / 3, 12);
    expect(by.C.observerade).toBe(0);
    expect(by.A.forvantade + by.B.forvantade + by.C.forvantade).toBeCloseTo(3, 12);
  });

  it("draws the utförandegrad funnel from the spread between Testby's cases", async () => {
    const r = await likabedomning(db, T1);
    const units = Object.values(TESTBY_UNITS).flat();
    const B = units.reduce((s, [b]) => s + b, 0);
    const U = units.reduce((s, [, u]) => s + u, 0);
    expect([B, U]).toEqual([79, 44]);
    const R = U / B;
    const ss = units.reduce((s, [b, u]) => s + (u - R * b) ** 2, 0);
    const sd = Math.sqrt(ss / (units.length - 1)) / (B / units.length);
    expect(r.kommuner.find((k) => k.kommun === "Testby")!.utforandegradSd).toBeCloseTo(sd, 12);
    const a = r.rader.find((x) => x.stadsdel === "A")!;
    expect(a.utforandegradFunnel!.target).toBeCloseTo(R, 12);
    expect(a.utforandegradFunnel!.l95.high).toBeCloseTo(R + (Z95 * sd) / Math.sqrt(3), 12);
    expect(a.utforandegradFunnel!.l998.high).toBeCloseTo(R + (Z998 * sd) / Math.sqrt(3), 12);
  });

  it("gives each kommun's total as a row of the same shape", async () => {
    const r = await likabedomning(db, T1);
    const t = r.totaler.find((x) => x.kommun === "Testby")!;
    // Sökta 60 (A) + 36 (B: 10+6+8+12) + 14 (C: 4+10) = 110; beviljade 40 + 20 + 9 = 69.
    expect(t).toMatchObject({
      beslut: 10,
      avslag: 3,
      delavslag: 2,
      bifall: 5,
      soktaH: 110,
      beviljadeAvSoktaH: 69,
      arenden: 7,
      beviljadeH: 79,
      utfordaH: 44,
    });
    expect(t.avslagFunnel).toBeNull();
  });

  it("shows only the chosen stadsdel, still against the whole kommun", async () => {
    const r = await likabedomning(db, { ...T1, stadsdel: ["B"] });
    expect(r.rader.map((x) => x.stadsdel)).toEqual(["B"]);
    expect(r.rader[0].avslagFunnel!.target).toBeCloseTo(0.3, 12);
    expect(r.rader[0].standardiserad!.forvantade).toBeCloseTo(4 / 3, 12);
  });

  it("agrees with the registry: the funnel's case count and hours are aggregate()'s", async () => {
    const moments = await queryMoments(db, T1);
    const reg = await aggregate(db, T1, ["personer", "beviljade", "utforda"], ["kommun", "stadsdel_nu"]);
    for (const m of moments) {
      const g = reg.find((x) => x.kommun === m.kommun && x.stadsdel_nu === m.stadsdel)!;
      expect(m.n).toBe(g.personer);
      expect(m.b).toBeCloseTo(g.beviljade!, 9);
      expect(m.u).toBeCloseTo(g.utforda!, 9);
    }
  });

  it("returns plain numbers, never bigint", async () => {
    const r = await likabedomning(db, T1);
    expect(() => JSON.stringify(r)).not.toThrow();
    for (const x of r.rader) expect(typeof x.beslut).toBe("number");
  });
});
