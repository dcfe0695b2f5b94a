/**
 * For tests of the dashboards' page builders: a DashboardContext over a test
 * database (no request, no sign-in), and the synthetic data set loaded into an
 * in-memory DuckDB by the real generator, ETL and rules engine.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { Kysely } from "kysely";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionUser } from "../../../app/auth/roles.ts";
import type { Database } from "../../../app/db.server.ts";
import { defaultPeriodFor, type DashboardContext } from "../../../app/lib/dashboard.server.ts";
import { filterOptions } from "../../../app/lib/filter-options.server.ts";
import { deriveAll } from "../../../etl/engine/store.ts";
import { generate } from "../../../etl/generate/index.ts";
import { runLoad } from "../../../etl/load/index.ts";
import type { Filters } from "../../../queries/filters.ts";

export const TEST_USER: SessionUser = { userId: 0, username: "test", role: "forvaltning", stadsdelar: [], isDemo: true };

export async function testContext(
  db: Kysely<Database>,
  filters: Partial<Filters> = {},
  hideSmall = false
): Promise<DashboardContext> {
  const options = await filterOptions(db);
  const defaultPeriod = defaultPeriodFor(options);
  return { user: TEST_USER, db, options, defaultPeriod, filters: { period: defaultPeriod, ...filters }, hideSmall };
}

/** The synthetic set as the browser tests use it (seed 7, two years, scale 0.1), in memory. */
export async function syntheticInstance(o: { seed?: number; years?: number; scale?: number } = {}): Promise<DuckDBInstance> {
  process.env.LEDSAGNING_PSEUDONYM_KEY ??= "queries-test-key-not-secret";
  const dir = mkdtempSync(join(tmpdir(), "ledsagning-queries-"));
  try {
    await generate({ outDir: dir, seed: o.seed ?? 7, years: o.years ?? 2, scale: o.scale ?? 0.1 });
    const instance = await DuckDBInstance.create(":memory:");
    const summary = await runLoad({ paths: [dir], instance, derive: (conn) => deriveAll(conn) });
    if (!summary.ok) throw new Error(`Syntetiska data kunde inte läsas in: ${summary.error}`);
    return instance;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
