/**
 * The case list's loaders: the page (`/arenden`) and its CSV export (`/arenden.csv`,
 * also reached as `/arenden?export=csv`). Each starts with the access check and ends
 * with the audit row naming the pseudonyms shown or exported, before any data leave.
 */
import { redirect } from "@remix-run/node";
import { audit } from "../../auth/audit.server.ts";
import { caseScope, requireCaseAccess, requireRight, type SessionUser } from "../../auth/policy.server.ts";
import { getDb, getKysely } from "../../db.server.ts";
import { badRequest } from "../../lib/http.server.ts";
import { defaultPeriodFor } from "../../lib/dashboard.server.ts";
import { filterOptions, type FilterOptions } from "../../lib/filter-options.server.ts";
import {
  arendenCsvHref,
  arendenParams,
  csvColumns,
  listArendeIds,
  listArenden,
  parseArendeList,
  streamArenden,
  type ArendeList,
  type ArendeListQuery,
  type CaseAccess,
} from "../../../queries/arenden.ts";
import { csvHeaders, csvStream } from "../../../queries/csv.ts";
import { INSATS, KON, LAGRUM, UTFALL } from "../../../etl/contract.ts";
import { ALDERSGRUPP_LABEL, ALDERSGRUPPER, FilterError } from "../../../queries/filters.ts";
import { FLAG_RULES, MEASURE_IDS, MEASURES, type Unit } from "../../../queries/measures.ts";
import { SCOPES } from "../../../queries/selection.ts";
import { FLAG_LABEL, INSATS_LABEL, KON_LABEL, LAGRUM_LABEL, SCOPE_LABEL, SCOPE_NOUN, UTFALL_LABEL } from "./labels.ts";

/** What the page needs of the query (no SQL: the measure travels as id and words). */
export interface ListQueryView {
  filters: ArendeListQuery["filters"];
  scope: ArendeListQuery["scope"];
  scopeExplicit: boolean;
  flagga: string[];
  utfall: string[];
  matt: { id: string; label: string; unit: Unit; kind: string; definition: string } | null;
  sort: ArendeListQuery["sort"];
  sida: number;
  /** The query string of this view (sort and page included), for links from it. */
  search: string;
}

export interface Choice {
  value: string;
  label: string;
}

/** The form's fixed choices, built here so the browser bundle needs no query modules. */
export interface ListChoices {
  lagrum: Choice[];
  insats: Choice[];
  kon: Choice[];
  aldersgrupp: Choice[];
  utfall: Choice[];
  flagga: Choice[];
  scope: Choice[];
  matt: { label: string; options: Choice[] }[];
}

const CHOICES: ListChoices = {
  lagrum: LAGRUM.map((v) => ({ value: v, label: LAGRUM_LABEL[v] })),
  insats: INSATS.map((v) => ({ value: v, label: INSATS_LABEL[v] })),
  kon: KON.map((v) => ({ value: v, label: KON_LABEL[v] })),
  aldersgrupp: ALDERSGRUPPER.map((v) => ({ value: v, label: ALDERSGRUPP_LABEL[v] })),
  utfall: UTFALL.map((v) => ({ value: v, label: UTFALL_LABEL[v] })),
  flagga: FLAG_RULES.map((v) => ({ value: v, label: `${v} ${FLAG_LABEL[v] ?? v}` })),
  scope: SCOPES.map((v) => ({ value: v, label: SCOPE_LABEL[v] })),
  matt: SCOPES.map((s) => ({
    label: `Räknas på ${SCOPE_NOUN[s]}`,
    options: MEASURE_IDS.filter((id) => MEASURES[id].scope === s).map((id) => ({ value: id, label: MEASURES[id].label })),
  })),
};

export interface ListPageData {
  choices: ListChoices;
  q: ListQueryView;
  list: ArendeList;
  options: FilterOptions;
  /** The stadsdelar the account is limited to (enhetschef); null: all. */
  limitedTo: { kommun: string; stadsdel: string }[] | null;
  empty: boolean;
  /** The filter panel starts open on a bare /arenden; a link (from a figure) shows its list first. */
  filtersOpen: boolean;
}

function parse(url: URL, options: FilterOptions): ArendeListQuery {
  try {
    return parseArendeList(url.searchParams, defaultPeriodFor(options));
  } catch (err) {
    if (err instanceof FilterError) badRequest(err.param, err.detail, url.searchParams.getAll(err.param).join(", ") || undefined);
    throw err;
  }
}

function view(q: ArendeListQuery, url: URL): ListQueryView {
  return {
    filters: q.filters,
    scope: q.scope,
    scopeExplicit: url.searchParams.has("scope"),
    flagga: q.flagga ?? [],
    utfall: q.utfall ?? [],
    matt: q.matt
      ? { id: q.matt.id, label: q.matt.label, unit: q.matt.unit, kind: q.matt.kind, definition: q.matt.definition }
      : null,
    sort: q.sort,
    sida: q.sida,
    search: arendenParams(q).toString(),
  };
}

