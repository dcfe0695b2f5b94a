/**
 * Avsnitt 1, Sammanfattning: the overview's key figures beside the same period a
 * year earlier (the Översikt page's table), the monthly trend, and sentences
 * written from the suppressed figures: the key figures, the largest changes,
 * and what the other sections found (passed in as `fynd`).
 */
import { MEASURES } from "../../../queries/measures.ts";
import { KEY_MEASURES, KEY_PARTS, TREND_MEASURES } from "../../../queries/overview.ts";
import { DOLT, forandring, nyckeltalMening, storstaForandringar, varde, versal, type Forandring } from "../../../queries/rapport.ts";
import { formatCount, formatMonth } from "../../lib/format.ts";
import { lastMonthOf } from "../../lib/labels.ts";
import { lineChart } from "../../lib/plot.server.ts";
import { cell, measureCol, nyckeltalTable, rapportTable, rowOf, underlag, type SektionContext } from "./kit.server.ts";
import { sektionNr, type RapportSektion } from "./view.ts";

const NAMN: Partial<Record<(typeof KEY_MEASURES)[number], string>> = {
  personer: "antalet personer med insats",
  beviljade: "beviljade timmar",
  utforda: "utförda timmar",
  forbrukade: "förbrukade timmar",
  utforandegrad: "utförandegraden",
  forverkade: "förverkade timmar",
  avslagsandel: "andelen avslag",
  delavslagsandel: "andelen delavslag",
  andel_kvinnor: "andelen kvinnor bland dem med insats",
  omkostnad: "omkostnaderna",
  kostnad: "kostnaden för ersatta timmar",
};

export function sammanfattning(ctx: SektionContext, fynd: string[]): RapportSektion {
  const { data, jmf } = ctx;
  const o = data.oversikt;
  const nr = sektionNr("sammanfattning");
  const table = nyckeltalTable({
    id: "nyckeltal",
    caption: `Tabell ${nr}.1. Nyckeltal, ${data.period.label} och ${data.previous.label}`,
    data,
    measures: [...KEY_MEASURES, ...KEY_PARTS],
    hiddenParts: KEY_PARTS,
    values: { nu: o.current, fore: o.earlier },
  });
  const v = (id: string) => ({ nu: cell(rowOf(table, id), "nu"), fore: cell(rowOf(table, id), "fore") });

  // Three paragraphs of key figures (volume and hours; decisions and who; money), then the changes and findings.
  const volym: string[] = [];
  const personer = v("personer");
  volym.push(
    personer.nu === null
      ? `Antalet personer med ledsagarservice eller ledsagning ${DOLT}.`
      : `Under ${data.period.label} hade ${formatCount(personer.nu)} personer ledsagarservice eller ledsagning` +
          (personer.fore === null ? "." : ` (${formatCount(personer.fore)} ${jmf}).`),
  );
  const bev = v("beviljade");
  const utf = v("utforda");
  if (bev.nu !== null && utf.nu !== null) {
    volym.push(
      `De beslut som gällde under perioden omfattade ${varde(bev.nu, "h")}, och utförarna rapporterade ${varde(utf.nu, "h")} som utförda.`,
      nyckeltalMening("Utförandegraden", v("utforandegrad").nu, v("utforandegrad").fore, "andel", jmf),
    );
  }
  const forv = v("forverkade");
  if (forv.nu !== null) {
    volym.push(`${versal(varde(forv.nu, "h"))} förverkades när flexperioderna tog slut` + (forv.fore === null ? "." : ` (${varde(forv.fore, "h")} ${jmf}).`));
  }
  const beslut: string[] = [];
  const av = v("avslagsandel");
  const dav = v("delavslagsandel");
  if (av.nu !== null && dav.nu !== null) {
    beslut.push(
      `Andelen avslag var ${varde(av.nu, "andel")} och andelen delavslag ${varde(dav.nu, "andel")}` +
        (av.fore !== null && dav.fore !== null ? ` (${varde(av.fore, "andel")} respektive ${varde(dav.fore, "andel")} ${jmf}).` : "."),
    );
  }
  beslut.push(nyckeltalMening("Andelen kvinnor bland dem som hade insats", v("andel_kvinnor").nu, v("andel_kvinnor").fore, "andel", jmf));
  const pengar: string[] = [];
  const kost = v("kostnad");
  const omk = v("omkostnad");
  if (kost.nu !== null && omk.nu !== null) {
    pengar.push(`Ersättningen till utförarna för ersatta timmar var ${varde(kost.nu, "kr")}, och omkostnaderna för ledsagarnas aktiviteter ${varde(omk.nu, "kr")}.`);
  }
  const changes: Forandring[] = KEY_MEASURES.map((id) => ({ namn: NAMN[id] ?? MEASURES[id].label.toLowerCase(), ...v(id), unit: MEASURES[id].unit }));
  const largest = storstaForandringar(changes);
  const andringar = largest.length
    ? [`De största förändringarna jämfört med ${jmf}: ${largest.join(" ")}`]
    : changes.some((c) => forandring(c.nu, c.fore, c.unit) !== null)
      ? [`Inget nyckeltal förändrades med mer än 5 procent jämfört med ${jmf}.`]
      : [];
  const text = [volym, beslut, pengar].filter((p) => p.length).map((p) => p.join(" "));
  text.push(...andringar, ...fynd);

  // The trend: months of the last three years, each month a selection of its own.
  const trend = rapportTable({
    id: "trend",
    caption: `Timmar och personer per månad, ${formatMonth(o.trendRange.from)} – ${formatMonth(lastMonthOf(o.trendRange.to))}`,
    columns: [
      { key: "manad", label: "Månad", format: "text", role: "dimension", value: (r) => formatMonth(String(r.manad)) },
      ...TREND_MEASURES.map((id) => measureCol<(typeof o.trend)[number]>(id, "nu", (r) => r[id])),
    ],
    rows: o.trend,
    rowKey: (r) => String(r.manad),
    n: (r) => r.n as Record<string, number>,
  });
  const series = (["beviljade", "utforda", "forbrukade"] as const).map((id) => MEASURES[id].label);
  const chart = lineChart({
    id: "trend-diagram",
    title: `Figur ${nr}.1. Beviljade, utförda och förbrukade timmar per månad`,
    description: `Linjediagram med en linje per mått och en punkt per månad från ${formatMonth(o.trendRange.from)} till ${formatMonth(lastMonthOf(o.trendRange.to))}. Avståndet mellan beviljade och utförda timmar är det som inte utfördes.`,
    series,
    points: trend.rows.flatMap((r) =>
      (["beviljade", "utforda", "forbrukade"] as const).map((id, k) => ({ x: r.key, series: series[k], y: cell(r, id) })),
    ),
    unit: "h",
    yLabel: "↑ Timmar per månad",
    data: trend,
  });

  return {
    id: "sammanfattning",
    nr,
    rubrik: "Sammanfattning",
    text,
    charts: [chart],
    tables: [table],
    underlag: [
      underlag("ärenden med beviljade eller utförda timmar", o.current.n.manad ?? 0, o.earlier.n.manad ?? 0, jmf),
      underlag("beslut", o.current.antal_beslut ?? 0, o.earlier.antal_beslut ?? 0, jmf),
    ],
  };
}
