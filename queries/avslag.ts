/**
 * Avslag and delavslag by stadsdel, lagrum, kön, åldersgrupp and over time: the
 * registry's beslut counts and shares through aggregate(), one grouping per table,
 * each share with its Wilson 95 % interval.
 *
 * Time runs over the chosen period, by month or by tertial (URL `tid`); a period
 * longer than a year defaults to tertials, so a trend over years stays readable.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import type { Database } from "../app/db.server.ts";
import { aggregate, type AggregateRow, type GroupBy } from "./aggregate.ts";
import { monthsIn, type Filters, type Period } from "./filters.ts";
import type { Limits } from "./likabedomning.ts";
import type { MeasureId } from "./measures.ts";
import { wilson } from "./stats.ts";

export const AVSLAG_MEASURES = [
  "antal_beslut",
  "antal_bifall",
  "antal_delavslag",
  "antal_avslag",
  "avslagsandel",
  "delavslagsandel",
] as const satisfies readonly MeasureId[];
type AvslagMeasure = (typeof AVSLAG_MEASURES)[number];

/** The tables of the page, each a grouping of aggregate(). */
export const AVSLAG_DIMENSIONER = ["stadsdel_nu", "lagrum", "kon", "aldersgrupp"] as const satisfies readonly GroupBy[];
export type AvslagDimension = (typeof AVSLAG_DIMENSIONER)[number];

export const TIDSINDELNING = ["manad", "tertial"] as const;
export type Tidsindelning = (typeof TIDSINDELNING)[number];

/** The page's own URL parameter (besides the shared filters). */
export const AvslagParams = z.object({ tid: z.enum(TIDSINDELNING).optional() });

/** Months for periods up to a year, tertials beyond. */
export function defaultTidsindelning(p: Period): Tidsindelning {
  return monthsIn(p).length > 12 ? "tertial" : "manad";
}

export interface AvslagRad {
  /** The group's value: a stadsdel, "LSS", "K", "18-24", "2026-03", "2026-T2"; null for the total. */
  varde: string | null;
  /** Kommun of a stadsdel row (stadsdel names repeat between kommuner). */
  kommun?: string | null;
  /** Distinct cases behind the row (aggregate()'s `n`): drives small-count suppression. */
  n: number;
  beslut: number;
  bifall: number;
  delavslag: number;
  avslag: number;
  avslagAndel: number | null;
  avslagCi: Limits | null;
  delavslagAndel: number | null;
  delavslagCi: Limits | null;
}

export interface AvslagOversikt {
  totalt: AvslagRad;
  per: Record<AvslagDimension, AvslagRad[]>;
  tid: { indelning: Tidsindelning; rader: AvslagRad[] };
}

type Row = AggregateRow<AvslagMeasure, never> & Record<string, unknown>;

export function toRad(r: Row, varde: string | null, kommun?: string | null): AvslagRad {
  const beslut = r.antal_beslut ?? 0;
  const avslag = r.antal_avslag ?? 0;
  const delavslag = r.antal_delavslag ?? 0;
  return {
    varde,
    ...(kommun !== undefined ? { kommun } : {}),
    n: r.n.beslut ?? 0,
    beslut,
    bifall: r.antal_bifall ?? 0,
    delavslag,
    avslag,
    avslagAndel: r.avslagsandel,
    avslagCi: wilson(avslag, beslut),
    delavslagAndel: r.delavslagsandel,
    delavslagCi: wilson(delavslag, beslut),
  };
}

/** Every month ("2026-03") or tertial ("2026-T2") key of a period, in order. */
export function timeKeys(p: Period, tid: Tidsindelning): string[] {
  const months = monthsIn(p).map((m) => m.slice(0, 7));
  if (tid === "manad") return months;
  const keys = months.map((m) => `${m.slice(0, 4)}-T${Math.floor((Number(m.slice(5, 7)) - 1) / 4) + 1}`);
  return [...new Set(keys)];
}

/** The time rows with the months (tertials) that had no beslut filled in as zeros, so a trend has no gaps. */
export function fillTime(rows: AvslagRad[], keys: string[]): AvslagRad[] {
  const by = new Map(rows.map((r) => [r.varde, r]));
  const zero = { antal_beslut: 0, antal_bifall: 0, antal_delavslag: 0, antal_avslag: 0, avslagsandel: null, delavslagsandel: null, n: {} };
  return keys.map((k) => by.get(k) ?? toRad(zero as Row, k));
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * The page's figures: six queries over arende_beslut (total, four groupings, time),
 * each a few milliseconds.
 */
export async function avslagOversikt(db: Kysely<Database>, f: Filters, tid = defaultTidsindelning(f.period)): Promise<AvslagOversikt> {
  const [totalt, stadsdel, lagrum, kon, alder, tidRader] = await Promise.all([
    aggregate(db, f, AVSLAG_MEASURES),
    aggregate(db, f, AVSLAG_MEASURES, ["kommun", "stadsdel_nu"]),
    aggregate(db, f, AVSLAG_MEASURES, ["lagrum"]),
    aggregate(db, f, AVSLAG_MEASURES, ["kon"]),
    aggregate(db, f, AVSLAG_MEASURES, ["aldersgrupp"]),
    aggregate(db, f, AVSLAG_MEASURES, [tid]),
  ]);
  return {
    totalt: toRad(totalt[0] as Row, null),
    per: {
      stadsdel_nu: stadsdel.map((r) => toRad(r as Row, str(r.stadsdel_nu), str(r.kommun))),
      lagrum: lagrum.map((r) => toRad(r as Row, str(r.lagrum))),
      kon: kon.map((r) => toRad(r as Row, str(r.kon))),
      aldersgrupp: alder.map((r) => toRad(r as Row, str(r.aldersgrupp))),
    },
    tid: {
      indelning: tid,
      rader: fillTime(
        tidRader.map((r) => toRad(r as Row, str((r as Record<string, unknown>)[tid]))),
        timeKeys(f.period, tid),
      ),
    },
  };
}
