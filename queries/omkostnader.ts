/**
 * /omkostnader: the schablon the utförare earned (R8) against the ledsagarnas
 * actual costs, per utförare; särskilda ansökningar (R9) with the engine's
 * judgement of each; the use of the monthly amount (R10) per stadsdel.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../app/db.server.ts";
import { aggregate, type AggregateRow } from "./aggregate.ts";
import { toNumber } from "./convert.ts";
import type { Filters } from "./filters.ts";
import type { MeasureId } from "./measures.ts";
import { filterWhere } from "./selection.ts";

export const UTFORARE_OMK = ["utforda", "schablon", "omkostnad_faktisk", "antal_sarskilda", "sarskilda_kr"] as const satisfies readonly MeasureId[];
export const STADSDEL_OMK = [
  "personer",
  "manadsbelopp_ram",
  "manadsbelopp",
  "manadsbelopp_ersatt",
  "manadsbelopp_nyttjande",
  "antal_sarskilda",
  "sarskilda_kr",
  "schablon",
  "omkostnad",
] as const satisfies readonly MeasureId[];

const ALL = [...new Set([...UTFORARE_OMK, ...STADSDEL_OMK])];

/** The engine's judgement of a särskild ansökan (arende_handelse.klass, regel). */
export const SARSKILD_UTFALL = {
  beviljad: "Över gränsen: nämnden står för hela kostnaden (R9)",
  under_grans: "Under gränsen per tillfälle: ingen särskild ersättning",
  ingen_regel: "Kommunens regelverk har ingen regel om särskild ansökan",
} as const;
export type SarskildUtfall = keyof typeof SARSKILD_UTFALL;

export interface Omkostnader {
  byUtforare: AggregateRow<(typeof UTFORARE_OMK)[number], "kommun" | "utforare">[];
  byStadsdel: AggregateRow<(typeof STADSDEL_OMK)[number], "kommun" | "stadsdel_nu">[];
  total: AggregateRow<(typeof ALL)[number]>;
  sarskilda: { utfall: SarskildUtfall; antal: number; belopp: number; arenden: number }[];
}

export async function omkostnader(db: Kysely<Database>, f: Filters): Promise<Omkostnader> {
  const [byUtforare, byStadsdel, [total], sarskilda] = await Promise.all([
    aggregate(db, f, UTFORARE_OMK, ["kommun", "utforare"]),
    aggregate(db, f, STADSDEL_OMK, ["kommun", "stadsdel_nu"]),
    aggregate(db, f, ALL),
    sarskildaByUtfall(db, f),
  ]);
  return { byUtforare, byStadsdel, total, sarskilda };
}

/**
 * Särskilda ansökningar by the engine's judgement. The events carry no dimensions
 * of their own, so they are selected through their case's ledger month: the same
 * rows (and filterWhere) as the measures `antal_sarskilda` and `sarskilda_kr`,
 * which the totals here therefore equal.
 */
async function sarskildaByUtfall(db: Kysely<Database>, f: Filters): Promise<Omkostnader["sarskilda"]> {
  const rows = await sql<{ utfall: SarskildUtfall; antal: bigint | number; belopp: number | null; arenden: bigint | number }>`
    SELECT CASE WHEN h.klass = 'sarskild_under_grans' THEN 'under_grans'
                WHEN h.regel IS NULL THEN 'ingen_regel' ELSE 'beviljad' END AS utfall,
           count(*) AS antal, sum(h.belopp) AS belopp, count(DISTINCT h.arende_id) AS arenden
    FROM arende_handelse h
    JOIN ledger_manad m ON m.arende_id = h.arende_id AND m.manad = h.manad
    WHERE h.typ = 'omkostnad' AND h.klass IN ('sarskild', 'sarskild_under_grans') AND ${filterWhere(f, "manad", { alias: "m" })}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return rows.rows.map((r) => ({ utfall: r.utfall, antal: toNumber(r.antal), belopp: r.belopp ?? 0, arenden: toNumber(r.arenden) }));
}
