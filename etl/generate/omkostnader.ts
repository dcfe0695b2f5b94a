/**
 * Omkostnader under one beslut, by the kommun's model:
 * schablon — 6 kr per performed hour, one row per month (R8);
 * särskild — an activity costing the ledsagare over 300 kr, applied for per occasion (R9);
 * månadsbelopp — the person's own actual costs, at most 300 kr a month (R10, from 2020).
 */
import type { OmkostnadRow } from "../contract.ts";
import { isoDay, monthEnd, type Day } from "./calendar.ts";
import type { Performed } from "./activity.ts";
import type { Window } from "./kommuner.ts";
import { OMKOSTNAD } from "./params.ts";
import type { Person } from "./person.ts";
import type { Rng } from "./rng.ts";

const MANAD_AKTIVITET = ["Bio", "Fika", "Museum", "Bad", "Bowling", "Lunch", "Bio, fika", "Simhall", "Konstutställning"];
const SARSKILD_AKTIVITET = ["Konsert", "Teaterföreställning", "Fotbollsmatch", "Nöjespark", "Musikal", "Kryssning", "Resa till Göteborg"];

interface MonthTotal {
  end: Day;
  hours: number;
  occasions: number;
  lastDay: Day;
}

/** Performed occasions summed per month (rebooked ones may come out of date order). */
function byMonth(performed: readonly Performed[]): MonthTotal[] {
  const months = new Map<Day, MonthTotal>();
  for (const p of performed) {
    const end = monthEnd(p.day);
    const t = months.get(end);
    if (t) {
      t.hours += p.hours;
      t.occasions++;
      t.lastDay = Math.max(t.lastDay, p.day);
    } else months.set(end, { end, hours: p.hours, occasions: 1, lastDay: p.day });
  }
  return [...months.values()].sort((a, b) => a.end - b.end);
}

export function omkostnadRows(
  rng: Rng,
  person: Person,
  beslutId: string,
  utforare: string,
  performed: readonly Performed[],
  w: Window,
  emit: (row: OmkostnadRow) => void,
): void {
  const model = person.kommun.omkostnad;
  const row = (datum: Day, belopp: number, typ: OmkostnadRow["typ"], aktivitet: string): OmkostnadRow => ({
    kommun: person.kommun.namn,
    beslut_id: beslutId,
    utforare,
    datum: isoDay(datum),
    belopp,
    typ,
    aktivitet,
  });
  for (const m of byMonth(performed)) {
    if (model.schablon) {
      emit(row(Math.min(m.end, w.end), OMKOSTNAD.schablonPerHour * m.hours, "schablon", "Schablonersättning"));
    }
    if (
      model.manadsbeloppFrom !== null &&
      person.manadsbelopp &&
      m.lastDay >= model.manadsbeloppFrom &&
      rng.chance(OMKOSTNAD.pManadsbeloppMonth)
    ) {
      let cost = 0;
      for (let i = 0; i < m.occasions; i++) cost += rng.uniform(OMKOSTNAD.perOccasionCost[0], OMKOSTNAD.perOccasionCost[1]);
      // Receipts in whole kronor or 50 öre; the reimbursement stops at the monthly cap.
      const belopp = Math.min(OMKOSTNAD.manadsbeloppMax, Math.round(cost * 2) / 2);
      emit(row(m.lastDay, belopp, "manadsbelopp", rng.pick(MANAD_AKTIVITET)));
    }
  }
  if (model.sarskild) {
    for (const p of performed) {
      if (!rng.chance(OMKOSTNAD.pSarskildPerOccasion)) continue;
      const belopp = Math.round(rng.uniform(OMKOSTNAD.sarskild[0], OMKOSTNAD.sarskild[1]) / 10) * 10;
      emit(row(p.day, belopp, "sarskild", rng.pick(SARSKILD_AKTIVITET)));
    }
  }
}
