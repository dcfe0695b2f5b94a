/**
 * Random cases for property tests: rows as the loaded tables hold them (ISO dates), and the
 * same case as engine input built straight from those rows, one utförda row at a time —
 * independent of the store's SQL aggregation, so comparing the two tests the store too.
 * Deliberately nasty: overlapping and gapped beslut, week hours, beslut without end,
 * avslag, several rows on one day, cancellations right at 12:00 and seven days ahead.
 */
import type { AvbokadAv, Insats, Kon, OmkostnadTyp, Regi, Tidstyp, Utfall } from "../../../etl/contract.ts";
import { isoDay, isoMinute, MINUTES_PER_DAY, parseDay, parseMinute } from "../../../etl/engine/dates.ts";
import type { CaseInput } from "../../../etl/engine/types.ts";

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RawBeslut {
  kommun: string; stadsdel: string; beslut_id: string; person_id: string; arende_id: string; fodelsear: number;
  kon: Kon; lagrum: "LSS" | "SoL"; insats: Insats; ansokan_datum: string; beslut_datum: string; utfall: Utfall;
  sokta_timmar: number | null; beviljade_timmar: number | null; timmar_per: "manad" | "vecka";
  giltig_from: string | null; giltig_tom: string | null; handlaggare: string; beslutsniva: string;
  personlig_assistans: boolean; utforare: string | null; bestallning_datum: string | null;
  genomforandeplan_datum: string | null; senaste_uppfoljning: string | null;
}
export interface RawUtforda { kommun: string; beslut_id: string; utforare: string; datum: string; tidstyp: Tidstyp; timmar: number }
export interface RawAvbokning {
  kommun: string; beslut_id: string; utforare: string; planerad_start: string; avbokad_tid: string;
  avbokad_av: AvbokadAv; timmar: number; ombokad: boolean; orsak: string;
}
export interface RawOmkostnad { kommun: string; beslut_id: string; utforare: string; datum: string; belopp: number; typ: OmkostnadTyp; aktivitet: string }
export interface RawUtforare { kommun: string; utforare: string; namn: string; regi: Regi; godkand_from: string; godkand_tom: string | null }

export interface RawCase {
  arendeId: string;
  kommun: string;
  beslut: RawBeslut[];
  utforda: RawUtforda[];
  avbokningar: RawAvbokning[];
  omkostnader: RawOmkostnad[];
}

export const KOMMUNER = ["Stockholm", "Värmdö", "Östhammar", "Testby"];
const TIDSTYPER: Tidstyp[] = ["dag", "kvall", "natt", "helg", "storhelg"];
const STADSDELAR: Record<string, string[]> = {
  Stockholm: ["Farsta", "Älvsjö", "Rinkeby-Kista", "Södermalm"],
  Värmdö: ["Värmdö"],
  Östhammar: ["Östhammar"],
  Testby: ["Testby"],
};

export function randomUtforare(): RawUtforare[] {
  return KOMMUNER.flatMap((k) => [
    { kommun: k, utforare: "U01", namn: `${k} egen regi`, regi: "kommunal" as Regi, godkand_from: "2010-01-01", godkand_tom: null },
    { kommun: k, utforare: "U02", namn: `${k} Ledsagning AB`, regi: "enskild" as Regi, godkand_from: "2010-01-01", godkand_tom: null },
    // U03 performs hours but is missing from the utförare file (priced as kommunal regi).
    { kommun: k, utforare: "U04", namn: `${k} Vilande AB`, regi: "enskild" as Regi, godkand_from: "2012-01-01", godkand_tom: null },
  ]);
}

