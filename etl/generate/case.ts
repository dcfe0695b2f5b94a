/**
 * One person's case from start to rows: create the person, plan the beslut, and write
 * each beslut that belongs in the period with its utförda timmar, avbokningar and
 * omkostnader. Everything for a person is drawn from the person's own random stream.
 */
import type { Lagrum } from "../contract.ts";
import { isoDay, ymd, type Day } from "./calendar.ts";
import { simulateActivity, type ActivityOut } from "./activity.ts";
import { planCase, type BeslutPlan } from "./beslut.ts";
import { areaName, type Area, type Kommun, type Window } from "./kommuner.ts";
import { omkostnadRows } from "./omkostnader.ts";
import { CASE } from "./params.ts";
import { createPerson, type Arrival, type Person } from "./person.ts";
import type { PnrRegistry } from "./pnr.ts";
import type { Rng } from "./rng.ts";
import type { BeslutCsvRow, Sink } from "./writer.ts";

/** How Östhammar's system spells lagrum; the contract accepts both forms. */
const LAGRUM_FULL: Record<Lagrum, string> = { LSS: "LSS 9 § 3", SoL: "SoL 4 kap. 1 §" };

/** beslut_id `ÅÅÅÅ-NNNNNN`: the year decided and a running number, unique within a kommun. */
export class BeslutIds {
  private readonly next = new Map<string, number>();

  take(kommun: string, beslutDatum: Day): string {
    const n = (this.next.get(kommun) ?? 0) + 1;
    this.next.set(kommun, n);
    return `${ymd(beslutDatum).y}-${String(n).padStart(6, "0")}`;
  }
}

/** Whether a beslut belongs in the files: decided in the period, or in force during it. */
function inPeriod(p: BeslutPlan, w: Window): boolean {
  if (p.beslutDatum > w.end) return false;
  if (p.beslutDatum >= w.start) return true;
  if (p.utfall === "avslag") return false;
  const last = Math.max(p.tom ?? Number.POSITIVE_INFINITY, p.activityEnd ?? Number.NEGATIVE_INFINITY);
  return last >= w.start;
}

const isoOrNull = (d: Day | null) => (d === null ? null : isoDay(d));

function beslutRow(rng: Rng, person: Person, p: BeslutPlan, id: string): BeslutCsvRow {
  const k = person.kommun;
  return {
    kommun: k.namn,
    stadsdel: areaName(person.area, p.beslutDatum),
    beslut_id: id,
    personnummer: person.pnr,
    kon: rng.chance(CASE.pKonEmpty) ? null : person.kon,
    lagrum: k.lagrumFullForm ? LAGRUM_FULL[person.lagrum] : person.lagrum,
    insats: person.insats,
    ansokan_datum: isoDay(p.ansokan),
    beslut_datum: isoDay(p.beslutDatum),
    utfall: p.utfall,
    sokta_timmar: p.sokta,
    beviljade_timmar: p.beviljade,
    timmar_per: person.timmarPer,
    giltig_from: isoOrNull(p.from),
    giltig_tom: isoOrNull(p.tom),
    handlaggare: p.handlaggare,
    beslutsniva: p.beslutsniva,
    personlig_assistans: person.personligAssistans,
    utforare: p.utforare?.code ?? null,
    bestallning_datum: isoOrNull(p.bestallning),
    genomforandeplan_datum: isoOrNull(p.genomforandeplan),
    senaste_uppfoljning: isoOrNull(p.uppfoljning),
  };
}

export interface CaseContext {
  kommun: Kommun;
  area: Area;
  w: Window;
  pnrs: PnrRegistry;
  ids: BeslutIds;
  sink: Sink;
}

export function simulateCase(rng: Rng, arrival: Arrival, ctx: CaseContext): void {
  const { w, sink } = ctx;
  const person = createPerson(rng, ctx.kommun, ctx.area, arrival.day, w, ctx.pnrs);
  const out: ActivityOut = {
    utforda: (row) => sink.utforda_timmar.write(row),
    avbokning: (row) => sink.avbokningar.write(row),
  };
  for (const plan of planCase(rng, person, arrival, w)) {
    if (!inPeriod(plan, w)) continue;
    const id = ctx.ids.take(person.kommun.namn, plan.beslutDatum);
    sink.beslut.write(beslutRow(rng, person, plan, id));
    if (plan.utfall === "avslag" || plan.utforare === null) continue;
    const performed = simulateActivity(rng, person, plan, id, w, out);
    omkostnadRows(rng, person, id, plan.utforare.code, performed, w, (row) => sink.omkostnader.write(row));
  }
}
