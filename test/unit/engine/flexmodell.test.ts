/**
 * R2: "möjlighet att nyttja beviljade ledsagningstimmar inom en tremånaders period … rätt
 * att föra över outnyttjade timmar från en månad till nästkommande månader, inom en fast
 * tremånaders period … I de fall det finns outnyttjade timmar vid pågående tre månaders
 * period avslut, kan dessa timmar inte längre nyttjas." (000); Stockholm's model from 2020 (002).
 */
import { describe, expect, it } from "vitest";
import { isoMonth } from "../../../etl/engine/dates.ts";
import { avb, beslut, day, kase, month, run, utf, variant } from "./fixtures.ts";

const periods = (r: ReturnType<typeof run>) =>
  r.perioder.map((p) => `${isoMonth(p.start)}..${isoMonth(p.slut)}${p.stangd ? "" : " (pågår)"}`);

describe("flex periods (R2)", () => {
  it("Värmdö: three months from the start of the insats; unused hours carry over, then lapse", () => {
    const r = run(
      kase("Värmdö", {
        beslut: [beslut({ from: "2024-02-01", tom: "2025-01-31", timmar: 10 })],
        utforda: [utf("2024-02-10", 4), utf("2024-03-05", 12), utf("2024-04-02", 3)],
      }),
    );
    expect(periods(r).slice(0, 4)).toEqual(["2024-02..2024-04", "2024-05..2024-07", "2024-08..2024-10", "2024-11..2025-01"]);
    expect(month(r, "2024-02").saldo).toBeCloseTo(6);
    expect(month(r, "2024-03").saldo).toBeCloseTo(4); // 6 carried + 10 − 12
    expect(month(r, "2024-03").forverkade).toBe(0);
    const apr = month(r, "2024-04");
    expect(apr.saldo).toBeCloseTo(11);
    expect(apr.forverkade).toBeCloseTo(11);
    expect(r.perioder[0]).toMatchObject({ beviljade: 30, utforda: 19, forverkade: 11, stangd: true });
    expect(r.perioder[0].reason).toMatchObject({ regel: "R2", kalla: "000" });
    expect(r.perioder[0].reason.text).toContain("11 h förverkas vid periodens slut 2024-04-30");
    expect(r.perioder[0]).toMatchObject({ slutDag: day("2024-04-30"), forverkadeUtanAvbokning: 11 });
  });

  it("Stockholm: the month is the period before 2020, then three months from 2020-01-01 (002)", () => {
    const r = run(
      kase("Stockholm", {
        beslut: [beslut({ from: "2019-11-01", tom: "2020-12-31", timmar: 10 })],
        utforda: [utf("2019-11-05", 4), utf("2020-01-10", 2), utf("2020-02-10", 15)],
      }),
    );
    expect(periods(r).slice(0, 3)).toEqual(["2019-11..2019-11", "2019-12..2019-12", "2020-01..2020-03"]);
    expect(month(r, "2019-11").forverkade).toBeCloseTo(6);
    expect(month(r, "2019-12").forverkade).toBeCloseTo(10);
    expect(month(r, "2020-01").forverkade).toBe(0);
    expect(month(r, "2020-03").forverkade).toBeCloseTo(30 - 17);
  });

  it("a flex period that straddles the end of the beslut ends with it and lapses then", () => {
    const r = run(
      kase("Värmdö", {
        beslut: [beslut({ from: "2024-01-01", tom: "2024-04-15", timmar: 30 })],
        utforda: [utf("2024-04-02", 5)],
      }),
    );
    expect(periods(r)).toEqual(["2024-01..2024-03", "2024-04..2024-04"]);
    const p = r.perioder[1];
    expect(p.stangd).toBe(true);
    expect(p.slutDag).toBe(day("2024-04-15"));
    expect(p.beviljade).toBeCloseTo(15);
    expect(p.forverkade).toBeCloseTo(10);
    expect(p.reason.text).toContain("förverkas vid periodens slut 2024-04-15");
    expect(p.reason.text).toContain("Perioden slutade i förtid");
  });

  it("a renewal that follows on the next day continues the period", () => {
    const r = run(
      kase("Värmdö", {
        beslut: [
          beslut({ from: "2024-01-01", tom: "2024-04-15", timmar: 30, beslutDatum: "2023-12-01" }),
          beslut({ from: "2024-04-16", tom: "2025-04-15", timmar: 30, beslutDatum: "2024-04-01" }),
        ],
      }),
    );
    expect(periods(r).slice(0, 2)).toEqual(["2024-01..2024-03", "2024-04..2024-06"]);
    expect(month(r, "2024-04").beviljade).toBeCloseTo(30);
    expect(month(r, "2024-04").forverkade).toBe(0);
  });

  it("a whole month without a beslut breaks the chain; the next beslut starts a new period", () => {
    const r = run(
      kase("Värmdö", {
        beslut: [
          beslut({ from: "2024-01-01", tom: "2024-04-30", beslutDatum: "2023-12-01" }),
          beslut({ from: "2024-06-01", tom: "2024-12-31", beslutDatum: "2024-05-20" }),
        ],
      }),
    );
    expect(periods(r).slice(0, 3)).toEqual(["2024-01..2024-03", "2024-04..2024-04", "2024-06..2024-08"]);
  });

  it("calendar quarters when the regelverk says kalenderkvartal", () => {
    const rv = variant("varmdo.json", {
      flexmodell: [{ giltig_fran: "2000-01-01", giltig_till: null, kalla: "test", period_manader: 3, ankare: "kalenderkvartal" }],
    });
    const r = run(kase("Värmdö", { beslut: [beslut({ from: "2024-02-10", tom: "2024-12-31" })] }), { regelverk: rv });
    expect(periods(r).slice(0, 2)).toEqual(["2024-02..2024-03", "2024-04..2024-06"]);
  });

  it("the period running at the horizon is open: nothing lapses yet", () => {
    const r = run(kase("Värmdö", { beslut: [beslut({ from: "2026-09-01", tom: "2027-08-31" })] }), { horisont: "2026-10-31" });
    expect(periods(r)).toEqual(["2026-09..2026-10 (pågår)"]);
    expect(r.perioder[0].forverkade).toBe(0);
    expect(r.perioder[0].reason.text).toContain("perioden pågår");
  });

  it("a period ending on the horizon day is closed", () => {
    const r = run(kase("Värmdö", { beslut: [beslut({ from: "2026-08-01", tom: "2027-07-31", timmar: 10 })] }), {
      horisont: "2026-10-31",
    });
    expect(r.perioder[0]).toMatchObject({ stangd: true, forverkade: 30 });
  });

  it("consumed cancellations count against the balance like performed hours", () => {
    const r = run(
      kase("Värmdö", {
        beslut: [beslut({ from: "2024-01-01", tom: "2024-12-31", timmar: 10 })],
        utforda: [utf("2024-01-10", 5)],
        avbokningar: [avb("2024-01-20 10:00", "2024-01-18 09:00", { timmar: 3 })],
      }),
    );
    const jan = month(r, "2024-01");
    expect(jan.kortAvbokning).toBe(3);
    expect(jan.forbrukade).toBe(8);
    expect(jan.saldo).toBe(2);
  });
});

