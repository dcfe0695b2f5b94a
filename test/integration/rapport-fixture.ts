/**
 * For the report's tests: a synthetic data set generated and loaded by the real
 * ETL and rules engine into a temporary DuckDB file, and the PDF read back with
 * Debian's poppler-utils (pdftotext, pdfinfo).
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../etl/db.ts";
import { deriveAll } from "../../etl/engine/store.ts";
import { generate } from "../../etl/generate/index.ts";
import { runLoad } from "../../etl/load/index.ts";

export interface RapportFixture {
  dir: string;
  dbPath: string;
  instance: DuckDBInstance;
  cleanup(): void;
}

/** Generates `years` years at `scale` (seed 1, ending 2026-10-31) and loads them into dir/test.duckdb. */
export async function loadSynthetic(o: { years: number; scale: number; prefix?: string }): Promise<RapportFixture> {
  const dir = mkdtempSync(join(tmpdir(), o.prefix ?? "ledsagning-rapport-"));
  const savedKey = process.env.LEDSAGNING_PSEUDONYM_KEY;
  process.env.LEDSAGNING_PSEUDONYM_KEY = "rapport-test-key-not-secret";
  await generate({ outDir: join(dir, "files"), seed: 1, years: o.years, scale: o.scale, dialect: "utf8" });
  const dbPath = join(dir, "test.duckdb");
  const instance = await openDatabase(dbPath);
  const summary = await runLoad({ paths: [join(dir, "files")], instance, derive: (conn) => deriveAll(conn) });
  if (!summary.ok) throw new Error(`Inläsningen misslyckades: ${summary.error}`);
  return {
    dir,
    dbPath,
    instance,
    cleanup() {
      try {
        instance.closeSync();
      } catch {
        // already closed (e.g. before a CLI run on the file)
      }
      if (savedKey === undefined) delete process.env.LEDSAGNING_PSEUDONYM_KEY;
      else process.env.LEDSAGNING_PSEUDONYM_KEY = savedKey;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The PDF's text page by page (pdftotext's form feeds), in reading order or laid out as printed. */
export function pdfPages(pdf: Uint8Array, dir: string, layout = true): string[] {
  const file = join(dir, `read-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const res = spawnSync("pdftotext", [...(layout ? ["-layout"] : []), "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`pdftotext: ${res.stderr}`);
  const pages = res.stdout.split("\f");
  if (pages[pages.length - 1].trim() === "") pages.pop();
  return pages.map(normalise);
}

export function pdfPageCount(pdf: Uint8Array, dir: string): number {
  const file = join(dir, `info-${process.pid}.pdf`);
  writeFileSync(file, pdf);
  const res = spawnSync("pdfinfo", [file], { encoding: "utf8" });
  const m = /^Pages:\s+(\d+)/m.exec(res.stdout);
  if (!m) throw new Error(`pdfinfo: ${res.stderr}`);
  return Number(m[1]);
}

/** No-break spaces and the typographic minus as plain characters, so texts compare. */
export function normalise(s: string): string {
  return s.replace(/[\u00a0\u202f]/g, " ").replace(/\u2212/g, "-");
}
