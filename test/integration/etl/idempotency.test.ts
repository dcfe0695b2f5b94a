/**
 * Loading the same files twice changes nothing; a corrected re-delivery replaces the
 * delivery units it contains (kommun, utförare, month) and leaves the others alone;
 * beslut and utförare are upserted by key.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { AVBOKNING, BESLUT, OMKOSTNAD, UTFORARE, UTFORD, load, memoryDb, pnr, query, tempDir, writeCsv, type Row } from "./helpers.ts";

/** Every loaded-data table, rows in a stable order (etl_korning is a log and grows). */
async function contents(db: DuckDBInstance) {
  const out: Record<string, unknown> = {};
  for (const t of ["beslut", "utforare", "utforda_timmar", "avbokningar", "omkostnader", "avvisad_rad"]) {
    out[t] = await query(db, `SELECT * FROM ${t} ORDER BY ALL`);
  }
  return out;
}

const B2 = { ...BESLUT, beslut_id: "B2", personnummer: pnr("19550505", 222), utforare: "U2" };

function delivery(dir: string) {
  writeCsv(dir, "beslut.csv", "beslut", [BESLUT, B2], { encoding: "cp1252" });
  writeCsv(dir, "utforare.csv", "utforare", [UTFORARE, { ...UTFORARE, utforare: "U2", namn: "Kommunens ledsagning", regi: "kommunal" }]);
  writeCsv(dir, "utforda_timmar.csv", "utforda_timmar", [
    UTFORD,
    { ...UTFORD, datum: "2024-02-10", timmar: "3" },
    { ...UTFORD, datum: "2024-02-10", timmar: "3" }, // two identical occasions are two rows
    { ...UTFORD, datum: "2024-03-01", timmar: "1" },
    { ...UTFORD, beslut_id: "B2", utforare: "U2", datum: "2024-02-05", timmar: "4" },
  ]);
  writeCsv(dir, "avbokningar.csv", "avbokningar", [AVBOKNING]);
  writeCsv(dir, "omkostnader.csv", "omkostnader", [OMKOSTNAD]);
}

describe("idempotency", () => {
  it("loading the same files twice leaves every table identical", async () => {
    const dir = tempDir();
    delivery(dir);
    const db = await memoryDb();
    expect((await load(db, [dir])).ok).toBe(true);
    const once = await contents(db);
    const second = await load(db, [dir]);
    expect(second.ok).toBe(true);
    expect(await contents(db)).toEqual(once);
    expect((once.utforda_timmar as unknown[]).length).toBe(5);
    // The second run confirmed every unit instead of replacing it.
    expect(second.units.utforda_timmar).toEqual({ replaced: 0, unchanged: 3 });
  });
});

describe("corrected re-delivery", () => {
  async function loaded() {
    const dir = tempDir();
    delivery(dir);
    const db = await memoryDb();
    expect((await load(db, [dir])).ok).toBe(true);
    return db;
  }
  const rows = (db: DuckDBInstance, where = "") =>
    query(db, `SELECT utforare, datum, timmar, load_id FROM utforda_timmar ${where} ORDER BY utforare, datum, timmar`);

  it("replaces the utförare's month it contains, and only that", async () => {
    const db = await loaded();
    const dir = tempDir();
    // U1's February, corrected: one row fewer, one changed.
    writeCsv(dir, "utforda_timmar_feb.csv", "utforda_timmar", [
      { ...UTFORD, timmar: "2" },
      { ...UTFORD, datum: "2024-02-10", timmar: "3" },
    ]);
    const summary = await load(db, [dir]);
    expect(summary.ok).toBe(true);
    expect(summary.units.utforda_timmar).toEqual({ replaced: 1, unchanged: 0 });
    expect(await rows(db)).toEqual([
      { utforare: "U1", datum: "2024-02-03", timmar: 2, load_id: 2 },
      { utforare: "U1", datum: "2024-02-10", timmar: 3, load_id: 2 },
      { utforare: "U1", datum: "2024-03-01", timmar: 1, load_id: 1 }, // March untouched
      { utforare: "U2", datum: "2024-02-05", timmar: 4, load_id: 1 }, // other utförare untouched
    ]);
  });

  it("keeps an unchanged month and replaces a changed one in the same file", async () => {
    const db = await loaded();
    const dir = tempDir();
    writeCsv(dir, "t.csv", "utforda_timmar", [
      UTFORD,
      { ...UTFORD, datum: "2024-02-10", timmar: "3" },
      { ...UTFORD, datum: "2024-02-10", timmar: "3" },
      { ...UTFORD, datum: "2024-03-01", timmar: "1,5" },
    ]);
    const summary = await load(db, [dir]);
    expect(summary.units.utforda_timmar).toEqual({ replaced: 1, unchanged: 1 });
    expect((await rows(db, "WHERE utforare = 'U1'")).map((r) => [r.datum, r.timmar, r.load_id])).toEqual([
      ["2024-02-03", 2.5, 1],
      ["2024-02-10", 3, 1],
      ["2024-02-10", 3, 1],
      ["2024-03-01", 1.5, 2],
    ]);
  });

  it("uses the month of planerad_start for avbokningar", async () => {
    const db = await loaded();
    const dir = tempDir();
    writeCsv(dir, "avbokningar.csv", "avbokningar", [{ ...AVBOKNING, planerad_start: "2024-02-20 10:00", avbokad_av: "ledsagare" }]);
    expect((await load(db, [dir])).units.avbokningar).toEqual({ replaced: 1, unchanged: 0 });
    expect(await query(db, "SELECT planerad_start, avbokad_av FROM avbokningar")).toEqual([
      { planerad_start: "2024-02-20 10:00:00", avbokad_av: "ledsagare" },
    ]);
  });

  it("upserts beslut and utförare by key; an unchanged row keeps its load_id", async () => {
    const db = await loaded();
    const dir = tempDir();
    writeCsv(dir, "beslut.csv", "beslut", [{ ...BESLUT, giltig_tom: "2025-06-30" }, B2, { ...B2, beslut_id: "B3" }] as Row[]);
    writeCsv(dir, "utforare.csv", "utforare", [{ ...UTFORARE, godkand_tom: "2030-12-31" }]);
    expect((await load(db, [dir])).ok).toBe(true);
    expect(await query(db, "SELECT beslut_id, giltig_tom, load_id FROM beslut ORDER BY beslut_id")).toEqual([
      { beslut_id: "B1", giltig_tom: "2025-06-30", load_id: 2 },
      { beslut_id: "B2", giltig_tom: "2025-01-31", load_id: 1 },
      { beslut_id: "B3", giltig_tom: "2025-01-31", load_id: 2 },
    ]);
    expect(await query(db, "SELECT utforare, godkand_tom, load_id FROM utforare ORDER BY utforare")).toEqual([
      { utforare: "U1", godkand_tom: "2030-12-31", load_id: 2 },
      { utforare: "U2", godkand_tom: null, load_id: 1 },
    ]);
  });

  it("references beslut loaded in an earlier run", async () => {
    const db = await loaded();
    const dir = tempDir();
    writeCsv(dir, "omkostnader.csv", "omkostnader", [{ ...OMKOSTNAD, beslut_id: "B2", utforare: "U2", datum: "2024-04-01" }]);
    const summary = await load(db, [dir]);
    expect(summary.ok).toBe(true);
    expect(summary.files[0]).toMatchObject({ loaded: 1, rejectedCount: 0 });
  });
});
