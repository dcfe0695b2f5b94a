/**
 * No personnummer reaches the database file: not in beslut, not in the rejects, not via
 * a stray column in another file. Compression is switched off so that a number stored
 * anywhere would appear as plain bytes; a control database proves the search finds one.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BESLUT, UTFORD, load, pnr, query, tempDir, writeCsv, writeRaw } from "./helpers.ts";

/** Every form the numbers could be stored in. */
function forms(numbers: string[]): string[] {
  return numbers.flatMap((n) => {
    const twelve = n.replace(/[-+]/g, "");
    return [n, twelve, twelve.slice(2), `${twelve.slice(2, 8)}-${twelve.slice(8)}`];
  });
}

async function fileBytes(path: string, db: DuckDBInstance): Promise<Buffer> {
  const conn = await db.connect();
  await conn.run("CHECKPOINT");
  conn.closeSync();
  db.closeSync();
  const wal = `${path}.wal`;
  return Buffer.concat([readFileSync(path), existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0)]);
}

async function uncompressedDb(path: string): Promise<DuckDBInstance> {
  const db = await DuckDBInstance.create(path);
  const conn = await db.connect();
  await conn.run("SET force_compression = 'uncompressed'");
  conn.closeSync();
  return db;
}

const numbers = [
  pnr("19811218", 987),
  pnr("19420704", 222),
  pnr("20050101", 131),
  pnr("19811278", 555), // samordningsnummer
];
const badNumber = "19850312-1235"; // wrong check digit: rejected, must be masked

describe("pseudonymisation", () => {
  it("leaves no personnummer in the database file", async () => {
    const dir = tempDir();
    writeCsv(dir, "beslut.csv", "beslut", [
      { ...BESLUT, personnummer: numbers[0] },
      { ...BESLUT, beslut_id: "B2", personnummer: numbers[1].replace("-", "") },
      { ...BESLUT, beslut_id: "B3", personnummer: numbers[2] },
      { ...BESLUT, beslut_id: "B4", personnummer: numbers[3] },
      { ...BESLUT, beslut_id: "B5", personnummer: badNumber },
    ]);
    // A fact file with a personnummer column it should not have: dropped before DuckDB.
    writeRaw(dir, "utforda_timmar.csv", `kommun;beslut_id;utforare;datum;tidstyp;timmar;personnummer\nStockholm;B1;U1;2024-02-03;dag;2;${numbers[0]}\n`);
    const path = join(tempDir(), "ledsagning.duckdb");
    const db = await uncompressedDb(path);

    const summary = await load(db, [dir], { allowRejects: true });
    expect(summary.ok).toBe(true);
    expect(summary.files.map((f) => [f.table, f.loaded])).toEqual([["beslut", 4], ["utforda_timmar", 1]]);
    const rejected = await query(db, "SELECT kolumn, value FROM avvisad_rad");
    expect(rejected).toEqual([{ kolumn: "personnummer", value: "19850312-****" }]);
    const bytes = await fileBytes(path, db);

    expect(bytes.includes("19850312-****")).toBe(true); // the masked form is stored…
    for (const form of forms([...numbers, badNumber])) {
      expect(bytes.includes(form), form).toBe(false); // …no clear form is
    }
  });

  it("control: the same search finds numbers that are stored", async () => {
    const path = join(tempDir(), "control.duckdb");
    const db = await uncompressedDb(path);
    const conn = await db.connect();
    await conn.run("CREATE TABLE t (pnr VARCHAR)");
    for (const n of numbers) await conn.run("INSERT INTO t VALUES (?)", [n]);
    conn.closeSync();
    const bytes = await fileBytes(path, db);
    for (const n of numbers) expect(bytes.includes(n), n).toBe(true);
  });
});
