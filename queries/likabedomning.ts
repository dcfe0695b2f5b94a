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
import { toJsonSafe } from "./convert.ts";
import type { Filters } from "./filters.ts";
import type { EngineTables } from "./schema.ts";
import { aldersgruppSql, filterWhere } from "./selection.ts";
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
  beviljadePerBeslut: { n: number; q1: number; median: number; q3: number } | null;
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
}

// ---------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------

/** One row per kommun, stadsdel, lagrum and åldersgrupp: the strata of the standardisation. */
export interface StratumRow {
  kommun: string;
  stadsdel: string;
  lagrum: string;
  aldersgrupp: string;
  beslut: number;
  bifall: number;
  avslag: number;
  delavslag: number;
  sokta_h: number;
  beviljade_av_sokta_h: number;
}

export interface QuantileRow {
  kommun: string;
  stadsdel: string;
  n: number;
  q: number[];
}

export type MomentRow = { kommun: string; stadsdel: string } & RatioMoments;

/** The comparison is with the whole kommun: the stadsdel filter only picks rows to show. */
function referenceFilters(f: Filters): Filters {
  return { ...f, stadsdel: undefined };
}

/**
 * The beslut in the period by stratum. Avslag/delavslag are counted per beslut (one
 * person may have several in a period: each is a decision the stadsdel made).
 */
export async function queryStrata(db: Kysely<EngineTables>, f: Filters): Promise<StratumRow[]> {
  const aldersgrupp = aldersgruppSql(sql.ref("beslut_datum"), sql.ref("fodelsear"));
  const r = await sql<StratumRow>`
    SELECT kommun, stadsdel_nu AS stadsdel, lagrum, ${aldersgrupp} AS aldersgrupp,
           count(*)::INTEGER AS beslut,
           count(*) FILTER (WHERE utfall = 'bifall')::INTEGER AS bifall,
           count(*) FILTER (WHERE utfall = 'avslag')::INTEGER AS avslag,
           count(*) FILTER (WHERE utfall = 'delavslag')::INTEGER AS delavslag,
           coalesce(sum(sokta_per_manad) FILTER (WHERE sokta_per_manad > 0), 0)::DOUBLE AS sokta_h,
           coalesce(sum(coalesce(beviljade_per_manad, 0)) FILTER (WHERE sokta_per_manad > 0), 0)::DOUBLE AS beviljade_av_sokta_h
    FROM arende_beslut
    WHERE ${filterWhere(referenceFilters(f), "beslut")}
    GROUP BY ALL
    ORDER BY ALL`.execute(db);
  return toJsonSafe(r.rows) as StratumRow[];
}

/** Quartiles of granted hours per month per granting beslut (avslag grants nothing to spread). */
export async function queryQuantiles(db: Kysely<EngineTables>, f: Filters): Promise<QuantileRow[]> {
  const r = await sql<QuantileRow>`
    SELECT kommun, stadsdel_nu AS stadsdel, count(*)::INTEGER AS n,
           quantile_cont(beviljade_per_manad, [0.25, 0.5, 0.75]) AS q
    FROM arende_beslut
    WHERE ${filterWhere(referenceFilters(f), "beslut")}
      AND utfall <> 'avslag' AND beviljade_per_manad IS NOT NULL
    GROUP BY ALL
    ORDER BY ALL`.execute(db);
  return toJsonSafe(r.rows) as QuantileRow[];
}

/**
 * Per stadsdel, the moments of per-case granted (b) and performed (u) hours in the
 * period's months. A case that moved counts once in each stadsdel it had months in.
 */
export async function queryMoments(db: Kysely<EngineTables>, f: Filters): Promise<MomentRow[]> {
  const r = await sql<MomentRow>`
    WITH c AS (
      SELECT kommun, stadsdel_nu, arende_id, sum(beviljade_h) AS b, sum(utforda_h) AS u
      FROM ledger_manad
      WHERE ${filterWhere(referenceFilters(f), "manad")}
      GROUP BY ALL
      HAVING sum(beviljade_h) > 0 OR sum(utforda_h) > 0)
    SELECT kommun, stadsdel_nu AS stadsdel, count(*)::INTEGER AS n,
           sum(b)::DOUBLE AS b, sum(u)::DOUBLE AS u, sum(b * b)::DOUBLE AS bb, sum(u * u)::DOUBLE AS uu,
           sum(u * b)::DOUBLE AS ub
    FROM c GROUP BY ALL ORDER BY ALL`.execute(db);
  return toJsonSafe(r.rows) as MomentRow[];
}

// ---------------------------------------------------------------------------
// Assembly (pure: unit-tested with hand-made rows)
// ---------------------------------------------------------------------------

const key = (kommun: string, stadsdel: string) => `${kommun}\u0000${stadsdel}`;
const stratumKey = (s: { lagrum: string; aldersgrupp: string }) => `${s.lagrum}|${s.aldersgrupp}`;

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
 * Builds the page's rows from the three queries. `show` (the stadsdel filter) limits
 * the rows returned; references always use every stadsdel of the kommun.
 */
