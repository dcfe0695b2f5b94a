/**
 * From aggregate() rows to a TableData: labels for the group values, one column
 * per measure (label, unit and definition from the registry), the link to the
 * cases behind every additive figure, and small-count suppression.
 *
 * Links: `/arenden?<the page's filters, narrowed to the row>&scope=<scope>&matt=<measure>`
 * plus what the measure itself selects (e.g. `utfall=avslag`, `kon=K`) and what
 * the row's group adds (`flagga=R13` for a rule, `utfall=` for an outcome). A
 * row of month, tertial or year narrows `period`. The case list applies the same
 * filterWhere, so the sum over its cases is the figure.
 */
import type { AggregateRow, GroupBy } from "../../queries/aggregate.ts";
import { filtersToSearchParams, parsePeriod, type Aldersgrupp, type Filters } from "../../queries/filters.ts";
import { MEASURES, type MeasureId } from "../../queries/measures.ts";
import { formatNumber, formatPercent } from "./format.ts";
import { dimensionLabel } from "./labels.ts";
import { suppressTable, type CellFormat, type TableColumn, type TableData, type TableRow } from "./table.ts";

export interface DimensionSpec<G extends GroupBy = GroupBy> {
  key: G;
  label: string;
}

export interface BuildTableOptions<M extends MeasureId, G extends GroupBy> {
  id: string;
  caption: string;
  filters: Filters;
  dims: readonly DimensionSpec<G>[];
  measures: readonly M[];
  rows: readonly AggregateRow<M, G>[];
  /** The same measures without grouping: shown as the last row "Totalt". */
  total?: AggregateRow<M, never>;
  hideSmall: boolean;
  /** Display names of coded values (e.g. utförare id → name). */
  names?: Partial<Record<GroupBy, Record<string, string>>>;
  /** Column labels to use instead of the registry's. */
  labels?: Partial<Record<M, string>>;
}

/** Count measures a part of which another measure is (for secondary suppression across a row). */
const PART_OF: Partial<Record<MeasureId, MeasureId>> = {
  antal_bifall: "antal_beslut",
  antal_delavslag: "antal_beslut",
  antal_avslag: "antal_beslut",
};

/**
 * A column's `partOf` says its cells add up, with the other parts, to the row's total
 * (bifall + delavslag + avslag = beslut). That holds only where the table shows every
 * part: with avslag alone beside beslut there is no sum to protect, so the mark goes.
 */
export function withCompleteParts(columns: TableColumn[]): TableColumn[] {
  const keys = new Set(columns.map((c) => c.key));
  const complete = (total: string) =>
    Object.entries(PART_OF)
      .filter(([, t]) => t === total)
      .every(([part]) => keys.has(part));
  return columns.map((c) => {
    if (!c.partOf || !(c.partOf in MEASURES) || complete(c.partOf)) return c;
    const { partOf: _dropped, ...rest } = c;
    return rest;
  });
}

export function measureColumn(id: MeasureId, label?: string): TableColumn {
  const m = MEASURES[id];
  const builtOn = m.parts?.filter((p) => MEASURES[p].unit === "antal");
  return {
    key: id,
    // Tables are read across many columns: the short label where there is one (the definition is the header's title).
    label: label ?? m.short ?? m.label,
    format: m.unit as CellFormat,
    role: "measure",
    scope: m.scope,
    ...(PART_OF[id] ? { partOf: PART_OF[id] } : {}),
    ...(builtOn?.length ? { builtOn } : {}),
    // As the report's columns say (rapport/kit.server.ts measureCol): a median is in hours but adds up to nothing.
    additive: m.kind === "sum" || m.kind === "count",
    description: m.definition,
  };
}

