/**
 * /utforare: per utförare (the utförare named on the beslut in force, as in
 * ledger_manad) persons, hours, utförandegrad and cancellations by who; late
 * genomförandeplaner (R13) and late starts (R16) attributed through the beslut
 * a flag concerns; new beslut per utförare; utförare without an assignment for
 * twelve months (R17, from the engine's utforare_flagga); and the concentration
 * of hours (how many utförare carry 50 and 80 % of them).
 *
 * An utförare's utförandegrad is judged against its kommun's with the same
 * funnel as likabedömning uses for stadsdelar (queries/likabedomning.ts): the
 * case is the unit, so an utförare with few cases gets wide limits and is not
 * called an outlier by chance.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../app/db.server.ts";
import { aggregate, type AggregateRow } from "./aggregate.ts";
import { isoDate } from "./convert.ts";
import type { Filters } from "./filters.ts";
import { addMoments, ratioOf, ratioReference, ZERO_MOMENTS, type RatioMoments } from "./likabedomning.ts";
import type { MeasureId } from "./measures.ts";
import { funnelLimitsMean, funnelVerdict, Z95, Z998, type FunnelVerdict } from "./stats.ts";

export const UTFORARE_MEASURES = [
  "personer",
  "beviljade",
  "utforda",
  "utforandegrad",
  "avbokad_brukare",
  "avbokad_ledsagare",
] as const satisfies readonly MeasureId[];

/** Flags that concern the utförare's part of a case. */
export const UTFORARE_FLAGS = ["R13", "R16"] as const;

export type UtforareFigures = AggregateRow<(typeof UTFORARE_MEASURES)[number] | "antal_beslut", "kommun" | "utforare">;

export interface UtforareRad {
  figures: UtforareFigures;
  /** Cases with a late or missing genomförandeplan (R13) / a late start (R16), by the beslut's utförare. */
  flags: Record<(typeof UTFORARE_FLAGS)[number], number>;
  /** Where its utförandegrad falls against the kommun's funnel limits (null: too few cases or hours). */
  verdict: FunnelVerdict | null;
  limits95: { low: number; high: number } | null;
  limits998: { low: number; high: number } | null;
}

export interface VilandeUtforare {
  kommun: string;
  utforare: string;
  namn: string | null;
  regi: string | null;
  datum: string | null;
  fonsterFran: string | null;
  fonsterTill: string | null;
  orsak: string;
}

export interface Koncentration {
  /** Utförare by utförda timmar, largest first, with their cumulative share. */
  rows: { kommun: string; utforare: string; utforda: number; andel: number; kumulativ: number }[];
  /** How many utförare carry at least half / four fifths of the hours. */
  n50: number | null;
  n80: number | null;
  total: number;
}

export interface Utforare {
  rows: UtforareRad[];
  total: AggregateRow<(typeof UTFORARE_MEASURES)[number] | "antal_beslut">;
  kommunRatio: Record<string, number | null>;
  vilande: VilandeUtforare[];
  koncentration: Koncentration;
}

const key = (kommun: unknown, utforare: unknown) => `${String(kommun)}\u0000${String(utforare)}`;

export async function utforare(db: Kysely<Database>, f: Filters): Promise<Utforare> {
  const ids = [...UTFORARE_MEASURES, "antal_beslut"] as const;
  const [byU, [total], flagRows, caseRows, vilande] = await Promise.all([
    aggregate(db, f, ids, ["kommun", "utforare"]),
    aggregate(db, f, ids),
    aggregate(db, f, ["arenden_med_flagga"], ["kommun", "utforare", "regel"]),
    aggregate(db, f, ["utforda", "beviljade"], ["kommun", "utforare", "arende_id"]),
    dormant(db, f),
  ]);
  // Rows without an utförare (avslag, months without a beslut naming one) stay, as "uppgift saknas",
  // so that the rows add up to the total; they take no part in comparisons or concentration.
  // Rows with nothing to show (e.g. months of a case whose beslut names no utförare) are left out.
  const rowsIn = byU.filter((r) => [...ids].some((id) => (r[id] ?? 0) !== 0));

  const flags = new Map<string, Record<string, number>>();
  for (const r of flagRows) {
    if (r.utforare === null || !(UTFORARE_FLAGS as readonly string[]).includes(String(r.regel))) continue;
    const k = key(r.kommun, r.utforare);
    flags.set(k, { ...(flags.get(k) ?? {}), [String(r.regel)]: r.arenden_med_flagga ?? 0 });
  }

  const moments = momentsByUtforare(caseRows);
  const kommunRatio: Record<string, number | null> = {};
  const refs = new Map<string, { target: number; sd: number } | null>();
  for (const [kommun, m] of moments.kommun) {
    kommunRatio[kommun] = ratioOf(m);
    refs.set(kommun, ratioReference(m));
  }

  const rows: UtforareRad[] = rowsIn.map((figures) => {
    const k = key(figures.kommun, figures.utforare);
    const m = moments.utforare.get(k) ?? ZERO_MOMENTS;
    const ref = refs.get(String(figures.kommun)) ?? null;
    const value = figures.utforandegrad;
    let verdict: FunnelVerdict | null = null;
    let limits95 = null;
    let limits998 = null;
    if (ref && value !== null && m.n >= 2 && figures.utforare !== null) {
      limits95 = funnelLimitsMean(ref.target, ref.sd, m.n, Z95);
      limits998 = funnelLimitsMean(ref.target, ref.sd, m.n, Z998);
      verdict = funnelVerdict(value, limits95, limits998);
    }
    const fl = flags.get(k) ?? {};
    return { figures, flags: { R13: fl.R13 ?? 0, R16: fl.R16 ?? 0 }, verdict, limits95, limits998 };
  });

  return { rows, total, kommunRatio, vilande, koncentration: concentration(rowsIn.filter((r) => r.utforare !== null)) };
}

