/**
 * Jämställdhetsanalys: the registry's figures by kön, overall and per stadsdel, each with
 * a 95 % confidence interval, and for each measure whether the difference between women
 * and men is larger than chance alone would give (5 % level).
 *
 * `002` notes that the split of *applicants* by kön was unknown; the product holds avslag
 * too, so `sokande` (cases with any beslut in the period, avslag included) answers it.
 *
 * The unit is the case (ärende: one person's insats), as in the registry's `personer` and
 * `sokande`; "per person" means per case with hours in the period.
 *
 * Intervals and tests:
 * - avslag share: Wilson interval; two-proportion z test (beslut as the unit);
 * - share of women among applicants: Wilson interval;
 * - granted hours and omkostnad per person: mean ± 1,96·sd/√n over cases; Welch test;
 * - utförandegrad (Σ utförda / Σ beviljade): ratio estimator with the case as the unit
 *   (queries/likabedomning.ts, `ratioSe`), compared with a z test on the two ratios.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../app/db.server.ts";
import { aggregate, type AggregateRow } from "./aggregate.ts";
import { toJsonSafe } from "./convert.ts";
import type { Filters } from "./filters.ts";
import { ratioInterval, ratioOf, ratioSe, type Limits, type RatioMoments } from "./likabedomning.ts";
import { MEASURES, type MeasureDef, type MeasureId } from "./measures.ts";
import { filterWhere } from "./selection.ts";
import { formatHours, formatKr, formatNumber, formatPercent } from "../app/lib/format.ts";
import { meanInterval, twoMeansP, twoProportionP, wilson } from "./stats.ts";

export const KONER = ["K", "M"] as const;
export type KonKod = (typeof KONER)[number];

export const KON_LABEL: Record<KonKod, string> = { K: "Kvinnor", M: "Män" };

/** The significance level of the sentences ("larger than chance"). */
export const ALPHA = 0.05;

export const KON_MEASURES = [
  "sokande",
  "antal_beslut",
  "antal_bifall",
  "antal_delavslag",
  "antal_avslag",
  "avslagsandel",
  "personer",
  "beviljade",
  "utforda",
  "utforandegrad",
  "omkostnad",
] as const satisfies readonly MeasureId[];
type KonMeasure = (typeof KON_MEASURES)[number];

/**
 * Two per-person figures the page needs that the registry (queries/measures.ts) does not
 * have yet, written in its format so they can move there unchanged. Until then they are
 * computed here as the ratio of their two registry parts (`parts`), never from rows.
 */
export const KON_EXTRA_MEASURES = {
  beviljade_per_person: {
    label: "Beviljade timmar per person",
    unit: "h",
    scope: "manad",
    kind: "ratio",
    expr: `${MEASURES.beviljade.expr} / nullif(${MEASURES.personer.expr}, 0)`,
    parts: ["beviljade", "personer"],
    definition: "Beviljade timmar under perioden delat med personer med insats (ärenden med beviljade eller utförda timmar).",
    rules: ["R1", "R2"],
  },
  omkostnad_per_person: {
    label: "Omkostnad per person",
    unit: "kr",
    scope: "manad",
    kind: "ratio",
    expr: `${MEASURES.omkostnad.expr} / nullif(${MEASURES.personer.expr}, 0)`,
    parts: ["omkostnad", "personer"],
    definition:
      "Omkostnader totalt (intjänad schablon, särskilda ansökningar och ersatt månadsbelopp) delat med personer med insats.",
    rules: ["R8", "R9", "R10"],
  },
} as const satisfies Record<string, MeasureDef>;

/** A ratio of two additive registry figures, as the registry defines ratios (null over zero). */
export function ratioOfParts(id: keyof typeof KON_EXTRA_MEASURES, figures: Partial<Record<MeasureId, number | null>>): number | null {
  const [num, den] = KON_EXTRA_MEASURES[id].parts;
  const d = figures[den] ?? 0;
  return d > 0 ? (figures[num] ?? 0) / d : null;
}

export type KonFigures = AggregateRow<KonMeasure, "kon">;
export type KonStadsdelFigures = AggregateRow<KonMeasure, "kommun" | "stadsdel_nu" | "kon">;

