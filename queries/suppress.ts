/**
 * Small-count suppression (röjandekontroll) for aggregates shown to readers
 * without access to the cases behind them, and always in the nämnd report.
 *
 * The rule (docs/REPORT.md, "Små tal döljs"):
 * 1. Primary: a count of persons, cases or beslut from 1 to threshold − 1
 *    (default 5: 1–4) is hidden, and so is every figure computed from the
 *    same selection of cases when that selection has 1–4 cases (hours,
 *    amounts, rates, medians of the row).
 * 2. Derived: a figure computed from a hidden figure (a rate from a hidden
 *    count, a change from a hidden value) is hidden.
 * 3. Secondary: where cells add up to a total that is published (in the same
 *    table, or elsewhere in the same output), one hidden cell could be
 *    recovered as total − the others. So while some such group has exactly
 *    one hidden cell, the smallest other non-zero cell of the group is hidden
 *    too; if there is none, the group's total is hidden. Hiding a cell can
 *    create a new lone hidden cell in another group (a row and a column share
 *    cells), so this repeats until no group has a lone hidden cell.
 * 4. Audit: groups can pin a cell down together even where none has a lone
 *    hidden cell; the groups' sums are solved as a linear system and, while a
 *    primary cell is still determined exactly, one more cell next to it is
 *    hidden and rule 3 runs again.
 * 5. Zero is shown: "no one" reveals nothing about a person, and a hidden 0
 *    would protect nothing since readers know hidden cells are not 0.
 *
 * `suppressCells` is the rule on an abstract set of cells and groups; the
 * table adapter `suppressTableCells` builds that set from a dashboard or report
 * table (app/lib/table.ts's TableData fits its structural types).
 */
export const DEFAULT_THRESHOLD = 5;

export type Suppressible = { value: number | null; hidden: boolean };

/** Hides a count under the threshold (but not zero). */
export function isSmall(count: number, threshold = DEFAULT_THRESHOLD): boolean {
  return count > 0 && count < threshold;
}

/**
 * Applies primary and secondary suppression to one additive group of counts
 * (cells that sum to a shown total). Returns which cells to hide, by index.
 * For several groups sharing cells (a table with row and column totals) use
 * `suppressCells`, which also hides the total where no other cell can cover.
 */
export function suppressGroup(counts: number[], threshold = DEFAULT_THRESHOLD, totalShown = true): boolean[] {
  const cells: Record<string, CellSpec> = {};
  counts.forEach((c, i) => (cells[i] = { count: c }));
  const hidden = suppressCells(
    { cells, groups: totalShown ? [{ parts: counts.map((_, i) => String(i)), total: "published" }] : [] },
    threshold,
  );
  return counts.map((_, i) => hidden.has(String(i)));
}

// ---------------------------------------------------------------------------
// The rule on cells and groups
// ---------------------------------------------------------------------------

export interface CellSpec {
  /** A count of persons, cases or beslut: hidden when small (primary). */
  count?: number | null;
  /** Distinct cases behind the figure, whatever it is (hours, amounts, rates): hidden when small. */
  cases?: number | null;
  /** Hidden from the start (e.g. decided by another table of the same output). */
  hidden?: boolean;
  /**
   * Which cell to give up as the secondary: the smallest weight first (default
   * the count, else the cases). Cells of one row share their row's case count,
   * so every column of a group picks the same row. Weight 0 never is picked.
   */
  weight?: number;
}

export interface AdditiveGroup {
  /** Cells that add up to the total. */
  parts: readonly string[];
  /**
   * The total: a cell id (hidden itself when nothing else can protect a lone
   * hidden part), "published" when it is shown elsewhere and cannot be hidden
   * here (e.g. the kommun's figure in the summary), or null when it is
   * published nowhere (then the group needs no secondary cell).
   */
  total: string | "published" | null;
}

export interface SuppressionProblem {
  cells: Readonly<Record<string, CellSpec>>;
  groups?: readonly AdditiveGroup[];
  /** Figures computed from others: hidden when any of `from` is. */
  derived?: readonly { cell: string; from: readonly string[] }[];
}

