/**
 * Personnummer → keyed pseudonym. The clear number never reaches DuckDB: the loader
 * calls `parsePersonnummer` and `personId` in JavaScript and writes only the pseudonym,
 * the birth year and the kön derived from the number.
 *
 * person_id = first 16 hex digits of HMAC-SHA-256(key, the 12 digits ÅÅÅÅMMDDNNNK).
 * The key is `LEDSAGNING_PSEUDONYM_KEY`, else the file data/secrets/pseudonym.key,
 * created on first use (random, mode 0600, outside git). Same key ⇒ same pseudonyms,
 * so later deliveries join up with earlier ones; losing the key breaks that link.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { REASONS, type Kon } from "./contract.ts";
import { PROJECT_ROOT } from "./db.ts";

export const KEY_ENV = "LEDSAGNING_PSEUDONYM_KEY";
export const DEFAULT_KEY_FILE = resolve(PROJECT_ROOT, "data", "secrets", "pseudonym.key");
const MIN_KEY_LENGTH = 16;

export type ParsedPnr =
  | { ok: true; digits: string; fodelsear: number; kon: Kon; samordningsnummer: boolean }
  | { ok: false; reason: string };

// ÅÅÅÅMMDD-NNNK, also without the dash, with + (100 years or older), or with ÅÅ only.
const PNR = /^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$/;

/**
 * Validates a personnummer or samordningsnummer (day + 60) and returns its 12-digit form.
 * A 10-digit number gets its century from `today`: the latest one that makes the person
 * born on or before today, and at least 100 years old when the separator is `+`.
 */
export function parsePersonnummer(raw: string, today: Date = new Date()): ParsedPnr {
  const m = PNR.exec(raw.trim());
  if (!m) return { ok: false, reason: REASONS.pnrFormat };
  const [, cc, yy, mm, dd, sep, nnn, k] = m;
  const month = Number(mm);
  const rawDay = Number(dd);
  const samordningsnummer = rawDay > 60;
  const day = samordningsnummer ? rawDay - 60 : rawDay;

  const year = cc !== undefined ? Number(cc + yy) : inferYear(Number(yy), month, day, sep === "+", today);
  if (!isRealDate(year, month, day)) return { ok: false, reason: REASONS.pnrDate };

  const ten = yy + mm + dd + nnn + k;
  if (!luhnValid(ten)) return { ok: false, reason: REASONS.pnrCheckDigit };

  return {
    ok: true,
    digits: String(year).padStart(4, "0") + mm + dd + nnn + k,
    fodelsear: year,
    // The ninth digit (the last of NNN) is odd for men, even for women.
    kon: Number(nnn[2]) % 2 === 1 ? "M" : "K",
    samordningsnummer,
  };
}

function inferYear(yy: number, month: number, day: number, plus: boolean, today: Date): number {
  const ty = today.getFullYear();
  let year = ty - ((ty - yy) % 100 + 100) % 100; // latest year ≤ this year ending in yy
  const bornAfterToday = Date.UTC(year, month - 1, day) > Date.UTC(ty, today.getMonth(), today.getDate());
  if (bornAfterToday) year -= 100;
  if (plus) year -= 100;
  return year;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Luhn (mod 10) over all digits, check digit last; weights 2,1,2,1,… from the left. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let v = (digits.charCodeAt(i) - 48) * ((digits.length - i) % 2 === 0 ? 2 : 1);
    if (v > 9) v -= 9;
    sum += v;
  }
  return sum % 10 === 0;
}

/**
 * The form a personnummer takes in reject messages: the birth date stays (so the row can
 * be found), the four last digits never do. Anything shorter is masked completely.
 */
export function maskPersonnummer(raw: string): string {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length < 10) return "*".repeat(trimmed.length);
  return `${digits.slice(0, Math.min(8, digits.length - 4))}-****`;
}

/** Reads the key from the environment or the key file, creating the file on first use. */
export function loadPseudonymKey(keyFile: string = DEFAULT_KEY_FILE): Buffer {
  const fromEnv = process.env[KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return checkedKey(fromEnv, KEY_ENV);
  let text: string;
  try {
    text = readFileSync(keyFile, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
    text = randomBytes(32).toString("hex");
    try {
      // 'wx': never overwrite a key another process created meanwhile.
      writeFileSync(keyFile, text + "\n", { mode: 0o600, flag: "wx" });
      chmodSync(keyFile, 0o600); // the umask may have widened the mode
    } catch (writeErr) {
      if ((writeErr as NodeJS.ErrnoException).code !== "EEXIST") throw writeErr;
      text = readFileSync(keyFile, "utf8");
    }
  }
  return checkedKey(text.trim(), keyFile);
}

function checkedKey(text: string, source: string): Buffer {
  if (text.length < MIN_KEY_LENGTH) {
    throw new Error(`Pseudonymnyckeln i ${source} är för kort (minst ${MIN_KEY_LENGTH} tecken).`);
  }
  return Buffer.from(text, "utf8");
}

/** person_id of a validated 12-digit personnummer. */
export function personId(key: Buffer, digits12: string): string {
  return createHmac("sha256", key).update(digits12).digest("hex").slice(0, 16);
}

/** A person_id function that remembers the persons it has seen (beslut repeat persons). */
export function pseudonymiser(key: Buffer): (digits12: string) => string {
  const seen = new Map<string, string>();
  return (digits12) => {
    let id = seen.get(digits12);
    if (id === undefined) {
      id = personId(key, digits12);
      seen.set(digits12, id);
    }
    return id;
  };
}

/**
 * arende_id: one person's beslut for one insats in one kommun. The loader computes it in
 * SQL (`ARENDE_ID_SQL`); this is the same definition for code outside the database.
 */
export function arendeId(kommun: string, personId: string, insats: string): string {
  return createHash("sha256").update(`${kommun}|${personId}|${insats}`).digest("hex").slice(0, 16);
}

export const ARENDE_ID_SQL = `left(sha256(kommun || '|' || person_id || '|' || insats), 16)`;
