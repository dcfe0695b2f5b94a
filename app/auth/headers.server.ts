/**
 * Security headers, defined once.
 *
 * - `securityHeaders(nonce)` for HTML documents (entry.server.tsx): a CSP whose
 *   only scripts are our own files and the inline scripts Remix writes with the
 *   request's nonce (<Scripts nonce>, <ScrollRestoration nonce>, <RemixServer nonce>).
 *   Styles allow 'unsafe-inline' because React `style` props and the SVG that
 *   Observable Plot renders on the server carry inline styles; style injection
 *   cannot run code, and script-src stays strict.
 * - `baseSecurityHeaders()` for every other response (data, CSV, static files):
 *   no framing, no sniffing, no referrer outside the site. Its CSP sets no
 *   script or default source, so where both are sent (the launcher adds it to
 *   every response) the document's policy is what governs scripts.
 */
import { randomBytes } from "node:crypto";

/** A fresh nonce per document; never reused, never logged. */
export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

const BASE_CSP = "frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'";

export function baseSecurityHeaders(): Record<string, string> {
  return {
    "Content-Security-Policy": BASE_CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // Case pseudonyms live in URLs; none of them may leave the site in a Referer.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  };
}

export interface DocumentHeaderOptions {
  /** `remix dev` live reload talks over a websocket to the dev server. */
  development?: boolean;
  /** Add HSTS (only meaningful, and only sent, over HTTPS). */
  https?: boolean;
}

export function contentSecurityPolicy(nonce: string, options: DocumentHeaderOptions = {}): string {
  if (!/^[A-Za-z0-9+/=]{16,64}$/.test(nonce)) throw new Error("Ogiltig nonce.");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${options.development ? " ws://localhost:* ws://127.0.0.1:*" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(nonce: string, options: DocumentHeaderOptions = {}): Record<string, string> {
  const headers = { ...baseSecurityHeaders(), "Content-Security-Policy": contentSecurityPolicy(nonce, options) };
  return options.https ? { ...headers, "Strict-Transport-Security": "max-age=31536000" } : headers;
}

/** Sets the headers on a Headers object (replacing any earlier value of the same name). */
export function applyHeaders(target: Headers, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) target.set(name, value);
}

/**
 * A route's `headers` export for pages that must not be stored by the browser or
 * a proxy (anything signed in: case data, the audit log). Routes without a
 * `headers` export inherit their parent's, so on the root it covers every page.
 */
export const noStoreHeaders = (): Record<string, string> => ({ "Cache-Control": "no-store" });