/** Per-case moments of granted hours (b), performed hours (u) and omkostnad (o). */
export type KonMoments = RatioMoments & { o: number; oo: number };

export type KonMomentRow = KonMoments & {
  /** Null on the overall rows (grouped by kön only). */
  kommun: string | null;
  stadsdel: string | null;
  kon: string;
};

export interface KonGrupp {
  kon: KonKod;
  /** Distinct cases behind the figures, per scope (aggregate()'s `n`): drives small-count suppression. */
  n: Partial<Record<"beslut" | "manad", number>>;
  sokande: number;
  beslut: number;
  bifall: number;
  delavslag: number;
  avslag: number;
  avslagAndel: number | null;
  avslagCi: Limits | null;
  personer: number;
  beviljade: number;
  beviljadePerPerson: number | null;
  beviljadePerPersonCi: Limits | null;
  utforda: number;
  utforandegrad: number | null;
  utforandegradCi: Limits | null;
  omkostnad: number;
  omkostnadPerPerson: number | null;
  omkostnadPerPersonCi: Limits | null;
}

export const JAMFORELSER = ["andel_kvinnor_sokande", "avslagsandel", "beviljade_per_person", "utforandegrad", "omkostnad_per_person"] as const;
export type JamforelseId = (typeof JAMFORELSER)[number];

export interface Jamforelse {
  id: Exclude<JamforelseId, "andel_kvinnor_sokande">;
  kvinnor: number | null;
  man: number | null;
  /** Two-sided p-value of the difference; null when a group is too small to test. */
  p: number | null;
  storreAnSlumpen: boolean;
}

export interface KonOmrade {
  /** Null for the overall figures. */
  kommun: string | null;
  stadsdel: string | null;
  K: KonGrupp;
  M: KonGrupp;
  /** Women's share of the applicants (sökande), with its Wilson interval. */
  andelKvinnorSokande: number | null;
  andelKvinnorSokandeCi: Limits | null;
  jamforelser: Jamforelse[];
}

export interface Jamstalldhet {
  totalt: KonOmrade;
  stadsdelar: KonOmrade[];
}

/**
 * Per case the registry's `beviljade`, `utforda` and `omkostnad` (their drilldown),
 * reduced to moments by kön, overall and per stadsdel, in one query. Only cases with
 * hours count, as `personer` counts them.
 */
export async function queryKonMoments(db: Kysely<Database>, f: Filters): Promise<KonMomentRow[]> {
  const r = await sql<KonMomentRow>`
    WITH c AS (
      SELECT kommun, stadsdel_nu, kon, arende_id, grouping(kommun, stadsdel_nu) AS totalt,
             ${sql.raw(MEASURES.beviljade.expr)} AS b, ${sql.raw(MEASURES.utforda.expr)} AS u,
             ${sql.raw(MEASURES.omkostnad.expr)} AS o
      FROM ledger_manad
      WHERE ${filterWhere(f, "manad")}
      GROUP BY GROUPING SETS ((kon, arende_id), (kommun, stadsdel_nu, kon, arende_id)))
    SELECT kommun, stadsdel_nu AS stadsdel, kon, count(*)::INTEGER AS n,
           sum(b)::DOUBLE AS b, sum(u)::DOUBLE AS u, sum(b * b)::DOUBLE AS bb, sum(u * u)::DOUBLE AS uu,
           sum(u * b)::DOUBLE AS ub, sum(o)::DOUBLE AS o, sum(o * o)::DOUBLE AS oo
    FROM c WHERE b > 0 OR u > 0
    GROUP BY totalt, kommun, stadsdel_nu, kon
    ORDER BY ALL`.execute(db);
  return toJsonSafe(r.rows) as KonMomentRow[];
}

const EMPTY: KonMoments = { n: 0, b: 0, u: 0, bb: 0, uu: 0, ub: 0, o: 0, oo: 0 };

/** Sample sd of per-unit values from their sum and sum of squares. */
export function sdFromSums(n: number, sum: number, sumSq: number): number | null {
  if (n < 2) return null;
  return Math.sqrt(Math.max(0, (sumSq - (sum * sum) / n) / (n - 1)));
}

