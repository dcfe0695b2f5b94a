/**
 * What the filter bar offers, read from the database: kommuner with their
 * stadsdelar (today's names), utförare with names, and the months the data
 * cover. Also the data's horizon, from which pages choose their default period
 * (the latest complete tertial of the *data*, which may be older than today).
 *
 * Read once per engine run: the options only change when data are loaded, and
 * the engine's run timestamp says when that happened.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../db.server.ts";
import { isoDate } from "../../queries/convert.ts";

export interface FilterOptions {
  kommuner: { kommun: string; stadsdelar: string[] }[];
  utforare: { kommun: string; utforare: string; namn: string | null }[];
  /** First and last month with ledger rows, `YYYY-MM-DD` (first day); null with no data. */
  firstMonth: string | null;
  lastMonth: string | null;
  /** The last day the data cover (the engine's horizon). */
  horizon: string | null;
  /** Changes whenever the engine's output is rebuilt: what cached figures are keyed by. */
  version: string;
}

let cache: { stamp: string; options: FilterOptions } | null = null;

const NO_RUN = "ingen-korning";

/** Whether the rules engine has produced output to count (at least one load has run it). */
export function hasEngineOutput(options: FilterOptions): boolean {
  return options.version !== NO_RUN;
}

export async function filterOptions(db: Kysely<Database>): Promise<FilterOptions> {
  const stamp = await runStamp(db);
  if (cache && cache.stamp === stamp) return cache.options;
  const options = { ...(await readOptions(db)), version: stamp };
  cache = { stamp, options };
  return options;
}

async function runStamp(db: Kysely<Database>): Promise<string> {
  try {
    const r = await sql<{ s: string | null }>`SELECT max(korning)::VARCHAR || '|' || count(*)::VARCHAR AS s FROM engine_korning`.execute(db);
    return r.rows[0]?.s ?? NO_RUN;
  } catch {
    return NO_RUN; // the engine's tables do not exist yet
  }
}

async function readOptions(db: Kysely<Database>): Promise<Omit<FilterOptions, "version">> {
  const empty: Omit<FilterOptions, "version"> = { kommuner: [], utforare: [], firstMonth: null, lastMonth: null, horizon: null };
  let sd: { kommun: string; stadsdel_nu: string | null }[];
  try {
    sd = (await sql<{ kommun: string; stadsdel_nu: string | null }>`
      SELECT DISTINCT kommun, stadsdel_nu FROM arende ORDER BY kommun, stadsdel_nu`.execute(db)).rows;
  } catch {
    return empty; // no engine output yet: nothing to offer
  }
  const [u, range, horizon] = await Promise.all([
    sql<{ kommun: string; utforare: string; namn: string | null }>`
      SELECT kommun, utforare, any_value(namn) AS namn FROM (
        SELECT kommun, utforare, namn FROM utforare
        UNION ALL SELECT DISTINCT kommun, utforare, NULL FROM arende_beslut WHERE utforare IS NOT NULL)
      GROUP BY kommun, utforare ORDER BY kommun, utforare`.execute(db),
    sql<{ first: Date | null; last: Date | null }>`SELECT min(manad) AS first, max(manad) AS last FROM ledger_manad`.execute(db),
    sql<{ h: Date | null }>`SELECT max(horisont) AS h FROM engine_korning`.execute(db).catch(() => ({ rows: [{ h: null }] })),
  ]);
  const byKommun = new Map<string, string[]>();
  for (const r of sd) {
    const list = byKommun.get(r.kommun) ?? [];
    if (r.stadsdel_nu) list.push(r.stadsdel_nu);
    byKommun.set(r.kommun, list);
  }
  const collator = new Intl.Collator("sv-SE");
  return {
    kommuner: [...byKommun].map(([kommun, stadsdelar]) => ({ kommun, stadsdelar: stadsdelar.sort(collator.compare) })),
    utforare: u.rows.map((r) => ({ kommun: r.kommun, utforare: r.utforare, namn: r.namn })),
    firstMonth: isoDate(range.rows[0]?.first ?? null),
    lastMonth: isoDate(range.rows[0]?.last ?? null),
    horizon: isoDate(horizon.rows[0]?.h ?? null),
  };
}

/**
 * Utförare names: under `kommun|id` (ids are only unique within a kommun) and, for
 * places that know no kommun, under the bare id (the first kommun's name).
 */
export function utforareNames(options: FilterOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const u of options.utforare) {
    if (!u.namn) continue;
    out[`${u.kommun}|${u.utforare}`] = u.namn;
    if (!(u.utforare in out)) out[u.utforare] = u.namn;
  }
  return out;
}
