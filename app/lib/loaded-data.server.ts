/**
 * "What was loaded": rows per table, the period the data cover, kommuner with
 * their stadsdelar, and the latest ETL run. The first thing a new user sees,
 * and the quickest check after `npm run etl` that the files arrived whole.
 */
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import { toJsonSafe } from "../../queries/convert.ts";
import type { Database } from "../db.server.ts";
import { badRequest, parseSearchParams } from "./http.server.ts";

export interface TableSummary {
  table: "beslut" | "utforda_timmar" | "avbokningar" | "omkostnader" | "utforare" | "avvisad_rad";
  label: string;
  rows: number;
  /** Earliest and latest date of the table's date column (null: no rows or no date column). */
  from: string | null;
  to: string | null;
}

export interface StadsdelSummary {
  stadsdel: string;
  beslut: number;
  personer: number;
  forstaBeslut: string | null;
  senasteBeslut: string | null;
}

export interface KommunSummary {
  kommun: string;
  beslut: number;
  personer: number;
  stadsdelar: StadsdelSummary[];
}

export interface RunSummary {
  loadId: number;
  startedAt: string;
  finishedAt: string | null;
  allowRejects: boolean;
  /** Totals over the run's files; null when its summary could not be read. */
  files: number | null;
  read: number | null;
  loaded: number | null;
  /** Rows of this run kept in avvisad_rad. */
  rejected: number;
}

export interface LoadedData {
  /** True when no beslut are loaded: the page shows how to load data instead. */
  empty: boolean;
  /** The kommun the view is limited to, if any. */
  kommun: string | null;
  tables: TableSummary[];
  period: { from: string; to: string } | null;
  kommuner: KommunSummary[];
  latestRun: RunSummary | null;
  runs: number;
}

/** The loaded tables, their Swedish names, and the date column that gives their period. */
const TABLES = [
  { table: "beslut", label: "Beslut", date: "beslut_datum" },
  { table: "utforda_timmar", label: "Utförda timmar (rader)", date: "datum" },
  { table: "avbokningar", label: "Avbokningar", date: "planerad_start" },
  { table: "omkostnader", label: "Omkostnader", date: "datum" },
  { table: "utforare", label: "Utförare", date: null },
] as const;

/** The names of the kommuner that have beslut, sorted. */
export async function listKommuner(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom("beslut").select("kommun").distinct().orderBy("kommun").execute();
  return rows.map((r) => r.kommun);
}

export async function getLoadedData(db: Kysely<Database>, kommun: string | null = null): Promise<LoadedData> {
  const [tables, rejected, kommuner, runs] = await Promise.all([
    Promise.all(TABLES.map((t) => summariseTable(db, t, kommun))),
    countRejected(db),
    summariseKommuner(db, kommun),
    summariseRuns(db),
  ]);
  const all = [...tables, rejected];
  const froms = tables.map((t) => t.from).filter((d): d is string => d !== null);
  const tos = tables.map((t) => t.to).filter((d): d is string => d !== null);
  return {
    empty: tables[0].rows === 0,
    kommun,
    tables: all,
    // ISO dates sort as strings.
    period: froms.length > 0 ? { from: froms.sort()[0], to: tos.sort()[tos.length - 1] } : null,
    kommuner,
    ...runs,
  };
}

async function summariseTable(
  db: Kysely<Database>,
  t: (typeof TABLES)[number],
  kommun: string | null,
): Promise<TableSummary> {
  // Table and column names come from the constant above, never from the request.
  let q = db
    .selectFrom(t.table)
    .select((eb) => [
      eb.fn.countAll<bigint>().as("rows"),
      (t.date ? sql<Date | null>`min(${sql.ref(t.date)})` : sql<null>`null`).as("from"),
      (t.date ? sql<Date | null>`max(${sql.ref(t.date)})` : sql<null>`null`).as("to"),
    ]);
  if (kommun !== null) q = q.where("kommun", "=", kommun);
  const row = toJsonSafe(await q.executeTakeFirstOrThrow());
  return {
    table: t.table,
    label: t.label,
    rows: row.rows,
    // Timestamps (avbokningar) are shown by their date.
    from: row.from === null ? null : row.from.slice(0, 10),
    to: row.to === null ? null : row.to.slice(0, 10),
  };
}

async function countRejected(db: Kysely<Database>): Promise<TableSummary> {
  // Rejected rows have no kommun column that can be trusted (the row was rejected),
  // so this count is always over the whole database.
  const row = toJsonSafe(
    await db.selectFrom("avvisad_rad").select((eb) => eb.fn.countAll<bigint>().as("rows")).executeTakeFirstOrThrow(),
  );
  return { table: "avvisad_rad", label: "Avvisade rader (alla inläsningar)", rows: row.rows, from: null, to: null };
}