function group(kon: KonKod, g: AggregateRow<KonMeasure, never> | undefined, m: KonMoments): KonGrupp {
  const val = (id: KonMeasure) => (g ? (g[id] ?? 0) : 0);
  const personer = val("personer");
  const beslut = val("antal_beslut");
  const avslag = val("antal_avslag");
  const ci = (mean: number | null, sum: number, sumSq: number): Limits | null => {
    const sd = sdFromSums(m.n, sum, sumSq);
    return mean === null || sd === null ? null : meanInterval(mean, sd, m.n);
  };
  const figures = g as Partial<Record<MeasureId, number | null>> | undefined;
  const beviljadePerPerson = figures ? ratioOfParts("beviljade_per_person", figures) : null;
  const omkostnadPerPerson = figures ? ratioOfParts("omkostnad_per_person", figures) : null;
  return {
    kon,
    n: { beslut: g?.n.beslut ?? 0, manad: g?.n.manad ?? 0 },
    sokande: val("sokande"),
    beslut,
    bifall: val("antal_bifall"),
    delavslag: val("antal_delavslag"),
    avslag,
    avslagAndel: g?.avslagsandel ?? null,
    avslagCi: wilson(avslag, beslut),
    personer,
    beviljade: val("beviljade"),
    beviljadePerPerson,
    beviljadePerPersonCi: ci(beviljadePerPerson, m.b, m.bb),
    utforda: val("utforda"),
    utforandegrad: g?.utforandegrad ?? null,
    utforandegradCi: ratioInterval(m),
    omkostnad: val("omkostnad"),
    omkostnadPerPerson,
    omkostnadPerPersonCi: ci(omkostnadPerPerson, m.o, m.oo),
  };
}

const meanOf = (mean: number | null, n: number, sum: number, sumSq: number) => {
  const sd = sdFromSums(n, sum, sumSq);
  return mean === null || sd === null ? null : { mean, sd, n };
};

/** Women against men on each measure: the figures, the p-value, and whether p < ALPHA. */
export function compare(k: KonGrupp, mk: KonMoments, m: KonGrupp, mm: KonMoments): Jamforelse[] {
  const out: Jamforelse[] = [];
  const push = (id: Jamforelse["id"], kv: number | null, mv: number | null, p: number | null) =>
    out.push({ id, kvinnor: kv, man: mv, p, storreAnSlumpen: p !== null && p < ALPHA });
  push("avslagsandel", k.avslagAndel, m.avslagAndel, twoProportionP(k.avslag, k.beslut, m.avslag, m.beslut));
  {
    const a = meanOf(k.beviljadePerPerson, mk.n, mk.b, mk.bb);
    const b = meanOf(m.beviljadePerPerson, mm.n, mm.b, mm.bb);
    push("beviljade_per_person", k.beviljadePerPerson, m.beviljadePerPerson, a && b ? twoMeansP(a, b) : null);
  }
  {
    // Two independent ratio estimates: z on R_K − R_M with their linearised standard errors.
    const rk = ratioOf(mk);
    const rm = ratioOf(mm);
    const sk = ratioSe(mk);
    const sm = ratioSe(mm);
    const p =
      rk === null || rm === null || sk === null || sm === null
        ? null
        : twoMeansP({ mean: rk, sd: sk * Math.sqrt(mk.n), n: mk.n }, { mean: rm, sd: sm * Math.sqrt(mm.n), n: mm.n });
    push("utforandegrad", k.utforandegrad, m.utforandegrad, p);
  }
  {
    const a = meanOf(k.omkostnadPerPerson, mk.n, mk.o, mk.oo);
    const b = meanOf(m.omkostnadPerPerson, mm.n, mm.o, mm.oo);
    push("omkostnad_per_person", k.omkostnadPerPerson, m.omkostnadPerPerson, a && b ? twoMeansP(a, b) : null);
  }
  return out;
}

