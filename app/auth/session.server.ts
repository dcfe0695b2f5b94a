/**
 * The current request's session, looked up once per request (several guards
 * and the CSRF check of one request share the result).
 */
import { readAuthConfig } from "./config.server.ts";
import { readSessionToken } from "./cookie.server.ts";
import { withAuthDb } from "./db.server.ts";
import { readSession, type ActiveSession } from "./sessions.server.ts";

const perRequest = new WeakMap<Request, Promise<ActiveSession | null>>();

export function currentSession(request: Request): Promise<ActiveSession | null> {
  let pending = perRequest.get(request);
  if (!pending) {
    pending = (async () => {
      const token = await readSessionToken(request);
      if (!token) return null;
      const { idleMs, maxAgeMs } = readAuthConfig();
      return withAuthDb((conn) => readSession(conn, token, { idleMs, maxAgeMs }));
    })();
    perRequest.set(request, pending);
  }
  return pending;
}
