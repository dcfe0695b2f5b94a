/** The real CLI, spawned as `npm run etl` would: exit codes, --json on stdout, Swedish on stderr. */
import { DuckDBInstance } from "@duckdb/node-api";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../etl/db.ts";
import { deriveAll } from "../../../etl/engine/store.ts";
import { dumpOutput, expectSameOutput } from "../engine/compare.ts";
import { LoadSummary } from "../../../etl/load/summary.ts";
import { BESLUT, UTFORD, query, tempDir, writeCsv } from "./helpers.ts";

const TSX = resolve(PROJECT_ROOT, "node_modules", ".bin", "tsx");

function etl(args: string[], db: string) {
  const r = spawnSync(TSX, ["etl/cli.ts", ...args], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, LEDSAGNING_DB: db, LEDSAGNING_PSEUDONYM_KEY: "cli-test-key-0123456789" },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function delivery(badHours = false): string {
  const dir = tempDir();
  writeCsv(dir, "beslut.csv", "beslut", [BESLUT], { encoding: "cp1252", eol: "\r\n" });
  writeCsv(dir, "utforda_timmar.csv", "utforda_timmar", [UTFORD, { ...UTFORD, datum: "2024-02-04", timmar: badHours ? "25" : "1" }]);
  return dir;
}

describe("npm run etl", () => {
  it("--json: exactly the summary on stdout, in the documented shape; exit 1 on rejects", () => {
    const db = join(tempDir(), "l.duckdb");
    const r = etl([delivery(true), "--json"], db);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(() => LoadSummary.parse(json)).not.toThrow();
    expect(json.files.map((f: Record<string, unknown>) => Object.keys(f).slice(0, 5))).toEqual([
      ["file", "table", "read", "loaded", "valid"],
      ["file", "table", "read", "loaded", "valid"],
    ]);
    expect(json.files[1]).toMatchObject({
      table: "utforda_timmar",
      read: 2,
      loaded: 0,
      rejected: [{ line: 3, column: "timmar", value: "25", reason: "måste ligga mellan 0 och 24" }],
    });
    expect(r.stderr).toMatch(/utforda_timmar\.csv \(utforda_timmar\): 2 lästa, 1 giltiga, 1 avvisade/);
    expect(r.stderr).toMatch(/rad 3, timmar "25": måste ligga mellan 0 och 24/);
    expect(r.stderr).toMatch(/1 rad avvisades, så inget laddades/);
  });

  it("--allow-rejects loads the valid rows and exits 0", async () => {
    const db = join(tempDir(), "l.duckdb");
    const r = etl([delivery(true), "--allow-rejects"], db);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/Klart: körning 1 sparad\./);
    const instance = await DuckDBInstance.create(db);
    expect(await query(instance, "SELECT count(*) AS n FROM utforda_timmar")).toEqual([{ n: "1" }]);
    expect(await query(instance, "SELECT line, reason FROM avvisad_rad")).toEqual([{ line: "3", reason: "måste ligga mellan 0 och 24" }]);
    instance.closeSync();
  });

  it("says so in Swedish when the database is held by another process", async () => {
    const db = join(tempDir(), "l.duckdb");
    const holder = await DuckDBInstance.create(db);
    const r = etl([delivery()], db);
    holder.closeSync();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/används av en annan process/);
  });

  it("a load into a database with data prepares the engine's tables first, and derives what an unprepared run gives", async () => {
    const db = join(tempDir(), "l.duckdb");
    expect(etl([delivery()], db).code).toBe(0);
    // The second load finds the loaded tables, so prepareDerive runs before its transaction.
    const second = etl([delivery()], db);
    expect(second.stderr).toMatch(/Klart: körning 2 sparad\./);
    expect(second.code).toBe(0);
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    const prepared = await dumpOutput(conn);
    // ledger_manad (first) has rows before the next table's name.
    expect(prepared.findIndex((r) => r[0] === "ledger_period")).toBeGreaterThan(1);
    await conn.run("BEGIN");
    await deriveAll(conn);
    await conn.run("COMMIT");
    expectSameOutput(prepared, await dumpOutput(conn));
    conn.closeSync();
    instance.closeSync();
  });

  it("explains its usage and exits 2 without files", () => {
    const r = etl([], join(tempDir(), "l.duckdb"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Användning: npm run etl/);
  });
});
