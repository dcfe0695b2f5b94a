import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { matchHeader, normaliseName, tableFromFileName } from "../../../etl/load/header.ts";
import { sniffFile, type SniffedFile } from "../../../etl/load/sniff.ts";

const dir = mkdtempSync(join(tmpdir(), "sniff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(content: string | Buffer, name = `f${n++}.csv`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
function sniffed(content: string | Buffer, name?: string): SniffedFile {
  const r = sniffFile(file(content, name));
  if (!r.ok) throw new Error(r.message);
  return r.file;
}

const HEADER = "kommun;beslut_id;utforare;datum;tidstyp;timmar";

describe("sniffFile", () => {
  it("detects the separator from the header", () => {
    expect(sniffed(`${HEADER}\n`).separator).toBe(";");
    expect(sniffed(`${HEADER.replaceAll(";", ",")}\n`).separator).toBe(",");
  });

  it("tells UTF-8 (with or without BOM) from Windows-1252", () => {
    expect(sniffed(`${HEADER}\nStockholm;B1;Vård AB;2024-01-01;kväll;1\n`).encoding).toBe("utf-8");
    expect(sniffed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${HEADER}\n`)])).encoding).toBe("utf-8");
    const latin = Buffer.from(`${HEADER}\nStockholm;B1;V\xe5rd AB;2024-01-01;kv\xe4ll;1\n`, "latin1");
    const s = sniffed(latin);
    expect(s.encoding).toBe("windows-1252");
    expect(s.fastPath).toBe(true); // Latin-1 reads it right
    // 0x80 is € in Windows-1252 but a control character in Latin-1: the slow path decodes it.
    expect(sniffed(Buffer.from(`${HEADER}\nStockholm;B1;V\xe5rd \x80;2024-01-01;dag;1\n`, "latin1")).fastPath).toBe(false);
  });

  it("counts the data lines and keeps beslut (personnummer) off the fast path", () => {
    const s = sniffed(`${HEADER}\r\na;b;c;d;e;f\r\ng;h;i;j;k;l`);
    expect(s.dataLines).toBe(2);
    expect(s.fastPath).toBe(true);
    const beslut = sniffed("kommun;stadsdel;beslut_id;personnummer;lagrum;insats;ansokan_datum;beslut_datum;utfall;beviljade_timmar;timmar_per;giltig_from;personlig_assistans\n");
    expect(beslut.table).toBe("beslut");
    expect(beslut.fastPath).toBe(false);
  });

  it("notes whether values may need trimming", () => {
    expect(sniffed(`${HEADER}\nStockholm;B1;U1;2024-01-01;dag;1\n`).needsTrim).toBe(false);
    // A space inside a value is no reason to trim; an en dash is not a space.
    expect(sniffed(`${HEADER}\nKommun 001;B1;Vård – Omsorg AB;2024-01-01;dag;1\n`).needsTrim).toBe(false);
    expect(sniffed(`${HEADER}\nStockholm;B1;U1;2024-01-01;dag; 1\n`).needsTrim).toBe(true);
    expect(sniffed(`${HEADER}\nStockholm;B1;U1\u2009;2024-01-01;dag;1\n`).needsTrim).toBe(true);
    expect(sniffed(`${HEADER}\nStockholm ;B1;U1;2024-01-01;dag;1\n`).needsTrim).toBe(true);
    expect(sniffed(`${HEADER}\nStockholm\u00a0;B1;U1;2024-01-01;dag;1\n`).needsTrim).toBe(true);
  });

  it("refuses what is not a CSV file, with a Swedish message", () => {
    const cases: [string | Buffer, RegExp][] = [
      ["", /tom/],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), /Excel/],
      [Buffer.from([0xff, 0xfe, 0x6b, 0]), /UTF-16/],
      [Buffer.from([0x6b, 0x3b, 0x00, 0x01, 0x0a]), /binära/],
      ["bara en kolumn\nx\n", /avgränsare/],
      ["a;b;c\n1;2;3\n", /inte en CSV-fil enligt datakontraktet/],
    ];
    for (const [content, message] of cases) {
      const r = sniffFile(file(content));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
    }
  });
});

describe("matchHeader", () => {
  it("matches names case-insensitively, in any order, with å/ä/ö folded", () => {
    const m = matchHeader(["Timmar", "TIDSTYP", "Datum", "Utförare", "Beslut ID", "Kommun", "extra"], "x.csv");
    expect(m.ok && m.table).toBe("utforda_timmar");
    expect(m.ok && m.index.get("utforare")).toBe(3);
    expect(normaliseName(" Beslut-ID ")).toBe("beslut_id");
  });

  it("falls back to the file name and then names the missing columns", () => {
    const m = matchHeader(["kommun", "beslut_id", "utforare", "datum", "timmar"], "/x/utforda_timmar_2024.csv");
    expect(m).toEqual({
      ok: false,
      table: "utforda_timmar",
      message: "Filen ser ut att vara utforda_timmar.csv men saknar kolumnerna: tidstyp.",
    });
    expect(tableFromFileName("/x/Avbokningar mars.CSV")).toBe("avbokningar");
  });

  it("refuses a column given twice", () => {
    const m = matchHeader([...HEADER.split(";"), "datum"], "x.csv");
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.message).toMatch(/datum förekommer flera gånger/);
  });

  it("lets optional columns be left out", () => {
    const m = matchHeader(["kommun", "utforare", "namn", "regi", "godkand_from"], "x.csv");
    expect(m.ok && m.table).toBe("utforare");
  });
});
