/**
 * /bevakning: the process flags the engine sets per case (R1, R6, R11–R16),
 * counted as cases with the flag, per stadsdel and rule. Each count is a link to
 * its cases (`scope=flagga&flagga=Rx`).
 */
import type { Kysely } from "kysely";
import type { Database } from "../app/db.server.ts";
import { aggregate, type AggregateRow } from "./aggregate.ts";
import type { Filters } from "./filters.ts";

export type FlagRow = AggregateRow<"arenden_med_flagga" | "flaggor", "kommun" | "stadsdel_nu" | "regel">;

export interface Bevakning {
  byStadsdelRegel: FlagRow[];
  byStadsdel: AggregateRow<"arenden_med_flagga" | "flaggor", "kommun" | "stadsdel_nu">[];
  byRegel: AggregateRow<"arenden_med_flagga" | "flaggor", "regel">[];
  total: AggregateRow<"arenden_med_flagga" | "flaggor">;
}

export async function bevakning(db: Kysely<Database>, f: Filters): Promise<Bevakning> {
  const ids = ["arenden_med_flagga", "flaggor"] as const;
  const [byStadsdelRegel, byStadsdel, byRegel, [total]] = await Promise.all([
    aggregate(db, f, ids, ["kommun", "stadsdel_nu", "regel"]),
    aggregate(db, f, ids, ["kommun", "stadsdel_nu"]),
    aggregate(db, f, ids, ["regel"]),
    aggregate(db, f, ids),
  ]);
  return { byStadsdelRegel, byStadsdel, byRegel, total };
}
