/**
 * The cases behind a per-utförare flag figure are exactly those counted: on /utforare
 * each utförare's "Sena planer (R13)" and "Sen start (R16)" link to /arenden with the
 * utförare, and that list (scope flagga) must hold as many cases as the cell says —
 * not every utförare's flagged cases. A flag belongs to the utförare of the beslut it
 * concerns, in aggregate()'s grouping and in filterWhere's selection alike.
 *
 * On the synthetic data set loaded by the real ETL and rules engine.
 */
import { describe, expect, it } from "vitest";
import { utforareTables } from "../../../app/lib/utforare.server.ts";
import { aggregate } from "../../../queries/aggregate.ts";
import { listArenden, parseArendeList, type ArendeListRow } from "../../../queries/arenden.ts";
import { parsePeriod } from "../../../queries/filters.ts";
import { unsupportedFilters } from "../../../queries/selection.ts";
import { useSyntheticDb } from "./arenden-fixture.ts";
import { testContext } from "./dashboard-context.ts";

const fx = useSyntheticDb("ledsagning-utforare-flags-");
const DEFAULT = parsePeriod("2026-T2")!;

async function listAll(href: string): Promise<{ rows: ArendeListRow[]; arenden: number }> {
  const sp = new URL(href, "http://localhost").searchParams;
  const rows: ArendeListRow[] = [];
  let arenden = -1;
  for (let sida = 1; ; sida++) {
    sp.set("sida", String(sida));
    const l = await listArenden(fx.db, parseArendeList(sp, DEFAULT), { kind: "all" });
    arenden = l.total.arenden;
    rows.push(...l.rows);
    if (sida >= l.sidor) return { rows, arenden };
  }
}

describe("/utforare: a per-utförare flag count = the cases at its /arenden link", () => {
  for (const period of ["2025", "2025-03..2026-08"]) {
    it(`R13 and R16 per utförare, period ${period}`, async () => {
      const ctx = await testContext(fx.db, { period: parsePeriod(period)! });
      const t = await utforareTables(ctx);
      let checked = 0;
      const seen = new Map<string, Set<string>>();
      for (const row of t.utforare.rows) {
        for (const key of ["r13", "r16"] as const) {
          const count = row.cells[key];
          const href = row.links?.[key];
          if (typeof count !== "number" || count === 0) {
            expect(href, `${row.key} ${key}: no link to no cases`).toBeUndefined();
            continue;
          }
          expect(href, `${row.key} ${key}`).toMatch(/^\/arenden\?/);
          const sp = new URL(href!, "http://localhost").searchParams;
          expect(sp.getAll("utforare")).toHaveLength(1);
          expect(sp.get("scope")).toBe("flagga");
          const list = await listAll(href!);
          expect(list.arenden, `${row.key} ${key}: ${href}`).toBe(count);
          expect(list.rows.length, `${row.key} ${key}: ${href}`).toBe(count);
          for (const r of list.rows) expect(r.flaggor, href).toContain(key.toUpperCase());
          const ids = seen.get(key) ?? new Set();
          for (const r of list.rows) ids.add(`${sp.get("utforare")}|${r.arendeId}`);
          seen.set(key, ids);
          checked++;
        }
      }
      // Several utförare with flags: without the utförare in the flag selection each link
      // would list the cases of all of them, and the counts above could not all hold.
      const withR13 = t.utforare.rows.filter((r) => typeof r.cells.r13 === "number" && (r.cells.r13 as number) > 0);
      expect(withR13.length).toBeGreaterThanOrEqual(2);
      expect(checked).toBeGreaterThanOrEqual(3);
      // Per utförare the lists together hold each (utförare, case) pair once: the cells' sum.
      const r13Sum = t.utforare.rows.reduce((a, r) => a + (typeof r.cells.r13 === "number" ? r.cells.r13 : 0), 0);
      expect(seen.get("r13")?.size ?? 0).toBe(r13Sum);
    });
  }

  it("the flag scope applies an utförare filter (no longer reported as ignored), as aggregate() groups it", async () => {
    const f = { period: parsePeriod("2025")! };
    expect(unsupportedFilters({ ...f, utforare: ["X"] }, "flagga")).toEqual([]);
    const grouped = await aggregate(fx.db, f, ["arenden_med_flagga", "flaggor"], ["kommun", "utforare"]);
    const some = grouped.filter((g) => g.utforare !== null && (g.flaggor ?? 0) > 0);
    expect(some.length).toBeGreaterThanOrEqual(2);
    for (const g of some) {
      const [filtered] = await aggregate(fx.db, { ...f, kommun: String(g.kommun), utforare: [String(g.utforare)] }, ["arenden_med_flagga", "flaggor"]);
      expect(filtered.arenden_med_flagga, String(g.utforare)).toBe(g.arenden_med_flagga);
      expect(filtered.flaggor, String(g.utforare)).toBe(g.flaggor);
    }
  });
});
