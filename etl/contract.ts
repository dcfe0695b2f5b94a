/**
 * The data contract: the five CSV files a kommun delivers, defined once.
 *
 * `SPEC` describes every column of every file: its kind (text, enum, date, …), whether
 * a value is required, its allowed values or bounds, and the zod type of the value as
 * stored. Everything else is derived from it:
 *   - the typed row schemas below (`BeslutRow`, …) and their TypeScript types;
 *   - the raw-value zod schemas that parse one CSV field (etl/load/raw-schema.ts);
 *   - the SQL that validates and casts whole files inside DuckDB (etl/load/sql-checks.ts).
 * A unit test proves the zod and the SQL derivations agree on a corpus of values.
 *
 * Column order here is the order the generator writes; the loader matches header names
 * case-insensitively and accepts any order. Enum values are the canonical (ASCII) forms
 * stored in the database; the loader maps accepted aliases (e.g. "LSS 9 § 3") onto them.
 */
import { z } from "zod";

export const UTFALL = ["bifall", "delavslag", "avslag"] as const;
export const TIMMAR_PER = ["manad", "vecka"] as const;
export const LAGRUM = ["LSS", "SoL"] as const;
export const INSATS = ["ledsagarservice", "ledsagning", "avlosarservice"] as const;
export const KON = ["K", "M"] as const;
export const TIDSTYP = ["dag", "kvall", "natt", "helg", "storhelg"] as const;
export const AVBOKAD_AV = ["brukare", "ledsagare", "utforare"] as const;
export const JA_NEJ = ["ja", "nej"] as const;
export const OMKOSTNAD_TYP = ["schablon", "sarskild", "manadsbelopp"] as const;
export const REGI = ["kommunal", "enskild"] as const;

export type Utfall = (typeof UTFALL)[number];
export type TimmarPer = (typeof TIMMAR_PER)[number];
export type Lagrum = (typeof LAGRUM)[number];
export type Insats = (typeof INSATS)[number];
export type Kon = (typeof KON)[number];
export type Tidstyp = (typeof TIDSTYP)[number];
export type AvbokadAv = (typeof AVBOKAD_AV)[number];
export type OmkostnadTyp = (typeof OMKOSTNAD_TYP)[number];
export type Regi = (typeof REGI)[number];

/**
 * Aliases accepted in input, mapped (after trimming and lower-casing) to canonical values,
 * keyed by column name. The canonical values themselves are always accepted, in any case.
 */
export const ALIASES: Record<string, Record<string, string>> = {
  lagrum: {
    lss: "LSS",
    "lss 9 § 3": "LSS",
    "9 § 3 lss": "LSS",
    sol: "SoL",
    "sol 4 kap. 1 §": "SoL",
    "4 kap. 1 § sol": "SoL",
  },
  insats: { "avlösarservice": "avlosarservice" },
  tidstyp: { "kväll": "kvall" },
  avbokad_av: { "utförare": "utforare" },
  timmar_per: { "månad": "manad" },
  typ: { "särskild": "sarskild", "månadsbelopp": "manadsbelopp" },
  kon: { kvinna: "K", man: "M" },
};

/** The column names of each file, in the order the generator writes them. */
export const COLUMNS = {
  beslut: [
    "kommun", "stadsdel", "beslut_id", "personnummer", "kon", "lagrum", "insats",
    "ansokan_datum", "beslut_datum", "utfall", "sokta_timmar", "beviljade_timmar", "timmar_per",
    "giltig_from", "giltig_tom", "handlaggare", "beslutsniva", "personlig_assistans", "utforare",
    "bestallning_datum", "genomforandeplan_datum", "senaste_uppfoljning",
  ],
  utforda_timmar: ["kommun", "beslut_id", "utforare", "datum", "tidstyp", "timmar"],
  avbokningar: [
    "kommun", "beslut_id", "utforare", "planerad_start", "avbokad_tid", "avbokad_av", "timmar",
    "ombokad", "orsak",
  ],
  omkostnader: ["kommun", "beslut_id", "utforare", "datum", "belopp", "typ", "aktivitet"],
  utforare: ["kommun", "utforare", "namn", "regi", "godkand_from", "godkand_tom"],
} as const;

