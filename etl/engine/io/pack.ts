/**
 * Packing what the engine derived for a block of cases into flat typed arrays (one row of
 * numbers per staged row, NaN for NULL) and UTF-8 texts, which write.ts writes to the
 * thread's staged files. The column layouts are those of STAGED_FILES in sql.ts.
 */
import type { DuckDBValue } from "@duckdb/node-api";
import type { Regelverk, RegelverkSet } from "../regelverk.ts";
import type { CaseResult } from "../types.ts";
import { manadKey, MANAD_STAGED, PERIOD_STAGED, periodKey, UMANAD_AKTIVITET, UMANAD_STAGED, utforareKey } from "./sql.ts";

/** Repeated strings (class, rule, source, level) become small integers. */
export class Codes {
  readonly rows: DuckDBValue[][] = [];
  private readonly index = new Map<string, number>();
  /** The last code per class: consecutive events of a class almost always share it. */
  private readonly last = new Map<string, number>();
  code(typ: string, klass: string, regel: string | null, kalla: string, niva: string | null, forbrukad: boolean | null): number {
    const hit = this.last.get(klass);
    if (hit !== undefined) {
      const r = this.rows[hit];
      if (r[1] === typ && r[3] === regel && r[4] === kalla && r[5] === niva && r[6] === forbrukad) return hit;
    }
    const key = `${typ}\u0000${klass}\u0000${regel}\u0000${kalla}\u0000${niva}\u0000${forbrukad}`;
    let ri = this.index.get(key);
    if (ri === undefined) {
      ri = this.rows.length;
      this.index.set(key, ri);
      this.rows.push([ri, typ, klass, regel, kalla, niva, forbrukad]);
    }
    this.last.set(klass, ri);
    return ri;
  }
}

/** The regelverk of a set in a fixed order, so that threads can name one by its index. */
export function regelverkList(set: RegelverkSet): Regelverk[] {
  return [...new Set([...set.byKommun.values(), set.standard])];
}

/**
 * Staged rows of one table: `width` numbers per row (NaN = NULL), and a text per row if
 * any. A packer's tables are views of its buffers, valid until it packs the next case.
 */
export interface PackedTable {
  f: Float64Array<ArrayBuffer>;
  n: number;
  /** The rows' reason texts, or null for a table without them. */
  texts: PackedTexts | null;
}

/**
 * Texts as parquet.ts writes them (Parquet's PLAIN layout of a text column): each text
 * that is not NULL as its UTF-8 length (4 bytes, little-endian) and bytes, one after the
 * other; `isNull[i]` is 1 for a row without text. Encoded in this layout where the engine
 * ran, so that the writer copies nothing (about a third of a national run's rows carry a
 * sentence).
 */
export interface PackedTexts {
  plain: Uint8Array<ArrayBuffer>;
  isNull: Uint8Array<ArrayBuffer>;
}

/**
 * Writes `text` as UTF-8 into `b` from `at` (room for 3 bytes per UTF-16 unit assumed);
 * returns the bytes written: TextEncoder's bytes (a lone surrogate becomes U+FFFD).
 * Buffer's native writer, without TextEncoder.encodeInto's per-call view and result
 * object: a national run encodes about a billion characters of reason sentences, mostly
 * strings built by concatenation, which V8 flattens as it writes them; a hand-written
 * loop over charCodeAt took twice as long (docs/RULES.md › Performance).
 */
export function writeUtf8(text: string, b: Buffer, at: number): number {
  return b.write(text, at);
}

class TextBuffer {
  private bytes = new Uint8Array(1 << 16);
  /** `bytes` as a Buffer, for its native UTF-8 writer. */
  private buf = Buffer.from(this.bytes.buffer);
  private isNull = new Uint8Array(4096);
  private pos = 0;
  private n = 0;
  push(text: string | null): void {
    if (this.n === this.isNull.length) this.isNull = grown(this.isNull, this.n + 1);
    if (text === null) {
      this.isNull[this.n++] = 1;
      return;
    }
    // The length, then at most three bytes per UTF-16 unit.
    if (this.pos + 4 + 3 * text.length > this.bytes.length) {
      this.bytes = grown(this.bytes, this.pos + 4 + 3 * text.length);
      this.buf = Buffer.from(this.bytes.buffer);
    }
    const b = this.bytes;
    const at = this.pos;
    const written = writeUtf8(text, this.buf, at + 4);
    b[at] = written & 0xff;
    b[at + 1] = (written >>> 8) & 0xff;
    b[at + 2] = (written >>> 16) & 0xff;
    b[at + 3] = written >>> 24;
    this.isNull[this.n++] = 0;
    this.pos = at + 4 + written;
  }
  take(): PackedTexts {
    const t = { plain: this.bytes.subarray(0, this.pos), isNull: this.isNull.subarray(0, this.n) };
    this.pos = 0;
    this.n = 0;
    return t;
  }
}

