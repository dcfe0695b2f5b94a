/**
 * deriveAll on a real DuckDB (':memory:'): random cases inserted into the loaded-data
 * tables, the engine's output stored, and for random selections of cases the stored
 * output equals the pure engine run on the same rows.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Regi } from "../../../etl/contract.ts";
import { ensureSchema } from "../../../etl/db.ts";
import { STAGED_FILES, TEMP_VIEWS } from "../../../etl/engine/io/sql.ts";
import { deriveAll, loadRegelverk, prepareDerive, runMemoryLimit, settingBytes } from "../../../etl/engine/store.ts";
import { randomCase, randomUtforare, rng, toCaseInput, type RawCase } from "../../unit/engine/random-cases.ts";
import { dumpOutput, expectMonthsEqual, expectSameOutput, expectStoredEqualsEngine } from "./compare.ts";

const TABLES = {
  beslut: ["kommun", "stadsdel", "beslut_id", "person_id", "arende_id", "fodelsear", "kon", "lagrum", "insats",
    "ansokan_datum", "beslut_datum", "utfall", "sokta_timmar", "beviljade_timmar", "timmar_per", "giltig_from",
    "giltig_tom", "handlaggare", "beslutsniva", "personlig_assistans", "utforare", "bestallning_datum",
    "genomforandeplan_datum", "senaste_uppfoljning"],
  utforda_timmar: ["kommun", "beslut_id", "utforare", "datum", "tidstyp", "timmar"],
  avbokningar: ["kommun", "beslut_id", "utforare", "planerad_start", "avbokad_tid", "avbokad_av", "timmar", "ombokad", "orsak"],
  omkostnader: ["kommun", "beslut_id", "utforare", "datum", "belopp", "typ", "aktivitet"],
  utforare: ["kommun", "utforare", "namn", "regi", "godkand_from", "godkand_tom"],
} as const;

/** Rows go in through the Appender, as the loader's own rows would (load_id last). */
async function insert(conn: DuckDBConnection, table: keyof typeof TABLES, rows: object[]): Promise<void> {
  const ap = await conn.createAppender(table);
  for (const row of rows as Record<string, unknown>[]) {
    for (const c of TABLES[table]) {
      const v = row[c];
      if (v === null || v === undefined) ap.appendNull();
      else if (typeof v === "boolean") ap.appendBoolean(v);
      else if (typeof v === "number") ap.appendDouble(v);
      else ap.appendVarchar(String(v));
    }
    ap.appendInteger(1);
    ap.endRow();
  }
  ap.closeSync();
}

async function load(conn: DuckDBConnection, cases: RawCase[]): Promise<void> {
  await ensureSchema(conn);
  await insert(conn, "utforare", randomUtforare());
  await insert(conn, "beslut", cases.flatMap((c) => c.beslut));
  await insert(conn, "utforda_timmar", cases.flatMap((c) => c.utforda));
  await insert(conn, "avbokningar", cases.flatMap((c) => c.avbokningar));
  await insert(conn, "omkostnader", cases.flatMap((c) => c.omkostnader));
}

const regiTable = new Map(randomUtforare().map((u) => [`${u.kommun}|${u.utforare}`, u.regi]));
const regi = (kommun: string, u: string): Regi | null => regiTable.get(`${kommun}|${u}`) ?? null;

