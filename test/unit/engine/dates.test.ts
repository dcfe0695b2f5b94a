/**
 * etl/engine/dates.ts answers days and months of 1970–2079 from tables built once; every
 * answer must equal the calendar arithmetic (civil/dayOf) it replaces, at the tables' edges too.
 */
import { describe, expect, it } from "vitest";
import { civil, dayOf, isoDay, isoMinute, MINUTES_PER_DAY, monthFirstDay, monthLastDay, monthOf, parseDay } from "../../../etl/engine/dates.ts";

describe("dates", () => {
  it("places every day of 1969–2080 in its calendar month, in and outside the tables", () => {
    for (let day = dayOf(1969, 1, 1); day <= dayOf(2080, 12, 31); day++) {
      const { y, m } = civil(day);
      expect(monthOf(day)).toBe(y * 12 + m - 1);
    }
  });

  it("gives each month's first and last day, in and outside the tables", () => {
    for (let month = 1969 * 12; month <= 2080 * 12 + 11; month++) {
      const y = Math.floor(month / 12);
      const m = (month % 12) + 1;
      expect(monthFirstDay(month)).toBe(dayOf(y, m, 1));
      expect(civil(monthLastDay(month))).toMatchObject({ y, m });
      expect(civil(monthLastDay(month) + 1)).toMatchObject({ d: 1 });
    }
  });

  it("formats days and minutes as the contract writes them, the same on a second call", () => {
    for (const iso of ["1969-12-31", "1970-01-01", "2024-02-29", "2079-12-31", "2080-01-01"]) {
      const day = parseDay(iso)!;
      expect(isoDay(day)).toBe(iso);
      expect(isoDay(day)).toBe(iso);
    }
    const day = parseDay("2026-03-04")!;
    expect(isoMinute(day * MINUTES_PER_DAY + 15 * 60 + 10)).toBe("2026-03-04 15:10");
    expect(isoMinute(day * MINUTES_PER_DAY + 23 * 60 + 59)).toBe("2026-03-04 23:59");
    expect(isoMinute(day * MINUTES_PER_DAY)).toBe("2026-03-04 00:00");
  });
});
