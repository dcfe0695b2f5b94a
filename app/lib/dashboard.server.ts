/**
 * What every dashboard loader starts with: the signed-in account (with the
 * right to see aggregates), the database, the filters from the URL (validated:
 * a bad one is a 400 naming it), the filter bar's options and whether small
 * counts must be hidden for this reader.
 */
import { data, redirect } from "@remix-run/node";
import type { Kysely } from "kysely";
import { EGET_INTERVALL, FILTER_LABELS, filtersToSearchParams, latestCompleteTertial, parsePeriod, periodKeyFrom, type Filters, type Period } from "../../queries/filters.ts";
import { unsupportedFilters, type Scope } from "../../queries/selection.ts";
import { requireRight, smallCountsHidden } from "../auth/policy.server.ts";
import type { SessionUser } from "../auth/roles.ts";
import { getKysely, type Database } from "../db.server.ts";
import { offeredUtforare } from "./filter-choices.ts";
import { filterOptions, hasEngineOutput, utforareNames, type FilterOptions } from "./filter-options.server.ts";
import type { ErrorBody } from "./error-body.ts";
import { badRequest, requireFilters } from "./http.server.ts";

export interface DashboardContext {
  user: SessionUser;
  db: Kysely<Database>;
  filters: Filters;
  options: FilterOptions;
  /** The period shown when the URL names none. */
  defaultPeriod: Period;
  hideSmall: boolean;
}

/**
 * Whether this reader sees small counts hidden (docs/MEASURES.md): everyone
 * without access to all the cases behind a kommun-wide figure (the access
 * model's rule, app/auth/roles.ts).
 */
export function hideSmallFor(user: SessionUser): boolean {
  return smallCountsHidden(user);
}

