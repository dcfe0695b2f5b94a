/** What the auth modules need to know about a request: client address, HTTPS, where to return. */
import { readAuthConfig } from "./config.server.ts";

/**
 * The header the launcher sets from the socket's address (overwriting whatever a
 * client sent); see docs/SECURITY.md. Without it, X-Forwarded-For is believed
 * only when LEDSAGNING_TRUST_PROXY says a proxy we run put it there.
 */
export const CLIENT_IP_HEADER = "x-ledsagning-client-ip";

export function clientIp(request: Request): string | null {
  const fromLauncher = request.headers.get(CLIENT_IP_HEADER)?.trim();
  if (fromLauncher) return fromLauncher.slice(0, 64);
  if (readAuthConfig().trustProxy) {
    const first = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return null;
}

export function userAgent(request: Request): string | null {
  return request.headers.get("user-agent")?.slice(0, 500) ?? null;
}

/** Whether the browser reached us over HTTPS (directly or through a TLS-terminating proxy). */
export function isSecureRequest(request: Request): boolean {
  const mode = readAuthConfig().secureCookies;
  if (mode !== "auto") return mode === "always";
  if (new URL(request.url).protocol === "https:") return true;
  // Believing this header only makes the cookie stricter: a forged "https" just stops it being sent over http.
  return request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

/** The path and query of the page asked for, without Remix's internal `_routes`/`_data`. */
export function requestedPath(request: Request): string {
  const url = new URL(request.url);
  url.searchParams.delete("_routes");
  url.searchParams.delete("_data");
  const search = url.searchParams.toString();
  return url.pathname + (search ? `?${search}` : "");
}

/**
 * A `redirectTo` value made safe: only a path on this site. "//evil.example",
 * "/\\evil.example" and absolute URLs would send the user elsewhere after sign-in.
 */
export function safeRedirectTo(value: unknown, fallback: string = "/"): string {
  if (typeof value !== "string" || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  if (value.startsWith("/logga-in") || value.startsWith("/logga-ut")) return fallback;
  return value;
}
