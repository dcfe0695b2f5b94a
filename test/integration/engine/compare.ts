/**
 * The property both integration tests check: for a selection of cases, the pure engine's
 * ledgers — run on input built straight from the rows, not by the store — sum to what an
 * aggregate SQL over the stored output gives, column by column.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { expect } from "vitest";
import type { Regi } from "../../../etl/contract.ts";
import { parseDay } from "../../../etl/engine/dates.ts";
import { deriveCase } from "../../../etl/engine/engine.ts";
import type { RegelverkSet } from "../../../etl/engine/regelverk.ts";
import { regelverkFor } from "../../../etl/engine/regelverk.ts";
import type { CaseInput, CaseResult, ManadLedger, PeriodLedger, UtforareManadLedger } from "../../../etl/engine/types.ts";
import type { RawCase } from "../../unit/engine/random-cases.ts";
import { toCaseInput } from "../../unit/engine/random-cases.ts";

export const MANAD: Record<string, (m: ManadLedger) => number> = {
  giltiga_dagar: (m) => m.giltigaDagar,
  beviljade_h: (m) => m.beviljade,
  utforda_h: (m) => m.utforda,
  utforda_dag_h: (m) => m.utfordaTidstyp[0],
  utforda_kvall_h: (m) => m.utfordaTidstyp[1],
  utforda_natt_h: (m) => m.utfordaTidstyp[2],
  utforda_helg_h: (m) => m.utfordaTidstyp[3],
  utforda_storhelg_h: (m) => m.utfordaTidstyp[4],
  utforda_utan_beslut_h: (m) => m.utfordaUtanBeslut,
  tillfallen: (m) => m.tillfallen,
  sen_avbokning_h: (m) => m.senAvbokning,
  kort_avbokning_h: (m) => m.kortAvbokning,
  forbrukade_h: (m) => m.forbrukade,
  avbokad_brukare_h: (m) => m.avbokadBrukare,
  avbokad_ledsagare_h: (m) => m.avbokadLedsagare,
  antal_avbokningar_brukare: (m) => m.antalAvbokningarBrukare,
  antal_avbokningar_ledsagare: (m) => m.antalAvbokningarLedsagare,
  saldo_h: (m) => m.saldo,
  forverkade_h: (m) => m.forverkade,
  overforbrukade_h: (m) => m.overforbrukade,
  gap_sen_avbokning_h: (m) => m.gapSenAvbokning,
  gap_brukare_avbokning_h: (m) => m.gapBrukareAvbokning,
  gap_ledsagare_avbokning_h: (m) => m.gapLedsagareAvbokning,
  gap_forverkade_h: (m) => m.gapForverkade,
  gap_aldrig_bokade_h: (m) => m.gapAldrigBokade,
  debiterade_h: (m) => m.debiteradeTimmar,
  minsta_debitering_tillagg_h: (m) => m.minstaDebiteringTillagg,
  kostnad_kr: (m) => m.kostnad,
  kostnad_sen_avbokning_kr: (m) => m.kostnadSenAvbokning,
  timmar_utan_ersattning_h: (m) => m.timmarUtanErsattning,
  schablon_intjanad_kr: (m) => m.schablonIntjanad,
  omkostnad_faktisk_kr: (m) => m.omkostnadFaktisk,
  sarskild_kr: (m) => m.sarskildKr,
  antal_sarskilda: (m) => m.antalSarskilda,
  manadsbelopp_ram_kr: (m) => m.manadsbeloppRam,
  manadsbelopp_kr: (m) => m.manadsbelopp,
  manadsbelopp_ersatt_kr: (m) => m.manadsbeloppErsatt,
  manadsbelopp_over_kr: (m) => m.manadsbeloppOver,
};

const PERIOD: Record<string, (p: PeriodLedger) => number> = {
  beviljade_h: (p) => p.beviljade,
  utforda_h: (p) => p.utforda,
  forbrukade_h: (p) => p.forbrukade,
  forverkade_h: (p) => p.forverkade,
  forverkade_ledsagare_h: (p) => p.forverkadeLedsagare,
  forverkade_brukare_h: (p) => p.forverkadeBrukare,
  forverkade_utan_avbokning_h: (p) => p.forverkadeUtanAvbokning,
  overforbrukade_h: (p) => p.overforbrukade,
  manadsbelopp_ram_kr: (p) => p.manadsbeloppRam,
  manadsbelopp_kr: (p) => p.manadsbelopp,
  manadsbelopp_ersatt_kr: (p) => p.manadsbeloppErsatt,
};

const UTFORARE: Record<string, (u: UtforareManadLedger) => number> = {
  utforda_h: (u) => u.utforda,
  tillfallen: (u) => u.tillfallen,
  debiterade_h: (u) => u.debiteradeTimmar,
  kostnad_kr: (u) => u.kostnad,
  sen_avbokning_h: (u) => u.senAvbokning,
  avbokad_brukare_h: (u) => u.avbokadBrukare,
  avbokad_ledsagare_h: (u) => u.avbokadLedsagare,
  antal_avbokningar_brukare: (u) => u.antalAvbokningarBrukare,
  antal_avbokningar_ledsagare: (u) => u.antalAvbokningarLedsagare,
  schablon_intjanad_kr: (u) => u.schablonIntjanad,
  omkostnad_faktisk_kr: (u) => u.omkostnadFaktisk,
};

const inList = (ids: string[]) => ids.map((i) => `'${i.replaceAll("'", "''")}'`).join(", ");

async function sums(conn: DuckDBConnection, table: string, columns: string[], ids: string[]): Promise<Record<string, number>> {
  const r = await conn.runAndReadAll(
    `SELECT ${columns.map((c) => `coalesce(sum(${c}), 0)::DOUBLE AS ${c}`).join(", ")} FROM ${table} WHERE arende_id IN (${inList(ids)})`,
  );
  return r.getRowObjectsJS()[0] as Record<string, number>;
}

async function counts(conn: DuckDBConnection, sql: string): Promise<Record<string, number>> {
  const r = await conn.runAndReadAll(sql);
  return Object.fromEntries(r.getRows().map(([k, n]) => [String(k), Number(n)]));
}

function tally<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

const close = (a: number, b: number, label: string) =>
  expect(Math.abs(a - b), `${label}: engine ${a}, stored ${b}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a)));

/** Sums the engine's ledgers over `cases` and compares them with SQL over the stored output. */
export async function expectStoredEqualsEngine(
  conn: DuckDBConnection,
  cases: CaseInput[],
  set: RegelverkSet,
  regi: (kommun: string, utforare: string) => Regi | null,
): Promise<CaseResult[]> {
  const horisont = parseDay(
    ((await conn.runAndReadAll(`SELECT strftime(horisont, '%Y-%m-%d') FROM engine_korning`)).getRows()[0][0]) as string,
  )!;
  const results = cases.map((c) => deriveCase(c, regelverkFor(set, c.kommun), { horisont, regi: (u) => regi(c.kommun, u) }));
  const ids = cases.map((c) => c.arendeId);

  const stored = await sums(conn, "ledger_manad", Object.keys(MANAD), ids);
  for (const [col, f] of Object.entries(MANAD)) {
    close(results.reduce((s, r) => s + r.manader.reduce((t, m) => t + f(m), 0), 0), stored[col], `ledger_manad.${col}`);
  }
  const storedP = await sums(conn, "ledger_period", Object.keys(PERIOD), ids);
  for (const [col, f] of Object.entries(PERIOD)) {
    close(results.reduce((s, r) => s + r.perioder.reduce((t, p) => t + f(p), 0), 0), storedP[col], `ledger_period.${col}`);
  }
  const storedU = await sums(conn, "ledger_utforare_manad", Object.keys(UTFORARE), ids);
  for (const [col, f] of Object.entries(UTFORARE)) {
    close(results.reduce((s, r) => s + r.utforareManader.reduce((t, u) => t + f(u), 0), 0), storedU[col], `ledger_utforare_manad.${col}`);
  }

  const rows = await counts(conn, `SELECT 'manad', count(*) FROM ledger_manad WHERE arende_id IN (${inList(ids)})
    UNION ALL SELECT 'period', count(*) FROM ledger_period WHERE arende_id IN (${inList(ids)})
    UNION ALL SELECT 'arende', count(*) FROM arende WHERE arende_id IN (${inList(ids)})`);
  expect(rows).toEqual({
    manad: results.reduce((s, r) => s + r.manader.length, 0),
    period: results.reduce((s, r) => s + r.perioder.length, 0),
    arende: cases.length,
  });

  const events = await counts(conn, `SELECT klass, count(*) FROM arende_handelse WHERE arende_id IN (${inList(ids)}) GROUP BY klass`);
  expect(events).toEqual(tally(results.flatMap((r) => r.handelser), (h) => h.klass));
  const flags = await counts(conn, `SELECT regel || '/' || niva, count(*) FROM arende_flagga WHERE arende_id IN (${inList(ids)}) GROUP BY ALL`);
  expect(flags).toEqual(tally(results.flatMap((r) => r.flaggor), (f) => `${f.regel}/${f.niva}`));

  const beslut = await sums(conn, "arende_beslut", ["beviljade_per_manad", "sokta_per_manad"], ids);
  close(results.reduce((s, r) => s + r.beslut.reduce((t, b) => t + (b.beviljadePerManad ?? 0), 0), 0), beslut.beviljade_per_manad, "beviljade_per_manad");
  close(results.reduce((s, r) => s + r.beslut.reduce((t, b) => t + (b.soktaPerManad ?? 0), 0), 0), beslut.sokta_per_manad, "sokta_per_manad");
  return results;
}

