/**
 * A minimal Parquet writer for the engine's staged rows: flat schema, every column
 * OPTIONAL, PLAIN encoding, no compression, one data page per column and row group.
 * A `zeroAsNull` column writes its zeros as NULLs, which take no bytes: most of a ledger
 * month's numbers are 0, and the bytes written were a quarter of a worker's time; the
 * views that read the files turn them back into 0 (STAGED_VIEWS in sql.ts).
 * The engine's threads write their output this way so that DuckDB reads it back with all
 * its threads, instead of the main thread appending every value through the Appender
 * (which cost about as much CPU as the engine itself). Format: apache/parquet-format
 * (parquet.thrift), metadata in Thrift's compact protocol.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { endianness } from "node:os";
import type { PackedTable } from "./pack.ts";

/** DOUBLE and INT32 columns come from a PackedTable's numbers, UTF8 from its texts. */
export type ParquetType = "DOUBLE" | "INT32" | "UTF8";
export interface ParquetColumn {
  name: string;
  type: ParquetType;
  /** Write +0 as NULL (the column must have no NULLs of its own). */
  zeroAsNull?: boolean;
}

// parquet.thrift's enums.
const TYPE = { INT32: 1, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
const OPTIONAL = 1;
const CONVERTED_UTF8 = 0;
const PLAIN = 0;
const RLE = 3;
const DATA_PAGE = 0;
const UNCOMPRESSED = 0;

// Thrift compact protocol's field types.
const T_I32 = 5;
const T_I64 = 6;
const T_BINARY = 8;
const T_LIST = 9;
const T_STRUCT = 12;

if (endianness() !== "LE") throw new Error("Parquet-skrivaren förutsätter little-endian.");

/** Thrift compact protocol, just what Parquet's metadata needs. */
class Thrift {
  private readonly out: number[] = [];
  private last: number[] = [0];

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
  private byte(b: number): void {
    this.out.push(b);
  }
  private varint(n: number): void {
    pushVarint(this.out, n);
  }
  private field(id: number, type: number): void {
    const delta = id - this.last[this.last.length - 1];
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type);
    else {
      this.byte(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }
  private zigzag(n: number): void {
    this.varint(n >= 0 ? 2 * n : -2 * n - 1);
  }
  i32(id: number, n: number): this {
    this.field(id, T_I32);
    this.zigzag(n);
    return this;
  }
  i64(id: number, n: number): this {
    this.field(id, T_I64);
    this.zigzag(n);
    return this;
  }
  string(id: number, s: string): this {
    this.field(id, T_BINARY);
    this.binary(s);
    return this;
  }
  private binary(s: string): void {
    const b = utf8.encode(s);
    this.varint(b.length);
    for (const x of b) this.byte(x);
  }
  private listHeader(n: number, type: number): void {
    if (n < 15) this.byte((n << 4) | type);
    else {
      this.byte(0xf0 | type);
      this.varint(n);
    }
  }
  i32List(id: number, xs: readonly number[]): this {
    this.field(id, T_LIST);
    this.listHeader(xs.length, T_I32);
    for (const x of xs) this.zigzag(x);
    return this;
  }
  stringList(id: number, xs: readonly string[]): this {
    this.field(id, T_LIST);
    this.listHeader(xs.length, T_BINARY);
    for (const x of xs) this.binary(x);
    return this;
  }
  structList<T>(id: number, xs: readonly T[], each: (t: this, x: T) => void): this {
    this.field(id, T_LIST);
    this.listHeader(xs.length, T_STRUCT);
    for (const x of xs) {
      this.last.push(0);
      each(this, x);
      this.end();
    }
    return this;
  }
  struct(id: number, body: (t: this) => void): this {
    this.field(id, T_STRUCT);
    this.last.push(0);
    body(this);
    this.end();
    return this;
  }
  /** Ends the current struct (the top level's too). */
  end(): this {
    this.byte(0);
    this.last.pop();
    return this;
  }
}

const utf8 = new TextEncoder();

/** Unsigned varint (ULEB128) of a non-negative whole number below 2^53, as Thrift and Parquet's RLE runs write it. */
function pushVarint(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

/** A column's physical type in parquet.thrift. */
const physical = (c: ParquetColumn) => (c.type === "UTF8" ? TYPE.BYTE_ARRAY : TYPE[c.type]);

interface ChunkMeta {
  type: number;
  name: string;
  values: number;
  size: number;
  offset: number;
}

/** One Parquet file written row group by row group; `close` writes the footer. */
export class ParquetFile {
  private readonly fd: number;
  private offset = 0;
  private rows = 0;
  private readonly groups: { rows: number; size: number; chunks: ChunkMeta[] }[] = [];
  private readonly numeric: number;
  /** Buffers reused from row group to row group: fresh ones per group cost garbage collections. */
  private readonly scratch = new Scratch();

  constructor(
    readonly path: string,
    private readonly columns: readonly ParquetColumn[],
  ) {
    const texts = columns.filter((c) => c.type === "UTF8").length;
    if (texts > 1 || (texts === 1 && columns[columns.length - 1].type !== "UTF8"))
      throw new Error("Parquet: högst en textkolumn, och den sist.");
    this.numeric = columns.length - texts;
    this.fd = openSync(path, "w", 0o600);
    this.write(utf8.encode("PAR1"));
  }

  private write(b: Uint8Array): void {
    for (let at = 0; at < b.length; ) at += writeSync(this.fd, b, at, b.length - at);
    this.offset += b.length;
  }

  /** Appends a table's rows as one row group: its numbers (NaN = NULL) and its texts, if the schema has a text column. */
  writeRowGroup(t: PackedTable): void {
    if (t.n === 0) return;
    const width = t.f.length / t.n;
    if (width !== this.numeric) throw new Error(`Parquet: ${width} talkolumner, schemat har ${this.numeric}.`);
    const chunks: ChunkMeta[] = [];
    const start = this.offset;
    const s = this.scratch;
    const numbers = s.transpose(t.f, t.n, width);
    for (let c = 0; c < this.columns.length; c++) {
      const col = this.columns[c];
      const { levels: defs, values } =
        col.type === "UTF8" ? textColumn(t, s) : numberColumn(numbers.subarray(c * t.n, (c + 1) * t.n), col, s);
      const size = defs.length + values.length;
      // A page's sizes are 32-bit in the format; a block of 1 000 cases needs a few MB.
      if (size > 0x7fffffff) throw new Error(`Parquet: en sida på ${size} byte är för stor (${col.name}).`);
      const header = new Thrift()
        .i32(1, DATA_PAGE)
        .i32(2, size)
        .i32(3, size)
        .struct(5, (h) => h.i32(1, t.n).i32(2, PLAIN).i32(3, RLE).i32(4, RLE))
        .end()
        .bytes();
      const offset = this.offset;
      this.write(header);
      this.write(defs);
      this.write(values);
      chunks.push({ type: physical(col), name: col.name, values: t.n, size: header.length + size, offset });
    }
    this.groups.push({ rows: t.n, size: this.offset - start, chunks });
    this.rows += t.n;
  }

  close(): void {
    try {
      const meta = new Thrift()
        .i32(1, 1)
        .structList(2, [null, ...this.columns], (s, c) => {
          if (c === null) s.string(4, "schema").i32(5, this.columns.length);
          else {
            s.i32(1, physical(c)).i32(3, OPTIONAL).string(4, c.name);
            if (c.type === "UTF8") s.i32(6, CONVERTED_UTF8);
          }
        })
        .i64(3, this.rows)
        .structList(4, this.groups, (g, rg) =>
          g
            .structList(1, rg.chunks, (cc, ch) =>
              cc.i64(2, ch.offset).struct(3, (m) =>
                m
                  .i32(1, ch.type)
                  .i32List(2, [PLAIN, RLE])
                  .stringList(3, [ch.name])
                  .i32(4, UNCOMPRESSED)
                  .i64(5, ch.values)
                  .i64(6, ch.size)
                  .i64(7, ch.size)
                  .i64(9, ch.offset),
              ),
            )
            .i64(2, rg.size)
            .i64(3, rg.rows),
        )
        .string(6, "ledsagning")
        .end()
        .bytes();
      const tail = new Uint8Array(8);
      new DataView(tail.buffer).setInt32(0, meta.length, true);
      tail.set(utf8.encode("PAR1"), 4);
      this.write(meta);
      this.write(tail);
    } finally {
      closeSync(this.fd);
    }
  }
}

/**
 * Definition levels (1 = value, 0 = NULL) in the RLE/bit-packing hybrid with bit width 1,
 * after the 4-byte length that precedes them in a data page: one run if every value is
 * there or none is, else bit-packed (`bits`: bit i of byte i >> 3, LSB first, as many
 * whole bytes as groups of 8; the reader stops at the page's count of values).
 */
function levels(n: number, present: number, bits: Uint8Array): Uint8Array {
  const out: number[] = [];
  const uniform = present === n || present === 0;
  const packed = uniform ? 0 : Math.ceil(n / 8);
  if (uniform) {
    pushVarint(out, n * 2);
    out.push(present === 0 ? 0 : 1);
  } else pushVarint(out, (packed * 2) | 1);
  const bytes = new Uint8Array(4 + out.length + packed);
  new DataView(bytes.buffer).setInt32(0, out.length + packed, true);
  bytes.set(out, 4);
  bytes.set(bits.subarray(0, packed), 4 + out.length);
  return bytes;
}

/** A file's reusable buffers, grown as needed. */
class Scratch {
  private cols = new Float64Array(0);
  private int = new Int32Array(0);
  private bits = new Uint8Array(0);

  /**
   * The row-major numbers column by column (column c at c·n), read in row order: reading
   * a column at a time would stride through the whole block once per column.
   */
  transpose(f: Float64Array, n: number, width: number): Float64Array {
    if (this.cols.length < n * width) this.cols = new Float64Array(2 * n * width);
    const cols = this.cols;
    for (let i = 0, o = 0; i < n; i++, o += width) for (let c = 0, d = i; c < width; c++, d += n) cols[d] = f[o + c];
    return cols;
  }
  ints(n: number): Int32Array {
    if (this.int.length < n) this.int = new Int32Array(2 * n);
    return this.int;
  }
  /** Room for n definition levels' bits, cleared. */
  levelBits(n: number): Uint8Array {
    const bytes = Math.ceil(n / 8);
    if (this.bits.length < bytes) this.bits = new Uint8Array(2 * bytes);
    this.bits.fill(0, 0, bytes);
    return this.bits;
  }
}

const asBytes = (a: Float64Array | Int32Array, n: number) => new Uint8Array(a.buffer, a.byteOffset, n * a.BYTES_PER_ELEMENT);

/**
 * A number column's levels and values; its values are compacted in place (the column is
 * scratch), without the NULLs (NaN) or, for a zeroAsNull column, without its zeros.
 */
function numberColumn(a: Float64Array, col: ParquetColumn, s: Scratch): { levels: Uint8Array; values: Uint8Array } {
  const n = a.length;
  const bits = s.levelBits(n);
  const zeroAsNull = col.zeroAsNull === true;
  let present = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    if (x !== x) {
      if (zeroAsNull) throw new Error(`Parquet: NULL i kolumnen ${col.name}, som skriver sina nollor som NULL.`);
      continue;
    }
    // -0 stays a value: only +0 is read back as the 0 it stands for.
    if (zeroAsNull && x === 0 && 1 / x > 0) continue;
    bits[i >> 3] |= 1 << (i & 7);
    a[present++] = x;
  }
  return { levels: levels(n, present, bits), values: col.type === "INT32" ? ints(a, col.name, present, s) : asBytes(a, present) };
}

function ints(a: Float64Array, name: string, present: number, s: Scratch): Uint8Array {
  const out = s.ints(present);
  for (let i = 0; i < present; i++) {
    const x = a[i];
    if ((x | 0) !== x) throw new Error(`Parquet: ${x} är inget heltal (kolumnen ${name}).`);
    out[i] = x;
  }
  return asBytes(out, present);
}

function textColumn(t: PackedTable, s: Scratch): { levels: Uint8Array; values: Uint8Array } {
  const texts = t.texts;
  if (texts === null) throw new Error("Parquet: tabellen saknar texter.");
  const { isNull, plain } = texts;
  const bits = s.levelBits(t.n);
  let present = 0;
  for (let i = 0; i < t.n; i++)
    if (isNull[i] === 0) {
      bits[i >> 3] |= 1 << (i & 7);
      present++;
    }
  return { levels: levels(t.n, present, bits), values: plain };
}
