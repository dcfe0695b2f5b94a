/** Jämställdhetsanalys on hand-made inputs: intervals, tests and the Swedish sentences. */
import { describe, expect, it } from "vitest";
import {
  assembleJamstalldhet,
  formatP,
  jamforelseText,
  sdFromSums,
  type KonFigures,
  type KonMomentRow,
  type KonStadsdelFigures,
} from "../../../queries/kon.ts";
import { Z95 } from "../../../queries/stats.ts";

type Fig = Omit<KonFigures, "kon" | "n">;

const figures = (o: Partial<Fig>): Fig => ({
  sokande: 0,
  antal_beslut: 0,
  antal_bifall: 0,
  antal_delavslag: 0,
  antal_avslag: 0,
  avslagsandel: null,
  personer: 0,
  beviljade: 0,
  utforda: 0,
  utforandegrad: null,
  omkostnad: 0,
  ...o,
});

/** Moments of per-case (beviljade, utförda, omkostnad). */
function moments(units: [number, number, number][]) {
  const m = { n: 0, b: 0, u: 0, bb: 0, uu: 0, ub: 0, o: 0, oo: 0 };
  for (const [b, u, o] of units) {
    m.n += 1;
    m.b += b;
    m.u += u;
    m.bb += b * b;
    m.uu += u * u;
    m.ub += u * b;
    m.o += o;
    m.oo += o * o;
  }
  return m;
}

// Women: four cases (b, u, o) = (20,10,60), (10,0,400), (12,6,36), (4,4,24).
// Men: three cases (20,20,120), (8,4,0), (5,0,0).
const K_UNITS: [number, number, number][] = [
  [20, 10, 60],
  [10, 0, 400],
  [12, 6, 36],
  [4, 4, 24],
];
const M_UNITS: [number, number, number][] = [
  [20, 20, 120],
  [8, 4, 0],
  [5, 0, 0],
];

const overall: KonFigures[] = [
  { kon: "K", ...figures({ sokande: 6, antal_beslut: 6, antal_bifall: 3, antal_delavslag: 1, antal_avslag: 2, avslagsandel: 2 / 6, personer: 4, beviljade: 46, utforda: 20, utforandegrad: 20 / 46, omkostnad: 520 }), n: {} },
  { kon: "M", ...figures({ sokande: 4, antal_beslut: 4, antal_bifall: 2, antal_delavslag: 1, antal_avslag: 1, avslagsandel: 1 / 4, personer: 3, beviljade: 33, utforda: 24, utforandegrad: 24 / 33, omkostnad: 120 }), n: {} },
];
const mrow = (kon: string, units: [number, number, number][], kommun: string | null = null, stadsdel: string | null = null): KonMomentRow => ({
  kommun,
  stadsdel,
  kon,
  ...moments(units),
});

describe("per-person means and their spread", () => {
  it("computes the sample sd from sum and sum of squares", () => {
    // 20, 10, 12, 4: mean 11.5, squared deviations 72.25 + 2.25 + 0.25 + 56.25 = 131, /3.
    expect(sdFromSums(4, 46, 400 + 100 + 144 + 16)).toBeCloseTo(Math.sqrt(131 / 3), 12);
    expect(sdFromSums(1, 5, 25)).toBeNull();
  });
});

