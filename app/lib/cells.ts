/**
 * How a table cell or key figure is written, by its format (sv-SE, one place):
 * hours with one decimal, kronor whole, shares as percent with one decimal,
 * counts whole. Missing values are "–".
 */
import { formatCount, formatHours, formatKr, formatNumber, formatPercent, MISSING } from "./format.ts";
import type { CellFormat, CellValue } from "./table.ts";

export function formatCell(value: CellValue | undefined, format: CellFormat): string {
  if (value === null || value === undefined) return MISSING;
  if (typeof value === "string") return value;
  switch (format) {
    case "h":
      return formatHours(value);
    case "kr":
      return formatKr(value);
    case "andel":
      return formatPercent(value, 1);
    case "antal":
      return formatCount(value);
    default:
      return formatNumber(value, 2);
  }
}

/** The unit written after a key figure ("tim", "kr", nothing for counts and shares). */
export function unitSuffix(format: CellFormat): string {
  return format === "h" ? "\u00a0tim" : "";
}
