/**
 * /kon (jämställdhetsanalys): tables, charts and sentences from queries/kon.ts.
 * Shared by the page loader and its CSV route.
 */
import { formatP, jamforelseText, jamstalldhet, JAMFORELSE_LABEL, KON_EXTRA_MEASURES, KON_LABEL, KON_MEASURES, KONER, type Jamstalldhet, type KonGrupp, type KonKod, type KonOmrade } from "../../queries/kon.ts";
import type { MeasureId } from "../../queries/measures.ts";
import { intervalChart, makeTable, pct, type AnalysContext, type Column, type IntervalPoint } from "./analys.server.ts";
import { cachedView } from "./dashboard.server.ts";
import type { Chart } from "./plot.server.ts";
import type { TableData } from "./table.ts";
import { caseLink } from "./tables.server.ts";

export { KON_MEASURES };

export interface KonView {
  result: Jamstalldhet;
  tables: { beslut: TableData; timmar: TableData; utforandegrad: TableData; omkostnad: TableData; stadsdelar: TableData; skillnader: TableData };
}

/** A row of the per-kön tables: one kön of one area. */
interface KonRad {
  omrade: KonOmrade;
  g: KonGrupp;
}

const konCol: Column<KonRad> = { key: "kon", label: "Kön", format: "text", role: "dimension", value: (r) => KON_LABEL[r.g.kon] };
/** An interval's two ends; hidden with the count it rests on (`on`), which it would otherwise give away. */
const ci = (key: string, what: string, scope: "beslut" | "manad", pick: (g: KonGrupp) => { low: number; high: number } | null, format: Column<KonRad>["format"], on: string[] = []): Column<KonRad>[] => [
  { key: `${key}_95_nedre`, label: "95 % KI, nedre", format, scope, builtOn: on, value: (r) => pick(r.g)?.low ?? null, description: `Nedre gräns för 95 % konfidensintervall för ${what}.` },
  { key: `${key}_95_ovre`, label: "95 % KI, övre", format, scope, builtOn: on, value: (r) => pick(r.g)?.high ?? null, description: `Övre gräns för 95 % konfidensintervall för ${what}.` },
];

/** Tables, charts and sentences of one view, cached while the data are unchanged (shared by page and CSV route). */
export function konPage(ctx: AnalysContext) {
  return cachedView(ctx, "kon", async () => {
    const view = await konView(ctx);
    return { tables: view.tables, charts: konCharts(view), sentences: konSentences(view) };
  });
}

