/**
 * The small-count rule (queries/suppress.ts, docs/REPORT.md): primary, derived and
 * secondary suppression, including the totals case, checked both on hand-made
 * tables and by an "attacker" that solves every additive group it can — no cell
 * hidden by the primary rule may be recoverable from what is shown.
 */
import { describe, expect, it } from "vitest";
import {
  applySuppression,
  disclosedCells,
  isSmall,
  suppressCells,
  suppressGroup,
  suppressTableCells,
  type AdditiveGroup,
  type CellSpec,
  type SuppressibleColumn,
  type SuppressibleTable,
} from "../../../queries/suppress.ts";

/**
 * What a reader can work out from the shown cells: repeatedly, a group whose total
 * and all parts but one are known gives the last part; a group whose parts are all
 * known gives its total. Returns the ids recovered (known in the end but hidden).
 */
function recoverable(values: Record<string, number>, groups: readonly AdditiveGroup[], hidden: Set<string>): string[] {
  const known = new Map<string, number>();
  for (const [id, v] of Object.entries(values)) if (!hidden.has(id)) known.set(id, v);
  const totalOf = (g: AdditiveGroup): string | null => (g.total === null || g.total === "published" ? null : g.total);
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of groups) {
      if (g.total === null) continue;
      const t = totalOf(g);
      const totalValue = t === null ? g.parts.reduce((s, id) => s + values[id], 0) : known.get(t);
      const unknown = g.parts.filter((id) => !known.has(id));
      if (totalValue !== undefined && unknown.length === 1) {
        known.set(unknown[0], totalValue - g.parts.filter((id) => known.has(id)).reduce((s, id) => s + known.get(id)!, 0));
        changed = true;
      } else if (t !== null && !known.has(t) && unknown.length === 0) {
        known.set(t, g.parts.reduce((s, id) => s + known.get(id)!, 0));
        changed = true;
      }
    }
  }
  return [...hidden].filter((id) => known.has(id));
}

/** Rank of an integer matrix, by fraction-free elimination (exact: entries stay small integers). */
function rank(m: number[][]): number {
  const a = m.map((r) => [...r]);
  let rk = 0;
  const cols = a[0]?.length ?? 0;
  for (let c = 0; c < cols && rk < a.length; c++) {
    const p = a.findIndex((r, i) => i >= rk && r[c] !== 0);
    if (p === -1) continue;
    [a[rk], a[p]] = [a[p], a[rk]];
    for (let i = 0; i < a.length; i++) {
      if (i === rk || a[i][c] === 0) continue;
      const f = a[i][c];
      const g = a[rk][c];
      a[i] = a[i].map((v, k) => v * g - a[rk][k] * f);
      const d = a[i].reduce((x, v) => gcd(x, Math.abs(v)), 0);
      if (d > 1) a[i] = a[i].map((v) => v / d);
    }
    rk++;
  }
  return rk;
}
const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));

/**
 * Hidden cells a reader can compute exactly by any linear combination of the groups'
 * sums: x is determined iff adding the unit row e_x does not raise the rank of the
 * equations over the hidden cells. (Independent of the module's echelon-form audit.)
 */
function determined(groups: readonly AdditiveGroup[], hidden: Set<string>): string[] {
  const unknowns = [...hidden];
  const idx = new Map(unknowns.map((id, i) => [id, i]));
  const eqs = groups
    .filter((g) => g.total !== null)
    .map((g) => {
      const row = unknowns.map(() => 0);
      for (const id of g.parts) if (idx.has(id)) row[idx.get(id)!] += 1;
      if (g.total !== "published" && idx.has(g.total!)) row[idx.get(g.total!)!] -= 1;
      return row;
    })
    .filter((r) => r.some((v) => v !== 0));
  if (eqs.length === 0) return [];
  const base = rank(eqs);
  return unknowns.filter((_, i) => rank([...eqs, unknowns.map((__, k) => (k === i ? 1 : 0))]) === base);
}

/** A grid of counts with row totals and column totals (and a grand total) as a suppression problem. */
function grid(counts: number[][]): { cells: Record<string, CellSpec>; values: Record<string, number>; groups: AdditiveGroup[] } {
  const cells: Record<string, CellSpec> = {};
  const values: Record<string, number> = {};
  const groups: AdditiveGroup[] = [];
  const rows = counts.length;
  const cols = counts[0].length;
  const set = (id: string, v: number) => {
    cells[id] = { count: v };
    values[id] = v;
  };
  counts.forEach((row, r) => row.forEach((v, c) => set(`${r},${c}`, v)));
  for (let r = 0; r < rows; r++) set(`${r},T`, counts[r].reduce((a, b) => a + b, 0));
  for (let c = 0; c < cols; c++) set(`T,${c}`, counts.reduce((a, row) => a + row[c], 0));
  set("T,T", counts.flat().reduce((a, b) => a + b, 0));
  for (let r = 0; r < rows; r++) groups.push({ parts: counts[r].map((_, c) => `${r},${c}`), total: `${r},T` });
  for (let c = 0; c < cols; c++) groups.push({ parts: counts.map((_, r) => `${r},${c}`), total: `T,${c}` });
  groups.push({ parts: counts.map((_, r) => `${r},T`), total: "T,T" });
  groups.push({ parts: counts[0].map((_, c) => `T,${c}`), total: "T,T" });
  return { cells, values, groups };
}

