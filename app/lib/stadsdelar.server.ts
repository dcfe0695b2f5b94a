/**
 * /stadsdelar (likabedömning): tables and charts from queries/likabedomning.ts.
 * Shared by the page loader (tables + charts) and its CSV route (tables only).
 */
import { avslagCurve, likabedomning, utforandegradCurve, type Likabedomning, type StadsdelRad } from "../../queries/likabedomning.ts";

export { STADSDEL_MEASURES } from "../../queries/likabedomning.ts";
import type { MeasureId } from "../../queries/measures.ts";
import type { FunnelVerdict } from "../../queries/stats.ts";
import { funnelChart, makeTable, pct, utfallColumns, verdictText, type AnalysContext, type Column } from "./analys.server.ts";
import { cachedView } from "./dashboard.server.ts";
import { formatCount } from "./format.ts";
import type { Chart } from "./plot.server.ts";
import type { TableData } from "./table.ts";
import { caseLink } from "./tables.server.ts";

export interface StadsdelarView {
  result: Likabedomning;
  tables: { avslag: TableData; standardiserad: TableData; utforandegrad: TableData; beslut: TableData };
}

const stadsdelCol: Column<StadsdelRad> = { key: "stadsdel", label: "Stadsdel", format: "text", role: "dimension", value: (r) => r.stadsdel };
/**
 * The funnel limits at the row's volume. They depend on the volume (`volume`, a count
 * column), so they are hidden with it: a limit would otherwise give a hidden count away.
 */
const limits = (key: string, what: string, pick: (r: StadsdelRad) => { l95: { low: number; high: number }; l998: { low: number; high: number } } | null, scope: "beslut" | "manad", volume: string): Column<StadsdelRad>[] => [
  { key: `${key}_95_nedre`, label: "95 %-gräns, nedre", format: "andel", scope, builtOn: [volume], value: (r) => pick(r)?.l95.low ?? null, description: `Nedre gräns för ${what} som slumpen ensam ger i 95 fall av 100 vid stadsdelens volym.` },
  { key: `${key}_95_ovre`, label: "95 %-gräns, övre", format: "andel", scope, builtOn: [volume], value: (r) => pick(r)?.l95.high ?? null, description: `Övre gräns för ${what} som slumpen ensam ger i 95 fall av 100 vid stadsdelens volym.` },
  { key: `${key}_998_nedre`, label: "99,8 %-gräns, nedre", format: "andel", scope, builtOn: [volume], value: (r) => pick(r)?.l998.low ?? null, description: `Nedre gräns för ${what} som slumpen ensam ger i 998 fall av 1 000.` },
  { key: `${key}_998_ovre`, label: "99,8 %-gräns, övre", format: "andel", scope, builtOn: [volume], value: (r) => pick(r)?.l998.high ?? null, description: `Övre gräns för ${what} som slumpen ensam ger i 998 fall av 1 000.` },
];

/** Tables, charts and summary of one view, cached while the data are unchanged (shared by page and CSV route). */
export function stadsdelarPage(ctx: AnalysContext) {
  return cachedView(ctx, "stadsdelar", async () => {
    const view = await stadsdelarView(ctx);
    return { kommun: view.result.kommuner[0]?.kommun ?? ctx.filters.kommun ?? null, tables: view.tables, charts: stadsdelarCharts(view), summary: stadsdelarSummary(view) };
  });
}

