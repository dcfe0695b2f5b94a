/**
 * R1: "Beslutet anges i antal timmar per vecka/månad och ska vara tidsbegränsat" (001).
 * Granted hours per month, pro rata by day, week hours converted; the beslut in force.
 */
import { describe, expect, it } from "vitest";
import { buildSegments } from "../../../etl/engine/beviljade.ts";
import { beslut, day, kase, month, run, sum, variant } from "./fixtures.ts";

describe("beviljade timmar (R1)", () => {
  it("a beslut starting mid-month grants its hours pro rata by day", () => {
    const r = run(kase("Stockholm", { beslut: [beslut({ from: "2024-01-15", tom: "2024-12-31", timmar: 31 })] }));
    const jan = month(r, "2024-01");
    expect(jan.giltigaDagar).toBe(17);
    expect(jan.beviljade).toBeCloseTo((31 * 17) / 31, 10);
    expect(month(r, "2024-02").beviljade).toBe(31);
  });

  it("a beslut ending mid-month, in a leap-year February", () => {
    const r = run(kase("Stockholm", { beslut: [beslut({ from: "2024-01-01", tom: "2024-02-10", timmar: 29 })] }));
    expect(month(r, "2024-02").beviljade).toBeCloseTo(10, 10);
    expect(r.manader).toHaveLength(2);
  });

  it("a beslut changed mid-period: the newer beslut governs from its giltig_from", () => {
    const old = beslut({ from: "2024-01-01", tom: "2024-12-31", timmar: 20, beslutDatum: "2023-12-20", id: "GAMMALT" });
    const nytt = beslut({ from: "2024-02-15", tom: "2025-02-14", timmar: 30, beslutDatum: "2024-02-10", id: "NYTT" });
    const r = run(kase("Värmdö", { beslut: [old, nytt] }));
    const feb = month(r, "2024-02");
    expect(feb.beviljade).toBeCloseTo((20 * 14) / 29 + (30 * 15) / 29, 10);
    expect(feb.beslutId).toBe("NYTT");
    expect(month(r, "2024-01").beslutId).toBe("GAMMALT");
    // The flex period runs on across the change: Jan–Mar is one period.
    expect(feb.periodStart).toBe(month(r, "2024-01").periodStart);
    expect(month(r, "2024-03").periodSlut).toBe(month(r, "2024-03").manad);
  });

  it("an older beslut decided later does not override a newer decision", () => {
    const segs = buildSegments(
      [
        beslut({ from: "2024-03-01", tom: "2024-12-31", beslutDatum: "2024-02-20", id: "B" }),
        beslut({ from: "2024-01-01", tom: "2024-12-31", beslutDatum: "2023-12-01", id: "A" }),
      ],
      day("2026-10-31"),
    );
    expect(segs.map((s) => [s.beslut.beslutId, s.from, s.to])).toEqual([
      ["A", day("2024-01-01"), day("2024-02-29")],
      ["B", day("2024-03-01"), day("2024-12-31")],
    ]);
  });

  it("week hours convert × 52/12 per month by default (DOMAIN, 001 'per vecka/månad')", () => {
    const r = run(kase("Stockholm", { beslut: [beslut({ from: "2024-01-01", tom: "2024-12-31", timmar: 6, per: "vecka" })] }));
    expect(month(r, "2024-02").beviljade).toBeCloseTo(26, 10);
    expect(sum(r, (m) => m.beviljade)).toBeCloseTo(6 * 52, 8);
    expect(r.beslut[0].beviljadePerManad).toBeCloseTo(26, 10);
    expect(r.beslut[0].reason!.text).toContain("× 52/12");
  });

  it("week hours by day (dagar/7) when the regelverk says so", () => {
    const rv = variant("stockholm.json", {
      beslutets_omfattning: [
        { giltig_fran: "2000-01-01", giltig_till: null, kalla: "test", vecka_till_manad: "dagar/7", tidsbegransning_kravs: true },
      ],
    });
    const r = run(kase("Stockholm", { beslut: [beslut({ from: "2024-01-01", tom: "2024-12-31", timmar: 7, per: "vecka" })] }), {
      regelverk: rv,
    });
    expect(month(r, "2024-02").beviljade).toBeCloseTo(29, 10);
    expect(month(r, "2024-03").beviljade).toBeCloseTo(31, 10);
  });

  it("avslag grants nothing but still belongs to the case", () => {
    const r = run(kase("Stockholm", { beslut: [beslut({ from: null, tom: null, utfall: "avslag", sokta: 30 })] }));
    expect(r.manader).toHaveLength(0);
    expect(r.beslut).toEqual([expect.objectContaining({ beviljadePerManad: 0, soktaPerManad: 30 })]);
    expect(r.beslut[0].reason!.text).toContain("beviljar inga timmar. Sökt: 30 h per månad.");
    expect(r.flaggor).toEqual([]);
  });

  it("a beslut without an end date runs to the horizon and is flagged (R1)", () => {
    const r = run(kase("Östhammar", { beslut: [beslut({ from: "2026-01-01", tom: null, id: "UTAN-SLUT" })] }), {
      horisont: "2026-10-31",
    });
    expect(r.manader.at(-1)!.manad).toBe(month(r, "2026-10").manad);
    expect(r.flaggor.filter((f) => f.regel === "R1")).toEqual([
      expect.objectContaining({ beslutId: "UTAN-SLUT", kalla: "001", niva: "brist", datum: day("2026-01-01") }),
    ]);
    expect(r.flaggor[0].text).toContain("saknar giltig till (slutdatum): beslutet ska vara tidsbegränsat (R1)");
  });

  it("the ledger stops at the horizon month even if the beslut runs on", () => {
    const r = run(kase("Stockholm", { beslut: [beslut({ from: "2026-06-01", tom: "2027-05-31" })] }), { horisont: "2026-10-31" });
    expect(r.manader.map((m) => m.manad)).toEqual([0, 1, 2, 3, 4].map((i) => month(r, "2026-06").manad + i));
  });
});