/** A deterministic pseudo-random generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("primary and the one-group rule", () => {
  it("hides 1–4, shows 0 and from the threshold up, and the threshold can be set", () => {
    expect([0, 1, 4, 5, 12].map((n) => isSmall(n))).toEqual([false, true, true, false, false]);
    expect([1, 9, 10].map((n) => isSmall(n, 10))).toEqual([true, true, false]);
  });

  it("keeps suppressGroup's behaviour for one group", () => {
    expect(suppressGroup([3, 40, 12, 0])).toEqual([true, false, true, false]);
    expect(suppressGroup([3, 2, 40])).toEqual([true, true, false]);
    expect(suppressGroup([3, 40], 5, false)).toEqual([true, false]);
    expect(suppressGroup([0, 0, 0])).toEqual([false, false, false]);
  });

  it("hides every figure of a selection with 1–4 cases, whatever the figure", () => {
    const hidden = suppressCells({ cells: { timmar: { cases: 3 }, kr: { cases: 3 }, fler: { cases: 7 } } });
    expect([...hidden].sort()).toEqual(["kr", "timmar"]);
  });

  it("hides a rate with the count it is built on, and a change with either period's value", () => {
    const hidden = suppressCells({
      cells: { avslag: { count: 2 }, beslut: { count: 40 }, andel: {}, fjol: { count: 30 }, forandring: {} },
      derived: [
        { cell: "andel", from: ["avslag", "beslut"] },
        { cell: "forandring", from: ["avslag", "fjol"] },
      ],
    });
    expect([...hidden].sort()).toEqual(["andel", "avslag", "forandring"]);
  });
});

describe("secondary suppression and the totals case", () => {
  it("hides the total when the lone hidden cell has no non-zero neighbour to hide with it", () => {
    // Avslag 0, delavslag 0, bifall 3 of beslut 3: the total is small itself (primary) …
    expect([...suppressCells({ cells: { a: { count: 0 }, d: { count: 0 }, b: { count: 3 }, t: { count: 3 } }, groups: [{ parts: ["a", "d", "b"], total: "t" }] })].sort()).toEqual(["b", "t"]);
    // … and a total that is not a count (hours of a row with many cases) is hidden as the secondary.
    const hidden = suppressCells({
      cells: { x: { cases: 2 }, y: { cases: 0 }, t: { cases: 40 } },
      groups: [{ parts: ["x", "y"], total: "t" }],
    });
    expect([...hidden].sort()).toEqual(["t", "x"]);
  });

  it("needs no secondary cell where the total is published nowhere, or hidden itself", () => {
    expect([...suppressCells({ cells: { a: { count: 2 }, b: { count: 50 } }, groups: [{ parts: ["a", "b"], total: null }] })]).toEqual(["a"]);
    expect(
      [...suppressCells({ cells: { a: { count: 2 }, b: { count: 50 }, t: { count: 52, hidden: true } }, groups: [{ parts: ["a", "b"], total: "t" }] })].sort(),
    ).toEqual(["a", "t"]);
  });

  it("protects a cell against a total published elsewhere (kön split of the kommun's figure)", () => {
    // Women 3, men 60: the kommun's 63 is in the summary, so men must go too.
    const hidden = suppressCells({ cells: { K: { count: 3 }, M: { count: 60 } }, groups: [{ parts: ["K", "M"], total: "published" }] });
    expect([...hidden].sort()).toEqual(["K", "M"]);
  });

  it("repeats until no row or column has a lone hidden cell (where one pass leaks)", () => {
    // Columns bifall, avslag, delavslag; rows are stadsdelar; totals both ways.
    const g = grid([
      [17, 3, 0],
      [20, 10, 0],
      [30, 12, 6],
    ]);
    const hidden = suppressCells({ cells: g.cells, groups: g.groups });
    expect(recoverable(g.values, g.groups, hidden)).toEqual([]);
    expect(hidden.has("0,1")).toBe(true);
  });

  it("finds a cell that a chain of groups determines although no group has a lone hidden cell", () => {
    // Two 2×2 cycles of hidden cells (rows r1,r2 × cols c1,c2 and r3,r4 × c3,c4) joined by the
    // cell r1·c3: every row and column has two or more hidden cells, yet the rows r1,r2 minus
    // the columns c1,c2 give r1·c3 exactly.
    const hiddenIds = ["1,1", "1,2", "2,1", "2,2", "3,3", "3,4", "4,3", "4,4", "1,3"];
    const ids = [1, 2, 3, 4].flatMap((r) => [1, 2, 3, 4].map((c) => `${r},${c}`));
    const groups: AdditiveGroup[] = [
      ...[1, 2, 3, 4].map((r) => ({ parts: ids.filter((id) => id.startsWith(`${r},`)), total: "published" as const })),
      ...[1, 2, 3, 4].map((c) => ({ parts: ids.filter((id) => id.endsWith(`,${c}`)), total: "published" as const })),
    ];
    const hidden = new Set(hiddenIds);
    expect(disclosedCells(groups, hidden)).toEqual(["1,3"]);
    expect(determined(groups, hidden)).toEqual(["1,3"]);
    // As a problem where r1·c3 is the small one, the rule hides one more cell so it is not determined.
    const cells: Record<string, CellSpec> = Object.fromEntries(ids.map((id) => [id, { count: 20, hidden: hiddenIds.includes(id) && id !== "1,3" }]));
    cells["1,3"] = { count: 2 };
    const out = suppressCells({ cells, groups });
    expect(out.has("1,3")).toBe(true);
    expect(determined(groups, out)).not.toContain("1,3");
  });

  it("leaves no small cell recoverable in random tables with totals both ways", () => {
    const next = rng(20260501);
    for (let run = 0; run < 400; run++) {
      const rows = 2 + Math.floor(next() * 5);
      const cols = 2 + Math.floor(next() * 4);
      const counts = Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () => {
          const u = next();
          return u < 0.25 ? 0 : u < 0.55 ? 1 + Math.floor(next() * 4) : 5 + Math.floor(next() * 60);
        }),
      );
      const g = grid(counts);
      const hidden = suppressCells({ cells: g.cells, groups: g.groups });
      const primary = Object.entries(g.cells).filter(([, c]) => isSmall(c.count ?? 0)).map(([id]) => id);
      for (const id of primary) expect(hidden.has(id), `${JSON.stringify(counts)}: ${id}`).toBe(true);
      const exposed = new Set([...recoverable(g.values, g.groups, hidden), ...determined(g.groups, hidden)]);
      expect(primary.filter((id) => exposed.has(id)), JSON.stringify(counts)).toEqual([]);
    }
  });
});

describe("tables", () => {
  const columns: SuppressibleColumn[] = [
    { key: "stadsdel", role: "dimension", format: "text" },
    { key: "beslut", role: "measure", format: "antal", scope: "beslut" },
    { key: "avslag", role: "measure", format: "antal", scope: "beslut", partOf: "beslut" },
    { key: "bifall", role: "measure", format: "antal", scope: "beslut", partOf: "beslut" },
    { key: "andel", role: "measure", format: "andel", scope: "beslut", builtOn: ["avslag", "beslut"] },
    { key: "beviljade", role: "measure", format: "h", scope: "manad" },
    { key: "utforda", role: "measure", format: "h", scope: "manad" },
    { key: "grad", role: "measure", format: "andel", scope: "manad" },
  ];
  const row = (stadsdel: string, beslut: number, avslag: number, nManad: number, beviljade: number, utforda: number) => ({
    cells: { stadsdel, beslut, avslag, bifall: beslut - avslag, andel: avslag / beslut, beviljade, utforda, grad: utforda / beviljade },
    n: { beslut, manad: nManad },
  });
  const table: SuppressibleTable = {
    columns,
    rows: [row("A", 40, 3, 30, 900, 500), row("B", 25, 8, 3, 60, 30), row("C", 60, 12, 50, 1500, 800)],
    total: row("Totalt", 125, 23, 83, 2460, 1330),
  };

  it("hides a small count, its rate, the rest of its row's split and enough of its column", () => {
    const { rows, total } = suppressTableCells(table);
    expect(rows[0].avslag && rows[0].andel && rows[0].bifall).toBe(true);
    // The avslag column's total is shown: a second stadsdel's avslag goes (the smallest, B), with its rate.
    expect(rows[1].avslag && rows[1].andel).toBe(true);
    expect(total).toEqual({});
  });

  it("hides a row's hours with its few cases, a second row's against the total, and the rates built on them", () => {
    const { rows } = suppressTableCells(table);
    expect(rows[1].beviljade && rows[1].utforda && rows[1].grad).toBe(true);
    // A's 30 cases are fewer than C's 50: A gives up its hours so B's cannot be worked out.
    expect(rows[0].beviljade && rows[0].utforda && rows[0].grad).toBe(true);
    expect(rows[2].beviljade ?? false).toBe(false);
  });

  it("needs no secondary rows where the table has no total, unless its totals are published elsewhere", () => {
    const noTotal = { ...table, total: undefined };
    expect(suppressTableCells(noTotal).rows[0].beviljade ?? false).toBe(false);
    expect(suppressTableCells(noTotal, { totalPublished: true }).rows[0].beviljade).toBe(true);
  });

  it("removes hidden values and their links, keeping the rest", () => {
    const t = applySuppression({
      ...table,
      rows: table.rows.map((r) => ({ ...r, links: { avslag: "/arenden?x", beslut: "/arenden?y" } })),
    });
    expect(t.rows[0].cells.avslag).toBeNull();
    expect(t.rows[0].cells.beslut).toBe(40);
    expect(t.rows[0].links).toEqual({ beslut: "/arenden?y" });
    expect(t.suppressed).toBe(true);
  });
});
