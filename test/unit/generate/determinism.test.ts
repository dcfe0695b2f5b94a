/** Same seed ⇒ the same bytes; another seed ⇒ other data; both dialects ⇒ the same rows. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TABLES } from "../../../etl/contract.ts";
import { generate } from "../../../etl/generate/index.ts";
import { generateTmp, readRaw, type Generated } from "./helpers.ts";

const SMALL = { scale: 0.1, years: 2 } as const;

describe("determinism", () => {
  let first: Generated;
  let again: Generated;
  let other: Generated;
  let utf8: Generated;
  beforeAll(async () => {
    [first, again, other, utf8] = await Promise.all([
      generateTmp({ ...SMALL, seed: 11 }),
      generateTmp({ ...SMALL, seed: 11 }),
      generateTmp({ ...SMALL, seed: 12 }),
      generateTmp({ ...SMALL, seed: 11, dialect: "utf8" }),
    ]);
  });
  afterAll(() => {
    for (const g of [first, again, other, utf8]) g?.cleanup();
  });

  it("writes identical bytes for the same seed", () => {
    for (const t of TABLES) {
      const a = readFileSync(first.result.files[t]);
      const b = readFileSync(again.result.files[t]);
      expect(a.length, t).toBeGreaterThan(100);
      expect(a.equals(b), t).toBe(true);
    }
  });

  it("writes other data for another seed", () => {
    for (const t of ["beslut", "utforda_timmar", "avbokningar", "omkostnader"] as const) {
      const a = readFileSync(first.result.files[t]);
      const b = readFileSync(other.result.files[t]);
      expect(a.equals(b), t).toBe(false);
    }
  });

  it("writes the same rows in both dialects, only encoded differently", () => {
    for (const t of TABLES) {
      const excel = readRaw(first.dir, t, "excel").map((r) =>
        // The Excel dialect's decimal comma is the only difference inside a value.
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, /^-?\d+,\d+$/.test(v) ? v.replace(",", ".") : v])),
      );
      expect(readRaw(utf8.dir, t)).toEqual(excel);
    }
  });

  it("reports as many rows as each file holds", () => {
    for (const t of TABLES) {
      expect(readRaw(utf8.dir, t).length, t).toBe(utf8.result.rows[t]);
    }
  });

  it("refuses options out of range", async () => {
    await expect(generate({ outDir: first.dir, scale: 0 })).rejects.toThrow(/--scale/);
    await expect(generate({ outDir: first.dir, end: "2026-02-30" })).rejects.toThrow(/--end/);
    await expect(generate({ outDir: first.dir, years: 1.5 })).rejects.toThrow(/--years/);
  });
});