export async function konView(ctx: AnalysContext): Promise<KonView> {
  const result = await jamstalldhet(ctx.db, ctx.filters);
  const f = { ...ctx.filters, kon: undefined };
  const where = ctx.filters.kommun ? `${ctx.filters.kommun}, ` : "";
  const period = ctx.filters.period.label;
  const link = (r: KonRad, id: MeasureId) =>
    caseLink(f, { ...(r.omrade.kommun ? { kommun: r.omrade.kommun } : {}), ...(r.omrade.stadsdel ? { stadsdel_nu: r.omrade.stadsdel } : {}), kon: r.g.kon }, id);
  const rowsOf = (o: KonOmrade): KonRad[] => KONER.map((k) => ({ omrade: o, g: o[k] }));
  const common = {
    rowKey: (r: KonRad) => `${r.omrade.kommun ?? ""}|${r.omrade.stadsdel ?? ""}|${r.g.kon}`,
    n: (r: KonRad) => r.g.n as Record<string, number>,
    measureLink: link,
    hideSmall: ctx.hideSmall,
    // Women + men = the figure of the whole selection (or of the stadsdel), which other
    // pages and the report publish: a lone hidden cell of the two needs a second one.
    totalPublished: true,
  };

  const beslut = makeTable<KonRad>({
    ...common,
    id: "beslut",
    caption: `Sökande och beslut efter kön, ${where}${period}`,
    rows: rowsOf(result.totalt),
    columns: [
      konCol,
      { key: "sokande", label: "Sökande", format: "antal", measure: "sokande", value: (r) => r.g.sokande },
      { key: "antal_beslut", label: "Beslut", format: "antal", measure: "antal_beslut", value: (r) => r.g.beslut },
      { key: "antal_bifall", label: "Bifall", format: "antal", measure: "antal_bifall", value: (r) => r.g.bifall },
      { key: "antal_delavslag", label: "Delavslag", format: "antal", measure: "antal_delavslag", value: (r) => r.g.delavslag },
      { key: "antal_avslag", label: "Avslag", format: "antal", measure: "antal_avslag", value: (r) => r.g.avslag },
      { key: "avslagsandel", label: "Andel avslag", format: "andel", measure: "avslagsandel", value: (r) => r.g.avslagAndel },
      ...ci("avslagsandel", "andelen avslag", "beslut", (g) => g.avslagCi, "andel", ["antal_avslag", "antal_beslut"]),
    ],
  });

  /** Persons, an amount and the amount per person with its interval: hours and omkostnad are tabled alike. */
  const perPerson = (o: {
    id: string;
    caption: string;
    amount: { key: "beviljade" | "omkostnad"; label: string; format: "h" | "kr"; value: (g: KonGrupp) => number | null };
    perPerson: { key: "beviljade_per_person" | "omkostnad_per_person"; label: string; what: string; value: (g: KonGrupp) => number | null; ci: (g: KonGrupp) => { low: number; high: number } | null };
  }) =>
    makeTable<KonRad>({
      ...common,
      id: o.id,
      caption: `${o.caption} efter kön, ${where}${period}`,
      rows: rowsOf(result.totalt),
      columns: [
        konCol,
        { key: "personer", label: "Personer med insats", format: "antal", measure: "personer", value: (r) => r.g.personer },
        { key: o.amount.key, label: o.amount.label, format: o.amount.format, measure: o.amount.key, value: (r) => o.amount.value(r.g) },
        {
          key: o.perPerson.key,
          label: o.perPerson.label,
          format: o.amount.format,
          scope: "manad",
          builtOn: ["personer"],
          value: (r) => o.perPerson.value(r.g),
          description: KON_EXTRA_MEASURES[o.perPerson.key].definition,
        },
        ...ci(o.perPerson.key, o.perPerson.what, "manad", o.perPerson.ci, o.amount.format, ["personer"]),
      ],
    });

  const timmar = perPerson({
    id: "timmar",
    caption: "Beviljade timmar per person",
    amount: { key: "beviljade", label: "Beviljade timmar", format: "h", value: (g) => g.beviljade },
    perPerson: { key: "beviljade_per_person", label: "Beviljade timmar per person", what: "beviljade timmar per person", value: (g) => g.beviljadePerPerson, ci: (g) => g.beviljadePerPersonCi },
  });

  const utforandegrad = makeTable<KonRad>({
    ...common,
    id: "utforandegrad",
    caption: `Utförandegrad efter kön, ${where}${period}`,
    rows: rowsOf(result.totalt),
    columns: [
      konCol,
      { key: "beviljade", label: "Beviljade timmar", format: "h", measure: "beviljade", value: (r) => r.g.beviljade },
      { key: "utforda", label: "Utförda timmar", format: "h", measure: "utforda", value: (r) => r.g.utforda },
      { key: "utforandegrad", label: "Utförandegrad", format: "andel", measure: "utforandegrad", value: (r) => r.g.utforandegrad },
      ...ci("utforandegrad", "utförandegraden", "manad", (g) => g.utforandegradCi, "andel"),
    ],
  });

  const omkostnad = perPerson({
    id: "omkostnad",
    caption: "Omkostnad per person",
    amount: { key: "omkostnad", label: "Omkostnader", format: "kr", value: (g) => g.omkostnad },
    perPerson: { key: "omkostnad_per_person", label: "Omkostnad per person", what: "omkostnad per person", value: (g) => g.omkostnadPerPerson, ci: (g) => g.omkostnadPerPersonCi },
  });

  const stadsdelar = makeTable<KonRad>({
    ...common,
    id: "stadsdelar",
    caption: `Kvinnor och män per stadsdel, ${where}${period}`,
    rows: result.stadsdelar.flatMap(rowsOf),
    // Each stadsdel's women + men = the stadsdel's figure on /stadsdelar and /timmar.
    totalsBy: "stadsdel",
    columns: [
      { key: "stadsdel", label: "Stadsdel", format: "text", role: "dimension", value: (r) => r.omrade.stadsdel },
      { ...konCol, role: "dimension" },
      { key: "sokande", label: "Sökande", format: "antal", measure: "sokande", value: (r) => r.g.sokande },
      { key: "antal_beslut", label: "Beslut", format: "antal", measure: "antal_beslut", value: (r) => r.g.beslut },
      { key: "antal_avslag", label: "Avslag", format: "antal", measure: "antal_avslag", value: (r) => r.g.avslag },
      { key: "avslagsandel", label: "Andel avslag", format: "andel", measure: "avslagsandel", value: (r) => r.g.avslagAndel },
      { key: "personer", label: "Personer med insats", format: "antal", measure: "personer", value: (r) => r.g.personer },
      { key: "beviljade_per_person", label: "Beviljade timmar per person", format: "h", scope: "manad", builtOn: ["personer"], value: (r) => r.g.beviljadePerPerson, description: KON_EXTRA_MEASURES.beviljade_per_person.definition },
      { key: "utforandegrad", label: "Utförandegrad", format: "andel", measure: "utforandegrad", value: (r) => r.g.utforandegrad },
      { key: "omkostnad_per_person", label: "Omkostnad per person", format: "kr", scope: "manad", builtOn: ["personer"], value: (r) => r.g.omkostnadPerPerson, description: KON_EXTRA_MEASURES.omkostnad_per_person.definition },
    ],
  });

  // The tests, one row per area: p-values as the page writes them, and which differences are larger than chance.
  const areas = [result.totalt, ...result.stadsdelar];
  const p = (o: KonOmrade, id: keyof typeof JAMFORELSE_LABEL) => {
    const j = o.jamforelser.find((x) => x.id === id);
    // "0,023" or "< 0,001": the column header says it is a p-value.
    return j?.p == null ? "ej prövat" : formatP(j.p).replace(/^p = /, "").replace(/^p /, "");
  };
  const skillnader = makeTable<KonOmrade>({
    id: "skillnader",
    caption: `Skillnader mellan kvinnor och män: p-värden (under 0,05 = större än slumpen), ${where}${period}`,
    rows: areas,
    rowKey: (o) => o.stadsdel ?? "alla",
    n: (o) => ({ beslut: (o.K.n.beslut ?? 0) + (o.M.n.beslut ?? 0), manad: (o.K.n.manad ?? 0) + (o.M.n.manad ?? 0) }),
    hideSmall: ctx.hideSmall,
    columns: [
      { key: "omrade", label: "Område", format: "text", role: "dimension", value: (o) => o.stadsdel ?? `Hela ${o.kommun ?? ctx.filters.kommun ?? "urvalet"}` },
      { key: "p_avslagsandel", label: "Andel avslag", format: "text", scope: "beslut", value: (o) => p(o, "avslagsandel") },
      { key: "p_beviljade_per_person", label: "Timmar per person", format: "text", scope: "manad", value: (o) => p(o, "beviljade_per_person") },
      { key: "p_utforandegrad", label: "Utförandegrad", format: "text", scope: "manad", value: (o) => p(o, "utforandegrad") },
      { key: "p_omkostnad_per_person", label: "Omkostnad per person", format: "text", scope: "manad", value: (o) => p(o, "omkostnad_per_person") },
      {
        key: "storre_an_slumpen",
        label: "Skillnader större än slumpen",
        format: "text",
        // A list in words: let it wrap like a label (figure columns stay on one line).
        role: "dimension",
        value: (o) => o.jamforelser.filter((j) => j.storreAnSlumpen).map((j) => JAMFORELSE_LABEL[j.id]).join(", ") || "inga",
      },
    ],
  });
  return { result, tables: { beslut, timmar, utforandegrad, omkostnad, stadsdelar, skillnader } };
}

