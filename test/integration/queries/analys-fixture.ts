/**
 * A hand-made engine output for the analysis pages (/stadsdelar, /kon, /avslag), small
 * enough to work every figure out by hand. Tables and defaults come from
 * engine-fixture.ts (columns left out are 0 for measures, NULL for dimensions).
 *
 * Kommun Testby, period tertial 1 2026. Ages in 2026: born 1980 → 25-64, 2010 → 0-17,
 * 1950 → 65-.
 *
 * arende_beslut (sökta → beviljade per month):
 *   A: a1 LSS 1980 K bifall 10→10 (jan) · a2 LSS 1980 M bifall 20→20 (feb)
 *      a3 LSS 1980 K delavslag 20→10 (mar) · a4 LSS 1980 K avslag 10→– (apr)
 *      a5 LSS 1980 K avslag 2025-12-20 (outside the period)
 *   B: b1 LSS 1980 M avslag 10 (jan) · b2 SoL 2010 K avslag 6 (feb)
 *      b3 SoL 2010 M bifall 8→8 (jan) · b4 LSS 1980 K bifall 12→12 (mar)
 *   C: c1 SoL 2010 K bifall 4→4 (jan) · c2 LSS 1950 M delavslag 10→5 (feb)
 *   Kommun Annanby: z1 avslag (jan) — a second kommun, never part of Testby's reference.
 *
 * ledger_manad, per case in T1 (beviljade b, utförda u, omkostnad o):
 *   a1 (20, 10, 60: two months of 10/5, schablon 30 each; December 10/10 is outside)
 *   a2 (20, 20, 120) · a3 (10, 0, 400 särskild) · b3 (8, 4, 0) · b4 (12, 6, 36)
 *   c1 (4, 4, 24) · c2 (5, 0, 0) · b1 a row of zeros (no hours: not a person with insats)
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { fillEngineFixture, ROWS } from "./engine-fixture.ts";

type Row = Record<string, string | number | boolean | null>;

const dims = (id: string, stadsdel: string, lagrum: string, fodelsear: number, kon: string, kommun = "Testby") => ({
  arende_id: id,
  kommun,
  stadsdel,
  stadsdel_nu: stadsdel,
  lagrum,
  insats: lagrum === "LSS" ? "ledsagarservice" : "ledsagning",
  kon,
  fodelsear,
});

const A1 = dims("a1", "A", "LSS", 1980, "K");
const A2 = dims("a2", "A", "LSS", 1980, "M");
const A3 = dims("a3", "A", "LSS", 1980, "K");
const A4 = dims("a4", "A", "LSS", 1980, "K");
const A5 = dims("a5", "A", "LSS", 1980, "K");
const B1 = dims("b1", "B", "LSS", 1980, "M");
const B2 = dims("b2", "B", "SoL", 2010, "K");
const B3 = dims("b3", "B", "SoL", 2010, "M");
const B4 = dims("b4", "B", "LSS", 1980, "K");
const C1 = dims("c1", "C", "SoL", 2010, "K");
const C2 = dims("c2", "C", "LSS", 1950, "M");
const Z1 = dims("z1", "Annanby", "LSS", 1980, "K", "Annanby");

const beslut = (d: Row, id: string, datum: string, utfall: string, sokta: number, beviljade: number | null): Row => ({
  ...d,
  beslut_id: id,
  utfall,
  ansokan_datum: datum,
  beslut_datum: datum,
  sokta_per_manad: sokta,
  beviljade_per_manad: beviljade,
  timmar_per: "manad",
});

const manad = (d: Row, m: string, b: number, u: number, extra: Row = {}): Row => {
  const [y, mm] = m.split("-").map(Number);
  return { ...d, manad: `${m}-01`, ar: y, tertial: Math.floor((mm - 1) / 4) + 1, beviljade_h: b, utforda_h: u, ...extra };
};

export const ANALYS_ROWS: Record<string, Row[]> = {
  ...ROWS,
  arende_beslut: [
    beslut(A1, "BA1", "2026-01-10", "bifall", 10, 10),
    beslut(A2, "BA2", "2026-02-01", "bifall", 20, 20),
    beslut(A3, "BA3", "2026-03-05", "delavslag", 20, 10),
    beslut(A4, "BA4", "2026-04-20", "avslag", 10, null),
    beslut(A5, "BA5", "2025-12-20", "avslag", 10, null),
    beslut(B1, "BB1", "2026-01-15", "avslag", 10, null),
    beslut(B2, "BB2", "2026-02-10", "avslag", 6, null),
    beslut(B3, "BB3", "2026-01-20", "bifall", 8, 8),
    beslut(B4, "BB4", "2026-03-01", "bifall", 12, 12),
    beslut(C1, "BC1", "2026-01-05", "bifall", 4, 4),
    beslut(C2, "BC2", "2026-02-15", "delavslag", 10, 5),
    beslut(Z1, "BZ1", "2026-01-12", "avslag", 10, null),
  ],
  ledger_manad: [
    manad(A1, "2025-12", 10, 10),
    manad(A1, "2026-01", 10, 5, { schablon_intjanad_kr: 30 }),
    manad(A1, "2026-02", 10, 5, { schablon_intjanad_kr: 30 }),
    manad(A2, "2026-02", 20, 20, { schablon_intjanad_kr: 120 }),
    manad(A3, "2026-03", 10, 0, { sarskild_kr: 400, antal_sarskilda: 1 }),
    manad(B1, "2026-01", 0, 0),
    manad(B3, "2026-01", 8, 4),
    manad(B4, "2026-03", 12, 6, { schablon_intjanad_kr: 36 }),
    manad(C1, "2026-01", 4, 4, { schablon_intjanad_kr: 24 }),
    manad(C2, "2026-02", 5, 0),
  ],
};

/** Per-case (beviljade, utförda) of Testby in T1, for figures computed by a plain loop in the tests. */
export const TESTBY_UNITS: Record<string, [number, number][]> = {
  A: [
    [20, 10],
    [20, 20],
    [10, 0],
  ],
  B: [
    [8, 4],
    [12, 6],
  ],
  C: [
    [4, 4],
    [5, 0],
  ],
};

export async function analysFixtureInstance(): Promise<DuckDBInstance> {
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    await fillEngineFixture(conn, ANALYS_ROWS);
  } finally {
    conn.closeSync();
  }
  return instance;
}
