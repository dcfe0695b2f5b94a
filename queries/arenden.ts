/**
 * The case list (`/arenden`) and one case (`/arenden/<id>`), over the rules engine's
 * output tables.
 *
 * The list is how every figure links to "the cases behind it": it selects rows with
 * `filterWhere` (queries/selection.ts) — the same definition the figures use — and
 * groups them by arende_id, so that a measure summed over the list equals the figure.
 * Everything runs in SQL: the page (50 rows), the total row over ALL matching cases,
 * and the CSV export, which is streamed.
 *
 * Nothing here knows about users; the caller passes which cases the account may see
 * (`CaseAccess`, the shape of app/auth/roles.ts `CaseScope`).
 */
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { sql, type QueryExecutorProvider, type RawBuilder, type SqlBool } from "kysely";
import { z } from "zod";
import { UTFALL, type Utfall } from "../etl/contract.ts";
import { toJsonSafe } from "./convert.ts";
import { CsvDialect, type CsvColumn } from "./csv.ts";
import {
  aldersgruppFor,
  FilterError,
  filtersToSearchParams,
  parseFilters,
  searchParamsToObject,
  type Aldersgrupp,
  type Filters,
  type Period,
} from "./filters.ts";
import { FLAG_RULES, isMeasureId, MEASURES, type Measure } from "./measures.ts";
import { filterWhere, SCOPES, unsupportedFilters, type Scope } from "./selection.ts";

/**
 * Any Kysely (or other executor) over the database: these queries are raw SQL over the
 * engine's output tables (queries/schema.ts) and the loaded `utforare` table.
 */
type AnyKysely = QueryExecutorProvider;

// ---------------------------------------------------------------------------
// URL parameters
// ---------------------------------------------------------------------------

/** The process flags a case list can be filtered by (R17 is per utförare, not per case). */
export const FLAGGOR = FLAG_RULES;
export type Flagga = (typeof FLAG_RULES)[number];

export const PAGE_SIZE = 50;

/** Sortable columns, by their URL name. Text columns sort in Swedish order (å, ä, ö last). */
export const SORT_KEYS = [
  "arende",
  "kommun",
  "stadsdel",
  "kon",
  "aldersgrupp",
  "lagrum",
  "insats",
  "utfall",
  "utforare",
  "beviljade",
  "utforda",
  "forbrukade",
  "utforandegrad",
  "flaggor",
  "matt",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = "asc" | "desc";

const SORT_SQL: Record<SortKey, string> = {
  arende: "arende_id",
  kommun: "kommun COLLATE sv",
  stadsdel: "stadsdel COLLATE sv",
  kon: "kon",
  // Youngest first when ascending by age group = latest birth year first.
  aldersgrupp: "-fodelsear",
  lagrum: "lagrum",
  insats: "insats",
  utfall: "utfall",
  utforare: "coalesce(utforare_namn, utforare) COLLATE sv",
  beviljade: "beviljade_h",
  utforda: "utforda_h",
  forbrukade: "forbrukade_h",
  utforandegrad: "utforda_h / nullif(beviljade_h, 0)",
  flaggor: "antal_flaggor",
  matt: "matt",
};

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z.union([z.enum(values), z.array(z.enum(values)).max(values.length)]).transform((v) => (Array.isArray(v) ? v : [v]));

/**
 * The case list's own parameters (the shared filters are parsed by parseFilters). A
 * single-valued key given twice arrives as an array and is refused.
 */
export const ArendeListParams = z
  .object({
    scope: z.enum(SCOPES).optional(),
    flagga: list(FLAGGOR).optional(),
    utfall: list(UTFALL).optional(),
    matt: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,59}$/)
      .optional(),
    sort: z
      .string()
      .regex(/^[a-z]+(:(asc|desc))?$/)
      .optional(),
    sida: z
      .string()
      .regex(/^[1-9]\d{0,6}$/)
      .transform(Number)
      .optional(),
    export: z.enum(["csv"]).optional(),
    dialect: CsvDialect.unwrap().optional(),
  })
  .strip();

export interface ArendeListQuery {
  filters: Filters;
  scope: Scope;
  flagga?: Flagga[];
  utfall?: Utfall[];
  /** The measure of the figure the list was opened from (queries/measures.ts). */
  matt?: Measure;
  sort: { key: SortKey; dir: SortDir };
  sida: number;
  export?: "csv";
  dialect: CsvDialect;
}