function area(
  kommun: string | null,
  stadsdel: string | null,
  rows: (AggregateRow<KonMeasure, never> & { kon: unknown })[],
  moments: KonMomentRow[],
): KonOmrade {
  const fig = (kon: KonKod) => rows.find((r) => r.kon === kon);
  const mom = (kon: KonKod) => moments.find((r) => r.kon === kon) ?? EMPTY;
  const K = group("K", fig("K"), mom("K"));
  const M = group("M", fig("M"), mom("M"));
  const sokande = K.sokande + M.sokande;
  return {
    kommun,
    stadsdel,
    K,
    M,
    andelKvinnorSokande: sokande > 0 ? K.sokande / sokande : null,
    andelKvinnorSokandeCi: wilson(K.sokande, sokande),
    jamforelser: compare(K, mom("K"), M, mom("M")),
  };
}

/** Builds the page from the queries' rows (pure: unit-tested with hand-made rows). */
export function assembleJamstalldhet(
  overall: KonFigures[],
  byStadsdel: KonStadsdelFigures[],
  moments: KonMomentRow[],
): Jamstalldhet {
  const totalt = area(null, null, overall, moments.filter((m) => m.stadsdel === null && m.kommun === null));
  const keys = new Map<string, { kommun: string; stadsdel: string }>();
  for (const r of byStadsdel) keys.set(`${r.kommun}\u0000${r.stadsdel_nu}`, { kommun: String(r.kommun), stadsdel: String(r.stadsdel_nu) });
  const stadsdelar = [...keys.values()].map(({ kommun, stadsdel }) =>
    area(
      kommun,
      stadsdel,
      byStadsdel.filter((r) => r.kommun === kommun && r.stadsdel_nu === stadsdel),
      moments.filter((m) => m.kommun === kommun && m.stadsdel === stadsdel),
    ),
  );
  return { totalt, stadsdelar };
}

/**
 * The page's figures: aggregate() by kön and by stadsdel × kön, and one query of
 * per-case moments. Kön is what the page compares, so a kön filter is not applied
 * (it would remove one side of every comparison).
 */
export async function jamstalldhet(db: Kysely<Database>, filters: Filters): Promise<Jamstalldhet> {
  const f: Filters = { ...filters, kon: undefined };
  const [overall, byStadsdel, moments] = await Promise.all([
    aggregate(db, f, KON_MEASURES, ["kon"]),
    aggregate(db, f, KON_MEASURES, ["kommun", "stadsdel_nu", "kon"]),
    queryKonMoments(db, f),
  ]);
  return assembleJamstalldhet(overall, byStadsdel, moments);
}

// ---------------------------------------------------------------------------
// Plain Swedish sentences
// ---------------------------------------------------------------------------

/** "p = 0,023", or "p < 0,001" where three decimals would show 0. */
export function formatP(p: number): string {
  return p < 0.001 ? "p < 0,001" : `p = ${formatNumber(p, 3)}`;
}

const FIGURE: Record<Jamforelse["id"], { what: string; fmt: (v: number | null) => string }> = {
  avslagsandel: { what: "Andelen avslag", fmt: (v) => formatPercent(v, 1) },
  beviljade_per_person: { what: "Beviljade timmar per person", fmt: (v) => `${formatHours(v)} timmar` },
  utforandegrad: { what: "Utförandegraden", fmt: (v) => formatPercent(v, 1) },
  omkostnad_per_person: { what: "Omkostnaden per person", fmt: (v) => formatKr(v) },
};

/**
 * One sentence an enhetschef can read aloud: the two figures and whether the
 * difference is larger than chance alone would give at the 5 % level.
 */
export function jamforelseText(j: Jamforelse): string {
  const f = FIGURE[j.id];
  const figures = `${f.what} var ${f.fmt(j.kvinnor)} för kvinnor och ${f.fmt(j.man)} för män.`;
  if (j.p === null) return `${figures} Underlaget är för litet för att pröva skillnaden.`;
  return j.storreAnSlumpen
    ? `${figures} Skillnaden är större än vad slumpen brukar ge (${formatP(j.p)}).`
    : `${figures} Skillnaden kan bero på slumpen (${formatP(j.p)}).`;
}

export const JAMFORELSE_LABEL: Record<Jamforelse["id"], string> = {
  avslagsandel: "avslagsandel",
  beviljade_per_person: "beviljade timmar per person",
  utforandegrad: "utförandegrad",
  omkostnad_per_person: "omkostnad per person",
};