/** The filters of a row: the page's filters narrowed by the row's group values. */
export function rowFilters(filters: Filters, group: Partial<Record<GroupBy, string | number | null>>): { filters: Filters; extra: Record<string, string> } | null {
  const f: Filters = { ...filters };
  const extra: Record<string, string> = {};
  for (const [dim, raw] of Object.entries(group)) {
    if (raw === null || raw === undefined) return null; // "uppgift saknas" cannot be expressed as a filter
    const v = String(raw);
    switch (dim as GroupBy) {
      case "kommun":
        f.kommun = v;
        break;
      case "stadsdel_nu":
        f.stadsdel = [v];
        break;
      case "kon":
        f.kon = [v];
        break;
      case "lagrum":
        f.lagrum = [v];
        break;
      case "insats":
        f.insats = [v];
        break;
      case "aldersgrupp":
        f.aldersgrupp = [v as Aldersgrupp];
        break;
      case "utforare":
        f.utforare = [v];
        break;
      case "manad":
      case "tertial":
      case "ar": {
        const p = parsePeriod(v);
        if (!p) return null;
        f.period = p;
        break;
      }
      case "regel":
        extra.flagga = v;
        break;
      case "utfall":
        extra.utfall = v;
        break;
      default:
        return null; // regi, arende_id: no filter of the case list says that
    }
  }
  return { filters: f, extra };
}

/** `/arenden?…` for the cases behind measure `id` in a row (null where it cannot be said as a URL). */
export function caseLink(filters: Filters, group: Partial<Record<GroupBy, string | number | null>>, id: MeasureId): string | null {
  const m = MEASURES[id];
  if (m.kind !== "sum" && m.kind !== "count") return null;
  const rf = rowFilters(filters, group);
  if (!rf) return null;
  return `/arenden?${filtersToSearchParams(rf.filters, { ...rf.extra, scope: m.scope, ...(m.drill ?? {}), matt: id }).toString()}`;
}

export function buildTable<M extends MeasureId, G extends GroupBy>(o: BuildTableOptions<M, G>): TableData {
  const columns: TableColumn[] = withCompleteParts([
    ...o.dims.map((d) => ({ key: d.key, label: d.label, format: "text" as const, role: "dimension" as const })),
    ...o.measures.map((id) => measureColumn(id, o.labels?.[id])),
  ]);
  const label = (dim: G, group: Partial<Record<GroupBy, string | number | null>>) => {
    const v = (group[dim] ?? null) as string | number | null;
    const names = o.names?.[dim];
    // Utförare ids repeat between kommuner: look the name up under the row's kommun first.
    const kommun = group.kommun ?? o.filters.kommun;
    const own = dim === "utforare" && names && kommun && v !== null ? names[`${kommun}|${v}`] : undefined;
    return dimensionLabel(dim, v, own ? { [String(v)]: own } : names);
  };
  const toRow = (r: AggregateRow<M, G> | AggregateRow<M, never>, key: string, group: Partial<Record<GroupBy, string | number | null>>, labelled: boolean): TableRow => {
    const cells: TableRow["cells"] = {};
    const links: Record<string, string> = {};
    o.dims.forEach((d, i) => {
      cells[d.key] = labelled ? label(d.key, group) : i === 0 ? "Totalt" : "";
    });
    for (const id of o.measures) {
      cells[id] = (r as Record<string, number | null>)[id];
      const href = caseLink(o.filters, group, id);
      if (href) links[id] = href;
    }
    return { key, cells, links, n: r.n as Record<string, number> };
  };
  const rows = o.rows.map((r) => {
    const group = Object.fromEntries(o.dims.map((d) => [d.key, r[d.key]])) as Partial<Record<GroupBy, string | number | null>>;
    return toRow(r, o.dims.map((d) => String(r[d.key])).join("|"), group, true);
  });
  const table: TableData = {
    id: o.id,
    caption: o.caption,
    columns,
    rows,
    ...(o.total ? { total: toRow(o.total, "totalt", {}, false) } : {}),
  };
  return suppressTable(table, o.hideSmall);
}

/**
 * Key figures of two periods (e.g. this tertial and the same tertial a year
 * earlier): one row per measure, a column per period and the change. Suppression
 * is decided on the periods' own rows (each period is a selection of cases),
 * then the table is turned so that a measure reads across.
 */
