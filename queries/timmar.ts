/**
 * /timmar: beviljade vs utförda vs förbrukade by stadsdel, insats and month, and
 * the gap between beviljade and utförda decomposed (GAP_PARTS). Four queries:
 * totals, per stadsdel, per insats, per month — all through aggregate().
 */
import type { Kysely } from "kysely";
import type { Database } from "../app/db.server.ts";
import { aggregate, type AggregateRow } from "./aggregate.ts";
import type { Filters } from "./filters.ts";
import { GAP_PARTS, type MeasureId } from "./measures.ts";

export const HOUR_MEASURES = ["personer", "beviljade", "utforda", "forbrukade", "utforandegrad", "forbrukningsgrad"] as const satisfies readonly MeasureId[];
export const GAP_MEASURES = ["beviljade", "utforda", ...GAP_PARTS, "gap"] as const satisfies readonly MeasureId[];
export const TIDSTYP_MEASURES = ["utforda_dag", "utforda_kvall", "utforda_natt", "utforda_helg", "utforda_storhelg", "utforda"] as const satisfies readonly MeasureId[];

const ALL = [...new Set([...HOUR_MEASURES, ...GAP_MEASURES, ...TIDSTYP_MEASURES])];
type All = (typeof ALL)[number];

export interface Timmar {
  /** Kommun is a group too when the selection spans several (stadsdel names are per kommun). */
  byStadsdel: AggregateRow<All, "kommun" | "stadsdel_nu">[];
  byInsats: AggregateRow<(typeof HOUR_MEASURES)[number], "insats">[];
  byManad: AggregateRow<(typeof HOUR_MEASURES)[number], "manad">[];
  total: AggregateRow<All>;
}

export async function timmar(db: Kysely<Database>, f: Filters): Promise<Timmar> {
  const [byStadsdel, byInsats, byManad, [total]] = await Promise.all([
    aggregate(db, f, ALL, ["kommun", "stadsdel_nu"]),
    aggregate(db, f, HOUR_MEASURES, ["insats"]),
    aggregate(db, f, HOUR_MEASURES, ["manad"]),
    aggregate(db, f, ALL),
  ]);
  return { byStadsdel, byInsats, byManad, total };
}
