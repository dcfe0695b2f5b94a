/**
 * Streaming CSV output: rows are formatted and encoded straight into a 1 MB byte chunk,
 * which goes to the file stream when full (no large strings for the GC to carry). When the file stream signals backpressure the generator awaits
 * `drain()` before it simulates the next person, so memory stays bounded whatever the scale.
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
import { formatField, type CsvValue, type Dialect } from "./dialect.ts";

const CHUNK_BYTES = 1 << 20;
/** Lines are joined into strings of about this many chars before encoding: fewer native calls. */
const PENDING_CHARS = 1 << 16;

export class TableWriter<Row extends object> {
  rows = 0;
  private pending: string[] = [];
  private pendingChars = 0;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private blocked = false;
  private failure: Error | null = null;
  private readonly stream: WriteStream;
  private readonly columns: readonly string[];

  constructor(
    readonly table: TableName,
    readonly path: string,
    private readonly dialect: Dialect,
  ) {
    this.columns = COLUMNS[table];
    this.stream = createWriteStream(path, { highWaterMark: 4 * CHUNK_BYTES });
    // Kept, not thrown from the event: drain() and close() report it to the awaiting caller.
    this.stream.on("error", (err) => {
      this.failure = err;
    });
    this.append(this.columns.join(dialect.sep) + dialect.eol);
  }

  write(row: Row): void {
    const record = row as Record<string, CsvValue>;
    const { sep, eol } = this.dialect;
    let line = formatField(record[this.columns[0]], this.dialect);
    for (let i = 1; i < this.columns.length; i++) {
      line += sep + formatField(record[this.columns[i]], this.dialect);
    }
    line += eol;
    this.pending.push(line);
    this.pendingChars += line.length;
    this.rows++;
    if (this.pendingChars >= PENDING_CHARS) this.encodePending();
  }

  private encodePending(): void {
    const text = this.pending.join("");
    this.pending = []; // cleared first: append() may flush, and flush() encodes what is pending
    this.pendingChars = 0;
    this.append(text);
  }

  private append(text: string): void {
    const room = text.length * this.dialect.maxBytesPerChar;
    if (this.used + room > this.chunk.length) {
      this.flush();
      if (room > this.chunk.length) this.chunk = Buffer.allocUnsafe(room);
    }
    this.used += this.dialect.encodeInto(text, this.chunk, this.used);
  }

  /** True when the stream asked us to wait: the caller should await drain(). */
  get needsDrain(): boolean {
    return this.blocked;
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

  private flush(): void {
    if (this.pendingChars > 0) this.encodePending();
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

/** Awaits every writer that signalled backpressure. */
export async function drainSink(sink: Sink): Promise<void> {
  for (const w of sinkWriters(sink)) if (w.needsDrain) await w.drain();
}
