/**
 * One run is one transaction: whatever stops it, the database afterwards holds exactly
 * what it held before (compared as full dumps of every table, on a database file).
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BESLUT, UTFORD, dump, load, query, tempDir, writeCsv } from "./helpers.ts";

let dbPath: string;
let db: DuckDBInstance;
let before: string;
let next: string;

beforeEach(async () => {
  dbPath = join(tempDir(), "test.duckdb");
  db = await DuckDBInstance.create(dbPath);
  const first = tempDir();
  writeCsv(first, "beslut.csv", "beslut", [BESLUT]);
  writeCsv(first, "utforda_timmar.csv", "utforda_timmar", [UTFORD]);
  expect((await load(db, [first])).ok).toBe(true);
  before = await dump(db);
  // The next delivery: a new beslut and a corrected month (it would replace a unit).
  next = tempDir();
  writeCsv(next, "beslut.csv", "beslut", [{ ...BESLUT, beslut_id: "B2" }]);
  writeCsv(next, "utforda_timmar.csv", "utforda_timmar", [{ ...UTFORD, timmar: "4" }, { ...UTFORD, beslut_id: "B2" }]);
});
afterEach(() => db.closeSync());

describe("rollback", () => {
  it("a failing derive hook undoes the whole run", async () => {
    let sawNewRows = -1;
    const summary = await load(db, [next], {
      derive: async (conn: DuckDBConnection) => {
        // The hook runs inside the transaction, after the data are written.
        sawNewRows = Number((await conn.runAndReadAll("SELECT count(*) FROM utforda_timmar WHERE load_id = 2")).getRows()[0][0]);
        await conn.run("CREATE TABLE engine_output AS SELECT 1 AS x");
        throw new Error("regelverket saknas");
      },
    });
    expect(sawNewRows).toBe(2);
    expect(summary.ok).toBe(false);
    expect(summary.loadId).toBeNull();
    expect(summary.error).toMatch(/regelmotorns beräkning misslyckades \(regelverket saknas\).*oförändrad/);
    expect(summary.files.every((f) => f.loaded === 0)).toBe(true);
    expect(await dump(db)).toBe(before);
  });

  it("a successful derive hook's writes are committed with the data", async () => {
    const summary = await load(db, [next], {
      derive: async (conn: DuckDBConnection) => conn.run("CREATE TABLE engine_output AS SELECT count(*) AS n FROM utforda_timmar"),
    });
    expect(summary.ok).toBe(true);
    expect(await query(db, "SELECT n FROM engine_output")).toEqual([{ n: "2" }]);
  });

  it("a rejected row without allowRejects undoes the whole run", async () => {
    writeCsv(next, "utforda_timmar.csv", "utforda_timmar", [{ ...UTFORD, timmar: "4" }, { ...UTFORD, timmar: "30" }]);
    const summary = await load(db, [next]);
    expect(summary.ok).toBe(false);
    expect(summary.files.find((f) => f.table === "utforda_timmar")?.rejectedCount).toBe(1);
    expect(await dump(db)).toBe(before);
  });

  it("a broken file undoes the whole run", async () => {
    writeCsv(next, "utforda_timmar.csv", "utforda_timmar", [UTFORD], { columns: ["kommun", "datum"] });
    expect((await load(db, [next])).ok).toBe(false);
    expect(await dump(db)).toBe(before);
  });

  it("the database file, reopened, holds the committed data only", async () => {
    expect((await load(db, [next], { derive: async () => Promise.reject(new Error("nej")) })).ok).toBe(false);
    db.closeSync();
    db = await DuckDBInstance.create(dbPath);
    expect(await dump(db)).toBe(before);
  });
});
