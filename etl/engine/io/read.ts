/**
 * Reads the prepared input into memory in one ordered pass per table — compact typed
 * arrays indexed by case — so that the engine can then run case by case, in this thread
 * or in worker threads (which get the arrays), with no query open on the connection.
 */
import type { DuckDBConnection, DuckDBDataChunk, DuckDBValue } from "@duckdb/node-api";
import type { AvbokadAv, Insats, Kon, Lagrum, OmkostnadTyp, Regi, Tidstyp, TimmarPer, Utfall } from "../../contract.ts";
import { TIDSTYP } from "../../contract.ts";
import { kommunKey } from "../regelverk.ts";
import type { BeslutIn, CaseInput } from "../types.ts";
import { BITS, READ_SQL } from "./sql.ts";

export async function forEachChunk(
  conn: DuckDBConnection,
  sql: string,
  f: (chunk: DuckDBDataChunk) => void,
  values: DuckDBValue[] = [],
): Promise<void> {
  const res = await conn.stream(sql, values);
  for (;;) {
    const chunk = await res.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    f(chunk);
  }
}

export const columns = (c: DuckDBDataChunk, n: number) => Array.from({ length: n }, (_, i) => c.getColumnVector(i));

export async function scalar(conn: DuckDBConnection, sql: string): Promise<number> {
  return Number((await (await conn.run(sql)).getRows())[0][0]);
}

/** Utförare of each kommun by their number within it (`uk`), with regi where known. */
export class Utforarlista {
  readonly namn = new Map<string, string[]>();
  readonly uk = new Map<string, Map<string, number>>();
  readonly regi = new Map<string, Map<string, Regi>>();
  ukBits = 1;

  static async read(conn: DuckDBConnection): Promise<Utforarlista> {
    const l = new Utforarlista();
    let max = 0;
    await forEachChunk(conn, READ_SQL.udict, (c) => {
      const [kommun, utforare, uk, regi] = columns(c, 4);
      for (let r = 0, rows = c.rowCount; r < rows; r++) {
        const k = kommunKey(kommun.getItem(r) as string);
        const name = utforare.getItem(r) as string;
        const n = uk.getItem(r) as number;
        if (!l.namn.has(k)) {
          l.namn.set(k, []);
          l.uk.set(k, new Map());
          l.regi.set(k, new Map());
        }
        l.namn.get(k)![n] = name;
        l.uk.get(k)!.set(name, n);
        const rg = regi.getItem(r) as Regi | null;
        if (rg !== null) l.regi.get(k)!.set(name, rg);
        if (n > max) max = n;
      }
    });
    l.ukBits = Math.max(1, Math.ceil(Math.log2(max + 2)));
    return l;
  }
}

interface Arende {
  arendeId: string;
  kommun: string;
  insats: Insats;
  kon: Kon;
  fodelsear: number;
}

const TIDSTYPER = TIDSTYP as readonly Tidstyp[];
const AV: AvbokadAv[] = ["brukare", "ledsagare", "utforare"];
const OTYP: OmkostnadTyp[] = ["schablon", "sarskild", "manadsbelopp"];

/**
 * Start offsets per case from the row count of each case, read from SQL first, so that a
 * table can be streamed in its stored order (no sort) and each row placed by its case.
 */
async function caseOffsets(conn: DuckDBConnection, table: string, total: number): Promise<Int32Array<ArrayBuffer>> {
  const start = new Int32Array(total + 1);
  await forEachChunk(conn, `SELECT ai, count(*)::INTEGER FROM ${table} GROUP BY ai`, (c) => {
    const [ai, n] = columns(c, 2);
    for (let r = 0, rows = c.rowCount; r < rows; r++) start[(ai.getItem(r) as number) + 1] = n.getItem(r) as number;
  });
  for (let ai = 0; ai < total; ai++) start[ai + 1] += start[ai];
  return start;
}

/** Start offsets per case from a sorted case column: start[ai] .. start[ai + 1]. */
function offsets(caseOf: Int32Array, total: number): Int32Array<ArrayBuffer> {
  const start = new Int32Array(total + 1);
  for (let i = 0; i < caseOf.length; i++) start[caseOf[i] + 1]++;
  for (let ai = 0; ai < total; ai++) start[ai + 1] += start[ai];
  return start;
}

