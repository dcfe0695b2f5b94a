/**
 * The planted differences are in the raw data of the default data set (seed 1, scale 1,
 * five years), strongly enough for the dashboards to find them; and the data set has the
 * size and the edge cases the rules need. data/SYNTHETIC.md describes each of them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PLANTED_AVSLAG,
  PLANTED_DORMANT_UTFORARE,
  PLANTED_KON_HOURS,
  PLANTED_WEAK_UTFORARE,
} from "../../../etl/generate/planted.ts";
import { daysBetween, generateTmp, monthlyHours, readRaw, type Generated, type Raw } from "./helpers.ts";

const START = "2021-11-01";
const END = "2026-10-31";
const kon = (b: Raw) => (Number(b.personnummer[11]) % 2 === 1 ? "M" : "K");

/** Granted hours of the beslut within the period, pro rata by day (30.4375 days a month). */
function grantedInPeriod(b: Raw): number {
  if (b.utfall === "avslag") return 0;
  const from = b.giltig_from > START ? b.giltig_from : START;
  const tom = b.giltig_tom === "" || b.giltig_tom > END ? END : b.giltig_tom;
  const days = daysBetween(from, tom) + 1;
  return days > 0 ? (monthlyHours(b) * days) / 30.4375 : 0;
}

describe("the default data set", () => {
  let g: Generated;
  let beslut: Raw[];
  let utforda: Raw[];
  let stockholm: Raw[];
  let avbokningar: Raw[];
  let omkostnader: Raw[];
  beforeAll(async () => {
    g = await generateTmp({ dialect: "utf8" });
    beslut = readRaw(g.dir, "beslut");
    utforda = readRaw(g.dir, "utforda_timmar");
    avbokningar = readRaw(g.dir, "avbokningar");
    omkostnader = readRaw(g.dir, "omkostnader");
    stockholm = beslut.filter((b) => b.kommun === "Stockholm");
  });
  afterAll(() => g.cleanup());

  describe("planted differences", () => {
    it(`${PLANTED_AVSLAG.stadsdel} refuses about twice as often, beyond a 99.8 % funnel limit`, () => {
      const decided = stockholm.filter((b) => b.beslut_datum >= START);
      const rate = (rows: Raw[]) => rows.filter((b) => b.utfall === "avslag").length / rows.length;
      const planted = decided.filter((b) => b.stadsdel === PLANTED_AVSLAG.stadsdel);
      const others = decided.filter((b) => b.stadsdel !== PLANTED_AVSLAG.stadsdel);
      expect(rate(planted) / rate(others)).toBeGreaterThanOrEqual(1.8);
      // Funnel around the kommun's rate: the planted stadsdel is out, no other one is.
      const p0 = rate(decided);
      const limit = (n: number) => p0 + 3.09 * Math.sqrt((p0 * (1 - p0)) / n);
      expect(rate(planted)).toBeGreaterThan(limit(planted.length));
      const stadsdelar = new Set(others.map((b) => b.stadsdel));
      for (const s of stadsdelar) {
        const rows = others.filter((b) => b.stadsdel === s);
        expect(rate(rows), s).toBeLessThan(limit(rows.length));
      }
    });

    it(`${PLANTED_WEAK_UTFORARE.utforare} performs about a quarter of the granted hours, the rest 50–65 %`, () => {
      const grad = (pick: (u: string) => boolean) => {
        const granted = stockholm.filter((b) => pick(b.utforare)).reduce((s, b) => s + grantedInPeriod(b), 0);
        const done = utforda
          .filter((u) => u.kommun === "Stockholm" && pick(u.utforare))
          .reduce((s, u) => s + Number(u.timmar), 0);
        return done / granted;
      };
      const weak = grad((u) => u === PLANTED_WEAK_UTFORARE.utforare);
      expect(weak).toBeGreaterThan(0.2);
      expect(weak).toBeLessThan(0.3);
      const rest = grad((u) => u !== "" && u !== PLANTED_WEAK_UTFORARE.utforare);
      expect(rest).toBeGreaterThan(0.5);
      expect(rest).toBeLessThan(0.65);
      // Enough volume to matter: over 5 % of Stockholm's granted hours.
      const share = stockholm
        .filter((b) => b.utforare === PLANTED_WEAK_UTFORARE.utforare)
        .reduce((s, b) => s + grantedInPeriod(b), 0) / stockholm.reduce((s, b) => s + grantedInPeriod(b), 0);
      expect(share).toBeGreaterThan(0.05);
    });

    it(`men are granted more hours than women in ${PLANTED_KON_HOURS.stadsdel}, not overall elsewhere`, () => {
      const ratio = (rows: Raw[]) => {
        const mean = (k: string) => {
          const h = rows.filter((b) => b.utfall !== "avslag" && kon(b) === k).map(monthlyHours);
          return h.reduce((s, x) => s + x, 0) / h.length;
        };
        return mean("M") / mean("K");
      };
      expect(ratio(stockholm.filter((b) => b.stadsdel === PLANTED_KON_HOURS.stadsdel))).toBeGreaterThan(1.25);
      const elsewhere = ratio(stockholm.filter((b) => b.stadsdel !== PLANTED_KON_HOURS.stadsdel));
      expect(elsewhere).toBeGreaterThan(0.9);
      expect(elsewhere).toBeLessThan(1.1);
    });

    it("dormant utförare have had no assignment in the last twelve months (R17)", () => {
      const cutoff = "2025-10-31";
      const utforare = readRaw(g.dir, "utforare").filter((u) => u.kommun === "Stockholm");
      for (const d of PLANTED_DORMANT_UTFORARE) {
        const mine = stockholm.filter((b) => b.utforare === d.utforare);
        expect(mine.filter((b) => b.beslut_datum > cutoff || b.giltig_tom === "" || b.giltig_tom > cutoff)).toEqual([]);
        expect(utforda.filter((u) => u.kommun === "Stockholm" && u.utforare === d.utforare && u.datum > cutoff)).toEqual([]);
        const row = utforare.find((u) => u.utforare === d.utforare)!;
        expect(row.godkand_tom !== "", d.utforare).toBe(d.contractEnded);
      }
    });
  });

  describe("size and shape", () => {
    it("has 1,500–2,000 persons with the insats in Stockholm at any time, ~100 in Värmdö, ~40 in Östhammar", () => {
      for (const day of ["2022-01-15", "2024-06-01", "2026-10-01"]) {
        const active = (kommun: string) =>
          new Set(
            beslut
              .filter((b) => b.kommun === kommun && b.utfall !== "avslag" && b.giltig_from <= day && (b.giltig_tom === "" || b.giltig_tom >= day))
              .map((b) => b.personnummer),
          ).size;
        expect(active("Stockholm"), day).toBeGreaterThanOrEqual(1500);
        expect(active("Stockholm"), day).toBeLessThanOrEqual(2000);
        expect(active("Värmdö"), day).toBeGreaterThanOrEqual(70);
        expect(active("Värmdö"), day).toBeLessThanOrEqual(130);
        expect(active("Östhammar"), day).toBeGreaterThanOrEqual(25);
        expect(active("Östhammar"), day).toBeLessThanOrEqual(60);
      }
    });

    it("is about 60 % women", () => {
      const persons = new Map(beslut.map((b) => [b.personnummer, kon(b)]));
      const women = [...persons.values()].filter((k) => k === "K").length / persons.size;
      expect(women).toBeGreaterThan(0.57);
      expect(women).toBeLessThan(0.63);
    });

    it("has 30–80 utförare, kommunal and enskild, with a long tail", () => {
      const utforare = readRaw(g.dir, "utforare");
      expect(utforare.length).toBeGreaterThanOrEqual(30);
      expect(utforare.length).toBeLessThanOrEqual(80);
      expect(new Set(utforare.map((u) => u.regi))).toEqual(new Set(["kommunal", "enskild"]));
      const hours = new Map<string, number>();
      for (const u of utforda) hours.set(`${u.kommun}|${u.utforare}`, (hours.get(`${u.kommun}|${u.utforare}`) ?? 0) + Number(u.timmar));
      const sorted = [...hours.values()].sort((a, b) => b - a);
      const total = sorted.reduce((s, h) => s + h, 0);
      expect(sorted.slice(0, 8).reduce((s, h) => s + h, 0) / total).toBeGreaterThan(0.6); // few carry most
      expect(sorted.filter((h) => h < total / 500).length).toBeGreaterThan(5); // and many are small
    });

    it("has granted hours typically 8–40 a month, a few over 44, and per-week beslut", () => {
      const granted = beslut.filter((b) => b.utfall !== "avslag");
      const monthly = granted.map(monthlyHours).sort((a, b) => a - b);
      const q = (p: number) => monthly[Math.floor(p * (monthly.length - 1))];
      expect(q(0.1)).toBeGreaterThanOrEqual(5);
      expect(q(0.9)).toBeLessThanOrEqual(40);
      const over44 = granted.filter((b) => monthlyHours(b) > 44);
      expect(over44.length).toBeGreaterThan(20);
      expect(over44.length / granted.length).toBeLessThan(0.03);
      expect(over44.some((b) => b.beslutsniva === "handläggare")).toBe(true); // R12 breaches
      expect(granted.some((b) => b.timmar_per === "vecka")).toBe(true);
    });
  });

  describe("edge cases for the rules", () => {
    it("has sen avbokningar, also at exactly 11:59, 12:00 and 12:01 the day before (R3)", () => {
      const brukare = avbokningar.filter((a) => a.avbokad_av === "brukare");
      const dayBefore = (a: Raw) => daysBetween(a.avbokad_tid.slice(0, 10), a.planerad_start.slice(0, 10)) === 1;
      for (const time of ["11:59", "12:00", "12:01"]) {
        expect(brukare.some((a) => dayBefore(a) && a.avbokad_tid.endsWith(time)), time).toBe(true);
      }
      const sameDay = (a: Raw) => a.avbokad_tid.slice(0, 10) === a.planerad_start.slice(0, 10);
      const late = brukare.filter((a) => (dayBefore(a) ? a.avbokad_tid.slice(11) > "12:00" : sameDay(a)));
      expect(late.length / brukare.length).toBeGreaterThan(0.3); // sickness strikes late
    });

    it("has kort avbokningar, with and without ombokning, and exactly seven days ahead (R4)", () => {
      const brukare = avbokningar.filter((a) => a.avbokad_av === "brukare");
      const ahead = (a: Raw) => (Date.parse(a.planerad_start.replace(" ", "T")) - Date.parse(a.avbokad_tid.replace(" ", "T"))) / 3_600_000;
      const kort = brukare.filter((a) => ahead(a) <= 168);
      expect(kort.some((a) => a.ombokad === "ja")).toBe(true);
      expect(kort.some((a) => a.ombokad === "nej")).toBe(true);
      expect(brukare.some((a) => ahead(a) === 168)).toBe(true);
      expect(brukare.some((a) => ahead(a) > 168)).toBe(true);
    });

    it("has cancellations by ledsagare and utförare, mostly for sickness and staffing", () => {
      const by = (who: string) => avbokningar.filter((a) => a.avbokad_av === who);
      expect(by("ledsagare").filter((a) => a.orsak === "ledsagare sjuk").length / by("ledsagare").length).toBeGreaterThan(0.7);
      expect(by("utforare").length).toBeGreaterThan(0);
    });

    it("has omkostnader of all three kinds within their rules (R8–R10)", () => {
      const of = (typ: string) => omkostnader.filter((o) => o.typ === typ);
      expect(of("sarskild").length).toBeGreaterThan(0);
      expect(of("sarskild").every((o) => Number(o.belopp) > 300)).toBe(true);
      expect(of("manadsbelopp").length).toBeGreaterThan(0);
      expect(of("manadsbelopp").every((o) => Number(o.belopp) <= 300 && o.datum >= "2020-01-01")).toBe(true);
      // Schablon: 6 kr per performed hour of the beslut in that month.
      const performed = new Map<string, number>();
      for (const u of utforda) {
        const key = `${u.kommun}|${u.beslut_id}|${u.datum.slice(0, 7)}`;
        performed.set(key, (performed.get(key) ?? 0) + Number(u.timmar));
      }
      const schablon = of("schablon");
      expect(schablon.length).toBeGreaterThan(1000);
      const wrong = schablon.filter((o) => Math.abs(Number(o.belopp) - 6 * (performed.get(`${o.kommun}|${o.beslut_id}|${o.datum.slice(0, 7)}`) ?? 0)) > 0.01);
      expect(wrong.slice(0, 3)).toEqual([]);
    });

    it("has process defects to flag: no end date, late plans and follow-ups, personlig assistans, hours outside beslut", () => {
      const granted = beslut.filter((b) => b.utfall !== "avslag");
      expect(granted.filter((b) => b.giltig_tom === "").length).toBeGreaterThan(10); // R1
      const stockholmLatePlan = granted.filter(
        (b) => b.kommun === "Stockholm" && b.genomforandeplan_datum !== "" && daysBetween(b.giltig_from, b.genomforandeplan_datum) > 15,
      );
      expect(stockholmLatePlan.length).toBeGreaterThan(100); // R13
      expect(granted.filter((b) => b.senaste_uppfoljning !== "" && daysBetween(b.giltig_from, b.senaste_uppfoljning) > 365).length).toBeGreaterThan(100); // R14
      expect(granted.filter((b) => b.personlig_assistans === "ja").length).toBeGreaterThan(0); // R11
      const validity = new Map(granted.map((b) => [`${b.kommun}|${b.beslut_id}`, b]));
      const outside = utforda.filter((u) => {
        const b = validity.get(`${u.kommun}|${u.beslut_id}`)!;
        return u.datum < b.giltig_from || (b.giltig_tom !== "" && u.datum > b.giltig_tom);
      });
      expect(outside.length).toBeGreaterThan(100); // R15
      expect(outside.length / utforda.length).toBeLessThan(0.01);
    });
  });
});