/** Per case and month, every measure (stronger than the sums: no offsetting errors). */
export async function expectMonthsEqual(conn: DuckDBConnection, results: CaseResult[]): Promise<void> {
  const ids = results.map((r) => r.arendeId);
  const r = await conn.runAndReadAll(
    `SELECT arende_id, (year(manad) * 12 + month(manad) - 1)::INTEGER AS m, ${Object.keys(MANAD).map((c) => `${c}::DOUBLE AS ${c}`).join(", ")}
     FROM ledger_manad WHERE arende_id IN (${inList(ids)})`,
  );
  const stored = new Map(r.getRowObjectsJS().map((row) => [`${row.arende_id}|${row.m}`, row as Record<string, number>]));
  // Collected first and asserted once: hundreds of thousands of expect() calls are slow.
  const wrong: string[] = [];
  let n = 0;
  for (const res of results) {
    for (const m of res.manader) {
      const row = stored.get(`${res.arendeId}|${m.manad}`);
      if (!row) {
        wrong.push(`${res.arendeId} ${m.manad}: missing`);
        continue;
      }
      n++;
      for (const [col, f] of Object.entries(MANAD)) {
        const a = f(m);
        if (Math.abs(a - row[col]) > 1e-6 * Math.max(1, Math.abs(a))) wrong.push(`${res.arendeId} ${m.manad} ${col}: ${a} ≠ ${row[col]}`);
      }
    }
  }
  expect(wrong.slice(0, 20)).toEqual([]);
  expect(stored.size).toBe(n);
}

