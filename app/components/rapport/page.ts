/**
 * Helpers of the report page (plain module: loader and component both use it):
 * the periods a report can be made for, and the print CSS that puts the period
 * in the running header of the browser's print.
 */
import { parsePeriod } from "../../../queries/filters.ts";
import { capitalise } from "../PageIntro.tsx";
import type { RapportMeta } from "./view.ts";

/**
 * Tertials and years the data cover, latest first; one that reaches past the
 * data's last day is marked as not yet complete.
 */
export function perioder(firstMonth: string | null, horizon: string | null): { key: string; label: string }[] {
  if (!firstMonth || !horizon) return [];
  const first = Number(firstMonth.slice(0, 4));
  const last = Number(horizon.slice(0, 4));
  const out: { key: string; label: string }[] = [];
  for (let y = last; y >= first; y--) {
    for (const key of [`${y}`, `${y}-T3`, `${y}-T2`, `${y}-T1`]) {
      const p = parsePeriod(key)!;
      if (p.from > horizon || p.to <= firstMonth) continue;
      const lastDay = new Date(`${p.to}T00:00:00Z`);
      lastDay.setUTCDate(lastDay.getUTCDate() - 1);
      const done = lastDay.toISOString().slice(0, 10) <= horizon;
      out.push({ key, label: done ? p.label : `${p.label}, pågår` });
    }
  }
  return out;
}

/** A CSS string literal: quotes and backslashes escaped, no way out of the string or the style element. */
function cssString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/</g, "\\3C ").replace(/[\r\n]/g, " ")}"`;
}

/**
 * @page margin boxes for the browser's print: "Underlag till nämnden" and the
 * kommun top left, the period top right, the title bottom left and "Sida N av M"
 * bottom right. (The PDF gets the same from Chromium's header and footer.)
 */
export function printPageCss(m: RapportMeta): string {
  const box = "font-family: 'Liberation Sans', Arial, sans-serif; font-size: 8pt; color: #333;";
  const where = [m.kommun, ...(m.stadsdelar.length ? [m.stadsdelar.join(", ")] : [])].join(", ");
  return `@media print { @page {
  @top-left { content: ${cssString(`Underlag till nämnden · ${where}`)}; ${box} }
  @top-right { content: ${cssString(capitalise(m.periodLabel))}; ${box} }
  @bottom-left { content: ${cssString(m.titel)}; ${box} }
  @bottom-right { content: "Sida " counter(page) " av " counter(pages); ${box} }
} }`;
}
