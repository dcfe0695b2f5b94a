/**
 * Case-page formatting on top of app/lib/format.ts: a measure's value by its unit, and
 * the list's age-group and selection words.
 */
import { formatCount, formatHours, formatKr, formatNumber, formatPercent } from "../../lib/format.ts";
import type { Unit } from "../../../queries/measures.ts";

export function formatUnit(value: number | null | undefined, unit: Unit): string {
  switch (unit) {
    case "h":
      return formatHours(value);
    case "kr":
      return formatKr(value);
    case "andel":
      return formatPercent(value, 1);
    case "antal":
      return Number.isInteger(value) ? formatCount(value) : formatNumber(value, 2);
  }
}

export const UNIT_WORD: Record<Unit, string> = { h: "timmar", kr: "kronor", andel: "andel", antal: "antal" };