describe("deriveAll stores what the engine derives", () => {
  const r = rng(4711);
  const raw = Array.from({ length: 400 }, (_, i) => randomCase(r, i));
  const set = loadRegelverk();
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  let derived: { arenden: number; ms: number };

  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
    await load(conn, raw);
    await conn.run("BEGIN");
    derived = await deriveAll(conn);
    await conn.run("COMMIT");
  });
  afterAll(() => {
    conn?.closeSync();
    instance?.closeSync();
  });

  it("derives one arende per case, the default regelverk marked", async () => {
    expect(derived.arenden).toBe(raw.length);
    const r = await conn.runAndReadAll(
      `SELECT kommun, bool_and(regelverk_standard), count(*) FROM arende GROUP BY kommun ORDER BY kommun`,
    );
    const byKommun = new Map(r.getRows().map(([k, std, n]) => [String(k), { standard: std, n: Number(n) }]));
    expect(byKommun.get("Testby")?.standard).toBe(true);
    expect(byKommun.get("Stockholm")?.standard).toBe(false);
    expect([...byKommun.values()].reduce((s, x) => s + x.n, 0)).toBe(raw.length);
  });

  it("for random selections of cases, the engine's ledgers sum to SQL over the stored output", async () => {
    const pick = rng(99);
    for (let round = 0; round < 6; round++) {
      const selection = raw.filter(() => pick() < 0.08).map(toCaseInput);
      await expectStoredEqualsEngine(conn, selection, set, regi);
    }
  });

  it("stores per month the plain sums of the loaded rows (utförda per tidstyp, avbokningar, omkostnader)", async () => {
    // Summed here from the loaded tables in SQL, independently of the engine that staged them.
    const month = (col: string) => `date_trunc('month', ${col})::DATE`;
    const joined = (t: string) => `${t} x JOIN beslut b ON b.kommun = x.kommun AND b.beslut_id = x.beslut_id`;
    const loaded = `
      WITH u AS (SELECT b.arende_id, ${month("x.datum")} AS manad, sum(x.timmar) AS utforda_h,
                   ${["dag", "kvall", "natt", "helg", "storhelg"].map((t) => `sum(x.timmar) FILTER (WHERE x.tidstyp = '${t}') AS utforda_${t}_h`).join(", ")},
                   count(*) FILTER (WHERE x.timmar > 0) AS tillfallen
                 FROM ${joined("utforda_timmar")} GROUP BY ALL),
           a AS (SELECT b.arende_id, ${month("x.planerad_start")} AS manad,
                   sum(x.timmar) FILTER (WHERE x.avbokad_av = 'brukare') AS avbokad_brukare_h,
                   sum(x.timmar) FILTER (WHERE x.avbokad_av <> 'brukare') AS avbokad_ledsagare_h,
                   count(*) FILTER (WHERE x.avbokad_av = 'brukare') AS antal_avbokningar_brukare,
                   count(*) FILTER (WHERE x.avbokad_av <> 'brukare') AS antal_avbokningar_ledsagare
                 FROM ${joined("avbokningar")} GROUP BY ALL),
           k AS (SELECT b.arende_id, ${month("x.datum")} AS manad,
                   sum(x.belopp) FILTER (WHERE x.typ = 'schablon') AS omkostnad_faktisk_kr,
                   sum(x.belopp) FILTER (WHERE x.typ = 'sarskild') AS sarskild_kr,
                   count(*) FILTER (WHERE x.typ = 'sarskild') AS antal_sarskilda,
                   sum(x.belopp) FILTER (WHERE x.typ = 'manadsbelopp') AS manadsbelopp_kr
                 FROM ${joined("omkostnader")} GROUP BY ALL)`;
    const cols = [
      "utforda_h", "utforda_dag_h", "utforda_kvall_h", "utforda_natt_h", "utforda_helg_h", "utforda_storhelg_h", "tillfallen",
      "avbokad_brukare_h", "avbokad_ledsagare_h", "antal_avbokningar_brukare", "antal_avbokningar_ledsagare",
      "omkostnad_faktisk_kr", "sarskild_kr", "antal_sarskilda", "manadsbelopp_kr",
    ];
    const r = await conn.runAndReadAll(`${loaded}
      SELECT m.arende_id, m.manad, ${cols.map((c) => `m.${c}, coalesce(${c.startsWith("utforda") || c === "tillfallen" ? "u" : c.startsWith("antal_s") || c.endsWith("_kr") ? "k" : "a"}.${c}, 0)`).join(", ")}
      FROM ledger_manad m LEFT JOIN u USING (arende_id, manad) LEFT JOIN a USING (arende_id, manad) LEFT JOIN k USING (arende_id, manad)`);
    const rows = r.getRows();
    expect(rows.length).toBeGreaterThan(1000);
    let nonzero = 0;
    for (const row of rows) {
      cols.forEach((c, i) => {
        const stored = Number(row[2 + 2 * i]);
        const summed = Number(row[3 + 2 * i]);
        if (summed !== 0) nonzero++;
        expect(stored, `${row[0]} ${String(row[1])} ${c}`).toBeCloseTo(summed, 9);
      });
    }
    expect(nonzero).toBeGreaterThan(1000);
    // No loaded hour falls outside the stored months.
    const total = await conn.runAndReadAll(`SELECT (SELECT sum(timmar) FROM utforda_timmar), (SELECT sum(utforda_h) FROM ledger_manad)`);
    const [all, stored] = total.getRows()[0].map(Number);
    expect(stored).toBeCloseTo(all, 6);
  });

  it("matches month by month for every case", async () => {
    const results = await expectStoredEqualsEngine(conn, raw.map(toCaseInput), set, regi);
    await expectMonthsEqual(conn, results);
  });

  it("maps old stadsdel names to today's (Älvsjö → Hägersten-Älvsjö, Rinkeby-Kista → Järva)", async () => {
    const r = await conn.runAndReadAll(
      `SELECT DISTINCT stadsdel, stadsdel_nu FROM ledger_manad WHERE kommun = 'Stockholm' ORDER BY stadsdel`,
    );
    expect(r.getRows()).toEqual([
      ["Farsta", "Farsta"],
      ["Rinkeby-Kista", "Järva"],
      ["Södermalm", "Södermalm"],
      ["Älvsjö", "Hägersten-Älvsjö"],
    ]);
  });

  it("flags the utförare without assignment (R17) and states ersättning levels once per kommun and year", async () => {
    const f = await conn.runAndReadAll(`SELECT kommun, utforare FROM utforare_flagga ORDER BY ALL`);
    expect(f.getRows()).toEqual([["Stockholm", "U04"]]);
    const e = await conn.runAndReadAll(
      `SELECT dag_kr, regel, kalla FROM ersattning_niva WHERE kommun = 'Stockholm' AND ar = 2024 AND regi = 'kommunal'`,
    );
    expect(e.getRows()).toEqual([[423, "R18", "004 1.3"]]);
  });

  it("re-running replaces the output instead of adding to it", async () => {
    const before = (await conn.runAndReadAll(`SELECT count(*) FROM ledger_manad`)).getRows()[0][0];
    await deriveAll(conn);
    expect((await conn.runAndReadAll(`SELECT count(*) FROM ledger_manad`)).getRows()[0][0]).toBe(before);
    const temp = await conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE temporary`);
    expect(temp.getRows()[0][0]).toBe(0n);
  });

  it("leaves the caller's DuckDB settings as they were, and never raises a lower memory_limit", async () => {
    const settings = async () =>
      (await conn.runAndReadAll(`SELECT current_setting('memory_limit'), current_setting('preserve_insertion_order')`)).getRows()[0];
    await conn.run(`SET memory_limit = '300MB'`);
    const before = await settings();
    expect(settingBytes(String(before[0]))).toBeLessThan(400e6);
    await deriveAll(conn);
    expect(await settings()).toEqual(before);
    await conn.run(`RESET memory_limit`);
  });

  it("lowers memory_limit for the run to a quarter of the machine's memory, never raises it", () => {
    const machine = 24 * 2 ** 30;
    expect(runMemoryLimit("18.6 GiB", undefined, machine)).toBe("6GiB");
    expect(runMemoryLimit("300.0 MiB", undefined, machine)).toBeNull();
    expect(runMemoryLimit("300.0 MiB", "2GB", machine)).toBe("2GB");
  });

  it("reads DuckDB's size settings in bytes (GB = 1000³, GiB = 1024³)", () => {
    expect(settingBytes("4GB")).toBe(4e9);
    expect(settingBytes("18.6 GiB")).toBeCloseTo(18.6 * 2 ** 30);
    expect(settingBytes("512 MB")).toBe(512e6);
    expect(settingBytes("okänd")).toBeNull();
  });

  it("stores the same with the engine in worker threads (each writing its own staged files)", async () => {
    const dump = async () =>
      (await conn.runAndReadAll(`SELECT * FROM ledger_manad ORDER BY arende_id, manad`)).getRows().map(String).join("\n") +
      (await conn.runAndReadAll(`SELECT * FROM arende_handelse ORDER BY arende_id, seq`)).getRows().map(String).join("\n");
    const before = await dump();
    await conn.run("BEGIN");
    await deriveAll(conn, { workers: 2, block: 37 });
    await conn.run("COMMIT");
    expect(await dump()).toBe(before);
    const results = await expectStoredEqualsEngine(conn, raw.map(toCaseInput), set, regi);
    await expectMonthsEqual(conn, results);
  });

  it("stores the same when prepareDerive made its tables before the transaction (placeholders never reach the output)", async () => {
    const before = await dumpOutput(conn);
    // Committed placeholder rows: one row group per extra DuckDB thread (two threads here).
    await conn.run(`SET threads = 2`);
    await prepareDerive(conn);
    const placeholders = await conn.runAndReadAll(`SELECT count(*) FROM temp.main._e_utforda`);
    expect(placeholders.getRows()[0][0]).toBe(122_880n);
    await conn.run("BEGIN");
    await deriveAll(conn, { workers: 2, block: 37 });
    await conn.run("COMMIT");
    await conn.run(`RESET threads`);
    expectSameOutput(before, await dumpOutput(conn));
    const temp = await conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE temporary`);
    expect(temp.getRows()[0][0]).toBe(0n);
    await expectStoredEqualsEngine(conn, raw.map(toCaseInput), set, regi);
  });
});

