/**
 * R7 (004 1.3): "Minsta ersättning per tillfälle utförd ledsagarservice … är den ersättning
 *   som utgår för en timme ledsagarservice".
 * R18 (004 1.3, 4.13): hours paid per tidstyp (dag, kväll, natt, helg, storhelg) at the
 *   levels kommunfullmäktige sets; enskild regi 2.5 % higher.
 */
import { describe, expect, it } from "vitest";
import { tillaggDag, tillaggRad } from "../../../etl/engine/ersattning.ts";
import { beslut, kase, month, run, utf, variant } from "./fixtures.ts";

const b2024 = () => [beslut({ from: "2024-01-01", tom: "2024-12-31", timmar: 40 })];

describe("minsta debitering (R7)", () => {
  it("a half-hour occasion is paid as one hour; a longer one as it is", () => {
    const r = run(kase("Stockholm", { beslut: b2024(), utforda: [utf("2024-03-04", 0.5), utf("2024-03-06", 2.5)] }));
    const mar = month(r, "2024-03");
    expect(mar.utforda).toBe(3);
    expect(mar.debiteradeTimmar).toBe(3.5);
    expect(mar.minstaDebiteringTillagg).toBe(0.5);
    expect(mar.kostnad).toBe(3.5 * 423);
    const ev = r.handelser.find((h) => h.typ === "minsta_debitering")!;
    expect(ev.reason).toEqual({
      regel: "R7",
      kalla: "004 1.3",
      text: "2024-03: 1 tillfälle under 1 h debiteras som 1 h: 0,5 h läggs till (R7).",
    });
  });

  it("each reported row is a tillfälle by default: two short rows the same day are two minimums", () => {
    const r = run(kase("Stockholm", { beslut: b2024(), utforda: [utf("2024-03-04", 0.5, "dag"), utf("2024-03-04", 0.5, "kvall")] }));
    expect(month(r, "2024-03").debiteradeTimmar).toBe(2);
  });

  it("per day when the regelverk says so: the day's top-up spread over its tidstyper", () => {
    const dag = variant("stockholm.json", {
      minsta_debitering: [{ giltig_fran: "2000-01-01", giltig_till: null, kalla: "test", timmar: 1, tillfalle: "dag" }],
    });
    const r = run(kase("Stockholm", { beslut: b2024(), utforda: [utf("2024-03-04", 0.25, "dag"), utf("2024-03-04", 0.25, "kvall")] }), {
      regelverk: dag,
    });
    const mar = month(r, "2024-03");
    expect(mar.debiteradeTimmar).toBe(1);
    expect(mar.kostnad).toBeCloseTo(0.5 * 423 + 0.5 * 450, 8);
  });

  it("helpers: aggregated rows carry the per-row top-up", () => {
    expect(tillaggRad({ ...utf("2024-03-04", 1.2), tillfallen: 2, minstaTillagg: 0.3 }, 1)).toBe(0.3);
    expect(tillaggRad(utf("2024-03-04", 0.4), 2)).toBe(1.6);
    const [a, b] = tillaggDag([utf("2024-03-04", 0.2), utf("2024-03-04", 0.6)], 1);
    expect(a).toBeCloseTo(0.05, 12);
    expect(b).toBeCloseTo(0.15, 12);
    expect(tillaggDag([utf("2024-03-04", 0.6), utf("2024-03-04", 0.6)], 1)).toEqual([0, 0]);
  });

  it("Värmdö has no minsta debitering", () => {
    const r = run(kase("Värmdö", { beslut: b2024(), utforda: [utf("2024-03-04", 0.5)] }));
    expect(month(r, "2024-03").debiteradeTimmar).toBe(0.5);
  });
});

describe("ersättning per tidstyp and regi (R18)", () => {
  it("2024 levels: kommunal and enskild regi, all five tidstyper", () => {
    const tider = ["dag", "kvall", "natt", "helg", "storhelg"] as const;
    const utforda = tider.flatMap((t, i) => [utf(`2024-05-0${i + 1}`, 1, t, "U01"), utf(`2024-05-0${i + 1}`, 1, t, "U02")]);
    const r = run(kase("Stockholm", { beslut: b2024(), utforda }));
    const maj = month(r, "2024-05");
    expect(maj.utfordaTidstyp).toEqual([2, 2, 2, 2, 2]);
    expect(maj.kostnad).toBe(423 + 450 + 487 + 487 + 555 + 434 + 461 + 500 + 500 + 569);
    const u = r.utforareManader.filter((x) => x.manad === maj.manad);
    expect(u.map((x) => [x.utforare, x.regi, x.kostnad])).toEqual([
      ["U01", "kommunal", 423 + 450 + 487 + 487 + 555],
      ["U02", "enskild", 434 + 461 + 500 + 500 + 569],
    ]);
    const ev = r.ersattning.map((e) => e.reason.text);
    expect(ev).toContain(
      "Ersättning 2024, kommunal regi, per timme: dag 423 kr, kväll 450 kr, natt 487 kr, helg 487 kr, storhelg 555 kr (publicerad nivå).",
    );
  });

  it("the level follows the occasion's year", () => {
    const r = run(
      kase("Stockholm", {
        beslut: [beslut({ from: "2023-12-01", tom: "2024-12-31" })],
        utforda: [utf("2023-12-31", 1), utf("2024-01-01", 1, "storhelg")],
      }),
    );
    expect(month(r, "2023-12").kostnad).toBe(408);
    expect(month(r, "2024-01").kostnad).toBe(555);
  });

  it("an utförare missing from the utförare file is priced as kommunal regi, and said so", () => {
    const r = run(kase("Stockholm", { beslut: b2024(), utforda: [utf("2024-05-02", 2, "dag", "U99")] }));
    expect(month(r, "2024-05").kostnad).toBe(846);
    expect(r.ersattning[0].reason.text).toContain("prissätts som kommunal regi");
  });

  it("where no level is in force the hours are counted as unpriced, not as zero cost silently", () => {
    const r = run(kase("Värmdö", { beslut: b2024(), utforda: [utf("2024-05-02", 2)] }));
    const maj = month(r, "2024-05");
    expect(maj).toMatchObject({ kostnad: 0, timmarUtanErsattning: 2, debiteradeTimmar: 2 });
    expect(r.ersattning[0].reason.text).toContain("Ingen ersättningsnivå finns i regelverket för 2024");
  });
});
