import { mkdtempSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../etl/db.ts";
import {
  compileRegelverk,
  kommunKey,
  parseRegelverk,
  parseRegelverkText,
  regelverkFor,
  regelverkSet,
  RegelverkError,
  ruleAt,
} from "../../../etl/engine/regelverk.ts";
import { loadRegelverk } from "../../../etl/engine/store.ts";
import { day, rawFile, SET } from "./fixtures.ts";

function errorOf(f: () => unknown): RegelverkError {
  try {
    f();
  } catch (e) {
    if (e instanceof RegelverkError) return e;
    throw e;
  }
  throw new Error("no error thrown");
}

describe("shipped regelverk files", () => {
  it("are valid and cover Stockholm, Värmdö, Östhammar and the default", () => {
    expect([...SET.byKommun.keys()].sort()).toEqual(["osthammar", "stockholm", "varmdo"]);
    expect(SET.standard.standard).toBe(true);
  });

  it("Stockholm: flexmodell three months from 2020-01-01, the month before (002)", () => {
    const sthlm = regelverkFor(SET, "Stockholm");
    expect(ruleAt(sthlm, "flexmodell", day("2019-12-31"))?.p.period_manader).toBe(1);
    expect(ruleAt(sthlm, "flexmodell", day("2020-01-01"))?.p.period_manader).toBe(3);
    expect(ruleAt(sthlm, "manadsbelopp", day("2019-12-31"))).toBeUndefined();
    expect(ruleAt(sthlm, "manadsbelopp", day("2020-01-01"))?.p.kr_per_manad).toBe(300);
  });

  it("Stockholm: 2024 ersättning is the published level, enskild regi 2.5 % higher (004 1.3)", () => {
    const v = ruleAt(regelverkFor(SET, "Stockholm"), "ersattning", day("2024-06-01"))!;
    expect(v.p.kommunal).toEqual({ dag: 423, kvall: 450, natt: 487, helg: 487, storhelg: 555 });
    expect(v.p.enskild).toEqual({ dag: 434, kvall: 461, natt: 500, helg: 500, storhelg: 569 });
    expect(v.p.underlag).toBe("publicerad");
    expect(v.kalla).toBe("004 1.3");
  });

  it("Stockholm: every year from 2013 has an ersättning level, without gaps", () => {
    const sthlm = regelverkFor(SET, "Stockholm");
    for (let y = 2013; y <= 2030; y++) expect(ruleAt(sthlm, "ersattning", day(`${y}-07-01`))).toBeDefined();
  });

  it("Östhammar: delegation 44 h, genomförandeplan 14 days after beställning, uppföljning yearly (001)", () => {
    const o = regelverkFor(SET, "Östhammar");
    const at = day("2023-01-01");
    expect(ruleAt(o, "delegation", at)?.p.max_timmar_per_manad).toBe(44);
    expect(ruleAt(o, "genomforandeplan", at)?.p).toMatchObject({ dagar: 14, fran: "bestallning" });
    expect(ruleAt(o, "uppfoljning", at)?.p.manader).toBe(12);
    expect(ruleAt(o, "flexmodell", at)).toBeUndefined();
  });

  it("a kommun is found regardless of case and diacritics; others get the default", () => {
    expect(kommunKey(" VÄRMDÖ ")).toBe("varmdo");
    expect(regelverkFor(SET, "varmdo").kommun).toBe("Värmdö");
    const other = regelverkFor(SET, "Kommun 001");
    expect(other.standard).toBe(true);
    expect(other.fil).toMatch(/_default\.json$/);
  });
});

describe("validation errors name the file and the field, in Swedish", () => {
  const base = rawFile("stockholm.json");

  it("a wrong type inside a rate", () => {
    const bad = structuredClone(base) as unknown as { regler: { ersattning: { kommunal: { dag: unknown } }[] } };
    bad.regler.ersattning[2].kommunal.dag = "423";
    const e = errorOf(() => parseRegelverk(bad, "data/regelverk/stockholm.json"));
    expect(e.message).toContain("Regelverket i data/regelverk/stockholm.json är felaktigt");
    expect(e.message).toContain("regler.ersattning[2].kommunal.dag: förväntade ett tal, fick texten \"423\"");
    expect(e.fel).toHaveLength(1);
  });

  it("an unknown rule name (a typo) and an invalid enum value", () => {
    const bad = structuredClone(base) as unknown as Record<string, Record<string, unknown>>;
    bad.regler.flexmodel = [];
    (bad.regler.flexmodell as { ankare: string }[])[1].ankare = "kvartal";
    const e = errorOf(() => parseRegelverk(bad, "x.json"));
    expect(e.message).toContain('regler: okänt fält "flexmodel" (stavfel?)');
    expect(e.message).toContain('regler.flexmodell[1].ankare: ogiltigt värde texten "kvartal"');
  });

  it("a bad date, a missing field, an end before the start", () => {
    const bad = structuredClone(base) as unknown as { regler: Record<string, Record<string, unknown>[]> };
    bad.regler.sen_avbokning[0].giltig_fran = "2024-02-30";
    delete bad.regler.minsta_debitering[0].timmar;
    bad.regler.lov_aktivitet[0].giltig_till = "2012-12-31";
    const e = errorOf(() => parseRegelverk(bad, "x.json"));
    expect(e.message).toContain("regler.sen_avbokning[0].giltig_fran: ska vara ett datum på formen ÅÅÅÅ-MM-DD");
    expect(e.message).toContain("regler.minsta_debitering[0].timmar: förväntade ett tal, fick inget värde (fältet saknas)");
    expect(e.message).toContain("regler.lov_aktivitet[0].giltig_till: giltig_till ligger före giltig_fran");
  });

  it("overlapping versions", () => {
    const bad = structuredClone(base) as unknown as { regler: { flexmodell: { giltig_fran: string }[] } };
    bad.regler.flexmodell[1].giltig_fran = "2019-06-01";
    const e = errorOf(() => parseRegelverk(bad, "x.json"));
    expect(e.message).toContain("regler.flexmodell[1].giltig_fran: överlappar föregående version");
  });

  it("a version after one that runs tills vidare", () => {
    const bad = structuredClone(base) as unknown as { regler: { manadsbelopp: unknown[] } };
    bad.regler.manadsbelopp.push({ ...(bad.regler.manadsbelopp[0] as object), giltig_fran: "2030-01-01" });
    const e = errorOf(() => parseRegelverk(bad, "x.json"));
    expect(e.message).toContain("regler.manadsbelopp[1].giltig_fran: föregående version saknar giltig_till");
  });

  it("a time of day out of range and a negative amount", () => {
    const bad = structuredClone(base) as unknown as { regler: Record<string, Record<string, unknown>[]> };
    bad.regler.sen_avbokning[0].senast_klockan = "24:00";
    bad.regler.schablon_omkostnad[0].kr_per_timme = -6;
    const e = errorOf(() => parseRegelverk(bad, "x.json"));
    expect(e.message).toContain("regler.sen_avbokning[0].senast_klockan: ska vara ett klockslag på formen TT:MM");
    expect(e.message).toContain("regler.schablon_omkostnad[0].kr_per_timme: måste vara minst 0");
  });

  it("text that is not JSON", () => {
    const e = errorOf(() => parseRegelverkText("{ kommun: Stockholm", "data/regelverk/trasig.json"));
    expect(e.message).toMatch(/^Regelverket i data\/regelverk\/trasig\.json är felaktigt:\n {2}– \(filen\): ogiltig JSON/);
  });

  it("a folder without the default, and two files for one kommun", () => {
    const sthlm = compileRegelverk(base, "a.json");
    expect(errorOf(() => regelverkSet([sthlm])).message).toContain("standardregelverket");
    const again = compileRegelverk(base, "b.json");
    const e = errorOf(() => regelverkSet([sthlm, again, compileRegelverk(rawFile("_default.json"), "d.json")]));
    expect(e.message).toContain("Regelverket i b.json");
    expect(e.message).toContain("Stockholm har redan ett regelverk i a.json");
  });

  it("loading a folder with a broken file fails with that file's name", () => {
    const dir = mkdtempSync(join(tmpdir(), "regelverk-"));
    copyFileSync(resolve(PROJECT_ROOT, "data/regelverk/_default.json"), join(dir, "_default.json"));
    writeFileSync(join(dir, "ovik.json"), JSON.stringify({ kommun: "Övik", beskrivning: "x", regler: { flexmodell: [{}] } }));
    const e = errorOf(() => loadRegelverk(dir));
    expect(e.fil).toMatch(/ovik\.json$/);
    expect(e.message).toContain("regler.flexmodell[0].giltig_fran: förväntade en text, fick inget värde (fältet saknas)");
  });
});
