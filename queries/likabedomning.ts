/**
 * Likabedömning: do the stadsdelar of a kommun decide alike? (`003`: avslag and granted
 * hours differ between stadsdelar.) Per stadsdel (today's organisation, `stadsdel_nu`):
 * beslut, avslag and delavslag, granted against sought hours, the spread of granted hours
 * per beslut, utförandegrad — each judged against what chance alone would give.
 *
 * Statistical choices (docs in the page text, and in the report):
 * - **Avslag funnel**: binomial. Target = the kommun's avslag share over the same
 *   selection; limits p ± z·√(p(1−p)/n) for a stadsdel with n beslut (Spiegelhalter 2005).
 * - **Utförandegrad funnel**: utförandegrad is a ratio of hours, Σ utförda / Σ beviljade.
 *   Hours are not independent trials (one person's hours rise and fall together), so a
 *   binomial on hours would draw absurdly narrow limits. The unit is the case (ärende):
 *   a stadsdel's ratio is a ratio estimator over its n cases, whose variance by the delta
 *   method is E[(u − R·b)²] / (n·E[b]²). Taking E[·] from the kommun's cases gives the
 *   limits R ± z·sd/√n with sd = √(Σ(u − R·b)²/(N − 1)) / b̄ — the between-case spread,
 *   so overdispersion is in the limits by construction. The value plotted is the same
 *   hours-weighted utförandegrad the table shows.
 * - **Observed vs expected avslag**: indirect standardisation over strata lagrum ×
 *   åldersgrupp (age reached in the beslut's year): expected = Σ strata n × the kommun's
 *   avslag share in the stratum; O/E with Byar's interval. A stadsdel whose 99.8 %
 *   interval excludes 1 is marked, as the funnel marks a point outside its 99.8 % limit.
 * - The reference is always the whole kommun under the other filters: a stadsdel filter
 *   chooses which rows to show, never what they are compared with.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../app/db.server.ts";
import { aggregate, type AggregateRow } from "./aggregate.ts";
import { toJsonSafe } from "./convert.ts";
import type { Filters } from "./filters.ts";
import { MEASURES, type MeasureId } from "./measures.ts";
import { filterWhere } from "./selection.ts";
import {
  Z95,
  Z998,
  expectedCount,
  funnelLimits,
  funnelLimitsMean,
  funnelVerdict,
  smrInterval,
  wilson,
  type FunnelVerdict,
} from "./stats.ts";

// ---------------------------------------------------------------------------
// A ratio of sums with the case as the unit (utförandegrad), shared with queries/kon.ts
// ---------------------------------------------------------------------------

/**
 * First and second moments of per-unit (case or person) hours b (beviljade) and u
 * (utförda): enough to compute Σu/Σb and its linearised variance in one SQL pass.
 */
export interface RatioMoments {
  n: number;
  b: number;
  u: number;
  bb: number;
  uu: number;
  ub: number;
}

export const ZERO_MOMENTS: RatioMoments = { n: 0, b: 0, u: 0, bb: 0, uu: 0, ub: 0 };

export function addMoments(a: RatioMoments, c: RatioMoments): RatioMoments {
  return { n: a.n + c.n, b: a.b + c.b, u: a.u + c.u, bb: a.bb + c.bb, uu: a.uu + c.uu, ub: a.ub + c.ub };
}

/** Σu / Σb, or null without granted hours. */
export function ratioOf(m: RatioMoments): number | null {
  return m.b > 0 ? m.u / m.b : null;
}

/** Σ (u − R·b)² around the group's own ratio R, from the moments (no second pass). */
function residualSquares(m: RatioMoments, r: number): number {
  // Rounding can make an exact fit a tiny negative number.
  return Math.max(0, m.uu - 2 * r * m.ub + r * r * m.bb);
}

/**
 * Standard error of the ratio estimator Σu/Σb with the unit as the sampling unit
 * (delta method): √(n/(n−1) · Σ(u − R·b)²) / Σb. Null for fewer than two units.
 */
