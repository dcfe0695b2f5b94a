/**
 * Password hashing with scrypt from node:crypto (no native add-on to maintain).
 * The stored form carries its own parameters and salt, so the cost can be raised
 * later without breaking existing hashes:  scrypt$N$r$p$<salt b64>$<hash b64>
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { z } from "zod";
import { AuthInputError } from "./errors.server.ts";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt recommendation (N=2^15, r=8, p=1): ~50–100 ms per hash on a small server. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 64;
const SALT_BYTES = 16;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export const Password = z
  .string()
  .min(PASSWORD_MIN, `Lösenordet måste ha minst ${PASSWORD_MIN} tecken.`)
  .max(PASSWORD_MAX, `Lösenordet får ha högst ${PASSWORD_MAX} tecken.`);

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // Node's default maxmem (32 MiB) is below what N=2^15, r=8 needs (128·N·r = 32 MiB + overhead).
    maxmem: 256 * params.N * params.r + 1024 * 1024,
  };
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize("NFC"), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const checked = Password.safeParse(password);
  if (!checked.success) throw new AuthInputError(checked.error.issues[0]?.message ?? "Ogiltigt lösenord.");
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, params);
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64"), key.toString("base64")].join("$");
}

interface ParsedHash extends ScryptParams {
  salt: Buffer;
  key: Buffer;
}

// Bounds keep a corrupt or planted hash from making one verification take minutes.
function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map((s) => Number(s));
  if (![N, r, p].every(Number.isSafeInteger)) return null;
  if (N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4], "base64");
  const key = Buffer.from(parts[5], "base64");
  if (salt.length < 8 || key.length !== KEY_LENGTH) return null;
  return { N, r, p, salt, key };
}

/** True when `password` matches `stored`. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || password.length > PASSWORD_MAX) return false;
  const key = await scrypt(password, parsed.salt, parsed);
  return timingSafeEqual(key, parsed.key);
}

/** True when the hash was made with other parameters than today's (rehash at next sign-in). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.N !== params.N || parsed.r !== params.r || parsed.p !== params.p;
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as a real verification, for an unknown username: the
 * response time then does not tell which usernames exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("ingen-anvandare-har-detta-losenord");
  await verifyPassword(password.slice(0, PASSWORD_MAX), await dummyHash);
  return false;
}