/** The overall sentences, and one per stadsdel difference larger than chance. */
export function konSentences(view: KonView): { totalt: string[]; stadsdelar: { stadsdel: string; text: string }[]; andelKvinnor: string | null } {
  const t = view.result.totalt;
  const andel = t.andelKvinnorSokande;
  const andelKvinnor =
    andel === null
      ? null
      : `Kvinnor var ${pct(andel)} av de sökande (95 % konfidensintervall ${pct(t.andelKvinnorSokandeCi?.low)}–${pct(t.andelKvinnorSokandeCi?.high)}), avslag inräknade.`;
  return {
    andelKvinnor,
    totalt: t.jamforelser.map(jamforelseText),
    stadsdelar: view.result.stadsdelar.flatMap((o) =>
      o.jamforelser.filter((j) => j.storreAnSlumpen).map((j) => ({ stadsdel: o.stadsdel ?? "", text: jamforelseText(j) })),
    ),
  };
}

function points(view: KonView, pick: (g: KonGrupp) => { value: number | null; ci: { low: number; high: number } | null }): IntervalPoint[] {
  return view.result.stadsdelar.flatMap((o) =>
    KONER.map((k: KonKod) => {
      const v = pick(o[k]);
      return { category: o.stadsdel ?? "", series: KON_LABEL[k], value: v.value, low: v.ci?.low ?? null, high: v.ci?.high ?? null };
    }),
  );
}

