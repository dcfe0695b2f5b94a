/**
 * A hand-made set of engine output rows (the tables of queries/schema.ts),
 * small enough to compute every figure by hand. Columns left out of a row are 0
 * (measures) or NULL (dimensions), as the engine would write them.
 *
 * Kommun Testby; stadsdelar Norr (formerly also "Gamla Norr") and Söder.
 * ledger_manad, tertial 1 2026 (jan–apr):
 *   a1  K 1980 LSS ledsagarservice Norr  U1 enskild
 *       jan bev 10 utf 6 (dag 4, kväll 2) förbr 7 sen 1 gap_sen 1 aldrig 3 kostnad 2961 schablon 36 tillfällen 3
 *       feb bev 10 utf 8 förbr 8 aldrig 2 kostnad 3384 schablon 48 avbokad_ledsagare 2 (1 avbokning)
 *       mar bev 10 utf 5 förbr 5 förverkade 10 (gap_ledsagare 2, gap_förverkade 8, aldrig −5)
 *   a2  M 2010 SoL ledsagning Söder  U2 kommunal
 *       jan bev 20 utf 5 förbr 5 aldrig 15 avbokad_brukare 3 (1 avbokning); feb: a row of zeros
 *   a3  K 1950 LSS ledsagarservice stadsdel "Gamla Norr" (today Norr)  U2 kommunal
 *       dec 2025 bev 4 utf 4 (outside T1); apr bev 4 utf 2 förbr 2 aldrig 2
 * arende_beslut: B1 a1 2025-12-15 bifall 10/10 U1 (outside T1); B2 a2 2026-01-10 delavslag 30→20 U2;
 *   B3 a4 K 1990 SoL Söder 2026-02-01 avslag 8→–; B4 a3 2026-03-20 bifall 4/4 U2;
 *   B5 a5 M 1985 LSS Norr 2026-04-30 bifall 12/12 U1.
 * arende_flagga: a1 R13 2026-02-10 (B1); a1 R6 2026-03-01; a2 R13 2026-01-20 (B2); a3 R1 2026-03-25 (B4);
 *   a2 R16 2025-11-01 (outside T1).
 * ledger_period: a1 2026-01..03 closed, förverkade 10; a2 2026-01..03 closed, 0; a3 2026-04..06 open.
 * Omkostnader: a1 feb one särskild ansökan 500 kr (arende_handelse: judged R9), schablon as above.
 * utforare_flagga: U9 of Testby without an assignment for twelve months (R17).
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { MANAD_MEASURES } from "../../../queries/schema.ts";

type Row = Record<string, string | number | boolean | null>;

const INTEGER_MEASURES = new Set(["tillfallen", "antal_avbokningar_brukare", "antal_avbokningar_ledsagare", "antal_sarskilda"]);

const TABLES: Record<string, Record<string, string>> = {
  ledger_manad: {
    arende_id: "VARCHAR",
    kommun: "VARCHAR",
    stadsdel: "VARCHAR",
    stadsdel_nu: "VARCHAR",
    lagrum: "VARCHAR",
    insats: "VARCHAR",
    kon: "VARCHAR",
    fodelsear: "INTEGER",
    utforare: "VARCHAR",
    regi: "VARCHAR",
    beslut_id: "VARCHAR",
    manad: "DATE",
    ar: "INTEGER",
    tertial: "INTEGER",
    period_start: "DATE",
    period_slut: "DATE",
    ...Object.fromEntries(MANAD_MEASURES.map((m) => [m, INTEGER_MEASURES.has(m) ? "INTEGER" : "DOUBLE"])),
  },
  arende_beslut: {
    arende_id: "VARCHAR",
    kommun: "VARCHAR",
    stadsdel: "VARCHAR",
    stadsdel_nu: "VARCHAR",
    beslut_id: "VARCHAR",
    lagrum: "VARCHAR",
    insats: "VARCHAR",
    kon: "VARCHAR",
    fodelsear: "INTEGER",
    utfall: "VARCHAR",
    ansokan_datum: "DATE",
    beslut_datum: "DATE",
    giltig_from: "DATE",
    giltig_tom: "DATE",
    sokta_timmar: "DOUBLE",
    beviljade_timmar: "DOUBLE",
    timmar_per: "VARCHAR",
    sokta_per_manad: "DOUBLE",
    beviljade_per_manad: "DOUBLE",
    beslutsniva: "VARCHAR",
    utforare: "VARCHAR",
    personlig_assistans: "BOOLEAN",
    orsak: "VARCHAR",
  },
  arende_flagga: {
    arende_id: "VARCHAR",
    kommun: "VARCHAR",
    stadsdel: "VARCHAR",
    stadsdel_nu: "VARCHAR",
    lagrum: "VARCHAR",
    insats: "VARCHAR",
    kon: "VARCHAR",
    fodelsear: "INTEGER",
    regel: "VARCHAR",
    kalla: "VARCHAR",
    datum: "DATE",
    beslut_id: "VARCHAR",
    niva: "VARCHAR",
    orsak: "VARCHAR",
  },
  arende_handelse: {
    arende_id: "VARCHAR",
    kommun: "VARCHAR",
    seq: "INTEGER",
    typ: "VARCHAR",
    klass: "VARCHAR",
    datum: "DATE",
    tid: "TIMESTAMP",
    manad: "DATE",
    timmar: "DOUBLE",
    belopp: "DOUBLE",
    forbrukad: "BOOLEAN",
    utforare: "VARCHAR",
    regel: "VARCHAR",
    kalla: "VARCHAR",
    orsak: "VARCHAR",
  },
  utforare_flagga: {
    kommun: "VARCHAR",
    utforare: "VARCHAR",
    namn: "VARCHAR",
    regi: "VARCHAR",
    regel: "VARCHAR",
    kalla: "VARCHAR",
    datum: "DATE",
    fonster_fran: "DATE",
    fonster_till: "DATE",
    orsak: "VARCHAR",
  },
  ledger_period: {
    arende_id: "VARCHAR",
    kommun: "VARCHAR",
    stadsdel_nu: "VARCHAR",
    period_start: "DATE",
    period_slut: "DATE",
    forverkas_datum: "DATE",
    period_manader: "INTEGER",
    stangd: "BOOLEAN",
    utan_beslut: "BOOLEAN",
    beviljade_h: "DOUBLE",
    utforda_h: "DOUBLE",
    forbrukade_h: "DOUBLE",
    forverkade_h: "DOUBLE",
    overforbrukade_h: "DOUBLE",
    manadsbelopp_ram_kr: "DOUBLE",
    manadsbelopp_kr: "DOUBLE",
    manadsbelopp_ersatt_kr: "DOUBLE",
    regel: "VARCHAR",
    kalla: "VARCHAR",
    orsak: "VARCHAR",
  },
};

const A1 = {
  arende_id: "a1",
  kommun: "Testby",
  stadsdel: "Norr",
  stadsdel_nu: "Norr",
  lagrum: "LSS",
  insats: "ledsagarservice",
  kon: "K",
  fodelsear: 1980,
};
const A2 = {
  arende_id: "a2",
  kommun: "Testby",
  stadsdel: "Söder",
  stadsdel_nu: "Söder",
  lagrum: "SoL",
  insats: "ledsagning",
  kon: "M",
  fodelsear: 2010,
};
const A3 = {
  arende_id: "a3",
  kommun: "Testby",
  stadsdel: "Gamla Norr",
  stadsdel_nu: "Norr",
  lagrum: "LSS",
  insats: "ledsagarservice",
  kon: "K",
  fodelsear: 1950,
};
const A4 = {
  arende_id: "a4",
  kommun: "Testby",
  stadsdel: "Söder",
  stadsdel_nu: "Söder",
  lagrum: "SoL",
  insats: "ledsagning",
  kon: "K",
  fodelsear: 1990,
};
const A5 = {
  arende_id: "a5",
  kommun: "Testby",
  stadsdel: "Norr",
  stadsdel_nu: "Norr",
  lagrum: "LSS",
  insats: "ledsagarservice",
  kon: "M",
  fodelsear: 1985,
};

const month = (m: string) => {
  const [y, mm] = m.split("-").map(Number);
  return { manad: `${m}-01`, ar: y, tertial: Math.floor((mm - 1) / 4) + 1 };
};

export const ROWS: Record<string, Row[]> = {
  ledger_manad: [
    {
      ...A1,
      utforare: "U1",
      regi: "enskild",
      beslut_id: "B1",
      ...month("2026-01"),
      period_start: "2026-01-01",
      period_slut: "2026-03-01",
      beviljade_h: 10,
      utforda_h: 6,
      utforda_dag_h: 4,
      utforda_kvall_h: 2,
      forbrukade_h: 7,
      sen_avbokning_h: 1,
      gap_sen_avbokning_h: 1,
      gap_aldrig_bokade_h: 3,
      kostnad_kr: 2961,
      schablon_intjanad_kr: 36,
      tillfallen: 3,
      debiterade_h: 7,
    },
    {
      ...A1,
      utforare: "U1",
      regi: "enskild",
      beslut_id: "B1",
      ...month("2026-02"),
      period_start: "2026-01-01",
      period_slut: "2026-03-01",
      beviljade_h: 10,
      utforda_h: 8,
      utforda_dag_h: 8,
      forbrukade_h: 8,
      gap_aldrig_bokade_h: 2,
      kostnad_kr: 3384,
      schablon_intjanad_kr: 48,
      avbokad_ledsagare_h: 2,
      antal_avbokningar_ledsagare: 1,
      tillfallen: 4,
      debiterade_h: 8,
      sarskild_kr: 500,
      antal_sarskilda: 1,
    },
    {
      ...A1,
      utforare: "U1",
      regi: "enskild",
      beslut_id: "B1",
      ...month("2026-03"),
      period_start: "2026-01-01",
      period_slut: "2026-03-01",
      beviljade_h: 10,
      utforda_h: 5,
      utforda_dag_h: 5,
      forbrukade_h: 5,
      forverkade_h: 10,
      gap_ledsagare_avbokning_h: 2,
      gap_forverkade_h: 8,
      gap_aldrig_bokade_h: -5,
      tillfallen: 2,
      debiterade_h: 5,
    },
    {
      ...A2,
      utforare: "U2",
      regi: "kommunal",
      beslut_id: "B2",
      ...month("2026-01"),
      period_start: "2026-01-01",
      period_slut: "2026-03-01",
      beviljade_h: 20,
      utforda_h: 5,
      utforda_helg_h: 5,
      forbrukade_h: 5,
      gap_aldrig_bokade_h: 15,
      avbokad_brukare_h: 3,
      antal_avbokningar_brukare: 1,
      tillfallen: 2,
      debiterade_h: 5,
    },
    {
      ...A2,
      utforare: "U2",
      regi: "kommunal",
      beslut_id: "B2",
      ...month("2026-02"),
      period_start: "2026-01-01",
      period_slut: "2026-03-01",
    },
    {
      ...A3,
      utforare: "U2",
      regi: "kommunal",
      beslut_id: "B0",
      ...month("2025-12"),
      period_start: "2025-10-01",
      period_slut: "2025-12-01",
      beviljade_h: 4,
      utforda_h: 4,
      utforda_dag_h: 4,
      forbrukade_h: 4,
      tillfallen: 2,
    },
    {
      ...A3,
      utforare: "U2",
      regi: "kommunal",
      beslut_id: "B4",
      ...month("2026-04"),
      period_start: "2026-04-01",
      period_slut: "2026-06-01",
      beviljade_h: 4,
      utforda_h: 2,
      utforda_dag_h: 2,
      forbrukade_h: 2,
      gap_aldrig_bokade_h: 2,
      tillfallen: 1,
    },
  ],
  arende_beslut: [
    {
      ...A1,
      beslut_id: "B1",
      utfall: "bifall",
      ansokan_datum: "2025-12-01",
      beslut_datum: "2025-12-15",
      sokta_per_manad: 10,
      beviljade_per_manad: 10,
      utforare: "U1",
    },
    {
      ...A2,
      beslut_id: "B2",
      utfall: "delavslag",
      ansokan_datum: "2025-12-20",
      beslut_datum: "2026-01-10",
      sokta_per_manad: 30,
      beviljade_per_manad: 20,
      utforare: "U2",
    },
    {
      ...A4,
      beslut_id: "B3",
      utfall: "avslag",
      ansokan_datum: "2026-01-15",
      beslut_datum: "2026-02-01",
      sokta_per_manad: 8,
      beviljade_per_manad: null,
      utforare: null,
    },
    {
      ...A3,
      beslut_id: "B4",
      utfall: "bifall",
      ansokan_datum: "2026-03-01",
      beslut_datum: "2026-03-20",
      sokta_per_manad: 4,
      beviljade_per_manad: 4,
      utforare: "U2",
    },
    {
      ...A5,
      beslut_id: "B5",
      utfall: "bifall",
      ansokan_datum: "2026-04-01",
      beslut_datum: "2026-04-30",
      sokta_per_manad: 12,
      beviljade_per_manad: 12,
      utforare: "U1",
    },
  ],
  arende_flagga: [
    { ...A1, regel: "R13", kalla: "004", datum: "2026-02-10", beslut_id: "B1", niva: "brist", orsak: "sen genomförandeplan" },
    { ...A1, regel: "R6", kalla: "000", datum: "2026-03-01", beslut_id: null, niva: "indikation", orsak: "tre avbokningar" },
    { ...A2, regel: "R13", kalla: "004", datum: "2026-01-20", beslut_id: "B2", niva: "brist", orsak: "sen genomförandeplan" },
    { ...A3, regel: "R1", kalla: "001", datum: "2026-03-25", beslut_id: "B4", niva: "brist", orsak: "saknar slutdatum" },
    { ...A2, regel: "R16", kalla: "004", datum: "2025-11-01", beslut_id: "B2", niva: "indikation", orsak: "sen start" },
  ],
  arende_handelse: [
    {
      arende_id: "a1",
      kommun: "Testby",
      seq: 0,
      typ: "omkostnad",
      klass: "sarskild",
      datum: "2026-02-14",
      tid: null,
      manad: "2026-02-01",
      timmar: null,
      belopp: 500,
      forbrukad: null,
      utforare: "U1",
      regel: "R9",
      kalla: "004",
      orsak: "Särskild omkostnad 500 kr, över 300 kr (R9).",
    },
  ],
  utforare_flagga: [
    {
      kommun: "Testby",
      utforare: "U9",
      namn: "Vilan AB",
      regi: "enskild",
      regel: "R17",
      kalla: "003",
      datum: "2026-04-30",
      fonster_fran: "2025-05-01",
      fonster_till: "2026-04-30",
      orsak: "Vilan AB (U9) har inte haft något uppdrag på tolv månader (R17).",
    },
  ],
  ledger_period: [
    {
      arende_id: "a1",
      kommun: "Testby",
      stadsdel_nu: "Norr",
      period_start: "2026-01-01",
      period_slut: "2026-03-01",
      stangd: true,
      utan_beslut: false,
      beviljade_h: 30,
      utforda_h: 19,
      forbrukade_h: 20,
      forverkade_h: 10,
    },
    {
      arende_id: "a2",
      kommun: "Testby",
      stadsdel_nu: "Söder",
      period_start: "2026-01-01",
      period_slut: "2026-03-01",
      stangd: true,
      utan_beslut: false,
      beviljade_h: 20,
      utforda_h: 5,
      forbrukade_h: 5,
      forverkade_h: 0,
    },
    {
      arende_id: "a3",
      kommun: "Testby",
      stadsdel_nu: "Norr",
      period_start: "2026-04-01",
      period_slut: "2026-06-01",
      stangd: false,
      utan_beslut: false,
      beviljade_h: 4,
      utforda_h: 2,
      forbrukade_h: 2,
      forverkade_h: 0,
    },
  ],
};

const sqlValue = (v: string | number | boolean | null | undefined, type: string): string => {
  // A column left out is 0 for a figure (as the engine writes it); an explicit null stays NULL.
  if (v === undefined) return type === "DOUBLE" || type === "INTEGER" ? "0" : "NULL";
  if (v === null) return "NULL";
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return `'${v.replace(/'/g, "''")}'`;
};

/** Creates the engine output tables and inserts the rows above (or `rows`). */
export async function fillEngineFixture(conn: DuckDBConnection, rows: Record<string, Row[]> = ROWS): Promise<void> {
  for (const [table, cols] of Object.entries(TABLES)) {
    const names = Object.keys(cols);
    await conn.run(`CREATE OR REPLACE TABLE ${table} (${names.map((c) => `${c} ${cols[c]}`).join(", ")})`);
    for (const r of rows[table] ?? []) {
      await conn.run(`INSERT INTO ${table} VALUES (${names.map((c) => sqlValue(r[c], cols[c])).join(", ")})`);
    }
  }
}

/** An in-memory database holding the fixture. */
export async function engineFixtureInstance(): Promise<DuckDBInstance> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    await fillEngineFixture(conn);
  } finally {
    conn.closeSync();
  }
  return instance;
}
