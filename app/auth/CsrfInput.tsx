/**
 * <CsrfInput />: the hidden field every POST form carries (checked by
 * `verifyCsrf` in the action). It takes the token from the nearest route data
 * with a `csrfToken` — the route's own loader, or the root loader's `getViewer`
 * result — so a form needs no props.
 */
import { useMatches } from "@remix-run/react";
import { CSRF_FIELD } from "./csrf-field.ts";

export function useCsrfToken(): string {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const data = matches[i].data as { csrfToken?: unknown } | undefined | null;
    if (data && typeof data === "object" && typeof data.csrfToken === "string") return data.csrfToken;
  }
  return "";
}

export function CsrfInput() {
  return <input type="hidden" name={CSRF_FIELD} value={useCsrfToken()} />;
}