const DEFAULT_DIR: Partial<Record<SortKey, SortDir>> = {
  beviljade: "desc",
  utforda: "desc",
  forbrukade: "desc",
  flaggor: "desc",
  matt: "desc",
};

/**
 * Parses and validates the list's URL. A bad value throws a FilterError naming the
 * parameter (the route answers 400). `scope` defaults to what the other parameters
 * imply: `utfall` → beslut, `flagga` → flagga, `matt` → the measure's scope, else manad.
 */
export function parseArendeList(sp: URLSearchParams, defaultPeriod: Period): ArendeListQuery {
  const filters = parseFilters(sp, defaultPeriod);
  const parsed = ArendeListParams.safeParse(searchParamsToObject(sp));
  if (!parsed.success) {
    const param = String(parsed.error.issues[0].path[0] ?? "okänd");
    throw new FilterError(param, PARAM_HELP[param] ?? "värdet är inte tillåtet");
  }
  const p = parsed.data;
  let matt: Measure | undefined;
  if (p.matt !== undefined) {
    if (!isMeasureId(p.matt)) throw new FilterError("matt", "okänt mått (se queries/measures.ts)");
    matt = MEASURES[p.matt];
  }
  if (p.flagga && p.utfall) throw new FilterError("utfall", "kan inte kombineras med flagga (de väljer olika rader)");
  const implied: Scope | undefined = p.utfall ? "beslut" : p.flagga ? "flagga" : matt?.scope;
  const scope = p.scope ?? implied ?? "manad";
  if (p.utfall && scope !== "beslut") throw new FilterError("utfall", "gäller beslut: ange scope=beslut eller utelämna scope");
  if (p.flagga && scope !== "flagga") throw new FilterError("flagga", "gäller flaggor: ange scope=flagga eller utelämna scope");
  if (matt && matt.scope !== scope) throw new FilterError("matt", `måttet räknas med scope=${matt.scope}, inte scope=${scope}`);

  let sort: ArendeListQuery["sort"] = { key: matt ? "matt" : "beviljade", dir: "desc" };
  if (p.sort !== undefined) {
    const [key, dir] = p.sort.split(":");
    if (!(SORT_KEYS as readonly string[]).includes(key) || (key === "matt" && !matt)) {
      throw new FilterError(
        "sort",
        `ange en av ${SORT_KEYS.filter((k) => k !== "matt" || matt).join(", ")}, ev. med :asc eller :desc`
      );
    }
    const k = key as SortKey;
    sort = { key: k, dir: (dir as SortDir | undefined) ?? DEFAULT_DIR[k] ?? "asc" };
  }
  return {
    filters,
    scope,
    flagga: p.flagga,
    utfall: p.utfall,
    matt,
    sort,
    sida: p.sida ?? 1,
    export: p.export,
    dialect: p.dialect ?? "excel",
  };
}

const PARAM_HELP: Record<string, string> = {
  scope: `ange en av ${SCOPES.join(", ")}`,
  flagga: `ange en eller flera av ${FLAGGOR.join(", ")}`,
  utfall: `ange en eller flera av ${UTFALL.join(", ")}`,
  matt: "ange ett måtts id, t.ex. utforda",
  sort: "ange en kolumn, ev. med :asc eller :desc, t.ex. beviljade:desc",
  sida: "ange ett sidnummer från 1",
  export: "ange csv",
  dialect: "ange excel eller standard",
};

/**
 * The list's URL for a selection: how a figure links to its cases. `extra` holds the
 * list's own parameters (scope, flagga, utfall, matt, sort).
 */
export function arendenHref(
  f: Partial<Filters>,
  extra: { scope?: Scope; flagga?: Flagga[]; utfall?: Utfall[]; matt?: string; sort?: string; sida?: number } = {}
): string {
  const sp = filtersToSearchParams(f);
  if (extra.scope) sp.set("scope", extra.scope);
  for (const x of extra.flagga ?? []) sp.append("flagga", x);
  for (const x of extra.utfall ?? []) sp.append("utfall", x);
  if (extra.matt) sp.set("matt", extra.matt);
  if (extra.sort) sp.set("sort", extra.sort);
  if (extra.sida && extra.sida > 1) sp.set("sida", String(extra.sida));
  const qs = sp.toString();
  return qs ? `/arenden?${qs}` : "/arenden";
}

