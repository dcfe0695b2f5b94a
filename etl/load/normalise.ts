/**
 * The slow path: files DuckDB cannot be trusted to read with the right line numbers
 * (Windows-1252 with bytes Latin-1 gets wrong, line breaks inside quotes, blank lines,
 * broken rows) and every beslut file (the personnummer must be replaced first).
 *
 * Streams the file through the tokenizer and writes a normalised UTF-8 CSV for DuckDB:
 * `_line` (physical start line), `_bad` (why the record is structurally broken, if it
 * is), then the contract columns the file has; the personnummer is replaced by its
 * pseudonym, birth year, kön and, if invalid, the reason and a masked form. Unknown
 * columns are dropped, so nothing outside the contract reaches the database.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { REASONS, columnSpecs } from "../contract.ts";
import { maskPersonnummer, parsePersonnummer, pseudonymiser } from "../pseudonym.ts";
import { trimValue } from "./raw-schema.ts";
import type { SniffedFile } from "./sniff.ts";
import { PNR_COLUMNS } from "./sql-checks.ts";
import { CsvTokenizer, type CsvRecord } from "./tokenizer.ts";

export interface NormalisedFile {
  path: string;
  /** Columns of the normalised file, in order, with their DuckDB types. */
  columns: [string, "VARCHAR" | "BIGINT" | "INTEGER"][];
}

const FLUSH_CHARS = 1 << 20;

export async function normaliseFile(
  file: SniffedFile,
  outPath: string,
  key: Buffer,
  onBytes?: (bytesDone: number) => void,
): Promise<NormalisedFile> {
  const present = columnSpecs(file.table).filter(([c]) => file.index.has(c));
  const columns: NormalisedFile["columns"] = [["_line", "BIGINT"], ["_bad", "VARCHAR"]];
  for (const [c, spec] of present) {
    if (spec.kind === "personnummer") {
      for (const p of PNR_COLUMNS) columns.push([p, p === "_fodelsear" ? "INTEGER" : "VARCHAR"]);
    } else columns.push([c, "VARCHAR"]);
  }
  const toPersonId = pseudonymiser(key);
  // A person has several beslut: validate and pseudonymise each number once.
  const pnrMemo = new Map<string, string[]>();
  const pnrOf = (raw: string) => {
    let fields = pnrMemo.get(raw);
    if (fields === undefined) pnrMemo.set(raw, (fields = pnrFields(raw, toPersonId)));
    return fields;
  };
  const width = file.header.length;

  const formatRecord = (r: CsvRecord): string | null => {
    if (r.fields.every((f) => trimValue(f) === null)) return null; // blank: not a row
    const bad =
      r.malformed !== undefined
        ? REASONS[r.malformed]
        : r.fields.length !== width
          ? REASONS.fieldCount(r.fields.length, width)
          : null;
    const out: string[] = [String(r.line), bad ?? ""];
    for (const [c, spec] of present) {
      const raw = bad === null ? r.fields[file.index.get(c)!] : "";
      if (spec.kind !== "personnummer") out.push(raw);
      else out.push(...(bad === null ? pnrOf(raw) : ["", "", "", "", ""]));
    }
    return out.map(csvField).join(",");
  };

  const out = createWriteStream(outPath, { encoding: "utf8" });
  let failure: Error | null = null;
  out.on("error", (err) => (failure = err));
  let buffer = columns.map(([c]) => c).join(",") + "\n";
  let header = true;
  const tokenizer = new CsvTokenizer(file.separator, (record) => {
    if (header) {
      header = false; // already read by the sniffer
      return;
    }
    const line = formatRecord(record);
    if (line !== null) buffer += line + "\n";
  });
  const flush = async () => {
    if (failure) throw failure;
    if (!out.write(buffer)) await once(out, "drain");
    buffer = "";
  };

  const decoder = new TextDecoder(file.encoding); // strips a UTF-8 BOM
  let done = 0;
  for await (const chunk of createReadStream(file.path, { highWaterMark: 1 << 20 })) {
    tokenizer.push(decoder.decode(chunk as Buffer, { stream: true }));
    done += (chunk as Buffer).length;
    onBytes?.(done);
    if (buffer.length >= FLUSH_CHARS) await flush();
  }
  tokenizer.push(decoder.decode());
  tokenizer.end();
  await flush();
  out.end();
  await once(out, "close");
  if (failure) throw failure;
  return { path: outPath, columns };
}

/** The PNR_COLUMNS values for one raw personnummer; the clear number goes no further. */
function pnrFields(raw: string, toPersonId: (digits: string) => string): string[] {
  const v = trimValue(raw);
  if (v === null) return ["", "", "", REASONS.missing, ""];
  const p = parsePersonnummer(v);
  if (!p.ok) return ["", "", "", p.reason, maskPersonnummer(v)];
  return [toPersonId(p.digits), String(p.fodelsear), p.kon, "", ""];
}

function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const NEEDS_QUOTES = /[",\n\r]/;