/** Engine input for stored cases, read back from the loaded tables (generated data). */
export async function casesFromLoadedTables(conn: DuckDBConnection, ids: string[]): Promise<CaseInput[]> {
  const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  const d = (c: string) => `strftime(${c}, '%Y-%m-%d') AS ${c.split(".").pop()}`;
  const t = (c: string) => `strftime(${c}, '%Y-%m-%d %H:%M') AS ${c.split(".").pop()}`;
  const where = `b.arende_id IN (${inList(ids)})`;
  const beslut = await q(`SELECT b.* EXCLUDE (ansokan_datum, beslut_datum, giltig_from, giltig_tom, bestallning_datum,
      genomforandeplan_datum, senaste_uppfoljning), ${["ansokan_datum", "beslut_datum", "giltig_from", "giltig_tom",
      "bestallning_datum", "genomforandeplan_datum", "senaste_uppfoljning"].map((c) => d(`b.${c}`)).join(", ")}
    FROM beslut b WHERE ${where} ORDER BY b.beslut_datum, b.beslut_id`);
  const utforda = await q(`SELECT b.arende_id, u.kommun, u.beslut_id, u.utforare, ${d("u.datum")}, u.tidstyp, u.timmar
    FROM utforda_timmar u JOIN beslut b USING (kommun, beslut_id) WHERE ${where}`);
  const avb = await q(`SELECT b.arende_id, u.kommun, u.beslut_id, u.utforare, ${t("u.planerad_start")}, ${t("u.avbokad_tid")},
      u.avbokad_av, u.timmar, u.ombokad, u.orsak
    FROM avbokningar u JOIN beslut b USING (kommun, beslut_id) WHERE ${where}`);
  const omk = await q(`SELECT b.arende_id, u.kommun, u.beslut_id, u.utforare, ${d("u.datum")}, u.belopp, u.typ, u.aktivitet
    FROM omkostnader u JOIN beslut b USING (kommun, beslut_id) WHERE ${where}`);
  return ids.map((id) => {
    const raw: RawCase = {
      arendeId: id,
      kommun: "",
      beslut: beslut.filter((b) => b.arende_id === id) as unknown as RawCase["beslut"],
      utforda: utforda.filter((u) => u.arende_id === id) as unknown as RawCase["utforda"],
      avbokningar: avb.filter((u) => u.arende_id === id) as unknown as RawCase["avbokningar"],
      omkostnader: omk.filter((u) => u.arende_id === id) as unknown as RawCase["omkostnader"],
    };
    raw.kommun = raw.beslut[0].kommun;
    return toCaseInput(raw);
  });
}

/** Every output table of a run, each row in a fixed order, to compare two runs with expectSameOutput. */
export async function dumpOutput(conn: DuckDBConnection): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for (const t of ["ledger_manad", "ledger_period", "ledger_utforare_manad", "arende_handelse", "arende_beslut", "arende"]) {
    const sql = `SELECT * ${t === "arende" ? "EXCLUDE (flaggor)" : ""} FROM ${t} ORDER BY ALL`;
    out.push([t], ...(await conn.runAndReadAll(sql)).getRows());
  }
  return out;
}

/** Two runs' output agrees: numbers to rounding (sums from two threads add in another order), the rest exactly. */
export function expectSameOutput(a: unknown[][], b: unknown[][]): void {
  expect(b.length).toBe(a.length);
  a.forEach((row, i) =>
    row.forEach((x, j) => {
      const y = b[i][j];
      if (typeof x === "number" && typeof y === "number") expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
      else expect(String(y)).toBe(String(x));
    }),
  );
}
