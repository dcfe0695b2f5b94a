/**
 * A kommun's regelverk as data: the zod schema of `data/regelverk/<kommun>.json`, its
 * validation (a broken file gives a Swedish error naming the file and the field path),
 * and the compiled, effective-dated form the engine looks rules up in.
 *
 * Every rule is a list of versions, each with giltig_fran/giltig_till and the source
 * passage (`kalla`, e.g. "004 1.3") it rests on. A rule that is absent, or has no version
 * in force on a date, does not apply on that date: the engine never falls back to a
 * constant in code.
 */
import { z } from "zod";
import { INSATS, TIDSTYP, type Insats, type Regi, type Tidstyp } from "../contract.ts";
import { parseClock, parseDay, type Day } from "./dates.ts";

// ---------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------

const datum = z
  .string()
  .refine((s) => parseDay(s) !== null, { message: "ska vara ett datum på formen ÅÅÅÅ-MM-DD" });

const klockslag = z
  .string()
  .refine((s) => parseClock(s) !== null, { message: "ska vara ett klockslag på formen TT:MM" });

const timmar = z.number().positive();
const kronor = z.number().nonnegative();

/** The fields every version of every rule has. */
const version = {
  giltig_fran: datum,
  giltig_till: datum.nullable(),
  /** Source passage: seed file number and section, e.g. "004 1.3". */
  kalla: z.string().min(1),
  /** Why the parameters are what they are (documented in docs/RULES.md). */
  motivering: z.string().optional(),
};

const timpris = z.strictObject({
  dag: kronor,
  kvall: kronor,
  natt: kronor,
  helg: kronor,
  storhelg: kronor,
});

/** The parameters of each rule, keyed by the name used in the JSON files. */
const PARAMS = {
  /** R1: how granted hours are stated and counted. */
  beslutets_omfattning: z.strictObject({
    ...version,
    /** Week hours to month hours: × 52/12 per calendar month, or per day × 1/7. */
    vecka_till_manad: z.enum(["52/12", "dagar/7"]),
    tidsbegransning_kravs: z.boolean(),
  }),
  /** R2: the flex period. */
  flexmodell: z.strictObject({
    ...version,
    period_manader: z.number().int().min(1).max(12),
    ankare: z.enum(["beslutets_start", "kalenderkvartal"]),
  }),
  /** R3: sen avbokning (Stockholm). */
  sen_avbokning: z.strictObject({
    ...version,
    senast_klockan: klockslag,
    dagar_fore: z.number().int().min(0).max(14),
    forbrukas: z.boolean(),
    ersatts_som_tidstyp: z.enum(TIDSTYP),
    minsta_debitering_galler: z.boolean(),
  }),
  /** R4: kort avbokning (Värmdö). */
  kort_avbokning: z.strictObject({
    ...version,
    max_dagar_fore: z.number().int().min(0).max(60),
    matt: z.enum(["kalenderdagar", "dygn"]),
  }),
  /** R5: the ledsagare's or utförare's cancellation leaves the hours to the brukare. */
  ledsagarens_avbokning: z.strictObject({ ...version }),
  /** R6: repeated cancellations without rebooking. */
  upprepade_avbokningar: z.strictObject({
    ...version,
    antal: z.number().int().min(2).max(20),
    manader: z.number().int().min(1).max(12),
    fonster: z.enum(["rullande", "flexperiod"]),
  }),
  /** R7: minsta debitering per tillfälle. */
  minsta_debitering: z.strictObject({
    ...version,
    timmar,
    tillfalle: z.enum(["rad", "dag"]),
  }),
  /** R8: schablon per granted and performed hour. */
  schablon_omkostnad: z.strictObject({
    ...version,
    kr_per_timme: kronor,
    insatser: z.array(z.enum(INSATS)).min(1),
  }),
  /** R9: särskild ansökan for a costly activity. */
  sarskild_omkostnad: z.strictObject({ ...version, grans_kr: kronor }),
  /** R10: actual costs up to an amount per month, to the individual. */
  manadsbelopp: z.strictObject({
    ...version,
    kr_per_manad: kronor,
    flexibelt_i_perioden: z.boolean(),
  }),
  /** R11: no ledsagarservice to a person with personlig assistans. */
  personlig_assistans: z.strictObject({ ...version, insatser: z.array(z.enum(INSATS)).min(1) }),
  /** R12: the handläggare's delegation. */
  delegation: z.strictObject({
    ...version,
    max_timmar_per_manad: timmar,
    handlaggarnivaer: z.array(z.string().min(1)).min(1),
  }),
  /** R13: genomförandeplan deadline. */
  genomforandeplan: z.strictObject({
    ...version,
    dagar: z.number().int().min(1).max(120),
    fran: z.enum(["bestallning", "paborjad_insats"]),
  }),
  /** R14: uppföljning interval. */
  uppfoljning: z.strictObject({ ...version, manader: z.number().int().min(1).max(60) }),
  /** R15: hours need a valid beslut. */
  giltigt_beslut: z.strictObject({ ...version }),
  /** R16: start within n days of the booking (an indication only: see docs/RULES.md). */
  startgaranti: z.strictObject({ ...version, dagar: z.number().int().min(1).max(60) }),
  /** R17: LOV utförare without an assignment. */
  lov_aktivitet: z.strictObject({
    ...version,
    manader: z.number().int().min(1).max(60),
    kontroll: z.enum(["lopande", "arsskifte"]),
  }),
  /** R18: ersättning per hour by regi and tidstyp. */
  ersattning: z.strictObject({
    ...version,
    kommunal: timpris,
    enskild: timpris,
    /** "publicerad" when the kommun published the level, "beraknad" when indexed by us. */
    underlag: z.enum(["publicerad", "beraknad"]),
  }),
} as const;

