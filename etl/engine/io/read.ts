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
import { ColumnStore, shared, TextCodes, vectorItems } from "./columns.ts";
import { ARENDE_CODED, BESLUT_CODED, DICT_SQL, READ_SQL } from "./sql.ts";

/**
 * A query's result, materialised, and its chunks. Materialised, not streamed: DuckDB then
 * runs the whole query on all its threads before the first chunk comes back, where a
 * streamed result is produced chunk by chunk as this thread asks (the national read took
 * 1–2 s longer so). The chunks are then taken synchronously: awaiting each one (one trip
 * through libuv's thread pool per 2 048 rows) doubled the time to read the utförda.
 */
export async function queryChunks(
  conn: DuckDBConnection,
  sql: string,
  values: DuckDBValue[] = [],
): Promise<{ rows: number; chunks: DuckDBDataChunk[] }> {
  const res = await conn.run(sql, values);
  const chunks = Array.from({ length: res.chunkCount }, (_, i) => res.getChunk(i)).filter((c) => c.rowCount > 0);
  return { rows: chunks.reduce((n, c) => n + c.rowCount, 0), chunks };
}

export async function forEachChunk(
  conn: DuckDBConnection,
  sql: string,
  f: (chunk: DuckDBDataChunk) => void,
  values: DuckDBValue[] = [],
): Promise<void> {
  for (const chunk of (await queryChunks(conn, sql, values)).chunks) f(chunk);
}

export const columns = (c: DuckDBDataChunk, n: number) => Array.from({ length: n }, (_, i) => c.getColumnVector(i));

/** The first `n` columns' values from their vectors' typed arrays (vectorItems: never NULL). */
const items = (c: DuckDBDataChunk, n: number) => columns(c, n).map((v) => vectorItems(v));

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

/** Columns of READ_SQL.arende by field. */
const ARENDE_NUM = { fodelsear: 5 };
const ARENDE_TEXT = { arendeId: 1, kommun: 2, insats: 3, kon: 4 };
/** The fields READ_SQL codes (ARENDE_CODED, BESLUT_CODED), by their column. */
const ARENDE_CODES = { kommun: "kommun", insats: "insats", kon: "kon" } satisfies Record<(typeof ARENDE_CODED)[number], keyof typeof ARENDE_TEXT>;
type Arenden = ColumnStore<keyof typeof ARENDE_NUM, keyof typeof ARENDE_TEXT>;

/** Columns of READ_SQL.beslut by field of BeslutIn. */
const BESLUT_NUM = {
  ansokanDatum: 5, beslutDatum: 6, soktaTimmar: 8, beviljadeTimmar: 9, giltigFrom: 11, giltigTom: 12, personligAssistans: 14,
  bestallningDatum: 16, genomforandeplanDatum: 17, senasteUppfoljning: 18,
} satisfies Partial<Record<keyof BeslutIn, number>>;
const BESLUT_TEXT = {
  beslutId: 1, stadsdel: 2, lagrum: 3, insats: 4, utfall: 7, timmarPer: 10, beslutsniva: 13, utforare: 15,
} satisfies Partial<Record<keyof BeslutIn, number>>;
const BESLUT_CODES = {
  stadsdel: "stadsdel", lagrum: "lagrum", insats: "insats", utfall: "utfall", timmar_per: "timmarPer", beslutsniva: "beslutsniva",
  utforare: "utforare",
} satisfies Record<(typeof BESLUT_CODED)[number], keyof typeof BESLUT_TEXT>;
type Beslut = ColumnStore<keyof typeof BESLUT_NUM, keyof typeof BESLUT_TEXT>;

const TIDSTYPER = TIDSTYP as readonly Tidstyp[];
const AV: AvbokadAv[] = ["brukare", "ledsagare", "utforare"];
const OTYP: OmkostnadTyp[] = ["schablon", "sarskild", "manadsbelopp"];

/**
 * Start offsets per case from the row count of each case, read from SQL first, so that a
 * table can be read in its stored order (no sort) and each row placed by its case.
 */
async function caseOffsets(conn: DuckDBConnection, table: string, total: number): Promise<Int32Array> {
  const start = shared(Int32Array, total + 1);
  await forEachChunk(conn, `SELECT ai, count(*)::INTEGER FROM ${table} GROUP BY ai`, (c) => {
    const [ai, n] = columns(c, 2);
    for (let r = 0, rows = c.rowCount; r < rows; r++) start[(ai.getItem(r) as number) + 1] = n.getItem(r) as number;
  });
  for (let ai = 0; ai < total; ai++) start[ai + 1] += start[ai];
  return start;
}