export function randomCase(r: () => number, i: number): RawCase {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const kommun = pick(KOMMUNER);
  const arendeId = `a${String(i).padStart(5, "0")}`;
  const personId = `p${i}`;
  const insats: Insats = r() < 0.1 ? "avlosarservice" : r() < 0.5 ? "ledsagning" : "ledsagarservice";
  const lagrum = insats === "ledsagning" ? "SoL" : "LSS";
  const kon: Kon = r() < 0.6 ? "K" : "M";
  const fodelsear = int(1940, 2015);
  const weekly = r() < 0.15;

  const beslut: RawBeslut[] = [];
  let start = parseDay("2019-01-01")! + int(0, 2200);
  const n = int(1, 4);
  for (let b = 0; b < n; b++) {
    const len = pick([60, 180, 365, 730]);
    const utfall: Utfall = r() < 0.15 ? "avslag" : r() < 0.2 ? "delavslag" : "bifall";
    const timmar = weekly ? int(2, 12) : int(4, 60);
    const tom = r() < 0.06 ? null : start + len - 1;
    const bd = start - int(1, 20);
    beslut.push({
      kommun, stadsdel: pick(STADSDELAR[kommun]), beslut_id: `${arendeId}-B${b}`, person_id: personId, arende_id: arendeId,
      fodelsear, kon, lagrum, insats, ansokan_datum: isoDay(bd - int(5, 40)), beslut_datum: isoDay(bd), utfall,
      sokta_timmar: timmar + (utfall === "bifall" ? 0 : int(1, 10)),
      beviljade_timmar: utfall === "avslag" ? null : timmar,
      timmar_per: weekly ? "vecka" : "manad",
      giltig_from: utfall === "avslag" ? null : isoDay(start),
      giltig_tom: utfall === "avslag" || tom === null ? null : isoDay(tom),
      handlaggare: "h1", beslutsniva: r() < 0.7 ? "handläggare" : "enhetschef", personlig_assistans: r() < 0.05,
      utforare: utfall === "avslag" ? null : pick(["U01", "U02", "U03"]),
      bestallning_datum: utfall === "avslag" ? null : isoDay(bd + int(0, 5)),
      genomforandeplan_datum: utfall === "avslag" || r() < 0.1 ? null : isoDay(bd + int(5, 30)),
      senaste_uppfoljning: utfall === "avslag" || r() < 0.3 ? null : isoDay(start + int(100, 500)),
    });
    if (tom === null) break;
    // Next beslut: follows on, overlaps (an ändring), or leaves a gap.
    const how = r();
    start = how < 0.6 ? tom + 1 : how < 0.8 ? tom - int(10, 50) : tom + int(20, 90);
  }
  if (beslut.length === 0 || beslut.every((b) => b.utfall === "avslag")) {
    return { arendeId, kommun, beslut, utforda: [], avbokningar: [], omkostnader: [] };
  }

  const granted = beslut.filter((b) => b.utfall !== "avslag");
  const first = parseDay(granted[0].giltig_from!)!;
  const lastB = granted[granted.length - 1];
  const last = lastB.giltig_tom ? parseDay(lastB.giltig_tom)! : first + 500;
  const ref = (d: number) => granted.find((b) => parseDay(b.giltig_from!)! <= d)?.beslut_id ?? granted[0].beslut_id;

  const utforda: RawUtforda[] = [];
  const avbokningar: RawAvbokning[] = [];
  const omkostnader: RawOmkostnad[] = [];
  for (let d = first - 5; d <= last + 25 && d <= parseDay("2026-10-31")!; d += int(1, 9)) {
    const u = pick(["U01", "U02", "U03"]);
    const timmar = pick([0.25, 0.5, 1, 1.5, 2, 3, 4]);
    utforda.push({ kommun, beslut_id: ref(d), utforare: u, datum: isoDay(d), tidstyp: pick(TIDSTYPER), timmar });
    if (r() < 0.1) utforda.push({ kommun, beslut_id: ref(d), utforare: u, datum: isoDay(d), tidstyp: pick(TIDSTYPER), timmar: pick([0.5, 2]) });
    if (r() < 0.2) {
      const plan = d * MINUTES_PER_DAY + int(8, 20) * 60;
      const edge = r();
      const ahead =
        edge < 0.15 ? plan - (plan % MINUTES_PER_DAY) - MINUTES_PER_DAY + 12 * 60 + pick([-1, 0, 1])
        : edge < 0.25 ? plan - 7 * MINUTES_PER_DAY - pick([-60, 0, 60])
        : plan - int(10, 20000);
      avbokningar.push({
        kommun, beslut_id: ref(d), utforare: u, planerad_start: isoMinute(plan), avbokad_tid: isoMinute(ahead),
        avbokad_av: pick(["brukare", "brukare", "ledsagare", "utforare"] as AvbokadAv[]),
        timmar: pick([0.5, 1, 2, 3]), ombokad: r() < 0.4, orsak: "test",
      });
    }
    if (r() < 0.1) {
      omkostnader.push({
        kommun, beslut_id: ref(d), utforare: u, datum: isoDay(d), belopp: pick([40, 120, 250, 350, 900]),
        typ: pick(["schablon", "sarskild", "manadsbelopp"] as OmkostnadTyp[]), aktivitet: "bio",
      });
    }
  }
  return { arendeId, kommun, beslut, utforda, avbokningar, omkostnader };
}

const dayOrNull = (s: string | null) => (s === null ? null : parseDay(s)!);

/** The engine's input straight from the rows: each utförda row its own item. */
export function toCaseInput(c: RawCase): CaseInput {
  const b0 = c.beslut[0];
  return {
    arendeId: c.arendeId,
    kommun: c.kommun,
    insats: b0.insats,
    kon: b0.kon,
    fodelsear: b0.fodelsear,
    beslut: c.beslut.map((b) => ({
      beslutId: b.beslut_id,
      stadsdel: b.stadsdel,
      lagrum: b.lagrum,
      insats: b.insats,
      ansokanDatum: parseDay(b.ansokan_datum)!,
      beslutDatum: parseDay(b.beslut_datum)!,
      utfall: b.utfall,
      soktaTimmar: b.sokta_timmar,
      beviljadeTimmar: b.beviljade_timmar,
      timmarPer: b.timmar_per,
      giltigFrom: dayOrNull(b.giltig_from),
      giltigTom: dayOrNull(b.giltig_tom),
      beslutsniva: b.beslutsniva,
      personligAssistans: b.personlig_assistans,
      utforare: b.utforare,
      bestallningDatum: dayOrNull(b.bestallning_datum),
      genomforandeplanDatum: dayOrNull(b.genomforandeplan_datum),
      senasteUppfoljning: dayOrNull(b.senaste_uppfoljning),
    })),
    utforda: c.utforda.map((u) => ({
      datum: parseDay(u.datum)!,
      utforare: u.utforare,
      tidstyp: u.tidstyp,
      timmar: u.timmar,
      tillfallen: u.timmar > 0 ? 1 : 0,
      minstaTillagg: u.timmar > 0 ? Math.max(0, 1 - u.timmar) : 0,
    })),
    avbokningar: c.avbokningar.map((a) => ({
      utforare: a.utforare,
      planeradStart: parseMinute(a.planerad_start)!,
      avbokadTid: parseMinute(a.avbokad_tid)!,
      avbokadAv: a.avbokad_av,
      timmar: a.timmar,
      ombokad: a.ombokad,
      orsak: a.orsak,
    })),
    omkostnader: c.omkostnader.map((o) => ({
      utforare: o.utforare,
      datum: parseDay(o.datum)!,
      belopp: o.belopp,
      typ: o.typ,
      aktivitet: o.aktivitet,
    })),
  };
}
