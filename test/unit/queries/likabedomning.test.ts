/**
 * The likabedömning statistics on hand-made inputs, each expected figure worked out
 * by hand (or by a direct loop written out here, independent of the moment formulas).
 */
import { describe, expect, it } from "vitest";
import {
  addMoments,
  assembleLikabedomning,
  avslagCurve,
  avslagFunnelPoint,
  ratioFunnelPoint,
  ratioInterval,
  ratioOf,
  ratioReference,
  ratioSe,
  utforandegradCurve,
  type MomentRow,
  type RatioMoments,
  type StadsdelFigures,
  type StratumFigures,
} from "../../../queries/likabedomning.ts";
import { Z95, Z998 } from "../../../queries/stats.ts";

/** Moments of per-unit (b, u) pairs. */
function moments(units: [number, number][]): RatioMoments {
  return units.reduce<RatioMoments>(
    (m, [b, u]) => addMoments(m, { n: 1, b, u, bb: b * b, uu: u * u, ub: u * b }),
    { n: 0, b: 0, u: 0, bb: 0, uu: 0, ub: 0 },
  );
}

describe("ratio of sums with the case as the unit", () => {
  // Three cases (beviljade, utförda): (20, 10), (20, 20), (10, 0). R = 30/50 = 0.6.
  // Residuals u − 0.6·b: −2, 8, −6; squares 4 + 64 + 36 = 104.
  // se = √(104 · 3/2) / 50 = √156 / 50 = 0.249800 (hand).
  const a = moments([
    [20, 10],
    [20, 20],
    [10, 0],
  ]);

  it("computes Σu/Σb and its linearised standard error", () => {
    expect(ratioOf(a)).toBeCloseTo(0.6, 12);
    expect(ratioSe(a)).toBeCloseTo(Math.sqrt(156) / 50, 12);
    expect(ratioSe(a)).toBeCloseTo(0.2498, 4);
    const ci = ratioInterval(a)!;
    expect(ci.low).toBeCloseTo(Math.max(0, 0.6 - Z95 * 0.2498), 3);
    expect(ci.high).toBeCloseTo(0.6 + Z95 * 0.2498, 3);
  });

  it("has no ratio without granted hours, and no spread from one case", () => {
    expect(ratioOf(moments([[0, 3]]))).toBeNull();
    expect(ratioSe(moments([[10, 5]]))).toBeNull();
    expect(ratioReference(moments([[10, 5]]))).toBeNull();
  });

  it("is exact (zero spread) when every case has the same ratio", () => {
    const same = moments([
      [10, 5],
      [20, 10],
      [4, 2],
    ]);
    expect(ratioSe(same)).toBeCloseTo(0, 10);
  });

  it("derives the funnel's per-case sd from the kommun's cases", () => {
    // sd = √(Σ(u − R·b)²/(N − 1)) / b̄ = √(104/2) / (50/3).
    const ref = ratioReference(a)!;
    expect(ref.target).toBeCloseTo(0.6, 12);
    expect(ref.sd).toBeCloseTo(Math.sqrt(52) / (50 / 3), 12);
    // A stadsdel with 4 cases at 0.9: limits 0.6 ± z·sd/2.
    const p = ratioFunnelPoint(0.9, 4, ref)!;
    expect(p.l95.high).toBeCloseTo(0.6 + (Z95 * ref.sd) / 2, 12);
    expect(p.l998.high).toBeCloseTo(0.6 + (Z998 * ref.sd) / 2, 12);
    expect(p.l95.low).toBe(Math.max(0, 0.6 - (Z95 * ref.sd) / 2));
    expect(p.verdict).toBe("inom"); // sd/2 ≈ 0.216: 0.9 is within 0.6 ± 0.42
    expect(ratioFunnelPoint(2.0, 4, ref)!.verdict).toBe("utanfor998");
  });

  it("agrees with a direct loop over the residuals on irregular data", () => {
    const units: [number, number][] = [
      [13.5, 2.25],
      [40, 31],
      [7, 7.5],
      [22.2, 0],
      [9, 4.4],
    ];
    const m = moments(units);
    const r = m.u / m.b;
    const ss = units.reduce((s, [b, u]) => s + (u - r * b) ** 2, 0);
    expect(ratioSe(m)).toBeCloseTo(Math.sqrt((ss * 5) / 4) / m.b, 12);
  });
});

