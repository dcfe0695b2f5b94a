/**
 * The words a reader sees for coded values (kön, insats, åldersgrupp, periods),
 * in one place so that tables, charts, filter bar and CSV say the same thing.
 */
import { ALDERSGRUPP_LABEL, parsePeriod, type Aldersgrupp } from "../../queries/filters.ts";
import { formatMonth, formatTertial } from "./format.ts";

export const KON_LABEL: Record<string, string> = { K: "Kvinnor", M: "Män" };

export const INSATS_LABEL: Record<string, string> = {
  ledsagarservice: "Ledsagarservice (LSS)",
  ledsagning: "Ledsagning (SoL)",
  avlosarservice: "Avlösarservice",
};

export const LAGRUM_LABEL: Record<string, string> = { LSS: "LSS 9 § 3", SoL: "SoL 4 kap. 1 §" };

export const UTFALL_LABEL: Record<string, string> = { bifall: "Bifall", delavslag: "Delavslag", avslag: "Avslag" };

export const REGI_LABEL: Record<string, string> = { kommunal: "Kommunal regi", enskild: "Enskild regi" };

/** What each process flag means, in a few words (the engine's reasons say it case by case). */
export const FLAG_LABEL: Record<string, string> = {
  R1: "Beslut utan slutdatum",
  R6: "Tre avbokningar på tre månader",
  R11: "Ledsagarservice trots personlig assistans",
  R12: "Beslut över delegationsgränsen",
  R13: "Genomförandeplan saknas eller sen",
  R14: "Uppföljning saknas",
  R15: "Timmar utan gällande beslut",
  R16: "Start senare än sju dagar",
  R17: "Utförare utan uppdrag i tolv månader",
};

/** The same in two or three words, for column headers. */
export const FLAG_SHORT: Record<string, string> = {
  R1: "Utan slutdatum",
  R6: "Tre avbokningar",
  R11: "Personlig assistans",
  R12: "Över delegation",
  R13: "Genomförandeplan",
  R14: "Uppföljning",
  R15: "Utan beslut",
  R16: "Sen start",
  R17: "Utan uppdrag",
};

export const UNKNOWN = "(uppgift saknas)";

/** The label of a group value of a dimension, e.g. kon "K" → "Kvinnor", manad "2026-03" → "mars 2026". */
export function dimensionLabel(dim: string, value: string | number | null, names?: Record<string, string>): string {
  if (value === null || value === "") return UNKNOWN;
  const v = String(value);
  switch (dim) {
    case "kon":
      return KON_LABEL[v] ?? v;
    case "insats":
      return INSATS_LABEL[v] ?? v;
    case "lagrum":
      return LAGRUM_LABEL[v] ?? v;
    case "aldersgrupp":
      return ALDERSGRUPP_LABEL[v as Aldersgrupp] ?? v;
    case "utfall":
      return UTFALL_LABEL[v] ?? v;
    case "regi":
      return REGI_LABEL[v] ?? v;
    case "manad":
      return formatMonth(v);
    case "tertial":
      return formatTertial(v);
    case "regel":
      return FLAG_LABEL[v] ? `${v} ${FLAG_LABEL[v]}` : v;
    case "utforare":
      return names?.[v] ? `${names[v]} (${v})` : v;
    default:
      return v;
  }
}

/** A period key's label, e.g. "2026-T1" → "tertial 1 2026 (januari–april)". */
export function periodLabel(key: string): string {
  return parsePeriod(key)?.label ?? key;
}

/** "YYYY-MM" of the month before an exclusive first-of-month bound (a Period's `to`). */
export function lastMonthOf(toExclusive: string): string {
  const y = Number(toExclusive.slice(0, 4));
  const m = Number(toExclusive.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}