/**
 * The ids of the cells to hide under the rule above (deterministic: ties go to
 * the first listed). After the lone-cell rule, an audit solves the groups' sums
 * as a linear system: if the shown cells still determine a primary cell
 * exactly (a chain of groups can, even where no group has a lone hidden cell),
 * one more cell next to it is hidden and the rule runs again.
 */
export function suppressCells(p: SuppressionProblem, threshold = DEFAULT_THRESHOLD): Set<string> {
  const hidden = new Set<string>();
  for (const [id, c] of Object.entries(p.cells)) {
    if (c.hidden || isSmall(c.count ?? 0, threshold) || isSmall(c.cases ?? 0, threshold)) hidden.add(id);
  }
  const primary = new Set(hidden);
  const weight = (id: string) => {
    const c = p.cells[id];
    return c?.weight ?? c?.count ?? c?.cases ?? 0;
  };
  const smallest = (ids: Iterable<string>) => {
    let best: string | null = null;
    for (const id of ids) {
      if (hidden.has(id) || weight(id) <= 0) continue;
      if (best === null || weight(id) < weight(best)) best = id;
    }
    return best;
  };
  const groups = p.groups ?? [];
  for (;;) {
    loneCellRule(p, groups, hidden, smallest);
    const exposed = disclosedCells(groups, hidden).filter((id) => primary.has(id));
    if (exposed.length === 0) return hidden;
    const extra = smallest(shownNeighbours(groups, hidden, exposed[0]));
    if (extra === null) return hidden; // nothing left to hide: it is determined by published totals alone
    hidden.add(extra);
  }
}

/**
 * The shown cells that share a group with `start` or with a hidden cell linked to it
 * through groups: hiding one of them adds an unknown to the equations that pin it.
 */
function shownNeighbours(groups: readonly AdditiveGroup[], hidden: ReadonlySet<string>, start: string): string[] {
  const members = (g: AdditiveGroup) => [...g.parts, ...(g.total && g.total !== "published" ? [g.total] : [])];
  const seen = new Set([start]);
  const shown: string[] = [];
  for (const queue = [start]; queue.length > 0; ) {
    const id = queue.shift()!;
    for (const g of groups) {
      const m = members(g);
      if (!m.includes(id)) continue;
      for (const other of m) {
        if (seen.has(other)) continue;
        seen.add(other);
        if (hidden.has(other)) queue.push(other);
        else shown.push(other);
      }
    }
  }
  return shown;
}

/** Rules 2 and 3 to a fixpoint: derived figures, then lone hidden cells in groups. */
function loneCellRule(
  p: SuppressionProblem,
  groups: readonly AdditiveGroup[],
  hidden: Set<string>,
  smallest: (ids: Iterable<string>) => string | null,
): void {
  const derived = p.derived ?? [];
  // Each pass hides at least one more cell or stops, so it ends within |cells| passes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of derived) {
      if (!hidden.has(d.cell) && d.from.some((f) => hidden.has(f))) {
        hidden.add(d.cell);
        changed = true;
      }
    }
    for (const g of groups) {
      if (g.total === null || (g.total !== "published" && hidden.has(g.total))) continue;
      if (g.parts.filter((id) => hidden.has(id)).length !== 1) continue;
      const best = smallest(g.parts);
      if (best !== null) hidden.add(best);
      else if (g.total !== "published") hidden.add(g.total);
      else continue; // the published total equals the lone cell: it is small itself and hidden where it is published
      changed = true;
    }
  }
}

/** Above this many hidden cells the exact audit is skipped (its cost grows with the cube). */
const AUDIT_MAX_UNKNOWNS = 600;

/**
 * The hidden cells whose value the shown cells determine exactly through the
 * groups' sums (any linear combination of them). Each group with a published
 * total is an equation Σ parts − total = 0; shown cells are constants. In the
 * reduced row echelon form of the equations over the hidden cells, a cell is
 * determined when it is a pivot whose row has no free cell in it.
 */