export type TableName = keyof typeof COLUMNS;
export const TABLES = Object.keys(COLUMNS) as TableName[];

// ---------------------------------------------------------------------------
// Value formats shared by the zod and the SQL derivations. Patterns are written in the
// subset where JavaScript RegExp and DuckDB's RE2 agree (no \d, no lookaround).
// ---------------------------------------------------------------------------

export const FORMATS = {
  date: "[0-9]{4}-[0-9]{2}-[0-9]{2}",
  timestamp: "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}",
  /** Decimal comma or point; a sign is parsed so that the range check can explain it. */
  number: "[+-]?[0-9]+([.,][0-9]+)?",
  /** Dates outside these years are typing errors (e.g. 0024 for 2024), not real data. */
  minYear: 1900,
  maxYear: 2099,
  yes: "ja",
  no: "nej",
} as const;

/** The Swedish reasons a value or a row is rejected, used by every validation path. */
export const REASONS = {
  missing: "värde saknas",
  enumValue: (values: readonly string[]) => `ogiltigt värde; tillåtna värden: ${values.join(", ")}`,
  yesNo: `ogiltigt värde; tillåtna värden: ${FORMATS.yes}, ${FORMATS.no}`,
  dateFormat: "ogiltigt datum; skriv ÅÅÅÅ-MM-DD",
  dateNotReal: "datumet finns inte i kalendern",
  timestampFormat: "ogiltig tidpunkt; skriv ÅÅÅÅ-MM-DD TT:MM",
  timestampNotReal: "tidpunkten finns inte (datum eller klockslag)",
  yearRange: `årtalet måste ligga mellan ${FORMATS.minYear} och ${FORMATS.maxYear}`,
  number: "inte ett tal; skriv till exempel 2,5 eller 2.5",
  range: (min: number, max: number) => `måste ligga mellan ${min} och ${max}`,
  requiredUnless: (when: string, equals: string) =>
    `värde saknas (krävs när ${when} inte är ${equals})`,
  emptyOrZeroWhen: (when: string, equals: string) => `ska vara tomt eller 0 när ${when} är ${equals}`,
  notGreaterThan: (limit: string) => `större än ${limit}`,
  notBefore: (start: string) => `tidigare än ${start}`,
  pnrFormat: "ogiltigt personnummer; skriv ÅÅÅÅMMDD-NNNN",
  pnrDate: "personnumrets födelsedatum finns inte",
  pnrCheckDigit: "personnumrets kontrollsiffra stämmer inte",
  unknownBeslut: "beslut_id finns inte bland kommunens beslut (varken i denna körning eller tidigare)",
  duplicateKey: (key: string, line: number, file: string) =>
    `dubblett: samma ${key} som rad ${line} i ${file}`,
  fieldCount: (found: number, expected: number) =>
    `fel antal fält: ${found}, rubrikraden har ${expected}`,
  unterminatedQuote: "citattecknet avslutas aldrig; resten av filen blev en enda rad",
  strayQuote: "felaktigt citattecken: text efter ett avslutande citattecken",
} as const;

// ---------------------------------------------------------------------------
// The per-column specification.
// ---------------------------------------------------------------------------

export type ColumnKind = "text" | "enum" | "bool" | "date" | "timestamp" | "number" | "personnummer";

export interface ColumnSpec<T extends z.ZodType = z.ZodType> {
  readonly kind: ColumnKind;
  /** A value must be present. Optional columns may also be left out of the header. */
  readonly required: boolean;
  /** Canonical values of an enum column, as stored. */
  readonly values?: readonly string[];
  /** Inclusive bounds of a number column. */
  readonly min?: number;
  readonly max?: number;
  /** The value as stored, for the typed row schemas. */
  readonly typed: T;
}

const isoDate = z.string().regex(new RegExp(`^${FORMATS.date}$`));
const isoDateTime = z.string().regex(new RegExp(`^${FORMATS.timestamp}$`));

