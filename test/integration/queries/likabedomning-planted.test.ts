/**
 * The analysis pages find what the generator planted (etl/generate/planted.ts,
 * data/SYNTHETIC.md), on the default synthetic set (seed 1, five years, scale 1)
 * generated and loaded by the real ETL and rules engine:
 *  - Farsta refuses twice as often: outside the avslag funnel's 99.8 % limit and
 *    its O/E interval, while the other stadsdelar are (nearly all) inside;
 *  - in Södermalm men are granted more hours: the kön comparison finds it there,
 *    and (nearly) nowhere else;
 *  - utförandegrad is not planted by stadsdel: the ratio funnel marks (nearly) no one.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import type { Kysely } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKysely, type Database } from "../../../app/db.server.ts";
import { openDatabase } from "../../../etl/db.ts";
import { deriveAll } from "../../../etl/engine/store.ts";
import { generate, PLANTED_AVSLAG, PLANTED_KON_HOURS } from "../../../etl/generate/index.ts";
import { runLoad } from "../../../etl/load/index.ts";
import { avslagOversikt } from "../../../queries/avslag.ts";
import { parsePeriod, type Filters } from "../../../queries/filters.ts";
import { jamstalldhet } from "../../../queries/kon.ts";
import { likabedomning } from "../../../queries/likabedomning.ts";

let dir: string;
let instance: DuckDBInstance;
let db: Kysely<Database>;
const savedKey = process.env.LEDSAGNING_PSEUDONYM_KEY;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ledsagning-planted-"));
  process.env.LEDSAGNING_PSEUDONYM_KEY = "planted-test-key-not-secret";
  await generate({ outDir: join(dir, "files"), seed: 1, years: 5, scale: 1, dialect: "utf8" });
  instance = await openDatabase(join(dir, "test.duckdb"));
  const summary = await runLoad({ paths: [join(dir, "files")], instance, derive: (conn) => deriveAll(conn) });
  expect(summary.ok, summary.error).toBe(true);
  db = createKysely(instance);
});

afterAll(() => {
  instance?.closeSync();
  if (savedKey === undefined) delete process.env.LEDSAGNING_PSEUDONYM_KEY;
  else process.env.LEDSAGNING_PSEUDONYM_KEY = savedKey;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// The whole generated period (the generator's default end is 2026-10-31).
const ALL: Filters = { kommun: "Stockholm", period: parsePeriod("2021-11..2026-10")! };

describe("planted differences are found", () => {
  it(`marks ${PLANTED_AVSLAG.stadsdel} outside the 99.8 % avslag limit, and the others (nearly all) inside`, async () => {
    const r = await likabedomning(db, { ...ALL, kommun: PLANTED_AVSLAG.kommun });
    const planted = r.rader.find((x) => x.stadsdel === PLANTED_AVSLAG.stadsdel)!;
    expect(planted, "the planted stadsdel has rows").toBeDefined();
    const ref = r.kommuner[0];
    expect(planted.avslagAndel!).toBeGreaterThan(1.5 * ref.avslagAndel!);
    expect(planted.avslagFunnel!.verdict).toBe("utanfor998");
    expect(planted.avslagAndel!).toBeGreaterThan(planted.avslagFunnel!.l998.high);
    // Its mix of lagrum and age does not explain it away.
    expect(planted.standardiserad!.verdict).toBe("utanfor998");
    expect(planted.standardiserad!.low).toBeGreaterThan(1);
    const others = r.rader.filter((x) => x.stadsdel !== PLANTED_AVSLAG.stadsdel);
    expect(others.length).toBeGreaterThanOrEqual(10);
    expect(others.filter((x) => x.avslagFunnel!.verdict === "utanfor998").map((x) => x.stadsdel).length).toBeLessThanOrEqual(1);
    expect(others.filter((x) => x.standardiserad!.verdict === "utanfor998").length).toBeLessThanOrEqual(1);
    // Utförandegrad is not planted by stadsdel: the ratio funnel marks hardly anyone.
    expect(r.rader.filter((x) => x.utforandegradFunnel?.verdict === "utanfor998").length).toBeLessThanOrEqual(1);
  });

  it(`finds that men are granted more hours in ${PLANTED_KON_HOURS.stadsdel}, and hardly anywhere else`, async () => {
    const j = await jamstalldhet(db, { ...ALL, kommun: PLANTED_KON_HOURS.kommun });
    const sd = j.stadsdelar.find((s) => s.stadsdel === PLANTED_KON_HOURS.stadsdel)!;
    const hours = sd.jamforelser.find((x) => x.id === "beviljade_per_person")!;
    expect(hours.man!).toBeGreaterThan(hours.kvinnor!);
    expect(hours.storreAnSlumpen).toBe(true);
    expect(hours.p!).toBeLessThan(0.001);
    const elsewhere = j.stadsdelar.filter(
      (s) =>
        s.stadsdel !== PLANTED_KON_HOURS.stadsdel && s.jamforelser.find((x) => x.id === "beviljade_per_person")!.storreAnSlumpen
    );
    // 10 other stadsdelar at the 5 % level: one or two may differ by chance.
    expect(elsewhere.length).toBeLessThanOrEqual(2);
    // Applicants include avslag: more sökande than granted cases.
    expect(j.totalt.K.sokande + j.totalt.M.sokande).toBeGreaterThan(0);
    expect(j.totalt.K.avslag + j.totalt.M.avslag).toBeGreaterThan(0);
  });

  it("shows the planted stadsdel at the top of avslag by stadsdel", async () => {
    const r = await avslagOversikt(db, { ...ALL, kommun: PLANTED_AVSLAG.kommun });
    const top = [...r.per.stadsdel_nu].sort((a, b) => b.avslagAndel! - a.avslagAndel!)[0];
    expect(top.varde).toBe(PLANTED_AVSLAG.stadsdel);
    expect(r.tid.indelning).toBe("tertial");
    // 2021-T3 (only nov–dec) … 2026-T3 (only sep–okt): 16 tertials.
    expect(r.tid.rader.map((x) => x.varde)).toHaveLength(16);
    expect(r.tid.rader[0].varde).toBe("2021-T3");
  });
});