describe("the gap beviljade − utförda, decomposed", () => {
  it("adds up in every month, and explains a lapse by the cancellations behind it", () => {
    const r = run(
      kase("Värmdö", {
        beslut: [beslut({ from: "2024-01-01", tom: "2024-12-31", timmar: 10 })],
        utforda: [utf("2024-01-10", 4), utf("2024-02-10", 6), utf("2024-03-10", 2)],
        avbokningar: [
          avb("2024-01-20 10:00", "2024-01-18 09:00", { timmar: 2 }), // kort, consumed (R4)
          avb("2024-02-20 10:00", "2024-02-01 09:00", { timmar: 3 }), // early, not consumed
          avb("2024-03-20 10:00", "2024-03-19 09:00", { av: "ledsagare", timmar: 4 }), // R5
          avb("2024-03-22 10:00", "2024-03-21 09:00", { av: "ledsagare", timmar: 2, ombokad: true }), // made up
        ],
      }),
    );
    for (const m of r.manader) {
      const parts = m.gapSenAvbokning + m.gapBrukareAvbokning + m.gapLedsagareAvbokning + m.gapForverkade + m.gapAldrigBokade;
      expect(parts).toBeCloseTo(m.beviljade - m.utforda, 10);
    }
    const mar = month(r, "2024-03");
    // 30 granted, 12 performed, 2 consumed by the kort avbokning: 16 lapse.
    expect(mar.forverkade).toBeCloseTo(16);
    expect(mar.gapLedsagareAvbokning).toBeCloseTo(4);
    expect(mar.gapBrukareAvbokning).toBeCloseTo(3);
    expect(mar.gapForverkade).toBeCloseTo(9);
    expect(month(r, "2024-01").gapBrukareAvbokning).toBeCloseTo(2);
    // Over the closed period nothing is left "not yet booked".
    const aldrig = r.manader.filter((m) => m.periodStart === month(r, "2024-01").manad).reduce((s, m) => s + m.gapAldrigBokade, 0);
    expect(aldrig).toBeCloseTo(0, 10);
  });
});