const text = () => ({ kind: "text", required: true, typed: z.string().min(1) }) as const;
const enumOf = <const V extends readonly [string, ...string[]]>(values: V) =>
  ({ kind: "enum", required: true, values, typed: z.enum(values) }) as const;
const yesNo = () => ({ kind: "bool", required: true, typed: z.boolean() }) as const;
const date = () => ({ kind: "date", required: true, typed: isoDate }) as const;
const timestamp = () => ({ kind: "timestamp", required: true, typed: isoDateTime }) as const;
const number = (min: number, max: number) =>
  ({ kind: "number", required: true, min, max, typed: z.number().min(min).max(max) }) as const;
const personnummer = () => ({ kind: "personnummer", required: true, typed: z.string() }) as const;

/** The same column, but a value may be missing (stored as NULL). */
function optional<C extends ColumnSpec>(
  column: C,
): Omit<C, "required" | "typed"> & { readonly required: false; readonly typed: z.ZodNullable<C["typed"]> } {
  return { ...column, required: false, typed: column.typed.nullable() };
}

/** Hours in one row of utförda timmar or avbokningar: one day at most (issue §2). */
const HOURS_PER_ROW = number(0, 24);
/** Hours in a beslut, per month or week: a month has at most 744 hours. */
const HOURS_PER_BESLUT = number(0, 744);
/** One omkostnad; the upper bound only catches typing errors (R9 has no ceiling). */
const BELOPP = number(0, 1_000_000);

export const SPEC = {
  beslut: {
    kommun: text(),
    stadsdel: text(),
    beslut_id: text(),
    personnummer: personnummer(),
    // Empty ⇒ derived from the personnummer's ninth digit at load.
    kon: optional(enumOf(KON)),
    lagrum: enumOf(LAGRUM),
    insats: enumOf(INSATS),
    ansokan_datum: date(),
    beslut_datum: date(),
    utfall: enumOf(UTFALL),
    sokta_timmar: optional(HOURS_PER_BESLUT),
    // Required unless utfall is avslag: see ROW_RULES.
    beviljade_timmar: optional(HOURS_PER_BESLUT),
    timmar_per: enumOf(TIMMAR_PER),
    giltig_from: optional(date()),
    giltig_tom: optional(date()),
    handlaggare: optional(text()),
    beslutsniva: optional(text()),
    personlig_assistans: yesNo(),
    utforare: optional(text()),
    bestallning_datum: optional(date()),
    genomforandeplan_datum: optional(date()),
    senaste_uppfoljning: optional(date()),
  },
  utforda_timmar: {
    kommun: text(),
    beslut_id: text(),
    utforare: text(),
    datum: date(),
    tidstyp: enumOf(TIDSTYP),
    timmar: HOURS_PER_ROW,
  },
  avbokningar: {
    kommun: text(),
    beslut_id: text(),
    utforare: text(),
    planerad_start: timestamp(),
    avbokad_tid: timestamp(),
    avbokad_av: enumOf(AVBOKAD_AV),
    timmar: HOURS_PER_ROW,
    ombokad: yesNo(),
    orsak: optional(text()),
  },
  omkostnader: {
    kommun: text(),
    beslut_id: text(),
    utforare: text(),
    datum: date(),
    belopp: BELOPP,
    typ: enumOf(OMKOSTNAD_TYP),
    aktivitet: optional(text()),
  },
  utforare: {
    kommun: text(),
    utforare: text(),
    namn: text(),
    regi: enumOf(REGI),
    godkand_from: date(),
    godkand_tom: optional(date()),
  },
} as const satisfies Record<TableName, Record<string, ColumnSpec>>;

/** Checks across the columns of one row, applied after every single-column check passed. */
export type RowRule =
  /** `column` must have a value unless `when` equals `equals`. */
  | { kind: "requiredUnless"; column: string; when: string; equals: string }
  /** `column` must be empty or 0 when `when` equals `equals`. */
  | { kind: "emptyOrZeroWhen"; column: string; when: string; equals: string }
  /** `column` ≤ `limit` where both have values. */
  | { kind: "notGreaterThan"; column: string; limit: string }
  /** `column` ≥ `start` where both have values. */
  | { kind: "notBefore"; column: string; start: string };