describe("deriveAll in the caller's transaction", () => {
  it("leaves no output after the caller's ROLLBACK, and keeps it after COMMIT", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const r = rng(1);
    await load(conn, Array.from({ length: 20 }, (_, i) => randomCase(r, i)));
    const exists = async () =>
      (await conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ledger_manad'`)).getRows()[0][0];
    await conn.run("BEGIN");
    await deriveAll(conn);
    await conn.run("ROLLBACK");
    expect(await exists()).toBe(0n);
    await conn.run("BEGIN");
    await deriveAll(conn);
    await conn.run("COMMIT");
    expect(await exists()).toBe(1n);
    conn.closeSync();
    instance.closeSync();
  });

  it("prepareDerive does nothing in a database without loaded tables (the run makes its own)", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    await prepareDerive(conn);
    expect((await conn.runAndReadAll(`SELECT count(*) FROM duckdb_tables()`)).getRows()[0][0]).toBe(0n);
    conn.closeSync();
    instance.closeSync();
  });

  it("an empty database gives empty output tables", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    await ensureSchema(conn);
    expect((await deriveAll(conn)).arenden).toBe(0);
    expect((await conn.runAndReadAll(`SELECT count(*) FROM ledger_manad`)).getRows()[0][0]).toBe(0n);
    conn.closeSync();
    instance.closeSync();
  });

  it("removes its staged files and temp views after a run, and after a failed one", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const conn = await instance.connect();
    const r = rng(3);
    await load(conn, Array.from({ length: 30 }, (_, i) => randomCase(r, i)));
    const parent = mkdtempSync(join(tmpdir(), "ledsagning-store-test-"));
    const views = async () => (await conn.runAndReadAll(`SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal`)).getRows()[0][0];
    try {
      for (const workers of [1, 2]) {
        await conn.run("BEGIN");
        await deriveAll(conn, { tempDir: parent, workers, block: 7 });
        await conn.run("COMMIT");
        expect(readdirSync(parent)).toEqual([]);
        expect(await views()).toBe(0n);
      }
      // An output table that cannot be replaced (a view of that name) makes the run fail
      // after the engine has staged its rows.
      await conn.run(`DROP TABLE utforare_ar`);
      await conn.run(`CREATE VIEW utforare_ar AS SELECT 1 AS x`);
      for (const workers of [1, 2]) {
        await conn.run("BEGIN");
        await expect(deriveAll(conn, { tempDir: parent, workers, block: 7 })).rejects.toThrow(/utforare_ar/);
        await conn.run("ROLLBACK");
        expect(readdirSync(parent)).toEqual([]);
        expect(await views()).toBe(0n);
      }
      // A run that fails while it reads the input, after its worker threads were started.
      for (const workers of [1, 2]) {
        await conn.run("BEGIN");
        await conn.run(`ALTER TABLE utforare RENAME COLUMN regi TO regi_saknas`);
        await expect(deriveAll(conn, { tempDir: parent, workers, block: 7 })).rejects.toThrow(/regi/);
        await conn.run("ROLLBACK");
        expect(readdirSync(parent)).toEqual([]);
        expect(await views()).toBe(0n);
      }
      // A temp folder that cannot be made: a Swedish error naming it.
      await conn.run("BEGIN");
      await expect(deriveAll(conn, { tempDir: join(parent, "saknas", "här") })).rejects.toThrow(/tillfälliga mapp i .*saknas/);
      await conn.run("ROLLBACK");
      expect(readdirSync(parent)).toEqual([]);
      // Kept on request, for diagnosis.
      await conn.run(`DROP VIEW utforare_ar`);
      await conn.run("BEGIN");
      await deriveAll(conn, { tempDir: parent, behallTemp: true });
      await conn.run("COMMIT");
      const kept = readdirSync(parent);
      expect(kept).toHaveLength(1);
      expect(readdirSync(join(parent, kept[0])).sort()).toEqual(STAGED_FILES.map((t) => `${t.name}-0.parquet`).sort());
      expect(await views()).toBe(BigInt(TEMP_VIEWS.length));
    } finally {
      rmSync(parent, { recursive: true, force: true });
      conn.closeSync();
      instance.closeSync();
    }
  });
});
