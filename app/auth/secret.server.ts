/**
 * The session secret: signs the session cookie and keys the audit log's hash chain.
 * From LEDSAGNING_SESSION_SECRET, else from data/secrets/session.key, which is
 * created on first run (mode 0600; data/secrets is gitignored). It never goes
 * into the database, a log line or a response.
 */
import { createHmac, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PROJECT_ROOT } from "../../etl/db.ts";

const MIN_SECRET_LENGTH = 32;

export function defaultSecretPath(): string {
  return resolve(PROJECT_ROOT, "data", "secrets", "session.key");
}

/** Reads the key file, creating it with a fresh random secret if it does not exist. */
export function readOrCreateSecretFile(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString("base64url");
  try {
    // `wx`: if another process created it a moment ago, keep theirs (read below).
    writeFileSync(path, secret + "\n", { mode: 0o600, flag: "wx" });
    chmodSync(path, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return readFileSync(path, "utf8").trim();
}

export function loadSessionSecret(env: NodeJS.ProcessEnv = process.env, path: string = defaultSecretPath()): string {
  const fromEnv = env.LEDSAGNING_SESSION_SECRET?.trim();
  const secret = fromEnv ? fromEnv : readOrCreateSecretFile(path);
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `Sessionshemligheten är för kort (minst ${MIN_SECRET_LENGTH} tecken): ange LEDSAGNING_SESSION_SECRET eller ta bort ${path} så skapas en ny.`,
    );
  }
  return secret;
}

let cached: string | null = null;

/** The process's secret (read once; a change needs a restart, which also ends every cookie). */
export function sessionSecret(): string {
  cached ??= loadSessionSecret();
  return cached;
}

/** A key for one purpose, derived so that the secret itself is used only for derivation. */
export function derivedKey(purpose: string, secret: string = sessionSecret()): Buffer {
  return createHmac("sha256", secret).update(`ledsagning:${purpose}`).digest();
}
