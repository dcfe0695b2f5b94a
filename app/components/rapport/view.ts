/**
 * The report as the page and the PDF render it: plain, JSON-safe data built on
 * the server (app/components/rapport/rapport.server.ts), with every table
 * already suppressed and every sentence written from the suppressed figures.
 * The loader returns it as is; the PDF renders the same object to HTML.
 */
import type { Chart } from "../../lib/plot.server.ts";
import type { TableData } from "../../lib/table.ts";

export interface RapportMeta {
  /** "Ledsagarservice och ledsagning: tertialrapport 2 2026". */
  titel: string;
  kommun: string;
  /** Chosen stadsdelar, or empty for the whole kommun. */
  stadsdelar: string[];
  periodKey: string;
  periodLabel: string;
  previousKey: string;
  previousLabel: string;
  /** "samma tertial 2025": how sentences name the comparison. */
  jamforelse: string;
  /** The day the report was made, ISO date (Swedish time). */
  datum: string;
  /** The last day the data cover (the rules engine's horizon), ISO date. */
  horisont: string | null;
  /** The small-count threshold used (counts 1 to troskel − 1 are hidden). */
  troskel: number;
  /** True when the period reaches past the data's horizon (the figures are then incomplete). */
  ofullstandig: boolean;
  /** The period asked for, when it reached past the data and was cut to the months the data cover. */
  avkortad?: { key: string; label: string };
}

/** "Underlag: 1 234 ärenden (1 198 samma tertial 2025)": the cases behind a section. */
export interface Underlag {
  text: string;
  nu: number | null;
  fore: number | null;
}

export interface RapportSektion {
  /** Anchor id, e.g. "sammanfattning". */
  id: string;
  nr: number;
  rubrik: string;
  /** Generated sentences, paragraph by paragraph. */
  text: string[];
  charts: Chart[];
  tables: TableData[];
  underlag: Underlag[];
  /** Extra notes under the section (method, caveats). */
  noter?: string[];
}

export interface Definition {
  id: string;
  label: string;
  definition: string;
  /** "R3 Sen avbokning" per rule the measure rests on. */
  regler: string[];
}

export interface RegelIKraft {
  regel: string;
  namn: string;
  giltig: string;
  kalla: string;
  kallaText: string;
  parametrar: string;
  motivering: string | null;
}

export interface Definitioner {
  matt: Definition[];
  regelverk: {
    fil: string;
    kommun: string;
    beskrivning: string;
    /** True when the kommun has no regelverk of its own and the default applied. */
    standard: boolean;
    regler: RegelIKraft[];
  } | null;
  kallor: { nr: string; text: string }[];
  metod: string[];
}

export interface RapportView {
  meta: RapportMeta;
  sektioner: RapportSektion[];
  definitioner: Definitioner;
}

/** Section numbering and anchors, in the order of the report (and its table of contents). */
export const SEKTIONER = [
  { id: "sammanfattning", rubrik: "Sammanfattning" },
  { id: "timmar", rubrik: "Beviljade och utförda timmar" },
  { id: "utforandegrad", rubrik: "Utförandegrad och skillnaden mellan beviljade och utförda timmar" },
  { id: "likabedomning", rubrik: "Likabedömning mellan stadsdelar" },
  { id: "avslag", rubrik: "Avslag och delavslag" },
  { id: "jamstalldhet", rubrik: "Jämställdhetsanalys" },
  { id: "omkostnader", rubrik: "Omkostnader" },
  { id: "utforare", rubrik: "Utförare" },
  { id: "bevakning", rubrik: "Bevakning" },
  { id: "definitioner", rubrik: "Definitioner och källor" },
] as const;

export type SektionId = (typeof SEKTIONER)[number]["id"];

export function sektionNr(id: SektionId): number {
  return SEKTIONER.findIndex((s) => s.id === id) + 1;
}
