/**
 * Shared by the generator's tests: generate into a temporary folder and read the files
 * back as rows (utf8 dialect, via papaparse) or as typed contract rows.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { ALIASES, ROW_SCHEMAS, type TableName } from "../../../etl/contract.ts";
import { generate, type GenerateOptions, type GenerateResult } from "../../../etl/generate/index.ts";

export type Raw = Record<string, string>;

export interface Generated {
  dir: string;
  result: GenerateResult;
  cleanup(): void;
}

export async function generateTmp(opts: Omit<GenerateOptions, "outDir">): Promise<Generated> {
  const dir = mkdtempSync(join(tmpdir(), "ledsagning-gen-"));
  const result = await generate({ ...opts, outDir: dir });
  return { dir, result, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Rows of a generated file as header → text (the Excel dialect decoded as Latin-1 ≈ cp1252). */
export function readRaw(dir: string, table: TableName, dialect: "utf8" | "excel" = "utf8"): Raw[] {
  const text = readFileSync(join(dir, `${table}.csv`), dialect === "utf8" ? "utf8" : "latin1");
  const delimiter = dialect === "utf8" ? "," : ";";
  const parsed = Papa.parse<Raw>(text, { header: true, delimiter, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`${table}: ${parsed.errors[0].message}`);
  return parsed.data;
}

const NUMERIC = new Set(["sokta_timmar", "beviljade_timmar", "timmar", "belopp"]);
const BOOLEAN = new Set(["personlig_assistans", "ombokad"]);

/** A raw row as the contract's typed row: empty → null, ja/nej → boolean, aliases mapped. */
export function typed(raw: Raw): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === "") out[key] = null;
    else if (NUMERIC.has(key)) out[key] = Number(value);
    else if (BOOLEAN.has(key)) out[key] = value === "ja" ? true : value === "nej" ? false : value;
    else out[key] = ALIASES[key]?.[value.toLowerCase()] ?? value;
  }
  return out;
}

/** Parses every row with the contract's zod schema; returns the first failures (if any). */
export function contractFailures(dir: string, table: TableName): string[] {
  const failures: string[] = [];
  readRaw(dir, table).forEach((raw, i) => {
    const r = ROW_SCHEMAS[table].safeParse(typed(raw));
    if (!r.success && failures.length < 5) failures.push(`${table} rad ${i + 2}: ${r.error.message}`);
  });
  return failures;
}

/** Day difference b − a of two ISO dates. */
export function daysBetween(a: string, b: string): number {
  return (Date.parse(b) - Date.parse(a)) / 86_400_000;
}

/** Monthly hours of a beslut row (per-week beslut × 52/12). */
export function monthlyHours(b: Raw): number {
  const h = Number(b.beviljade_timmar);
  return b.timmar_per === "vecka" ? (h * 52) / 12 : h;
}
