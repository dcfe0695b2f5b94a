/**
 * Statistics for comparisons that must not mislead: a small stadsdel's rate
 * varies more by chance alone, so it is judged against limits that widen as
 * its volume shrinks (funnel plot), and against what its mix of cases would
 * predict (indirect standardisation). Pure functions, no I/O.
 */

/** Two-sided standard-normal quantiles for the limits we draw. */
export const Z95 = 1.959964;
export const Z998 = 3.090232;

/** Wilson score interval for a proportion: well-behaved for small n and rates near 0 or 1. */
export function wilson(successes: number, n: number, z = Z95): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Funnel limits around a target proportion for a unit of size n (normal
 * approximation to the binomial, as in Spiegelhalter 2005).
 */
export function funnelLimits(target: number, n: number, z: number): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const se = Math.sqrt((target * (1 - target)) / n);
  return { low: Math.max(0, target - z * se), high: Math.min(1, target + z * se) };
}

/**
 * Funnel limits for a mean of per-unit values (e.g. per-case utförandegrad):
 * target ± z·sd/√n, where sd is the between-case spread across the kommun.
 */
export function funnelLimitsMean(target: number, sd: number, n: number, z: number): { low: number; high: number } {
  if (n <= 0) return { low: -Infinity, high: Infinity };
  const se = sd / Math.sqrt(n);
  return { low: target - z * se, high: target + z * se };
}

export type FunnelVerdict = "inom" | "utanfor95" | "utanfor998";

/** Where a value falls relative to the 95 % and 99.8 % limits. */
export function funnelVerdict(value: number, l95: { low: number; high: number }, l998: { low: number; high: number }): FunnelVerdict {
  if (value < l998.low || value > l998.high) return "utanfor998";
  if (value < l95.low || value > l95.high) return "utanfor95";
  return "inom";
}

/**
 * Indirect standardisation: expected events in a unit = Σ over strata of the
 * unit's cases in the stratum × the reference rate of that stratum.
 */
export function expectedCount(
  unitStrata: { stratum: string; n: number }[],
  referenceRate: Map<string, number>,
): number {
  let e = 0;
  for (const { stratum, n } of unitStrata) e += n * (referenceRate.get(stratum) ?? 0);
  return e;
}

/**
 * Exact-enough confidence interval for an observed/expected ratio, with the
 * observed count taken as Poisson (Byar's approximation).
 */
export function smrInterval(observed: number, expected: number, z = Z95): { ratio: number; low: number; high: number } | null {
  if (expected <= 0) return null;
  const o = observed;
  const low = o === 0 ? 0 : (o * Math.pow(1 - 1 / (9 * o) - z / (3 * Math.sqrt(o)), 3)) / expected;
  const o1 = o + 1;
  const high = (o1 * Math.pow(1 - 1 / (9 * o1) + z / (3 * Math.sqrt(o1)), 3)) / expected;
  return { ratio: o / expected, low, high };
}

/**
 * Two-proportion z test (pooled). Returns the two-sided p-value; used to say
 * whether a difference between women and men is larger than chance.
 */
export function twoProportionP(x1: number, n1: number, x2: number, n2: number): number | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (se === 0) return x1 / n1 === x2 / n2 ? 1 : 0;
  const z = (x1 / n1 - x2 / n2) / se;
  return 2 * (1 - normalCdf(Math.abs(z)));
}

/** Welch's test for two means (large-sample normal approximation); two-sided p-value. */
export function twoMeansP(
  a: { mean: number; sd: number; n: number },
  b: { mean: number; sd: number; n: number },
): number | null {
  if (a.n < 2 || b.n < 2) return null;
  const se = Math.sqrt((a.sd * a.sd) / a.n + (b.sd * b.sd) / b.n);
  if (se === 0) return a.mean === b.mean ? 1 : 0;
  return 2 * (1 - normalCdf(Math.abs((a.mean - b.mean) / se)));
}

/** Normal-approximation interval for a mean. */
export function meanInterval(mean: number, sd: number, n: number, z = Z95): { low: number; high: number } | null {
  if (n < 2) return null;
  const half = (z * sd) / Math.sqrt(n);
  return { low: mean - half, high: mean + half };
}

/** Standard normal CDF (Zelen & Severo 26.2.17; |error| < 7.5e-8). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const d = 0.3989422804014327 * Math.exp((-x * x) / 2);
  const tail =
    d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return x >= 0 ? 1 - tail : tail;
}
