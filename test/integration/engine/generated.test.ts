/**
 * The engine on the synthetic data set, loaded by the real ETL with deriveAll inside the
 * load's transaction: for random selections of cases the stored output equals the pure
 * engine run on the loaded rows, the planted R17 utförare are the ones flagged, and R17's
 * flags are the pure rule's on activity windows taken from the loaded rows.
 * Skipped while the generator or the loader is not in place.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Regi } from "../../../etl/contract.ts";
import { PROJECT_ROOT } from "../../../etl/db.ts";
import { DAY, MONTH_IDX } from "../../../etl/engine/io/sql.ts";
import { regelverkFor } from "../../../etl/engine/regelverk.ts";
import { deriveAll, loadRegelverk } from "../../../etl/engine/store.ts";
import { utforareFlags, type UtforareIn } from "../../../etl/engine/utforare.ts";
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

  it("stages each utförare's first and last day with hours per month as the loaded rows give them (R17)", async () => {
    // A second run in a transaction that is rolled back, keeping the run's temp tables,
    // with two workers: their _e_aktivitet against SQL over the loaded utförda rows.
    const tmp = mkdtempSync(join(tmpdir(), "engine-akt-"));
    const rows = async (q: string) => (await conn.runAndReadAll(q)).getRows().map((r) => r.join("|")).sort();
    await conn.run("BEGIN");
    try {
      await deriveAll(conn, { behallTemp: true, tempDir: tmp, workers: 2, block: 40 });
      const staged = await rows(`SELECT g.kommun, d.utforare, g.m, g.d0, g.d1
        FROM _e_aktivitet g JOIN _e_udict d ON d.kommun = g.kommun AND d.uk = g.uk`);
      const loaded = await rows(`SELECT u.kommun, u.utforare,
          ${MONTH_IDX("u.datum")}, min(${DAY("u.datum")}), max(${DAY("u.datum")})
        FROM utforda_timmar u JOIN beslut b ON b.kommun = u.kommun AND b.beslut_id = u.beslut_id
        WHERE u.timmar > 0 GROUP BY ALL`);
      expect(loaded.length).toBeGreaterThan(100);
      expect(staged).toEqual(loaded);
    } finally {
      await conn.run("ROLLBACK");
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("flags R17 as the pure rule does on activity windows taken straight from the loaded rows", async () => {
    const set = loadRegelverk();
    const horisont = Number((await conn.runAndReadAll(`SELECT ${DAY("horisont")} FROM engine_korning`)).getRows()[0][0]);
    const list = new Map<string, UtforareIn>();
    const utf = await conn.runAndReadAll(
      `SELECT kommun, utforare, namn, regi, ${DAY("godkand_from")}, ${DAY("godkand_tom")} FROM utforare`,
    );
    for (const [kommun, utforare, namn, rg, from, tom] of utf.getRows()) {
      list.set(`${kommun}|${utforare}`, {
        kommun: kommun as string, utforare: utforare as string, namn: namn as string, regi: rg as Regi,
        godkandFrom: from as number, godkandTom: tom as number | null, aktivitet: [],
      });
    }
    const windows = await conn.runAndReadAll(`
      SELECT kommun, utforare, ${DAY("giltig_from")}, coalesce(${DAY("giltig_tom")}, ${horisont}) FROM beslut
        WHERE utfall <> 'avslag' AND giltig_from IS NOT NULL AND utforare IS NOT NULL
      UNION ALL
      SELECT u.kommun, u.utforare, min(${DAY("u.datum")}), max(${DAY("u.datum")})
        FROM utforda_timmar u JOIN beslut b ON b.kommun = u.kommun AND b.beslut_id = u.beslut_id
        WHERE u.timmar > 0 GROUP BY u.kommun, u.utforare, date_trunc('month', u.datum)`);
    let dagar = 0;
    for (const [kommun, utforare, fran, till] of windows.getRows()) {
      list.get(`${kommun}|${utforare}`)?.aktivitet.push({ fran: fran as number, till: till as number });
      dagar++;
    }
    expect(dagar).toBeGreaterThan(100);
    const expected = utforareFlags([...list.values()], (k) => regelverkFor(set, k), horisont)
      .map((f) => [f.kommun, f.utforare, f.datum, f.fonsterFran, f.fonsterTill, f.text].join("|"))
      .sort();
    const stored = (
      await conn.runAndReadAll(
        `SELECT kommun, utforare, ${DAY("datum")}, ${DAY("fonster_fran")}, ${DAY("fonster_till")}, orsak FROM utforare_flagga`,
      )
    )
      .getRows()
      .map((r) => r.join("|"))
      .sort();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).toEqual(expected);
  });

  it("marks cases of kommuner without their own regelverk", async () => {
    const r = await conn.runAndReadAll(`SELECT DISTINCT kommun, regelverk_standard FROM arende ORDER BY kommun`);
    for (const [kommun, standard] of r.getRows()) {
      expect(standard, String(kommun)).toBe(!["Stockholm", "Värmdö", "Östhammar"].includes(kommun as string));
    }
  });
});
