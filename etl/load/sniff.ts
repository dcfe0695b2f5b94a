/**
 * The pre-scan of one file, before anything is loaded: is it a CSV file at all, its
 * encoding (UTF-8 with or without BOM, else Windows-1252), separator, header, which
 * contract file it is, and whether DuckDB may read it directly (the fast path) or the
 * JavaScript tokenizer must go first (the slow path). Reads the file once, in chunks,
 * with native scans only (isUtf8, indexOf), so it costs a fraction of the load itself.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { isAscii, isUtf8 } from "node:buffer";
import type { TableName } from "../contract.ts";
import { matchHeader, normaliseName } from "./header.ts";
import { tokenize } from "./tokenizer.ts";

export type Encoding = "utf-8" | "windows-1252";

export interface SniffedFile {
  path: string;
  size: number;
  table: TableName;
  encoding: Encoding;
  separator: ";" | ",";
  /** Header fields as written. */
  header: string[];
  /** Contract column → position in a record. */
  index: Map<string, number>;
  /** Physical lines after the header: the record count if every record is one line. */
  dataLines: number;
  /** DuckDB may read the file itself, with one record per line. */
  fastPath: boolean;
  /** The file may hold space characters, so values must be trimmed. */
  needsTrim: boolean;
}

export type SniffResult =
  | { ok: true; file: SniffedFile }
  | { ok: false; table: TableName | null; message: string };

const CHUNK = 4 << 20;
const HEADER_LIMIT = 64 << 10;

export function sniffFile(path: string): SniffResult {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, table: null, message: "Inte en vanlig fil." };
    size = st.size;
  } catch {
    return { ok: false, table: null, message: "Filen finns inte eller går inte att läsa." };
  }
  if (size === 0) return { ok: false, table: null, message: "Filen är tom: rubrikrad saknas." };

  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(Math.min(size, HEADER_LIMIT));
    readSync(fd, head, 0, head.length, 0);
    const early = rejectByMagic(head);
    if (early) return { ok: false, table: null, message: early };

    const header = readHeader(head, size);
    if (!header.ok) return { ok: false, table: null, message: header.message };
    const match = matchHeader(header.fields, path);
    if (!match.ok) return match;

    const scan = scanBody(fd, size, header.separator.charCodeAt(0));
    if (scan.nul) {
      return { ok: false, table: match.table, message: "Filen är inte en textfil (CSV): den innehåller binära tecken." };
    }
    const encoding: Encoding = scan.utf8 ? "utf-8" : "windows-1252";
    const lines = scan.lf + (scan.endsWithLf ? 0 : 1);
    const fastPath =
      // The personnummer must be pseudonymised in JavaScript before DuckDB sees the file.
      !header.names.includes("personnummer") &&
      // DuckDB reads Latin-1, which differs from Windows-1252 only in 0x80–0x9F.
      (scan.utf8 || !scan.c1Risk) &&
      // A lone CR is a line break to DuckDB but not to the line count.
      (scan.cr === 0 || scan.cr === scan.lf);
    return {
      ok: true,
      file: {
        path,
        size,
        table: match.table,
        encoding,
        separator: header.separator,
        header: header.fields,
        index: match.index,
        dataLines: lines - 1,
        fastPath,
        needsTrim: scan.space,
      },
    };
  } finally {
    closeSync(fd);
  }
}

function rejectByMagic(head: Buffer): string | null {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    return "Filen är en Excel-arbetsbok (xlsx), inte CSV. Spara den som CSV (semikolonavgränsad) och försök igen.";
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return "Filen är kodad som UTF-16, som inte stöds. Spara den som UTF-8 eller Windows-1252.";
  }
  if (head.indexOf(0) !== -1) return "Filen är inte en textfil (CSV): den innehåller binära tecken.";
  return null;
}

type Header =
  | { ok: true; fields: string[]; names: string[]; separator: ";" | "," }
  | { ok: false; message: string };

function readHeader(head: Buffer, size: number): Header {
  const lf = head.indexOf(10);
  if (lf === -1 && size > head.length) {
    return { ok: false, message: "Hittar ingen rubrikrad: första raden är orimligt lång. Är det en CSV-fil?" };
  }
  let bytes = head.subarray(0, lf === -1 ? head.length : lf);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const text = new TextDecoder(isUtf8(bytes) ? "utf-8" : "windows-1252").decode(bytes).replace(/\r$/, "");

  // The separator is the one that splits the header into more known column names.
  const candidates = ([";", ","] as const).map((separator) => {
    const fields = tokenize(text, separator)[0]?.fields ?? [];
    return { separator, fields, names: fields.map(normaliseName) };
  });
  const best = candidates.sort((a, b) => b.fields.length - a.fields.length)[0];
  if (best.fields.length < 2) {
    return { ok: false, message: "Hittar ingen avgränsare (; eller ,) i rubrikraden. Är det en CSV-fil?" };
  }
  return { ok: true, ...best };
}

interface BodyScan {
  utf8: boolean;
  /** Windows-1252 bytes 0x80–0x9F may occur: Latin-1 decoding would get them wrong. */
  c1Risk: boolean;
  nul: boolean;
  /** Some value may start or end with a space character (see mayNeedTrim). */
  space: boolean;
  lf: number;
  cr: number;
  endsWithLf: boolean;
}

