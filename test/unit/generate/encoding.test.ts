/** The Swedish Excel dialect byte for byte: Windows-1252, `;`, decimal comma, CRLF, quoting. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLUMNS } from "../../../etl/contract.ts";
import { DIALECTS, encodeText } from "../../../etl/generate/dialect.ts";
import { TableWriter } from "../../../etl/generate/writer.ts";
import { generateTmp, type Generated } from "./helpers.ts";

describe("encodeText", () => {
  it("maps å ä ö Å Ä Ö é § to their cp1252 bytes, and € to 0x80", () => {
    expect([...encodeText("åäöÅÄÖé§€", DIALECTS.excel)]).toEqual([
      0xe5, 0xe4, 0xf6, 0xc5, 0xc4, 0xd6, 0xe9, 0xa7, 0x80,
    ]);
    expect([...encodeText("→", DIALECTS.excel)]).toEqual([0x3f]); // not in cp1252
  });

  it("writes UTF-8 like Node does, surrogate pairs included", () => {
    for (const s of ["Södermalm", "§ 9", "€", "ledsagning 🙂"]) {
      expect(encodeText(s, DIALECTS.utf8).equals(Buffer.from(s, "utf8"))).toBe(true);
    }
  });
});

describe("TableWriter", () => {
  it("quotes a field holding the separator or a quote, and doubles the quote", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ledsagning-writer-"));
    try {
      const path = join(dir, "omkostnader.csv");
      const w = new TableWriter("omkostnader", path, DIALECTS.utf8);
      w.write({ kommun: "Värmdö", beslut_id: "1", utforare: "U01", datum: "2025-01-02", belopp: 12.5, typ: "sarskild", aktivitet: 'Bio, "fika"' });
      await w.close();
      const lines = readFileSync(path, "utf8").split("\n");
      expect(lines[0]).toBe(COLUMNS.omkostnader.join(","));
      expect(lines[1]).toBe('Värmdö,1,U01,2025-01-02,12.5,sarskild,"Bio, ""fika"""');
      expect(w.rows).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("generated files in the Excel dialect", () => {
  let g: Generated;
  beforeAll(async () => {
    g = await generateTmp({ seed: 3, scale: 0.1, years: 2 });
  });
  afterAll(() => g.cleanup());

  it("start with the contract's header, separated by ';' and ended by CRLF", () => {
    for (const table of Object.keys(COLUMNS) as (keyof typeof COLUMNS)[]) {
      const bytes = readFileSync(g.result.files[table]);
      const firstLine = bytes.subarray(0, bytes.indexOf(0x0a) + 1).toString("latin1");
      expect(firstLine).toBe(COLUMNS[table].join(";") + "\r\n");
    }
  });

  it("use CRLF on every line", () => {
    const text = readFileSync(g.result.files.utforda_timmar, "latin1");
    const lf = (text.match(/\n/g) ?? []).length;
    const crlf = (text.match(/\r\n/g) ?? []).length;
    expect(lf).toBeGreaterThan(100);
    expect(crlf).toBe(lf);
  });

  it("hold å, ä, ö, Å and é as single cp1252 bytes, never as UTF-8", () => {
    const beslut = readFileSync(g.result.files.beslut);
    const utforare = readFileSync(g.result.files.utforare);
    const has = (buf: Buffer, byte: number) => buf.includes(Buffer.from([byte]));
    expect(has(beslut, 0xe4)).toBe(true); // ä (handläggare)
    expect(has(beslut, 0xf6)).toBe(true); // ö (Södermalm)
    expect(has(beslut, 0xc5)).toBe(true); // Å (Enskede-Årsta-Vantör)
    expect(has(utforare, 0xe5)).toBe(true); // å (Trädgårdsstadens Stöd AB)
    expect(has(utforare, 0xe9)).toBe(true); // é (Idéledsagning Norden AB)
    for (const buf of [beslut, utforare]) expect(has(buf, 0xc3)).toBe(false); // UTF-8's lead byte for å/ä/ö/é
    const text = beslut.toString("latin1");
    expect(text).toContain(";Södermalm;");
    expect(text).toContain(";Enskede-Årsta-Vantör;");
    expect(text).toContain(";handläggare;");
  });

  it("write hours with a decimal comma", () => {
    const text = readFileSync(g.result.files.utforda_timmar, "latin1");
    expect(text).toMatch(/;\d+,5\r\n/);
    expect(text).not.toMatch(/;\d+\.\d+\r\n/);
  });
});
