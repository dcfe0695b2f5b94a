/**
 * What the hours cost: minsta debitering per tillfälle (R7) and the hourly ersättning by
 * regi and tidstyp (R18). Sen avbokning is paid here too, at the tidstyp R3 names.
 */
import type { Regi, Tidstyp } from "../contract.ts";
import { civil, dayOf, type Day } from "./dates.ts";
import { RuleCursor, type Regelverk, type Version } from "./regelverk.ts";
import type { Reason, UtfordaIn } from "./types.ts";
import { h, kr, TIDSTYP_NAMN } from "./text.ts";

/** Hours to pay for one group of rows under R7, given the version in force. */
export interface Debitering {
  timmar: number;
  tillagg: number;
}

/**
 * R7 per row ("rad": each reported row is a tillfälle). Rows aggregated by the store carry
 * Σ max(0, 1 − h) over their rows, exact for the one-hour minimum all shipped regelverk
 * use; a single row is exact for any minimum.
 */
export function tillaggRad(u: UtfordaIn, minst: number): number {
  if (u.tillfallen === 0) return 0;
  if (u.tillfallen === 1) return Math.max(0, minst - u.timmar);
  return minst === 1 ? u.minstaTillagg : Math.max(0, minst * u.tillfallen - u.timmar);
}

/**
 * R7 per day ("dag": one utförare's hours on one day are one tillfälle): a day under the
 * minimum is paid as the minimum, the top-up spread over the day's tidstyper pro rata.
 * Returns the top-up of each row of the group.
 */
export function tillaggDag(group: readonly UtfordaIn[], minst: number): number[] {
  let total = 0;
  for (const u of group) total += u.timmar;
  if (total <= 0 || total >= minst) return group.map(() => 0);
  return group.map((u) => ((minst - total) * u.timmar) / total);
}

/** The ersättning in force per day, and the regi of each utförare (unknown → kommunal). */
export class Prislista {
  private readonly cursor: RuleCursor<"ersattning">;
  /** (year, regi) pairs priced, for one explanatory event each. */
  readonly anvanda = new Map<number, { ar: number; regi: Regi; v: Version<"ersattning"> | undefined; okandRegi: boolean }>();

  constructor(
    rv: Regelverk,
    private readonly regiOf: (utforare: string) => Regi | null,
  ) {
    this.cursor = new RuleCursor(rv, "ersattning");
  }

  private regiCache = new Map<string, Regi | null>();
  private arLo = 1;
  private arHi = 0;
  private ar = 0;

  /** Price per hour, or null when no ersättning is in force that day. */
  pris(day: Day, utforare: string, tidstyp: Tidstyp): number | null {
    const v = this.cursor.at(day);
    let known = this.regiCache.get(utforare);
    if (known === undefined) this.regiCache.set(utforare, (known = this.regiOf(utforare)));
    // An utförare missing from the utförare file is priced as kommunal regi: the lower
    // level, so the cost is never overstated (docs/RULES.md).
    const regi: Regi = known ?? "kommunal";
    if (day < this.arLo || day > this.arHi) {
      this.ar = civil(day).y;
      this.arLo = dayOf(this.ar, 1, 1);
      this.arHi = dayOf(this.ar + 1, 1, 1) - 1;
    }
    const key = this.ar * 4 + (regi === "enskild" ? 2 : 0) + (known === null ? 1 : 0);
    if (!this.anvanda.has(key)) this.anvanda.set(key, { ar: this.ar, regi, v, okandRegi: known === null });
    return v ? v.p[regi][tidstyp] : null;
  }
}

/** The levels used, one reason per year and regi (or that none was in force). */
export function ersattningReasons(p: Prislista): { ar: number; regi: Regi; reason: Reason }[] {
  const out: { ar: number; regi: Regi; reason: Reason }[] = [];
  for (const { ar, regi, v, okandRegi } of p.anvanda.values()) {
    const okand = okandRegi ? " Utföraren finns inte i utförarfilen och prissätts som kommunal regi." : "";
    out.push({ ar, regi, reason: v ? levelReason(v, ar, regi, okand) : missingReason(ar, okand) });
  }
  return out.sort((x, y) => x.ar - y.ar || (x.regi < y.regi ? -1 : 1));
}

export function levelReason(v: Version<"ersattning">, ar: number, regi: Regi, extra = ""): Reason {
  const nivaer = (Object.keys(TIDSTYP_NAMN) as Tidstyp[]).map((t) => `${TIDSTYP_NAMN[t]} ${kr(v.p[regi][t])}`).join(", ");
  const underlag = v.p.underlag === "publicerad" ? "publicerad nivå" : "beräknad nivå (indexerad)";
  return { regel: "R18", kalla: v.kalla, text: `Ersättning ${ar}, ${regi} regi, per timme: ${nivaer} (${underlag}).${extra}` };
}

function missingReason(ar: number, extra: string): Reason {
  return {
    regel: "R18",
    kalla: "regelverk",
    text: `Ingen ersättningsnivå finns i regelverket för ${ar}: timmarna redovisas utan kostnad.${extra}`,
  };
}

export function minstaText(antal: number, tillagg: number, minst: number): string {
  const tillfallen = antal === 1 ? "1 tillfälle" : `${antal} tillfällen`;
  return `${tillfallen} under ${h(minst)} debiteras som ${h(minst)}: ${h(tillagg)} läggs till (R7).`;
}
