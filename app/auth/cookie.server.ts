/**
 * The two cookies of sign-in. Both are signed with the session secret (Remix's
 * createCookie), HttpOnly, SameSite=Lax, and Secure when the request came over
 * HTTPS. Neither has Max-Age: they end with the browser, and the server decides
 * expiry anyway.
 *  - ledsagning_session: the session token (its hash is the key in auth_session).
 *  - ledsagning_csrf: the sign-in form's CSRF token, before any session exists.
 */
import { createCookie, type Cookie } from "@remix-run/node";
import { isSecureRequest } from "./request.server.ts";
import { sessionSecret } from "./secret.server.ts";

const TOKEN = /^[A-Za-z0-9_-]{43}$/; // 32 random bytes, base64url

let cookies: { session: Cookie; csrf: Cookie } | null = null;

function jar(): { session: Cookie; csrf: Cookie } {
  if (!cookies) {
    const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secrets: [sessionSecret()] };
    cookies = { session: createCookie("ledsagning_session", options), csrf: createCookie("ledsagning_csrf", options) };
  }
  return cookies;
}

async function readToken(cookie: Cookie, request: Request): Promise<string | null> {
  const value: unknown = await cookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && TOKEN.test(value) ? value : null;
}

export function readSessionToken(request: Request): Promise<string | null> {
  return readToken(jar().session, request);
}

export function readLoginCsrfToken(request: Request): Promise<string | null> {
  return readToken(jar().csrf, request);
}

/** True when the request carries a session cookie at all (valid or not): "your session ended". */
export function hasSessionCookie(request: Request): boolean {
  return /(?:^|;\s*)ledsagning_session=/.test(request.headers.get("Cookie") ?? "");
}

export function sessionCookieHeader(request: Request, token: string): Promise<string> {
  return jar().session.serialize(token, { secure: isSecureRequest(request) });
}

export function clearSessionCookieHeader(request: Request): Promise<string> {
  return jar().session.serialize("", { secure: isSecureRequest(request), maxAge: 0, expires: new Date(0) });
}

export function loginCsrfCookieHeader(request: Request, token: string): Promise<string> {
  return jar().csrf.serialize(token, { secure: isSecureRequest(request) });
}

export function clearLoginCsrfCookieHeader(request: Request): Promise<string> {
  return jar().csrf.serialize("", { secure: isSecureRequest(request), maxAge: 0, expires: new Date(0) });
}