/** Before the first load there are no engine tables: an empty list, not an error. */
const EMPTY_LIST: ArendeList = {
  rows: [],
  total: { arenden: 0, rader: 0, beviljade: 0, utforda: 0, forbrukade: 0, utforandegrad: null, matt: null },
  sida: 1,
  sidor: 1,
  pageSize: 50,
  ignored: [],
};

/**
 * One URL per view: a submitted form sends its unchosen fields empty (`kommun=`);
 * they are dropped, so the address a reader copies is the short one a link has.
 */
function redirectToCanonical(url: URL): void {
  if (![...url.searchParams.values()].some((v) => v === "")) return;
  const kept = new URLSearchParams([...url.searchParams].filter(([, v]) => v !== ""));
  const qs = kept.toString();
  throw redirect(`${url.pathname}${qs ? `?${qs}` : ""}`);
}

/** `/arenden`: one page of the list, the total row, the filter options. */
export async function loadListPage(request: Request): Promise<ListPageData> {
  // AUTH: view-cases; an enhetschef's list is limited to the account's stadsdelar below.
  const user = await requireRight(request, "view-cases");
  const url = new URL(request.url);
  redirectToCanonical(url);
  const db = await getKysely();
  const options = await filterOptions(db);
  const q = parse(url, options);
  // A document request cannot answer a UI route with a file: the export lives at /arenden.csv.
  if (q.export === "csv") throw redirect(arendenCsvHref(q));
  const access: CaseAccess = caseScope(user);
  const empty = options.horizon === null;
  let list: ArendeList;
  try {
    list = empty ? EMPTY_LIST : await listArenden(db, q, access);
  } catch (err) {
    if (err instanceof FilterError) badRequest(err.param, err.detail, url.searchParams.get(err.param) ?? undefined);
    throw err;
  }
  await audit(request, user, { action: "arende.lista", pseudonyms: list.rows.map((r) => r.arendeId) });
  return {
    choices: CHOICES,
    q: view(q, url),
    list,
    options,
    limitedTo: access.kind === "stadsdelar" ? access.stadsdelar : null,
    empty,
    filtersOpen: url.search === "",
  };
}

/**
 * `/arenden.csv`: the whole list with the same filters, streamed. The audit row lists
 * every exported pseudonym (read first, in one query), so the log says exactly which
 * cases left the system.
 */
export async function loadListCsv(request: Request): Promise<Response> {
  // AUTH: export-cases (enhetschef: own stadsdelar; analytiker: all, pseudonymised).
  const user = await requireRight(request, "export-cases");
  const url = new URL(request.url);
  const db = await getKysely();
  const options = await filterOptions(db);
  let q: ArendeListQuery;
  try {
    q = parseArendeList(url.searchParams, defaultPeriodFor(options));
  } catch (err) {
    if (err instanceof FilterError) {
      return new Response(`${err.message}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    throw err;
  }
  await requireExportedStadsdelar(request, user, q.filters);
  const access: CaseAccess = caseScope(user);
  const ids = options.horizon === null ? [] : await listArendeIds(db, q, access);
  await audit(request, user, {
    action: "export.arenden",
    pseudonyms: ids,
    detail: `Ärendelistan som CSV (${ids.length} ärenden)`,
  });
  const rows = options.horizon === null ? noRows() : streamArenden(db, (await getDb()).instance, q, access);
  const name = `arenden_${q.filters.period.key}${q.matt ? `_${q.matt.id}` : ""}.csv`;
  return new Response(csvStream(csvColumns(q), rows, q.dialect), { headers: csvHeaders(name) });
}

async function* noRows(): AsyncGenerator<never[]> {}

/**
 * A case export that names a kommun or stadsdel outside an enhetschef's stadsdelar is
 * refused (403) and the attempt logged as a refused `export.arenden`, as for a case
 * page: the query's scope filter would only have returned an empty file, leaving no
 * trace of the attempt. (Names are today's, as the account's stadsdelar are.)
 */
async function requireExportedStadsdelar(request: Request, user: SessionUser, filters: ArendeListQuery["filters"]): Promise<void> {
  const scope = caseScope(user);
  if (scope.kind !== "stadsdelar") return;
  const mine = scope.stadsdelar.filter((s) => !filters.kommun || s.kommun === filters.kommun);
  const outside = (filters.stadsdel ?? []).find((stadsdel) => !mine.some((s) => s.stadsdel === stadsdel));
  if (outside !== undefined || mine.length === 0) {
    const where = { kommun: filters.kommun ?? "–", stadsdel: outside ?? "–" };
    await requireCaseAccess(request, user, where, [], "export-cases");
  }
}
