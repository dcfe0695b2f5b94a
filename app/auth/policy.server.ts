/**
 * The one module every loader and action asks who may do what:
 *
 *   const user = await requireUser(request);              // signed out → /logga-in?redirectTo=…
 *   const user = await requireRight(request, "view-cases"); // else 403 (logged)
 *   await requireCaseAccess(request, user, { kommun, stadsdel }, [arendeId]); // else 403 (logged)
 *   caseScope(user), smallCountsHidden(user, where?), visibleColumns(user, table, cols)
 *
 * The rules themselves are the data table in roles.ts; this module applies them
 * to requests, turns a refusal into the right response, and logs refusals.
 */
import { redirect } from "@remix-run/node";
import { audit } from "./audit.server.ts";
import { hasSessionCookie } from "./cookie.server.ts";
import { getCsrfToken } from "./csrf.server.ts";
import { withAuthDb } from "./db.server.ts";
import { isDemoMode } from "./demo.server.ts";
import { forbidden } from "./errors.server.ts";
import { requestedPath } from "./request.server.ts";
import {
  can,
  caseScope,
  RIGHT_LABEL,
  ROLE_LABEL,
  scopeCovers,
  type Right,
  type SessionUser,
  type StadsdelRef,
} from "./roles.ts";
import { currentSession } from "./session.server.ts";

export {
  can,
  caseScope,
  smallCountsHidden,
  visibleColumns,
  canSeeColumn,
  homeFor,
  type CaseScope,
  type Right,
  type Role,
  type SessionUser,
  type StadsdelRef,
} from "./roles.ts";

/** The signed-in account, or null. */
export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await currentSession(request))?.user ?? null;
}

/** The sign-in page's URL that returns to this request's page afterwards. */
export function loginUrl(request: Request): string {
  const params = new URLSearchParams({ redirectTo: requestedPath(request) });
  // A cookie without a live session: it expired or was ended; say so on the sign-in page.
  if (hasSessionCookie(request)) params.set("orsak", "utgangen");
  return `/logga-in?${params.toString()}`;
}

/** The signed-in account; a signed-out request is redirected to the sign-in page. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) throw redirect(loginUrl(request), { headers: { "Cache-Control": "no-store" } });
  return user;
}

/** The signed-in account if it has `right`; otherwise 403 (logged) or the sign-in redirect. */
export async function requireRight(request: Request, right: Right): Promise<SessionUser> {
  const user = await requireUser(request);
  if (can(user, right)) return user;
  await audit(request, user, { action: "behorighet.nekad", outcome: "nekad", detail: `Saknar behörighet: ${right}` });
  throw forbidden(`Rollen ${ROLE_LABEL[user.role]} ger inte behörighet att ${RIGHT_LABEL[right]}.`);
}

/**
 * For a case page (`view-cases`) or a case-level export (`export-cases`) about
 * one stadsdel: the account must have the right and the stadsdel must be in its
 * scope. A refusal is logged with the cases' pseudonyms, so an enhetschef trying
 * another stadsdel's case by URL leaves a trace.
 */
export async function requireCaseAccess(
  request: Request,
  user: SessionUser,
  where: StadsdelRef,
  pseudonyms: readonly string[] = [],
  right: "view-cases" | "export-cases" = "view-cases",
): Promise<void> {
  if (can(user, right) && scopeCovers(caseScope(user), where)) return;
  await audit(request, user, {
    action: right === "view-cases" ? "arende.visa" : "export.arenden",
    outcome: "nekad",
    pseudonyms,
    detail: `Ärende i ${where.kommun}/${where.stadsdel} utanför behörigheten`,
  });
  throw forbidden("Ärendet hör till en stadsdel som ditt konto inte har behörighet till.");
}

export interface Viewer {
  user: SessionUser | null;
  /** For <CsrfInput /> in the layout's forms (sign-out); null when signed out. */
  csrfToken: string | null;
  demoMode: boolean;
}

/** What the root loader needs for the menu and the sign-out form. */
export async function getViewer(request: Request): Promise<Viewer> {
  const [user, csrfToken, demoMode] = await Promise.all([
    getUser(request),
    getCsrfToken(request),
    withAuthDb((conn) => isDemoMode(conn)),
  ]);
  return { user, csrfToken, demoMode };
}
