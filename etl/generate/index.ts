/**
 * The synthetic data generator's programmatic API: `generate()` writes the five contract
 * files for a seed, a period and a scale, streaming row by row so memory stays bounded.
 * Used by the CLI (`npm run generate`), by the app's launcher and by tests.
 */
import { mkdir } from "node:fs/promises";
import { z } from "zod";
import { TABLES, type TableName } from "../contract.ts";
import { parseIsoDay } from "./calendar.ts";
import { BeslutIds, simulateCase } from "./case.ts";
import { DIALECTS, type DialectName } from "./dialect.ts";
import { buildKommuner, windowFor } from "./kommuner.ts";
import { arrivals } from "./person.ts";
import { PnrRegistry } from "./pnr.ts";
import { Rng } from "./rng.ts";
import { utforareRow } from "./utforare.ts";
import { drainSink, openSink, sinkWriters } from "./writer.ts";

export { PLANTED_AVSLAG, PLANTED_DORMANT_UTFORARE, PLANTED_KON_HOURS, PLANTED_WEAK_UTFORARE } from "./planted.ts";

export interface GenerateOptions {
  outDir: string;
  seed?: number;
  years?: number;
  scale?: number;
  /** Last day of the period, YYYY-MM-DD (default 2026-10-31, fixed so output is reproducible). */
  end?: string;
  dialect?: DialectName;
}

export interface GenerateResult {
  files: Record<TableName, string>;
  rows: Record<TableName, number>;
}

export const DEFAULTS = { seed: 1, years: 5, scale: 1, end: "2026-10-31", dialect: "excel" } as const;

export const OptionsSchema = z.object({
  outDir: z.string().min(1, "--out saknas: ange en katalog"),
  seed: z.number().int("--seed måste vara ett heltal").default(DEFAULTS.seed),
  years: z
    .number()
    .int("--years måste vara ett heltal")
    .min(1, "--years måste vara minst 1")
    .max(30, "--years får vara högst 30")
    .default(DEFAULTS.years),
  scale: z
    .number()
    .positive("--scale måste vara större än 0")
    .max(100, "--scale får vara högst 100")
    .default(DEFAULTS.scale),
  end: z
    .string()
    .refine((s) => {
      try {
        parseIsoDay(s);
        return true;
      } catch {
        return false;
      }
    }, "--end måste vara ett datum ÅÅÅÅ-MM-DD")
    .default(DEFAULTS.end),
  dialect: z.enum(["excel", "utf8"], { error: "--dialect måste vara excel eller utf8" }).default(DEFAULTS.dialect),
});

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const o = OptionsSchema.parse(options);
  await mkdir(o.outDir, { recursive: true });
  const w = windowFor(parseIsoDay(o.end), o.years);
  const kommuner = buildKommuner(o.seed, o.scale, w);
  const sink = openSink(o.outDir, DIALECTS[o.dialect]);
  const writers = sinkWriters(sink);
  try {
    for (const k of kommuner) for (const u of k.utforare) sink.utforare.write(utforareRow(k.namn, u));
    const pnrs = new PnrRegistry();
    const ids = new BeslutIds();
    for (const kommun of kommuner) {
      for (const [ai, area] of kommun.areas.entries()) {
        const ctx = { kommun, area, w, pnrs, ids, sink };
        for (const arrival of arrivals(Rng.fork(o.seed, kommun.namn, ai, "arrivals"), area, w)) {
          simulateCase(Rng.fork(o.seed, kommun.namn, ai, arrival.index), arrival, ctx);
          await drainSink(sink);
        }
      }
    }
    await Promise.all(writers.map((wr) => wr.close()));
  } catch (err) {
    await Promise.allSettled(writers.map((wr) => wr.close()));
    throw err;
  }
  const files = {} as Record<TableName, string>;
  const rows = {} as Record<TableName, number>;
  for (const t of TABLES) {
    files[t] = sink[t].path;
    rows[t] = sink[t].rows;
  }
  return { files, rows };
}
