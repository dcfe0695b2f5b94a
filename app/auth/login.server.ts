/**
 * Signing in and out, for the /logga-in and /logga-ut routes. Every attempt is
 * logged (ok, misslyckad, or nekad while locked). The messages do not say
 * whether the username exists.
 */
import { z } from "zod";
import { audit } from "./audit.server.ts";
import { readAuthConfig } from "./config.server.ts";
import {
  clearLoginCsrfCookieHeader,
  clearSessionCookieHeader,
  loginCsrfCookieHeader,
  readLoginCsrfToken,
  readSessionToken,
  sessionCookieHeader,
} from "./cookie.server.ts";
import { withAuthDb } from "./db.server.ts";
import { DEMO_ACCOUNTS, isDemoMode } from "./demo.server.ts";
import { hashPassword, needsRehash, PASSWORD_MAX, verifyAgainstDummy, verifyPassword } from "./password.server.ts";
import { clientIp, safeRedirectTo, userAgent } from "./request.server.ts";
import { homeFor, type Role, type SessionUser } from "./roles.ts";
import { currentSession } from "./session.server.ts";
import { createSession, destroySession, purgeExpiredSessions, randomToken } from "./sessions.server.ts";
import { forgiveAttempt, lockedUntil, recordFailure, throttleKeys } from "./throttle.server.ts";
import { findUserByUsername, formatStadsdelRef, replacePasswordHash, toSessionUser } from "./users.server.ts";

export const LoginForm = z.object({
  username: z.string().trim().min(1, "Ange ditt användarnamn.").max(100, "Användarnamnet är för långt."),
  password: z.string().min(1, "Ange ditt lösenord.").max(PASSWORD_MAX, "Lösenordet är för långt."),
  redirectTo: z.string().max(2000).optional(),
});
export type LoginForm = z.infer<typeof LoginForm>;

export const WRONG_CREDENTIALS = "Fel användarnamn eller lösenord.";

export type SignInResult =
  | { ok: true; user: SessionUser; setCookies: string[] }
  | { ok: false; status: 401 | 429; message: string; retryAfterSeconds?: number };

function lockedMessage(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return `För många misslyckade inloggningar. Vänta ${minutes === 1 ? "en minut" : `${minutes} minuter`} och försök igen.`;
}

export async function signIn(request: Request, form: Pick<LoginForm, "username" | "password">, now: Date = new Date()): Promise<SignInResult> {
  const keys = throttleKeys(form.username, clientIp(request));
  const username = form.username.trim().toLowerCase();

  // Check the lock and count this attempt as failed in one step (see throttle.server.ts).
  const gate = await withAuthDb(async (conn) => {
    const until = await lockedUntil(conn, keys, now);
    if (until) return { until, user: null };
    for (const k of keys) await recordFailure(conn, k, now);
    return { until: null, user: await findUserByUsername(conn, username) };
  });
  if (gate.until) {
    const retryAfterSeconds = Math.max(1, Math.ceil((gate.until.getTime() - now.getTime()) / 1000));
    await audit(request, null, { action: "inloggning", outcome: "nekad", username, query: "", detail: "Spärrad efter upprepade misslyckade försök" });
    return { ok: false, status: 429, message: lockedMessage(retryAfterSeconds), retryAfterSeconds };
  }

  // Outside the lock: scrypt takes tens of milliseconds and other requests need not wait for it.
  const user = gate.user;
  const valid = user ? await verifyPassword(form.password, user.passwordHash) : await verifyAgainstDummy(form.password);
  if (!user || !valid) {
    await audit(request, null, { action: "inloggning", outcome: "misslyckad", username, query: "" });
    return { ok: false, status: 401, message: WRONG_CREDENTIALS };
  }

  const rehash = needsRehash(user.passwordHash) ? await hashPassword(form.password) : null;
  const oldToken = await readSessionToken(request);
  const session = await withAuthDb(async (conn) => {
    for (const k of keys) await forgiveAttempt(conn, k, now);
    if (rehash) await replacePasswordHash(conn, user.userId, rehash);
    // A fresh token on every sign-in: a token planted before sign-in is worth nothing after it.
    if (oldToken) await destroySession(conn, oldToken);
    // Housekeeping at a natural moment: abandoned sessions would otherwise stay until an admin looks.
    await purgeExpiredSessions(conn, readAuthConfig(), now);
    return createSession(conn, user.userId, { ip: clientIp(request), userAgent: userAgent(request) }, now);
  });
  const sessionUser = toSessionUser(user);
  await audit(request, sessionUser, { action: "inloggning", outcome: "ok", query: "" });
  return {
    ok: true,
    user: sessionUser,
    setCookies: [await sessionCookieHeader(request, session.token), await clearLoginCsrfCookieHeader(request)],
  };
}

/** Ends the request's session (if any) and returns the Set-Cookie header that clears the cookie. */
export async function signOut(request: Request): Promise<string> {
  const session = await currentSession(request);
  const token = await readSessionToken(request);
  if (token) await withAuthDb((conn) => destroySession(conn, token));
  if (session) await audit(request, session.user, { action: "utloggning", query: "" });
  return clearSessionCookieHeader(request);
}

export interface LoginPageData {
  csrfToken: string;
  redirectTo: string;
  /** Why the user is here: the session ended, or they just signed out. */
  notice: "utgangen" | "utloggad" | null;
  /** Only in demo mode: the demo accounts and their (public) passwords. */
  demoAccounts: { username: string; password: string; role: Role; stadsdelar: string[] }[];
}

const LoginQuery = z.object({
  redirectTo: z.string().max(2000).optional().catch(undefined),
  orsak: z.enum(["utgangen", "utloggad"]).optional().catch(undefined),
});

/**
 * The sign-in page's loader: a signed-in user is sent on; otherwise the page
 * gets a CSRF token for its form (also set as a cookie: double submit).
 */
export async function loginPage(request: Request): Promise<{ redirect: string } | { data: LoginPageData; headers: Headers }> {
  const url = new URL(request.url);
  const q = LoginQuery.parse(Object.fromEntries(url.searchParams));
  const redirectTo = safeRedirectTo(q.redirectTo, "");
  const user = (await currentSession(request))?.user;
  if (user) return { redirect: redirectTo || homeFor(user) };
  const csrfToken = (await readLoginCsrfToken(request)) ?? randomToken();
  const demo = await withAuthDb((conn) => isDemoMode(conn));
  const headers = new Headers({ "Set-Cookie": await loginCsrfCookieHeader(request, csrfToken), "Cache-Control": "no-store" });
  return {
    headers,
    data: {
      csrfToken,
      redirectTo,
      notice: q.orsak ?? null,
      demoAccounts: demo
        ? DEMO_ACCOUNTS.map((a) => ({ username: a.username, password: a.password, role: a.role, stadsdelar: a.stadsdelar.map(formatStadsdelRef) }))
        : [],
    },
  };
}

/** Where to go after a successful sign-in: the page asked for, if the account may use "/" or it is not "/". */
export function afterSignIn(user: SessionUser, redirectTo: string | undefined): string {
  const target = safeRedirectTo(redirectTo, "");
  return target && target !== "/" ? target : homeFor(user);
}