/** The query's URL parameters again, optionally with another sort or page (links from the list). */
export function arendenParams(q: ArendeListQuery, change: { sort?: string; sida?: number } = {}): URLSearchParams {
  const href = arendenHref(q.filters, {
    scope: q.scope === "manad" && !q.matt ? undefined : q.scope,
    flagga: q.flagga,
    utfall: q.utfall,
    matt: q.matt?.id,
    sort: change.sort ?? `${q.sort.key}:${q.sort.dir}`,
    sida: change.sida ?? q.sida,
  });
  return new URLSearchParams(href.split("?")[1] ?? "");
}

/** The CSV export of the whole list (every page) with the same filters and order. */
export function arendenCsvHref(q: ArendeListQuery, dialect: CsvDialect = q.dialect): string {
  const sp = arendenParams(q, { sida: 1 });
  if (dialect !== "excel") sp.set("dialect", dialect);
  return `/arenden.csv?${sp.toString()}`;
}

// ---------------------------------------------------------------------------
// Access and selection
// ---------------------------------------------------------------------------

/** Which cases the account may see (app/auth/roles.ts CaseScope has this shape). */
export type CaseAccess =
  | { kind: "all" }
  | { kind: "stadsdelar"; stadsdelar: { kommun: string; stadsdel: string }[] }
  | { kind: "none" };

/**
 * A case belongs to the stadsdel of its latest beslut, by today's name or the name on
 * the beslut (an account may have been given either after a reorganisation).
 */
