/** The registry's own consistency, and docs/MEASURES.md kept in step with it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../etl/db.ts";
import { GAP_PARTS, MEASURE_IDS, MEASURES } from "../../../queries/measures.ts";

describe("the measures registry", () => {
  it("gives every measure a label, a definition and known rule ids", () => {
    for (const id of MEASURE_IDS) {
      const m = MEASURES[id];
      expect(m.id).toBe(id);
      expect(m.label.length, id).toBeGreaterThan(2);
      expect(m.definition, id).toMatch(/\.$/);
      for (const r of m.rules) expect(r, id).toMatch(/^R(1[0-8]|[1-9])$/);
    }
  });

  it("builds every ratio from two additive measures of its own scope", () => {
    for (const id of MEASURE_IDS.filter((x) => MEASURES[x].kind === "ratio")) {
      const [num, den] = MEASURES[id].parts!;
      for (const p of [num, den]) {
        expect(MEASURES[p].scope, `${id} ← ${p}`).toBe(MEASURES[id].scope);
        expect(["sum", "count"], `${id} ← ${p}`).toContain(MEASURES[p].kind);
      }
      expect(MEASURES[id].unit).toBe("andel");
    }
    expect(GAP_PARTS.every((p) => MEASURES[p].kind === "sum" && MEASURES[p].unit === "h")).toBe(true);
  });

  it("is documented in docs/MEASURES.md, measure by measure", () => {
    const doc = readFileSync(join(PROJECT_ROOT, "docs", "MEASURES.md"), "utf8");
    for (const id of MEASURE_IDS) {
      const line = doc.split("\n").find((l) => l.startsWith(`| \`${id}\` |`));
      expect(line, id).toBeDefined();
      expect(line, id).toContain(MEASURES[id].definition);
    }
  });
});
