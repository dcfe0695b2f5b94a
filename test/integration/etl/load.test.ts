/** A clean delivery of all five files: everything loads, typed and pseudonymised. */
import { describe, expect, it } from "vitest";
import { arendeId } from "../../../etl/pseudonym.ts";
import { AVBOKNING, BESLUT, OMKOSTNAD, UTFORARE, UTFORD, load, memoryDb, pnr, query, tempDir, writeCsv } from "./helpers.ts";

describe("a clean delivery", () => {
  it("loads a folder of all five files, in dependency order, typed", async () => {
    const dir = tempDir();
    // File names sort the fact files before beslut: the loader must still load beslut first.
    writeCsv(dir, "a_utforda.csv", "utforda_timmar", [UTFORD, { ...UTFORD, datum: "2024-02-04", tidstyp: "KVÄLL", timmar: "1.75" }]);
    writeCsv(dir, "b_avbok.csv", "avbokningar", [AVBOKNING]);
    writeCsv(dir, "c_omk.csv", "omkostnader", [OMKOSTNAD, { ...OMKOSTNAD, typ: "Särskild", belopp: "450,50" }]);
    writeCsv(dir, "d_beslut.csv", "beslut", [
      BESLUT,
      { ...BESLUT, beslut_id: "B2", personnummer: pnr("19900101", 124), kon: "", lagrum: "SoL 4 kap. 1 §", insats: "ledsagning", utfall: "avslag", beviljade_timmar: "", giltig_from: "", giltig_tom: "", utforare: "" },
    ]);
    writeCsv(dir, "e_utforare.csv", "utforare", [UTFORARE]);
    const db = await memoryDb();

    const summary = await load(db, [dir]);

    expect(summary.ok).toBe(true);
    expect(summary.error).toBeUndefined();
    expect(summary.files.map((f) => [f.table, f.read, f.loaded, f.rejectedCount])).toEqual([
      ["utforare", 1, 1, 0],
      ["beslut", 2, 2, 0],
      ["utforda_timmar", 2, 2, 0],
      ["avbokningar", 1, 1, 0],
      ["omkostnader", 2, 2, 0],
    ]);

    const timmar = await query(db, "SELECT datum, tidstyp, timmar FROM utforda_timmar ORDER BY datum");
    expect(timmar).toEqual([
      { datum: "2024-02-03", tidstyp: "dag", timmar: 2.5 },
      { datum: "2024-02-04", tidstyp: "kvall", timmar: 1.75 },
    ]);
    const omk = await query(db, "SELECT typ, belopp FROM omkostnader ORDER BY belopp");
    expect(omk).toEqual([{ typ: "schablon", belopp: 6 }, { typ: "sarskild", belopp: 450.5 }]);
    const avb = await query(db, "SELECT planerad_start, ombokad, orsak FROM avbokningar");
    expect(avb).toEqual([{ planerad_start: "2024-02-10 10:00:00", ombokad: false, orsak: "sjuk" }]);
    const utf = await query(db, "SELECT namn, godkand_tom FROM utforare");
    expect(utf).toEqual([{ namn: "Vård & Omsorg AB", godkand_tom: null }]);
  });

  it("stores pseudonym, birth year and kön instead of the personnummer", async () => {
    const dir = tempDir();
    writeCsv(dir, "beslut.csv", "beslut", [
      BESLUT, // man (ninth digit 7), kön left empty
      { ...BESLUT, beslut_id: "B2", personnummer: pnr("19900101", 124), kon: "" }, // woman
      { ...BESLUT, beslut_id: "B3", personnummer: pnr("19900101", 124), kon: "M" }, // given kön wins
    ]);
    const db = await memoryDb();
    expect((await load(db, [dir])).ok).toBe(true);

    const rows = await query(db, "SELECT beslut_id, person_id, arende_id, fodelsear, kon, lagrum FROM beslut ORDER BY beslut_id");
    expect(rows.map((r) => [r.beslut_id, r.fodelsear, r.kon, r.lagrum])).toEqual([
      ["B1", 1981, "M", "LSS"],
      ["B2", 1990, "K", "LSS"],
      ["B3", 1990, "M", "LSS"],
    ]);
    expect(rows[1].person_id).toBe(rows[2].person_id);
    expect(rows[0].person_id).not.toBe(rows[1].person_id);
    expect(String(rows[0].person_id)).toMatch(/^[0-9a-f]{16}$/);
    expect(rows[0].arende_id).toBe(arendeId("Stockholm", String(rows[0].person_id), "ledsagarservice"));
    const columns = await query(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'beslut'");
    expect(columns.map((c) => c.column_name)).not.toContain("personnummer");
  });

  it("records the run in etl_korning", async () => {
    const dir = tempDir();
    writeCsv(dir, "utforare.csv", "utforare", [UTFORARE]);
    const db = await memoryDb();
    const first = await load(db, [dir]);
    const second = await load(db, [dir]);
    expect([first.loadId, second.loadId]).toEqual([1, 2]);
    const runs = await query(db, "SELECT load_id, finished_at IS NOT NULL AS done, allow_rejects, summary_json FROM etl_korning ORDER BY load_id");
    expect(runs.map((r) => [r.load_id, r.done, r.allow_rejects])).toEqual([[1, true, false], [2, true, false]]);
    expect(JSON.parse(String(runs[0].summary_json)).files[0]).toMatchObject({ table: "utforare", read: 1, loaded: 1 });
  });
});
