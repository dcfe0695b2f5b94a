/** A file that cannot be read as a whole gets one clear message, and nothing of the run loads. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BESLUT, UTFORD, dump, load, memoryDb, tempDir, writeCsv, writeRaw } from "./helpers.ts";

async function failedRun(write: (dir: string) => void) {
  const dir = tempDir();
  writeCsv(dir, "beslut.csv", "beslut", [BESLUT]); // valid on its own
  write(dir);
  const db = await memoryDb();
  const summary = await load(db, [dir]);
  expect(summary.ok).toBe(false);
  expect(summary.loadId).toBeNull();
  expect(summary.error).toBe("Minst en fil kunde inte läsas; inget i körningen laddades.");
  expect(await dump(db)).toBe("{}");
  return summary;
}

describe("whole-file errors", () => {
  it("a missing required column names the file and the columns", async () => {
    const summary = await failedRun((dir) =>
      writeCsv(dir, "utforda_timmar.csv", "utforda_timmar", [UTFORD], { columns: ["kommun", "beslut_id", "datum", "timmar"] }),
    );
    const bad = summary.files.find((f) => f.error)!;
    expect(bad).toMatchObject({ table: "utforda_timmar", read: 0, loaded: 0 });
    expect(bad.error).toBe("Filen ser ut att vara utforda_timmar.csv men saknar kolumnerna: utforare, tidstyp.");
    // The valid beslut file is listed, and not loaded.
    const beslut = summary.files.find((f) => f.table === "beslut")!;
    expect(beslut.loaded).toBe(0);
    expect(beslut.error).toBeUndefined();
  });

  it("a named file that is not CSV", async () => {
    const dir = tempDir();
    writeCsv(dir, "beslut.csv", "beslut", [BESLUT]);
    const xlsx = writeRaw(dir, "leverans.xlsx", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    const text = writeRaw(dir, "anteckning.csv", "Hej,\ndetta är ingen leverans\n");
    const db = await memoryDb();
    const summary = await load(db, [join(dir, "beslut.csv"), xlsx, text]);
    expect(summary.ok).toBe(false);
    expect(summary.files.find((f) => f.file === xlsx)?.error).toMatch(/Excel-arbetsbok/);
    expect(summary.files.find((f) => f.file === text)?.error).toMatch(/inte en CSV-fil enligt datakontraktet/);
    expect(await dump(db)).toBe("{}");
  });

  it("an empty file and a missing file", async () => {
    const dir = tempDir();
    const empty = writeRaw(dir, "utforare.csv", "");
    const db = await memoryDb();
    const summary = await load(db, [empty, join(dir, "finns-inte.csv")]);
    expect(summary.files.map((f) => f.error)).toEqual(["Filen är tom: rubrikrad saknas.", "Filen finns inte eller går inte att läsa."]);
  });

  it("in a folder, files that are not contract files are skipped, not fatal", async () => {
    const dir = tempDir();
    writeCsv(dir, "beslut.csv", "beslut", [BESLUT]);
    writeRaw(dir, "stadsdel_mapping.csv", "kommun;stadsdel;nuvarande_stadsdel\nStockholm;A;B\n");
    writeRaw(dir, "README.md", "not even considered");
    const db = await memoryDb();
    const summary = await load(db, [dir]);
    expect(summary.ok).toBe(true);
    expect(summary.skipped).toEqual([
      { file: join(dir, "stadsdel_mapping.csv"), reason: expect.stringMatching(/Kan inte avgöra vilken fil/) },
    ]);
  });

  it("an empty folder is an error", async () => {
    const summary = await load(await memoryDb(), [tempDir()]);
    expect(summary).toMatchObject({ ok: false, error: "Inga filer enligt datakontraktet att ladda." });
  });
});