describe("binomial avslag funnel", () => {
  it("puts limits p ± z·√(p(1−p)/n) around the kommun's share", () => {
    // p = 0.3, n = 4: se = √(0.21/4) = 0.229129; 95 %: 0.3 ± 0.449081 → [0, 0.749081].
    const p = avslagFunnelPoint(1, 4, 0.3)!;
    expect(p.l95.low).toBe(0);
    expect(p.l95.high).toBeCloseTo(0.749081, 5);
    expect(p.verdict).toBe("inom");
    // 100 beslut at 0.3: se 0.045826; 99.8 % upper 0.441614; 45 avslag (0.45) is outside.
    expect(avslagFunnelPoint(45, 100, 0.3)!.l998.high).toBeCloseTo(0.441614, 5);
    expect(avslagFunnelPoint(45, 100, 0.3)!.verdict).toBe("utanfor998");
    expect(avslagFunnelPoint(40, 100, 0.3)!.verdict).toBe("utanfor95");
    expect(avslagFunnelPoint(0, 0, 0.3)).toBeNull();
  });

  it("draws curves that narrow with volume, 99.8 % outside 95 %", () => {
    const c = avslagCurve(0.1, 5, 1000);
    expect(c[0].n).toBe(5);
    expect(c[c.length - 1].n).toBe(1000);
    for (let i = 1; i < c.length; i++) {
      expect(c[i].n).toBeGreaterThan(c[i - 1].n);
      expect(c[i].high95).toBeLessThanOrEqual(c[i - 1].high95);
    }
    for (const p of c) {
      expect(p.high998).toBeGreaterThanOrEqual(p.high95);
      expect(p.low998).toBeLessThanOrEqual(p.low95);
      expect(p.low998).toBeGreaterThanOrEqual(0);
    }
    const u = utforandegradCurve(0.5, 0.8, 1, 400);
    expect(u[0].low998).toBe(0); // 0.5 − 3.09·0.8 < 0 is cut at 0
    expect(u[u.length - 1].high95).toBeCloseTo(0.5 + (Z95 * 0.8) / 20, 12);
  });
});

