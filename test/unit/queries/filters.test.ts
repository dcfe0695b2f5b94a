import { describe, expect, it } from "vitest";
import {
  FilterError,
  aldersgruppFor,
  filtersToSearchParams,
  latestCompleteTertial,
  monthsIn,
  parseFilters,
  periodKeyFrom,
  EGET_INTERVALL,
  parsePeriod,
  previousYear,
} from "../../../queries/filters.ts";

const T2 = parsePeriod("2026-T2")!;

describe("parsePeriod", () => {
  it("reads year, tertial, month and range as half-open month ranges", () => {
    expect(parsePeriod("2026")).toMatchObject({ kind: "ar", from: "2026-01-01", to: "2027-01-01" });
    expect(parsePeriod("2026-T1")).toMatchObject({ from: "2026-01-01", to: "2026-05-01" });
    expect(parsePeriod("2026-T3")).toMatchObject({ from: "2026-09-01", to: "2027-01-01" });
    expect(parsePeriod("2026-12")).toMatchObject({ kind: "manad", from: "2026-12-01", to: "2027-01-01" });
    expect(parsePeriod("2025-11..2026-02")).toMatchObject({ from: "2025-11-01", to: "2026-03-01" });
  });
  it("refuses what is not a period", () => {
    for (const bad of ["2026-T4", "2026-13", "26", "2026-02..2025-11", "x", "2026-T2; drop table beslut"]) {
      expect(parsePeriod(bad), bad).toBeNull();
    }
  });
  it("names tertials in Swedish", () => {
    expect(T2.label).toBe("tertial 2 2026 (maj–augusti)");
  });
});

describe("periods in time", () => {
  it("compares with the same period a year earlier", () => {
    expect(previousYear(T2).key).toBe("2025-T2");
    expect(previousYear(parsePeriod("2025-11..2026-02")!).from).toBe("2024-11-01");
  });
  it("finds the latest complete tertial", () => {
    expect(latestCompleteTertial("2026-11-23").key).toBe("2026-T2");
    expect(latestCompleteTertial("2026-09-01").key).toBe("2026-T2");
    expect(latestCompleteTertial("2026-08-31").key).toBe("2026-T1");
    expect(latestCompleteTertial("2026-03-10").key).toBe("2025-T3");
  });
  it("lists the months of a period", () => {
    expect(monthsIn(parsePeriod("2025-11..2026-02")!)).toEqual(["2025-11-01", "2025-12-01", "2026-01-01", "2026-02-01"]);
  });
  it("groups ages as reached during the year", () => {
    expect(aldersgruppFor(2009, 2026)).toBe("0-17");
    expect(aldersgruppFor(2008, 2026)).toBe("18-24");
    expect(aldersgruppFor(1961, 2026)).toBe("65-");
  });
});

describe("parseFilters", () => {
  it("round-trips through the URL", () => {
    const sp = new URLSearchParams("kommun=Stockholm&stadsdel=Farsta&stadsdel=J%C3%A4rva&period=2026-T2&kon=K&lagrum=LSS");
    const f = parseFilters(sp, T2);
    expect(f).toMatchObject({ kommun: "Stockholm", stadsdel: ["Farsta", "Järva"], kon: ["K"], lagrum: ["LSS"] });
    expect(parseFilters(filtersToSearchParams(f), T2)).toEqual(f);
  });
  it("names the bad parameter", () => {
    expect(() => parseFilters(new URLSearchParams("kon=X"), T2)).toThrowError(FilterError);
    try {
      parseFilters(new URLSearchParams("period=2026-T9"), T2);
      expect.unreachable();
    } catch (e) {
      expect((e as FilterError).param).toBe("period");
    }
    try {
      parseFilters(new URLSearchParams("stadsdel=%3Cscript%3E"), T2);
      expect.unreachable();
    } catch (e) {
      expect((e as FilterError).param).toBe("stadsdel");
    }
  });
  it("uses the default period when none is given and ignores unknown params", () => {
    expect(parseFilters(new URLSearchParams("sida=2"), T2).period.key).toBe("2026-T2");
  });
  it("resolves the period list against a custom range by one rule: the range counts only with period=eget", () => {
    const key = (q: string) => parseFilters(new URLSearchParams(q), T2).period.key;
    // A range left filled in never overrides the period chosen in the list.
    expect(key("period=2025-T3&fran=2023-01&till=2025-12")).toBe("2025-T3");
    expect(key("fran=2023-01&period=2024&till=2025-12")).toBe("2024");
    // "Eget intervall": the range, whatever the order of the fields.
    expect(key("period=eget&fran=2025-11&till=2026-02")).toBe("2025-11..2026-02");
    expect(key("till=2026-02&fran=2025-11&period=eget")).toBe("2025-11..2026-02");
    expect(key("period=eget&fran=2025-11")).toBe("2025-11..2025-11");
    // No period at all (a hand-written link): the range.
    expect(key("fran=2025-11&till=2026-02")).toBe("2025-11..2026-02");
    expect(key("period=&fran=2025-11&till=2026-02")).toBe("2025-11..2026-02");
    expect(parseFilters(new URLSearchParams("period=eget&fran=2025-11&till=2026-02"), T2)).not.toHaveProperty("fran");
    for (const q of ["period=eget", "period=eget&fran=2026-03&till=2025-01", "period=eget&fran=x&till=2026-01"]) {
      try {
        parseFilters(new URLSearchParams(q), T2);
        expect.unreachable(q);
      } catch (e) {
        expect((e as FilterError).param, q).toBe("period");
      }
    }
  });
  it("periodKeyFrom states the rule on plain values", () => {
    expect(periodKeyFrom({ period: "2026-T1", fran: "2020-01", till: "2020-02" })).toEqual({ key: "2026-T1" });
    expect(periodKeyFrom({ period: EGET_INTERVALL, till: "2020-02" })).toEqual({ key: "2020-02..2020-02" });
    expect(periodKeyFrom({})).toEqual({});
    expect(periodKeyFrom({ period: EGET_INTERVALL }).error?.param).toBe("period");
  });
});
