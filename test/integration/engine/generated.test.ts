/**
 * The engine on the synthetic data set, loaded by the real ETL with deriveAll inside the
 * load's transaction: for random selections of cases the stored output equals the pure
 * engine run on the loaded rows, and the planted R17 utförare are the ones flagged.
 * Skipped while the generator or the loader is not in place.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Regi } from "../../../etl/contract.ts";
import { PROJECT_ROOT } from "../../../etl/db.ts";
import { deriveAll, loadRegelverk } from "../../../etl/engine/store.ts";
import { rng } from "../../unit/engine/random-cases.ts";
import { casesFromLoadedTables, expectMonthsEqual, expectStoredEqualsEngine } from "./compare.ts";

const ready = ["etl/generate/index.ts", "etl/load/index.ts"].every((f) => existsSync(resolve(PROJECT_ROOT, f)));

describe.skipIf(!ready)("deriveAll on generated data, inside the ETL's transaction", () => {
  let dir: string;
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  const regi = new Map<string, Regi>();

  beforeAll(async () => {
    process.env.LEDSAGNING_PSEUDONYM_KEY ??= "engine-test-key-0123456789abcdef0123456789abcdef";
    const { generate } = await import("../../../etl/generate/index.ts");
    const { runLoad } = await import("../../../etl/load/index.ts");
    dir = mkdtempSync(join(tmpdir(), "engine-gen-"));
    await generate({ outDir: dir, seed: 7, years: 2, scale: 0.15, dialect: "utf8" });
    instance = await DuckDBInstance.create(":memory:");
    const summary = await runLoad({ paths: [dir], instance, derive: (c: DuckDBConnection) => deriveAll(c) });
    expect(summary.error).toBeUndefined();
    expect(summary.ok).toBe(true);
    conn = await instance.connect();
    const r = await conn.runAndReadAll(`SELECT kommun, utforare, regi FROM utforare`);
    for (const [k, u, rg] of r.getRows()) regi.set(`${k}|${u}`, rg as Regi);
  });
  afterAll(() => {
    conn?.closeSync();
    instance?.closeSync();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("stores a case for every arende in the loaded beslut", async () => {
    const r = await conn.runAndReadAll(`SELECT (SELECT count(DISTINCT arende_id) FROM beslut), (SELECT count(*) FROM arende)`);
    const [loaded, derived] = r.getRows()[0];
    expect(derived).toBe(loaded);
  });

  it("for random selections of cases, the stored output equals the pure engine on the loaded rows", async () => {
    const ids = (await conn.runAndReadAll(`SELECT arende_id FROM arende ORDER BY arende_id`)).getRows().map((r) => r[0] as string);
    const pick = rng(2026);
    const set = loadRegelverk();
    for (let round = 0; round < 3; round++) {
      const selection = ids.filter(() => pick() < 0.1);
      const cases = await casesFromLoadedTables(conn, selection);
      const results = await expectStoredEqualsEngine(conn, cases, set, (k, u) => regi.get(`${k}|${u}`) ?? null);
      await expectMonthsEqual(conn, results);
    }
  });

  it("flags the dormant Stockholm utförare with an open contract (R17), not those whose contract ended", async () => {
    const { PLANTED_DORMANT_UTFORARE } = await import("../../../etl/generate/index.ts");
    const flagged = (await conn.runAndReadAll(`SELECT utforare FROM utforare_flagga WHERE kommun = 'Stockholm'`))
      .getRows()
      .map((r) => r[0]);
    for (const d of PLANTED_DORMANT_UTFORARE) {
      expect(flagged.includes(d.utforare), d.utforare).toBe(!d.contractEnded);
    }
  });

  it("marks cases of kommuner without their own regelverk", async () => {
    const r = await conn.runAndReadAll(`SELECT DISTINCT kommun, regelverk_standard FROM arende ORDER BY kommun`);
    for (const [kommun, standard] of r.getRows()) {
      expect(standard, String(kommun)).toBe(!["Stockholm", "Värmdö", "Östhammar"].includes(kommun as string));
    }
  });
});
