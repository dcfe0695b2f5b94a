import { describe, expect, it } from "vitest";
import {
  Z95,
  Z998,
  expectedCount,
  funnelLimits,
  funnelVerdict,
  normalCdf,
  smrInterval,
  twoMeansP,
  twoProportionP,
  wilson,
} from "../../../queries/stats.ts";

describe("stats", () => {
  it("normal CDF matches known values", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(Z95)).toBeCloseTo(0.975, 5);
    expect(normalCdf(Z998)).toBeCloseTo(0.999, 5);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
  });
  it("Wilson interval matches a textbook case (x=10, n=50)", () => {
    const ci = wilson(10, 50)!;
    expect(ci.low).toBeCloseTo(0.1124, 3);
    expect(ci.high).toBeCloseTo(0.3304, 3);
    expect(wilson(0, 0)).toBeNull();
    expect(wilson(0, 10)!.low).toBe(0);
  });
  it("funnel limits narrow with volume, and 99.8 % is wider than 95 %", () => {
    const small = funnelLimits(0.1, 20, Z95);
    const large = funnelLimits(0.1, 2000, Z95);
    expect(small.high - small.low).toBeGreaterThan(large.high - large.low);
    const l998 = funnelLimits(0.1, 200, Z998);
    const l95 = funnelLimits(0.1, 200, Z95);
    expect(l998.high).toBeGreaterThan(l95.high);
    expect(funnelVerdict(0.2, l95, l998)).toBe("utanfor998");
    expect(funnelVerdict(0.145, l95, l998)).toBe("utanfor95");
    expect(funnelVerdict(0.1, l95, l998)).toBe("inom");
  });
  it("indirect standardisation weights the reference rates by the unit's mix", () => {
    const ref = new Map([["LSS|0-17", 0.1], ["SoL|65-", 0.3]]);
    expect(expectedCount([{ stratum: "LSS|0-17", n: 10 }, { stratum: "SoL|65-", n: 10 }], ref)).toBeCloseTo(4, 10);
    const ci = smrInterval(8, 4)!;
    expect(ci.ratio).toBe(2);
    expect(ci.low).toBeGreaterThan(0.8);
    expect(ci.high).toBeGreaterThan(3.5);
  });
  it("tests differences: equal groups are not significant, large ones are", () => {
    expect(twoProportionP(50, 100, 50, 100)).toBeCloseTo(1, 6);
    expect(twoProportionP(80, 100, 40, 100)!).toBeLessThan(0.001);
    expect(twoMeansP({ mean: 20, sd: 5, n: 400 }, { mean: 20, sd: 5, n: 300 })).toBeCloseTo(1, 6);
    expect(twoMeansP({ mean: 22, sd: 5, n: 400 }, { mean: 20, sd: 5, n: 300 })!).toBeLessThan(0.001);
  });
});
