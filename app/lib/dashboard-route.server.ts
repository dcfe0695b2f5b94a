/**
 * The loaders of the dashboard pages and of their CSV routes, as one frame, so
 * that a route states only what is its own: its context (the dashboards' or the
 * analysis pages' defaults), its figures and its tables.
 *
 * - A page: `/<page>?…&export=T` goes to the CSV route; then the context (the
 *   signed-in account with the right to see aggregates, app/auth/policy.server.ts),
 *   and the page's data beside the shared `base` (filter bar, intro, CSV links).
 * - A CSV route: the context with the right to export aggregates, then the table
 *   the URL names (audited), errors as plain text (`csvRoute`).
 *
 * A page route calls `pageData` from inside its own `loader` function (not as
 * `export const loader = pageData(…)`): the browser build drops this module, and
 * a call at the top of a route module would run there.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import type { Filters } from "../../queries/filters.ts";
import type { Scope } from "../../queries/selection.ts";
import { pageBase, type DashboardContext, type PageBase } from "./dashboard.server.ts";
import { csvRoute, exportTable, redirectExport } from "./export.server.ts";
import type { TableData } from "./table.ts";

/** `dashboardContext` or `analysContext` (app/lib/analys.server.ts): both check the account's right. */
type ContextFn<C extends DashboardContext> = (request: Request, right?: "view-aggregates" | "export-aggregates") => Promise<C>;

export interface BaseOptions {
  /** The scopes the page's figures are computed over (pageBase; default month and beslut). */
  scopes?: readonly Scope[];
  /** The filters the page says it shows, where they differ from those applied (/kon drops kön). */
  filters?: (f: Filters) => Filters;
}

/** A dashboard page's loader data: `base` and the page's own. */
export async function pageData<C extends DashboardContext, T extends object>(
  { request }: LoaderFunctionArgs,
  context: ContextFn<C>,
  view: (ctx: C, request: Request) => Promise<T>,
  options: BaseOptions = {},
): Promise<{ base: PageBase } & T> {
  redirectExport(request);
  const ctx = await context(request);
  const shown = options.filters ? { ...ctx, filters: options.filters(ctx.filters) } : ctx;
  return { base: pageBase(shown, request, options.scopes), ...(await view(ctx, request)) };
}

/** A page's CSV route: `/<page>.csv?<filters>&export=<table id>[&dialect=standard]`, files named `<name>-<table id>`. */
export function csvLoader<C extends DashboardContext>(name: string, context: ContextFn<C>, tables: (ctx: C, request: Request) => Promise<readonly TableData[]>) {
  return ({ request }: LoaderFunctionArgs) =>
    csvRoute(async () => {
      const ctx = await context(request, "export-aggregates");
      return exportTable(request, ctx.user, await tables(ctx, request), name);
    });
}
