/**
 * The ETL functions the launcher and the browser tests call, found at run time.
 *
 * Why dynamic: the generator, the loader and the engine's store are written in
 * parallel with the app; importing them by a computed path keeps this code
 * compiling (and its parts testable) before they land, and says clearly in
 * Swedish which module is missing if one does not. The interfaces below are the
 * ones agreed for them; once all three exist these can become static imports.
 */
import type { DuckDBInstance } from "@duckdb/node-api";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "../../etl/db.ts";

export interface GenerateOptions {
  outDir: string;
  seed: number;
  years: number;
  scale: number;
}
/** etl/generate/index.ts: writes the five contract files into outDir (Excel dialect by default). */
export type GenerateFn = (opts: GenerateOptions) => Promise<unknown>;

export interface RunLoadOptions {
  paths: string[];
  /** An open instance to load into; the caller closes it. */
  instance?: DuckDBInstance;
  /** The engine's derivation, run inside the load's transaction (etl/engine/store.ts). */
  derive?: unknown;
  allowRejects?: boolean;
}
/** etl/load/index.ts: one transaction per run; resolves with the run's summary. */
export type RunLoadFn = (opts: RunLoadOptions) => Promise<unknown>;

async function importIfExists(rel: string): Promise<Record<string, unknown> | null> {
  const file = resolve(PROJECT_ROOT, rel);
  if (!existsSync(file)) return null;
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

function fn<T>(mod: Record<string, unknown> | null, rel: string, name: string): T {
  const f = mod?.[name];
  if (typeof f !== "function") {
    throw new Error(`Modulen ${rel} saknas eller exporterar inte ${name}(); den behövs för att skapa exempeldata.`);
  }
  return f as T;
}

export async function loadGenerate(): Promise<GenerateFn> {
  const rel = "etl/generate/index.ts";
  return fn<GenerateFn>(await importIfExists(rel), rel, "generate");
}

export async function loadRunLoad(): Promise<RunLoadFn> {
  const rel = "etl/load/index.ts";
  return fn<RunLoadFn>(await importIfExists(rel), rel, "runLoad");
}

/** The engine's deriveAll, or undefined while etl/engine/store.ts does not exist. */
export async function loadDeriveAll(): Promise<unknown> {
  const mod = await importIfExists("etl/engine/store.ts");
  const f = mod?.deriveAll;
  return typeof f === "function" ? f : undefined;
}