export function keyFigureTable<M extends MeasureId>(o: {
  id: string;
  caption: string;
  filters: Filters;
  measures: readonly M[];
  now: { period: Filters["period"]; values: AggregateRow<M, never> };
  before: { period: Filters["period"]; values: AggregateRow<M, never> };
  hideSmall: boolean;
  /** Measures fetched only so that suppression can see them (not shown). */
  hiddenParts?: readonly MeasureId[];
}): TableData {
  const byPeriod: TableData = {
    id: o.id,
    caption: o.caption,
    columns: withCompleteParts([{ key: "period", label: "Period", format: "text", role: "dimension" }, ...o.measures.map((id) => measureColumn(id))]),
    rows: [o.now, o.before].map((r, i) => {
      const f = { ...o.filters, period: r.period };
      const cells: TableRow["cells"] = { period: r.period.label };
      const links: Record<string, string> = {};
      for (const id of o.measures) {
        cells[id] = (r.values as Record<string, number | null>)[id];
        const href = caseLink(f, {}, id);
        if (href) links[id] = href;
      }
      return { key: i === 0 ? "nu" : "fore", cells, links, n: r.values.n as Record<string, number> };
    }),
  };
  const [now, before] = suppressTable(byPeriod, o.hideSmall).rows;
  const rows: TableRow[] = o.measures
    .filter((id) => !o.hiddenParts?.includes(id))
    .map((id) => {
      const m = MEASURES[id];
      const hidden: Record<string, true> = {};
      if (now.hidden?.[id]) hidden.nu = true;
      if (before.hidden?.[id]) hidden.fore = true;
      const links: Record<string, string> = {};
      if (now.links?.[id]) links.nu = now.links[id];
      if (before.links?.[id]) links.fore = before.links[id];
      const a = now.cells[id] as number | null;
      const b = before.cells[id] as number | null;
      return {
        key: id,
        cells: { matt: m.label, nu: a, fore: b, forandring: hidden.nu || hidden.fore ? null : change(a, b, m.unit) },
        format: m.unit as CellFormat,
        links,
        n: {},
        ...(Object.keys(hidden).length ? { hidden: { ...hidden, ...(hidden.nu || hidden.fore ? { forandring: true as const } : {}) } } : {}),
      };
    });
  return {
    id: o.id,
    caption: o.caption,
    columns: [
      { key: "matt", label: "Mått", format: "text", role: "dimension" },
      { key: "nu", label: capitalise(o.now.period.label), format: "tal", role: "measure" },
      { key: "fore", label: capitalise(o.before.period.label), format: "tal", role: "measure" },
      { key: "forandring", label: "Förändring", format: "text", role: "measure" },
    ],
    rows,
    suppressed: o.hideSmall,
  };
}

/**
 * The change in words: percentage points for shares, percent for the rest.
 * Words rather than a leading "+", which a spreadsheet would take for a formula.
 */
export function change(now: number | null, before: number | null, unit: string): string | null {
  if (now === null || before === null) return null;
  const word = (d: number) => (d > 0 ? "ökat " : "minskat ");
  if (unit === "andel") {
    const pp = (now - before) * 100;
    if (Math.abs(pp) < 0.05) return "oförändrat";
    return `${word(pp)}${formatNumber(Math.abs(pp), 1)} procentenheter`;
  }
  if (before === 0) return now === 0 ? "oförändrat" : null;
  const rel = (now - before) / before;
  if (Math.abs(rel) < 0.005) return "oförändrat";
  return `${word(rel)}${formatPercent(Math.abs(rel), 0)}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Stadsdel rows, with the kommun as a column too while the selection spans several kommuner. */
export function stadsdelDims(filters: Filters): DimensionSpec<"kommun" | "stadsdel_nu">[] {
  return filters.kommun
    ? [{ key: "stadsdel_nu", label: "Stadsdel" }]
    : [
        { key: "kommun", label: "Kommun" },
        { key: "stadsdel_nu", label: "Stadsdel" },
      ];
}

/** A row's label for a chart's category axis: the last dimension cell (e.g. the stadsdel). */
export function rowLabel(table: TableData, row: TableRow): string {
  const dims = table.columns.filter((c) => c.role === "dimension");
  return String(row.cells[dims[dims.length - 1].key] ?? "");
}
