import { describe, expect, it } from "vitest";
import { z } from "zod";
import { badRequest, parseSearchParams, requireFilters } from "../../../app/lib/http.server.ts";
import { isErrorBody } from "../../../app/lib/error-body.ts";
import { parsePeriod } from "../../../queries/filters.ts";

function caught(f: () => unknown): { status?: number; data: unknown } {
  try {
    f();
  } catch (e) {
    const err = e as { init?: { status?: number }; data?: unknown };
    return { status: err.init?.status, data: err.data };
  }
  throw new Error("expected a throw");
}

describe("URL parameters", () => {
  const schema = z.object({ n: z.coerce.number().int().min(1), tag: z.array(z.string()).optional() });

  it("parses valid params; repeated keys become arrays, empty values are absent", () => {
    const out = parseSearchParams(new URL("http://x/?n=3&tag=a&tag=b&other="), schema);
    expect(out).toEqual({ n: 3, tag: ["a", "b"] });
  });

  it("throws a 400 naming the first bad parameter, with a Swedish message", () => {
    const err = caught(() => parseSearchParams(new URL("http://x/?n=0"), schema));
    expect(err.status).toBe(400);
    expect(isErrorBody(err.data)).toBe(true);
    expect(err.data).toMatchObject({ parameter: "n", value: "0" });
    expect((err.data as { message: string }).message).toMatch(/[åäö]|Ogiltig|för liten/i);
  });

  it("turns a bad shared filter into a 400 naming it", () => {
    const def = parsePeriod("2026-T2")!;
    expect(requireFilters(new URL("http://x/?period=2025"), def).period.key).toBe("2025");
    const err = caught(() => requireFilters(new URL("http://x/?period=2025-T9"), def));
    expect(err.status).toBe(400);
    expect(err.data).toMatchObject({ parameter: "period", value: "2025-T9" });
  });

  it("badRequest carries parameter and value", () => {
    const err = caught(() => badRequest("kommun", "finns inte", "X"));
    expect(err).toEqual({ status: 400, data: { parameter: "kommun", message: "finns inte", value: "X" } });
  });
});