/** Per-case hours summed into moments per utförare and per kommun (the funnel's reference). */
export function momentsByUtforare(caseRows: readonly AggregateRow<"utforda" | "beviljade", "kommun" | "utforare" | "arende_id">[]): {
  utforare: Map<string, RatioMoments>;
  kommun: Map<string, RatioMoments>;
} {
  const utf = new Map<string, RatioMoments>();
  const kom = new Map<string, RatioMoments>();
  // A case counts once per utförare it had, and once in its kommun's reference.
  const perCase = new Map<string, { kommun: string; b: number; u: number }>();
  for (const r of caseRows) {
    const b = r.beviljade ?? 0;
    const u = r.utforda ?? 0;
    if (r.utforare !== null) {
      const k = key(r.kommun, r.utforare);
      utf.set(k, addMoments(utf.get(k) ?? ZERO_MOMENTS, { n: 1, b, u, bb: b * b, uu: u * u, ub: u * b }));
    }
    const c = key(r.kommun, r.arende_id);
    const acc = perCase.get(c) ?? { kommun: String(r.kommun), b: 0, u: 0 };
    acc.b += b;
    acc.u += u;
    perCase.set(c, acc);
  }
  for (const { kommun, b, u } of perCase.values()) {
    kom.set(kommun, addMoments(kom.get(kommun) ?? ZERO_MOMENTS, { n: 1, b, u, bb: b * b, uu: u * u, ub: u * b }));
  }
  return { utforare: utf, kommun: kom };
}

/** Utförare by utförda timmar, largest first; how many carry 50 % and 80 % of the hours. */
export function concentration(rows: readonly { kommun: string | number | null; utforare: string | number | null; utforda: number | null }[]): Koncentration {
  const sorted = rows
    .map((r) => ({ kommun: String(r.kommun), utforare: String(r.utforare), utforda: r.utforda ?? 0 }))
    .filter((r) => r.utforda > 0)
    .sort((a, b) => b.utforda - a.utforda || a.utforare.localeCompare(b.utforare, "sv"));
  const total = sorted.reduce((a, r) => a + r.utforda, 0);
  let cum = 0;
  let n50: number | null = null;
  let n80: number | null = null;
  const out = sorted.map((r, i) => {
    cum += r.utforda;
    const kumulativ = total > 0 ? cum / total : 0;
    // A small tolerance: sums of doubles may fall a hair short of an exact half.
    if (n50 === null && kumulativ >= 0.5 - 1e-12) n50 = i + 1;
    if (n80 === null && kumulativ >= 0.8 - 1e-12) n80 = i + 1;
    return { ...r, andel: total > 0 ? r.utforda / total : 0, kumulativ };
  });
  return { rows: out, n50, n80, total };
}

/** R17 as the engine judged it at its horizon (not tied to the chosen period). */
async function dormant(db: Kysely<Database>, f: Filters): Promise<VilandeUtforare[]> {
  const where = f.kommun ? sql`AND kommun = ${f.kommun}` : sql``;
  const rows = await sql<{
    kommun: string;
    utforare: string;
    namn: string | null;
    regi: string | null;
    datum: Date | null;
    fonster_fran: Date | null;
    fonster_till: Date | null;
    orsak: string;
  }>`SELECT kommun, utforare, namn, regi, datum, fonster_fran, fonster_till, orsak
     FROM utforare_flagga WHERE regel = 'R17' ${where} ORDER BY kommun, utforare`.execute(db);
  return rows.rows.map((r) => ({
    kommun: r.kommun,
    utforare: r.utforare,
    namn: r.namn,
    regi: r.regi,
    datum: isoDate(r.datum),
    fonsterFran: isoDate(r.fonster_fran),
    fonsterTill: isoDate(r.fonster_till),
    orsak: r.orsak,
  }));
}