export const ROW_RULES: Record<TableName, readonly RowRule[]> = {
  beslut: [
    // An avslag grants nothing: no hours and no period of validity.
    { kind: "requiredUnless", column: "beviljade_timmar", when: "utfall", equals: "avslag" },
    { kind: "requiredUnless", column: "giltig_from", when: "utfall", equals: "avslag" },
    { kind: "emptyOrZeroWhen", column: "beviljade_timmar", when: "utfall", equals: "avslag" },
    { kind: "notGreaterThan", column: "beviljade_timmar", limit: "sokta_timmar" },
    { kind: "notBefore", column: "giltig_tom", start: "giltig_from" },
  ],
  utforda_timmar: [],
  avbokningar: [],
  omkostnader: [],
  utforare: [{ kind: "notBefore", column: "godkand_tom", start: "godkand_from" }],
};

/** Keys of the tables loaded by upsert (the others are replaced per delivery unit). */
export const KEYS = {
  beslut: ["kommun", "beslut_id"],
  utforare: ["kommun", "utforare"],
} as const;

/**
 * Delivery unit of the fact tables: an utförare's rows for one kommun and one calendar
 * month (of `monthOf`). A re-delivered file replaces every unit it contains.
 */
export const DELIVERY_UNIT = {
  utforda_timmar: { monthOf: "datum" },
  avbokningar: { monthOf: "planerad_start" },
  omkostnader: { monthOf: "datum" },
} as const;

/** Tables whose `beslut_id` must exist in beslut (same kommun). */
export const REFERENCES_BESLUT: readonly TableName[] = ["utforda_timmar", "avbokningar", "omkostnader"];

/** Load order: what others reference comes first. */
export const LOAD_ORDER: readonly TableName[] = [
  "utforare", "beslut", "utforda_timmar", "avbokningar", "omkostnader",
];

/** Columns whose values are allowed to be absent: they may also be left out of the header. */
export function headerRequired(table: TableName): string[] {
  const conditionallyRequired = new Set(
    ROW_RULES[table].filter((r) => r.kind === "requiredUnless").map((r) => r.column),
  );
  return Object.entries(SPEC[table] as Record<string, ColumnSpec>)
    .filter(([name, spec]) => spec.required || conditionallyRequired.has(name))
    .map(([name]) => name);
}

/** The spec of one table as a list, in column order. */
export function columnSpecs(table: TableName): [string, ColumnSpec][] {
  return Object.entries(SPEC[table] as Record<string, ColumnSpec>);
}

// ---------------------------------------------------------------------------
// Typed rows, as the generator produces them and as they are stored (after
// pseudonymisation, beslut rows carry person_id instead of personnummer).
// ---------------------------------------------------------------------------

type TypedShape<S extends Record<string, ColumnSpec>> = { [K in keyof S]: S[K]["typed"] };

function typedShape<S extends Record<string, ColumnSpec>>(spec: S): TypedShape<S> {
  return Object.fromEntries(Object.entries(spec).map(([k, c]) => [k, c.typed])) as TypedShape<S>;
}

export const BeslutRow = z.object(typedShape(SPEC.beslut));
export type BeslutRow = z.infer<typeof BeslutRow>;

export const UtfordaRow = z.object(typedShape(SPEC.utforda_timmar));
export type UtfordaRow = z.infer<typeof UtfordaRow>;

export const AvbokningRow = z.object(typedShape(SPEC.avbokningar));
export type AvbokningRow = z.infer<typeof AvbokningRow>;

export const OmkostnadRow = z.object(typedShape(SPEC.omkostnader));
export type OmkostnadRow = z.infer<typeof OmkostnadRow>;

export const UtforareRow = z.object(typedShape(SPEC.utforare));
export type UtforareRow = z.infer<typeof UtforareRow>;

export const ROW_SCHEMAS = {
  beslut: BeslutRow,
  utforda_timmar: UtfordaRow,
  avbokningar: AvbokningRow,
  omkostnader: OmkostnadRow,
  utforare: UtforareRow,
} as const;