export function ratioSe(m: RatioMoments): number | null {
  const r = ratioOf(m);
  if (r === null || m.n < 2) return null;
  return Math.sqrt((residualSquares(m, r) * m.n) / (m.n - 1)) / m.b;
}

/** 95 % (or z) interval of the ratio: R ± z·se. */
export function ratioInterval(m: RatioMoments, z = Z95): { low: number; high: number } | null {
  const r = ratioOf(m);
  const se = ratioSe(m);
  if (r === null || se === null) return null;
  return { low: Math.max(0, r - z * se), high: r + z * se };
}

/**
 * The reference of a ratio funnel: the kommun's ratio, and the per-unit sd that makes
 * a unit-count n's limits R ± z·sd/√n (see the module comment).
 */
export function ratioReference(ref: RatioMoments): { target: number; sd: number } | null {
  const r = ratioOf(ref);
  if (r === null || ref.n < 2) return null;
  const sigma = Math.sqrt(residualSquares(ref, r) / (ref.n - 1));
  return { target: r, sd: sigma / (ref.b / ref.n) };
}

// ---------------------------------------------------------------------------
// Result types
// ---------------------------------------------------------------------------

export interface Limits {
  low: number;
  high: number;
}

export interface FunnelPoint {
  /** The kommun's value the limits are drawn around. */
  target: number;
  l95: Limits;
  l998: Limits;
  verdict: FunnelVerdict;
}

export interface StadsdelRad {
  kommun: string;
  stadsdel: string;
  /** Distinct cases behind the row's figures, per scope (aggregate()'s `n`): drives small-count suppression. */
  n: Partial<Record<"beslut" | "manad", number>>;
  beslut: number;
  bifall: number;
  avslag: number;
  delavslag: number;
  avslagAndel: number | null;
  /** Wilson 95 % interval of the avslag share. */
  avslagCi: Limits | null;
  delavslagAndel: number | null;
  /** Sought and granted hours per month over beslut with sought hours (avslag grants 0). */
  soktaH: number;
  beviljadeAvSoktaH: number;
  beviljadeAvSokta: number | null;
  /** Granted hours per month per beslut (bifall and delavslag): quartiles. */
  beviljadePerBeslut: { q1: number; median: number; q3: number } | null;
  /** Cases with granted or performed hours in the period (the utförandegrad funnel's n). */
  arenden: number;
  beviljadeH: number;
  utfordaH: number;
  utforandegrad: number | null;
  avslagFunnel: FunnelPoint | null;
  utforandegradFunnel: FunnelPoint | null;
  /** Observed vs expected avslag given the stadsdel's mix of lagrum and åldersgrupp. */
  standardiserad: {
    observerade: number;
    forvantade: number;
    kvot: number;
    /** 95 % interval of O/E. */
    low: number;
    high: number;
    verdict: FunnelVerdict;
  } | null;
}

export interface KommunReferens {
  kommun: string;
  beslut: number;
  avslag: number;
  avslagAndel: number | null;
  arenden: number;
  utforandegrad: number | null;
  /** Per-case sd of the utförandegrad funnel (limits R ± z·sd/√n). */
  utforandegradSd: number | null;
  stadsdelar: number;
}

export interface Likabedomning {
  rader: StadsdelRad[];
  kommuner: KommunReferens[];
  /** The whole kommun as a row of the same shape (the tables' total; no funnel of its own). */
  totaler: StadsdelRad[];
}

// ---------------------------------------------------------------------------
// Queries: the registry's measures through aggregate(), plus per-case moments
// ---------------------------------------------------------------------------

/** The registry's measures the page shows per stadsdel. */
export const STADSDEL_MEASURES = [
  "antal_beslut",
  "antal_bifall",
  "antal_avslag",
  "antal_delavslag",
  "avslagsandel",
  "delavslagsandel",
  "sokta_per_manad",
  "beviljade_per_manad",
  "beviljat_av_sokt",
  "beviljade_per_beslut_p25",
  "beviljade_per_beslut_median",
  "beviljade_per_beslut_p75",
  "personer",
  "beviljade",
  "utforda",
  "utforandegrad",
] as const satisfies readonly MeasureId[];

