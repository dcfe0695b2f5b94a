/**
 * Granted hours (R1): which beslut is in force on each day, and how many hours that gives
 * each month — pro rata by day for beslut that start or end mid-month, week hours
 * converted to month hours as the regelverk says.
 */
import type { BeslutIn, Reason } from "./types.ts";
import { daysInMonth, isoDay, monthFirstDay, monthLastDay, monthOf, type Day, type Month } from "./dates.ts";
import { ruleAt, type Regelverk } from "./regelverk.ts";
import { h, tal } from "./text.ts";

/** A beslut grants hours when it is not an avslag and states hours and a start date. */
export function grants(b: BeslutIn): boolean {
  return b.utfall !== "avslag" && b.giltigFrom !== null && b.beviljadeTimmar !== null;
}

/** A run of days on which one beslut is in force. */
export interface Segment {
  from: Day;
  to: Day;
  beslut: BeslutIn;
  /** The beslut runs on past `to`, which is only the ledger's last day. */
  fortsatter: boolean;
}

/**
 * The newer decision governs where two beslut overlap (an ändring replaces the running
 * beslut from its giltig_from): later beslut_datum wins, then later giltig_from, then id.
 */
function precedence(a: BeslutIn, b: BeslutIn): number {
  return (
    a.beslutDatum - b.beslutDatum ||
    a.giltigFrom! - b.giltigFrom! ||
    (a.beslutId < b.beslutId ? -1 : a.beslutId > b.beslutId ? 1 : 0)
  );
}

/**
 * Non-overlapping segments in date order. `sistaDag` bounds beslut without giltig_tom
 * (R1 flags them) and beslut running past the data: the ledger stops there.
 */
export function buildSegments(beslut: readonly BeslutIn[], sistaDag: Day): Segment[] {
  let segs: Segment[] = [];
  const granting = beslut.filter(grants).sort(precedence);
  for (const b of granting) {
    const from = b.giltigFrom!;
    const to = Math.min(b.giltigTom ?? Infinity, sistaDag);
    if (to < from) continue;
    const fortsatter = b.giltigTom === null || b.giltigTom > sistaDag;
    // Paint the newer beslut over whatever older segments it covers.
    const next: Segment[] = [];
    for (const s of segs) {
      if (s.to < from || s.from > to) {
        next.push(s);
        continue;
      }
      if (s.from < from) next.push({ ...s, to: from - 1, fortsatter: false });
      if (s.to > to) next.push({ ...s, from: to + 1 });
    }
    next.push({ from, to, beslut: b, fortsatter });
    segs = next.sort((x, y) => x.from - y.from);
  }
  return segs;
}

/** Whether a day falls in a segment (segments sorted, non-overlapping): binary search. */
export function segmentAt(segs: readonly Segment[], day: Day): Segment | undefined {
  let lo = 0;
  let hi = segs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid];
    if (day < s.from) hi = mid - 1;
    else if (day > s.to) lo = mid + 1;
    else return s;
  }
  return undefined;
}

export type VeckaOmrakning = "52/12" | "dagar/7";

/**
 * How a beslut's hours convert: the regelverk's R1 version on the beslut's start date.
 * Without one, 52/12 (the conversion DOMAIN.md states) is used and the reason says so.
 */
export function omrakning(rv: Regelverk, b: BeslutIn): { metod: VeckaOmrakning; kalla: string } {
  const v = ruleAt(rv, "beslutets_omfattning", b.giltigFrom ?? b.beslutDatum);
  return v ? { metod: v.p.vecka_till_manad, kalla: v.kalla } : { metod: "52/12", kalla: "DOMAIN" };
}

/** Hours per month of a beslut (week hours × 52/12), for comparisons and R12. */
export function perManad(timmar: number, per: BeslutIn["timmarPer"]): number {
  return per === "vecka" ? (timmar * 52) / 12 : timmar;
}

/** Hours a segment grants in one month: pro rata by the days it covers. */
export function segmentHoursInMonth(seg: Segment, month: Month, metod: VeckaOmrakning): { dagar: number; timmar: number } {
  const from = Math.max(seg.from, monthFirstDay(month));
  const to = Math.min(seg.to, monthLastDay(month));
  const dagar = Math.max(0, to - from + 1);
  const t = seg.beslut.beviljadeTimmar!;
  if (seg.beslut.timmarPer === "vecka" && metod === "dagar/7") return { dagar, timmar: (t * dagar) / 7 };
  return { dagar, timmar: (perManad(t, seg.beslut.timmarPer) * dagar) / daysInMonth(month) };
}

/** The reason sentence for a beslut's granted hours (one event per beslut). */
export function beslutReason(b: BeslutIn, rv: Regelverk): Reason {
  const { metod, kalla } = omrakning(rv, b);
  const giltig = `${b.giltigFrom === null ? "?" : isoDay(b.giltigFrom)} – ${b.giltigTom === null ? "tills vidare" : isoDay(b.giltigTom)}`;
  if (!grants(b)) {
    const sokt = b.soktaTimmar === null ? "" : ` Sökt: ${h(b.soktaTimmar)} per ${b.timmarPer === "vecka" ? "vecka" : "månad"}.`;
    return {
      regel: "R1",
      kalla: "001",
      text: `Beslut ${b.beslutId} (${b.utfall}, ${isoDay(b.beslutDatum)}) beviljar inga timmar.${sokt}`,
    };
  }
  const t = b.beviljadeTimmar!;
  const omr =
    b.timmarPer === "vecka"
      ? metod === "52/12"
        ? ` Veckotimmar räknas om till ${h(perManad(t, "vecka"))} per månad (× 52/12).`
        : ` Veckotimmar räknas per dag (${tal(t)}/7 h per dag).`
      : "";
  return {
    regel: "R1",
    kalla: b.timmarPer === "vecka" ? kalla : "001",
    text:
      `Beslut ${b.beslutId} (${b.utfall}, ${isoDay(b.beslutDatum)}): ${h(t)} per ${b.timmarPer === "vecka" ? "vecka" : "månad"}, ` +
      `giltigt ${giltig}.${omr} Månader som beslutet bara delvis täcker räknas pro rata per dag.`,
  };
}

export function monthsOfSegment(seg: Segment): [Month, Month] {
  return [monthOf(seg.from), monthOf(seg.to)];
}