/** The latest tertial that had ended by the data's horizon (today's date plays no part). */
export function defaultPeriodFor(options: FilterOptions, today = new Date().toISOString().slice(0, 10)): Period {
  if (!options.horizon) return latestCompleteTertial(today);
  // The day after the horizon: a horizon on a month's last day completes that month.
  const d = new Date(`${options.horizon}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return latestCompleteTertial(d.toISOString().slice(0, 10));
}

export async function dashboardContext(request: Request, right: "view-aggregates" | "export-aggregates" = "view-aggregates"): Promise<DashboardContext> {
  const user = await requireRight(request, right);
  redirectToCanonical(request);
  const db = await getKysely();
  const options = await filterOptions(db);
  if (!hasEngineOutput(options)) {
    // Nothing to count yet (no load has run the engine): say what to do, not a 500.
    const body: ErrorBody = {
      message: "Det finns inga beräknade uppgifter ännu. Läs in data med npm run etl; det som är inläst visas under Inläst data (/data).",
    };
    throw data(body, { status: 503 });
  }
  const defaultPeriod = defaultPeriodFor(options);
  const filters = requireFilters(request, defaultPeriod);
  checkKnownValues(filters, options);
  return { user, db, filters, options, defaultPeriod, hideSmall: hideSmallFor(user) };
}

/**
 * One URL per view: the filter bar's period (`period`, or `period=eget` with the
 * custom range `fran`, `till` as YYYY-MM, which a plain GET form can send) becomes
 * one `period` by the URL schema's rule (`periodKeyFrom` in queries/filters.ts: the
 * list's choice wins; the range only counts with "Eget intervall"), and the empty
 * values of unchosen selects are dropped, so a submitted form lands on the same
 * short URL a shared link has. The page's own parameters (e.g. `tid`) are kept.
 */
function redirectToCanonical(request: Request): void {
  const url = new URL(request.url);
  const sp = url.searchParams;
  const hasEmpty = [...sp.values()].some((v) => v === "");
  const period = sp.get("period") || undefined;
  if (!sp.has("fran") && !sp.has("till") && period !== EGET_INTERVALL && !hasEmpty) return;
  const r = periodKeyFrom({ period, fran: sp.get("fran") ?? undefined, till: sp.get("till") ?? undefined });
  if (r.error) badRequest(r.error.param, r.error.detail, period);
  if (r.key !== undefined && !parsePeriod(r.key)) {
    const range = period === undefined || period === EGET_INTERVALL;
    badRequest("period", range ? "ange från- och till-månad som ÅÅÅÅ-MM, med från före till" : "ange t.ex. 2026, 2026-T2, 2026-03 eller 2025-11..2026-02", r.key);
  }
  const out = new URLSearchParams();
  for (const [k, v] of sp) {
    if (k === "period" && r.key !== undefined && !out.has("period")) out.append(k, r.key);
    else if (v !== "" && k !== "fran" && k !== "till" && k !== "period") out.append(k, v);
  }
  if (r.key !== undefined && !out.has("period")) out.set("period", r.key);
  const q = out.toString();
  throw redirect(`${url.pathname}${q ? `?${q}` : ""}`);
}

/** A kommun or utförare the data do not have is a wrong link: 400 naming it, not an empty page. */
function checkKnownValues(f: Filters, o: FilterOptions): void {
  if (o.kommuner.length === 0) return;
  if (f.kommun && !o.kommuner.some((k) => k.kommun === f.kommun)) badRequest("kommun", "kommunen finns inte i data", f.kommun);
  // Stadsdel is not checked: an old name (e.g. Rinkeby-Kista) is valid and selects the beslut that carry it.
  const utforare = new Set(o.utforare.map((u) => u.utforare));
  for (const u of f.utforare ?? []) if (!utforare.has(u)) badRequest("utforare", "utföraren finns inte i data", u);
}

/**
 * What every dashboard page's component needs besides its own tables: filter bar,
 * intro, CSV links, and the filters some of its figures cannot apply (`scopes`:
 * those its figures are computed over; the page says so rather than pretend).
 */
export function pageBase(ctx: DashboardContext, request: Request, scopes: readonly Scope[] = ["manad", "beslut"]) {
  const ignored = [...new Set(scopes.flatMap((s) => unsupportedFilters(ctx.filters, s)))].map((p) => FILTER_LABELS[p] ?? p);
  return {
    filters: ctx.filters,
    // Only the utförare the filter bar offers (app/lib/filter-choices.ts): all of them are thousands at national scale.
    options: { ...ctx.options, utforare: offeredUtforare(ctx.options, ctx.filters) },
    defaultPeriodKey: ctx.defaultPeriod.key,
    // Only the chosen utförare's names (the page names its selection): at national scale all of them are thousands.
    names: Object.fromEntries(Object.entries(utforareNames(ctx.options)).filter(([k]) => ctx.filters.utforare?.includes(k.split("|").at(-1)!))),
    search: new URL(request.url).search,
    ignored,
  };
}
export type PageBase = ReturnType<typeof pageBase>;

/**
 * A page's figures for one view, kept while the data are unchanged: the engine's
 * output only changes with a new load, so the same URL gives the same figures,
 * and a repeated or shared view costs no queries or chart drawing. Keyed by the
 * data version, the page, the canonical filters and suppression; concurrent
 * requests for the same view share one computation.
 */
const MAX_CACHED_VIEWS = 120;
const pageCache = new Map<string, Promise<unknown>>();

export function cachedView<T>(ctx: DashboardContext, page: string, build: () => Promise<T>): Promise<T> {
  const key = [page, ctx.options.version, ctx.hideSmall ? "dold" : "alla", filtersToSearchParams(ctx.filters).toString()].join("\u0000");
  const hit = pageCache.get(key);
  if (hit) {
    // Refresh its place: the map's order is the eviction order (least recently used first).
    pageCache.delete(key);
    pageCache.set(key, hit);
    return hit as Promise<T>;
  }
  const made = build();
  pageCache.set(key, made);
  made.catch(() => pageCache.delete(key));
  while (pageCache.size > MAX_CACHED_VIEWS) pageCache.delete(pageCache.keys().next().value!);
  return made;
}
