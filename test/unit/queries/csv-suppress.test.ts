import { describe, expect, it } from "vitest";
import { csvStream, formatCell, neutraliseFormula, toCsv } from "../../../queries/csv.ts";
import { isSmall, suppressGroup } from "../../../queries/suppress.ts";

describe("csv", () => {
  const cols = [
    { key: "namn" as const, header: "Stadsdel" },
    { key: "timmar" as const, header: "Timmar" },
  ];
  it("writes the Excel dialect: BOM, semicolon, decimal comma, CRLF", () => {
    const text = toCsv(cols, [{ namn: "Södermalm", timmar: 1234.5 }]);
    expect(text).toBe("\uFEFFStadsdel;Timmar\r\nSödermalm;1234,5\r\n");
  });
  it("writes the standard dialect with comma and point, no BOM", () => {
    expect(toCsv(cols, [{ namn: "A, B", timmar: 0.25 }], "standard")).toBe('Stadsdel,Timmar\r\n"A, B",0.25\r\n');
  });
  it("neutralises formulas in text but keeps negative numbers", () => {
    for (const s of ["=1+1", "+46", "-2", "@SUM(A1)", "\t=x"]) expect(neutraliseFormula(s).startsWith("'")).toBe(true);
    expect(formatCell(-2.5, "excel")).toBe("-2,5");
    expect(formatCell('=HYPERLINK("x")', "excel")).toBe(`"'=HYPERLINK(""x"")"`);
  });
  it("streams the same text as it builds", async () => {
    async function* chunks() {
      yield [{ namn: "Farsta", timmar: 1 }];
      yield [{ namn: "Bromma", timmar: 2.75 }];
    }
    const res = new Response(csvStream(cols, chunks()));
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text).toBe(toCsv(cols, [{ namn: "Farsta", timmar: 1 }, { namn: "Bromma", timmar: 2.75 }]));
  });
});

describe("small-count suppression", () => {
  it("hides 1–4 but shows 0 and 5", () => {
    expect([0, 1, 4, 5].map((n) => isSmall(n))).toEqual([false, true, true, false]);
  });
  it("hides a second cell when one hidden cell could be recovered from the total", () => {
    expect(suppressGroup([3, 40, 12, 0])).toEqual([true, false, true, false]);
  });
  it("needs no second cell when two are hidden already or the total is hidden", () => {
    expect(suppressGroup([3, 2, 40])).toEqual([true, true, false]);
    expect(suppressGroup([3, 40], 5, false)).toEqual([true, false]);
  });
});
