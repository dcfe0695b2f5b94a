/**
 * Reading a header row: which contract file it is, and where each column is. Names match
 * case-insensitively, with å/ä/ö folded and spaces or dashes read as underscores
 * ("Utförare" = "utforare"). Unknown columns are ignored.
 */
import { basename, extname } from "node:path";
import { COLUMNS, headerRequired, type TableName } from "../contract.ts";

export function normaliseName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[åä]/g, "a")
    .replace(/ö/g, "o")
    .replace(/é/g, "e")
    .replace(/[\s-]+/g, "_");
}

export type HeaderMatch =
  | { ok: true; table: TableName; /** contract column → index in the record */ index: Map<string, number> }
  | { ok: false; table: TableName | null; message: string };

/** File names the loader recognises when the header alone does not decide. */
const NAME_PATTERNS: [RegExp, TableName][] = [
  [/utforda|utfort|timmar/, "utforda_timmar"],
  [/avbok/, "avbokningar"],
  [/omkostn/, "omkostnader"],
  [/utforare/, "utforare"],
  [/beslut/, "beslut"],
];

export function tableFromFileName(path: string): TableName | null {
  const name = normaliseName(basename(path, extname(path)));
  return NAME_PATTERNS.find(([re]) => re.test(name))?.[1] ?? null;
}

/**
 * Identifies the table by the header (the table all of whose required columns are there,
 * the most complete one if several), falling back to the file name; then checks that
 * every required column is present exactly once.
 */
export function matchHeader(fields: string[], path: string): HeaderMatch {
  const names = fields.map(normaliseName);
  const known = new Set(Object.values(COLUMNS).flat() as string[]);

  const complete = (Object.keys(COLUMNS) as TableName[])
    .filter((t) => headerRequired(t).every((c) => names.includes(c)))
    .sort((a, b) => score(b, names) - score(a, names));
  const table = complete[0] ?? tableFromFileName(path);

  if (table === null) {
    const recognised = names.filter((n) => known.has(n));
    return {
      ok: false,
      table: null,
      message:
        recognised.length === 0
          ? "Filen är inte en CSV-fil enligt datakontraktet: rubrikraden har inga kända kolumnnamn."
          : `Kan inte avgöra vilken fil i datakontraktet detta är (kända kolumner: ${recognised.join(", ")}).`,
    };
  }

  const columns = COLUMNS[table] as readonly string[];
  const duplicates = columns.filter((c) => names.indexOf(c) !== names.lastIndexOf(c));
  if (duplicates.length > 0) {
    return { ok: false, table, message: `Kolumnen ${duplicates.join(", ")} förekommer flera gånger i rubrikraden.` };
  }
  const missing = headerRequired(table).filter((c) => !names.includes(c));
  if (missing.length > 0) {
    return {
      ok: false,
      table,
      message: `Filen ser ut att vara ${table}.csv men saknar kolumnerna: ${missing.join(", ")}.`,
    };
  }
  const index = new Map<string, number>();
  for (const c of columns) if (names.includes(c)) index.set(c, names.indexOf(c));
  return { ok: true, table, index };
}

function score(table: TableName, names: string[]): number {
  return (COLUMNS[table] as readonly string[]).filter((c) => names.includes(c)).length;
}
