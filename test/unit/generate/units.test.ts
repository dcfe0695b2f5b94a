/** The generator's pure building blocks: calendar, tidstyp, personnummer, PRNG, number format. */
import { describe, expect, it } from "vitest";
import {
  addMonths,
  dayKind,
  dayOf,
  easterSunday,
  isoDay,
  midsommarafton,
  parseIsoDay,
  weekday,
  ymd,
} from "../../../etl/generate/calendar.ts";
import { DIALECTS, formatNumber } from "../../../etl/generate/dialect.ts";
import { formatPnr, isValidPnr, konOfPnr, luhnDigit, PnrRegistry } from "../../../etl/generate/pnr.ts";
import { Rng } from "../../../etl/generate/rng.ts";
import { tidstypAt } from "../../../etl/generate/tidstyp.ts";

const d = (iso: string) => parseIsoDay(iso);
const at = (hh: number, mm = 0) => hh * 60 + mm;

describe("calendar", () => {
  it("round-trips day numbers and ISO dates across leap years and centuries", () => {
    for (const iso of ["1900-03-01", "1970-01-01", "2000-02-29", "2024-12-31", "2100-02-28"]) {
      expect(isoDay(d(iso))).toBe(iso);
      const { y, m, d: dd } = ymd(d(iso));
      expect(dayOf(y, m, dd)).toBe(d(iso));
    }
    expect(() => parseIsoDay("2023-02-29")).toThrow(/Ogiltigt datum/);
  });

  it("knows the weekday, with Monday as 0", () => {
    expect(weekday(d("2026-10-31"))).toBe(5); // a Saturday
    expect(weekday(d("2024-01-01"))).toBe(0); // a Monday
  });

  it("clamps month arithmetic to the month's last day", () => {
    expect(isoDay(addMonths(d("2024-01-31"), 1))).toBe("2024-02-29");
    expect(isoDay(addMonths(d("2023-01-31"), 1))).toBe("2023-02-28");
    expect(isoDay(addMonths(d("2024-03-15"), -12))).toBe("2023-03-15");
  });

  it("finds Easter and midsommarafton", () => {
    expect(isoDay(easterSunday(2024))).toBe("2024-03-31");
    expect(isoDay(easterSunday(2025))).toBe("2025-04-20");
    expect(isoDay(easterSunday(2026))).toBe("2026-04-05");
    expect(isoDay(midsommarafton(2025))).toBe("2025-06-20");
    expect(isoDay(midsommarafton(2026))).toBe("2026-06-19");
  });

  it("classifies storhelg, other red days and weekends", () => {
    expect(dayKind(d("2025-12-24"))).toBe("storhelg");
    expect(dayKind(d("2026-04-03"))).toBe("storhelg"); // långfredagen
    expect(dayKind(d("2025-05-01"))).toBe("helg"); // a Thursday, but a red day
    expect(dayKind(d("2025-05-03"))).toBe("helg"); // a Saturday
    expect(dayKind(d("2025-05-05"))).toBe("vardag");
  });
});

describe("tidstyp (R18)", () => {
  it("follows the bands dag 07–19, kväll 19–22, natt 22–07", () => {
    expect(tidstypAt(d("2025-05-06"), at(7))).toBe("dag"); // Tuesday
    expect(tidstypAt(d("2025-05-06"), at(18, 59))).toBe("dag");
    expect(tidstypAt(d("2025-05-06"), at(19))).toBe("kvall");
    expect(tidstypAt(d("2025-05-06"), at(22))).toBe("natt");
    expect(tidstypAt(d("2025-05-06"), at(6, 30))).toBe("natt");
  });

  it("makes helg of Friday 19:00 to Monday 07:00 and of red days; storhelg wins", () => {
    expect(tidstypAt(d("2025-05-09"), at(18, 30))).toBe("dag"); // Friday
    expect(tidstypAt(d("2025-05-09"), at(19))).toBe("helg");
    expect(tidstypAt(d("2025-05-10"), at(10))).toBe("helg"); // Saturday
    expect(tidstypAt(d("2025-05-12"), at(6))).toBe("helg"); // Monday early
    expect(tidstypAt(d("2025-05-12"), at(7))).toBe("dag");
    expect(tidstypAt(d("2025-06-06"), at(10))).toBe("helg"); // nationaldagen, a Friday
    expect(tidstypAt(d("2025-12-25"), at(10))).toBe("storhelg");
  });
});

describe("personnummer", () => {
  it("computes the Luhn digit as Skatteverket's example does", () => {
    expect(luhnDigit("811218987")).toBe(6);
    expect(isValidPnr("19811218-9876")).toBe(true);
    expect(isValidPnr("19811218-9875")).toBe(false);
    expect(formatPnr(d("1981-12-18"), 987)).toBe("19811218-9876");
  });

  it("gives men an odd and women an even ninth digit, never the same number twice", () => {
    const registry = new PnrRegistry();
    const rng = Rng.fork(1, "pnr-test");
    const birth = d("1990-05-17");
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const kon = i % 2 === 0 ? "K" : "M";
      const pnr = registry.draw(rng, birth, kon);
      expect(isValidPnr(pnr)).toBe(true);
      expect(konOfPnr(pnr)).toBe(kon);
      expect(pnr.startsWith("19900517-")).toBe(true);
      seen.add(pnr);
    }
    expect(seen.size).toBe(400);
  });
});

describe("Rng", () => {
  it("repeats a stream for the same key and differs for another", () => {
    const a = Rng.fork(42, "x", 1);
    const b = Rng.fork(42, "x", 1);
    const c = Rng.fork(42, "x", 2);
    const sa = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(sa);
  });

  it("stays within its ranges and is roughly uniform", () => {
    const rng = Rng.fork(7, "range");
    let sum = 0;
    let outside = 0;
    const ints = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      ints.add(rng.int(3, 5));
      sum += u;
    }
    expect(outside).toBe(0);
    expect([...ints].sort()).toEqual([3, 4, 5]);
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });
});

describe("number format", () => {
  it("writes decimal comma in the Excel dialect and at most two decimals", () => {
    expect(formatNumber(2.5, DIALECTS.excel)).toBe("2,5");
    expect(formatNumber(2.5, DIALECTS.utf8)).toBe("2.5");
    expect(formatNumber(18, DIALECTS.excel)).toBe("18");
    expect(formatNumber(1 / 3, DIALECTS.excel)).toBe("0,33");
  });
});
