/**
 * /omkostnader's tables and charts, from queries/omkostnader.ts. Shared by the
 * page and its CSV route.
 */
import type { MeasureId } from "../../queries/measures.ts";
import { omkostnader, SARSKILD_UTFALL, STADSDEL_OMK, UTFORARE_OMK, type Omkostnader } from "../../queries/omkostnader.ts";
import { cachedView, type DashboardContext } from "./dashboard.server.ts";
import { utforareNames } from "./filter-options.server.ts";
import { barChart, refTo, type Chart } from "./plot.server.ts";
import { capPage, suppressTable, type TableData } from "./table.ts";
import { buildTable, rowLabel, stadsdelDims } from "./tables.server.ts";

export interface OmkostnaderTables {
  data: Omkostnader;
  utforare: TableData;
  sarskilda: TableData;
  stadsdel: TableData;
  measures: MeasureId[];
}

export async function omkostnaderTables(ctx: DashboardContext): Promise<OmkostnaderTables> {
  const d = await omkostnader(ctx.db, ctx.filters);
  const period = ctx.filters.period.label;
  const names = utforareNames(ctx.options);
  const base = { filters: ctx.filters, hideSmall: ctx.hideSmall };
  const utforareDims = [
    ...(ctx.filters.kommun ? [] : [{ key: "kommun" as const, label: "Kommun" }]),
    { key: "utforare" as const, label: "Utförare" },
  ];
  const withCosts = d.byUtforare.filter((r) => UTFORARE_OMK.some((id) => (r[id] ?? 0) !== 0));
  const utfTable = buildTable({
    ...base,
    hideSmall: false,
    id: "utforare",
    caption: `Schablon för omkostnader och faktiska kostnader per utförare, ${period}`,
    dims: utforareDims,
    measures: UTFORARE_OMK,
    rows: withCosts,
    total: d.total,
    names: { utforare: names },
  });
  // Schablon minus actual costs: what the schablon left over (or fell short by) for the utförare.
  const diff = (cells: Record<string, unknown>) =>
    typeof cells.schablon === "number" && typeof cells.omkostnad_faktisk === "number" ? cells.schablon - cells.omkostnad_faktisk : null;
  const utforare = suppressTable(
    {
      ...utfTable,
      columns: [
        ...utfTable.columns,
        { key: "skillnad", label: "Schablon minus faktiska", format: "kr", role: "measure", scope: "manad", description: "Intjänad schablon minus redovisade faktiska kostnader: positivt när schablonen räckte." },
      ],
      rows: utfTable.rows.map((r) => ({ ...r, cells: { ...r.cells, skillnad: diff(r.cells) } })),
      total: utfTable.total && { ...utfTable.total, cells: { ...utfTable.total.cells, skillnad: diff(utfTable.total.cells) } },
    },
    ctx.hideSmall,
  );

  const sarskildaTotal = {
    antal: d.sarskilda.reduce((a, r) => a + r.antal, 0),
    belopp: d.sarskilda.reduce((a, r) => a + r.belopp, 0),
    arenden: d.sarskilda.reduce((a, r) => a + r.arenden, 0),
  };
  const sarskilda = suppressTable(
    {
      id: "sarskilda",
      caption: `Särskilda ansökningar om omkostnader efter regelmotorns bedömning, ${period}`,
      columns: [
        { key: "utfall", label: "Bedömning", format: "text", role: "dimension" },
        { key: "antal", label: "Ansökningar", format: "antal", role: "measure", scope: "sarskild" },
        { key: "belopp", label: "Belopp", format: "kr", role: "measure", scope: "sarskild" },
      ],
      rows: d.sarskilda.map((r) => ({ key: r.utfall, cells: { utfall: SARSKILD_UTFALL[r.utfall], antal: r.antal, belopp: r.belopp }, n: { sarskild: r.arenden } })),
      // The distinct cases of the groups may overlap; the total's case count is only used against the threshold.
      total: { key: "totalt", cells: { utfall: "Totalt", ...sarskildaTotal }, n: { sarskild: sarskildaTotal.arenden } },
    },
    ctx.hideSmall,
  );

  const stadsdel = buildTable({
    ...base,
    id: "stadsdel",
    caption: `Månadsbelopp, särskilda ansökningar och schablon per stadsdel, ${period}`,
    dims: stadsdelDims(ctx.filters),
    measures: STADSDEL_OMK,
    rows: d.byStadsdel,
    total: d.total,
  });
  return { data: d, utforare, sarskilda, stadsdel, measures: [...new Set<MeasureId>([...UTFORARE_OMK, ...STADSDEL_OMK])] };
}

export function omkostnaderCharts(t: OmkostnaderTables, periodLabel: string): { utforare: Chart; manadsbelopp: Chart } {
  const u = t.utforare;
  const uRows = u.rows.filter((r) => !r.hidden?.schablon && ((r.cells.schablon as number) > 0 || (r.cells.omkostnad_faktisk as number) > 0));
  const uSeries = ["Schablon intjänad", "Faktiska kostnader"];
  const utforare = barChart({
    id: "utforare",
    title: `Schablon och faktiska omkostnader per utförare, ${periodLabel}`,
    description: "Liggande staplar, två per utförare: schablonen som utföraren fått för ledsagarnas omkostnader (R8) och de faktiska kostnader utföraren redovisat.",
    categories: uRows.map((r) => rowLabel(u, r)),
    series: uSeries,
    values: uRows.flatMap((r) => [
      { category: rowLabel(u, r), series: uSeries[0], value: r.cells.schablon as number | null },
      { category: rowLabel(u, r), series: uSeries[1], value: r.cells.omkostnad_faktisk as number | null },
    ]),
    unit: "kr",
    xLabel: "Kronor →",
    data: refTo(u),
  });
  const s = t.stadsdel;
  const mSeries = ["Ram", "Ersatt"];
  const manadsbelopp = barChart({
    id: "manadsbelopp",
    title: `Månadsbeloppet per stadsdel: ram och ersatt, ${periodLabel}`,
    description: "Liggande staplar, två per stadsdel: ramen för månadsbeloppet (300 kr per månad med beslut, R10) och vad som ersatts. Ju kortare ersatt-stapeln är, desto mindre används beloppet.",
    categories: s.rows.map((r) => rowLabel(s, r)),
    series: mSeries,
    values: s.rows.flatMap((r) => [
      { category: rowLabel(s, r), series: mSeries[0], value: r.cells.manadsbelopp_ram as number | null },
      { category: rowLabel(s, r), series: mSeries[1], value: r.cells.manadsbelopp_ersatt as number | null },
    ]),
    unit: "kr",
    xLabel: "Kronor →",
    data: refTo(s),
  });
  return { utforare, manadsbelopp };
}

/** Tables and charts of one view, cached while the data are unchanged (shared by page and CSV route). */
export function omkostnaderView(ctx: DashboardContext) {
  return cachedView(ctx, "omkostnader", async () => {
    const t = await omkostnaderTables(ctx);
    // The page shows the largest utförare and stadsdelar of a long list (national scale); the CSV route exports `t`.
    const page = capPage(t, { utforare: "schablon" });
    return { t, page, charts: omkostnaderCharts(page, ctx.filters.period.label) };
  });
}
