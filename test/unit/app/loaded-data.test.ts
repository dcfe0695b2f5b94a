import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKysely } from "../../../app/db.server.ts";
import { getLoadedData, loadLoadedData } from "../../../app/lib/loaded-data.server.ts";
import { ensureSchema } from "../../../etl/db.ts";
import { fillFixtureInstance } from "./fixture.ts";

/** What a loader threw, as the ErrorBoundary would see it (single fetch's `data()`). */
async function thrown(p: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as { init?: { status?: number }; data?: unknown; type?: string };
    return { status: err.init?.status ?? -1, data: err.data };
  }
  throw new Error("expected the loader to throw");
}

describe("what was loaded", () => {
  let filled: DuckDBInstance;
  let empty: DuckDBInstance;

  beforeAll(async () => {
    filled = await DuckDBInstance.create(":memory:");
    await fillFixtureInstance(filled);
    empty = await DuckDBInstance.create(":memory:");
    const conn = await empty.connect();
    await ensureSchema(conn);
    conn.closeSync();
  });
  afterAll(() => {
    filled.closeSync();
    empty.closeSync();
  });

  it("counts rows per table and finds the period covered", async () => {
    const d = await getLoadedData(createKysely(filled));
    expect(d.empty).toBe(false);
    expect(Object.fromEntries(d.tables.map((t) => [t.table, t.rows]))).toEqual({
      beslut: 5,
      utforda_timmar: 4,
      avbokningar: 2,
      omkostnader: 1,
      utforare: 2,
      avvisad_rad: 1,
    });
    const avb = d.tables.find((t) => t.table === "avbokningar")!;
    expect([avb.from, avb.to]).toEqual(["2022-02-03", "2022-08-01"]);
    expect(d.period).toEqual({ from: "2021-12-01", to: "2024-02-01" });
    // Nothing the page receives may be a bigint or a DuckDB object.
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it("lists kommuner with their stadsdelar, counting a person once per kommun", async () => {
    const d = await getLoadedData(createKysely(filled));
    expect(d.kommuner.map((k) => [k.kommun, k.beslut, k.personer])).toEqual([
      ["Stockholm", 4, 3],
      ["Värmdö", 1, 1],
    ]);
    expect(d.kommuner[0].stadsdelar.map((s) => [s.stadsdel, s.beslut, s.forstaBeslut])).toEqual([
      ["Järva", 1, "2023-12-01"],
      ["Rinkeby-Kista", 1, "2021-12-01"],
      ["Södermalm", 2, "2022-02-15"],
    ]);
  });

  it("summarises the latest ETL run from its summary and stored rejects", async () => {
    const d = await getLoadedData(createKysely(filled));
    expect(d.runs).toBe(1);
    expect(d.latestRun).toEqual({
      loadId: 1,
      startedAt: "2024-03-01T08:15:00",
      finishedAt: "2024-03-01T08:15:42",
      allowRejects: true,
      files: 2,
      read: 10,
      loaded: 9,
      rejected: 1,
    });
  });

  it("limits the view to one kommun", async () => {
    const d = await getLoadedData(createKysely(filled), "Värmdö");
    expect(d.kommuner.map((k) => k.kommun)).toEqual(["Värmdö"]);
    expect(d.tables.find((t) => t.table === "beslut")!.rows).toBe(1);
    expect(d.period).toEqual({ from: "2022-05-20", to: "2022-08-01" });
  });

  it("says so when nothing is loaded", async () => {
    const d = await getLoadedData(createKysely(empty));
    expect(d.empty).toBe(true);
    expect(d.period).toBeNull();
    expect(d.kommuner).toEqual([]);
    expect(d.latestRun).toBeNull();
  });

  it("answers an unknown kommun with a 400 that names the parameter", async () => {
    const req = new Request("http://x/data?kommun=Atlantis");
    const err = await thrown(loadLoadedData(req, createKysely(filled)));
    expect(err.status).toBe(400);
    expect(err.data).toMatchObject({ parameter: "kommun", value: "Atlantis" });
  });
});