function grown<T extends Uint8Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>>(a: T, atLeast: number): T {
  const g = new (a.constructor as new (n: number) => T)(Math.max(2 * a.length, atLeast));
  g.set(a);
  return g;
}

export interface PackedBlock {
  arende: PackedTable;
  manad: PackedTable;
  umanad: PackedTable;
  period: PackedTable;
  handelse: PackedTable;
  flagga: PackedTable;
  beslut: PackedTable;
}

export const WIDTH = {
  arende: 2, // ai, regelverk (index in regelverkList)
  manad: 2 + MANAD_STAGED.length, // k, bi, the staged numbers
  umanad: 1 + UMANAD_STAGED.length + UMANAD_AKTIVITET.length, // k, the staged numbers, the active days
  period: 3 + PERIOD_STAGED.length, // k, forverkas, ri, the staged numbers; orsak
  handelse: 8, // ai, seq, ri, datum, tid, timmar, belopp, uk; orsak
  flagga: 4, // ai, ri, datum, bi; orsak
  beslut: 3, // bi, sokta_per_manad, beviljade_per_manad; orsak
} as const;

class Table {
  f: Float64Array<ArrayBuffer>;
  n = 0;
  /** The rows' texts, for a table that has them (push one per row). */
  readonly s: TextBuffer | null;
  constructor(
    readonly w: number,
    texts = false,
  ) {
    this.f = new Float64Array(w * 4096);
    this.s = texts ? new TextBuffer() : null;
  }
  /** Offset of a new row. */
  row(): number {
    const o = this.n * this.w;
    if (o + this.w > this.f.length) this.f = grown(this.f, o + this.w);
    this.n++;
    return o;
  }
  take(): PackedTable {
    const t = { f: this.f.subarray(0, this.n * this.w), n: this.n, texts: this.s?.take() ?? null };
    this.n = 0;
    return t;
  }
}

export interface CaseKeys {
  ai: number;
  /** Index of the case's regelverk in regelverkList. */
  rvi: number;
  /** The first bi of the case: its beslut (in input order) are bi, bi + 1, … */
  firstBi: number;
  /** beslut_id → index among the case's beslut */
  beslutIds: readonly string[];
  /** utförare → its number within the kommun */
  uk: ReadonlyMap<string, number>;
  ukBits: number;
}

const num = (x: number | null): number => (x === null ? NaN : x);

export class Packer {
  /** The codes of every row packed so far (numbered by this packer: per thread). */
  readonly codes = new Codes();
  private readonly arende = new Table(WIDTH.arende);
  private readonly manad = new Table(WIDTH.manad);
  private readonly umanad = new Table(WIDTH.umanad);
  private readonly period = new Table(WIDTH.period, true);
  private readonly handelse = new Table(WIDTH.handelse, true);
  private readonly flagga = new Table(WIDTH.flagga, true);
  private readonly beslut = new Table(WIDTH.beslut, true);

  /** The rows packed since the last take, as views of the packer's buffers (see PackedTable). */
  take(): PackedBlock {
    return {
      arende: this.arende.take(),
      manad: this.manad.take(),
      umanad: this.umanad.take(),
      period: this.period.take(),
      handelse: this.handelse.take(),
      flagga: this.flagga.take(),
      beslut: this.beslut.take(),
    };
  }

