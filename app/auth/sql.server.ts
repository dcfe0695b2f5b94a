/** Small helpers over the DuckDB connection, so the auth modules read as SQL plus intent. */
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";

export type Params = DuckDBValue[];

/** Runs a query and returns plain JS row objects (TIMESTAMP → Date, BIGINT → bigint). */
export async function queryRows(conn: DuckDBConnection, sql: string, params: Params = []): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

/** A timestamp parameter: DuckDB casts an ISO string with `Z` to a UTC TIMESTAMP. */
export function ts(date: Date): string {
  return date.toISOString();
}

/**
 * Runs `fn` in one transaction. Callers on a shared connection must hold the
 * auth lock (see db.server.ts) so that no other statement lands inside it.
 */
export async function inTransaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run("BEGIN TRANSACTION");
  try {
    const result = await fn();
    await conn.run("COMMIT");
    return result;
  } catch (err) {
    await conn.run("ROLLBACK");
    throw err;
  }
}
