/**
 * The dialects kommuner deliver: Windows-1252 / Latin-1 and UTF-8 with or without BOM,
 * CRLF or LF, `;` or `,`, decimal comma or point, quoted separators and line breaks,
 * blank lines; headers in any order and case. Values must arrive intact and rejects must
 * name the physical line the record starts on.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLoad } from "../../../etl/load/index.ts";
import { BESLUT, UTFORARE, UTFORD, csvText, encode, load, memoryDb, query, tempDir, writeCsv, writeRaw } from "./helpers.ts";

const SWEDISH = { stadsdel: "Hägersten-Älvsjö", handlaggare: "Åsa Öberg", beslutsniva: "enhetschef – särskild" };

async function loadedBeslut(options: Parameters<typeof writeCsv>[4]) {
  const dir = tempDir();
  writeCsv(dir, "beslut.csv", "beslut", [{ ...BESLUT, ...SWEDISH }], options);
  const db = await memoryDb();
  const summary = await load(db, [dir]);
  expect(summary.error).toBeUndefined();
  return query(db, "SELECT stadsdel, handlaggare, beslutsniva FROM beslut");
}

describe("encodings", () => {
  it("Windows-1252 (Swedish Excel): å, ä, ö and the en dash arrive intact", async () => {
    expect(await loadedBeslut({ encoding: "cp1252", eol: "\r\n" })).toEqual([SWEDISH]);
  });

  it("UTF-8 with BOM and without", async () => {
    expect(await loadedBeslut({ encoding: "utf8", bom: true })).toEqual([SWEDISH]);
    expect(await loadedBeslut({ encoding: "utf8" })).toEqual([SWEDISH]);
  });

  it("a Latin-1 fact file on the fast path, and one with € on the slow path", async () => {
    const dir = tempDir();
    writeCsv(dir, "beslut.csv", "beslut", [BESLUT]);
    writeCsv(dir, "utforare.csv", "utforare", [{ ...UTFORARE, utforare: "Ödeshög Vård", namn: "Ödeshög Vård AB" }], { encoding: "latin1" });
    writeCsv(dir, "utforda_timmar.csv", "utforda_timmar", [{ ...UTFORD, utforare: "Ödeshög Vård", tidstyp: "kväll" }], { encoding: "latin1", eol: "\r\n" });
    writeCsv(dir, "omkostnader.csv", "omkostnader", [{ kommun: "Stockholm", beslut_id: "B1", utforare: "Ödeshög Vård", datum: "2024-02-03", belopp: "120,00", typ: "särskild", aktivitet: "Konsert 120 € – “Vårkväll”" }], { encoding: "cp1252" });
    const db = await memoryDb();
    expect((await load(db, [dir])).ok).toBe(true);
    expect(await query(db, "SELECT utforare, tidstyp FROM utforda_timmar")).toEqual([{ utforare: "Ödeshög Vård", tidstyp: "kvall" }]);
    expect(await query(db, "SELECT aktivitet, typ, belopp FROM omkostnader")).toEqual([
      { aktivitet: "Konsert 120 € – “Vårkväll”", typ: "sarskild", belopp: 120 },
    ]);
    expect(await query(db, "SELECT namn FROM utforare")).toEqual([{ namn: "Ödeshög Vård AB" }]);
  });
});

describe("separators, decimals and headers", () => {
  it("reads `,` with decimal point and `;` with decimal comma alike", async () => {
    const dir = tempDir();
    writeCsv(dir, "beslut.csv", "beslut", [BESLUT]);
    writeCsv(dir, "t1.csv", "utforda_timmar", [{ ...UTFORD, timmar: "1.25" }], { sep: "," });
    // A fact file DuckDB reads itself, with BOM and CRLF.
    writeCsv(dir, "t2.csv", "utforda_timmar", [{ ...UTFORD, datum: "2024-03-01", timmar: "1,25" }], { sep: ";", bom: true, eol: "\r\n" });
    const db = await memoryDb();
    expect((await load(db, [dir])).ok).toBe(true);
    expect(await query(db, "SELECT timmar FROM utforda_timmar")).toEqual([{ timmar: 1.25 }, { timmar: 1.25 }]);
  });

  it("matches header names in any order and case, ignores unknown columns, trims values", async () => {
    const dir = tempDir();
    writeCsv(dir, "beslut.csv", "beslut", [BESLUT]);
    writeRaw(dir, "timmar.csv", "Timmar;Extra;TIDSTYP;Datum;Utförare;Beslut_ID;Kommun\n 2,5 ;x; Dag ;2024-02-03; U1 ;B1;Stockholm \n");
    const db = await memoryDb();
    expect((await load(db, [dir])).ok).toBe(true);
    expect(await query(db, "SELECT kommun, beslut_id, utforare, tidstyp, timmar FROM utforda_timmar")).toEqual([
      { kommun: "Stockholm", beslut_id: "B1", utforare: "U1", tidstyp: "dag", timmar: 2.5 },
    ]);
  });
});

describe("line numbers", () => {
  it("count physical lines: quoted line breaks, blank lines and CRLF", async () => {
    const dir = tempDir();
    writeCsv(dir, "beslut.csv", "beslut", [BESLUT]);
    const body = [
      "kommun;beslut_id;utforare;datum;belopp;typ;aktivitet", // 1
      'Stockholm;B1;U1;2024-02-03;6;schablon;"bio; popcorn"', // 2
      'Stockholm;B1;U1;2024-02-04;6;schablon;"tre', // 3
      "rader", // 4
      'text"""', // 5
      "", // 6
      "Stockholm;B1;U1;2024-02-31;6;schablon;fel datum", // 7
      ";;;;;;", // 8: every field empty, skipped
      "Stockholm;B1;U1;2024-02-05;6;lyx;fel typ", // 9
    ].join("\r\n");
    writeFileSync(join(dir, "omk.csv"), encode(body, "cp1252"));
    const db = await memoryDb();
    const summary = await load(db, [dir], { allowRejects: true });
    const omk = summary.files.find((f) => f.table === "omkostnader")!;
    expect(omk.read).toBe(4);
    expect(omk.rejected.map((x) => [x.line, x.column])).toEqual([
      [7, "datum"],
      [9, "typ"],
    ]);
    expect(await query(db, "SELECT aktivitet FROM omkostnader ORDER BY datum")).toEqual([
      { aktivitet: "bio; popcorn" },
      { aktivitet: 'tre\r\nrader\r\ntext"' },
    ]);
  });

  // Both ways the fast path finds rejects: a second pass over a file it has loaded
  // (value errors), and staging the file afresh after a rollback (an unknown beslut_id).
  // On a database file the load opens itself, as the CLI does (its settings differ).
  for (const unknownBeslut of [false, true]) {
    it(`stay right deep into a large file read by DuckDB in parallel${unknownBeslut ? " (unknown beslut)" : ""}`, async () => {
      const dir = tempDir();
      writeCsv(dir, "beslut.csv", "beslut", [BESLUT]);
      const rows = 300_000;
      const bad = new Set([5, 150_001, 299_998]); // data row indexes (line = index + 2)
      const lines = ["kommun;beslut_id;utforare;datum;tidstyp;timmar"];
      for (let i = 0; i < rows; i++) {
        const hours = bad.has(i) && !(unknownBeslut && i === 150_001) ? "99" : "1,5";
        const beslut = unknownBeslut && i === 150_001 ? "B404" : "B1";
        lines.push(`Stockholm;${beslut};U1;2024-02-${String((i % 28) + 1).padStart(2, "0")};dag;${hours}`);
      }
      writeRaw(dir, "utforda_timmar.csv", lines.join("\n") + "\n");
      const summary = await runLoad({ paths: [dir], dbPath: join(tempDir(), "db.duckdb"), allowRejects: true });
      const f = summary.files.find((x) => x.table === "utforda_timmar")!;
      expect([f.read, f.loaded]).toEqual([rows, rows - 3]);
      expect(f.rejected.map((x) => [x.line, x.column])).toEqual([
        [7, "timmar"],
        [150_003, unknownBeslut ? "beslut_id" : "timmar"],
        [300_000, "timmar"],
      ]);
    });
  }

  it("a file of only a header loads nothing and rejects nothing", async () => {
    const dir = tempDir();
    writeRaw(dir, "utforare.csv", csvText("utforare", []));
    const db = await memoryDb();
    const summary = await load(db, [dir]);
    expect(summary.ok).toBe(true);
    expect(summary.files[0]).toMatchObject({ read: 0, loaded: 0, rejectedCount: 0 });
  });
});
