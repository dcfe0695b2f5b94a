/**
 * Flex periods (R2): how the months of a case are tiled into periods within which
 * granted hours carry over, and at whose end they lapse.
 *
 * Months are the unit: the ledger is monthly, so a period is a run of whole months.
 *  - A chain is a run of consecutive months each with at least one valid beslut day.
 *    A renewal or ändring inside a chain does not restart the period; a whole month
 *    without a valid beslut ends the chain.
 *  - Periods tile a chain from its first month ("beslutets_start") or follow calendar
 *    blocks ("kalenderkvartal"); a new regelverk version (Stockholm 2020-01-01: monthly →
 *    three months) starts a new period.
 *  - A period ends early when its chain ends: once the beslut has expired no hours can be
 *    used (R15, 004 4.2), so the balance lapses then.
 *  - Months with hours but no valid beslut form one-month periods of their own.
 */
import { monthFirstDay, monthLastDay, type Day, type Month } from "./dates.ts";
import { ruleAt, type Regelverk, type Version } from "./regelverk.ts";

export interface PeriodSpan {
  start: Month;
  slut: Month;
  /** The day the period's hours lapse: its last day, or the chain's last valid day. */
  slutDag: Day;
  periodManader: number;
  utanBeslut: boolean;
  flex: Version<"flexmodell"> | undefined;
}

export interface MonthState {
  manad: Month;
  /** At least one day with a valid beslut. */
  giltig: boolean;
  /** The last valid day in the month (Infinity: the beslut runs on past the ledger's end). */
  sistaGiltigaDag: Day | null;
}

/** @param months the case's months in order (gaps allowed) */
export function buildPeriods(months: readonly MonthState[], rv: Regelverk): PeriodSpan[] {
  const out: PeriodSpan[] = [];
  let i = 0;
  while (i < months.length) {
    const first = months[i];
    if (!first.giltig) {
      out.push({
        start: first.manad,
        slut: first.manad,
        slutDag: monthLastDay(first.manad),
        periodManader: 1,
        utanBeslut: true,
        flex: undefined,
      });
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < months.length && months[j + 1].giltig && months[j + 1].manad === months[j].manad + 1) j++;
    const chainEndDay = months[j].sistaGiltigaDag!;

    let k = i;
    while (k <= j) {
      const m = months[k].manad;
      const flex = ruleAt(rv, "flexmodell", monthFirstDay(m));
      // Without a flexmodell the month is the period (as before 2020 in Stockholm, 002).
      const len = flex?.p.period_manader ?? 1;
      const naturalEnd = flex?.p.ankare === "kalenderkvartal" ? m + (len - 1 - (m % len)) : m + len - 1;
      let end = k;
      while (
        end + 1 <= j &&
        months[end + 1].manad <= naturalEnd &&
        ruleAt(rv, "flexmodell", monthFirstDay(months[end + 1].manad)) === flex
      ) {
        end++;
      }
      const slut = months[end].manad;
      const slutDag = end === j ? Math.min(monthLastDay(naturalEnd), chainEndDay) : monthLastDay(slut);
      out.push({ start: m, slut, slutDag, periodManader: len, utanBeslut: false, flex });
      k = end + 1;
    }
    i = j + 1;
  }
  return out;
}
