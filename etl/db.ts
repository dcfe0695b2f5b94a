/**
 * Opening the product's DuckDB database. One place decides where it lives:
 * `LEDSAGNING_DB`, else `data/ledsagning.duckdb` under the project root.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SCHEMA_DDL } from "./schema.ts";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function defaultDbPath(): string {
  return process.env.LEDSAGNING_DB
    ? resolve(process.env.LEDSAGNING_DB)
    : resolve(PROJECT_ROOT, "data", "ledsagning.duckdb");
}

export async function openDatabase(path: string = defaultDbPath()): Promise<DuckDBInstance> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  return DuckDBInstance.create(path);
}

/** Creates every table that does not exist yet. Safe to call on each start. */
export async function ensureSchema(conn: DuckDBConnection): Promise<void> {
  for (const stmt of SCHEMA_DDL) await conn.run(stmt);
}
