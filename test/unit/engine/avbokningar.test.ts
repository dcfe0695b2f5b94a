/**
 * R3 (004 1.3): "Sent avbokad ledsagarservice, det vill säga av brukaren avbokad senare än
 *   klockan 12:00 dagen före uppdraget är planerat att utföras, ska … ersättas … som om
 *   uppdraget utförts. Dock ska denna ersättning utgå enligt ersättningsnivån för 'Dag'.
 *   Den sent avbokade tiden ska då anses vara förbrukad."
 * R4 (000): "Om brukaren avbokar en vecka eller mindre i förväg, så ska den enskilde boka
 *   om … Om ny tid inte bokas in så försvinner timmarna."
 * R5 (000): "Om ledsagaren blir sjuk eller får förhinder … har brukaren alltid rätt att
 *   nyttja dessa timmar vid ett senare tillfälle."
 * R6 (000): "Om den enskilde avbokar vid tre tillfällen inom en tre månaders period utan
 *   att boka om, ska ledsagarteamet meddela detta till biståndsenheten".
 */
import { describe, expect, it } from "vitest";
import { classifyAvbokning, repeatedCancellations } from "../../../etl/engine/avbokningar.ts";
import { avb, beslut, day, kase, month, run, rv, variant } from "./fixtures.ts";

const sthlm = rv("Stockholm");
const varmdo = rv("Värmdö");

describe("sen avbokning (R3, Stockholm)", () => {
  it("11:59 the day before is in time: the hours remain", () => {
    const k = classifyAvbokning(avb("2026-03-05 10:00", "2026-03-04 11:59"), sthlm);
    expect(k).toMatchObject({ klass: "brukarens_avbokning_i_tid", forbrukad: false, ersattsSom: null });
    expect(k.reason.text).toContain("senast kl. 12:00 dagen före: timmarna finns kvar (R3)");
  });

  it("exactly 12:00 is not 'senare än klockan 12:00'", () => {
    expect(classifyAvbokning(avb("2026-03-05 10:00", "2026-03-04 12:00"), sthlm).klass).toBe("brukarens_avbokning_i_tid");
  });

  it("12:01 the day before is late: consumed, paid at the dag rate", () => {
    const k = classifyAvbokning(avb("2026-03-05 10:00", "2026-03-04 12:01"), sthlm);
    expect(k).toMatchObject({ klass: "sen_avbokning", forbrukad: true, ersattsSom: "dag" });
    expect(k.reason).toEqual({
      regel: "R3",
      kalla: "004 1.3",
      text:
        "Avbokad 2026-03-04 12:01 av brukaren (2 h, planerad 2026-03-05 10:00), efter kl. 12:00 dagen före: " +
        "ersätts som utförd enligt nivån för dag och räknas som förbrukad (R3).",
    });
  });

  it("a cancellation on the day itself, even after the planned start, is late", () => {
    expect(classifyAvbokning(avb("2026-03-05 10:00", "2026-03-05 10:30"), sthlm).klass).toBe("sen_avbokning");
  });

  it("in the ledger: consumed, and paid as performed at the dag rate with minsta debitering", () => {
    const r = run(
      kase("Stockholm", {
        beslut: [beslut({ from: "2024-01-01", tom: "2024-12-31", timmar: 10 })],
        avbokningar: [
          // An evening booking, cancelled late: paid at the dag rate all the same.
          avb("2024-03-05 19:30", "2024-03-04 15:10", { timmar: 0.5, utforare: "U02" }),
        ],
      }),
    );
    const mar = month(r, "2024-03");
    expect(mar.senAvbokning).toBe(0.5);
    expect(mar.forbrukade).toBe(0.5);
    expect(mar.gapSenAvbokning).toBe(0.5);
    expect(mar.debiteradeTimmar).toBe(1); // R7: at least one hour
    expect(mar.kostnad).toBe(434); // 2024 dag, enskild regi
    expect(mar.kostnadSenAvbokning).toBe(434);
    const ev = r.handelser.find((h) => h.typ === "avbokning")!;
    expect(ev).toMatchObject({ klass: "sen_avbokning", belopp: 434, forbrukad: true, tid: expect.any(Number) });
  });

  it("the ledsagare's late cancellation is not a sen avbokning (R3 speaks of the brukare)", () => {
    const k = classifyAvbokning(avb("2026-03-05 10:00", "2026-03-05 08:00", { av: "ledsagare" }), sthlm);
    expect(k).toMatchObject({ klass: "ledsagarens_avbokning", forbrukad: false });
  });
});

