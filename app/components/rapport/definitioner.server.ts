/**
 * Avsnitt 10, Definitioner och källor: every measure the report shows, with its
 * definition from the registry (queries/measures.ts) and the rules it rests on;
 * the kommun's regelverk in force during the period, read from the file the
 * rules engine used (as the case page does); the source documents; and the
 * methods (small counts, funnel limits, tests).
 */
import { isMeasureId, MEASURES, type MeasureId } from "../../../queries/measures.ts";
import type { RapportData } from "../../../queries/rapport.ts";
import { DEFAULT_THRESHOLD } from "../../../queries/suppress.ts";
import { KALLA_LABEL, kallaDocs, regelText } from "../arende/labels.ts";
import { regelverkView } from "../arende/regelverk.server.ts";
import type { TableData } from "../../lib/table.ts";
import type { Definitioner, RapportSektion } from "./view.ts";

/** The registry measures behind the report's tables (column keys, or row keys of key-figure tables). */
export function mattIRapporten(sektioner: readonly RapportSektion[]): MeasureId[] {
  const ids = new Set<MeasureId>();
  const add = (k: string) => {
    const base = k.replace(/_fore$/, "");
    if (isMeasureId(base)) ids.add(base);
  };
  for (const s of sektioner) {
    for (const t of s.tables as TableData[]) {
      for (const c of t.columns) add(c.key);
      if (t.columns.some((c) => c.key === "matt")) for (const r of t.rows) add(r.key);
    }
  }
  return [...ids];
}

/** The last day of a period given as a half-open month range: `to` minus one day. */
function lastDay(toExclusive: string): string {
  const d = new Date(`${toExclusive}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function definitioner(data: RapportData, sektioner: readonly RapportSektion[]): Definitioner {
  const matt = mattIRapporten(sektioner).map((id) => ({
    id,
    label: MEASURES[id].label,
    definition: MEASURES[id].definition,
    regler: MEASURES[id].rules.map((r) => regelText(r)),
  }));
  // The comparison period is cited too: both periods' figures are in the report.
  const first = data.regelverk[0];
  const view = first ? regelverkView(first.fil, first.standard, data.previous.from, lastDay(data.period.to)) : null;
  const regelverk = view
    ? {
        fil: view.fil,
        kommun: view.kommun,
        beskrivning: view.beskrivning,
        standard: view.standard,
        regler: view.regler.map((r) => ({
          regel: r.regel,
          namn: regelText(r.regel),
          giltig: `${r.giltigFran} – ${r.giltigTill ?? "tills vidare"}`,
          kalla: r.kalla,
          kallaText: kallaDocs(r.kalla)
            .map((d) => KALLA_LABEL[d] ?? d)
            .join("; "),
          parametrar: r.parametrar.map((p) => `${p.namn}: ${p.varde}`).join("; "),
          motivering: r.motivering,
        })),
      }
    : null;
  const kallor = Object.entries(KALLA_LABEL).map(([nr, text]) => ({ nr, text }));
  const metod = [
    `Små tal döljs. Ett antal personer, ärenden eller beslut från 1 till ${DEFAULT_THRESHOLD - 1} visas som "–", liksom varje uppgift som bygger på färre än ${DEFAULT_THRESHOLD} ärenden (timmar, belopp, andelar). Där en summa som visas i rapporten annars skulle göra det möjligt att räkna fram en dold uppgift döljs även ytterligare en uppgift (sekundär röjandekontroll). Noll visas alltid.`,
    "Perioder: tertial 1 är januari–april, tertial 2 maj–augusti och tertial 3 september–december. Varje uppgift jämförs med samma period ett år tidigare. Timmar räknas per månad och beslut efter beslutsdatum.",
    "Trattdiagram: en stadsdels andel jämförs med kommunens. Gränserna visar hur långt från kommunens värde en stadsdel av dess storlek kan hamna av slumpen ensam (95 och 99,8 procent). Utförandegraden har ärendet som enhet, så att en persons timmar inte räknas som oberoende försök.",
    "Indirekt standardisering: förväntat antal avslag om stadsdelen hade haft kommunens andel avslag inom varje kombination av lagrum och åldersgrupp.",
    "Jämställdhetsanalysen prövar skillnader mellan kvinnor och män på 5-procentsnivån.",
    "Alla uppgifter beräknas av regelmotorn ur verksamhetssystemets uppgifter om beslut, utförda timmar, avbokningar och omkostnader, enligt kommunens regelverk. Samma beräkning visas i sammanställningarna i Ledsagning, och varje uppgift kan där följas ner till ärendena bakom den av den som har behörighet.",
  ];
  return { matt, regelverk, kallor, metod };
}
