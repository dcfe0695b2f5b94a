/**
 * Swedish words for the codes the case pages show beyond the shared ones
 * (app/lib/labels.ts: insats, lagrum, utfall, flags): one person's kön, every rule's
 * name, event classes, sources, scopes. Codes stay in the data and the CSV.
 * Plain module: used by components on server and client.
 */
import { FLAG_LABEL } from "../../lib/labels.ts";

export { INSATS_LABEL, KON_LABEL, LAGRUM_LABEL, UTFALL_LABEL, FLAG_LABEL } from "../../lib/labels.ts";

/** Insats without its lagrum, for tables that show the lagrum beside it. */
export const INSATS_SHORT: Record<string, string> = {
  ledsagarservice: "Ledsagarservice",
  ledsagning: "Ledsagning",
  avlosarservice: "Avlösarservice",
};

/** One person's kön (app/lib/labels.ts has the plural, for groups). */
export const KON_PERSON: Record<string, string> = { K: "Kvinna", M: "Man" };

export const TIMMAR_PER_LABEL: Record<string, string> = { manad: "h/månad", vecka: "h/vecka" };

/** "R11 Ledsagarservice trots personlig assistans": a flag with what it means. */
export function flaggText(id: string): string {
  return FLAG_LABEL[id] ? `${id} ${FLAG_LABEL[id]}` : regelText(id);
}

/** Short Swedish names of the rules of ../shared/DOMAIN.md. */
export const REGEL_LABEL: Record<string, string> = {
  R1: "Tidsbegränsat beslut",
  R2: "Flexmodell",
  R3: "Sen avbokning",
  R4: "Kort avbokning",
  R5: "Ledsagarens avbokning",
  R6: "Upprepade avbokningar",
  R7: "Minsta debitering",
  R8: "Omkostnad, schablon",
  R9: "Omkostnad, särskild ansökan",
  R10: "Omkostnad, månadsbelopp",
  R11: "Personlig assistans",
  R12: "Delegation",
  R13: "Genomförandeplan",
  R14: "Uppföljning",
  R15: "Giltigt beslut",
  R16: "Start inom sju dagar",
  R17: "LOV-uppdrag",
  R18: "Ersättning per tidstyp",
};

/** "R13 Genomförandeplan"; an unknown id as is. */
export function regelText(id: string | null | undefined): string {
  if (!id) return "–";
  return REGEL_LABEL[id] ? `${id} ${REGEL_LABEL[id]}` : id;
}

/** The source documents (../shared/seeds), by the number the engine cites them by. */
export const KALLA_LABEL: Record<string, string> = {
  "000": "Värmdö kommun: Rutin ledsagning",
  "001": "Östhammars kommun: Rutin ledsagarservice",
  "002": "Stockholms stad 2020: reviderade riktlinjer, flexmodellen",
  "003": "Stockholms stad 2013: fördjupad utredning om ledsagarservice",
  "004": "Stockholms stad: Uppdragsbeskrivning ledsagarservice och avlösarservice (LOV)",
};

/** The document numbers a source reference like "004 1.3" or "002, 003" cites. */
export function kallaDocs(kalla: string | null | undefined): string[] {
  return kalla ? [...new Set(kalla.match(/\b00\d\b/g) ?? [])] : [];
}

/** Event classes of arende_handelse (the engine's `klass` codes). */
export const KLASS_LABEL: Record<string, string> = {
  sen_avbokning: "Sen avbokning (förbrukad)",
  brukarens_avbokning_i_tid: "Brukarens avbokning i tid",
  brukarens_avbokning: "Brukarens avbokning",
  kort_avbokning: "Kort avbokning utan ombokning (förbrukad)",
  kort_avbokning_ombokad: "Kort avbokning, ombokad",
  ledsagarens_avbokning: "Ledsagarens/utförarens avbokning",
  minsta_debitering: "Minsta debitering",
  sarskild: "Särskild ansökan om omkostnad",
  sarskild_under_grans: "Särskild ansökan under gränsen",
  manadsbelopp_over: "Månadsbelopp över ramen",
};

export const TYP_LABEL: Record<string, string> = {
  avbokning: "Avbokning",
  minsta_debitering: "Minsta debitering",
  omkostnad: "Omkostnad",
};

export const NIVA_LABEL: Record<string, string> = { brist: "Brist", indikation: "Indikation" };

/** Which rows a list selects (queries/selection.ts scopes), in the form's words. */
export const SCOPE_LABEL: Record<string, string> = {
  manad: "Månadsrader (timmar per månad)",
  beslut: "Beslut (beslutsdatum i perioden)",
  flagga: "Flaggor (flaggans datum i perioden)",
  period: "Flexperioder (periodens slut i perioden)",
};

export const SCOPE_NOUN: Record<string, string> = {
  manad: "månadsrader",
  beslut: "beslut",
  flagga: "flaggor",
  period: "flexperioder",
};

export const label = (map: Record<string, string>, code: string | null | undefined): string => (code ? map[code] ?? code : "–");

/** The ledger table on the case page (CaseLedger.tsx), which holds the ledger chart's figures. */
export const LEDGER_TABLE = { ref: "manad", caption: "Månadsliggare, timmar" } as const;
