/**
 * The filters every page shares, as they live in the URL.
 *
 * One zod schema validates them; a bad value becomes a `FilterError` naming the
 * parameter, which routes turn into a Swedish 400 page. The same parsed filter
 * drives a dashboard, its CSV export, the report and the case list behind a
 * figure, which is what makes "the cases behind a figure" a URL.
 */
import { z } from "zod";
import { INSATS, KON, LAGRUM } from "../etl/contract.ts";

export const ALDERSGRUPPER = ["0-17", "18-24", "25-64", "65-"] as const;
export type Aldersgrupp = (typeof ALDERSGRUPPER)[number];

export const ALDERSGRUPP_LABEL: Record<Aldersgrupp, string> = {
  "0-17": "0–17 år",
  "18-24": "18–24 år",
  "25-64": "25–64 år",
  "65-": "65 år och äldre",
};

/** Age in whole years reached during the calendar year: what a yearly report counts. */
export function aldersgruppFor(fodelsear: number, year: number): Aldersgrupp {
  const age = year - fodelsear;
  if (age < 18) return "0-17";
  if (age < 25) return "18-24";
  if (age < 65) return "25-64";
  return "65-";
}

/** A half-open month range [from, to) expressed as first days of months, ISO `YYYY-MM-DD`. */
export type Period = {
  kind: "manad" | "tertial" | "ar" | "intervall";
  /** The URL form, e.g. `2026-T2`, `2026`, `2026-03`, `2025-11..2026-02`. */
  key: string;
  /** First day of the first month. */
  from: string;
  /** First day of the month after the last month (exclusive). */
  to: string;
  label: string;
};

const MONTHS_SV = [
  "januari", "februari", "mars", "april", "maj", "juni",
  "juli", "augusti", "september", "oktober", "november", "december",
];

