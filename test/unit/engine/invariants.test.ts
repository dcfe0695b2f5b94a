/**
 * Properties that hold for every case, checked on random ones: the gap's parts add up, the
 * balance and the lapse agree, förbrukade = utförda + consumed cancellations, nothing is
 * NaN, and the engine is deterministic.
 */
import { describe, expect, it } from "vitest";
import { deriveCase } from "../../../etl/engine/engine.ts";
import { day, rv } from "./fixtures.ts";
import { randomCase, rng, toCaseInput } from "./random-cases.ts";

const ctx = { horisont: day("2026-10-31"), regi: (u: string) => (u === "U01" ? "kommunal" as const : u === "U02" ? "enskild" as const : null) };

describe("engine invariants on random cases", () => {
  const r = rng(20261031);
  const cases = Array.from({ length: 200 }, (_, i) => toCaseInput(randomCase(r, i)));

  it("hold for every month and period", () => {
    for (const c of cases) {
      const res = deriveCase(c, rv(c.kommun), ctx);
      for (const m of res.manader) {
        for (const [k, v] of Object.entries(m)) {
          if (typeof v === "number") expect(Number.isFinite(v), `${c.arendeId} ${k}`).toBe(true);
        }
        const parts = m.gapSenAvbokning + m.gapBrukareAvbokning + m.gapLedsagareAvbokning + m.gapForverkade + m.gapAldrigBokade;
        expect(parts).toBeCloseTo(m.beviljade - m.utforda, 8);
        expect(m.forbrukade).toBeCloseTo(m.utforda + m.kortAvbokning + m.gapSenAvbokning, 8);
        expect(m.utfordaTidstyp.reduce((s, x) => s + x, 0)).toBeCloseTo(m.utforda, 8);
        expect(m.gapLedsagareAvbokning).toBeGreaterThanOrEqual(0);
        expect(m.gapForverkade).toBeGreaterThanOrEqual(-1e-9);
        expect(m.manadsbeloppErsatt + m.manadsbeloppOver).toBeCloseTo(m.manadsbelopp, 8);
      }
      for (const p of res.perioder) {
        const months = res.manader.filter((m) => m.periodStart === p.start);
        const last = months[months.length - 1];
        expect(months.reduce((s, m) => s + m.beviljade, 0)).toBeCloseTo(p.beviljade, 8);
        expect(last.saldo).toBeCloseTo(p.beviljade - p.forbrukade, 8);
        if (p.stangd) expect(p.forverkade - p.overforbrukade).toBeCloseTo(last.saldo, 8);
        else expect(p.forverkade + p.overforbrukade).toBe(0);
        expect(p.forverkadeLedsagare + p.forverkadeBrukare + p.forverkadeUtanAvbokning).toBeCloseTo(p.forverkade, 8);
        expect(p.manadsbeloppErsatt).toBeLessThanOrEqual(p.manadsbeloppRam + 1e-9);
        if (p.stangd) {
          const aldrig = months.reduce((s, m) => s + m.gapAldrigBokade, 0);
          expect(aldrig).toBeCloseTo(-p.overforbrukade, 8);
        }
      }
      for (const f of res.flaggor) expect(f.text).toMatch(/\(R\d+\)\.$/);
      for (let i = 1; i < res.handelser.length; i++) expect(res.handelser[i].datum).toBeGreaterThanOrEqual(res.handelser[i - 1].datum);
    }
  });

  it("is deterministic and does not change its input", () => {
    const c = cases[7];
    const before = JSON.stringify(c);
    expect(JSON.stringify(deriveCase(c, rv(c.kommun), ctx))).toBe(JSON.stringify(deriveCase(c, rv(c.kommun), ctx)));
    expect(JSON.stringify(c)).toBe(before);
  });
});