export class Inputs {
  arenden: Arende[] = [];
  /** All beslut in `bi` order; bi is the index. */
  beslut: BeslutIn[] = [];
  private beslutStart!: Int32Array;
  private utf = { start: new Int32Array(0), d: new Int32Array(0), uk: new Int16Array(0), tt: new Uint8Array(0), h: new Float64Array(0) };
  private avb = {
    start: new Int32Array(0), uk: new Int16Array(0), plan: new Int32Array(0), avb: new Int32Array(0),
    av: new Uint8Array(0), h: new Float64Array(0), omb: new Uint8Array(0),
  };
  private omk = {
    start: new Int32Array(0), uk: new Int16Array(0), d: new Int32Array(0), belopp: new Float64Array(0),
    typ: new Uint8Array(0), aktivitet: [] as (string | null)[],
  };

  private constructor(
    readonly total: number,
    readonly utforare: Utforarlista,
  ) {}

  static async read(conn: DuckDBConnection, utforare: Utforarlista): Promise<Inputs> {
    const total = await scalar(conn, `SELECT count(*) FROM _e_arende`);
    const x = new Inputs(total, utforare);
    await x.readArenden(conn);
    await x.readBeslut(conn);
    await x.readUtforda(conn);
    await x.readAvbokningar(conn);
    await x.readOmkostnader(conn);
    return x;
  }

  private async readArenden(conn: DuckDBConnection): Promise<void> {
    await forEachChunk(conn, READ_SQL.arende, (c) => {
      const [, id, km, ins, kon, fa] = columns(c, 6);
      for (let r = 0, rows = c.rowCount; r < rows; r++) {
        this.arenden.push({
          arendeId: id.getItem(r) as string,
          kommun: km.getItem(r) as string,
          insats: ins.getItem(r) as Insats,
          kon: kon.getItem(r) as Kon,
          fodelsear: fa.getItem(r) as number,
        });
      }
    });
  }

  private async readBeslut(conn: DuckDBConnection): Promise<void> {
    const caseOf: number[] = [];
    await forEachChunk(conn, READ_SQL.beslut, (c) => {
      const v = columns(c, 19);
      const s = (i: number, r: number) => v[i].getItem(r) as string;
      const num = (i: number, r: number) => v[i].getItem(r) as number | null;
      for (let r = 0, rows = c.rowCount; r < rows; r++) {
        caseOf.push(v[0].getItem(r) as number);
        this.beslut.push({
          beslutId: s(1, r),
          stadsdel: s(2, r),
          lagrum: s(3, r) as Lagrum,
          insats: s(4, r) as Insats,
          ansokanDatum: num(5, r)!,
          beslutDatum: num(6, r)!,
          utfall: s(7, r) as Utfall,
          soktaTimmar: num(8, r),
          beviljadeTimmar: num(9, r),
          timmarPer: s(10, r) as TimmarPer,
          giltigFrom: num(11, r),
          giltigTom: num(12, r),
          beslutsniva: v[13].getItem(r) as string | null,
          personligAssistans: v[14].getItem(r) as boolean,
          utforare: v[15].getItem(r) as string | null,
          bestallningDatum: num(16, r),
          genomforandeplanDatum: num(17, r),
          senasteUppfoljning: num(18, r),
        });
      }
    });
    this.beslutStart = offsets(Int32Array.from(caseOf), this.total);
  }

  private async readUtforda(conn: DuckDBConnection): Promise<void> {
    const start = await caseOffsets(conn, "_e_utforda", this.total);
    const n = start[this.total];
    const u = { start, d: new Int32Array(n), uk: new Int16Array(n), tt: new Uint8Array(n), h: new Float64Array(n) };
    const next = start.slice(0, this.total);
    const ttDiv = 2 ** BITS.tt;
    const ukDiv = 2 ** this.utforare.ukBits;
    const dDiv = 2 ** BITS.day;
    await forEachChunk(conn, READ_SQL.utforda(this.utforare.ukBits), (c) => {
      // Both columns are DOUBLE and never NULL: read their typed arrays directly.
      const [key, h] = columns(c, 2).map((v) => (v as unknown as { items: Float64Array }).items);
      for (let r = 0, rows = c.rowCount; r < rows; r++) {
        let x = key[r];
        const tt = x % ttDiv;
        x = (x - tt) / ttDiv;
        const uk = x % ukDiv;
        x = (x - uk) / ukDiv;
        const d = x % dDiv;
        const i = next[(x - d) / dDiv]++;
        u.d[i] = d;
        u.uk[i] = uk;
        u.tt[i] = tt;
        u.h[i] = h[r];
      }
    });
    this.utf = u;
  }

