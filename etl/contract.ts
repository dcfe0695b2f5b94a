/**
 * The data contract: the five CSV files a kommun delivers, defined once.
 *
 * Column order here is the order the generator writes; the loader matches
 * header names case-insensitively and accepts any order.
 * Enum values are the canonical (ASCII) forms stored in the database; the
 * loader maps accepted aliases (e.g. "LSS 9 § 3") onto them.
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

/** Aliases accepted in input, mapped (after lower-casing and trimming) to canonical values. */
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
// Typed rows, as the generator produces them and as they are stored (after
// pseudonymisation, beslut rows carry person_id instead of personnummer).
// ---------------------------------------------------------------------------

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

export const BeslutRow = z.object({
  kommun: z.string().min(1),
  stadsdel: z.string().min(1),
  beslut_id: z.string().min(1),
  personnummer: z.string(),
  kon: z.enum(KON).nullable(),
  lagrum: z.enum(LAGRUM),
  insats: z.enum(INSATS),
  ansokan_datum: isoDate,
  beslut_datum: isoDate,
  utfall: z.enum(UTFALL),
  sokta_timmar: z.number().nonnegative().nullable(),
  beviljade_timmar: z.number().nonnegative().nullable(),
  timmar_per: z.enum(TIMMAR_PER),
  giltig_from: isoDate.nullable(),
  giltig_tom: isoDate.nullable(),
  handlaggare: z.string(),
  beslutsniva: z.string(),
  personlig_assistans: z.boolean(),
  utforare: z.string().nullable(),
  bestallning_datum: isoDate.nullable(),
  genomforandeplan_datum: isoDate.nullable(),
  senaste_uppfoljning: isoDate.nullable(),
});
export type BeslutRow = z.infer<typeof BeslutRow>;

export const UtfordaRow = z.object({
  kommun: z.string().min(1),
  beslut_id: z.string().min(1),
  utforare: z.string().min(1),
  datum: isoDate,
  tidstyp: z.enum(TIDSTYP),
  timmar: z.number().min(0).max(24),
});
export type UtfordaRow = z.infer<typeof UtfordaRow>;

export const AvbokningRow = z.object({
  kommun: z.string().min(1),
  beslut_id: z.string().min(1),
  utforare: z.string().min(1),
  planerad_start: isoDateTime,
  avbokad_tid: isoDateTime,
  avbokad_av: z.enum(AVBOKAD_AV),
  timmar: z.number().min(0).max(24),
  ombokad: z.boolean(),
  orsak: z.string(),
});
export type AvbokningRow = z.infer<typeof AvbokningRow>;

export const OmkostnadRow = z.object({
  kommun: z.string().min(1),
  beslut_id: z.string().min(1),
  utforare: z.string().min(1),
  datum: isoDate,
  belopp: z.number().nonnegative(),
  typ: z.enum(OMKOSTNAD_TYP),
  aktivitet: z.string(),
});
export type OmkostnadRow = z.infer<typeof OmkostnadRow>;

export const UtforareRow = z.object({
  kommun: z.string().min(1),
  utforare: z.string().min(1),
  namn: z.string().min(1),
  regi: z.enum(REGI),
  godkand_from: isoDate,
  godkand_tom: isoDate.nullable(),
});
export type UtforareRow = z.infer<typeof UtforareRow>;

export const ROW_SCHEMAS = {
  beslut: BeslutRow,
  utforda_timmar: UtfordaRow,
  avbokningar: AvbokningRow,
  omkostnader: OmkostnadRow,
  utforare: UtforareRow,
} as const;
