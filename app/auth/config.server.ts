/**
 * Settings of sign-in and sessions, read from the environment once and validated.
 * Each has a default fit for a kommun's intranet; docs/SECURITY.md lists them.
 */
import { z } from "zod";

const intFromEnv = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

const EnvSchema = z.object({
  /** Minutes of inactivity after which a session ends. */
  LEDSAGNING_SESSION_IDLE_MINUTES: intFromEnv(30, 1, 24 * 60),
  /** Hours after sign-in after which a session ends however active (a working day). */
  LEDSAGNING_SESSION_MAX_HOURS: intFromEnv(10, 1, 24 * 7),
  /** `auto` (Secure when the request came over HTTPS, per X-Forwarded-Proto), `always`, `never`. */
  LEDSAGNING_SECURE_COOKIES: z
    .enum(["auto", "always", "never", "1", "0", "true", "false"])
    .default("auto")
    .transform((v) => (v === "1" || v === "true" ? "always" : v === "0" || v === "false" ? "never" : v)),
  /** Whether X-Forwarded-For names the client (only behind a reverse proxy you run). */
  LEDSAGNING_TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
});

export type AuthConfig = {
  idleMs: number;
  maxAgeMs: number;
  secureCookies: "auto" | "always" | "never";
  trustProxy: boolean;
};

export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const parsed = EnvSchema.safeParse({
    LEDSAGNING_SESSION_IDLE_MINUTES: env.LEDSAGNING_SESSION_IDLE_MINUTES || undefined,
    LEDSAGNING_SESSION_MAX_HOURS: env.LEDSAGNING_SESSION_MAX_HOURS || undefined,
    LEDSAGNING_SECURE_COOKIES: env.LEDSAGNING_SECURE_COOKIES || undefined,
    LEDSAGNING_TRUST_PROXY: env.LEDSAGNING_TRUST_PROXY || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Ogiltig inställning ${String(issue?.path[0])}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    idleMs: e.LEDSAGNING_SESSION_IDLE_MINUTES * 60_000,
    maxAgeMs: e.LEDSAGNING_SESSION_MAX_HOURS * 3_600_000,
    secureCookies: e.LEDSAGNING_SECURE_COOKIES as AuthConfig["secureCookies"],
    trustProxy: e.LEDSAGNING_TRUST_PROXY,
  };
}