describe("assembleJamstalldhet", () => {
  const j = assembleJamstalldhet(overall, [], [mrow("K", K_UNITS), mrow("M", M_UNITS)]);

  it("gives each kön its figures with 95 % intervals", () => {
    const K = j.totalt.K;
    expect(K.beviljadePerPerson).toBeCloseTo(11.5, 12);
    const half = (Z95 * Math.sqrt(131 / 3)) / 2;
    expect(K.beviljadePerPersonCi!.low).toBeCloseTo(11.5 - half, 10);
    expect(K.beviljadePerPersonCi!.high).toBeCloseTo(11.5 + half, 10);
    expect(K.omkostnadPerPerson).toBeCloseTo(130, 12);
    expect(K.utforandegrad).toBeCloseTo(20 / 46, 12);
    expect(K.utforandegradCi!.high).toBeGreaterThan(20 / 46);
    expect(K.avslagAndel).toBeCloseTo(1 / 3, 12);
    expect(K.avslagCi!.low).toBeLessThan(1 / 3);
    expect(j.totalt.M.omkostnadPerPerson).toBeCloseTo(40, 12);
    // Women's share of applicants: 6 of 10.
    expect(j.totalt.andelKvinnorSokande).toBeCloseTo(0.6, 12);
    expect(j.totalt.andelKvinnorSokandeCi!.low).toBeLessThan(0.6);
  });

  it("tests each difference and finds none larger than chance in so few cases", () => {
    expect(j.totalt.jamforelser.map((x) => x.id)).toEqual(["avslagsandel", "beviljade_per_person", "utforandegrad", "omkostnad_per_person"]);
    for (const x of j.totalt.jamforelser) {
      expect(x.p).not.toBeNull();
      expect(x.storreAnSlumpen).toBe(false);
    }
    // Two-proportion test 2/6 vs 1/4: pooled 0.3, se = √(0.21·(1/6 + 1/4)) = 0.29580; z = 0.28172.
    expect(j.totalt.jamforelser[0].p).toBeCloseTo(0.77816, 4);
  });

  it("finds a large difference in hours per person with many cases", () => {
    const women = Array.from({ length: 200 }, (_, i) => [10 + (i % 5), (10 + (i % 5)) / 2, 0] as [number, number, number]);
    const men = Array.from({ length: 200 }, (_, i) => [14 + (i % 5), (14 + (i % 5)) / 2, 0] as [number, number, number]);
    const fig = (kon: string, units: [number, number, number][]) => {
      const m = moments(units);
      return { kon, ...figures({ personer: m.n, beviljade: m.b, utforda: m.u, utforandegrad: m.u / m.b }), n: {} } as KonFigures;
    };
    const r = assembleJamstalldhet([fig("K", women), fig("M", men)], [], [mrow("K", women), mrow("M", men)]);
    const hours = r.totalt.jamforelser.find((x) => x.id === "beviljade_per_person")!;
    expect(hours.kvinnor).toBeCloseTo(12, 12);
    expect(hours.man).toBeCloseTo(16, 12);
    expect(hours.storreAnSlumpen).toBe(true);
    expect(jamforelseText(hours)).toBe(
      "Beviljade timmar per person var 12,0 timmar för kvinnor och 16,0 timmar för män. Skillnaden är större än vad slumpen brukar ge (p < 0,001).",
    );
    // Both at exactly half performed: no difference in utförandegrad.
    const u = r.totalt.jamforelser.find((x) => x.id === "utforandegrad")!;
    expect(u.storreAnSlumpen).toBe(false);
  });

  it("splits by stadsdel, with a side missing where there were no cases", () => {
    const bySd: KonStadsdelFigures[] = [
      { kommun: "Testby", stadsdel_nu: "A", kon: "K", ...figures({ sokande: 2, antal_beslut: 2, antal_avslag: 1, avslagsandel: 0.5 }), n: {} },
    ];
    const r = assembleJamstalldhet(overall, bySd, [mrow("K", K_UNITS.slice(0, 2), "Testby", "A")]);
    expect(r.stadsdelar).toHaveLength(1);
    expect(r.stadsdelar[0]).toMatchObject({ kommun: "Testby", stadsdel: "A" });
    expect(r.stadsdelar[0].K.beviljadePerPerson).toBe(null); // personer 0 in the figures
    expect(r.stadsdelar[0].M.beslut).toBe(0);
    const avslag = r.stadsdelar[0].jamforelser.find((x) => x.id === "avslagsandel")!;
    expect(avslag.p).toBeNull();
    expect(jamforelseText(avslag)).toBe(
      "Andelen avslag var 50,0\u00a0% för kvinnor och – för män. Underlaget är för litet för att pröva skillnaden.",
    );
  });
});

describe("sentences", () => {
  it("writes p-values the Swedish way", () => {
    expect(formatP(0.0234)).toBe("p = 0,023");
    expect(formatP(0.0004)).toBe("p < 0,001");
    expect(formatP(0.5)).toBe("p = 0,5");
  });

  it("says when a difference may be chance", () => {
    expect(
      jamforelseText({ id: "avslagsandel", kvinnor: 0.058, man: 0.067, p: 0.12, storreAnSlumpen: false }),
    ).toBe("Andelen avslag var 5,8\u00a0% för kvinnor och 6,7\u00a0% för män. Skillnaden kan bero på slumpen (p = 0,12).");
    expect(
      jamforelseText({ id: "omkostnad_per_person", kvinnor: 4051.7, man: 3848.2, p: 0.01, storreAnSlumpen: true }),
    ).toBe("Omkostnaden per person var 4\u00a0052\u00a0kr för kvinnor och 3\u00a0848\u00a0kr för män. Skillnaden är större än vad slumpen brukar ge (p = 0,01).");
  });
});
