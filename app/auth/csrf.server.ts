/**
 * CSRF protection for every form action. A signed-in form carries the session's
 * own token (auth_session.csrf_token); the sign-in form, before any session,
 * carries the token of the signed `ledsagning_csrf` cookie (double submit).
 * A request the browser marks as cross-site (Sec-Fetch-Site) is refused outright.
 */
import { timingSafeEqual } from "node:crypto";
import { audit } from "./audit.server.ts";
import { readLoginCsrfToken } from "./cookie.server.ts";
import { CSRF_FIELD } from "./csrf-field.ts";
import { CSRF_MESSAGE, forbidden } from "./errors.server.ts";
import { currentSession } from "./session.server.ts";


function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token forms of this request's page must carry, or null when signed out. */
export async function getCsrfToken(request: Request): Promise<string | null> {
  return (await currentSession(request))?.csrfToken ?? null;
}

/** Whether the form's token is the right one; no side effects (see verifyCsrf). */
export async function csrfValid(request: Request, formData: FormData): Promise<boolean> {
  if (request.headers.get("sec-fetch-site") === "cross-site") return false;
  const sent = formData.get(CSRF_FIELD);
  if (typeof sent !== "string" || sent.length === 0 || sent.length > 100) return false;
  const session = await currentSession(request);
  const expected = session ? session.csrfToken : await readLoginCsrfToken(request);
  return expected !== null && sameToken(sent, expected);
}

/** Call first in every action: a refused token throws 403 and is logged. */
export async function verifyCsrf(request: Request, formData: FormData): Promise<void> {
  if (await csrfValid(request, formData)) return;
  const session = await currentSession(request);
  await audit(request, session?.user ?? null, {
    action: "behorighet.nekad",
    outcome: "nekad",
    query: "",
    detail: "Formulär utan giltig CSRF-token",
  });
  throw forbidden(CSRF_MESSAGE);
}
