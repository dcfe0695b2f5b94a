/**
 * R8 (004 1.3): "schablonersättning på 6 SEK per timme biståndsbeslutad och utförd
 *   ledsagarservice som ska täcka omkostnader för ledsagarens aktiviteter".
 * R9 (004 1.3): "högre kostnad för ledsagaren än 300 SEK per tillfälle … ansöka … I de fall
 *   ansökan beviljas står stadsdelsnämnden för hela omkostnaden."
 * R10 (003, 002): faktiska omkostnader upp till 300 kronor per månad, flexibelt under
 *   tremånadersperioden.
 */
import { describe, expect, it } from "vitest";
import { beslut, kase, month, run, utf, omk } from "./fixtures.ts";

describe("omkostnader", () => {
  it("R8: 6 kr per performed hour under a valid beslut, none for hours outside it", () => {
    const r = run(
      kase("Stockholm", {
        beslut: [beslut({ from: "2024-01-01", tom: "2024-03-15" })],
        utforda: [utf("2024-03-10", 3), utf("2024-03-20", 2)],
        omkostnader: [omk("2024-03-10", 95, "schablon")],
      }),
    );
    const mar = month(r, "2024-03");
    expect(mar.schablonIntjanad).toBe(18);
    expect(mar.omkostnadFaktisk).toBe(95);
  });

  it("R8 does not apply to avlösarservice", () => {
    const r = run(
      kase("Stockholm", {
        beslut: [beslut({ from: "2024-01-01", tom: "2024-12-31", insats: "avlosarservice" })],
        utforda: [utf("2024-03-10", 3)],
      }),
    );
    expect(month(r, "2024-03").schablonIntjanad).toBe(0);
  });

  it("R9: a särskild omkostnad over 300 kr is paid whole by the nämnd; one under is questioned", () => {
    const r = run(
      kase("Stockholm", {
        beslut: [beslut({ from: "2024-01-01", tom: "2024-12-31" })],
        omkostnader: [omk("2024-04-12", 850, "sarskild"), omk("2024-04-20", 250, "sarskild")],
      }),
    );
    const apr = month(r, "2024-04");
    expect(apr).toMatchObject({ sarskildKr: 1100, antalSarskilda: 2 });
    const ev = r.handelser.filter((h) => h.typ === "omkostnad");
    expect(ev.map((e) => e.klass)).toEqual(["sarskild", "sarskild_under_grans"]);
    expect(ev[0].reason.text).toBe(
      "Särskild omkostnad 850 kr (Konsert), över 300 kr per tillfälle: efter särskild ansökan står nämnden för hela kostnaden (R9).",
    );
  });

  it("R10: the monthly amounts form one frame over the flex period", () => {
    const r = run(
      kase("Stockholm", {
        beslut: [beslut({ from: "2024-01-01", tom: "2024-12-31" })],
        omkostnader: [omk("2024-01-20", 700, "manadsbelopp"), omk("2024-03-05", 300, "manadsbelopp")],
      }),
    );
    expect(month(r, "2024-01")).toMatchObject({ manadsbeloppRam: 300, manadsbelopp: 700, manadsbeloppErsatt: 700, manadsbeloppOver: 0 });
    expect(month(r, "2024-03")).toMatchObject({ manadsbelopp: 300, manadsbeloppErsatt: 200, manadsbeloppOver: 100 });
    expect(r.perioder[0]).toMatchObject({ manadsbeloppRam: 900, manadsbelopp: 1000, manadsbeloppErsatt: 900 });
    const ev = r.handelser.find((h) => h.klass === "manadsbelopp_over")!;
    expect(ev.reason.text).toBe(
      "Faktiska omkostnader 300 kr i 2024-03; kvar av periodens ram 200 kr (300 kr per månad): 100 kr ersätts inte (R10).",
    );
  });

  it("R10 frame is pro rata for a month only partly covered, and absent before 2020", () => {
    const r = run(kase("Stockholm", { beslut: [beslut({ from: "2019-12-01", tom: "2020-06-15" })] }));
    expect(month(r, "2019-12").manadsbeloppRam).toBe(0);
    expect(month(r, "2020-06").manadsbeloppRam).toBeCloseTo(150, 10);
  });
});
