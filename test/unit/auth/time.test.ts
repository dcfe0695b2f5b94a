import { describe, expect, it } from "vitest";
import { formatStockholm, stockholmDayEnd, stockholmDayStart } from "../../../app/auth/time.ts";

describe("svensk tid i granskningsloggen", () => {
  it("dygnets början i vinter- och sommartid", () => {
    expect(stockholmDayStart("2026-01-15").toISOString()).toBe("2026-01-14T23:00:00.000Z");
    expect(stockholmDayStart("2026-07-15").toISOString()).toBe("2026-07-14T22:00:00.000Z");
  });
  it("dagarna då klockan ställs om", () => {
    // 29 March 2026: clocks go forward at 02:00; the day starts in winter time.
    expect(stockholmDayStart("2026-03-29").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(stockholmDayEnd("2026-03-29").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    // 25 October 2026: clocks go back; the day has 25 hours.
    expect(stockholmDayEnd("2026-10-25").getTime() - stockholmDayStart("2026-10-25").getTime()).toBe(25 * 3_600_000);
  });
  it("visar tiden som den var i Sverige", () => {
    expect(formatStockholm("2026-07-14T22:00:00.000Z")).toBe("2026-07-15 00:00:00");
  });
});