function monthStart(year: number, month1: number): string {
  const y = year + Math.floor((month1 - 1) / 12);
  const m = ((((month1 - 1) % 12) + 12) % 12) + 1;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-01`;
}

function parseYm(s: string): { y: number; m: number } | null {
  const match = /^(\d{4})-(\d{2})$/.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  if (m < 1 || m > 12 || y < 1900 || y > 2200) return null;
  return { y, m };
}

/** Parses `2026`, `2026-T2`, `2026-03` or `2025-11..2026-02`; null when it is none of them. */
export function parsePeriod(key: string): Period | null {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(key))) {
    const y = Number(m[1]);
    if (y < 1900 || y > 2200) return null;
    return { kind: "ar", key, from: monthStart(y, 1), to: monthStart(y + 1, 1), label: `år ${y}` };
  }
  if ((m = /^(\d{4})-T([123])$/.exec(key))) {
    const y = Number(m[1]);
    const t = Number(m[2]);
    if (y < 1900 || y > 2200) return null;
    const first = (t - 1) * 4 + 1;
    return {
      kind: "tertial",
      key,
      from: monthStart(y, first),
      to: monthStart(y, first + 4),
      label: `tertial ${t} ${y} (${MONTHS_SV[first - 1]}–${MONTHS_SV[first + 2]})`,
    };
  }
  const single = parseYm(key);
  if (single) {
    return {
      kind: "manad",
      key,
      from: monthStart(single.y, single.m),
      to: monthStart(single.y, single.m + 1),
      label: `${MONTHS_SV[single.m - 1]} ${single.y}`,
    };
  }
  if ((m = /^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$/.exec(key))) {
    const a = parseYm(m[1]);
    const b = parseYm(m[2]);
    if (!a || !b) return null;
    const from = monthStart(a.y, a.m);
    const to = monthStart(b.y, b.m + 1);
    if (from >= to) return null;
    return {
      kind: "intervall",
      key,
      from,
      to,
      label: `${MONTHS_SV[a.m - 1]} ${a.y} – ${MONTHS_SV[b.m - 1]} ${b.y}`,
    };
  }
  return null;
}

/** The same period one year earlier: what every figure is compared with. */
export function previousYear(p: Period): Period {
  const shift = (key: string) => key.replace(/\d{4}/g, (y) => String(Number(y) - 1));
  const prev = parsePeriod(shift(p.key));
  if (!prev) throw new Error(`Ingen jämförelseperiod för ${p.key}`);
  return prev;
}

/** The latest tertial that has ended before `today`'s month starts. */
export function latestCompleteTertial(today: string): Period {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  // A tertial is complete once the month after its last month has begun.
  const t = m >= 9 ? 2 : m >= 5 ? 1 : 3;
  const year = t === 3 ? y - 1 : y;
  return parsePeriod(`${year}-T${t}`)!;
}

/** Months (first days) in a period, in order. */
export function monthsIn(p: Period): string[] {
  const out: string[] = [];
  let y = Number(p.from.slice(0, 4));
  let m = Number(p.from.slice(5, 7));
  for (let d = p.from; d < p.to; d = monthStart(y, m)) {
    out.push(d);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .union([z.enum(values), z.array(z.enum(values))])
    .transform((v) => (Array.isArray(v) ? v : [v]));

const text = z.string().trim().min(1).max(100).regex(/^[\p{L}\p{N} .,'()&/-]+$/u, "otillåtna tecken");

/** The filter bar's period value "Eget intervall": the period is the range `fran`..`till`. */
export const EGET_INTERVALL = "eget";

/**
 * The period key a URL asks for, from `period` and the filter bar's custom range
 * (`fran`, `till`, each YYYY-MM). A form sends all three, so the rule decides,
 * never the order of the fields:
 *
 * - `period=eget` ("Eget intervall" in the list): the range `fran..till` (one of
 *   them alone: that month); without either it is a bad `period`;
 * - any other `period`: that period; `fran` and `till` are ignored (a range left
 *   filled in from the previous view never overrides the period chosen in the list);
 * - no `period`: the range when one is given (a hand-written link), else undefined
 *   (the page's default period).
 *
 * Returns the key unparsed (`parsePeriod` checks it), or an error naming the parameter.
 */
export function periodKeyFrom(v: { period?: string; fran?: string; till?: string }): { key?: string; error?: { param: string; detail: string } } {
  const fran = v.fran || undefined;
  const till = v.till || undefined;
  if (v.period !== undefined && v.period !== EGET_INTERVALL) return { key: v.period };
  if (fran || till) return { key: `${fran ?? till}..${till ?? fran}` };
  if (v.period === EGET_INTERVALL) return { error: { param: "period", detail: "ett eget intervall behöver från- och till-månad (ÅÅÅÅ-MM)" } };
  return {};
}

/** The raw URL parameters, validated. Multi-valued params may repeat (`?kon=K&kon=M`). */
export const FilterParams = z
  .object({
    kommun: text.optional(),
    stadsdel: z.union([text, z.array(text).max(50)]).transform((v) => (Array.isArray(v) ? v : [v])).optional(),
    period: z.string().max(40).optional(),
    /** The filter bar's custom range; used only as `periodKeyFrom` says. */
    fran: z.string().max(20).optional(),
    till: z.string().max(20).optional(),
    lagrum: list(LAGRUM).optional(),
    insats: list(INSATS).optional(),
    kon: list(KON).optional(),
    aldersgrupp: list(ALDERSGRUPPER).optional(),
    utforare: z.union([text, z.array(text).max(100)]).transform((v) => (Array.isArray(v) ? v : [v])).optional(),
  })
  .strip()
  // One period: `period` against the custom range, resolved by periodKeyFrom.
  .transform(({ fran, till, ...rest }, ctx) => {
    const r = periodKeyFrom({ period: rest.period, fran, till });
    if (r.error) {
      ctx.addIssue({ code: "custom", path: [r.error.param], message: r.error.detail });
      return z.NEVER;
    }
    return { ...rest, period: r.key };
  });

export type Filters = {
  kommun?: string;
  stadsdel?: string[];
  period: Period;
  lagrum?: string[];
  insats?: string[];
  kon?: string[];
  aldersgrupp?: Aldersgrupp[];
  utforare?: string[];
};

export const FILTER_LABELS: Record<string, string> = {
  kommun: "kommun",
  stadsdel: "stadsdel",
  period: "period",
  lagrum: "lagrum",
  insats: "insats",
  kon: "kön",
  aldersgrupp: "åldersgrupp",
  utforare: "utförare",
};

/** A bad URL parameter: the route answers 400 and names it. */
export class FilterError extends Error {
  constructor(
    readonly param: string,
    readonly detail: string,
  ) {
    super(`Ogiltig parameter "${param}" (${FILTER_LABELS[param] ?? param}): ${detail}`);
    this.name = "FilterError";
  }
}

/** URLSearchParams → plain object where repeated keys become arrays. */
export function searchParamsToObject(sp: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(sp.keys())) {
    const all = sp.getAll(key).filter((v) => v !== "");
    if (all.length === 0) continue;
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/**
 * Parses the shared filters. `defaultPeriod` is used when the URL has none
 * (pages default to the latest complete tertial).
 */
export function parseFilters(sp: URLSearchParams, defaultPeriod: Period): Filters {
  const parsed = FilterParams.safeParse(searchParamsToObject(sp));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = String(issue.path[0] ?? "okänd");
    throw new FilterError(param, issue.code === "custom" ? issue.message : "värdet är inte tillåtet");
  }
  const v = parsed.data;
  let period = defaultPeriod;
  if (v.period !== undefined) {
    const p = parsePeriod(v.period);
    if (!p) {
      const range = (sp.get("period") || EGET_INTERVALL) === EGET_INTERVALL;
      throw new FilterError("period", range ? "ange från- och till-månad som ÅÅÅÅ-MM, med från före till" : "ange t.ex. 2026, 2026-T2, 2026-03 eller 2025-11..2026-02");
    }
    period = p;
  }
  return {
    kommun: v.kommun,
    stadsdel: v.stadsdel,
    period,
    lagrum: v.lagrum,
    insats: v.insats,
    kon: v.kon,
    aldersgrupp: v.aldersgrupp,
    utforare: v.utforare,
  };
}

/** The URL form of filters, e.g. for links to the cases behind a figure. */
export function filtersToSearchParams(f: Partial<Filters>, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const sp = new URLSearchParams();
  if (f.kommun) sp.set("kommun", f.kommun);
  for (const s of f.stadsdel ?? []) sp.append("stadsdel", s);
  if (f.period) sp.set("period", f.period.key);
  for (const s of f.lagrum ?? []) sp.append("lagrum", s);
  for (const s of f.insats ?? []) sp.append("insats", s);
  for (const s of f.kon ?? []) sp.append("kon", s);
  for (const s of f.aldersgrupp ?? []) sp.append("aldersgrupp", s);
  for (const s of f.utforare ?? []) sp.append("utforare", s);
  for (const [k, val] of Object.entries(extra)) if (val !== undefined) sp.set(k, val);
  return sp;
}