export type RuleKey = keyof typeof PARAMS;
export const RULE_KEYS = Object.keys(PARAMS) as RuleKey[];

/** The rule id of DOMAIN.md each key implements. */
export const RULE_ID: Record<RuleKey, RuleId> = {
  beslutets_omfattning: "R1",
  flexmodell: "R2",
  sen_avbokning: "R3",
  kort_avbokning: "R4",
  ledsagarens_avbokning: "R5",
  upprepade_avbokningar: "R6",
  minsta_debitering: "R7",
  schablon_omkostnad: "R8",
  sarskild_omkostnad: "R9",
  manadsbelopp: "R10",
  personlig_assistans: "R11",
  delegation: "R12",
  genomforandeplan: "R13",
  uppfoljning: "R14",
  giltigt_beslut: "R15",
  startgaranti: "R16",
  lov_aktivitet: "R17",
  ersattning: "R18",
};

export type RuleId =
  | "R1" | "R2" | "R3" | "R4" | "R5" | "R6" | "R7" | "R8" | "R9"
  | "R10" | "R11" | "R12" | "R13" | "R14" | "R15" | "R16" | "R17" | "R18";

type VersionRow = { giltig_fran: string; giltig_till: string | null };

/** Versions of one rule must be in date order and must not overlap. */
function checkVersions(list: VersionRow[], ctx: z.RefinementCtx): void {
  let prevTill: Day | null | undefined;
  list.forEach((v, i) => {
    const fran = parseDay(v.giltig_fran);
    const till = v.giltig_till === null ? null : parseDay(v.giltig_till);
    if (fran === null || (v.giltig_till !== null && till === null)) return; // reported by the field
    if (till !== null && till < fran) {
      ctx.addIssue({ code: "custom", path: [i, "giltig_till"], message: "giltig_till ligger före giltig_fran" });
    }
    if (prevTill === null) {
      ctx.addIssue({
        code: "custom",
        path: [i, "giltig_fran"],
        message: "föregående version saknar giltig_till och gäller tills vidare, så den här överlappar",
      });
    } else if (prevTill !== undefined && fran <= prevTill) {
      ctx.addIssue({
        code: "custom",
        path: [i, "giltig_fran"],
        message: "överlappar föregående version (versionerna ska ligga i datumordning utan överlapp)",
      });
    }
    prevTill = till;
  });
}

const versions = <K extends RuleKey>(key: K) =>
  z
    .array(PARAMS[key])
    .superRefine((list, ctx) => checkVersions(list as VersionRow[], ctx))
    .optional();