export type StadsdelFigures = AggregateRow<(typeof STADSDEL_MEASURES)[number], "kommun" | "stadsdel_nu">;
export type KommunFigures = AggregateRow<(typeof STADSDEL_MEASURES)[number], "kommun">;
export type StratumFigures = AggregateRow<"antal_beslut" | "antal_avslag", "kommun" | "stadsdel_nu" | "lagrum" | "aldersgrupp">;
export type MomentRow = { kommun: string; stadsdel: string } & RatioMoments;

/** The comparison is with the whole kommun: the stadsdel filter only picks rows to show. */
function referenceFilters(f: Filters): Filters {
  return { ...f, stadsdel: undefined };
}

/**
 * Per case and stadsdel, the registry's granted and performed hours (the drilldown of
 * `beviljade` and `utforda`), reduced to their moments per stadsdel in the same query.
 * Only cases with hours count, as `personer` counts them; a case that moved counts
 * once in each stadsdel it had months in.
 */
export async function queryMoments(db: Kysely<Database>, f: Filters): Promise<MomentRow[]> {
  const r = await sql<MomentRow>`
    WITH c AS (
      SELECT kommun, stadsdel_nu, arende_id,
             ${sql.raw(MEASURES.beviljade.expr)} AS b, ${sql.raw(MEASURES.utforda.expr)} AS u
      FROM ledger_manad
      WHERE ${filterWhere(referenceFilters(f), "manad")}
      GROUP BY ALL)
    SELECT kommun, stadsdel_nu AS stadsdel, count(*)::INTEGER AS n,
           sum(b)::DOUBLE AS b, sum(u)::DOUBLE AS u, sum(b * b)::DOUBLE AS bb, sum(u * u)::DOUBLE AS uu,
           sum(u * b)::DOUBLE AS ub
    FROM c WHERE b > 0 OR u > 0
    GROUP BY ALL ORDER BY ALL`.execute(db);
  return toJsonSafe(r.rows) as MomentRow[];
}

// ---------------------------------------------------------------------------
// Assembly (pure: unit-tested with hand-made rows)
// ---------------------------------------------------------------------------

const key = (kommun: unknown, stadsdel: unknown) => `${String(kommun)}\u0000${String(stadsdel)}`;

function smrVerdict(o: number, e: number): FunnelVerdict {
  const i998 = smrInterval(o, e, Z998);
  const i95 = smrInterval(o, e, Z95);
  if (i998 && (i998.low > 1 || i998.high < 1)) return "utanfor998";
  if (i95 && (i95.low > 1 || i95.high < 1)) return "utanfor95";
  return "inom";
}

export function avslagFunnelPoint(avslag: number, beslut: number, target: number): FunnelPoint | null {
  if (beslut <= 0) return null;
  const l95 = funnelLimits(target, beslut, Z95);
  const l998 = funnelLimits(target, beslut, Z998);
  return { target, l95, l998, verdict: funnelVerdict(avslag / beslut, l95, l998) };
}

export function ratioFunnelPoint(value: number | null, n: number, ref: { target: number; sd: number } | null): FunnelPoint | null {
  if (value === null || ref === null || n <= 0) return null;
  // A ratio cannot be negative: the lower limit stops at 0.
  const clamp = (l: Limits) => ({ low: Math.max(0, l.low), high: l.high });
  const l95 = clamp(funnelLimitsMean(ref.target, ref.sd, n, Z95));
  const l998 = clamp(funnelLimitsMean(ref.target, ref.sd, n, Z998));
  return { target: ref.target, l95, l998, verdict: funnelVerdict(value, l95, l998) };
}

/**
 * Builds the page's rows from the queries' results. `show` (the stadsdel filter) limits
 * the rows returned; references always use every stadsdel of the kommun.
 */
