/**
 * The two CSV dialects: Swedish Excel (`;`, decimal comma, Windows-1252, CRLF) as the
 * default, since that is what kommuner deliver, and plain UTF-8 (`,`, point, LF) for tests.
 */

export type DialectName = "excel" | "utf8";

export interface Dialect {
  name: DialectName;
  sep: string;
  decimal: string;
  eol: string;
  /** Most bytes one UTF-16 code unit can take, to size buffers. */
  maxBytesPerChar: number;
  /** Writes the bytes of a non-ASCII character (code unit `code` at `text[i]`); returns the new position. */
  encodeNonAscii(text: string, i: number, code: number, buf: Uint8Array, pos: number): number;
  /** Whether `text[i]` was the first half of a surrogate pair that encodeNonAscii consumed whole. */
  consumesPair: boolean;
}

/**
 * Windows-1252 agrees with Latin-1 except in 0x80–0x9F, where it has typographic
 * characters instead of control codes. Those few are looked up; everything else in
 * U+00A0–U+00FF (å ä ö é § …) is its own byte. No iconv dependency is needed.
 */
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86,
  0x2021: 0x87, 0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c,
  0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95,
  0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b,
  0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};
const QUESTION = 0x3f;

function cp1252Byte(code: number): number {
  if (code >= 0xa0 && code <= 0xff) return code;
  return CP1252_HIGH[code] ?? QUESTION;
}

function utf8Bytes(text: string, i: number, code: number, buf: Uint8Array, pos: number): number {
  if (code < 0x800) {
    buf[pos++] = 0xc0 | (code >> 6);
    buf[pos++] = 0x80 | (code & 0x3f);
    return pos;
  }
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    const cp = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
    buf[pos++] = 0xf0 | (cp >> 18);
    buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
    buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
    buf[pos++] = 0x80 | (cp & 0x3f);
    return pos;
  }
  buf[pos++] = 0xe0 | (code >> 12);
  buf[pos++] = 0x80 | ((code >> 6) & 0x3f);
  buf[pos++] = 0x80 | (code & 0x3f);
  return pos;
}

export const DIALECTS: Record<DialectName, Dialect> = {
  excel: {
    name: "excel",
    sep: ";",
    decimal: ",",
    eol: "\r\n",
    maxBytesPerChar: 1,
    encodeNonAscii: (_text, _i, code, buf, pos) => {
      buf[pos] = cp1252Byte(code);
      return pos + 1;
    },
    consumesPair: false,
  },
  utf8: {
    name: "utf8",
    sep: ",",
    decimal: ".",
    eol: "\n",
    maxBytesPerChar: 3,
    encodeNonAscii: utf8Bytes,
    consumesPair: true,
  },
};

/** Encodes text in a dialect's encoding (for small texts and tests; the writer encodes in place). */
export function encodeText(text: string, dialect: Dialect): Buffer {
  const buf = Buffer.allocUnsafe(text.length * dialect.maxBytesPerChar + 1);
  let pos = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) buf[pos++] = c;
    else {
      pos = dialect.encodeNonAscii(text, i, c, buf, pos);
      if (dialect.consumesPair && c >= 0xd800 && c <= 0xdbff) i++;
    }
  }
  return buf.subarray(0, pos);
}

/** A number with at most two decimals and the dialect's decimal mark. */
export function formatNumber(value: number, dialect: Dialect): string {
  if (Number.isInteger(value)) return String(value);
  const text = String(Math.round(value * 100) / 100);
  return dialect.decimal === "." ? text : text.replace(".", dialect.decimal);
}