async function summariseKommuner(db: Kysely<Database>, kommun: string | null): Promise<KommunSummary[]> {
  let q = db
    .selectFrom("beslut")
    .select((eb) => [
      "kommun",
      "stadsdel",
      eb.fn.countAll<bigint>().as("beslut"),
      sql<bigint>`count(distinct person_id)`.as("personer"),
      eb.fn.min("beslut_datum").as("forstaBeslut"),
      eb.fn.max("beslut_datum").as("senasteBeslut"),
    ])
    .groupBy(["kommun", "stadsdel"])
    .orderBy("kommun")
    .orderBy("stadsdel");
  if (kommun !== null) q = q.where("kommun", "=", kommun);
  const perStadsdel = toJsonSafe(await q.execute());

  let totals = db
    .selectFrom("beslut")
    .select((eb) => ["kommun", eb.fn.countAll<bigint>().as("beslut"), sql<bigint>`count(distinct person_id)`.as("personer")])
    .groupBy("kommun");
  if (kommun !== null) totals = totals.where("kommun", "=", kommun);
  // A person counts once per kommun even with beslut in several stadsdelar.
  const byKommun = new Map(toJsonSafe(await totals.execute()).map((r) => [r.kommun, r]));

  const out: KommunSummary[] = [];
  for (const r of perStadsdel) {
    let k = out[out.length - 1];
    if (!k || k.kommun !== r.kommun) {
      const t = byKommun.get(r.kommun);
      k = { kommun: r.kommun, beslut: t?.beslut ?? 0, personer: t?.personer ?? 0, stadsdelar: [] };
      out.push(k);
    }
    k.stadsdelar.push({
      stadsdel: r.stadsdel,
      beslut: r.beslut,
      personer: r.personer,
      forstaBeslut: r.forstaBeslut,
      senasteBeslut: r.senasteBeslut,
    });
  }
  return out;
}

/**
 * The part of the ETL's run summary this page reads. Parsed leniently: a run
 * written by an older or newer loader still shows its time, with "–" for totals.
 */
const RunSummaryJson = z.object({
  files: z.array(z.object({ read: z.number(), loaded: z.number() })),
});

async function summariseRuns(db: Kysely<Database>): Promise<{ latestRun: RunSummary | null; runs: number }> {
  const [count, latest] = await Promise.all([
    db.selectFrom("etl_korning").select((eb) => eb.fn.countAll<bigint>().as("n")).executeTakeFirstOrThrow(),
    db.selectFrom("etl_korning").selectAll().orderBy("load_id", "desc").limit(1).executeTakeFirst(),
  ]);
  const runs = toJsonSafe(count).n;
  if (!latest) return { latestRun: null, runs };
  const row = toJsonSafe(latest);
  // The stored rejects are the full count; the summary JSON may list only the first ones.
  const rejected = toJsonSafe(
    await db
      .selectFrom("avvisad_rad")
      .select((eb) => eb.fn.countAll<bigint>().as("n"))
      .where("load_id", "=", row.load_id)
      .executeTakeFirstOrThrow(),
  ).n;
  return {
    runs,
    latestRun: {
      loadId: row.load_id,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      allowRejects: row.allow_rejects,
      rejected,
      ...readTotals(row.summary_json),
    },
  };
}

function readTotals(json: string | null): Pick<RunSummary, "files" | "read" | "loaded"> {
  const unknown = { files: null, read: null, loaded: null };
  if (!json) return unknown;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return unknown;
  }
  const result = RunSummaryJson.safeParse(parsed);
  if (!result.success) return unknown;
  const files = result.data.files;
  return {
    files: files.length,
    read: files.reduce((a, f) => a + f.read, 0),
    loaded: files.reduce((a, f) => a + f.loaded, 0),
  };
}

/** Both routes that show this view read the same optional `?kommun=`. */
const Params = z.object({ kommun: z.string().trim().min(1).max(100).optional() });

/** The loader body shared by `/` and `/data`. */
export async function loadLoadedData(request: Request, db: Kysely<Database>) {
  const { kommun } = parseSearchParams(request, Params);
  const kommunOptions = await listKommuner(db);
  if (kommun !== undefined && !kommunOptions.includes(kommun)) {
    badRequest("kommun", "Kommunen finns inte bland de inlästa kommunerna.", kommun);
  }
  return { data: await getLoadedData(db, kommun ?? null), kommunOptions };
}