export function assembleLikabedomning(
  figures: StadsdelFigures[],
  strata: StratumFigures[],
  moments: MomentRow[],
  show?: readonly string[],
  kommunFigures: KommunFigures[] = [],
): Likabedomning {
  // Kommun references: avslag per stratum, and the per-case spread of utförandegrad.
  const refStrata = new Map<string, Map<string, { n: number; avslag: number }>>();
  const unitStrata = new Map<string, { stratum: string; n: number }[]>();
  for (const s of strata) {
    const kommun = String(s.kommun);
    const stratum = `${s.lagrum}|${s.aldersgrupp}`;
    const m = refStrata.get(kommun) ?? new Map<string, { n: number; avslag: number }>();
    refStrata.set(kommun, m);
    const cell = m.get(stratum) ?? { n: 0, avslag: 0 };
    cell.n += s.antal_beslut ?? 0;
    cell.avslag += s.antal_avslag ?? 0;
    m.set(stratum, cell);
    const k = key(s.kommun, s.stadsdel_nu);
    unitStrata.set(k, [...(unitStrata.get(k) ?? []), { stratum, n: s.antal_beslut ?? 0 }]);
  }
  const refRates = new Map<string, Map<string, number>>();
  const refTotals = new Map<string, { beslut: number; avslag: number }>();
  for (const [kommun, m] of refStrata) {
    const rates = new Map<string, number>();
    const t = { beslut: 0, avslag: 0 };
    for (const [stratum, v] of m) {
      if (v.n > 0) rates.set(stratum, v.avslag / v.n);
      t.beslut += v.n;
      t.avslag += v.avslag;
    }
    refRates.set(kommun, rates);
    refTotals.set(kommun, t);
  }
  const refMoments = new Map<string, RatioMoments>();
  for (const m of moments) refMoments.set(m.kommun, addMoments(refMoments.get(m.kommun) ?? ZERO_MOMENTS, m));
  const refRatio = new Map([...refMoments].map(([k, m]) => [k, ratioReference(m)]));
  const mm = new Map(moments.map((r) => [key(r.kommun, r.stadsdel), r]));

  const rader: StadsdelRad[] = [];
  for (const g of figures) {
    const kommun = String(g.kommun);
    const stadsdel = String(g.stadsdel_nu);
    if (show?.length && !show.includes(stadsdel)) continue;
    const row = plainRow(g, kommun, stadsdel);
    const total = refTotals.get(kommun);
    const target = total && total.beslut > 0 ? total.avslag / total.beslut : null;
    const mom = mm.get(key(kommun, stadsdel)) ?? ZERO_MOMENTS;
    const e = expectedCount(unitStrata.get(key(kommun, stadsdel)) ?? [], refRates.get(kommun) ?? new Map());
    const smr = smrInterval(row.avslag, e, Z95);
    row.avslagFunnel = target === null ? null : avslagFunnelPoint(row.avslag, row.beslut, target);
    row.utforandegradFunnel = ratioFunnelPoint(row.utforandegrad, mom.n, refRatio.get(kommun) ?? null);
    row.standardiserad = smr
      ? { observerade: row.avslag, forvantade: e, kvot: smr.ratio, low: smr.low, high: smr.high, verdict: smrVerdict(row.avslag, e) }
      : null;
    rader.push(row);
  }

  const kommunNames = [...new Set(figures.map((g) => String(g.kommun)))];
  const kommuner: KommunReferens[] = kommunNames.map((k) => {
    const t = refTotals.get(k) ?? { beslut: 0, avslag: 0 };
    const m = refMoments.get(k) ?? ZERO_MOMENTS;
    return {
      kommun: k,
      beslut: t.beslut,
      avslag: t.avslag,
      avslagAndel: t.beslut > 0 ? t.avslag / t.beslut : null,
      arenden: m.n,
      utforandegrad: ratioOf(m),
      utforandegradSd: refRatio.get(k)?.sd ?? null,
      stadsdelar: figures.filter((g) => String(g.kommun) === k).length,
    };
  });
  const totaler = kommunFigures.map((g) => plainRow(g, String(g.kommun), null));
  return { rader, kommuner, totaler };
}

