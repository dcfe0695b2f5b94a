/**
 * A streaming CSV tokenizer for the slow path: quote-aware (separators, line breaks and
 * doubled quotes inside quoted fields), and it knows the physical line each record starts
 * on, which a reject must report. Text arrives in chunks of any size; a record may span
 * chunks.
 *
 * Line breaks are LF, CRLF or a lone CR (as DuckDB reads them). An empty line is not a
 * record. A quote inside an unquoted field is kept as text (DuckDB would refuse the row;
 * the value is still checked like any other).
 */

export interface CsvRecord {
  /** Physical line the record starts on (1 = the first line of the file). */
  line: number;
  fields: string[];
  /** Why the record is malformed, if it is. */
  malformed?: "unterminatedQuote" | "strayQuote";
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: either the first of a doubled quote, or the end. */
  QuoteInQuoted,
  /** After a closing quote, before the separator: text here is a stray. */
  AfterQuoted,
}

export class CsvTokenizer {
  private state = State.FieldStart;
  private fields: string[] = [];
  private field = "";
  private line = 1;
  private recordLine = 1;
  private recordStarted = false;
  private malformed: CsvRecord["malformed"];
  /** The previous chunk ended in CR: an LF at the start of this one belongs to it. */
  private pendingCr = false;
  private readonly sep: number;

  constructor(
    separator: string,
    private readonly onRecord: (record: CsvRecord) => void,
  ) {
    this.sep = separator.charCodeAt(0);
  }

  push(chunk: string): void {
    let i = 0;
    const n = chunk.length;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (n > 0 && chunk.charCodeAt(0) === LF) {
        if (this.state === State.Quoted) this.field += "\n";
        i = 1;
      }
    }
    let start = i; // start of the pending run of plain characters in `chunk`
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case State.FieldStart:
          if (!this.recordStarted) {
            this.recordStarted = true;
            this.recordLine = this.line;
          }
          if (c === QUOTE) {
            this.state = State.Quoted;
            start = i + 1;
          } else if (c === this.sep) {
            this.fields.push("");
            start = i + 1;
          } else if (c === LF || c === CR) {
            i = this.lineBreak(chunk, i);
            this.endRecord(true);
            start = i + 1;
          } else {
            this.state = State.Unquoted;
            start = i;
          }
          break;
        case State.Unquoted: {
          // Most characters are plain: skip to the next separator or line break at once.
          let d = c;
          while (d !== this.sep && d !== LF && d !== CR && ++i < n) d = chunk.charCodeAt(i);
          if (i === n) break; // the rest of the field is appended after the loop
          if (d === this.sep) {
            this.fields.push(this.field + chunk.slice(start, i));
            this.field = "";
            this.state = State.FieldStart;
            start = i + 1;
          } else {
            this.field += chunk.slice(start, i);
            i = this.lineBreak(chunk, i);
            this.endRecord(false);
            start = i + 1;
          }
          break;
        }
        case State.Quoted:
          if (c === QUOTE) {
            this.field += chunk.slice(start, i);
            this.state = State.QuoteInQuoted;
          } else if (c === LF) {
            this.line++;
          } else if (c === CR) {
            const next = i + 1 < n ? chunk.charCodeAt(i + 1) : -1;
            if (next === LF) i++;
            else if (i + 1 === n) this.pendingCr = true;
            this.line++;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            start = i + 1;
          } else {
            this.state = State.AfterQuoted;
            i--; // look at this character again in the new state
          }
          break;
        case State.AfterQuoted:
          if (c === this.sep) {
            this.fields.push(this.field);
            this.field = "";
            this.state = State.FieldStart;
            start = i + 1;
          } else if (c === LF || c === CR) {
            i = this.lineBreak(chunk, i);
            this.endRecord(false);
            start = i + 1;
          } else {
            // "abc"def: keep the text, but the record is malformed.
            this.malformed ??= "strayQuote";
            this.field += chunk[i];
          }
          break;
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.field += chunk.slice(start, n);
  }

  /** Flushes the last record (a file need not end with a line break). */
  end(): void {
    this.pendingCr = false;
    if (this.state === State.Quoted) this.malformed = "unterminatedQuote";
    if (this.recordStarted) this.endRecord(false);
  }

  /** Counts one line break at `i`; returns the index of its last character. */
  private lineBreak(chunk: string, i: number): number {
    this.line++;
    if (chunk.charCodeAt(i) === CR) {
      if (i + 1 < chunk.length) return chunk.charCodeAt(i + 1) === LF ? i + 1 : i;
      this.pendingCr = true;
    }
    return i;
  }

  private endRecord(atFieldStart: boolean): void {
    const emptyLine = atFieldStart && this.fields.length === 0;
    if (!emptyLine) {
      this.fields.push(this.field);
      this.onRecord({ line: this.recordLine, fields: this.fields, malformed: this.malformed });
    }
    this.fields = [];
    this.field = "";
    this.state = State.FieldStart;
    this.recordStarted = false;
    this.malformed = undefined;
  }
}

/** Tokenizes a whole string (for headers and tests). */
export function tokenize(text: string, separator: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const t = new CsvTokenizer(separator, (r) => records.push(r));
  t.push(text);
  t.end();
  return records;
}