export async function stadsdelarView(ctx: AnalysContext): Promise<StadsdelarView> {
  const result = await likabedomning(ctx.db, ctx.filters);
  const f = ctx.filters;
  // Links go to the cases behind a figure: the row's stadsdel (or the whole kommun for the total).
  const link = (r: StadsdelRad, id: MeasureId) =>
    caseLink({ ...f, stadsdel: undefined }, result.totaler.includes(r) ? { kommun: r.kommun } : { kommun: r.kommun, stadsdel_nu: r.stadsdel }, id);
  const total = result.totaler[0];
  const kommun = result.kommuner[0];
  const common = {
    rows: result.rader,
    rowKey: (r: StadsdelRad) => `${r.kommun}|${r.stadsdel}`,
    n: (r: StadsdelRad) => r.n as Record<string, number>,
    measureLink: link,
    hideSmall: ctx.hideSmall,
    totalLabel: "Hela kommunen",
  };
  const period = f.period.label;
  const where = kommun ? `${kommun.kommun}, ` : "";

  const avslag = makeTable<StadsdelRad>({
    ...common,
    id: "avslag",
    caption: `Andel avslag per stadsdel jämfört med kommunen, ${where}${period}`,
    total,
    columns: [
      stadsdelCol,
      { key: "antal_beslut", label: "Beslut", format: "antal", measure: "antal_beslut", value: (r) => r.beslut },
      { key: "antal_avslag", label: "Avslag", format: "antal", measure: "antal_avslag", value: (r) => r.avslag },
      { key: "avslagsandel", label: "Andel avslag", format: "andel", measure: "avslagsandel", value: (r) => r.avslagAndel },
      ...limits("avslag", "andelen avslag", (r) => r.avslagFunnel, "beslut", "antal_beslut"),
      { key: "lage", label: "Läge i trattdiagrammet", format: "text", scope: "beslut", builtOn: ["antal_avslag"], value: (r) => verdictText(r.avslagFunnel?.verdict, r.avslagAndel, r.avslagFunnel?.target ?? null) },
    ],
  });

  const standardiserad = makeTable<StadsdelRad>({
    ...common,
    id: "standardiserad",
    caption: `Observerade och förväntade avslag givet lagrum och åldersgrupp, ${where}${period}`,
    columns: [
      stadsdelCol,
      { key: "antal_beslut", label: "Beslut", format: "antal", measure: "antal_beslut", value: (r) => r.beslut },
      { key: "antal_avslag", label: "Observerade avslag", format: "antal", measure: "antal_avslag", value: (r) => r.avslag },
      { key: "forvantade", label: "Förväntade avslag", format: "tal", scope: "beslut", builtOn: ["antal_beslut"], value: (r) => r.standardiserad?.forvantade ?? null, description: "Så många avslag stadsdelen skulle ha haft med kommunens avslagsandel inom varje kombination av lagrum och åldersgrupp." },
      { key: "kvot", builtOn: ["antal_avslag"], label: "Observerade / förväntade", format: "tal", scope: "beslut", value: (r) => r.standardiserad?.kvot ?? null, description: "1 = som kommunen givet ärendenas sammansättning; 2 = dubbelt så många avslag som förväntat." },
      { key: "kvot_95_nedre", builtOn: ["antal_avslag"], label: "95 % konfidensintervall, nedre", format: "tal", scope: "beslut", value: (r) => r.standardiserad?.low ?? null },
      { key: "kvot_95_ovre", builtOn: ["antal_avslag"], label: "95 % konfidensintervall, övre", format: "tal", scope: "beslut", value: (r) => r.standardiserad?.high ?? null },
      { key: "lage", label: "Bedömning", format: "text", scope: "beslut", builtOn: ["antal_avslag"], value: (r) => smrText(r.standardiserad?.verdict, r.standardiserad?.kvot ?? null) },
    ],
  });

  const utforandegrad = makeTable<StadsdelRad>({
    ...common,
    id: "utforandegrad",
    caption: `Utförandegrad per stadsdel jämfört med kommunen, ${where}${period}`,
    total,
    columns: [
      stadsdelCol,
      { key: "personer", label: "Personer med insats", format: "antal", measure: "personer", value: (r) => r.arenden },
      { key: "beviljade", label: "Beviljade timmar", format: "h", measure: "beviljade", value: (r) => r.beviljadeH },
      { key: "utforda", label: "Utförda timmar", format: "h", measure: "utforda", value: (r) => r.utfordaH },
      { key: "utforandegrad", label: "Utförandegrad", format: "andel", measure: "utforandegrad", value: (r) => r.utforandegrad },
      ...limits("utforandegrad", "utförandegraden", (r) => r.utforandegradFunnel, "manad", "personer"),
      { key: "lage", label: "Läge i trattdiagrammet", format: "text", scope: "manad", builtOn: ["personer"], value: (r) => verdictText(r.utforandegradFunnel?.verdict, r.utforandegrad, r.utforandegradFunnel?.target ?? null) },
    ],
  });

  const beslut = makeTable<StadsdelRad>({
    ...common,
    id: "beslut",
    caption: `Beslut och beviljade timmar per stadsdel, ${where}${period}`,
    total,
    columns: [
      stadsdelCol,
      ...utfallColumns<StadsdelRad>(),
      { key: "beviljat_av_sokt", label: "Beviljat av sökt", format: "andel", measure: "beviljat_av_sokt", value: (r) => r.beviljadeAvSokta },
      { key: "beviljade_per_beslut_p25", label: "Tim/mån per beslut, nedre kvartil", format: "h", measure: "beviljade_per_beslut_p25", value: (r) => r.beviljadePerBeslut?.q1 ?? null },
      { key: "beviljade_per_beslut_median", label: "Tim/mån per beslut, median", format: "h", measure: "beviljade_per_beslut_median", value: (r) => r.beviljadePerBeslut?.median ?? null },
      { key: "beviljade_per_beslut_p75", label: "Tim/mån per beslut, övre kvartil", format: "h", measure: "beviljade_per_beslut_p75", value: (r) => r.beviljadePerBeslut?.q3 ?? null },
    ],
  });

  return { result, tables: { avslag, standardiserad, utforandegrad, beslut } };
}

function smrText(v: FunnelVerdict | undefined, kvot: number | null): string | null {
  if (!v) return null;
  if (v === "inom") return "Som förväntat";
  const dir = kvot !== null && kvot > 1 ? "Fler" : "Färre";
  return `${dir} än förväntat (${v === "utanfor998" ? "99,8 %" : "95 %"})`;
}