export function konCharts(view: KonView): { timmar: Chart | null; avslag: Chart | null } {
  if (view.result.stadsdelar.length === 0) return { timmar: null, avslag: null };
  const categories = view.result.stadsdelar.map((o) => o.stadsdel ?? "");
  const series = KONER.map((k) => KON_LABEL[k]);
  const timmar = intervalChart({
    id: "timmar-diagram",
    title: "Beviljade timmar per person, kvinnor och män per stadsdel, med 95 % konfidensintervall",
    description:
      "För varje stadsdel visas kvinnors och mäns genomsnittliga beviljade timmar per person under perioden som en punkt, och linjen genom punkten är dess 95 % konfidensintervall. " +
      "Överlappar linjerna inte kan skillnaden knappast förklaras av slumpen. Siffrorna finns i tabellen Kvinnor och män per stadsdel.",
    categories,
    series,
    points: points(view, (g) => ({ value: g.beviljadePerPerson, ci: g.beviljadePerPersonCi })),
    unit: "h",
    xLabel: "Beviljade timmar per person →",
    data: { ...view.tables.stadsdelar, id: "timmar-diagram-data", columns: view.tables.stadsdelar.columns.filter((c) => ["stadsdel", "kon", "personer", "beviljade_per_person"].includes(c.key)) },
  });
  const avslag = intervalChart({
    id: "avslag-diagram",
    title: "Andel avslag, kvinnor och män per stadsdel, med 95 % konfidensintervall",
    description:
      "För varje stadsdel visas andelen avslag för kvinnor och för män som en punkt, och linjen genom punkten är dess 95 % konfidensintervall. " +
      "Med få beslut blir intervallen breda. Siffrorna finns i tabellen Kvinnor och män per stadsdel.",
    categories,
    series,
    points: points(view, (g) => ({ value: g.avslagAndel, ci: g.avslagCi })),
    unit: "andel",
    xLabel: "Andel avslag →",
    data: { ...view.tables.stadsdelar, id: "avslag-diagram-data", columns: view.tables.stadsdelar.columns.filter((c) => ["stadsdel", "kon", "antal_beslut", "antal_avslag", "avslagsandel"].includes(c.key)) },
  });
  return { timmar, avslag };
}
