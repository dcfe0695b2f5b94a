/**
 * The body of an error response thrown by a loader (see http.server.ts). Shared
 * with the ErrorBoundary, which runs in the browser too, hence no zod here.
 */
export interface ErrorBody {
  /** A Swedish sentence for the reader. */
  message: string;
  /** The URL parameter that was wrong (400 only). */
  parameter?: string;
  /** The value it had, as given. */
  value?: string;
}

export function isErrorBody(x: unknown): x is ErrorBody {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  return (
    typeof o.message === "string" &&
    (o.parameter === undefined || typeof o.parameter === "string") &&
    (o.value === undefined || typeof o.value === "string")
  );
}
