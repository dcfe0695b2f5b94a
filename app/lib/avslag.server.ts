/**
 * /avslag: avslag and delavslag by stadsdel, lagrum, kön, åldersgrupp and over time,
 * each a chart and a table, from queries/avslag.ts. Shared by the page loader and
 * its CSV route.
 */
import { avslagOversikt, AvslagParams, defaultTidsindelning, type AvslagDimension, type AvslagOversikt, type AvslagRad, type Tidsindelning } from "../../queries/avslag.ts";
import type { GroupBy } from "../../queries/aggregate.ts";
import type { MeasureId } from "../../queries/measures.ts";
import { makeTable, pct, utfallColumns, type AnalysContext, type Column } from "./analys.server.ts";
import { cachedView } from "./dashboard.server.ts";
import { formatCount } from "./format.ts";
import { parseSearchParams } from "./http.server.ts";
import { dimensionLabel } from "./labels.ts";
import { barChart, lineChart, type Chart } from "./plot.server.ts";
import type { TableData } from "./table.ts";
import { caseLink } from "./tables.server.ts";

export { AVSLAG_MEASURES } from "../../queries/avslag.ts";

export const DIMENSION_TITLE: Record<AvslagDimension, { id: string; label: string; heading: string }> = {
  stadsdel_nu: { id: "stadsdel", label: "Stadsdel", heading: "stadsdel" },
  lagrum: { id: "lagrum", label: "Lagrum", heading: "lagrum" },
  kon: { id: "kon", label: "Kön", heading: "kön" },
  aldersgrupp: { id: "aldersgrupp", label: "Åldersgrupp", heading: "åldersgrupp" },
};

export interface AvslagView {
  result: AvslagOversikt;
  tid: Tidsindelning;
  tables: Record<AvslagDimension | "tid", TableData>;
}

/** The page's own parameter `tid` (manad|tertial), validated: a bad value is a 400 naming it. */
export function tidFor(request: Request, ctx: AnalysContext): Tidsindelning {
  return tidParam(request) ?? defaultTidsindelning(ctx.filters.period);
}

/** `tid` as the URL gives it (undefined: not chosen), validated. */
export function tidParam(request: Request): Tidsindelning | undefined {
  return parseSearchParams(request, AvslagParams.loose()).tid;
}

/** Tables and charts of one view, cached while the data are unchanged (shared by page and CSV route). */
export function avslagPage(ctx: AnalysContext, tid: Tidsindelning) {
  return cachedView(ctx, `avslag-${tid}`, async () => {
    const view = await avslagView(ctx, tid);
    return { totalt: view.result.totalt, tables: view.tables, charts: avslagCharts(view) };
  });
}

export async function avslagView(ctx: AnalysContext, tid: Tidsindelning): Promise<AvslagView> {
  const result = await avslagOversikt(ctx.db, ctx.filters, tid);
  const f = ctx.filters;
  const where = f.kommun ? `${f.kommun}, ` : "";
  const period = f.period.label;
  const table = (dim: AvslagDimension | "manad" | "tertial", id: string, caption: string, label: string, rows: AvslagRad[], total?: AvslagRad) => {
    const group = (r: AvslagRad): Partial<Record<GroupBy, string | number | null>> =>
      dim === "stadsdel_nu" ? { kommun: r.kommun ?? f.kommun ?? null, stadsdel_nu: r.varde } : { [dim]: r.varde };
    const columns: Column<AvslagRad>[] = [
      { key: dim, label, format: "text", role: "dimension", value: (r) => dimensionLabel(dim, r.varde) },
      ...utfallColumns<AvslagRad>(),
      { key: "avslagsandel_95_nedre", label: "Avslag, 95 % KI nedre", format: "andel", scope: "beslut", builtOn: ["antal_avslag", "antal_beslut"], value: (r) => r.avslagCi?.low ?? null, description: "Nedre gräns för Wilsons 95 % konfidensintervall för andelen avslag." },
      { key: "avslagsandel_95_ovre", label: "Avslag, 95 % KI övre", format: "andel", scope: "beslut", builtOn: ["antal_avslag", "antal_beslut"], value: (r) => r.avslagCi?.high ?? null, description: "Övre gräns för Wilsons 95 % konfidensintervall för andelen avslag." },
    ];
    return makeTable<AvslagRad>({
      id,
      caption,
      columns,
      rows,
      rowKey: (r) => `${r.kommun ?? ""}|${r.varde ?? ""}`,
      n: (r) => ({ beslut: r.n }),
      measureLink: (r, m: MeasureId) => (r === total ? caseLink(f, {}, m) : caseLink(f, group(r), m)),
      total,
      hideSmall: ctx.hideSmall,
    });
  };
  const tables = {} as Record<AvslagDimension | "tid", TableData>;
  for (const dim of Object.keys(DIMENSION_TITLE) as AvslagDimension[]) {
    const t = DIMENSION_TITLE[dim];
    tables[dim] = table(dim, t.id, `Avslag och delavslag per ${t.heading}, ${where}${period}`, t.label, result.per[dim], result.totalt);
  }
  tables.tid = table(tid, "tid", `Avslag och delavslag per ${tid === "manad" ? "månad" : "tertial"}, ${where}${period}`, tid === "manad" ? "Månad" : "Tertial", result.tid.rader, result.totalt);
  return { result, tid, tables };
}

