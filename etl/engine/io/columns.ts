import { DuckDBTypeId, type DuckDBDataChunk, type DuckDBVector } from "@duckdb/node-api";

/**
 * Records kept column by column in typed arrays on SharedArrayBuffers, so that the
 * engine's worker threads receive them without a copy. Sent as objects, the national
 * set's 470 000 beslut took ~1 s to serialise per worker on the main thread and 2–3 s to
 * deserialise in each worker before it could start.
 */

interface TypedConstructor {
  new (buffer: SharedArrayBuffer): Int32Array | Int16Array | Uint8Array | Float64Array;
  BYTES_PER_ELEMENT: number;
}

/** A typed array of `n` elements on a SharedArrayBuffer (zeroed). */
export function shared(Type: Int32ArrayConstructor, n: number): Int32Array;
export function shared(Type: Int16ArrayConstructor, n: number): Int16Array;
export function shared(Type: Uint8ArrayConstructor, n: number): Uint8Array;
export function shared(Type: Float64ArrayConstructor, n: number): Float64Array;
export function shared(Type: TypedConstructor, n: number): Int32Array | Int16Array | Uint8Array | Float64Array {
  return new Type(new SharedArrayBuffer(n * Type.BYTES_PER_ELEMENT));
}

/** A copy of `a` on a SharedArrayBuffer. */
export function sharedCopy(Type: Int32ArrayConstructor, a: ArrayLike<number>): Int32Array;
export function sharedCopy(Type: Int16ArrayConstructor, a: ArrayLike<number>): Int16Array;
export function sharedCopy(Type: Uint8ArrayConstructor, a: ArrayLike<number>): Uint8Array;
export function sharedCopy(Type: Float64ArrayConstructor, a: ArrayLike<number>): Float64Array;
export function sharedCopy(Type: TypedConstructor, a: ArrayLike<number>): Int32Array | Int16Array | Uint8Array | Float64Array {
  const x = new Type(new SharedArrayBuffer(a.length * Type.BYTES_PER_ELEMENT));
  x.set(a);
  return x;
}

/** A text column: each row's code in `dict` (−1 for null). */
interface Texts {
  codes: Int32Array;
  dict: string[];
}

/**
 * Number and text columns of `length` records. Numbers are doubles with NaN for null (the
 * loaded data never hold NaN: the contract accepts finite numbers only), read from DOUBLE
 * columns in which the query turned NULL into NaN (NUM in sql.ts); booleans are stored as
 * 0/1 numbers; texts are dictionary-coded, by the query where it can (CODE in sql.ts).
 */
export class ColumnStore<N extends string, S extends string> {
  /** Made by ColumnBuilder.finish, ColumnStore.empty or ColumnStore.revive. */
  constructor(
    readonly length: number,
    private readonly nums: Record<N, Float64Array>,
    private readonly texts: Record<S, Texts>,
  ) {}

  num(k: N, i: number): number | null {
    const v = this.nums[k][i];
    return Number.isNaN(v) ? null : v;
  }

  str(k: S, i: number): string | null {
    const t = this.texts[k];
    const c = t.codes[i];
    return c < 0 ? null : t.dict[c];
  }

  /** The store as a worker thread received it (structured clone keeps the data, not the class). */
  static revive<N extends string, S extends string>(data: ColumnStore<N, S>): ColumnStore<N, S> {
    return new ColumnStore(data.length, data.nums, data.texts);
  }

  /** An empty store (before reading). */
  static empty<N extends string, S extends string>(): ColumnStore<N, S> {
    return new ColumnStore(0, {} as Record<N, Float64Array>, {} as Record<S, Texts>);
  }