describe("kort avbokning (R4, Värmdö)", () => {
  it("exactly seven days ahead is 'en vecka eller mindre': lost unless rebooked", () => {
    const k = classifyAvbokning(avb("2026-03-11 10:00", "2026-03-04 09:00"), varmdo);
    expect(k).toMatchObject({ klass: "kort_avbokning", forbrukad: true });
    expect(k.reason.text).toContain("7 dagar före (högst 7 dagar) och inte ombokad: timmarna försvinner");
    expect(k.reason.kalla).toBe("000");
  });

  it("eight days ahead is more than a week: the hours remain", () => {
    const k = classifyAvbokning(avb("2026-03-12 10:00", "2026-03-04 18:00"), varmdo);
    expect(k).toMatchObject({ klass: "brukarens_avbokning", forbrukad: false });
    expect(k.reason.text).toContain("8 dagar före (mer än 7 dagar i förväg): timmarna finns kvar (R4)");
  });

  it("a short cancellation that is rebooked keeps the hours", () => {
    const k = classifyAvbokning(avb("2026-03-11 10:00", "2026-03-10 09:00", { ombokad: true }), varmdo);
    expect(k).toMatchObject({ klass: "kort_avbokning_ombokad", forbrukad: false });
  });

  it("measured in hours (dygn) when the regelverk says so: 7 days and 1 hour is more than a week", () => {
    const dygn = variant("varmdo.json", {
      kort_avbokning: [{ giltig_fran: "2000-01-01", giltig_till: null, kalla: "test", max_dagar_fore: 7, matt: "dygn" }],
    });
    expect(classifyAvbokning(avb("2026-03-11 10:00", "2026-03-04 09:00"), dygn).klass).toBe("brukarens_avbokning");
    expect(classifyAvbokning(avb("2026-03-11 10:00", "2026-03-04 10:00"), dygn).klass).toBe("kort_avbokning");
  });
});

describe("ledsagarens avbokning (R5)", () => {
  it("the brukare keeps the hours", () => {
    const k = classifyAvbokning(avb("2026-03-05 10:00", "2026-03-05 07:00", { av: "ledsagare" }), varmdo);
    expect(k).toMatchObject({ klass: "ledsagarens_avbokning", forbrukad: false, reason: { regel: "R5", kalla: "000" } });
    expect(k.reason.text).toContain("av ledsagaren");
    expect(k.reason.text).toContain("brukaren behåller timmarna (R5). Ingen ny tid bokad.");
  });

  it("an utförare's cancellation likewise", () => {
    const k = classifyAvbokning(avb("2026-03-05 10:00", "2026-03-05 07:00", { av: "utforare", ombokad: true }), sthlm);
    expect(k.reason.text).toContain("av utföraren");
    expect(k.reason.text).toContain("Ny tid bokad.");
  });

  it("in the ledger: counted by who, not consumed", () => {
    const r = run(
      kase("Värmdö", {
        beslut: [beslut({ from: "2024-01-01", tom: "2024-12-31", timmar: 10 })],
        avbokningar: [avb("2024-01-20 10:00", "2024-01-20 08:00", { av: "ledsagare", timmar: 3 })],
      }),
    );
    const jan = month(r, "2024-01");
    expect(jan).toMatchObject({ avbokadLedsagare: 3, antalAvbokningarLedsagare: 1, forbrukade: 0, saldo: 10 });
  });
});

describe("upprepade avbokningar (R6, Värmdö)", () => {
  const av = (d: string, ombokad = false) => avb(`${d} 10:00`, `${d} 08:00`, { ombokad });

  it("the third cancellation without rebooking within three months raises the flag on its day", () => {
    const flags = repeatedCancellations([av("2024-01-15"), av("2024-02-20"), av("2024-04-14")], varmdo, () => 0);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ regel: "R6", kalla: "000", datum: day("2024-04-14"), niva: "brist" });
    expect(flags[0].text).toContain("3 avbokningar av brukaren utan ombokning inom 3 månader (2024-01-15, 2024-02-20, 2024-04-14)");
  });

  it("three months and a day apart is outside the window", () => {
    expect(repeatedCancellations([av("2024-01-15"), av("2024-02-20"), av("2024-04-15")], varmdo, () => 0)).toEqual([]);
  });

  it("rebooked cancellations and the ledsagare's do not count", () => {
    const list = [av("2024-01-15"), av("2024-01-20", true), avb("2024-01-25 10:00", "2024-01-25 08:00", { av: "ledsagare" }), av("2024-02-01")];
    expect(repeatedCancellations(list, varmdo, () => 0)).toEqual([]);
  });

  it("after a flag the count starts afresh; six in a row give two flags", () => {
    const list = ["2024-01-02", "2024-01-09", "2024-01-16", "2024-01-23", "2024-01-30", "2024-02-06"].map((d) => av(d));
    expect(repeatedCancellations(list, varmdo, () => 0).map((f) => f.datum)).toEqual([day("2024-01-16"), day("2024-02-06")]);
  });

  it("Stockholm has no R6", () => {
    expect(repeatedCancellations([av("2024-01-15"), av("2024-01-16"), av("2024-01-17")], sthlm, () => 0)).toEqual([]);
  });

  it("the flag reaches the case's flags", () => {
    const r = run(
      kase("Värmdö", {
        beslut: [beslut({ from: "2024-01-01", tom: "2024-12-31" })],
        avbokningar: [av("2024-03-01"), av("2024-03-10"), av("2024-03-20")],
      }),
    );
    expect(r.flaggor.map((f) => f.regel)).toContain("R6");
  });
});