  write(r: CaseResult, k: CaseKeys): void {
    const { ai } = k;
    const bi = (id: string | null): number => {
      if (id === null) return NaN;
      const i = k.beslutIds.lastIndexOf(id);
      return k.firstBi + i;
    };

    let t = this.arende;
    let o = t.row();
    t.f[o] = ai;
    t.f[o + 1] = k.rvi;

    t = this.manad;
    for (const x of r.manader) {
      o = t.row();
      const f = t.f;
      f[o] = manadKey(ai, x.manad, x.periodStart, x.periodSlut);
      f[o + 1] = bi(x.beslutId);
      // MANAD_STAGED order.
      f[o + 2] = x.giltigaDagar;
      f[o + 3] = x.beviljade;
      f[o + 4] = x.saldo;
      f[o + 5] = x.forverkade;
      f[o + 6] = x.overforbrukade;
      f[o + 7] = x.gapBrukareAvbokning;
      f[o + 8] = x.gapLedsagareAvbokning;
      f[o + 9] = x.gapForverkade;
      f[o + 10] = x.utfordaUtanBeslut;
      f[o + 11] = x.senAvbokning;
      f[o + 12] = x.gapSenAvbokning;
      f[o + 13] = x.kortAvbokning;
      f[o + 14] = x.debiteradeTimmar;
      f[o + 15] = x.minstaDebiteringTillagg;
      f[o + 16] = x.kostnad;
      f[o + 17] = x.kostnadSenAvbokning;
      f[o + 18] = x.timmarUtanErsattning;
      f[o + 19] = x.schablonIntjanad;
      f[o + 20] = x.manadsbeloppRam;
      f[o + 21] = x.manadsbeloppErsatt;
      f[o + 22] = x.manadsbeloppOver;
      f[o + 23] = x.utforda;
      f[o + 24] = x.utfordaTidstyp[0];
      f[o + 25] = x.utfordaTidstyp[1];
      f[o + 26] = x.utfordaTidstyp[2];
      f[o + 27] = x.utfordaTidstyp[3];
      f[o + 28] = x.utfordaTidstyp[4];
      f[o + 29] = x.tillfallen;
      f[o + 30] = x.avbokadBrukare;
      f[o + 31] = x.avbokadLedsagare;
      f[o + 32] = x.antalAvbokningarBrukare;
      f[o + 33] = x.antalAvbokningarLedsagare;
      f[o + 34] = x.omkostnadFaktisk;
      f[o + 35] = x.sarskildKr;
      f[o + 36] = x.antalSarskilda;
      f[o + 37] = x.manadsbelopp;
    }

    t = this.umanad;
    for (const x of r.utforareManader) {
      o = t.row();
      const f = t.f;
      // UMANAD_STAGED order.
      f[o] = utforareKey(ai, x.manad, k.uk.get(x.utforare)!, k.ukBits);
      f[o + 1] = x.utforda;
      f[o + 2] = x.tillfallen;
      f[o + 3] = x.debiteradeTimmar;
      f[o + 4] = x.kostnad;
      f[o + 5] = x.schablonIntjanad;
      f[o + 6] = x.senAvbokning;
      f[o + 7] = x.avbokadBrukare;
      f[o + 8] = x.avbokadLedsagare;
      f[o + 9] = x.antalAvbokningarBrukare;
      f[o + 10] = x.antalAvbokningarLedsagare;
      f[o + 11] = x.omkostnadFaktisk;
      // UMANAD_AKTIVITET order.
      f[o + 12] = x.forstaDag ?? NaN;
      f[o + 13] = x.sistaDag ?? NaN;
    }

    t = this.period;
    for (const x of r.perioder) {
      o = t.row();
      const f = t.f;
      f[o] = periodKey(ai, x.start, x.slut, x.periodManader, x.stangd, x.utanBeslut);
      f[o + 1] = x.slutDag;
      f[o + 2] = this.codes.code("period", x.utanBeslut ? "utan_beslut" : "flexperiod", x.reason.regel, x.reason.kalla, null, null);
      f[o + 3] = x.beviljade;
      f[o + 4] = x.utforda;
      f[o + 5] = x.forbrukade;
      f[o + 6] = x.forverkade;
      f[o + 7] = x.forverkadeLedsagare;
      f[o + 8] = x.forverkadeBrukare;
      f[o + 9] = x.forverkadeUtanAvbokning;
      f[o + 10] = x.overforbrukade;
      f[o + 11] = x.manadsbeloppRam;
      f[o + 12] = x.manadsbelopp;
      f[o + 13] = x.manadsbeloppErsatt;
      t.s!.push(x.reason.text);
    }

    t = this.handelse;
    const hs = r.handelser;
    for (let seq = 0; seq < hs.length; seq++) {
      const x = hs[seq];
      o = t.row();
      const f = t.f;
      f[o] = ai;
      f[o + 1] = seq;
      f[o + 2] = this.codes.code(x.typ, x.klass, x.reason.regel, x.reason.kalla, null, x.forbrukad);
      f[o + 3] = x.datum;
      f[o + 4] = num(x.tid);
      f[o + 5] = num(x.timmar);
      f[o + 6] = num(x.belopp);
      f[o + 7] = x.utforare === null ? NaN : k.uk.get(x.utforare)!;
      t.s!.push(x.reason.text);
    }

    t = this.flagga;
    for (const x of r.flaggor) {
      o = t.row();
      const f = t.f;
      f[o] = ai;
      f[o + 1] = this.codes.code("flagga", x.regel, x.regel, x.kalla, x.niva, null);
      f[o + 2] = x.datum;
      f[o + 3] = bi(x.beslutId);
      t.s!.push(x.text);
    }

    t = this.beslut;
    for (const x of r.beslut) {
      o = t.row();
      const f = t.f;
      f[o] = bi(x.beslutId);
      f[o + 1] = num(x.soktaPerManad);
      f[o + 2] = num(x.beviljadePerManad);
      t.s!.push(x.reason?.text ?? null);
    }
  }
}