/** The values of the columns READ_SQL codes (CODE in sql.ts), in code order, by field. */
async function dictionaries<F extends string>(conn: DuckDBConnection, table: string, fields: Record<string, F>): Promise<Record<F, string[]>> {
  const cols = Object.keys(fields);
  const [row] = (await conn.runAndReadAll(DICT_SQL(table, cols))).getRowsJS();
  const out = {} as Record<F, string[]>;
  // An empty table's list is NULL.
  for (const [i, c] of cols.entries()) out[fields[c]] = (row[i] ?? []) as string[];
  return out;
}

/** Start offsets per case from a sorted case column: start[ai] .. start[ai + 1]. */
function offsets(caseOf: ArrayLike<number>, total: number): Int32Array {
  const start = shared(Int32Array, total + 1);
  for (let i = 0; i < caseOf.length; i++) start[caseOf[i] + 1]++;
  for (let ai = 0; ai < total; ai++) start[ai + 1] += start[ai];
  return start;
}

/**
 * Every typed array lies on a SharedArrayBuffer and the arenden and beslut are kept column
 * by column (columns.ts), so that worker threads receive the inputs without a copy.
 */
export class Inputs {
  private arenden: Arenden = ColumnStore.empty();
  /** All beslut in `bi` order; bi is the row. */
  private beslut: Beslut = ColumnStore.empty();
  private beslutStart!: Int32Array;
  private utf = { start: shared(Int32Array, 0), d: shared(Int32Array, 0), uk: shared(Int16Array, 0), tt: shared(Uint8Array, 0), h: shared(Float64Array, 0) };
  private avb = {
    start: shared(Int32Array, 0), uk: shared(Int16Array, 0), plan: shared(Int32Array, 0), avb: shared(Int32Array, 0),
    av: shared(Uint8Array, 0), h: shared(Float64Array, 0), omb: shared(Uint8Array, 0),
  };
  private omk = {
    start: shared(Int32Array, 0), uk: shared(Int16Array, 0), d: shared(Int32Array, 0), belopp: shared(Float64Array, 0),
    typ: shared(Uint8Array, 0), aktivitet: ColumnStore.empty<never, "aktivitet">(),
  };

  private constructor(
    readonly total: number,
    readonly utforare: Utforarlista,
  ) {}

  /** Reads the `total` cases of _e_arende (counted by the caller) and their rows. */
  static async read(conn: DuckDBConnection, utforare: Utforarlista, total: number): Promise<Inputs> {
    const x = new Inputs(total, utforare);
    await x.readArenden(conn);
    await x.readBeslut(conn);
    await x.readUtforda(conn);
    await x.readAvbokningar(conn);
    await x.readOmkostnader(conn);
    return x;
  }

  private async readArenden(conn: DuckDBConnection): Promise<void> {
    const b = ColumnStore.builder(ARENDE_NUM, ARENDE_TEXT, await dictionaries(conn, "_e_arende", ARENDE_CODES));
    await forEachChunk(conn, READ_SQL.arende, (c) => b.add(c));
    this.arenden = b.finish();
  }

  private async readBeslut(conn: DuckDBConnection): Promise<void> {
    const caseOf: number[] = [];
    const b = ColumnStore.builder(BESLUT_NUM, BESLUT_TEXT, await dictionaries(conn, "_e_beslut", BESLUT_CODES));
    await forEachChunk(conn, READ_SQL.beslut, (c) => {
      const [ai] = items(c, 1);
      for (let r = 0, rows = c.rowCount; r < rows; r++) caseOf.push(ai[r]);
      b.add(c);
    });
    this.beslut = b.finish();
    this.beslutStart = offsets(caseOf, this.total);
  }