/** The two funnel plots. Their data tables are the page's tables (other ids: a table appears once per id). */
export function stadsdelarCharts(view: StadsdelarView): { avslag: Chart | null; utforandegrad: Chart | null } {
  const { result, tables } = view;
  const k = result.kommuner[0];
  if (!k || result.rader.length === 0) return { avslag: null, utforandegrad: null };
  const maxBeslut = Math.max(...result.rader.map((r) => r.beslut), 10) * 1.15;
  const avslagDots = result.rader
    .filter((r) => r.avslagFunnel && r.avslagAndel !== null)
    .map((r) => ({ label: r.stadsdel, n: r.beslut, value: r.avslagAndel!, verdict: r.avslagFunnel!.verdict }));
  const outside = (dots: { label: string; verdict: FunnelVerdict }[]) => {
    const o = dots.filter((d) => d.verdict === "utanfor998").map((d) => d.label);
    return o.length === 0 ? "Ingen stadsdel ligger utanför 99,8 %-gränsen." : `Utanför 99,8 %-gränsen: ${o.join(", ")}.`;
  };
  const avslag =
    k.avslagAndel === null
      ? null
      : funnelChart({
          id: "avslag-tratt",
          title: `Trattdiagram: andel avslag mot antal beslut per stadsdel, ${k.kommun}`,
          description:
            `Varje punkt är en stadsdel: antal beslut vågrätt, andel avslag lodrätt. Den gröna linjen är kommunens andel (${pct(k.avslagAndel)}); ` +
            `linjerna runt den visar hur mycket andelen kan variera av slumpen ensam vid olika antal beslut. ${outside(avslagDots)} ` +
            "Stadsdelar utanför en gräns är namngivna i diagrammet; alla finns i tabellen under det.",
          dots: avslagDots,
          curve: avslagCurve(k.avslagAndel, 1, maxBeslut),
          target: k.avslagAndel,
          targetLabel: `Kommunens andel avslag (${pct(k.avslagAndel)})`,
          unit: "andel",
          xLabel: "Antal beslut →",
          yLabel: "↑ Andel avslag",
          data: { ...tables.avslag, id: "avslag-tratt-data" },
        });
  const maxPersoner = Math.max(...result.rader.map((r) => r.arenden), 10) * 1.15;
  const uDots = result.rader
    .filter((r) => r.utforandegradFunnel && r.utforandegrad !== null)
    .map((r) => ({ label: r.stadsdel, n: r.arenden, value: r.utforandegrad!, verdict: r.utforandegradFunnel!.verdict }));
  const utforandegrad =
    k.utforandegrad === null || k.utforandegradSd === null
      ? null
      : funnelChart({
          id: "utforandegrad-tratt",
          title: `Trattdiagram: utförandegrad mot antal personer med insats per stadsdel, ${k.kommun}`,
          description:
            `Varje punkt är en stadsdel: antal personer med insats vågrätt, utförandegrad (utförda delat med beviljade timmar) lodrätt. ` +
            `Den gröna linjen är kommunens utförandegrad (${pct(k.utforandegrad)}); gränserna bygger på hur mycket utförandegraden skiljer sig mellan enskilda ärenden i kommunen. ` +
            `${outside(uDots)} Stadsdelar utanför en gräns är namngivna i diagrammet; alla finns i tabellen under det.`,
          dots: uDots,
          curve: utforandegradCurve(k.utforandegrad, k.utforandegradSd, 1, maxPersoner),
          target: k.utforandegrad,
          targetLabel: `Kommunens utförandegrad (${pct(k.utforandegrad)})`,
          unit: "andel",
          xLabel: "Antal personer med insats →",
          yLabel: "↑ Utförandegrad",
          data: { ...tables.utforandegrad, id: "utforandegrad-tratt-data" },
        });
  return { avslag, utforandegrad };
}

/** One sentence per stadsdel outside a 99.8 % limit, for the page's summary. */
export function stadsdelarSummary(view: StadsdelarView): string[] {
  const { result } = view;
  const k = result.kommuner[0];
  if (!k) return [];
  const out: string[] = [];
  for (const r of result.rader) {
    if (r.avslagFunnel?.verdict === "utanfor998") {
      out.push(
        `${r.stadsdel} hade ${pct(r.avslagAndel)} avslag (${formatCount(r.avslag)} av ${formatCount(r.beslut)} beslut) mot kommunens ${pct(k.avslagAndel)}: ` +
          `utanför 99,8 %-gränsen, alltså mycket osannolikt en slump.` +
          (r.standardiserad?.verdict === "utanfor998" ? " Skillnaden kvarstår när hänsyn tas till lagrum och ålder." : ""),
      );
    }
    if (r.utforandegradFunnel?.verdict === "utanfor998") {
      out.push(`${r.stadsdel} hade utförandegraden ${pct(r.utforandegrad)} mot kommunens ${pct(k.utforandegrad)}: utanför 99,8 %-gränsen.`);
    }
  }
  return out;
}
