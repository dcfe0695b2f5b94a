/**
 * The engine's Parquet writer, read back by a real DuckDB: every value, NULL and text
 * comes back as written, through the schemas the run stages with.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackedTable } from "../../../etl/engine/io/pack.ts";
import { ParquetFile, type ParquetColumn } from "../../../etl/engine/io/parquet.ts";
import { STAGED_FILES, STAGED_VIEWS, stagedFile } from "../../../etl/engine/io/sql.ts";
import { parquetColumns } from "../../../etl/engine/io/write.ts";
import { rng } from "../../unit/engine/random-cases.ts";

const utf8 = new TextEncoder();

/** Row-major numbers (NaN = NULL) and texts (null = NULL), laid out as pack.ts hands them over. */
function packed(rows: number[][], texts?: (string | null)[]): PackedTable {
  const width = rows[0]?.length ?? 0;
  const f = new Float64Array(rows.length * width);
  rows.forEach((r, i) => f.set(r, i * width));
  if (!texts) return { f, n: rows.length, texts: null };
  // Parquet's PLAIN layout: each text's length (4 bytes, little-endian), then its bytes.
  const parts = texts.map((t) => (t === null ? null : utf8.encode(t)));
  const plain = new Uint8Array(parts.reduce((s, p) => s + (p === null ? 0 : 4 + p.length), 0));
  let at = 0;
  for (const p of parts) {
    if (p === null) continue;
    new DataView(plain.buffer).setInt32(at, p.length, true);
    plain.set(p, at + 4);
    at += 4 + p.length;
  }
  return { f, n: rows.length, texts: { plain, isNull: Uint8Array.from(parts, (p) => (p === null ? 1 : 0)) } };
}