export function disclosedCells(groups: readonly AdditiveGroup[], hidden: ReadonlySet<string>): string[] {
  const unknowns = [...hidden];
  if (unknowns.length === 0 || unknowns.length > AUDIT_MAX_UNKNOWNS) return [];
  const col = new Map(unknowns.map((id, i) => [id, i]));
  const rows: number[][] = [];
  for (const g of groups) {
    if (g.total === null) continue;
    const row = new Array<number>(unknowns.length).fill(0);
    let any = false;
    for (const id of g.parts) {
      const j = col.get(id);
      if (j !== undefined) (row[j] += 1), (any = true);
    }
    const t = g.total === "published" ? undefined : col.get(g.total);
    if (t !== undefined) (row[t] -= 1), (any = true);
    if (any) rows.push(row);
  }
  const EPS = 1e-9;
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < unknowns.length && r < rows.length; c++) {
    let best = r;
    for (let i = r + 1; i < rows.length; i++) if (Math.abs(rows[i][c]) > Math.abs(rows[best][c])) best = i;
    if (Math.abs(rows[best][c]) < EPS) continue;
    [rows[r], rows[best]] = [rows[best], rows[r]];
    const lead = rows[r][c];
    for (let k = 0; k < unknowns.length; k++) rows[r][k] /= lead;
    for (let i = 0; i < rows.length; i++) {
      if (i === r || Math.abs(rows[i][c]) < EPS) continue;
      const f = rows[i][c];
      for (let k = 0; k < unknowns.length; k++) rows[i][k] -= f * rows[r][k];
    }
    pivots.push(c);
    r++;
  }
  const out: string[] = [];
  pivots.forEach((c, i) => {
    if (rows[i].every((v, k) => k === c || Math.abs(v) < EPS)) out.push(unknowns[c]);
  });
  return out;
}

// ---------------------------------------------------------------------------
// Tables (structural: app/lib/table.ts's TableData fits)
// ---------------------------------------------------------------------------

export interface SuppressibleColumn {
  key: string;
  role: "dimension" | "measure";
  /** "antal" columns are counts (primary on their value); "h", "kr", "antal" add up down a column. */
  format: string;
  /** The scope whose case count (`row.n[scope]`) governs the figure. */
  scope?: string;
  /** A count column that is one part of the row's count column `partOf` (avslag of beslut). */
  partOf?: string;
  /** Count columns a rate is built on. */
  builtOn?: readonly string[];
  /** Whether the column's cells add up to the total row's; default: format h, kr or antal without builtOn. */
  additive?: boolean;
}

export interface SuppressibleRow {
  cells: Record<string, string | number | null>;
  n: Record<string, number>;
  hidden?: Record<string, true>;
}

export interface SuppressibleTable {
  columns: readonly SuppressibleColumn[];
  rows: readonly SuppressibleRow[];
  total?: SuppressibleRow;
}

export interface TableSuppressionOptions {
  threshold?: number;
  /**
   * The column totals are published elsewhere in the same output even though
   * the table has no total row (e.g. the kommun's figures in a report's
   * summary): the columns then still need secondary cells.
   */
  totalPublished?: boolean;
  /**
   * With `totalPublished`: the rows fall into blocks by this column's value, and
   * each block's sum is what is published elsewhere (a table of stadsdel × kön:
   * women + men of a stadsdel = the stadsdel's figure on its own page). Each block
   * of each additive column is then a group of its own; their sum, the column's
   * total, follows from them.
   */
  totalsBy?: string;
}

const ADDITIVE_FORMATS = new Set(["h", "kr", "antal"]);

function isAdditive(c: SuppressibleColumn): boolean {
  return c.additive ?? (ADDITIVE_FORMATS.has(c.format) && !c.builtOn?.length);
}

/**
 * The cells of a table to hide: `rows[i]` and `total` map column keys to true.
 * Groups are each additive column (rows → total row) and each row's parts of a
 * count (`partOf`); a row's figures of a scope are hidden with its case count;
 * a rate is hidden with the counts it is built on. Cells already marked hidden
 * stay hidden.
 */
