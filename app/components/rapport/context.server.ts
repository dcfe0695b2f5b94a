/**
 * What the report's routes (page, PDF, CSV) start with: the reader with the
 * right to see the report, the database, and the report's filters from the URL
 * — a kommun (default: the one with most stadsdelar), a period (`2026-T2`,
 * `2026`; default the latest complete tertial of the data) and optionally
 * stadsdelar. A bad or unknown value is a 400 naming it; so is a dashboard
 * filter the report does not apply (lagrum, kön …), rather than being ignored.
 *
 * The view is cached per data version, filters and day, as the dashboards cache
 * theirs, so the PDF or a CSV right after the page costs no queries.
 */
import type { Kysely } from "kysely";
import type { Filters, Period } from "../../../queries/filters.ts";
import { requireRight } from "../../auth/policy.server.ts";
import type { SessionUser } from "../../auth/roles.ts";
import { getKysely, type Database } from "../../db.server.ts";
import { cachedView, defaultPeriodFor } from "../../lib/dashboard.server.ts";
import { filterOptions, type FilterOptions } from "../../lib/filter-options.server.ts";
import { badRequest, requireFilters } from "../../lib/http.server.ts";
import { buildRapport, stockholmToday } from "./rapport.server.ts";
import type { RapportView } from "./view.ts";

export interface RapportContext {
  user: SessionUser;
  db: Kysely<Database>;
  options: FilterOptions;
  filters: Filters;
  defaultPeriod: Period;
}

const NOT_IN_REPORT = ["lagrum", "insats", "kon", "aldersgrupp", "utforare"] as const;

/** The report's filters, checked against the data: the kommun and stadsdelar must exist. */
export function rapportFilters(sp: URLSearchParams, options: FilterOptions, defaultPeriod: Period): Filters {
  for (const p of NOT_IN_REPORT) {
    if (sp.getAll(p).some((v) => v !== "")) badRequest(p, "rapporten gäller alla ärenden i kommunen eller stadsdelen; det här urvalet kan inte användas i rapporten", sp.get(p) ?? undefined);
  }
  const f = requireFilters(sp, defaultPeriod);
  const largest = [...options.kommuner].sort((a, b) => b.stadsdelar.length - a.stadsdelar.length)[0];
  const kommun = f.kommun ?? largest?.kommun;
  const known = options.kommuner.find((k) => k.kommun === kommun);
  if (f.kommun && !known) badRequest("kommun", "kommunen finns inte i data", f.kommun);
  for (const s of f.stadsdel ?? []) {
    if (known && !known.stadsdelar.includes(s)) badRequest("stadsdel", `stadsdelen finns inte i ${known.kommun}`, s);
  }
  return { kommun, period: f.period, ...(f.stadsdel?.length ? { stadsdel: f.stadsdel } : {}) };
}

export async function rapportContext(request: Request): Promise<RapportContext> {
  const user = await requireRight(request, "view-report");
  const db = await getKysely();
  const options = await filterOptions(db);
  const defaultPeriod = defaultPeriodFor(options);
  const filters = rapportFilters(new URL(request.url).searchParams, options, defaultPeriod);
  return { user, db, options, filters, defaultPeriod };
}

/** The report's view for the context (cached while the data are unchanged). */
export function rapportView(ctx: RapportContext): Promise<RapportView> {
  const today = stockholmToday();
  return cachedView({ ...ctx, hideSmall: true }, `rapport|${today}`, () => buildRapport(ctx.db, ctx.filters, ctx.options, today));
}

/** The query the audit log records for a report: what it covered. */
export function rapportQuery(f: Filters): Record<string, string | string[]> {
  return { kommun: f.kommun ?? "", period: f.period.key, ...(f.stadsdel?.length ? { stadsdel: f.stadsdel } : {}) };
}