  private async readUtforda(conn: DuckDBConnection): Promise<void> {
    const start = await caseOffsets(conn, "_e_utforda", this.total);
    const n = start[this.total];
    const u = { start, d: shared(Int32Array, n), uk: shared(Int16Array, n), tt: shared(Uint8Array, n), h: shared(Float64Array, n) };
    const next = start.slice(0, this.total);
    await forEachChunk(conn, READ_SQL.utforda, (c) => {
      const [ai, d, uk, tt, h] = items(c, 5);
      for (let r = 0, rows = c.rowCount; r < rows; r++) {
        const i = next[ai[r]]++;
        u.d[i] = d[r];
        u.uk[i] = uk[r];
        u.tt[i] = tt[r];
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
      uk: shared(Int16Array, n),
      plan: shared(Int32Array, n),
      avb: shared(Int32Array, n),
      av: shared(Uint8Array, n),
      h: shared(Float64Array, n),
      omb: shared(Uint8Array, n),
    };
    const next = start.slice(0, this.total);
    await forEachChunk(conn, READ_SQL.avbokning, (c) => {
      const [ai, uk, plan, avb, av, h, omb] = items(c, 7);
      for (let r = 0, rows = c.rowCount; r < rows; r++) {
        const i = next[ai[r]]++;
        a.uk[i] = uk[r];
        a.plan[i] = plan[r];
        a.avb[i] = avb[r];
        a.av[i] = av[r];
        a.h[i] = h[r];
        a.omb[i] = omb[r];
      }
    });
    this.avb = a;
  }

  private async readOmkostnader(conn: DuckDBConnection): Promise<void> {
    const { rows: n, chunks } = await queryChunks(conn, READ_SQL.omkostnad);
    const caseOf = new Int32Array(n);
    const o = {
      uk: shared(Int16Array, n),
      d: shared(Int32Array, n),
      belopp: shared(Float64Array, n),
      typ: shared(Uint8Array, n),
    };
    // Only särskilda (typ 1) carry an aktivitet: read just theirs (the monthly sums are most rows).
    const codes = shared(Int32Array, n).fill(-1);
    const seen = new TextCodes();
    let i = 0;
    for (const c of chunks) {
      const [ai, uk, d, belopp, typ] = items(c, 5);
      const akt = c.getColumnVector(5);
      for (let r = 0, rows = c.rowCount; r < rows; r++, i++) {
        caseOf[i] = ai[r];
        o.uk[i] = uk[r];
        o.d[i] = d[r];
        o.belopp[i] = belopp[r];
        o.typ[i] = typ[r];
        const text = typ[r] === 1 ? (akt.getItem(r) as string | null) : null;
        if (text !== null) codes[i] = seen.code(text);
      }
    }
    this.omk = { start: offsets(caseOf, this.total), ...o, aktivitet: new ColumnStore(n, {}, { aktivitet: { codes, dict: seen.dict } }) };
  }

  /**
   * The inputs as a worker thread received them (structured clone keeps the data, not
   * the classes).
   */
  static revive(data: Inputs): Inputs {
    const x = Object.assign(Object.create(Inputs.prototype) as Inputs, data);
    (x as { utforare: Utforarlista }).utforare = Object.assign(new Utforarlista(), data.utforare);
    x.arenden = ColumnStore.revive(data.arenden);
    x.beslut = ColumnStore.revive(data.beslut);
    x.omk = { ...data.omk, aktivitet: ColumnStore.revive(data.omk.aktivitet) };
    return x;
  }

  /** The first `bi` of a case (its beslut are bi .. bi + count − 1). */
  beslutOffset(ai: number): number {
    return this.beslutStart[ai];
  }

  /** The engine's input for one case: each utförda row its own item (R7 per row is exact). */
  caseInput(ai: number): CaseInput {
    const a = this.arenden;
    const kommun = a.str("kommun", ai)!;
    const namn = this.utforare.namn.get(kommunKey(kommun)) ?? [];
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
        aktivitet: o.aktivitet.str("aktivitet", i),
      });
    }
    const beslut = [];
    for (let bi = this.beslutStart[ai]; bi < this.beslutStart[ai + 1]; bi++) beslut.push(this.beslutIn(bi));
    return {
      arendeId: a.str("arendeId", ai)!,
      kommun,
      insats: a.str("insats", ai) as Insats,
      kon: a.str("kon", ai) as Kon,
      fodelsear: a.num("fodelsear", ai)!,
      beslut,
      utforda,
      avbokningar,
      omkostnader,
    };
  }

  private beslutIn(bi: number): BeslutIn {
    const b = this.beslut;
    return {
      beslutId: b.str("beslutId", bi)!,
      stadsdel: b.str("stadsdel", bi)!,
      lagrum: b.str("lagrum", bi) as Lagrum,
      insats: b.str("insats", bi) as Insats,
      ansokanDatum: b.num("ansokanDatum", bi)!,
      beslutDatum: b.num("beslutDatum", bi)!,
      utfall: b.str("utfall", bi) as Utfall,
      soktaTimmar: b.num("soktaTimmar", bi),
      beviljadeTimmar: b.num("beviljadeTimmar", bi),
      timmarPer: b.str("timmarPer", bi) as TimmarPer,
      giltigFrom: b.num("giltigFrom", bi),
      giltigTom: b.num("giltigTom", bi),
      beslutsniva: b.str("beslutsniva", bi),
      personligAssistans: b.num("personligAssistans", bi) === 1,
      utforare: b.str("utforare", bi),
      bestallningDatum: b.num("bestallningDatum", bi),
      genomforandeplanDatum: b.num("genomforandeplanDatum", bi),
      senasteUppfoljning: b.num("senasteUppfoljning", bi),
    };
  }
}
