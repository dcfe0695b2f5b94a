/**
 * R17 (003): "för den utförare som vid stadens kontroll under de senaste tolv månaderna inte
 * utfört minst ett uppdrag registrerat i ParaSol, upphör avtalet att gälla med omedelbar
 * verkan utan uppsägning. Kontroll sker efter varje årsskifte av de utförare som under hela
 * föregående år varit godkända utförare inom valfrihetssystemet."
 */
import { describe, expect, it } from "vitest";
import { utforareFlags, type UtforareIn } from "../../../etl/engine/utforare.ts";
import { day, rv, variant } from "./fixtures.ts";

const u = (over: Partial<UtforareIn>): UtforareIn => ({
  kommun: "Stockholm",
  utforare: "U48",
  namn: "Vilande AB",
  regi: "enskild",
  godkandFrom: day("2015-01-01"),
  godkandTom: null,
  aktivitet: [],
  ...over,
});

const horisont = day("2026-10-31");

describe("R17 utförare without assignment for twelve months", () => {
  it("flags an approved LOV utförare with no assignment in the twelve months to the horizon", () => {
    const f = utforareFlags([u({ aktivitet: [{ fran: day("2025-09-01"), till: day("2025-09-16") }] })], rv, horisont);
    expect(f).toEqual([
      expect.objectContaining({
        utforare: "U48",
        regel: "R17",
        kalla: "003",
        datum: horisont,
        fonsterFran: day("2025-11-01"),
        fonsterTill: horisont,
      }),
    ]);
    expect(f[0].text).toContain("utan något uppdrag de senaste 12 månaderna: avtalet upphör att gälla (R17)");
  });

  it("an assignment on the window's first day is enough", () => {
    expect(utforareFlags([u({ aktivitet: [{ fran: day("2025-10-01"), till: day("2025-11-01") }] })], rv, horisont)).toEqual([]);
  });

  it("egen regi has no LOV contract; an ended contract and a new entrant are not flagged", () => {
    expect(
      utforareFlags(
        [
          u({ regi: "kommunal" }),
          u({ godkandTom: day("2026-06-30") }),
          u({ godkandFrom: day("2026-03-01") }),
        ],
        rv,
        horisont,
      ),
    ).toEqual([]);
  });

  it("kommuner without R17 (Värmdö) flag nothing", () => {
    expect(utforareFlags([u({ kommun: "Värmdö" })], rv, horisont)).toEqual([]);
  });

  it("after each year-end when the regelverk checks at årsskifte", () => {
    const arsskifte = variant("stockholm.json", {
      lov_aktivitet: [{ giltig_fran: "2013-01-01", giltig_till: null, kalla: "003", manader: 12, kontroll: "arsskifte" }],
    });
    const f = utforareFlags(
      [u({ godkandFrom: day("2022-06-01"), aktivitet: [{ fran: day("2023-03-01"), till: day("2023-03-31") }] })],
      () => arsskifte,
      horisont,
    );
    // 2022: not approved the whole year; 2023: active; 2024 and 2025: idle.
    expect(f.map((x) => x.datum)).toEqual([day("2025-01-01"), day("2026-01-01")]);
  });
});
