/**
 * Avsnitt 7, Omkostnader: queries/omkostnader.ts (the /omkostnader page's
 * module) for both periods — schablon (R8), särskilda ansökningar (R9) and the
 * monthly amount (R10), in total and per stadsdel.
 */
import type { AggregateRow } from "../../../queries/aggregate.ts";
import { MEASURES } from "../../../queries/measures.ts";
import type { Omkostnader } from "../../../queries/omkostnader.ts";
import { nyckeltalMening, varde } from "../../../queries/rapport.ts";
import { formatCount } from "../../lib/format.ts";
import { barChart } from "../../lib/plot.server.ts";
import { cell, fore, measureCol, nyckeltalTable, rapportTable, rowOf, underlag, type SektionContext } from "./kit.server.ts";
import { sektionNr, type RapportSektion } from "./view.ts";

const KEY = ["schablon", "omkostnad_faktisk", "antal_sarskilda", "sarskilda_kr", "manadsbelopp_ram", "manadsbelopp_ersatt", "manadsbelopp_nyttjande", "omkostnad"] as const;
type Key = (typeof KEY)[number];
type SdRow = Omkostnader["byStadsdel"][number];
type Rad = { nu: SdRow; fore: SdRow | undefined };

/** The parts of "omkostnader totalt" (registry: schablon + särskilda + ersatt månadsbelopp). */
const DELAR = ["schablon", "sarskilda_kr", "manadsbelopp_ersatt"] as const;

export function omkostnaderSektion(ctx: SektionContext): RapportSektion {
  const { data, jmf } = ctx;
  const nr = sektionNr("omkostnader");
  const o = data.omkostnader;
  const key = nyckeltalTable({
    id: "omkostnader",
    caption: `Tabell ${nr}.1. Omkostnader, ${data.period.label} och ${data.previous.label}`,
    data,
    measures: KEY,
    values: { nu: o.nu.total as AggregateRow<Key>, fore: o.fore.total as AggregateRow<Key> },
  });
  const v = (id: Key) => ({ nu: cell(rowOf(key, id), "nu"), fore: cell(rowOf(key, id), "fore") });

  const before = new Map(o.fore.byStadsdel.map((r) => [`${r.kommun}|${r.stadsdel_nu}`, r]));
  const rows: Rad[] = o.nu.byStadsdel.map((r) => ({ nu: r, fore: before.get(`${r.kommun}|${r.stadsdel_nu}`) }));
  const prev = data.previous.label;
  const sd = rapportTable<Rad>({
    id: "omkostnader-stadsdel",
    caption: `Tabell ${nr}.2. Omkostnader per stadsdel, ${data.period.label}`,
    columns: [
      { key: "stadsdel", label: "Stadsdel", format: "text", role: "dimension", value: (r) => String(r.nu.stadsdel_nu ?? "(uppgift saknas)") },
      measureCol<Rad>("schablon", "nu", (r) => r.nu.schablon),
      measureCol<Rad>("antal_sarskilda", "nu", (r) => r.nu.antal_sarskilda, "Särskilda ansökningar"),
      measureCol<Rad>("sarskilda_kr", "nu", (r) => r.nu.sarskilda_kr, "Särskilda, kr"),
      measureCol<Rad>("manadsbelopp_ersatt", "nu", (r) => r.nu.manadsbelopp_ersatt, "Månadsbelopp ersatt"),
      { ...measureCol<Rad>("manadsbelopp_nyttjande", "nu", (r) => r.nu.manadsbelopp_nyttjande, "Nyttjande"), builtOn: ["manadsbelopp_ersatt"] },
      measureCol<Rad>("omkostnad", "nu", (r) => r.nu.omkostnad, "Totalt"),
      measureCol<Rad>("omkostnad", "fore", (r) => r.fore?.omkostnad ?? null, `Totalt ${prev}`),
    ],
    rows,
    rowKey: (r) => String(r.nu.stadsdel_nu),
    n: (r) => ({ manad: r.nu.n.manad ?? 0, ...(r.fore ? { [fore("manad")]: r.fore.n.manad ?? 0 } : {}) }),
    total: { nu: o.nu.total as unknown as SdRow, fore: o.fore.total as unknown as SdRow },
  });

  const series = DELAR.map((id) => MEASURES[id].short ?? MEASURES[id].label);
  const categories = sd.rows.map((r) => String(r.cells.stadsdel));
  const chart = barChart({
    id: "omkostnader-diagram",
    title: `Figur ${nr}.1. Omkostnader per stadsdel och slag, ${data.period.label}`,
    description: "Staplade liggande staplar, en per stadsdel: schablon till utförarna, särskilda ansökningar och ersatt månadsbelopp till de enskilda. Hela stapeln är stadsdelens omkostnader.",
    categories,
    series,
    values: sd.rows.flatMap((r, i) => DELAR.map((id, k) => ({ category: categories[i], series: series[k], value: cell(r, id) }))),
    unit: "kr",
    xLabel: "Kronor →",
    stacked: true,
    data: sd,
  });

  const text: string[] = [];
  const tot = v("omkostnad");
  if (tot.nu !== null) {
    text.push(
      `Omkostnaderna för ledsagarnas aktiviteter var ${varde(tot.nu, "kr")}${tot.fore !== null ? ` (${varde(tot.fore, "kr")} ${jmf})` : ""}: ` +
        `${varde(v("schablon").nu, "kr")} i schablon till utförarna, ${varde(v("sarskilda_kr").nu, "kr")} efter särskilda ansökningar och ${varde(v("manadsbelopp_ersatt").nu, "kr")} i månadsbelopp till de enskilda.`,
    );
  }
  const sch = v("schablon").nu;
  const fak = v("omkostnad_faktisk").nu;
  if (sch !== null && fak !== null) {
    text.push(
      `Utförarna redovisade faktiska kostnader för ledsagarna på ${varde(fak, "kr")}, mot en intjänad schablon på ${varde(sch, "kr")}. Schablonen och gränserna för särskild ansökan och månadsbelopp enligt kommunens regelverk redovisas i avsnitt ${sektionNr("definitioner")}.`,
    );
  }
  const antalS = v("antal_sarskilda").nu;
  if (antalS !== null) text.push(`${antalS === 0 ? "Inga" : formatCount(antalS)} särskilda ansökningar om omkostnad för dyrare aktiviteter beviljades under perioden.`);
  text.push(nyckeltalMening("Nyttjandet av månadsbeloppet (ersatt belopp delat med ramen)", v("manadsbelopp_nyttjande").nu, v("manadsbelopp_nyttjande").fore, "andel", jmf));
  return {
    id: "omkostnader",
    nr,
    rubrik: "Omkostnader",
    text,
    charts: [chart],
    tables: [key, sd],
    underlag: [underlag("ärenden med beviljade eller utförda timmar", o.nu.total.personer ?? 0, o.fore.total.personer ?? 0, jmf)],
  };
}