const regler = z.strictObject({
  beslutets_omfattning: versions("beslutets_omfattning"),
  flexmodell: versions("flexmodell"),
  sen_avbokning: versions("sen_avbokning"),
  kort_avbokning: versions("kort_avbokning"),
  ledsagarens_avbokning: versions("ledsagarens_avbokning"),
  upprepade_avbokningar: versions("upprepade_avbokningar"),
  minsta_debitering: versions("minsta_debitering"),
  schablon_omkostnad: versions("schablon_omkostnad"),
  sarskild_omkostnad: versions("sarskild_omkostnad"),
  manadsbelopp: versions("manadsbelopp"),
  personlig_assistans: versions("personlig_assistans"),
  delegation: versions("delegation"),
  genomforandeplan: versions("genomforandeplan"),
  uppfoljning: versions("uppfoljning"),
  giltigt_beslut: versions("giltigt_beslut"),
  startgaranti: versions("startgaranti"),
  lov_aktivitet: versions("lov_aktivitet"),
  ersattning: versions("ersattning"),
});

export const RegelverkFile = z.strictObject({
  /** The kommun as written in the data's `kommun` column; "_default" for the default. */
  kommun: z.string().min(1),
  beskrivning: z.string().min(1),
  regler,
});
export type RegelverkFile = z.infer<typeof RegelverkFile>;
export type RuleParams<K extends RuleKey> = z.infer<(typeof PARAMS)[K]>;

// ---------------------------------------------------------------------------
// Swedish errors
// ---------------------------------------------------------------------------

export class RegelverkError extends Error {
  constructor(
    readonly fil: string,
    readonly fel: { falt: string; meddelande: string }[],
  ) {
    super(
      `Regelverket i ${fil} är felaktigt:\n` +
        fel.map((f) => `  – ${f.falt || "(filen)"}: ${f.meddelande}`).join("\n"),
    );
    this.name = "RegelverkError";
  }
}

function typnamn(value: unknown): string {
  if (value === undefined) return "inget värde (fältet saknas)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "en lista";
  switch (typeof value) {
    case "number": return `talet ${value}`;
    case "string": return `texten ${JSON.stringify(value)}`;
    case "boolean": return `${value}`;
    case "object": return "ett objekt";
    default: return typeof value;
  }
}

const VANTAT: Record<string, string> = {
  number: "ett tal",
  string: "en text",
  boolean: "true eller false",
  array: "en lista",
  object: "ett objekt",
};