export function suppressTableCells(
  table: SuppressibleTable,
  opts: TableSuppressionOptions = {},
): { rows: Record<string, true>[]; total: Record<string, true> } {
  const measures = table.columns.filter((c) => c.role === "measure");
  const all = table.total ? [...table.rows, table.total] : [...table.rows];
  const id = (r: number, k: string) => `${r}\u0000${k}`;
  const TOTAL = table.rows.length;
  const cells: Record<string, CellSpec> = {};
  const derived: { cell: string; from: string[] }[] = [];
  const groups: AdditiveGroup[] = [];
  all.forEach((row, r) => {
    for (const c of measures) {
      const value = row.cells[c.key];
      const cases = c.scope ? (row.n[c.scope] ?? 0) : undefined;
      cells[id(r, c.key)] = {
        count: c.format === "antal" && typeof value === "number" ? value : undefined,
        cases,
        hidden: row.hidden?.[c.key] === true,
        // Secondary cells go by the row's cases, so all columns of a scope give up the same row.
        weight: cases ?? (typeof value === "number" ? Math.abs(value) : 0),
      };
      // A rate, median or verdict of the row is computed from the row's hours and amounts of its
      // scope (utförandegrad from utförda and beviljade): hidden with any of them, and with its counts.
      if (!isAdditive(c)) {
        const from = [...(c.builtOn ?? []), ...measures.filter((o) => o.scope === c.scope && c.scope && isAdditive(o) && o.format !== "antal").map((o) => o.key)];
        if (from.length) derived.push({ cell: id(r, c.key), from: from.map((k) => id(r, k)) });
      }
    }
    const parts = new Map<string, string[]>();
    for (const c of measures) if (c.partOf) parts.set(c.partOf, [...(parts.get(c.partOf) ?? []), id(r, c.key)]);
    for (const [totalKey, ids] of parts) groups.push({ parts: ids, total: id(r, totalKey) });
  });
  const blocks = new Map<string, number[]>();
  if (opts.totalsBy !== undefined) {
    table.rows.forEach((row, r) => {
      const b = String(row.cells[opts.totalsBy!] ?? "");
      blocks.set(b, [...(blocks.get(b) ?? []), r]);
    });
  }
  for (const c of measures) {
    if (!isAdditive(c)) continue;
    if (opts.totalPublished && opts.totalsBy !== undefined) {
      for (const rs of blocks.values()) groups.push({ parts: rs.map((r) => id(r, c.key)), total: "published" });
    }
    if (opts.totalsBy !== undefined && !table.total) continue;
    const parts = table.rows.map((_, r) => id(r, c.key));
    groups.push({ parts, total: table.total ? id(TOTAL, c.key) : opts.totalPublished ? "published" : null });
  }
  const hidden = suppressCells({ cells, groups, derived }, opts.threshold);
  const marks = all.map((_, r) => {
    const m: Record<string, true> = {};
    for (const c of measures) if (hidden.has(id(r, c.key))) m[c.key] = true;
    return m;
  });
  return { rows: marks.slice(0, table.rows.length), total: table.total ? marks[TOTAL] : {} };
}

/**
 * The table with its hidden cells' values removed (not just marked), so they
 * can reach neither a page, a CSV file nor a PDF. Links of hidden cells go too.
 */
export function applySuppression<T extends SuppressibleTable & { rows: (SuppressibleRow & { links?: Record<string, string> })[]; total?: SuppressibleRow & { links?: Record<string, string> } }>(
  table: T,
  opts: TableSuppressionOptions = {},
): T & { suppressed: true } {
  const marks = suppressTableCells(table, opts);
  const strip = <R extends SuppressibleRow & { links?: Record<string, string> }>(row: R, hidden: Record<string, true>): R => {
    const cells = { ...row.cells };
    for (const k of Object.keys(hidden)) cells[k] = null;
    const links = row.links ? Object.fromEntries(Object.entries(row.links).filter(([k]) => !hidden[k])) : undefined;
    return { ...row, cells, hidden, ...(links ? { links } : {}) };
  };
  return {
    ...table,
    rows: table.rows.map((r, i) => strip(r, marks.rows[i])),
    ...(table.total ? { total: strip(table.total, marks.total) } : {}),
    suppressed: true,
  };
}

/** The text a hidden cell shows. */
export const HIDDEN_MARK = "–";
export const HIDDEN_FOOTNOTE = `– Uppgiften visas inte: färre än ${DEFAULT_THRESHOLD} personer, eller en summa som annars skulle röja en sådan uppgift.`;
