/**
 * /bevakning's table and chart, from queries/bevakning.ts: stadsdelar as rows,
 * one column per process flag (cases with the flag), and cases with any flag.
 */
import { bevakning, type Bevakning } from "../../queries/bevakning.ts";
import { FLAG_RULES, MEASURES } from "../../queries/measures.ts";
import { cachedView, type DashboardContext } from "./dashboard.server.ts";
import { dimensionLabel, FLAG_LABEL, FLAG_SHORT } from "./labels.ts";
import { barChart, refTo, type Chart } from "./plot.server.ts";
import { capPage, suppressTable, type TableColumn, type TableData, type TableRow } from "./table.ts";
import { caseLink, stadsdelDims } from "./tables.server.ts";

export interface BevakningTables {
  data: Bevakning;
  stadsdel: TableData;
  regel: TableData;
}

export async function bevakningTables(ctx: DashboardContext): Promise<BevakningTables> {
  const d = await bevakning(ctx.db, ctx.filters);
  const f = ctx.filters;
  const dims = stadsdelDims(f);
  const count = new Map(d.byStadsdelRegel.map((r) => [`${r.kommun}|${r.stadsdel_nu}|${r.regel}`, r.arenden_med_flagga ?? 0]));
  const columns: TableColumn[] = [
    ...dims.map((x) => ({ key: x.key, label: x.label, format: "text" as const, role: "dimension" as const })),
    ...FLAG_RULES.map((rule) => ({
      key: rule,
      label: `${rule} ${FLAG_SHORT[rule]}`,
      format: "antal" as const,
      role: "measure" as const,
      description: `Ärenden med flaggan ${rule} (${FLAG_LABEL[rule].toLowerCase()}) daterad under perioden.`,
    })),
    { key: "alla", label: "Någon flagga", format: "antal", role: "measure", scope: "flagga", description: MEASURES.arenden_med_flagga.definition },
  ];
  const row = (key: string, group: { kommun?: string | number | null; stadsdel_nu?: string | number | null }, any: number, perRule: (rule: string) => number, label: boolean): TableRow => {
    const cells: TableRow["cells"] = {};
    dims.forEach((x, i) => (cells[x.key] = label ? dimensionLabel(x.key, group[x.key] ?? null) : i === 0 ? "Totalt" : ""));
    const links: Record<string, string> = {};
    for (const rule of FLAG_RULES) {
      cells[rule] = perRule(rule);
      const href = caseLink(f, { ...group, regel: rule }, "arenden_med_flagga");
      if (href && cells[rule]) links[rule] = href;
    }
    cells.alla = any;
    const href = caseLink(f, group, "arenden_med_flagga");
    if (href && any) links.alla = href;
    return { key, cells, links, n: { flagga: any } };
  };
  const rows = d.byStadsdel.map((r) =>
    row(`${r.kommun}|${r.stadsdel_nu}`, { kommun: r.kommun, stadsdel_nu: r.stadsdel_nu }, r.arenden_med_flagga ?? 0, (rule) => count.get(`${r.kommun}|${r.stadsdel_nu}|${rule}`) ?? 0, true),
  );
  const byRule = new Map(d.byRegel.map((r) => [String(r.regel), r]));
  const total = row("totalt", {}, d.total.arenden_med_flagga ?? 0, (rule) => byRule.get(rule)?.arenden_med_flagga ?? 0, false);
  const stadsdel = suppressTable(
    { id: "stadsdel", caption: `Ärenden med processflaggor per stadsdel och regel, ${f.period.label}`, columns, rows, total },
    ctx.hideSmall,
  );

  const regel = suppressTable(
    {
      id: "regel",
      caption: `Processflaggor per regel, ${f.period.label}`,
      columns: [
        { key: "regel", label: "Regel", format: "text", role: "dimension" },
        { key: "arenden", label: "Ärenden", format: "antal", role: "measure", scope: "flagga" },
        { key: "flaggor", label: "Flaggor", format: "antal", role: "measure", scope: "flagga" },
      ],
      rows: FLAG_RULES.map((rule) => {
        const r = byRule.get(rule);
        const href = caseLink(f, { regel: rule }, "arenden_med_flagga");
        const n = r?.arenden_med_flagga ?? 0;
        return { key: rule, cells: { regel: dimensionLabel("regel", rule), arenden: n, flaggor: r?.flaggor ?? 0 }, links: (href && n ? { arenden: href } : {}) as Record<string, string>, n: { flagga: n } };
      }),
    },
    ctx.hideSmall,
  );
  return { data: d, stadsdel, regel };
}

export function bevakningChart(t: BevakningTables, periodLabel: string): Chart {
  const rows = t.regel.rows;
  return barChart({
    id: "regel",
    title: `Ärenden med processflaggor per regel, ${periodLabel}`,
    description: `Liggande staplar, en per regel: antal ärenden som fick flaggan under perioden. ${rows
      .map((r) => `${r.key}: ${r.hidden?.arenden ? "uppgift dold" : r.cells.arenden}`)
      .join(", ")}.`,
    categories: rows.map((r) => String(r.cells.regel)),
    series: ["Ärenden"],
    values: rows.map((r) => ({ category: String(r.cells.regel), series: "Ärenden", value: r.hidden?.arenden ? null : (r.cells.arenden as number) })),
    unit: "antal",
    xLabel: "Ärenden →",
    data: refTo(t.regel),
  });
}

/** Tables and chart of one view, cached while the data are unchanged (shared by page and CSV route). */
export function bevakningView(ctx: DashboardContext) {
  return cachedView(ctx, "bevakning", async () => {
    const t = await bevakningTables(ctx);
    // The page shows the stadsdelar with most flagged cases of a long list (national scale); the CSV route exports `t`.
    const page = capPage(t, { stadsdel: "alla" });
    return { t, page, chart: bevakningChart(page, ctx.filters.period.label) };
  });
}
