/**
 * Which utförare the filter bar offers (plain module: the server trims the page's
 * data with it, and the bar applies it to what it is given). Utförare belong to a
 * kommun (their ids are only unique within one, and at national scale there are
 * thousands), so the bar offers the chosen kommun's; with one kommun in the data,
 * all of them. Without a kommun among several, only those the URL already chose
 * (once per id, so that sending the form keeps them), and the bar asks for a
 * kommun first.
 */
import type { Filters } from "../../queries/filters.ts";
import type { FilterOptions } from "./filter-options.server.ts";

/** Whether the bar asks for a kommun before it lists utförare. */
export function utforareNeedKommun(options: Pick<FilterOptions, "kommuner">, filters: Pick<Filters, "kommun">): boolean {
  return !filters.kommun && options.kommuner.length > 1;
}

export function offeredUtforare(options: Pick<FilterOptions, "kommuner" | "utforare">, filters: Pick<Filters, "kommun" | "utforare">): FilterOptions["utforare"] {
  if (filters.kommun) return options.utforare.filter((u) => u.kommun === filters.kommun);
  if (!utforareNeedKommun(options, filters)) return options.utforare;
  const chosen = new Set(filters.utforare ?? []);
  const seen = new Set<string>();
  return options.utforare.filter((u) => {
    if (!chosen.has(u.utforare) || seen.has(u.utforare)) return false;
    seen.add(u.utforare);
    return true;
  });
}
