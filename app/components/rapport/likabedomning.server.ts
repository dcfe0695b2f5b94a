/**
 * Avsnitt 4, Likabedömning mellan stadsdelar: queries/likabedomning.ts (the
 * /stadsdelar page's module) for both periods; funnel plots drawn with the
 * page's funnelChart; the outliers named in sentences. A stadsdel whose figure
 * is hidden (few beslut or cases) is neither drawn nor named.
 */
import { avslagCurve, utforandegradCurve, type StadsdelRad } from "../../../queries/likabedomning.ts";
import { avvikelseMening, type Avvikelse } from "../../../queries/rapport.ts";
import type { FunnelVerdict } from "../../../queries/stats.ts";
import { funnelChart, pct, verdictText, type FunnelDot } from "../../lib/analys.server.ts";
import type { Chart } from "../../lib/plot.server.ts";
import type { TableRow } from "../../lib/table.ts";
import { cell, fore, hiddenKey, measureCol, rapportTable, underlag, type SektionContext } from "./kit.server.ts";
import { sektionNr, type RapportSektion } from "./view.ts";

type Rad = { nu: StadsdelRad; fore: StadsdelRad | undefined };

const verdictOf = (row: TableRow | undefined, key: string, r: FunnelVerdict | undefined | null) => (row && row.hidden?.[key] ? null : (r ?? null));

