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
  /** Upper bound of bytes per UTF-16 code unit, to size write buffers. */
  maxBytesPerChar: number;
  /** Encodes text into `buf` at `offset` (room for maxBytesPerChar × length assumed); returns bytes written. */
  encodeInto(text: string, buf: Buffer, offset: number): number;
}

/**
 * Windows-1252 agrees with Latin-1 except in 0x80–0x9F, where it has typographic
 * characters instead of control codes. Mapping those few to their bytes and then
 * encoding as Latin-1 gives cp1252 without an iconv dependency.
 */
const CP1252_HIGH: Record<string, number> = {
  "€": 0x80, "‚": 0x82, "ƒ": 0x83, "„": 0x84, "…": 0x85, "†": 0x86, "‡": 0x87, "ˆ": 0x88,
  "‰": 0x89, "Š": 0x8a, "‹": 0x8b, "Œ": 0x8c, "Ž": 0x8e, "‘": 0x91, "’": 0x92, "“": 0x93,
  "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97, "˜": 0x98, "™": 0x99, "š": 0x9a, "›": 0x9b,
  "œ": 0x9c, "ž": 0x9e, "Ÿ": 0x9f,
};

const HAS_NON_LATIN1 = /[^\u0000-\u00ff]/;
const NON_LATIN1 = /[^\u0000-\u00ff]/g;

/** Text whose every char code is its cp1252 byte (unmappable characters become "?"). */
function toCp1252Codes(text: string): string {
  if (!HAS_NON_LATIN1.test(text)) return text;
  return text.replace(NON_LATIN1, (ch) => {
    const byte = CP1252_HIGH[ch];
    return byte === undefined ? "?" : String.fromCharCode(byte);
  });
}

export function encodeCp1252(text: string): Buffer {
  return Buffer.from(toCp1252Codes(text), "latin1");
}

export const DIALECTS: Record<DialectName, Dialect> = {
  excel: {
    name: "excel",
    sep: ";",
    decimal: ",",
    eol: "\r\n",
    maxBytesPerChar: 1,
    encodeInto: (text, buf, offset) => buf.write(toCp1252Codes(text), offset, "latin1"),
  },
  utf8: {
    name: "utf8",
    sep: ",",
    decimal: ".",
    eol: "\n",
    maxBytesPerChar: 3,
    encodeInto: (text, buf, offset) => buf.write(text, offset, "utf8"),
  },
};

export type CsvValue = string | number | boolean | null;

/**
 * One CSV field. Booleans are written ja/nej as in the contract's `ombokad`; numbers get
 * at most two decimals and the dialect's decimal mark; text is quoted only when it holds
 * the separator, a quote or a line break.
 */
export function formatField(value: CsvValue, dialect: Dialect): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "ja" : "nej";
  if (typeof value === "number") {
    if (Number.isInteger(value)) return String(value);
    const text = String(Math.round(value * 100) / 100);
    return dialect.decimal === "." ? text : text.replace(".", dialect.decimal);
  }
  if (
    value.indexOf(dialect.sep) === -1 &&
    value.indexOf('"') === -1 &&
    value.indexOf("\n") === -1 &&
    value.indexOf("\r") === -1
  ) {
    return value;
  }
  return `"${value.replaceAll('"', '""')}"`;
}