describe("assembleLikabedomning", () => {
  // Kommun Testby, three stadsdelar; strata lagrum|åldersgrupp.
  // LSS|25-64: A 4 beslut 1 avslag, B 2 beslut 1 avslag → kommun 6 / 2 → 1/3
  // SoL|0-17:  B 2 beslut 1 avslag, C 1 beslut 0 avslag → 3 / 1 → 1/3
  // LSS|65-:   C 1 beslut 0 avslag → 0
  const stratum = (stadsdel: string, lagrum: string, aldersgrupp: string, beslut: number, avslag: number): StratumFigures => ({
    kommun: "Testby",
    stadsdel_nu: stadsdel,
    lagrum,
    aldersgrupp,
    antal_beslut: beslut,
    antal_avslag: avslag,
    n: { beslut },
  });
  const strata = [
    stratum("A", "LSS", "25-64", 4, 1),
    stratum("B", "LSS", "25-64", 2, 1),
    stratum("B", "SoL", "0-17", 2, 1),
    stratum("C", "SoL", "0-17", 1, 0),
    stratum("C", "LSS", "65-", 1, 0),
  ];
  const fig = (stadsdel: string, beslut: number, avslag: number, utforandegrad: number | null): StadsdelFigures => ({
    kommun: "Testby",
    stadsdel_nu: stadsdel,
    antal_beslut: beslut,
    antal_bifall: beslut - avslag,
    antal_avslag: avslag,
    antal_delavslag: 0,
    avslagsandel: avslag / beslut,
    delavslagsandel: 0,
    sokta_per_manad: 10 * beslut,
    beviljade_per_manad: 10 * (beslut - avslag),
    beviljat_av_sokt: (beslut - avslag) / beslut,
    beviljade_per_beslut_p25: 10,
    beviljade_per_beslut_median: 10,
    beviljade_per_beslut_p75: 10,
    personer: 2,
    beviljade: 40,
    utforda: 40 * (utforandegrad ?? 0),
    utforandegrad,
    n: { beslut, manad: 2 },
  });
  const figures = [fig("A", 4, 1, 0.6), fig("B", 4, 2, 0.5), fig("C", 2, 0, 0.4)];
  const mom = (stadsdel: string, units: [number, number][]): MomentRow => ({ kommun: "Testby", stadsdel, ...moments(units) });
  const moms = [
    mom("A", [
      [20, 10],
      [20, 14],
    ]),
    mom("B", [
      [20, 8],
      [20, 12],
    ]),
    mom("C", [
      [20, 4],
      [20, 12],
    ]),
  ];

  it("computes expected avslag from the kommun's stratum rates (indirect standardisation)", () => {
    const r = assembleLikabedomning(figures, strata, moms);
    const by = new Map(r.rader.map((x) => [x.stadsdel, x]));
    // A: 4 × 1/3 = 4/3, O = 1 → 0.75. B: 2 × 1/3 + 2 × 1/3 = 4/3, O = 2 → 1.5. C: 1 × 1/3 + 1 × 0 = 1/3, O = 0.
    expect(by.get("A")!.standardiserad!.forvantade).toBeCloseTo(4 / 3, 12);
    expect(by.get("A")!.standardiserad!.kvot).toBeCloseTo(0.75, 12);
    expect(by.get("B")!.standardiserad!.kvot).toBeCloseTo(1.5, 12);
    expect(by.get("C")!.standardiserad!.forvantade).toBeCloseTo(1 / 3, 12);
    expect(by.get("C")!.standardiserad!.kvot).toBe(0);
    // Expected avslag add up to the kommun's observed total (3).
    const e = r.rader.reduce((s, x) => s + x.standardiserad!.forvantade, 0);
    expect(e).toBeCloseTo(3, 12);
    for (const x of r.rader) expect(x.standardiserad!.verdict).toBe("inom");
  });

  it("sets the avslag funnel around the kommun's share, and the utförandegrad funnel around its ratio", () => {
    const r = assembleLikabedomning(figures, strata, moms);
    expect(r.kommuner).toHaveLength(1);
    expect(r.kommuner[0]).toMatchObject({ kommun: "Testby", beslut: 10, avslag: 3, avslagAndel: 0.3, arenden: 6, stadsdelar: 3 });
    // Kommun: six cases of 20 h, utförda 10,14,8,12,4,12 = 60 → R = 0.5.
    expect(r.kommuner[0].utforandegrad).toBeCloseTo(0.5, 12);
    // Residuals u − 10: 0, 4, −2, 2, −6, 2 → squares 0+16+4+4+36+4 = 64; σ = √(64/5); b̄ = 20.
    const sd = Math.sqrt(64 / 5) / 20;
    expect(r.kommuner[0].utforandegradSd).toBeCloseTo(sd, 12);
    const a = r.rader.find((x) => x.stadsdel === "A")!;
    expect(a.avslagFunnel!.target).toBeCloseTo(0.3, 12);
    expect(a.avslagFunnel!.l95.high).toBeCloseTo(0.749081, 5);
    expect(a.utforandegradFunnel!.target).toBeCloseTo(0.5, 12);
    expect(a.utforandegradFunnel!.l95.high).toBeCloseTo(0.5 + (Z95 * sd) / Math.SQRT2, 12);
    expect(a.avslagCi!.low).toBeGreaterThan(0);
  });

  it("shows only the chosen stadsdelar but compares them with the whole kommun", () => {
    const r = assembleLikabedomning(figures, strata, moms, ["B"]);
    expect(r.rader.map((x) => x.stadsdel)).toEqual(["B"]);
    expect(r.rader[0].avslagFunnel!.target).toBeCloseTo(0.3, 12);
    expect(r.rader[0].standardiserad!.forvantade).toBeCloseTo(4 / 3, 12);
    expect(r.kommuner[0].beslut).toBe(10);
  });

  it("marks a stadsdel far above the kommun outside 99.8 % in both funnel and O/E", () => {
    // Twenty stadsdelar of 100 beslut at 5 % avslag and one at 20 %.
    const many: StratumFigures[] = [];
    const figs: StadsdelFigures[] = [];
    for (let i = 0; i < 21; i++) {
      const s = `S${i}`;
      const avslag = i === 0 ? 20 : 5;
      many.push(stratum(s, "LSS", "25-64", 100, avslag));
      figs.push(fig(s, 100, avslag, 0.5));
    }
    const r = assembleLikabedomning(figs, many, []);
    const s0 = r.rader.find((x) => x.stadsdel === "S0")!;
    expect(s0.avslagFunnel!.verdict).toBe("utanfor998");
    expect(s0.standardiserad!.verdict).toBe("utanfor998");
    expect(r.rader.filter((x) => x.avslagFunnel!.verdict === "utanfor998")).toHaveLength(1);
    // No moments: no utförandegrad funnel rather than a made-up one.
    expect(s0.utforandegradFunnel).toBeNull();
  });
});
