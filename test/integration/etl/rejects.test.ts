/**
 * Every kind of rejected row, with its line, column, value and Swedish reason; and the
 * two modes: by default nothing is loaded, with allowRejects the valid rows are loaded
 * and the rejects stored in avvisad_rad.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { REASONS } from "../../../etl/contract.ts";
import type { RejectedRow } from "../../../etl/load/summary.ts";
import { AVBOKNING, BESLUT, OMKOSTNAD, UTFORD, csvText, dump, load, memoryDb, pnr, query, tempDir, writeCsv, writeRaw } from "./helpers.ts";

let dir: string;

beforeAll(() => {
  dir = tempDir();
  const beslut = [
    BESLUT, // 2 valid
    { ...BESLUT, beslut_id: "B2", personnummer: "19811218-9877" }, // 3 check digit
    { ...BESLUT, beslut_id: "B3", personnummer: "19810230-1234" }, // 4 no such date
    { ...BESLUT, beslut_id: "B4", beviljade_timmar: "30", sokta_timmar: "20" }, // 5 beviljade > sökta
    { ...BESLUT, beslut_id: "B5", lagrum: "LVU" }, // 6 enum
    { ...BESLUT, beslut_id: "B6", stadsdel: "  " }, // 7 missing
    { ...BESLUT, beslut_id: "B7", utfall: "avslag", beviljade_timmar: "5" }, // 8 avslag with hours
    { ...BESLUT }, // 9 duplicate of line 2
    { ...BESLUT, beslut_id: "B9", giltig_tom: "2024-01-31" }, // 10 tom before from
    { ...BESLUT, beslut_id: "B10", personnummer: pnr("19700101", 111) }, // 11 valid
  ];
  // Line 12: a row with too few fields.
  writeRaw(dir, "beslut.csv", csvText("beslut", beslut) + "Stockholm;Södermalm;B11\n");

  writeCsv(dir, "utforda_timmar.csv", "utforda_timmar", [
    UTFORD, // 2
    { ...UTFORD, datum: "2024-02-30" }, // 3
    { ...UTFORD, timmar: "25" }, // 4
    { ...UTFORD, datum: "3/2/2024" }, // 5
    { ...UTFORD, tidstyp: "förmiddag" }, // 6
    { ...UTFORD, beslut_id: "B99" }, // 7 unknown beslut
    { ...UTFORD, timmar: "abc" }, // 8
    { ...UTFORD, beslut_id: "B2" }, // 9 its beslut was rejected
    { ...UTFORD, timmar: "-1" }, // 10
    { ...UTFORD, kommun: "Uppsala" }, // 11 B1 exists, but not in Uppsala
    { ...UTFORD, beslut_id: "B10", timmar: "24" }, // 12 valid
  ]);

  // Broken rows force the slow path: wrong field counts and an unterminated quote last.
  writeRaw(
    dir,
    "avbokningar.csv",
    csvText("avbokningar", [
      AVBOKNING, // 2
      { ...AVBOKNING, planerad_start: "2024-02-10 25:00" }, // 3
      { ...AVBOKNING, ombokad: "kanske" }, // 4
      { ...AVBOKNING, avbokad_av: "Utförare", orsak: "sjuk;\nhela veckan" }, // 5–6 valid, alias, quoted
    ]) +
      "Stockholm;B1;U1;2024-02-10 10:00;2024-02-09 15:00;brukare;3;nej;sjuk;extra\n" + // 7 too many
      'Stockholm;B1;U1;2024-02-11 10:00;2024-02-09 15:00;brukare;3;nej;"aldrig slut\n', // 8
  );

  writeCsv(dir, "omkostnader.csv", "omkostnader", [
    OMKOSTNAD, // 2
    { ...OMKOSTNAD, belopp: "-5" }, // 3
    { ...OMKOSTNAD, typ: "fika" }, // 4
  ]);
});

const r = (line: number, column: string | null, value: string | null, reason: string): RejectedRow => ({ line, column, value, reason });

const EXPECTED: Record<string, RejectedRow[]> = {
  beslut: [
    r(3, "personnummer", "19811218-****", REASONS.pnrCheckDigit),
    r(4, "personnummer", "19810230-****", REASONS.pnrDate),
    r(5, "beviljade_timmar", "30", REASONS.notGreaterThan("sokta_timmar")),
    r(6, "lagrum", "LVU", REASONS.enumValue(["LSS", "SoL"])),
    r(7, "stadsdel", null, REASONS.missing),
    r(8, "beviljade_timmar", "5", REASONS.emptyOrZeroWhen("utfall", "avslag")),
    r(9, "beslut_id", "B1", ""), // reason checked separately: it names the file
    r(10, "giltig_tom", "2024-01-31", REASONS.notBefore("giltig_from")),
    r(12, null, null, REASONS.fieldCount(3, 22)),
  ],
  utforda_timmar: [
    r(3, "datum", "2024-02-30", REASONS.dateNotReal),
    r(4, "timmar", "25", REASONS.range(0, 24)),
    r(5, "datum", "3/2/2024", REASONS.dateFormat),
    r(6, "tidstyp", "förmiddag", REASONS.enumValue(["dag", "kvall", "natt", "helg", "storhelg"])),
    r(7, "beslut_id", "B99", REASONS.unknownBeslut),
    r(8, "timmar", "abc", REASONS.number),
    r(9, "beslut_id", "B2", REASONS.unknownBeslut),
    r(10, "timmar", "-1", REASONS.range(0, 24)),
    r(11, "beslut_id", "B1", REASONS.unknownBeslut),
  ],
  avbokningar: [
    r(3, "planerad_start", "2024-02-10 25:00", REASONS.timestampNotReal),
    r(4, "ombokad", "kanske", REASONS.yesNo),
    r(7, null, null, REASONS.fieldCount(10, 9)),
    r(8, null, null, REASONS.unterminatedQuote),
  ],
  omkostnader: [
    r(3, "belopp", "-5", REASONS.range(0, 1_000_000)),
    r(4, "typ", "fika", REASONS.enumValue(["schablon", "sarskild", "manadsbelopp"])),
  ],
};

function withoutDuplicateReason(rows: RejectedRow[]): RejectedRow[] {
  return rows.map((x) => (x.reason.startsWith("dubblett") ? { ...x, reason: "" } : x));
}

describe("rejected rows", () => {
  it("by default: every rejection reported, nothing loaded", async () => {
    const db = await memoryDb();
    const summary = await load(db, [dir]);

    expect(summary.ok).toBe(false);
    expect(summary.loadId).toBeNull();
    expect(summary.error).toMatch(/^24 rader avvisades, så inget laddades/);
    for (const f of summary.files) {
      expect(withoutDuplicateReason(f.rejected), f.table!).toEqual(EXPECTED[f.table!]);
      expect(f.rejectedCount).toBe(EXPECTED[f.table!].length);
      expect(f.loaded).toBe(0);
      expect(f.read).toBe(f.valid + f.rejectedCount);
    }
    const dup = summary.files.find((f) => f.table === "beslut")!.rejected.find((x) => x.line === 9)!;
    expect(dup.reason).toBe(REASONS.duplicateKey("kommun och beslut_id", 2, `${dir}/beslut.csv`));
    expect(summary.files.map((f) => [f.table, f.read, f.valid])).toEqual([
      ["beslut", 11, 2],
      ["utforda_timmar", 11, 2],
      ["avbokningar", 6, 2],
      ["omkostnader", 3, 1],
    ]);
    // Not even the tables were created.
    expect(await dump(db)).toBe("{}");
  });

  it("with allowRejects: the valid rows are loaded and the rejects stored, masked", async () => {
    const db = await memoryDb();
    const summary = await load(db, [dir], { allowRejects: true });

    expect(summary.ok).toBe(true);
    expect(summary.files.map((f) => [f.table, f.loaded])).toEqual([
      ["beslut", 2],
      ["utforda_timmar", 2],
      ["avbokningar", 2],
      ["omkostnader", 1],
    ]);
    expect((await query(db, "SELECT beslut_id FROM beslut ORDER BY ALL")).map((x) => x.beslut_id)).toEqual(["B1", "B10"]);
    const orsak = await query(db, "SELECT orsak, avbokad_av FROM avbokningar ORDER BY orsak");
    expect(orsak).toEqual([
      { orsak: "sjuk", avbokad_av: "brukare" },
      { orsak: "sjuk;\nhela veckan", avbokad_av: "utforare" },
    ]);

    const stored = await query(db, "SELECT load_id, tabell, line, kolumn, value, reason, file FROM avvisad_rad ORDER BY tabell, line");
    expect(stored).toHaveLength(24);
    expect(stored.every((s) => s.load_id === summary.loadId)).toBe(true);
    const byTable = (t: string) =>
      withoutDuplicateReason(
        stored.filter((s) => s.tabell === t).map((s) => r(Number(s.line), s.kolumn as string | null, s.value as string | null, String(s.reason))),
      );
    for (const t of Object.keys(EXPECTED)) expect(byTable(t), t).toEqual(EXPECTED[t]);
    expect(stored.find((s) => s.tabell === "beslut" && s.line === "3")?.file).toBe(`${dir}/beslut.csv`);
  });
});