const SERIES = ["Andel avslag", "Andel delavslag"];

export function avslagCharts(view: AvslagView): Record<AvslagDimension | "tid", Chart | null> {
  const { result, tables } = view;
  const out = {} as Record<AvslagDimension | "tid", Chart | null>;
  for (const dim of Object.keys(DIMENSION_TITLE) as AvslagDimension[]) {
    const rows = result.per[dim];
    const t = DIMENSION_TITLE[dim];
    const categories = rows.map((r) => dimensionLabel(dim, r.varde));
    out[dim] =
      rows.length === 0
        ? null
        : barChart({
            id: `${t.id}-diagram`,
            title: `Andel avslag och delavslag per ${t.heading}`,
            description: `Liggande staplar: för varje ${t.heading} andelen av besluten som var avslag och som var delavslag. Alla beslut tillsammans: ${pct(result.totalt.avslagAndel)} avslag och ${pct(result.totalt.delavslagAndel)} delavslag av ${formatCount(result.totalt.beslut)} beslut. Siffrorna, med konfidensintervall, finns i tabellen under diagrammet.`,
            categories,
            series: SERIES,
            values: rows.flatMap((r, i) => [
              { category: categories[i], series: SERIES[0], value: r.avslagAndel },
              { category: categories[i], series: SERIES[1], value: r.delavslagAndel },
            ]),
            unit: "andel",
            xLabel: "Andel av besluten →",
            data: { ...tables[dim], id: `${t.id}-diagram-data` },
          });
  }
  const rows = result.tid.rader;
  const per = view.tid === "manad" ? "månad" : "tertial";
  // A tertial is drawn at its first month, so months and tertials share one time axis.
  const x = (key: string) => (view.tid === "manad" ? key : `${key.slice(0, 4)}-${String((Number(key.slice(6)) - 1) * 4 + 1).padStart(2, "0")}`);
  out.tid =
    rows.length === 0
      ? null
      : lineChart({
          id: "tid-diagram",
          title: `Andel avslag och delavslag per ${per}`,
          description: `Linjediagram med andelen avslag och andelen delavslag av besluten per ${per}${view.tid === "tertial" ? " (punkten står vid tertialens första månad)" : ""}. Siffrorna, med antal beslut och konfidensintervall, finns i tabellen under diagrammet.`,
          series: SERIES,
          points: rows.flatMap((r) => [
            { x: x(r.varde ?? ""), series: SERIES[0], y: r.avslagAndel },
            { x: x(r.varde ?? ""), series: SERIES[1], y: r.delavslagAndel },
          ]),
          unit: "andel",
          yLabel: "↑ Andel av besluten",
          data: { ...tables.tid, id: "tid-diagram-data" },
        });
  return out;
}
