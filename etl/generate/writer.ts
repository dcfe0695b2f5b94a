/**
 * Streaming CSV output. Each row is encoded field by field straight into a 1 MB byte
 * chunk, which goes to the file stream when full: no line strings are built, so there is
 * nothing large for the garbage collector to carry. When the stream signals backpressure
 * the generator awaits `drain()` before it simulates the next person, so memory stays
 * bounded at any scale.
 *
 * Field rules: null is empty; booleans are ja/nej (as the contract's `ombokad`); numbers
 * get at most two decimals with the dialect's mark; text is quoted only when it holds the
 * separator, a quote or a line break.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import {
  COLUMNS,
  TABLES,
  type AvbokningRow,
  type BeslutRow,
  type OmkostnadRow,
  type TableName,
  type UtfordaRow,
  type UtforareRow,
} from "../contract.ts";
import { formatNumber, type Dialect } from "./dialect.ts";

const CHUNK_BYTES = 1 << 20;
/** Free space ensured before each field that is not text (numbers, ja/nej, separators). */
const SMALL_FIELD_BYTES = 64;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export type CsvValue = string | number | boolean | null;

export class TableWriter<Row extends object> {
  rows = 0;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private blocked = false;
  private failure: Error | null = null;
  private readonly stream: WriteStream;
  private readonly columns: readonly string[];
  private readonly sepCode: number;
  private readonly eol: string;

  constructor(
    readonly table: TableName,
    readonly path: string,
    private readonly dialect: Dialect,
  ) {
    this.columns = COLUMNS[table];
    this.sepCode = dialect.sep.charCodeAt(0);
    this.eol = dialect.eol;
    this.stream = createWriteStream(path, { highWaterMark: 4 * CHUNK_BYTES });
    // Kept, not thrown from the event: drain() and close() report it to the awaiting caller.
    this.stream.on("error", (err) => {
      this.failure = err;
    });
    this.writeAscii(this.columns.join(dialect.sep));
    this.writeAscii(this.eol);
  }

  write(row: Row): void {
    const record = row as Record<string, CsvValue>;
    const columns = this.columns;
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) {
        this.room(1);
        this.chunk[this.used++] = this.sepCode;
      }
      const v = record[columns[i]];
      if (v === null || v === undefined) continue;
      if (typeof v === "string") this.writeText(v);
      else if (typeof v === "number") this.writeAscii(formatNumber(v, this.dialect));
      else this.writeAscii(v ? "ja" : "nej");
    }
    this.writeAscii(this.eol);
    this.rows++;
  }

  /** True when the stream asked us to wait: the caller should await drain(). */
  get needsDrain(): boolean {
    return this.blocked || this.failure !== null;
  }

  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.blocked) return;
    await once(this.stream, "drain");
    this.blocked = false;
  }

  async close(): Promise<void> {
    this.flush();
    await this.drain();
    this.stream.end();
    await once(this.stream, "close");
    if (this.failure) throw this.failure;
  }

  private room(bytes: number): void {
    if (this.used + bytes <= this.chunk.length) return;
    this.flush();
    if (bytes > this.chunk.length) this.chunk = Buffer.allocUnsafe(bytes);
  }

  /** Text known to be ASCII without separators (numbers, ja/nej, header, line end). */
  private writeAscii(s: string): void {
    this.room(Math.max(SMALL_FIELD_BYTES, s.length));
    const buf = this.chunk;
    let pos = this.used;
    for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
    this.used = pos;
  }

  private writeText(s: string): void {
    const sep = this.sepCode;
    let quote = false;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === sep || c === QUOTE || c === CR || c === LF) {
        quote = true;
        break;
      }
    }
    this.room(s.length * 2 * this.dialect.maxBytesPerChar + 2);
    const buf = this.chunk;
    const dialect = this.dialect;
    let pos = this.used;
    if (quote) buf[pos++] = QUOTE;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        buf[pos++] = c;
        if (c === QUOTE) buf[pos++] = QUOTE; // doubled inside a quoted field
      } else {
        pos = dialect.encodeNonAscii(s, i, c, buf, pos);
        if (dialect.consumesPair && c >= 0xd800 && c <= 0xdbff) i++;
      }
    }
    if (quote) buf[pos++] = QUOTE;
    this.used = pos;
  }

  private flush(): void {
    if (this.used === 0) return;
    // The stream keeps the written chunk until it is on disk, so the next rows get a new one.
    const ok = this.stream.write(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    if (!ok) this.blocked = true;
  }
}

/** A beslut row as written: lagrum may be in the long form the contract also accepts. */
export type BeslutCsvRow = Omit<BeslutRow, "lagrum"> & { lagrum: string };

/** The five contract files, one writer each. */
export interface Sink {
  beslut: TableWriter<BeslutCsvRow>;
  utforda_timmar: TableWriter<UtfordaRow>;
  avbokningar: TableWriter<AvbokningRow>;
  omkostnader: TableWriter<OmkostnadRow>;
  utforare: TableWriter<UtforareRow>;
}

export function openSink(outDir: string, dialect: Dialect): Sink {
  const open = <R extends object>(table: TableName) =>
    new TableWriter<R>(table, join(outDir, `${table}.csv`), dialect);
  return {
    beslut: open("beslut"),
    utforda_timmar: open("utforda_timmar"),
    avbokningar: open("avbokningar"),
    omkostnader: open("omkostnader"),
    utforare: open("utforare"),
  };
}

export function sinkWriters(sink: Sink): TableWriter<object>[] {
  return TABLES.map((t) => sink[t] as TableWriter<object>);
}

/** Awaits every writer that signalled backpressure (or rethrows its write error). */
export async function drainSink(sink: Sink): Promise<void> {
  for (const w of sinkWriters(sink)) if (w.needsDrain) await w.drain();
}
