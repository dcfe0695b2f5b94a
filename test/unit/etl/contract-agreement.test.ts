/**
 * The contract is derived three times from SPEC/ROW_RULES: zod (raw-schema.ts), SQL
 * reasons (stagingSelect) and SQL predicates (validRowsSelect, the fast path's filter).
 * On a corpus of good and bad values all three must give the same verdict, the same
 * column and reason, and the same stored value.
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLUMNS, REASONS, columnSpecs, type ColumnKind, type TableName } from "../../../etl/contract.ts";
import { rawRowSchema, validateRawRow, type RawValue } from "../../../etl/load/raw-schema.ts";
import { PNR_COLUMNS, stagingSelect, validRowsSelect, type StagingSource } from "../../../etl/load/sql-checks.ts";
import { lit } from "../../../etl/load/sql.ts";

const BASE: Record<TableName, Record<string, string>> = {
  beslut: {
    kommun: "Stockholm", stadsdel: "Södermalm", beslut_id: "B1", personnummer: "19811218-9876", kon: "",
    lagrum: "LSS", insats: "ledsagning", ansokan_datum: "2024-01-02", beslut_datum: "2024-01-10",
    utfall: "bifall", sokta_timmar: "20", beviljade_timmar: "20", timmar_per: "manad",
    giltig_from: "2024-02-01", giltig_tom: "2025-01-31", handlaggare: "H", beslutsniva: "",
    personlig_assistans: "nej", utforare: "U1", bestallning_datum: "", genomforandeplan_datum: "",
    senaste_uppfoljning: "",
  },
  utforda_timmar: { kommun: "Stockholm", beslut_id: "B1", utforare: "U1", datum: "2024-02-03", tidstyp: "dag", timmar: "2,5" },
  avbokningar: {
    kommun: "Stockholm", beslut_id: "B1", utforare: "U1", planerad_start: "2024-02-03 10:00",
    avbokad_tid: "2024-02-02 13:00", avbokad_av: "brukare", timmar: "2", ombokad: "nej", orsak: "",
  },
  omkostnader: { kommun: "Stockholm", beslut_id: "B1", utforare: "U1", datum: "2024-02-03", belopp: "6", typ: "schablon", aktivitet: "" },
  utforare: { kommun: "Stockholm", utforare: "U1", namn: "Omsorg AB", regi: "enskild", godkand_from: "2020-01-01", godkand_tom: "" },
};

const CORPUS: Record<Exclude<ColumnKind, "personnummer">, RawValue[]> = {
  text: ["", "   ", "x", "  x  ", "\u00a0x\u00a0", "\tx", "O'Brien", "Södermalm", null],
  enum: [
    "dag", "DAG", " kväll ", "KVÄLL", "kvall", "storhelg", "LSS", "lss 9 § 3", "SoL 4 kap. 1 §", "sol",
    "K", "m", "kvinna", "Man", "avlösarservice", "månad", "särskild", "utförare", "foo", "", "bifall",
    "delavslag", "avslag", "kommunal", "enskild", "brukare", "schablon", "vecka",
  ],
  bool: ["ja", "NEJ", " Ja ", "j", "yes", "", "true"],
  date: [
    "2024-02-29", "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-01-00", "2024-1-5",
    "2024/01/05", "0024-01-01", "1899-12-31", "1900-01-01", "2099-12-31", "2100-01-01", "20240105",
    " 2024-01-05 ", "x", "-024-01-05", "2024-01-05T00:00", "2024-04-31", "2024-12-31", "",
  ],
  timestamp: [
    "2024-03-01 10:00", "2024-03-01 24:00", "2024-03-01 23:59", "2024-03-01 10:60", "2024-02-30 10:00",
    "2024-03-01 9:00", "2024-03-01T10:00", "2024-03-01 10:00:00", "2024-03-01", "1899-03-01 10:00",
    "2024-02-29 00:00", "",
  ],
  number: [
    "0", "24", "24,0", "24.01", "25", "-1", "-0", "1,5", "1.5", "1,", ".5", "1e3", "nan", "inf",
    "1 5", "007", "+3", "99999999999999999999999", "1,5,5", "2,25", "743", "744", "745", "", " 3 ",
  ],
};

/** Cross-column cases: [table, overrides of the base row]. */
const ROW_CASES: [TableName, Record<string, string>][] = [
  ["beslut", { utfall: "avslag", beviljade_timmar: "", giltig_from: "", giltig_tom: "" }],
  ["beslut", { utfall: "avslag", beviljade_timmar: "0", giltig_from: "" }],
  ["beslut", { utfall: "avslag", beviljade_timmar: "5" }],
  ["beslut", { utfall: "bifall", beviljade_timmar: "" }],
  ["beslut", { utfall: "delavslag", giltig_from: "" }],
  ["beslut", { beviljade_timmar: "30", sokta_timmar: "20" }],
  ["beslut", { beviljade_timmar: "30", sokta_timmar: "" }],
  ["beslut", { beviljade_timmar: "20,5", sokta_timmar: "20.5" }],
  ["beslut", { giltig_tom: "2024-01-31" }],
  ["beslut", { giltig_tom: "2024-02-01" }],
  ["beslut", { utfall: "nej", beviljade_timmar: "" }],
  ["utforare", { godkand_tom: "2019-12-31" }],
  ["utforare", { godkand_tom: "2020-01-01" }],
];