  /**
   * A builder that reads the records from query chunks: each key from the chunk column
   * numbered in `num` (DOUBLE, NaN for NULL) or `text` (texts; for a key in `coded`, the
   * column holds INTEGER codes into the given values, −1 for NULL).
   */
  static builder<N extends string, S extends string>(
    num: Record<N, number>,
    text: Record<S, number>,
    coded: Partial<Record<S, readonly string[]>> = {},
  ): ColumnBuilder<N, S> {
    return new ColumnBuilder(num, text, coded);
  }
}

/**
 * The typed array that holds a vector's values: node-api's own field `items` (not in its
 * typings). For number columns that are never NULL (a NULL's slot holds an arbitrary
 * value), or that the query made so: millions of rows nationally, where getItem per value
 * costs seconds.
 */
export const vectorItems = <T = ArrayLike<number>>(v: DuckDBVector): T => (v as unknown as { items: T }).items;

/** vectorItems of a vector that must be of `type` (the query's promise, checked). */
const itemsOf = <T>(v: DuckDBVector, type: DuckDBTypeId, col: number): T => {
  if (v.type.typeId !== type) throw new Error(`ColumnStore: kolumn ${col} är ${v.type.toString()}, inte ${DuckDBTypeId[type]}.`);
  return vectorItems<T>(v);
};

/** Texts numbered in the order first seen: a dictionary built while reading. */
export class TextCodes {
  readonly dict: string[] = [];
  private readonly index = new Map<string, number>();
  code(text: string): number {
    let c = this.index.get(text);
    if (c === undefined) {
      c = this.dict.push(text) - 1;
      this.index.set(text, c);
    }
    return c;
  }
}

export class ColumnBuilder<N extends string, S extends string> {
  private rows = 0;
  private readonly nums: { k: N; col: number; values: number[] }[];
  /** Each text column's codes, and its values: given (`coded`) or gathered while reading. */
  private readonly texts: { k: S; col: number; codes: number[]; given: readonly string[] | undefined; seen: TextCodes }[];

  constructor(num: Record<N, number>, text: Record<S, number>, coded: Partial<Record<S, readonly string[]>>) {
    this.nums = (Object.entries(num) as [N, number][]).map(([k, col]) => ({ k, col, values: [] }));
    this.texts = (Object.entries(text) as [S, number][]).map(([k, col]) => ({ k, col, codes: [], given: coded[k], seen: new TextCodes() }));
  }

  /** Appends the chunk's rows, column by column. */
  add(c: DuckDBDataChunk): void {
    const rows = c.rowCount;
    for (const x of this.nums) {
      // Straight from the vector's typed array: getItem per value took seconds nationally.
      const items = itemsOf<Float64Array>(c.getColumnVector(x.col), DuckDBTypeId.DOUBLE, x.col);
      for (let r = 0; r < rows; r++) x.values.push(items[r]);
    }
    for (const x of this.texts) {
      const v = c.getColumnVector(x.col);
      if (x.given) {
        const items = itemsOf<Int32Array>(v, DuckDBTypeId.INTEGER, x.col);
        for (let r = 0; r < rows; r++) x.codes.push(items[r]);
        continue;
      }
      // A column coded by the query but given no values would be read as texts of its codes.
      if (v.type.typeId !== DuckDBTypeId.VARCHAR) throw new Error(`ColumnStore: kolumn ${x.col} är ${v.type.toString()}, inte VARCHAR.`);
      for (let r = 0; r < rows; r++) {
        const item = v.getItem(r) as string | null;
        x.codes.push(item === null ? -1 : x.seen.code(item));
      }
    }
    this.rows += rows;
  }

  finish(): ColumnStore<N, S> {
    const nums = {} as Record<N, Float64Array>;
    const texts = {} as Record<S, Texts>;
    for (const x of this.nums) nums[x.k] = sharedCopy(Float64Array, x.values);
    for (const x of this.texts) texts[x.k] = { codes: sharedCopy(Int32Array, x.codes), dict: x.given ? [...x.given] : x.seen.dict };
    return new ColumnStore(this.rows, nums, texts);
  }
}
