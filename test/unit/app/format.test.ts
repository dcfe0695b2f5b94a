import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatDate,
  formatDateLong,
  formatDateTime,
  formatHours,
  formatKr,
  formatMonth,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatTertial,
  MISSING,
} from "../../../app/lib/format.ts";

// Intl's sv-SE output uses U+00A0 (no-break space) and U+2212 (minus); spell them out.
const NBSP = "\u00a0";

describe("sv-SE formatting", () => {
  it("groups thousands with a no-break space and uses decimal comma", () => {
    expect(formatCount(1234567)).toBe(`1${NBSP}234${NBSP}567`);
    expect(formatNumber(3.456, 1)).toBe("3,5");
    expect(formatNumber(-1500)).toBe(`\u22121${NBSP}500`);
  });

  it("formats percentages from ratios", () => {
    expect(formatPercent(0.583)).toBe(`58${NBSP}%`);
    expect(formatPercent(0.5835, 1)).toBe(`58,4${NBSP}%`);
    expect(formatPercent(1)).toBe(`100${NBSP}%`);
  });

  it("formats hours with exactly one decimal", () => {
    expect(formatHours(12)).toBe("12,0");
    expect(formatHours(12.25)).toBe("12,3");
    expect(formatHours(1234.5, { unit: true })).toBe(`1${NBSP}234,5${NBSP}tim`);
  });

  it("formats kronor", () => {
    expect(formatKr(6)).toBe(`6${NBSP}kr`);
    expect(formatKr(12345.678, 2)).toBe(`12${NBSP}345,68${NBSP}kr`);
  });

  it("shows missing values as a dash, never NaN or Infinity", () => {
    for (const f of [formatCount, formatPercent, formatHours, formatKr]) {
      expect(f(null)).toBe(MISSING);
      expect(f(undefined)).toBe(MISSING);
      expect(f(Number.NaN)).toBe(MISSING);
      expect(f(Number.POSITIVE_INFINITY)).toBe(MISSING);
    }
  });

  it("formats dates, months, tertials and periods", () => {
    expect(formatDate("2026-03-04")).toBe("2026-03-04");
    expect(formatDate("2026-03-04T15:10:00")).toBe("2026-03-04");
    expect(formatDate("igår")).toBe(MISSING);
    expect(formatDateLong("2026-03-04")).toBe("4 mars 2026");
    expect(formatDateTime("2026-03-04T15:10:00")).toBe(`2026-03-04 kl.${NBSP}15.10`);
    expect(formatDateTime("2026-03-04 09:05")).toBe(`2026-03-04 kl.${NBSP}09.05`);
    expect(formatMonth("2026-12")).toBe("december 2026");
    expect(formatMonth("2026-13")).toBe(MISSING);
    expect(formatTertial("2026-T2")).toBe("tertial 2 2026");
    expect(formatTertial("2026-T4")).toBe(MISSING);
    expect(formatPeriod("2022-01-01", "2026-10-31")).toBe(`2022-01-01${NBSP}–${NBSP}2026-10-31`);
    expect(formatPeriod(null, null)).toBe(MISSING);
  });
});