export function assembleLikabedomning(
  strata: StratumRow[],
  quantiles: QuantileRow[],
  moments: MomentRow[],
  show?: readonly string[],
): Likabedomning {
  // Kommun references.
  const refStrata = new Map<string, Map<string, { n: number; avslag: number }>>();
  const refTotals = new Map<string, { beslut: number; avslag: number }>();
  for (const s of strata) {
    const m = refStrata.get(s.kommun) ?? new Map<string, { n: number; avslag: number }>();
    refStrata.set(s.kommun, m);
    const cell = m.get(stratumKey(s)) ?? { n: 0, avslag: 0 };
    cell.n += s.beslut;
    cell.avslag += s.avslag;
    m.set(stratumKey(s), cell);
    const t = refTotals.get(s.kommun) ?? { beslut: 0, avslag: 0 };
    t.beslut += s.beslut;
    t.avslag += s.avslag;
    refTotals.set(s.kommun, t);
  }
  const refMoments = new Map<string, RatioMoments>();
  for (const m of moments) refMoments.set(m.kommun, addMoments(refMoments.get(m.kommun) ?? ZERO_MOMENTS, m));

  // Per stadsdel.
  type Acc = {
    kommun: string;
    stadsdel: string;
    beslut: number;
    bifall: number;
    avslag: number;
    delavslag: number;
    soktaH: number;
    beviljadeAvSoktaH: number;
    strata: { stratum: string; n: number }[];
  };
  const acc = new Map<string, Acc>();
  const get = (kommun: string, stadsdel: string): Acc => {
    let a = acc.get(key(kommun, stadsdel));
    if (!a) {
      a = { kommun, stadsdel, beslut: 0, bifall: 0, avslag: 0, delavslag: 0, soktaH: 0, beviljadeAvSoktaH: 0, strata: [] };
      acc.set(key(kommun, stadsdel), a);
    }
    return a;
  };
  for (const s of strata) {
    const a = get(s.kommun, s.stadsdel);
    a.beslut += s.beslut;
    a.bifall += s.bifall;
    a.avslag += s.avslag;
    a.delavslag += s.delavslag;
    a.soktaH += s.sokta_h;
    a.beviljadeAvSoktaH += s.beviljade_av_sokta_h;
    a.strata.push({ stratum: stratumKey(s), n: s.beslut });
  }
  for (const m of moments) get(m.kommun, m.stadsdel);
  const q = new Map(quantiles.map((r) => [key(r.kommun, r.stadsdel), r]));
  const mm = new Map(moments.map((r) => [key(r.kommun, r.stadsdel), r]));

  const rader: StadsdelRad[] = [];
  for (const a of acc.values()) {
    if (show?.length && !show.includes(a.stadsdel)) continue;
    const total = refTotals.get(a.kommun);
    const target = total && total.beslut > 0 ? total.avslag / total.beslut : null;
    const mom = mm.get(key(a.kommun, a.stadsdel)) ?? ZERO_MOMENTS;
    const utforandegrad = ratioOf(mom);
    const rates = new Map<string, number>();
    for (const [k, v] of refStrata.get(a.kommun) ?? []) if (v.n > 0) rates.set(k, v.avslag / v.n);
    const e = expectedCount(a.strata, rates);
    const smr = smrInterval(a.avslag, e, Z95);
    const qr = q.get(key(a.kommun, a.stadsdel));
    rader.push({
      kommun: a.kommun,
      stadsdel: a.stadsdel,
      beslut: a.beslut,
      bifall: a.bifall,
      avslag: a.avslag,
      delavslag: a.delavslag,
      avslagAndel: a.beslut > 0 ? a.avslag / a.beslut : null,
      avslagCi: wilson(a.avslag, a.beslut),
      delavslagAndel: a.beslut > 0 ? a.delavslag / a.beslut : null,
      soktaH: a.soktaH,
      beviljadeAvSoktaH: a.beviljadeAvSoktaH,
      beviljadeAvSokta: a.soktaH > 0 ? a.beviljadeAvSoktaH / a.soktaH : null,
      beviljadePerBeslut: qr && qr.n > 0 ? { n: qr.n, q1: qr.q[0], median: qr.q[1], q3: qr.q[2] } : null,
      arenden: mom.n,
      beviljadeH: mom.b,
      utfordaH: mom.u,
      utforandegrad,
      avslagFunnel: target === null ? null : avslagFunnelPoint(a.avslag, a.beslut, target),
      utforandegradFunnel: ratioFunnelPoint(utforandegrad, mom.n, ratioReference(refMoments.get(a.kommun) ?? ZERO_MOMENTS)),
      standardiserad: smr
        ? { observerade: a.avslag, forvantade: e, kvot: smr.ratio, low: smr.low, high: smr.high, verdict: smrVerdict(a.avslag, e) }
        : null,
    });
  }
  rader.sort((x, y) => x.kommun.localeCompare(y.kommun, "sv") || x.stadsdel.localeCompare(y.stadsdel, "sv"));

  const kommunNames = [...new Set([...refTotals.keys(), ...refMoments.keys()])].sort((x, y) => x.localeCompare(y, "sv"));
  const kommuner: KommunReferens[] = kommunNames.map((k) => {
    const t = refTotals.get(k) ?? { beslut: 0, avslag: 0 };
    const m = refMoments.get(k) ?? ZERO_MOMENTS;
    const ref = ratioReference(m);
    return {
      kommun: k,
      beslut: t.beslut,
      avslag: t.avslag,
      avslagAndel: t.beslut > 0 ? t.avslag / t.beslut : null,
      arenden: m.n,
      utforandegrad: ratioOf(m),
      utforandegradSd: ref?.sd ?? null,
      stadsdelar: [...acc.values()].filter((a) => a.kommun === k).length,
    };
  });
  return { rader, kommuner };
}

/** The page's figures: three queries, then pure assembly. */
export async function likabedomning(db: Kysely<EngineTables>, f: Filters): Promise<Likabedomning> {
  const [strata, quantiles, moments] = await Promise.all([queryStrata(db, f), queryQuantiles(db, f), queryMoments(db, f)]);
  return assembleLikabedomning(strata, quantiles, moments, f.stadsdel);
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
