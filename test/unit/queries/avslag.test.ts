/** The /avslag page's time axis and rows, on hand-made inputs. */
import { describe, expect, it } from "vitest";
import { AvslagParams, defaultTidsindelning, fillTime, timeKeys, toRad } from "../../../queries/avslag.ts";
import { parsePeriod } from "../../../queries/filters.ts";

describe("time axis", () => {
  it("lists every month or tertial of the period", () => {
    const p = parsePeriod("2025-11..2026-05")!;
    expect(timeKeys(p, "manad")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]);
    expect(timeKeys(p, "tertial")).toEqual(["2025-T3", "2026-T1", "2026-T2"]);
    expect(timeKeys(parsePeriod("2026")!, "tertial")).toEqual(["2026-T1", "2026-T2", "2026-T3"]);
  });

  it("uses months up to a year and tertials beyond", () => {
    expect(defaultTidsindelning(parsePeriod("2026")!)).toBe("manad");
    expect(defaultTidsindelning(parsePeriod("2026-T2")!)).toBe("manad");
    expect(defaultTidsindelning(parsePeriod("2024-01..2026-08")!)).toBe("tertial");
  });

  it("fills months without beslut with zeros, keeping the order", () => {
    const row = toRad({ antal_beslut: 10, antal_bifall: 7, antal_delavslag: 2, antal_avslag: 1, avslagsandel: 0.1, delavslagsandel: 0.2, n: {} }, "2026-02");
    const filled = fillTime([row], ["2026-01", "2026-02", "2026-03"]);
    expect(filled.map((r) => [r.varde, r.beslut, r.avslag, r.avslagAndel])).toEqual([
      ["2026-01", 0, 0, null],
      ["2026-02", 10, 1, 0.1],
      ["2026-03", 0, 0, null],
    ]);
    expect(filled[0].avslagCi).toBeNull();
    // Wilson 95 % for 1 of 10: 0.0179 – 0.4042.
    expect(filled[1].avslagCi!.low).toBeCloseTo(0.0179, 3);
    expect(filled[1].avslagCi!.high).toBeCloseTo(0.4042, 3);
  });

  it("validates the page's own parameter", () => {
    expect(AvslagParams.parse({ tid: "tertial" })).toEqual({ tid: "tertial" });
    expect(AvslagParams.safeParse({ tid: "vecka" }).success).toBe(false);
  });
});
