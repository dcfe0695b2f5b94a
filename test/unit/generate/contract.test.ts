/**
 * Every generated row keeps the data contract and the domain's invariants: valid
 * personnummer consistent with kön, stadsdel names valid on the beslut date, hours per
 * row within 0–24, tidstyp consistent with the date, references that resolve.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TABLES } from "../../../etl/contract.ts";
import { dayKind, parseIsoDay, weekday } from "../../../etl/generate/calendar.ts";
import { isValidPnr, konOfPnr } from "../../../etl/generate/pnr.ts";
import { contractFailures, generateTmp, readRaw, type Generated, type Raw } from "./helpers.ts";

/** Stockholm's stadsdelar by period (DOMAIN.md, "Facts from public sources"). */
const ALWAYS = [
  "Bromma", "Enskede-Årsta-Vantör", "Farsta", "Hässelby-Vällingby", "Kungsholmen", "Skarpnäck",
  "Skärholmen", "Södermalm",
];
const UNTIL_2020_06_30 = ["Hägersten-Liljeholmen", "Älvsjö"];
const UNTIL_2023_06_30 = ["Rinkeby-Kista", "Spånga-Tensta", "Norrmalm", "Östermalm"];

function validStadsdelar(date: string): Set<string> {
  const names = [...ALWAYS];
  names.push(...(date <= "2020-06-30" ? UNTIL_2020_06_30 : ["Hägersten-Älvsjö"]));
  names.push(...(date <= "2023-06-30" ? UNTIL_2023_06_30 : ["Järva", "Norra innerstaden"]));
  return new Set(names);
}

describe("generated rows keep the contract", () => {
  let g: Generated;
  let beslut: Raw[];
  beforeAll(async () => {
    g = await generateTmp({ seed: 5, scale: 0.1, years: 5, dialect: "utf8" });
    beslut = readRaw(g.dir, "beslut");
  });
  afterAll(() => g.cleanup());

  it("parse under the contract's zod schemas, every row of every file", () => {
    for (const t of TABLES) expect(contractFailures(g.dir, t), t).toEqual([]);
  });

  it("carry Luhn-valid personnummer whose ninth digit agrees with kön", () => {
    const bad = beslut.filter(
      (b) => !isValidPnr(b.personnummer) || (b.kon !== "" && b.kon !== konOfPnr(b.personnummer)),
    );
    expect(bad).toEqual([]);
    const birthDate = (p: string) => `${p.slice(0, 4)}-${p.slice(4, 6)}-${p.slice(6, 8)}`;
    const unreal = beslut.filter((b) => {
      try {
        parseIsoDay(birthDate(b.personnummer));
        return false;
      } catch {
        return true;
      }
    });
    expect(unreal).toEqual([]);
    expect(beslut.some((b) => b.kon === "")).toBe(true); // a few left for the loader to derive
  });

  it("give each person one personnummer, kön and kommun, children to the very old", () => {
    const byPnr = new Map<string, Set<string>>();
    for (const b of beslut) {
      const key = `${b.kommun}|${b.insats}|${b.personnummer.slice(0, 4)}`;
      (byPnr.get(b.personnummer) ?? byPnr.set(b.personnummer, new Set()).get(b.personnummer)!).add(key);
    }
    for (const keys of byPnr.values()) expect(keys.size).toBe(1);
    const years = [...byPnr.keys()].map((p) => Number(p.slice(0, 4)));
    expect(Math.max(...years)).toBeGreaterThanOrEqual(2010); // children
    expect(Math.min(...years)).toBeLessThanOrEqual(1945); // the very old
  });

  it("name the stadsdel valid on the beslut date: none of the old names after 2023-06-30", () => {
    const stockholm = beslut.filter((b) => b.kommun === "Stockholm");
    const wrong = stockholm.filter((b) => !validStadsdelar(b.beslut_datum).has(b.stadsdel));
    expect(wrong.map((b) => `${b.beslut_datum} ${b.stadsdel}`)).toEqual([]);
    const names = new Set(stockholm.map((b) => b.stadsdel));
    for (const n of ["Järva", "Norra innerstaden", "Rinkeby-Kista", "Östermalm"]) expect(names.has(n), n).toBe(true);
    expect(new Set(beslut.filter((b) => b.kommun !== "Stockholm").map((b) => b.stadsdel))).toEqual(
      new Set(["Värmdö", "Östhammar"]),
    );
  });

  it("keep beslut_id unique within a kommun and beslut coherent", () => {
    const ids = new Set(beslut.map((b) => `${b.kommun}|${b.beslut_id}`));
    expect(ids.size).toBe(beslut.length);
    for (const b of beslut) {
      if (b.utfall === "avslag") {
        expect([b.beviljade_timmar, b.giltig_from, b.utforare]).toEqual(["0", "", ""]);
      } else {
        expect(Number(b.beviljade_timmar)).toBeLessThanOrEqual(Number(b.sokta_timmar));
        expect(b.utfall === "delavslag").toBe(Number(b.beviljade_timmar) < Number(b.sokta_timmar));
        if (b.giltig_tom !== "") expect(b.giltig_tom >= b.giltig_from).toBe(true);
        expect(b.beslut_datum >= b.ansokan_datum).toBe(true);
      }
    }
  });

  it("refer from every fact row to a beslut of the same kommun and utförare", () => {
    const owner = new Map(beslut.map((b) => [`${b.kommun}|${b.beslut_id}`, b.utforare]));
    const utforare = new Set(readRaw(g.dir, "utforare").map((u) => `${u.kommun}|${u.utforare}`));
    for (const t of ["utforda_timmar", "avbokningar", "omkostnader"] as const) {
      const rows = readRaw(g.dir, t);
      expect(rows.length, t).toBeGreaterThan(0);
      const orphans = rows.filter((r) => owner.get(`${r.kommun}|${r.beslut_id}`) !== r.utforare);
      expect(orphans.slice(0, 3), t).toEqual([]);
      expect(rows.every((r) => utforare.has(`${r.kommun}|${r.utforare}`)), t).toBe(true);
    }
  });

  it("report 0–24 hours per utförda row, with a tidstyp the date allows", () => {
    const rows = readRaw(g.dir, "utforda_timmar");
    const outOfRange = rows.filter((r) => !(Number(r.timmar) > 0 && Number(r.timmar) <= 24));
    expect(outOfRange).toEqual([]);
    const inconsistent = rows.filter((r) => {
      const day = parseIsoDay(r.datum);
      const kind = dayKind(day);
      if (kind === "storhelg") return r.tidstyp !== "storhelg";
      if (kind === "helg") return r.tidstyp !== "helg";
      if (weekday(day) === 4) return !["dag", "helg"].includes(r.tidstyp); // Friday evening is helg
      return !["dag", "kvall", "natt"].includes(r.tidstyp);
    });
    expect(inconsistent.slice(0, 3)).toEqual([]);
    expect(new Set(rows.map((r) => r.tidstyp))).toEqual(new Set(["dag", "kvall", "natt", "helg", "storhelg"]));
  });

  it("cancel before the planned start, with the booked hours", () => {
    const rows = readRaw(g.dir, "avbokningar");
    expect(rows.filter((r) => !(r.avbokad_tid < r.planerad_start))).toEqual([]);
    expect(rows.filter((r) => !(Number(r.timmar) > 0 && Number(r.timmar) <= 24))).toEqual([]);
  });
});