function scanBody(fd: number, size: number, sep: number): BodyScan {
  const s: BodyScan = { utf8: true, c1Risk: false, nul: false, space: false, lf: 0, cr: 0, endsWithLf: false };
  const buf = Buffer.allocUnsafe(CHUNK + 4);
  let carry = 0; // bytes of an incomplete UTF-8 sequence moved to the front of buf
  let nonAsciiSeen = false;
  let prev = 10; // the byte before the chunk: the file starts like a line
  let spaceAtEnd = false; // the previous chunk ended in a space: its neighbour is here
  for (let pos = 0; pos < size; ) {
    const n = readSync(fd, buf, carry, CHUNK, pos);
    if (n <= 0) break;
    pos += n;
    const fresh = buf.subarray(carry, carry + n);
    const all = buf.subarray(0, carry + n);
    if (fresh.indexOf(0) !== -1) s.nul = true;
    s.lf += countByte(fresh, 10);
    s.cr += countByte(fresh, 13);
    if (pos >= size) s.endsWithLf = fresh[fresh.length - 1] === 10;

    const cut = pos >= size ? all.length : completeUtf8Prefix(all);
    const whole = all.subarray(0, cut);
    const wholeIsUtf8 = isUtf8(whole);
    if (!s.space && whole.length > 0) {
      s.space = (spaceAtEnd && isEdge(whole[0], sep)) || mayNeedTrim(whole, sep, wholeIsUtf8, prev);
      spaceAtEnd = whole[whole.length - 1] === 0x20;
      prev = whole[whole.length - 1];
    }
    if (s.utf8 && !wholeIsUtf8) {
      s.utf8 = false;
      // Earlier chunks passed as UTF-8; if they held non-ASCII bytes the file mixes
      // encodings and those bytes may be in 0x80–0x9F.
      if (nonAsciiSeen) s.c1Risk = true;
    }
    if (s.utf8) {
      if (!nonAsciiSeen && !isAscii(whole)) nonAsciiSeen = true;
    } else if (!s.c1Risk && hasC1(whole)) {
      s.c1Risk = true;
    }
    carry = all.length - cut;
    if (carry > 0) all.copyWithin(0, cut);
  }
  if (spaceAtEnd) s.space = true; // the last value ends in a space
  return s;
}

/**
 * Whether a value in `b` may start or end with a space character, i.e. whether the
 * values must be trimmed (trim() is a large part of the load's cost). An ASCII space
 * counts when it touches a separator, quote or line break (`prev` is the byte before the
 * chunk); a Unicode
 * space other than ASCII counts wherever it occurs (no-break space: 0xA0 in Windows-1252,
 * C2 A0 in UTF-8; the three-byte ones U+1680, U+2000–U+200A, U+202F, U+205F, U+3000).
 */
function mayNeedTrim(b: Buffer, sep: number, utf8: boolean, prev: number): boolean {
  for (let i = b.indexOf(0x20); i !== -1; i = b.indexOf(0x20, i + 1)) {
    // A space ending the chunk is judged with the next chunk's first byte (scanBody).
    if (isEdge(i > 0 ? b[i - 1] : prev, sep) || (i + 1 < b.length && isEdge(b[i + 1], sep))) return true;
  }
  if (!utf8) return b.indexOf(0xa0) !== -1;
  if (b.indexOf(NBSP_UTF8) !== -1 || UNICODE_SPACES.some((seq) => b.indexOf(seq) !== -1)) return true;
  // E2 80 xx is also punctuation (– ’ “ …); only 80–8A and AF are spaces.
  for (let i = b.indexOf(E2_80); i !== -1; i = b.indexOf(E2_80, i + 1)) {
    const third = b[i + 2];
    if (third === undefined || third <= 0x8a || third === 0xaf) return true;
  }
  return false;
}

/** A byte that ends or starts a value: separator, quote, line break. */
function isEdge(byte: number, sep: number): boolean {
  return byte === sep || byte === 0x22 || byte === 10 || byte === 13;
}

const NBSP_UTF8 = Buffer.from([0xc2, 0xa0]);
const E2_80 = Buffer.from([0xe2, 0x80]);
const UNICODE_SPACES = [[0xe1, 0x9a, 0x80], [0xe2, 0x81, 0x9f], [0xe3, 0x80, 0x80]].map((b) => Buffer.from(b));

function countByte(b: Buffer, byte: number): number {
  let count = 0;
  for (let i = b.indexOf(byte); i !== -1; i = b.indexOf(byte, i + 1)) count++;
  return count;
}

/** Whether a byte in 0x80–0x9F occurs: four bytes at a time, as this scans whole files. */
function hasC1(b: Buffer): boolean {
  const head = (4 - (b.byteOffset % 4)) % 4;
  const words = Math.max(0, (b.length - head) >> 2);
  const u32 = new Uint32Array(b.buffer, b.byteOffset + head, words);
  for (let i = 0; i < u32.length; i++) {
    const w = u32[i];
    // Per byte: high bit set, and bits 6 and 5 (shifted up into bit 7) clear.
    if ((w & 0x80808080 & ~(w << 1) & ~(w << 2)) !== 0) return true;
  }
  for (let i = 0; i < b.length; i++) {
    if (i === head) i += words * 4; // the words are done
    if (i < b.length && (b[i] & 0xe0) === 0x80) return true;
  }
  return false;
}

/** Length of `b` without a UTF-8 sequence cut off at its end. */
function completeUtf8Prefix(b: Buffer): number {
  for (let back = 1; back <= 3 && back <= b.length; back++) {
    const byte = b[b.length - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? b.length - back : b.length;
  }
  return b.length;
}
