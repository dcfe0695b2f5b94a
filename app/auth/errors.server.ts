/**
 * Errors that may reach a user, in the app's one error shape (app/lib/error-body.ts),
 * so the root ErrorBoundary shows the Swedish message. Anything else becomes the
 * boundary's generic page: no stack trace or SQL ever goes into a response.
 */
import { data } from "@remix-run/node";
import type { z } from "zod";
import type { ErrorBody } from "../lib/error-body.ts";

/** Bad input from a form, URL or CLI argument; the message is Swedish and safe to show. */
export class AuthInputError extends Error {
  override readonly name = "AuthInputError";
}

/** The first zod issue as a Swedish sentence naming the field. */
export function describeZodError(error: z.ZodError, labels: Record<string, string> = {}): string {
  const issue = error.issues[0];
  if (!issue) return "Ogiltiga uppgifter.";
  const field = issue.path.map(String).join(".");
  const label = labels[field] ?? field;
  return label ? `Ogiltigt värde för ${label}: ${issue.message}` : `Ogiltiga uppgifter: ${issue.message}`;
}

export const FORBIDDEN_MESSAGE = "Du har inte behörighet till den här sidan.";
export const CSRF_MESSAGE =
  "Formuläret kunde inte skickas: sidan var för gammal eller kom från en annan webbplats. Ladda om sidan och försök igen.";

/** A thrown 403 with a Swedish message (loaders and actions `throw forbidden()`). */
export function forbidden(message: string = FORBIDDEN_MESSAGE) {
  const body: ErrorBody = { message };
  return data(body, { status: 403, headers: { "Cache-Control": "no-store" } });
}

/** A thrown 400 for a form or parameter that did not validate. */
export function invalidInput(message: string, parameter?: string) {
  const body: ErrorBody = { message, ...(parameter ? { parameter } : {}) };
  return data(body, { status: 400, headers: { "Cache-Control": "no-store" } });
}

/** Parses input with a zod schema; a failure is thrown as a 400 naming the field. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, labels?: Record<string, string>): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw invalidInput(describeZodError(result.error, labels), issue ? issue.path.map(String).join(".") : undefined);
}