function accessWhere(access: CaseAccess): RawBuilder<SqlBool> {
  if (access.kind === "all") return sql<SqlBool>`true`;
  if (access.kind === "none" || access.stadsdelar.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(
    access.stadsdelar.map((s) => sql`(a.kommun = ${s.kommun} AND (a.stadsdel_nu = ${s.stadsdel} OR a.stadsdel = ${s.stadsdel}))`),
    sql` OR `
  )})`;
}

const inList = (col: string, values: readonly string[]) =>
  sql<SqlBool>`${sql.ref(col)} IN (${sql.join(values.map((v) => sql.val(v)))})`;

const SCOPE_TABLE: Record<Scope, string> = {
  manad: "ledger_manad",
  beslut: "arende_beslut",
  flagga: "arende_flagga",
  period: "ledger_period",
};

/** The scope's rows behind the figure: the shared filters plus the list's utfall / flagga. */
function scopeWhere(q: ArendeListQuery): RawBuilder<SqlBool> {
  const extra = q.utfall ? sql` AND ${inList("utfall", q.utfall)}` : q.flagga ? sql` AND ${inList("regel", q.flagga)}` : sql``;
  return sql<SqlBool>`${filterWhere(q.filters, q.scope)}${extra}`;
}

/**
 * The measure per case, as its registry SQL over the case's rows: its value, and for a
 * ratio the numerator and denominator (the registry's `parts`), so the total row can be
 * Σ num / Σ den like the figure. Trusted static SQL from queries/measures.ts.
 */
function measureSql(m: Measure | undefined): {
  value: RawBuilder<unknown>;
  num: RawBuilder<unknown>;
  den: RawBuilder<unknown>;
  contributes: RawBuilder<unknown>;
} {
  const NULL = sql`NULL::DOUBLE`;
  if (!m) return { value: NULL, num: NULL, den: NULL, contributes: sql`true` };
  const expr = sql.raw(m.expr);
  if (m.kind === "ratio" && m.parts) {
    const num = sql.raw(MEASURES[m.parts[0]].expr);
    const den = sql.raw(MEASURES[m.parts[1]].expr);
    return { value: expr, num, den, contributes: sql`coalesce(${num}, 0) <> 0 OR coalesce(${den}, 0) <> 0` };
  }
  if (m.kind === "quantile") return { value: expr, num: NULL, den: NULL, contributes: sql`${expr} IS NOT NULL` };
  // sum and count: additive over cases, so Σ per case = the figure.
  return { value: sql`coalesce(${expr}, 0)`, num: NULL, den: NULL, contributes: sql`coalesce(${expr}, 0) <> 0` };
}

/**
 * The scope's rows, one row per case: how many rows, the measure, and what the scope
 * adds to the list (the latest utfall of the selected beslut; the selected flags).
 * With a measure, only the cases that contribute to the figure are listed (a non-zero
 * value, or a non-zero part of a ratio), so "12 särskilda ansökningar" opens those
 * cases rather than every case of the period.
 *
 * Scope manad reads ledger_manad once, for the hours and the scope together: at
 * national scale that table is the cost of the page.
 */
function scopeRows(q: ArendeListQuery): RawBuilder<unknown> {
  const m = measureSql(q.matt);
  const utfall = q.scope === "beslut" ? sql`arg_max(utfall, (beslut_datum, beslut_id))` : sql`NULL::VARCHAR`;
  const flaggor = q.scope === "flagga" ? sql`list(DISTINCT regel ORDER BY regel)` : sql`NULL::VARCHAR[]`;
  const hours =
    q.scope === "manad"
      ? sql`sum(beviljade_h) AS beviljade_h, sum(utforda_h) AS utforda_h, sum(forbrukade_h) AS forbrukade_h,
            arg_max(utforare, manad) AS utforare_period,`
      : sql``;
  return sql`SELECT arende_id, ${hours} count(*) AS rader, ${utfall} AS utfall_urval, ${flaggor} AS flaggor_urval,
                    ${m.value} AS matt, ${m.num} AS matt_num, ${m.den} AS matt_den
             FROM ${sql.table(SCOPE_TABLE[q.scope])} WHERE ${scopeWhere(q)}
             GROUP BY arende_id HAVING ${m.contributes}`;
}

/**
 * `WITH s, m, c`: c holds one row per listed case. The hours columns are always the
 * case's ledger months in the period under the same filters (so a beslut or flag list
 * shows the hours too); the set of cases is the scope's. c is materialised: the page
 * and the total row both read it.
 */
function selection(q: ArendeListQuery, access: CaseAccess): RawBuilder<unknown> {
  const m =
    q.scope === "manad"
      ? sql`SELECT * FROM s`
      : sql`SELECT arende_id, sum(beviljade_h) AS beviljade_h, sum(utforda_h) AS utforda_h, sum(forbrukade_h) AS forbrukade_h,
                   arg_max(utforare, manad) AS utforare_period
            FROM ledger_manad WHERE ${filterWhere(q.filters, "manad")} GROUP BY arende_id`;
  return sql`WITH
    s AS (${scopeRows(q)}),
    m AS (${m}),
    c AS MATERIALIZED (
      SELECT a.arende_id, a.kommun, a.stadsdel_nu AS stadsdel, a.kon, a.fodelsear, a.lagrum, a.insats,
             coalesce(s.utfall_urval, a.utfall_senaste) AS utfall,
             coalesce(m.utforare_period, a.utforare_senaste) AS utforare, u.namn AS utforare_namn,
             coalesce(m.beviljade_h, 0) AS beviljade_h, coalesce(m.utforda_h, 0) AS utforda_h,
             coalesce(m.forbrukade_h, 0) AS forbrukade_h,
             coalesce(s.flaggor_urval, a.flaggor) AS flaggor, a.antal_flaggor, s.rader, s.matt, s.matt_num, s.matt_den
      FROM s JOIN arende a USING (arende_id)
      LEFT JOIN m USING (arende_id)
      LEFT JOIN utforare u ON u.kommun = a.kommun AND u.utforare = coalesce(m.utforare_period, a.utforare_senaste)
      WHERE ${accessWhere(access)})`;
}

/**
 * The measure over all listed cases: Σ per case for additive measures, Σ num / Σ den
 * for ratios, and the registry's expression over the listed cases' rows for a median.
 */
function totalMeasure(q: ArendeListQuery): RawBuilder<unknown> {
  const m = q.matt;
  if (!m) return sql`NULL::DOUBLE`;
  if (m.kind === "ratio") return sql`sum(matt_num) / nullif(sum(matt_den), 0)`;
  if (m.kind === "quantile") {
    return sql`(SELECT ${sql.raw(m.expr)} FROM ${sql.table(SCOPE_TABLE[q.scope])}
                WHERE ${scopeWhere(q)} AND arende_id IN (SELECT arende_id FROM c))`;
  }
  return sql`coalesce(sum(matt), 0)`;
}

// ---------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------

export interface ArendeListRow {
  arendeId: string;
  kommun: string;
  /** Today's name of the stadsdel of the case's latest beslut. */
  stadsdel: string | null;
  kon: string;
  /** Age group in the period's last year (the birth year itself is not passed on). */
  aldersgrupp: Aldersgrupp;
  lagrum: string | null;
  insats: string;
  /** Latest utfall: of the selected beslut (scope beslut), else of the case. */
  utfall: string | null;
  utforare: string | null;
  utforareNamn: string | null;
  beviljade: number;
  utforda: number;
  forbrukade: number;
  /** utförda / beviljade; null when nothing was granted. */
  utforandegrad: number | null;
  /** The selected flags (scope flagga), else all the case's flags. */
  flaggor: string[];
  /** Rows of the scope behind the case (months, beslut, flags or periods). */
  rader: number;
  matt: number | null;
  mattNum: number | null;
  mattDen: number | null;
}

export interface ArendeListTotal {
  arenden: number;
  rader: number;
  beviljade: number;
  utforda: number;
  forbrukade: number;
  utforandegrad: number | null;
  /** The figure: Σ num / Σ den (or Σ num) over all matching cases. */
  matt: number | null;
}

export interface ArendeList {
  rows: ArendeListRow[];
  total: ArendeListTotal;
  sida: number;
  sidor: number;
  pageSize: number;
  /** Filters the scope's table cannot apply (the page says they were ignored). */
  ignored: string[];
}

type RawRow = Record<string, unknown>;

/** A row of `c` as DuckDB returns it (counts are BIGINT, hence bigint). */
interface ListSqlRow {
  arende_id: string;
  kommun: string;
  stadsdel: string | null;
  kon: string;
  fodelsear: number;
  lagrum: string | null;
  insats: string;
  utfall: string | null;
  utforare: string | null;
  utforare_namn: string | null;
  beviljade_h: number;
  utforda_h: number;
  forbrukade_h: number;
  flaggor: string[] | null;
  antal_flaggor: number;
  rader: bigint;
  matt_num: number | bigint | null;
  matt_den: number | bigint | null;
  matt: number | bigint | null;
}

function ratio(num: number | null, den: number | null): number | null {
  return num === null || den === null || den === 0 ? null : num / den;
}

/** The year a case's age group is stated for: the period's last month. */
function ageYear(p: Period): number {
  const [y, m] = p.to.split("-").map(Number);
  return m === 1 ? y - 1 : y;
}

function toRow(raw: ListSqlRow, year: number): ArendeListRow {
  const x = toJsonSafe(raw);
  return {
    arendeId: x.arende_id,
    kommun: x.kommun,
    stadsdel: x.stadsdel,
    kon: x.kon,
    aldersgrupp: aldersgruppFor(x.fodelsear, year),
    lagrum: x.lagrum,
    insats: x.insats,
    utfall: x.utfall,
    utforare: x.utforare,
    utforareNamn: x.utforare_namn,
    beviljade: x.beviljade_h,
    utforda: x.utforda_h,
    forbrukade: x.forbrukade_h,
    utforandegrad: ratio(x.utforda_h, x.beviljade_h),
    flaggor: x.flaggor ?? [],
    rader: x.rader,
    matt: x.matt,
    mattNum: x.matt_num,
    mattDen: x.matt_den,
  };
}

function orderBy(q: ArendeListQuery): RawBuilder<unknown> {
  const dir = q.sort.dir === "desc" ? sql`DESC` : sql`ASC`;
  return sql`ORDER BY ${sql.raw(SORT_SQL[q.sort.key])} ${dir} NULLS LAST, arende_id`;
}

/** A page row joined to the total row (columns t_*): one query gives both. */
type PageSqlRow = Partial<ListSqlRow> & {
  t_arenden: bigint;
  t_rader: bigint | number;
  t_beviljade: number;
  t_utforda: number;
  t_forbrukade: number;
  t_matt: number | bigint | null;
};

/**
 * One page of the list and the total row over every matching case, in one query: the
 * selection is computed once, paginated and summed in DuckDB. A page past the end
 * throws a FilterError on `sida`.
 */
export async function listArenden(db: AnyKysely, q: ArendeListQuery, access: CaseAccess): Promise<ArendeList> {
  const offset = (q.sida - 1) * PAGE_SIZE;
  const res = await sql<PageSqlRow>`${selection(q, access)},
    t AS (SELECT count(*) AS t_arenden, coalesce(sum(rader), 0) AS t_rader, coalesce(sum(beviljade_h), 0) AS t_beviljade,
                 coalesce(sum(utforda_h), 0) AS t_utforda, coalesce(sum(forbrukade_h), 0) AS t_forbrukade,
                 ${totalMeasure(q)} AS t_matt
          FROM c),
    p AS (SELECT * FROM c ${orderBy(q)} LIMIT ${sql.lit(PAGE_SIZE)} OFFSET ${sql.lit(offset)})
    SELECT t.*, p.* FROM t LEFT JOIN p ON true ${orderBy(q)}`.execute(db);
  const t = toJsonSafe(res.rows[0]);
  const arenden = t.t_arenden;
  const sidor = Math.max(1, Math.ceil(arenden / PAGE_SIZE));
  if (q.sida > sidor) throw new FilterError("sida", `listan har ${sidor} ${sidor === 1 ? "sida" : "sidor"}`);
  const year = ageYear(q.filters.period);
  return {
    rows: res.rows.filter((r) => r.arende_id != null).map((r) => toRow(r as ListSqlRow, year)),
    total: {
      arenden,
      rader: t.t_rader,
      beviljade: t.t_beviljade,
      utforda: t.t_utforda,
      forbrukade: t.t_forbrukade,
      utforandegrad: ratio(t.t_utforda, t.t_beviljade),
      matt: t.t_matt,
    },
    sida: q.sida,
    sidor,
    pageSize: PAGE_SIZE,
    ignored: unsupportedFilters(q.filters, q.scope),
  };
}

/** Every listed case's pseudonym, in list order (for the audit row of an export). */
export async function listArendeIds(db: AnyKysely, q: ArendeListQuery, access: CaseAccess): Promise<string[]> {
  const res = await sql<{ arende_id: string }>`${selection(q, access)} SELECT arende_id FROM c ${orderBy(q)}`.execute(db);
  return res.rows.map((r) => r.arende_id);
}

/** A CSV row: the list's row with the flags as one cell ("R13 R16"). */
export type ArendeCsvRow = Omit<ArendeListRow, "flaggor"> & { flaggor: string };

/** The CSV export's columns: what the page shows, with unrounded numbers. */
export function csvColumns(q: ArendeListQuery): CsvColumn<ArendeCsvRow>[] {
  const cols: CsvColumn<ArendeCsvRow>[] = [
    { key: "arendeId", header: "ärende (pseudonym)" },
    { key: "kommun", header: "kommun" },
    { key: "stadsdel", header: "stadsdel" },
    { key: "kon", header: "kön" },
    { key: "aldersgrupp", header: "åldersgrupp" },
    { key: "lagrum", header: "lagrum" },
    { key: "insats", header: "insats" },
    { key: "utfall", header: "senaste utfall" },
    { key: "utforare", header: "utförare (id)" },
    { key: "utforareNamn", header: "utförare" },
    { key: "beviljade", header: "beviljade timmar" },
    { key: "utforda", header: "utförda timmar" },
    { key: "forbrukade", header: "förbrukade timmar" },
    { key: "utforandegrad", header: "utförandegrad" },
    { key: "flaggor", header: "flaggor" },
  ];
  if (q.matt) cols.push({ key: "matt", header: q.matt.label });
  return cols;
}

/** Where a streamed export reads from: DuckDB itself (see streamArenden). */
export interface DuckDBSource {
  connect(): Promise<DuckDBConnection>;
}

/**
 * The whole list (no page) as chunks of CSV rows, streamed from DuckDB so that a
 * national export never sits in memory. Read through DuckDB's own chunks rather than
 * Kysely's stream, which yields row by row and was four times slower at 100 000 cases;
 * Kysely still compiles the SQL, so it is the same selection as the page's.
 */
export async function* streamArenden(
  db: AnyKysely,
  source: DuckDBSource,
  q: ArendeListQuery,
  access: CaseAccess,
  chunkSize = 2048
): AsyncGenerator<ArendeCsvRow[]> {
  const compiled = sql<ListSqlRow>`${selection(q, access)} SELECT * FROM c ${orderBy(q)}`.compile(db);
  const year = ageYear(q.filters.period);
  const conn = await source.connect();
  try {
    const result = await conn.stream(compiled.sql, compiled.parameters as DuckDBValue[]);
    const names = result.deduplicatedColumnNames();
    let batch: ArendeCsvRow[] = [];
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const raw of chunk.getRowObjects(names)) {
        const r = toRow(raw as unknown as ListSqlRow, year);
        batch.push({ ...r, flaggor: r.flaggor.join(" ") });
        if (batch.length >= chunkSize) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    conn.closeSync();
  }
}

// ---------------------------------------------------------------------------
// One case
// ---------------------------------------------------------------------------

/** A case pseudonym: 16 lower-case hex digits (see docs/ARCHITECTURE.md). */
export const ArendeId = z.string().regex(/^[0-9a-f]{16}$/);

export interface ArendeHead {
  arendeId: string;
  kommun: string;
  stadsdel: string | null;
  stadsdelNu: string | null;
  kon: string;
  fodelsear: number;
  lagrum: string | null;
  insats: string;
  utfallSenaste: string;
  utforareSenaste: string | null;
  antalBeslut: number;
  antalBifall: number;
  antalDelavslag: number;
  antalAvslag: number;
  forstaAnsokan: string | null;
  senasteBeslut: string | null;
  forstaGiltigFrom: string | null;
  sistaGiltigTom: string | null;
  forstaManad: string | null;
  sistaManad: string | null;
  beviljade: number;
  utforda: number;
  forbrukade: number;
  forverkade: number;
  kostnad: number;
  flaggor: string[];
  regelverk: string;
  regelverkStandard: boolean;
}

export interface BeslutRad {
  beslutId: string;
  stadsdel: string;
  stadsdelNu: string | null;
  lagrum: string;
  utfall: string;
  ansokanDatum: string | null;
  beslutDatum: string | null;
  giltigFrom: string | null;
  giltigTom: string | null;
  soktaTimmar: number | null;
  beviljadeTimmar: number | null;
  timmarPer: string;
  soktaPerManad: number | null;
  beviljadePerManad: number | null;
  beslutsniva: string | null;
  utforare: string | null;
  utforareNamn: string | null;
  personligAssistans: boolean;
  orsak: string | null;
}

export interface ManadRad {
  manad: string;
  periodStart: string;
  periodSlut: string;
  beslutId: string | null;
  utforare: string | null;
  giltigaDagar: number;
  beviljade: number;
  utforda: number;
  utfordaDag: number;
  utfordaKvall: number;
  utfordaNatt: number;
  utfordaHelg: number;
  utfordaStorhelg: number;
  utfordaUtanBeslut: number;
  senAvbokning: number;
  kortAvbokning: number;
  forbrukade: number;
  avbokadBrukare: number;
  avbokadLedsagare: number;
  saldo: number;
  forverkade: number;
  debiterade: number;
  kostnad: number;
  schablonIntjanad: number;
  omkostnadFaktisk: number;
  sarskild: number;
  manadsbelopp: number;
  manadsbeloppErsatt: number;
}

export interface PeriodRad {
  periodStart: string;
  periodSlut: string;
  forverkasDatum: string | null;
  periodManader: number;
  stangd: boolean;
  utanBeslut: boolean;
  beviljade: number;
  utforda: number;
  forbrukade: number;
  forverkade: number;
  overforbrukade: number;
  manadsbeloppRam: number;
  manadsbelopp: number;
  manadsbeloppErsatt: number;
  regel: string | null;
  kalla: string | null;
  orsak: string | null;
}

export interface HandelseRad {
  typ: string;
  klass: string;
  datum: string | null;
  tid: string | null;
  manad: string | null;
  timmar: number | null;
  belopp: number | null;
  forbrukad: boolean | null;
  utforare: string | null;
  regel: string | null;
  kalla: string | null;
  orsak: string;
}

export interface FlaggaRad {
  regel: string;
  kalla: string;
  datum: string | null;
  beslutId: string | null;
  niva: string;
  orsak: string;
}

export interface ArendeDetail {
  head: ArendeHead;
  beslut: BeslutRad[];
  manader: ManadRad[];
  perioder: PeriodRad[];
  handelser: HandelseRad[];
  flaggor: FlaggaRad[];
}

/** The case's kommun and stadsdel, for the access check before anything else is read. */
export async function arendePlace(
  db: AnyKysely,
  id: string
): Promise<{ kommun: string; stadsdel: string | null; stadsdelNu: string | null } | null> {
  const res = await sql<{ kommun: string; stadsdel: string | null; stadsdel_nu: string | null }>`
    SELECT kommun, stadsdel, stadsdel_nu FROM arende WHERE arende_id = ${id}`.execute(db);
  const r = res.rows[0];
  return r ? { kommun: r.kommun, stadsdel: r.stadsdel, stadsdelNu: r.stadsdel_nu } : null;
}

/**
 * A row's snake_case columns as camelCase fields, without the unit suffix
 * (`beviljade_h` → `beviljade`, `kostnad_kr` → `kostnad`), values JSON-safe.
 */
function camel<T>(row: RawRow): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(toJsonSafe(row) as RawRow)) {
    out[k.replace(/_(h|kr)$/, "").replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  }
  return out as T;
}

// Each list names exactly the fields the page gets (never person_id).
const HEAD_COLUMNS = sql.raw(`arende_id, kommun, stadsdel, stadsdel_nu, kon, fodelsear, lagrum, insats, utfall_senaste,
  utforare_senaste, antal_beslut, antal_bifall, antal_delavslag, antal_avslag, forsta_ansokan, senaste_beslut,
  forsta_giltig_from, sista_giltig_tom, forsta_manad, sista_manad, beviljade_h, utforda_h, forbrukade_h, forverkade_h,
  kostnad_kr, flaggor, regelverk, regelverk_standard`);
const BESLUT_COLUMNS = sql.raw(`b.beslut_id, b.stadsdel, b.stadsdel_nu, b.lagrum, b.utfall, b.ansokan_datum, b.beslut_datum,
  b.giltig_from, b.giltig_tom, b.sokta_timmar, b.beviljade_timmar, b.timmar_per, b.sokta_per_manad, b.beviljade_per_manad,
  b.beslutsniva, b.utforare, u.namn AS utforare_namn, b.personlig_assistans, b.orsak`);
const MANAD_COLUMNS = sql.raw(`manad, period_start, period_slut, beslut_id, utforare, giltiga_dagar, beviljade_h, utforda_h,
  utforda_dag_h, utforda_kvall_h, utforda_natt_h, utforda_helg_h, utforda_storhelg_h, utforda_utan_beslut_h, sen_avbokning_h,
  kort_avbokning_h, forbrukade_h, avbokad_brukare_h, avbokad_ledsagare_h, saldo_h, forverkade_h, debiterade_h, kostnad_kr,
  schablon_intjanad_kr, omkostnad_faktisk_kr, sarskild_kr, manadsbelopp_kr, manadsbelopp_ersatt_kr`);
const PERIOD_COLUMNS = sql.raw(`period_start, period_slut, forverkas_datum, period_manader, stangd, utan_beslut, beviljade_h,
  utforda_h, forbrukade_h, forverkade_h, overforbrukade_h, manadsbelopp_ram_kr, manadsbelopp_kr, manadsbelopp_ersatt_kr,
  regel, kalla, orsak`);
// tid as text: a cancellation at exactly midnight must stay a time, not become a date.
const HANDELSE_COLUMNS = sql.raw(`typ, klass, datum, strftime(tid, '%Y-%m-%dT%H:%M:%S') AS tid, manad, timmar, belopp,
  forbrukad, utforare, regel, kalla, orsak`);
const FLAGGA_COLUMNS = sql.raw(`regel, kalla, datum, beslut_id, niva, orsak`);

/**
 * One case: six queries by arende_id, run together (each table is read once; no query
 * per beslut or month). Null when the id is unknown.
 */
export async function getArende(db: AnyKysely, id: string): Promise<ArendeDetail | null> {
  const [a, b, m, p, h, f] = await Promise.all([
    sql<RawRow>`SELECT ${HEAD_COLUMNS} FROM arende WHERE arende_id = ${id}`.execute(db),
    sql<RawRow>`SELECT ${BESLUT_COLUMNS} FROM arende_beslut b
                LEFT JOIN utforare u ON u.kommun = b.kommun AND u.utforare = b.utforare
                WHERE b.arende_id = ${id} ORDER BY b.beslut_datum, b.beslut_id`.execute(db),
    sql<RawRow>`SELECT ${MANAD_COLUMNS} FROM ledger_manad WHERE arende_id = ${id} ORDER BY manad`.execute(db),
    sql<RawRow>`SELECT ${PERIOD_COLUMNS} FROM ledger_period WHERE arende_id = ${id} ORDER BY period_start`.execute(db),
    sql<RawRow>`SELECT ${HANDELSE_COLUMNS} FROM arende_handelse WHERE arende_id = ${id}
                ORDER BY datum, tid NULLS FIRST, klass`.execute(db),
    sql<RawRow>`SELECT ${FLAGGA_COLUMNS} FROM arende_flagga WHERE arende_id = ${id} ORDER BY datum, regel`.execute(db),
  ]);
  if (a.rows.length === 0) return null;
  return {
    head: camel<ArendeHead>(a.rows[0]),
    beslut: b.rows.map((r) => camel<BeslutRad>(r)),
    manader: m.rows.map((r) => camel<ManadRad>(r)),
    perioder: p.rows.map((r) => camel<PeriodRad>(r)),
    handelser: h.rows.map((r) => camel<HandelseRad>(r)),
    flaggor: f.rows.map((r) => camel<FlaggaRad>(r)),
  };
}
