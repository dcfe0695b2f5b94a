/**
 * The report's sentences and page helpers: written from (suppressed) figures,
 * in Swedish, never stating a hidden figure; periods cut at the data's horizon;
 * the print CSS's texts escaped.
 */
import { describe, expect, it } from "vitest";
import { clipToHorizon, rapportTitel } from "../../../app/components/rapport/rapport.server.ts";
import { perioder, printPageCss } from "../../../app/components/rapport/page.ts";
import type { RapportMeta } from "../../../app/components/rapport/view.ts";
import { parsePeriod, previousYear } from "../../../queries/filters.ts";
import {
  avvikelseMening,
  DOLT,
  forandring,
  jamforelseNamn,
  kortEtikett,
  nyckeltalMening,
  storstaForandringar,
  talord,
  upprakning,
  varde,
} from "../../../queries/rapport.ts";

const P = (k: string) => parsePeriod(k)!;
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("sentences", () => {
  it("names the comparison period the way a tjänsteutlåtande does", () => {
    expect(jamforelseNamn(P("2026-T2"), previousYear(P("2026-T2")))).toBe("samma tertial 2025");
    expect(jamforelseNamn(P("2026"), previousYear(P("2026")))).toBe("år 2025");
    expect(jamforelseNamn(P("2026-03"), previousYear(P("2026-03")))).toBe("samma månad 2025");
    expect(jamforelseNamn(P("2026-01..2026-10"), previousYear(P("2026-01..2026-10")))).toBe("januari–oktober 2025");
    expect(kortEtikett(P("2025-11..2026-02")).label).toBe("november 2025 – februari 2026");
  });

  it("writes a key figure beside the year before, and a hidden one as hidden", () => {
    expect(plain(nyckeltalMening("Utförandegraden", 0.58, 0.61, "andel", "samma tertial 2025"))).toBe("Utförandegraden var 58 % (61 % samma tertial 2025).");
    expect(plain(nyckeltalMening("Beviljade timmar", 1234.4, null, "h", "år 2025"))).toBe("Beviljade timmar var 1 234 timmar.");
    const hidden = nyckeltalMening("Andelen avslag", null, 0.07, "andel", "år 2025");
    expect(hidden).toBe(`Andelen avslag ${DOLT}.`);
    expect(hidden).not.toMatch(/\d+ ?%/);
  });

  it("says changes in percent, and for shares in percentage points", () => {
    expect(plain(forandring(1230, 1000, "h")!)).toBe("ökade med 23 %");
    expect(plain(forandring(900, 1000, "kr")!)).toBe("minskade med 10 %");
    expect(forandring(0.6, 0.58, "andel")).toBe("ökade med 2 procentenheter");
    expect(forandring(0.58, 0.59, "andel")).toBe("minskade med 1 procentenhet");
    expect(forandring(0.581, 0.579, "andel")).toBe("var i stort sett oförändrad");
    expect(forandring(null, 10, "h")).toBeNull();
    expect(forandring(5, 0, "antal")).toBeNull();
  });

  it("picks the largest changes, not a share's small move, and leaves hidden figures out", () => {
    const s = storstaForandringar([
      { namn: "förverkade timmar", nu: 1230, fore: 1000, unit: "h" },
      { namn: "andelen avslag", nu: 0.06, fore: 0.07, unit: "andel" },
      { namn: "omkostnaderna", nu: 1060, fore: 1000, unit: "kr" },
      { namn: "antalet personer", nu: null, fore: 100, unit: "antal" },
      { namn: "utförandegraden", nu: 0.5, fore: 0.58, unit: "andel" },
    ]).map(plain);
    expect(s).toEqual([
      "Utförandegraden minskade med 8 procentenheter, från 58 % till 50 %.",
      "Förverkade timmar ökade med 23 %, från 1 000 timmar till 1 230 timmar.",
      "Omkostnaderna ökade med 6 %, från 1 000 kr till 1 060 kr.",
    ]);
  });

  it("names the funnel plot's outliers, and only those with a figure shown", () => {
    const s = plain(
      avvikelseMening("andel avslag", 0.12, [
        { namn: "Farsta", varde: 0.24, verdict: "utanfor998" },
        { namn: "Bromma", varde: 0.1, verdict: "inom" },
        { namn: "Skarpnäck", varde: null, verdict: "utanfor998" },
      ]),
    );
    expect(s).toBe("En stadsdel avvek i andel avslag mer än vad slumpen kan förklara (utanför 99,8-procentsgränsen) (kommunen: 12 %): Farsta 24 % (högre).");
    expect(s).not.toContain("Skarpnäck");
    expect(plain(avvikelseMening("utförandegrad", 0.52, [{ namn: "A", varde: null, verdict: null }]))).toBe(
      "Ingen stadsdel avvek i utförandegrad mer än vad slumpen kan förklara (kommunen: 52 %): alla stadsdelar som redovisas låg inom 99,8-procentsgränsen.",
    );
  });

  it("writes numbers and lists as running Swedish text", () => {
    expect(plain(varde(1234.6, "h"))).toBe("1 235 timmar");
    expect(plain(varde(0.583, "andel"))).toBe("58 %");
    expect(plain(varde(12345, "kr"))).toBe("12 345 kr");
    expect(upprakning(["A"])).toBe("A");
    expect(upprakning(["A", "B", "C"])).toBe("A, B och C");
    expect(talord(3)).toBe("tre");
    expect(plain(talord(13))).toBe("13");
  });
});

describe("periods and the page", () => {
  it("titles a tertial- and an årsrapport", () => {
    expect(rapportTitel({ period: P("2026-T2") })).toBe("Ledsagarservice och ledsagning: tertialrapport 2 2026");
    expect(rapportTitel({ period: P("2025") })).toBe("Ledsagarservice och ledsagning: årsrapport 2025");
  });

  it("cuts a period at the data's last complete month", () => {
    expect(clipToHorizon(P("2026"), "2026-10-31")?.key).toBe("2026-01..2026-10");
    expect(clipToHorizon(P("2026"), "2026-10-15")?.key).toBe("2026-01..2026-09");
    expect(clipToHorizon(P("2026-T2"), "2026-10-31")).toBeNull();
    expect(clipToHorizon(P("2026-T3"), "2026-10-31")?.key).toBe("2026-09..2026-10");
    expect(clipToHorizon(P("2027"), "2026-10-31")).toBeNull();
    expect(clipToHorizon(P("2026"), null)).toBeNull();
  });

  it("offers the tertials and years the data cover, latest first, marking one still running", () => {
    const list = perioder("2025-11-01", "2026-10-31");
    expect(list.map((p) => p.key)).toEqual(["2026", "2026-T3", "2026-T2", "2026-T1", "2025", "2025-T3"]);
    expect(list[0].label).toContain("pågår");
    expect(list[2].label).not.toContain("pågår");
  });

  it("puts the kommun and period in the print header as CSS strings that cannot break out", () => {
    const meta = { kommun: 'Ö"stad\\</style>', stadsdelar: [], periodLabel: "tertial 2 2026", titel: "T" } as unknown as RapportMeta;
    const css = printPageCss(meta);
    expect(css).toContain("@top-left");
    expect(css).toContain('counter(page) " av " counter(pages)');
    expect(css).not.toContain("</style>");
    expect(css).toContain('Ö\\"stad\\\\');
  });
});