describe("ParquetFile", () => {
  let dir: string;
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "ledsagning-parquet-test-"));
    instance = await DuckDBInstance.create(":memory:");
    conn = await instance.connect();
  });
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  const read = async (path: string, cols: string) =>
    (await conn.runAndReadAll(`SELECT ${cols} FROM read_parquet('${path}')`)).getRows();

  it("gives back every number, NULL and text as written, over several row groups", async () => {
    const columns: ParquetColumn[] = [
      { name: "i", type: "INT32" },
      { name: "x", type: "DOUBLE" },
      { name: "s", type: "UTF8" },
    ];
    const path = join(dir, "a.parquet");
    const file = new ParquetFile(path, columns);
    const r = rng(7);
    const groups: { rows: number[][]; texts: (string | null)[] }[] = [
      { rows: [[-2147483648, 0.1], [2147483647, -0], [NaN, NaN], [0, 1e300]], texts: ["Avbokad 2026-03-04 15:10: förbrukad (R3)", "", null, "😀 åäö ÅÄÖ"] },
      // Long runs of NULLs and values, and runs longer than a one-byte varint.
      {
        rows: Array.from({ length: 5000 }, (_, i) => (i % 1000 < 300 ? [NaN, NaN] : [i - 2500, r() * 1000 - 500])),
        texts: Array.from({ length: 5000 }, (_, i) => (i < 4000 ? `rad ${i}` : null)),
      },
      { rows: [[1, 2]], texts: [null] },
    ];
    for (const g of groups) file.writeRowGroup(packed(g.rows, g.texts));
    file.writeRowGroup(packed([], []));
    file.close();

    const got = await read(path, "i, x, s");
    const want = groups.flatMap((g) => g.rows.map((row, k) => [row[0], row[1], g.texts[k]]).map(([i, x, s]) => [
      Number.isNaN(i) ? null : i,
      Number.isNaN(x) ? null : x,
      s,
    ]));
    expect(got).toEqual(want);
    const meta = await conn.runAndReadAll(`SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${path}')`);
    expect(meta.getRows()[0][0]).toBe(3n);
  });

  it("writes a file without row groups that reads as empty, with its columns", async () => {
    const path = join(dir, "tom.parquet");
    new ParquetFile(path, [{ name: "a", type: "INT32" }, { name: "orsak", type: "UTF8" }]).close();
    expect(await read(path, "*")).toEqual([]);
    const types = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).getRows().map((c) => [c[0], c[1]]);
    expect(types).toEqual([["a", "INTEGER"], ["orsak", "VARCHAR"]]);
  });

  it("reads every staged table back with the column names and types of its SQL definition", async () => {
    for (const t of STAGED_FILES) {
      const columns = parquetColumns(t);
      const numbers = columns.filter((c) => c.type !== "UTF8").length;
      const hasText = numbers < columns.length;
      const path = join(dir, `${t.name}.parquet`);
      const file = new ParquetFile(path, columns);
      file.writeRowGroup(packed([Array.from({ length: numbers }, (_, i) => i + 1)], hasText ? ["text"] : undefined));
      file.close();
      const sqlTypes = t.columns.split(",").map((c) => c.trim().split(/\s+/));
      const types = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).getRows().map((c) => [c[0], c[1]]);
      expect(types, t.name).toEqual(sqlTypes);
      const row = (await read(path, "*"))[0];
      expect(row.slice(0, numbers), t.name).toEqual(Array.from({ length: numbers }, (_, i) => i + 1));
      if (hasText) expect(row[numbers]).toBe("text");
    }
  });

  it("writes a zeroAsNull column's +0 as NULL in fewer bytes, keeps -0 and every other value, and refuses a NULL", async () => {
    const rows = Array.from({ length: 1001 }, (_, i) => [i % 3 === 0 ? NaN : i, i % 4 === 0 ? 0 : i % 4 === 1 ? -0 : i / 8]);
    const write = (name: string, zeroAsNull: boolean) => {
      const path = join(dir, name);
      const file = new ParquetFile(path, [{ name: "k", type: "DOUBLE" }, { name: "x", type: "DOUBLE", zeroAsNull }]);
      file.writeRowGroup(packed(rows));
      file.close();
      return path;
    };
    const sparse = write("nollor.parquet", true);
    const dense = write("tata.parquet", false);
    expect(await read(sparse, "k, x")).toEqual(rows.map(([k, x]) => [Number.isNaN(k) ? null : k, Object.is(x, 0) ? null : x]));
    expect(await read(dense, "k, x")).toEqual(rows.map(([k, x]) => [Number.isNaN(k) ? null : k, x]));
    expect(statSync(sparse).size).toBeLessThan(statSync(dense).size - 1500);

    const file = new ParquetFile(join(dir, "null.parquet"), [{ name: "x", type: "DOUBLE", zeroAsNull: true }]);
    expect(() => file.writeRowGroup(packed([[1], [NaN]]))).toThrow(/x, som skriver sina nollor som NULL/);
    file.close();
  });

  it("stages the engine's numbers with their zeros as NULLs, and the staged views read them as 0", async () => {
    const staged = mkdtempSync(join(dir, "vyer-"));
    for (const t of STAGED_FILES) {
      const columns = parquetColumns(t);
      expect(columns.filter((c) => c.zeroAsNull).map((c) => c.name), t.name).toEqual([...(t.zeros ?? [])]);
      const numbers = columns.filter((c) => c.type !== "UTF8").length;
      const file = new ParquetFile(stagedFile(staged, t.name, 0), columns);
      file.writeRowGroup(packed([Array(numbers).fill(0)], numbers < columns.length ? ["text"] : undefined));
      file.close();
    }
    expect(STAGED_FILES.find((t) => t.name === "_o_manad")?.zeros?.length).toBeGreaterThan(30);
    for (const sql of STAGED_VIEWS(staged, 1)) await conn.run(sql);
    for (const t of STAGED_FILES) {
      const numbers = parquetColumns(t).filter((c) => c.type !== "UTF8").length;
      const [row] = (await conn.runAndReadAll(`SELECT * EXCLUDE (w) FROM ${t.name}`)).getRows();
      expect(row.slice(0, numbers), t.name).toEqual(Array(numbers).fill(0));
    }
  });

  it("refuses a value that is no whole number in an INT32 column, and rows of the wrong width", () => {
    const file = new ParquetFile(join(dir, "fel.parquet"), [{ name: "i", type: "INT32" }]);
    expect(() => file.writeRowGroup(packed([[1.5]]))).toThrow(/heltal/);
    expect(() => file.writeRowGroup(packed([[1, 2]]))).toThrow(/talkolumner/);
    file.close();
  });
});