/** A row's registry figures (the statistics are added by the caller). */
function plainRow(g: Omit<StadsdelFigures, "stadsdel_nu" | "kommun">, kommun: string, stadsdel: string | null): StadsdelRad {
  const beslut = g.antal_beslut ?? 0;
  const avslag = g.antal_avslag ?? 0;
  const median = g.beviljade_per_beslut_median;
  return {
    kommun,
    stadsdel: stadsdel ?? kommun,
    n: { beslut: g.n.beslut ?? 0, manad: g.n.manad ?? 0 },
    beslut,
    bifall: g.antal_bifall ?? 0,
    avslag,
    delavslag: g.antal_delavslag ?? 0,
    avslagAndel: g.avslagsandel,
    avslagCi: wilson(avslag, beslut),
    delavslagAndel: g.delavslagsandel,
    soktaH: g.sokta_per_manad ?? 0,
    beviljadeAvSoktaH: g.beviljade_per_manad ?? 0,
    beviljadeAvSokta: g.beviljat_av_sokt,
    beviljadePerBeslut:
      median === null ? null : { q1: g.beviljade_per_beslut_p25 ?? median, median, q3: g.beviljade_per_beslut_p75 ?? median },
    arenden: g.personer ?? 0,
    beviljadeH: g.beviljade ?? 0,
    utfordaH: g.utforda ?? 0,
    utforandegrad: g.utforandegrad,
    avslagFunnel: null,
    utforandegradFunnel: null,
    standardiserad: null,
  };
}

/**
 * The page's figures: six small queries (aggregate() runs one per scope: the
 * stadsdelar, the kommun total, the strata, and the per-case moments), then pure assembly.
 */
export async function likabedomning(db: Kysely<Database>, f: Filters): Promise<Likabedomning> {
  const ref = referenceFilters(f);
  const [figures, kommunFigures, strata, moments] = await Promise.all([
    aggregate(db, ref, STADSDEL_MEASURES, ["kommun", "stadsdel_nu"]),
    aggregate(db, ref, STADSDEL_MEASURES, ["kommun"]),
    aggregate(db, ref, ["antal_beslut", "antal_avslag"], ["kommun", "stadsdel_nu", "lagrum", "aldersgrupp"]),
    queryMoments(db, f),
  ]);
  return assembleLikabedomning(figures, strata, moments, f.stadsdel, kommunFigures);
}

// ---------------------------------------------------------------------------
// Funnel curves for the charts
// ---------------------------------------------------------------------------

export interface FunnelCurvePoint {
  n: number;
  low95: number;
  high95: number;
  low998: number;
  high998: number;
}

/**
 * The limits as lines over volume, from `minN` to `maxN` on a grid dense where they bend
 * (small n). `limits(n, z)` is funnelLimits or funnelLimitsMean bound to the reference.
 */
export function funnelCurve(limits: (n: number, z: number) => Limits, minN: number, maxN: number, steps = 60): FunnelCurvePoint[] {
  const lo = Math.max(1, minN);
  const hi = Math.max(lo + 1, maxN);
  const out: FunnelCurvePoint[] = [];
  let last = -1;
  for (let i = 0; i <= steps; i++) {
    // Geometric spacing: the curve changes fastest at small n.
    const n = Math.round(lo * Math.pow(hi / lo, i / steps));
    if (n === last) continue;
    last = n;
    const a = limits(n, Z95);
    const b = limits(n, Z998);
    out.push({ n, low95: a.low, high95: a.high, low998: b.low, high998: b.high });
  }
  return out;
}

/** Binomial funnel curve around a kommun's avslag share. */
export function avslagCurve(target: number, minN: number, maxN: number): FunnelCurvePoint[] {
  return funnelCurve((n, z) => funnelLimits(target, n, z), minN, maxN);
}

/** Ratio funnel curve around a kommun's utförandegrad (limits kept at or above 0). */
export function utforandegradCurve(target: number, sd: number, minN: number, maxN: number): FunnelCurvePoint[] {
  return funnelCurve(
    (n, z) => {
      const l = funnelLimitsMean(target, sd, n, z);
      return { low: Math.max(0, l.low), high: l.high };
    },
    minN,
    maxN,
  );
}
