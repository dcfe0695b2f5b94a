/** Shared by the ETL integration tests: real files in a temp dir, real DuckDB. */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { COLUMNS, type TableName } from "../../../etl/contract.ts";
import { runLoad, type LoadOptions, type LoadSummary } from "../../../etl/load/index.ts";
import { luhnValid } from "../../../etl/pseudonym.ts";

// Tests never touch data/secrets/: the key comes from the environment.
process.env.LEDSAGNING_PSEUDONYM_KEY ??= "integration-test-key-0123456789";

const made: string[] = [];
// Registered in every test file that imports this module.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = "etl-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A valid personnummer ÅÅÅÅMMDD-NNNK for a birth date and serial (odd last N = man). */
export function pnr(birth: string, serial: number): string {
  const nnn = String(serial).padStart(3, "0");
  const nine = birth.slice(2) + nnn;
  const k = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((d) => luhnValid(nine + d))!;
  return `${birth}-${nnn}${k}`;
}

export type Row = Record<string, string>;

export const BESLUT: Row = {
  kommun: "Stockholm", stadsdel: "Södermalm", beslut_id: "B1", personnummer: pnr("19811218", 987), kon: "",
  lagrum: "LSS", insats: "ledsagarservice", ansokan_datum: "2024-01-02", beslut_datum: "2024-01-10",
  utfall: "bifall", sokta_timmar: "20", beviljade_timmar: "20", timmar_per: "manad",
  giltig_from: "2024-02-01", giltig_tom: "2025-01-31", handlaggare: "Handläggare 1", beslutsniva: "handläggare",
  personlig_assistans: "nej", utforare: "U1", bestallning_datum: "2024-01-12", genomforandeplan_datum: "2024-01-20",
  senaste_uppfoljning: "",
};
export const UTFORD: Row = { kommun: "Stockholm", beslut_id: "B1", utforare: "U1", datum: "2024-02-03", tidstyp: "dag", timmar: "2,5" };
export const AVBOKNING: Row = {
  kommun: "Stockholm", beslut_id: "B1", utforare: "U1", planerad_start: "2024-02-10 10:00",
  avbokad_tid: "2024-02-09 15:00", avbokad_av: "brukare", timmar: "3", ombokad: "nej", orsak: "sjuk",
};
export const OMKOSTNAD: Row = { kommun: "Stockholm", beslut_id: "B1", utforare: "U1", datum: "2024-02-03", belopp: "6", typ: "schablon", aktivitet: "bio" };
export const UTFORARE: Row = { kommun: "Stockholm", utforare: "U1", namn: "Vård & Omsorg AB", regi: "enskild", godkand_from: "2020-01-01", godkand_tom: "" };

export interface CsvOptions {
  sep?: ";" | ",";
  eol?: "\n" | "\r\n";
  encoding?: "utf8" | "latin1" | "cp1252";
  bom?: boolean;
  columns?: readonly string[];
}

/** CSV text of `rows` in the contract's column order (or `columns`), quoting where needed. */
export function csvText(table: TableName, rows: Row[], o: CsvOptions = {}): string {
  const sep = o.sep ?? ";";
  const eol = o.eol ?? "\n";
  const columns = o.columns ?? COLUMNS[table];
  const field = (v: string) => (/["\n\r]/.test(v) || v.includes(sep) ? `"${v.replaceAll('"', '""')}"` : v);
  return [columns.join(sep), ...rows.map((r) => columns.map((c) => field(r[c] ?? "")).join(sep))].join(eol) + eol;
}

/** The Windows-1252 characters the tests use from 0x80–0x9F, where it differs from Latin-1. */
const CP1252: Record<string, number> = { "€": 0x80, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "–": 0x96 };

export function encode(text: string, encoding: CsvOptions["encoding"] = "utf8", bom = false): Buffer {
  let body: Buffer;
  if (encoding === "utf8") body = Buffer.from(text, "utf8");
  else body = Buffer.from(text.replace(/[€‘’“”–]/g, (c) => String.fromCharCode(CP1252[c])), "latin1");
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

export function writeCsv(dir: string, name: string, table: TableName, rows: Row[], o: CsvOptions = {}): string {
  const path = join(dir, name);
  writeFileSync(path, encode(csvText(table, rows, o), o.encoding, o.bom));
  return path;
}

export function writeRaw(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export async function memoryDb(): Promise<DuckDBInstance> {
  return DuckDBInstance.create(":memory:");
}

export async function load(instance: DuckDBInstance, paths: string[], extra: Partial<LoadOptions> = {}): Promise<LoadSummary> {
  return runLoad({ paths, instance, ...extra });
}

export async function query(instance: DuckDBInstance, sql: string): Promise<Record<string, unknown>[]> {
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
  }
}

/** Every table of the database in a stable text form, for before/after comparisons. */
export async function dumpAll(conn: DuckDBConnection): Promise<string> {
  const tables = (await conn.runAndReadAll(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name",
  )).getRows().map((r) => String(r[0]));
  const out: Record<string, unknown> = {};
  for (const t of tables) out[t] = (await conn.runAndReadAll(`SELECT * FROM "${t}" ORDER BY ALL`)).getRowObjectsJson();
  return JSON.stringify(out);
}

export async function dump(instance: DuckDBInstance): Promise<string> {
  const conn = await instance.connect();
  try {
    return await dumpAll(conn);
  } finally {
    conn.closeSync();
  }
}