/** Swedish messages for the issues a hand-edited file typically has. */
const errorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      return `förväntade ${VANTAT[iss.expected] ?? iss.expected}, fick ${typnamn(iss.input)}`;
    case "unrecognized_keys":
      return `okänt fält ${iss.keys.map((k) => `"${k}"`).join(", ")} (stavfel?)`;
    case "invalid_value":
      return `ogiltigt värde ${typnamn(iss.input)}; tillåtna värden: ${iss.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return iss.origin === "array"
        ? `listan måste ha minst ${iss.minimum} element`
        : `måste vara ${iss.inclusive ? "minst" : "större än"} ${iss.minimum}`;
    case "too_big":
      return `får vara ${iss.inclusive ? "högst" : "mindre än"} ${iss.maximum}`;
    case "invalid_format":
      return `fel format (${typnamn(iss.input)})`;
    default:
      return z.locales.sv().localeError(iss);
  }
};

function faltStig(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
}

/** Validates a parsed JSON value; throws RegelverkError naming `fil` and each bad field. */
export function parseRegelverk(json: unknown, fil: string): RegelverkFile {
  const result = RegelverkFile.safeParse(json, { error: errorMap });
  if (result.success) return result.data;
  throw new RegelverkError(
    fil,
    result.error.issues.map((iss) => ({ falt: faltStig(iss.path), meddelande: iss.message })),
  );
}

/** Parses the text of a file: invalid JSON is reported the same way, with the file's name. */
export function parseRegelverkText(text: string, fil: string): RegelverkFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RegelverkError(fil, [{ falt: "", meddelande: `ogiltig JSON: ${(e as Error).message}` }]);
  }
  return parseRegelverk(json, fil);
}

// ---------------------------------------------------------------------------
// Compiled form
// ---------------------------------------------------------------------------

/** One version of one rule, with its dates as day numbers (till = Infinity: tills vidare). */
export interface Version<K extends RuleKey> {
  regel: RuleId;
  fran: Day;
  till: Day;
  kalla: string;
  p: RuleParams<K>;
}

export interface Regelverk {
  kommun: string;
  fil: string;
  /** True for `_default.json`: the kommun has no regelverk of its own (the UI says so). */
  standard: boolean;
  beskrivning: string;
  regler: { [K in RuleKey]: Version<K>[] };
}

export const DEFAULT_KOMMUN = "_default";

export function compileRegelverk(file: RegelverkFile, fil: string): Regelverk {
  const compiled = {} as { [K in RuleKey]: Version<K>[] };
  for (const key of RULE_KEYS) {
    const list = (file.regler[key] ?? []) as RuleParams<typeof key>[];
    (compiled as Record<RuleKey, Version<RuleKey>[]>)[key] = list.map((p) => ({
      regel: RULE_ID[key],
      fran: parseDay(p.giltig_fran)!,
      till: p.giltig_till === null ? Infinity : parseDay(p.giltig_till)!,
      kalla: p.kalla,
      p,
    }));
  }
  return {
    kommun: file.kommun,
    fil,
    standard: file.kommun === DEFAULT_KOMMUN,
    beskrivning: file.beskrivning,
    regler: compiled,
  };
}

/** The version of a rule in force on a day, or undefined when the rule does not apply then. */
export function ruleAt<K extends RuleKey>(rv: Regelverk, key: K, day: Day): Version<K> | undefined {
  const list = rv.regler[key];
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (day >= v.fran && day <= v.till) return v;
  }
  return undefined;
}

/**
 * Looks one rule up for many days in rising order (utförda rows of a case): remembers the
 * last version found, since consecutive rows almost always fall in the same one.
 */
export class RuleCursor<K extends RuleKey> {
  private last: Version<K> | undefined;
  constructor(
    private readonly rv: Regelverk,
    private readonly key: K,
  ) {}
  at(day: Day): Version<K> | undefined {
    const l = this.last;
    if (l && day >= l.fran && day <= l.till) return l;
    this.last = ruleAt(this.rv, this.key, day);
    return this.last;
  }
}

const KOMMUN_KEYS = new Map<string, string>();

/** Kommun names compare without case, surrounding space or diacritics ("Värmdö" = "varmdo"). */
export function kommunKey(name: string): string {
  // Called per case with a few hundred distinct names at most: remember them.
  let k = KOMMUN_KEYS.get(name);
  if (k === undefined) {
    k = name.trim().toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    if (KOMMUN_KEYS.size < 10_000) KOMMUN_KEYS.set(name, k);
  }
  return k;
}

export interface RegelverkSet {
  byKommun: Map<string, Regelverk>;
  standard: Regelverk;
}

/** Builds the lookup from validated files; exactly one must be the default. */
export function regelverkSet(list: Regelverk[]): RegelverkSet {
  const byKommun = new Map<string, Regelverk>();
  let standard: Regelverk | undefined;
  for (const rv of list) {
    if (rv.standard) {
      standard = rv;
      continue;
    }
    const key = kommunKey(rv.kommun);
    const other = byKommun.get(key);
    if (other) {
      throw new RegelverkError(rv.fil, [
        { falt: "kommun", meddelande: `${rv.kommun} har redan ett regelverk i ${other.fil}` },
      ]);
    }
    byKommun.set(key, rv);
  }
  if (!standard) {
    throw new RegelverkError("data/regelverk/_default.json", [
      { falt: "", meddelande: `standardregelverket (kommun "${DEFAULT_KOMMUN}") saknas` },
    ]);
  }
  return { byKommun, standard };
}

/** The kommun's own regelverk, or the default (which the output marks, so the UI can say so). */
export function regelverkFor(set: RegelverkSet, kommun: string): Regelverk {
  return set.byKommun.get(kommunKey(kommun)) ?? set.standard;
}

export function rateFor(v: Version<"ersattning">, regi: Regi, tidstyp: Tidstyp): number {
  return v.p[regi][tidstyp];
}

export function insatsIn(list: readonly Insats[], insats: Insats): boolean {
  return list.includes(insats);
}