type Case = { table: TableName; raw: Record<string, RawValue> };

function cases(): Case[] {
  const out: Case[] = [];
  for (const table of Object.keys(BASE) as TableName[]) {
    for (const [column, spec] of columnSpecs(table)) {
      if (spec.kind === "personnummer") continue;
      for (const value of CORPUS[spec.kind]) out.push({ table, raw: { ...BASE[table], [column]: value } });
    }
  }
  for (const [table, overrides] of ROW_CASES) out.push({ table, raw: { ...BASE[table], ...overrides } });
  return out;
}

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await (await DuckDBInstance.create(":memory:")).connect();
});
afterAll(() => conn.closeSync());

/** A VALUES source with one row per case; beslut carries a fixed valid pseudonym. */
function source(table: TableName, rows: Record<string, RawValue>[]): StagingSource {
  const cols = (COLUMNS[table] as readonly string[]).filter((c) => c !== "personnummer");
  const pnr = table === "beslut" ? ["'p1'", "1981", "'M'", "NULL::VARCHAR", "NULL::VARCHAR"] : [];
  const values = rows.map(
    (r, i) => `(${[String(i + 2), ...cols.map((c) => (r[c] == null ? "NULL::VARCHAR" : lit(r[c] as string))), ...pnr].join(", ")})`,
  );
  const names = ["_id", ...cols.map((c) => `c_${c}`), ...(table === "beslut" ? PNR_COLUMNS : [])];
  return {
    from: `(VALUES ${values.join(", ")}) AS src(${names.join(", ")})`,
    raw: (c) => `c_${c}`,
    line: "_id",
    pseudonymised: table === "beslut",
  };
}

function normalise(value: unknown): unknown {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:00$/.test(value)) return value.slice(0, 16);
  return value;
}

describe("zod, SQL reasons and SQL predicates agree", () => {
  for (const table of Object.keys(BASE) as TableName[]) {
    it(`on ${table}`, async () => {
      const mine = cases().filter((c) => c.table === table);
      const src = source(table, mine.map((c) => c.raw));
      const staged = (await conn.runAndReadAll(`SELECT * FROM (${stagingSelect(table, src)}) ORDER BY _line`)).getRowObjectsJson();
      expect(staged).toHaveLength(mine.length);

      const validRows = (await conn.runAndReadAll(`SELECT count(*) AS n FROM (${validRowsSelect(table, src)})`)).getRows();
      const expectedValid = mine.filter((c) => validateRawRow(table, c.raw).ok).length;
      expect(Number(validRows[0][0])).toBe(expectedValid);

      let rejects = 0;
      mine.forEach((c, i) => {
        const zod = validateRawRow(table, c.raw);
        const sql = staged[i];
        const where = `${table} ${JSON.stringify(c.raw)}`;
        if (zod.ok) {
          expect(sql._reason, where).toBeNull();
          for (const [column, value] of Object.entries(zod.row)) {
            if (column === "personnummer") continue;
            if (column === "kon") continue; // derived from the personnummer at insert
            expect(normalise(sql[column]), `${where} ${column}`).toEqual(value);
          }
        } else {
          rejects++;
          expect({ column: sql._col, value: sql._val, reason: sql._reason }, where).toEqual({
            column: zod.column,
            value: zod.value,
            reason: zod.reason,
          });
        }
      });
      // The corpus exercises both outcomes on every table.
      expect(rejects).toBeGreaterThan(0);
      expect(expectedValid).toBeGreaterThan(0);
    });
  }

  it("each valid row passes the fast path's predicate on its own", async () => {
    // The count above could hide one wrong row offset by another; check row by row on a sample.
    const sample = cases().filter((c) => c.table === "utforda_timmar");
    for (const c of sample) {
      const rows = await conn.runAndReadAll(`SELECT count(*) FROM (${validRowsSelect("utforda_timmar", source("utforda_timmar", [c.raw]))})`);
      expect(Number(rows.getRows()[0][0]), JSON.stringify(c.raw)).toBe(validateRawRow("utforda_timmar", c.raw).ok ? 1 : 0);
    }
  });
});

describe("the zod row schema", () => {
  it("parses a valid row to stored values", () => {
    const parsed = rawRowSchema("utforda_timmar").parse({ ...BASE.utforda_timmar, tidstyp: "KVÄLL" });
    expect(parsed).toEqual({ kommun: "Stockholm", beslut_id: "B1", utforare: "U1", datum: "2024-02-03", tidstyp: "kvall", timmar: 2.5 });
  });

  it("reports the Swedish reason on the failing column", () => {
    const r = rawRowSchema("utforda_timmar").safeParse({ ...BASE.utforda_timmar, timmar: "25" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe(REASONS.range(0, 24));
    expect(r.error?.issues[0].path).toEqual(["timmar"]);
  });

  it("masks a bad personnummer in the reported value", () => {
    const r = validateRawRow("beslut", { ...BASE.beslut, personnummer: "19811218-9877" });
    expect(r).toEqual({ ok: false, column: "personnummer", value: "19811218-****", reason: REASONS.pnrCheckDigit });
  });
});