  private async readAvbokningar(conn: DuckDBConnection): Promise<void> {
    const start = await caseOffsets(conn, "_e_avbokning", this.total);
    const n = start[this.total];
    const a = {
      start,
      uk: new Int16Array(n),
      plan: new Int32Array(n),
      avb: new Int32Array(n),
      av: new Uint8Array(n),
      h: new Float64Array(n),
      omb: new Uint8Array(n),
    };
    const next = start.slice(0, this.total);
    await forEachChunk(conn, READ_SQL.avbokning, (c) => {
      const [ai, uk, plan, avb, av, h, omb] = columns(c, 7);
      for (let r = 0, rows = c.rowCount; r < rows; r++) {
        const i = next[ai.getItem(r) as number]++;
        a.uk[i] = uk.getItem(r) as number;
        a.plan[i] = plan.getItem(r) as number;
        a.avb[i] = avb.getItem(r) as number;
        a.av[i] = av.getItem(r) as number;
        a.h[i] = h.getItem(r) as number;
        a.omb[i] = (omb.getItem(r) as boolean) ? 1 : 0;
      }
    });
    this.avb = a;
  }

  private async readOmkostnader(conn: DuckDBConnection): Promise<void> {
    const caseOf: number[] = [];
    const uk: number[] = [];
    const d: number[] = [];
    const belopp: number[] = [];
    const typ: number[] = [];
    const aktivitet: (string | null)[] = [];
    await forEachChunk(conn, READ_SQL.omkostnad, (c) => {
      const [ai, u, dd, bel, t, akt] = columns(c, 6);
      for (let r = 0, rows = c.rowCount; r < rows; r++) {
        caseOf.push(ai.getItem(r) as number);
        uk.push(u.getItem(r) as number);
        d.push(dd.getItem(r) as number);
        belopp.push(bel.getItem(r) as number);
        typ.push(t.getItem(r) as number);
        aktivitet.push(akt.getItem(r) as string | null);
      }
    });
    this.omk = {
      start: offsets(Int32Array.from(caseOf), this.total),
      uk: Int16Array.from(uk),
      d: Int32Array.from(d),
      belopp: Float64Array.from(belopp),
      typ: Uint8Array.from(typ),
      aktivitet,
    };
  }

  /**
   * The inputs as a worker thread received them (structured clone keeps the data, not
   * the classes).
   */
  static revive(data: Inputs): Inputs {
    const x = Object.assign(Object.create(Inputs.prototype) as Inputs, data);
    (x as { utforare: Utforarlista }).utforare = Object.assign(new Utforarlista(), data.utforare);
    return x;
  }

  /** The first `bi` of a case (its beslut are bi .. bi + count − 1). */
  beslutOffset(ai: number): number {
    return this.beslutStart[ai];
  }

  /** The engine's input for one case: each utförda row its own item (R7 per row is exact). */
  caseInput(ai: number): CaseInput {
    const a = this.arenden[ai];
    const namn = this.utforare.namn.get(kommunKey(a.kommun)) ?? [];
    const u = this.utf;
    const utforda = [];
    for (let i = u.start[ai]; i < u.start[ai + 1]; i++) {
      const h = u.h[i];
      utforda.push({
        datum: u.d[i],
        utforare: namn[u.uk[i]],
        tidstyp: TIDSTYPER[u.tt[i]],
        timmar: h,
        tillfallen: h > 0 ? 1 : 0,
        minstaTillagg: h > 0 && h < 1 ? 1 - h : 0,
      });
    }
    const v = this.avb;
    const avbokningar = [];
    for (let i = v.start[ai]; i < v.start[ai + 1]; i++) {
      avbokningar.push({
        utforare: namn[v.uk[i]],
        planeradStart: v.plan[i],
        avbokadTid: v.avb[i],
        avbokadAv: AV[v.av[i]],
        timmar: v.h[i],
        ombokad: v.omb[i] === 1,
        orsak: null,
      });
    }
    const o = this.omk;
    const omkostnader = [];
    for (let i = o.start[ai]; i < o.start[ai + 1]; i++) {
      omkostnader.push({
        utforare: namn[o.uk[i]],
        datum: o.d[i],
        belopp: o.belopp[i],
        typ: OTYP[o.typ[i]],
        aktivitet: o.aktivitet[i],
      });
    }
    return {
      arendeId: a.arendeId,
      kommun: a.kommun,
      insats: a.insats,
      kon: a.kon,
      fodelsear: a.fodelsear,
      beslut: this.beslut.slice(this.beslutStart[ai], this.beslutStart[ai + 1]),
      utforda,
      avbokningar,
      omkostnader,
    };
  }
}
