import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBTimestampValue,
} from "@duckdb/node-api";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKysely } from "../../../app/db.server.ts";
import { isoDate, isoDateTime, toJsonSafe, toNumber } from "../../../queries/convert.ts";

/** Fails when anything in `v` would not survive JSON (bigint, class instances). */
function assertPlainJson(v: unknown): void {
  expect(JSON.parse(JSON.stringify(v))).toEqual(v);
}

describe("toJsonSafe on hand-built DuckDB values", () => {
  it("converts bigint, DECIMAL, DATE and TIMESTAMP values", () => {
    const row = {
      n: 42n,
      dec: new DuckDBDecimalValue(325n, 10, 2),
      d: DuckDBDateValue.fromParts({ year: 2024, month: 2, day: 29 }),
      ts: DuckDBTimestampValue.fromParts({
        date: { year: 2024, month: 3, day: 31 },
        time: { hour: 2, min: 30, sec: 5, micros: 0 },
      }),
      list: [1n, null, "x"],
      nested: { inner: 7n },
    };
    const out = toJsonSafe(row);
    expect(out).toEqual({
      n: 42,
      dec: 3.25,
      d: "2024-02-29",
      ts: "2024-03-31T02:30:05",
      list: [1, null, "x"],
      nested: { inner: 7 },
    });
    assertPlainJson(out);
  });

  it("reads JS Dates in local time, as kysely-duckdb builds them", () => {
    expect(toJsonSafe(new Date(2024, 0, 31))).toBe("2024-01-31");
    expect(toJsonSafe(new Date(2024, 0, 31, 23, 59, 1))).toBe("2024-01-31T23:59:01");
    expect(isoDate(new Date(2024, 0, 31))).toBe("2024-01-31");
    expect(isoDateTime(new Date(2024, 0, 31))).toBe("2024-01-31T00:00:00");
    expect(isoDate(null)).toBeNull();
  });

  it("refuses what it cannot convert faithfully", () => {
    expect(() => toNumber(2n ** 60n)).toThrow(RangeError);
    expect(() => toJsonSafe(new Map())).toThrow(TypeError);
    expect(toJsonSafe(Number.NaN)).toBeNull();
  });
});

describe("toJsonSafe on real query results", () => {
  let instance: DuckDBInstance;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(":memory:");
  });
  afterAll(() => instance.closeSync());

  it("leaves no bigint or DuckDB object in Kysely rows", async () => {
    const db = createKysely(instance);
    const { rows } = await sql<Record<string, unknown>>`
      SELECT count(*) AS c, sum(42::BIGINT) AS s, 3.25::DECIMAL(10,2) AS dec, sum(1.5::DECIMAL(10,2)) AS dsum,
             DATE '2024-03-31' AS d, TIMESTAMP '2024-03-31 10:15:00' AS ts, [1::BIGINT, 2] AS l,
             {'a': 1::HUGEINT} AS st
    `.execute(db);
    const out = toJsonSafe(rows);
    expect(out).toEqual([
      { c: 1, s: 42, dec: 3.25, dsum: 1.5, d: "2024-03-31", ts: "2024-03-31T10:15:00", l: [1, 2], st: { a: 1 } },
    ]);
    assertPlainJson(out);
  });

  it("converts values from the raw node-api reader too", async () => {
    const conn = await instance.connect();
    try {
      const reader = await conn.runAndReadAll(
        "SELECT count(*) AS c, DATE '2024-01-05' AS d, TIMESTAMP '2024-01-05 07:00' AS ts, 1.25::DECIMAL(5,2) AS x",
      );
      const out = toJsonSafe(reader.getRowObjects());
      expect(out).toEqual([{ c: 1, d: "2024-01-05", ts: "2024-01-05T07:00:00", x: 1.25 }]);
    } finally {
      conn.closeSync();
    }
  });
});
