/**
 * The output tables that are small: ersättning levels per kommun, year and regi (R18,
 * stated once instead of on every case), R17 flags per utförare, and the run record.
 */
import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { REGI, TIDSTYP, type Regi } from "../../contract.ts";
import { civil, isoDay, type Day } from "../dates.ts";
import { levelReason } from "../ersattning.ts";
import { regelverkFor, type RegelverkSet } from "../regelverk.ts";
import { utforareFlags, type UtforareIn } from "../utforare.ts";
import { columns, forEachChunk } from "./read.ts";
import { AKTIVITET_SQL, DAY } from "./sql.ts";

/** Appends rows to a table; temp tables (names starting with "_") live in catalog temp. */
export async function insertRows(conn: DuckDBConnection, table: string, rows: DuckDBValue[][]): Promise<void> {
  if (rows.length === 0) return;
  const ap = await conn.createAppender(table, "main", table.startsWith("_") ? "temp" : null);
  for (const row of rows) {
    for (const v of row) {
      if (v === null) ap.appendNull();
      else if (typeof v === "number") ap.appendDouble(v);
      else if (typeof v === "boolean") ap.appendBoolean(v);
      else ap.appendVarchar(String(v));
    }
    ap.endRow();
  }
  ap.closeSync();
}

export async function ersattningOutput(conn: DuckDBConnection, set: RegelverkSet, horisont: Day): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE ersattning_niva (kommun VARCHAR, regelverk VARCHAR, ar INTEGER, regi VARCHAR,
    dag_kr DOUBLE, kvall_kr DOUBLE, natt_kr DOUBLE, helg_kr DOUBLE, storhelg_kr DOUBLE, underlag VARCHAR,
    giltig_fran DATE, giltig_till DATE, regel VARCHAR, kalla VARCHAR, orsak VARCHAR)`);
  const rows: DuckDBValue[][] = [];
  const last = civil(horisont).y;
  for (const rv of [...set.byKommun.values(), set.standard]) {
    for (const v of rv.regler.ersattning) {
      const from = civil(v.fran).y;
      // Open-ended levels are listed up to the data's last year.
      const to = v.till === Infinity ? Math.max(last, from) : civil(v.till).y;
      for (let ar = from; ar <= to; ar++) {
        for (const regi of REGI) {
          const reason = levelReason(v, ar, regi);
          rows.push([
            rv.kommun, rv.fil, ar, regi, ...TIDSTYP.map((t) => v.p[regi][t]), v.p.underlag, isoDay(v.fran),
            v.till === Infinity ? null : isoDay(v.till), reason.regel, reason.kalla, reason.text,
          ]);
        }
      }
    }
  }
  await insertRows(conn, "ersattning_niva", rows);
}

export async function utforareOutput(conn: DuckDBConnection, set: RegelverkSet, horisont: Day): Promise<void> {
  const list = new Map<string, UtforareIn>();
  await forEachChunk(
    conn,
    `SELECT kommun, utforare, namn, regi, ${DAY("godkand_from")}, ${DAY("godkand_tom")} FROM utforare ORDER BY kommun, utforare`,
    (c) => {
      const [kommun, utforare, namn, regi, from, tom] = columns(c, 6);
      for (let r = 0, rows = c.rowCount; r < rows; r++) {
        list.set(`${kommun.getItem(r)}\u0000${utforare.getItem(r)}`, {
          kommun: kommun.getItem(r) as string,
          utforare: utforare.getItem(r) as string,
          namn: namn.getItem(r) as string,
          regi: regi.getItem(r) as Regi,
          godkandFrom: from.getItem(r) as number,
          godkandTom: tom.getItem(r) as number | null,
          aktivitet: [],
        });
      }
    },
  );
  await forEachChunk(conn, AKTIVITET_SQL(horisont), (c) => {
    const [kommun, utforare, fran, till] = columns(c, 4);
    for (let r = 0, rows = c.rowCount; r < rows; r++) {
      const u = list.get(`${kommun.getItem(r)}\u0000${utforare.getItem(r)}`);
      if (u) u.aktivitet.push({ fran: fran.getItem(r) as number, till: till.getItem(r) as number });
    }
  });
  const flags = utforareFlags([...list.values()], (k) => regelverkFor(set, k), horisont);
  await conn.run(`CREATE OR REPLACE TABLE utforare_flagga (kommun VARCHAR, utforare VARCHAR, namn VARCHAR, regi VARCHAR,
    regel VARCHAR, kalla VARCHAR, datum DATE, fonster_fran DATE, fonster_till DATE, orsak VARCHAR)`);
  await insertRows(
    conn,
    "utforare_flagga",
    flags.map((f) => {
      const u = list.get(`${f.kommun}\u0000${f.utforare}`)!;
      return [f.kommun, f.utforare, u.namn, u.regi, f.regel, f.kalla, isoDay(f.datum), isoDay(f.fonsterFran), isoDay(f.fonsterTill), f.text];
    }),
  );
}

export async function runRecord(conn: DuckDBConnection, horisont: Day, arenden: number, ms: number, set: RegelverkSet): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE engine_korning (korning TIMESTAMP, horisont DATE, arenden INTEGER, ms INTEGER, regelverk VARCHAR)`);
  await insertRows(conn, "engine_korning", [
    [
      new Date().toISOString().replace("T", " ").slice(0, 19),
      isoDay(horisont),
      arenden,
      ms,
      [...set.byKommun.values(), set.standard].map((r) => r.fil).join(", "),
    ],
  ]);
}
