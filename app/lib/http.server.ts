/**
 * HTTP errors and URL parameters, the same way on every route.
 *
 * A bad URL parameter is the user's (or a shared link's) mistake, not the
 * server's: it must give a 400 page that names the parameter, never a 500.
 * Routes validate their search params with a zod schema through
 * `parseSearchParams`, which throws such a 400; the root ErrorBoundary renders it.
 */
import { data } from "@remix-run/node";
import { z } from "zod";
import { FilterError, parseFilters, searchParamsToObject, type Filters, type Period } from "../../queries/filters.ts";
import type { ErrorBody } from "./error-body.ts";

/** Throws a 400 response naming the bad parameter. */
export function badRequest(parameter: string, message: string, value?: string): never {
  const body: ErrorBody = { message, parameter, ...(value !== undefined ? { value } : {}) };
  throw data(body, { status: 400 });
}

/** Throws a 404 response with a Swedish message. */
export function notFound(message = "Sidan eller uppgiften finns inte."): never {
  const body: ErrorBody = { message };
  throw data(body, { status: 404 });
}

// Zod's Swedish locale, used only for URL parameters (the ETL writes its own reasons).
const svErrors = z.locales.sv().localeError;

/**
 * Reads the URL's search params into `schema`. A key given once is a string, a
 * key given several times an array of strings; empty values (a form's unchosen
 * <select>) count as absent.
 */
export function parseSearchParams<S extends z.ZodType>(source: Request | URL | URLSearchParams, schema: S): z.output<S> {
  const input = searchParamsToObject(searchParamsOf(source));
  const result = schema.safeParse(input, { error: svErrors });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const parameter = issue.path.length > 0 ? String(issue.path[0]) : "(okänd)";
  const raw = input[parameter];
  badRequest(parameter, issue.message, Array.isArray(raw) ? raw.join(", ") : raw);
}

/** The shared filter bar's parameters (queries/filters.ts); a bad one becomes a 400 naming it. */
export function requireFilters(source: Request | URL | URLSearchParams, defaultPeriod: Period): Filters {
  const params = searchParamsOf(source);
  try {
    return parseFilters(params, defaultPeriod);
  } catch (err) {
    if (err instanceof FilterError) badRequest(err.param, err.detail, params.getAll(err.param).join(", ") || undefined);
    throw err;
  }
}

function searchParamsOf(source: Request | URL | URLSearchParams): URLSearchParams {
  if (source instanceof URLSearchParams) return source;
  return (source instanceof URL ? source : new URL(source.url)).searchParams;
}