export function likabedomningSektion(ctx: SektionContext): RapportSektion {
  const { data, jmf } = ctx;
  const nr = sektionNr("likabedomning");
  const l = data.likabedomning;
  const before = new Map(l.fore.rader.map((r) => [r.stadsdel, r]));
  const rows: Rad[] = l.nu.rader.map((r) => ({ nu: r, fore: before.get(r.stadsdel) }));
  const totalNu = l.nu.totaler?.[0];
  const totalFore = l.fore.totaler?.[0];
  const prev = data.previous.label;
  const n = (r: Rad) => {
    const out: Record<string, number> = { beslut: r.nu.n.beslut ?? 0, manad: r.nu.n.manad ?? 0 };
    if (r.fore) (out[fore("beslut")] = r.fore.n.beslut ?? 0), (out[fore("manad")] = r.fore.n.manad ?? 0);
    return out;
  };
  const table = rapportTable<Rad>({
    id: "likabedomning",
    caption: `Tabell ${nr}.1. Avslag och utförandegrad per stadsdel jämfört med kommunen, ${data.period.label}`,
    columns: [
      { key: "stadsdel", label: "Stadsdel", format: "text", role: "dimension", value: (r) => r.nu.stadsdel },
      measureCol<Rad>("antal_beslut", "nu", (r) => r.nu.beslut, "Beslut"),
      measureCol<Rad>("antal_avslag", "nu", (r) => r.nu.avslag, "Avslag"),
      measureCol<Rad>("avslagsandel", "nu", (r) => r.nu.avslagAndel, "Andel avslag"),
      measureCol<Rad>("avslagsandel", "fore", (r) => r.fore?.avslagAndel ?? null, `Andel avslag ${prev}`),
      { ...measureCol<Rad>("antal_beslut", "fore", (r) => r.fore?.beslut ?? 0), shadow: true },
      { ...measureCol<Rad>("antal_avslag", "fore", (r) => r.fore?.avslag ?? 0), shadow: true },
      {
        key: "avslag_lage",
        label: "Avslag: läge i trattdiagrammet",
        format: "text",
        scope: "beslut",
        builtOn: ["avslagsandel"],
        value: (r) => verdictText(r.nu.avslagFunnel?.verdict, r.nu.avslagAndel, r.nu.avslagFunnel?.target ?? null),
      },
      measureCol<Rad>("utforandegrad", "nu", (r) => r.nu.utforandegrad),
      {
        key: "utforandegrad_lage",
        label: "Utförandegrad: läge i trattdiagrammet",
        format: "text",
        scope: "manad",
        builtOn: ["utforandegrad"],
        value: (r) => verdictText(r.nu.utforandegradFunnel?.verdict, r.nu.utforandegrad, r.nu.utforandegradFunnel?.target ?? null),
      },
    ],
    rows,
    rowKey: (r) => r.nu.stadsdel,
    n,
    ...(totalNu ? { total: { nu: totalNu, fore: totalFore } as Rad, totalLabel: "Hela kommunen" } : { totalPublished: true }),
    // The table of avsnitt 2 shows utförandegrad per stadsdel too; what it hides stays hidden here.
    preHidden: (r, col) => col === "utforandegrad" && ctx.hidden.has(hiddenKey("nu", r.nu.stadsdel, "utforandegrad")),
  });
  // The total row has no funnel verdict of its own.
  if (table.total) table.total.cells.avslag_lage = table.total.cells.utforandegrad_lage = null;

  const k = l.nu.kommuner[0];
  const charts: Chart[] = [];
  const text: string[] = [];
  const visibleRows = table.rows.map((row, i) => ({ row, r: rows[i] }));
  if (!k || k.stadsdelar < 2) {
    text.push("Kommunen redovisas som en enda stadsdel; någon jämförelse mellan stadsdelar kan därför inte göras.");
  } else {
    const avslagDots: FunnelDot[] = visibleRows
      .filter(({ row, r }) => cell(row, "avslagsandel") !== null && r.nu.avslagFunnel)
      .map(({ row, r }) => ({ label: r.nu.stadsdel, n: r.nu.beslut, value: cell(row, "avslagsandel")!, verdict: r.nu.avslagFunnel!.verdict }));
    if (k.avslagAndel !== null && avslagDots.length) {
      charts.push(
        funnelChart({
          id: "avslag-tratt",
          title: `Figur ${nr}.1. Andel avslag mot antal beslut per stadsdel, ${data.period.label}`,
          description: `Trattdiagram. Varje punkt är en stadsdel: antal beslut vågrätt, andel avslag lodrätt. Den gröna linjen är kommunens andel (${pct(k.avslagAndel)}); linjerna runt den visar hur mycket andelen kan variera av slumpen ensam vid olika antal beslut (95 och 99,8 procent).`,
          dots: avslagDots,
          curve: avslagCurve(k.avslagAndel, 1, Math.max(...rows.map((r) => r.nu.beslut), 10) * 1.15),
          target: k.avslagAndel,
          targetLabel: `Kommunens andel avslag (${pct(k.avslagAndel)})`,
          unit: "andel",
          xLabel: "Antal beslut →",
          yLabel: "↑ Andel avslag",
          data: table,
        }),
      );
    }
    const uDots: FunnelDot[] = visibleRows
      .filter(({ row, r }) => cell(row, "utforandegrad") !== null && r.nu.utforandegradFunnel)
      .map(({ row, r }) => ({ label: r.nu.stadsdel, n: r.nu.arenden, value: cell(row, "utforandegrad")!, verdict: r.nu.utforandegradFunnel!.verdict }));
    if (k.utforandegrad !== null && k.utforandegradSd !== null && uDots.length) {
      charts.push(
        funnelChart({
          id: "utforandegrad-tratt",
          title: `Figur ${nr}.2. Utförandegrad mot antal personer med insats per stadsdel, ${data.period.label}`,
          description: `Trattdiagram. Varje punkt är en stadsdel: antal personer med insats vågrätt, utförandegrad lodrätt. Den gröna linjen är kommunens utförandegrad (${pct(k.utforandegrad)}); gränserna bygger på hur mycket utförandegraden skiljer sig mellan ärenden i kommunen.`,
          dots: uDots,
          curve: utforandegradCurve(k.utforandegrad, k.utforandegradSd, 1, Math.max(...rows.map((r) => r.nu.arenden), 10) * 1.15),
          target: k.utforandegrad,
          targetLabel: `Kommunens utförandegrad (${pct(k.utforandegrad)})`,
          unit: "andel",
          xLabel: "Antal personer med insats →",
          yLabel: "↑ Utförandegrad",
          data: table,
        }),
      );
    }
    const avv = (key: string, lage: "avslagFunnel" | "utforandegradFunnel"): Avvikelse[] =>
      visibleRows.map(({ row, r }) => ({ namn: r.nu.stadsdel, varde: cell(row, key), verdict: verdictOf(row, key, r.nu[lage]?.verdict) }));
    text.push(avvikelseMening("andel avslag", k.avslagAndel, avv("avslagsandel", "avslagFunnel")));
    const standard = visibleRows.filter(({ row, r }) => cell(row, "avslagsandel") !== null && r.nu.avslagFunnel?.verdict === "utanfor998" && r.nu.standardiserad?.verdict === "utanfor998");
    if (standard.length) {
      text.push(
        `Skillnaden kvarstår när hänsyn tas till ärendenas fördelning på lagrum och åldersgrupp (indirekt standardisering) för ${standard.map(({ r }) => r.nu.stadsdel).join(", ")}: fler avslag än förväntat också utanför 99,8-procentsgränsen.`,
      );
    }
    text.push(avvikelseMening("utförandegrad", k.utforandegrad, avv("utforandegrad", "utforandegradFunnel")));
  }
  return {
    id: "likabedomning",
    nr,
    rubrik: "Likabedömning mellan stadsdelar",
    text,
    charts,
    tables: [table],
    underlag: [
      underlag("beslut", totalNu?.beslut ?? k?.beslut ?? 0, totalFore?.beslut ?? l.fore.kommuner[0]?.beslut ?? 0, jmf),
      underlag("ärenden med beviljade eller utförda timmar", totalNu?.arenden ?? k?.arenden ?? 0, totalFore?.arenden ?? l.fore.kommuner[0]?.arenden ?? 0, jmf),
    ],
    noter: [
      "En stadsdel jämförs alltid med hela kommunen. Gränserna i trattdiagrammen visar hur mycket en stadsdels värde kan avvika från kommunens av slumpen ensam vid dess antal beslut eller ärenden: utanför 95-procentsgränsen händer av en slump i 1 fall av 20, utanför 99,8-procentsgränsen i 1 fall av 500. En liten stadsdel hamnar därför inte utanför bara för att den är liten.",
    ],
  };
}

/** Outliers for the summary: one sentence naming stadsdelar outside the 99.8 % limit, or nothing. */
export function likabedomningFynd(s: RapportSektion): string[] {
  const hits = s.text.filter((t) => t.includes("utanför 99,8-procentsgränsen") && !t.startsWith("Ingen"));
  return hits.length ? [`${hits[0].replace(/\.$/, "")} (avsnitt ${s.nr}).`] : [];
}
