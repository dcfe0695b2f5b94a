/**
 * Process flags on the beslut of a case: R1 (no end date), R11 (personlig assistans),
 * R12 (delegation), R13 (genomförandeplan), R14 (uppföljning), R16 (start after the
 * beställning — an indication only, see docs/RULES.md). R6 and R15 come from the ledger.
 */
import { addMonths, isoDay, type Day } from "./dates.ts";
import { grants, perManad } from "./beviljade.ts";
import { kommunKey, ruleAt, type Regelverk } from "./regelverk.ts";
import type { BeslutIn, Flagga } from "./types.ts";
import { h } from "./text.ts";

export interface FlagContext {
  rv: Regelverk;
  horisont: Day;
  /** The first day on or after `from` (and not after `to`) with hours performed, by `utforare` if given. */
  forstaUtford(from: Day, to: Day, utforare: string | null): Day | null;
}

function r1(b: BeslutIn, c: FlagContext): Flagga[] {
  const v = ruleAt(c.rv, "beslutets_omfattning", b.beslutDatum);
  if (!v || !v.p.tidsbegransning_kravs || b.utfall === "avslag") return [];
  const saknas =
    b.giltigFrom === null ? "giltig från" : b.giltigTom === null ? "giltig till (slutdatum)" : null;
  if (saknas === null) return [];
  return [
    {
      regel: "R1",
      kalla: v.kalla,
      datum: b.beslutDatum,
      beslutId: b.beslutId,
      niva: "brist",
      text: `Beslut ${b.beslutId} (${isoDay(b.beslutDatum)}) saknar ${saknas}: beslutet ska vara tidsbegränsat (R1).`,
    },
  ];
}

function r11(b: BeslutIn, c: FlagContext): Flagga[] {
  const v = ruleAt(c.rv, "personlig_assistans", b.beslutDatum);
  if (!v || !b.personligAssistans || b.utfall === "avslag" || !v.p.insatser.includes(b.insats)) return [];
  return [
    {
      regel: "R11",
      kalla: v.kalla,
      datum: b.beslutDatum,
      beslutId: b.beslutId,
      niva: "brist",
      text: `Beslut ${b.beslutId} beviljar ${b.insats} till en person med personlig assistans: insatsen ingår i den personliga assistansen och kan inte beviljas (R11).`,
    },
  ];
}

function r12(b: BeslutIn, c: FlagContext): Flagga[] {
  const v = ruleAt(c.rv, "delegation", b.beslutDatum);
  if (!v || !grants(b) || b.beslutsniva === null) return [];
  const nivaer = v.p.handlaggarnivaer.map(kommunKey);
  if (!nivaer.includes(kommunKey(b.beslutsniva))) return [];
  const manad = perManad(b.beviljadeTimmar!, b.timmarPer);
  if (manad <= v.p.max_timmar_per_manad) return [];
  const vecka = b.timmarPer === "vecka" ? ` (${h(b.beviljadeTimmar!)} per vecka)` : "";
  return [
    {
      regel: "R12",
      kalla: v.kalla,
      datum: b.beslutDatum,
      beslutId: b.beslutId,
      niva: "brist",
      text: `Beslut ${b.beslutId} beviljar ${h(manad)} per månad${vecka}, fattat på nivån "${b.beslutsniva}": handläggarens delegation räcker till ${h(v.p.max_timmar_per_manad)} per månad (R12).`,
    },
  ];
}

/** The beslut follows on the previous one with the same utförare: the insats goes on. */
function continues(b: BeslutIn, prev: BeslutIn | undefined): boolean {
  return !!prev && prev.utforare === b.utforare && prev.giltigTom !== null && prev.giltigTom + 1 >= b.giltigFrom!;
}

function r13(b: BeslutIn, prev: BeslutIn | undefined, c: FlagContext): Flagga[] {
  if (!grants(b)) return [];
  const v = ruleAt(c.rv, "genomforandeplan", b.giltigFrom!);
  if (!v) return [];
  const { dagar, fran } = v.p;
  // "Påbörjad insats": the first performed hours of a new uppdrag; for a beslut that
  // continues the running insats with the same utförare, the day it takes over.
  const start =
    fran === "bestallning"
      ? b.bestallningDatum
      : continues(b, prev)
        ? b.giltigFrom
        : c.forstaUtford(b.giltigFrom!, b.giltigTom ?? c.horisont, null);
  if (start === null) return []; // no beställning sent / insats not started: nothing is due yet
  const franText = fran === "bestallning" ? `beställningen (${isoDay(start)})` : `påbörjad insats (${isoDay(start)})`;
  const deadline = start + dagar;
  const plan = b.genomforandeplanDatum;
  if (plan !== null && plan <= deadline) return [];
  if (plan === null && deadline >= c.horisont) return [];
  const text =
    plan === null
      ? `Genomförandeplan saknas för beslut ${b.beslutId}: den skulle ha kommit in senast ${isoDay(deadline)}, ${dagar} dagar efter ${franText} (R13).`
      : `Genomförandeplanen för beslut ${b.beslutId} kom in ${isoDay(plan)}, ${plan - start} dagar efter ${franText}; senast ${dagar} dagar gäller (R13).`;
  return [{ regel: "R13", kalla: v.kalla, datum: deadline + 1, beslutId: b.beslutId, niva: "brist", text }];
}

function r14(b: BeslutIn, c: FlagContext): Flagga[] {
  if (!grants(b)) return [];
  const v = ruleAt(c.rv, "uppfoljning", b.giltigFrom!);
  if (!v) return [];
  const slut = Math.min(b.giltigTom ?? c.horisont, c.horisont);
  // Only the latest uppföljning is in the data: the check is that the beslut never ran
  // longer than the interval without one (counted from its start or the latest one).
  const senaste = b.senasteUppfoljning !== null && b.senasteUppfoljning >= b.giltigFrom! ? b.senasteUppfoljning : b.giltigFrom!;
  const forfallen = addMonths(senaste, v.p.manader);
  if (forfallen >= slut) return [];
  const fran = senaste === b.giltigFrom ? `sedan beslutet började gälla ${isoDay(senaste)}` : `sedan senaste uppföljningen ${isoDay(senaste)}`;
  return [
    {
      regel: "R14",
      kalla: v.kalla,
      datum: forfallen,
      beslutId: b.beslutId,
      niva: "brist",
      text: `Beslut ${b.beslutId} har inte följts upp ${fran}; uppföljning ska ske minst var ${v.p.manader}:e månad och var förfallen ${isoDay(forfallen)} (R14).`,
    },
  ];
}

function r16(b: BeslutIn, prev: BeslutIn | undefined, c: FlagContext): Flagga[] {
  if (!grants(b) || b.bestallningDatum === null) return [];
  // A new uppdrag: the first beslut, or a change of utförare. A renewal with the same
  // utförare continues a running insats and has nothing to start.
  if (prev && prev.utforare === b.utforare) return [];
  const v = ruleAt(c.rv, "startgaranti", b.bestallningDatum);
  if (!v) return [];
  const fran = Math.max(b.bestallningDatum, b.giltigFrom!);
  const forsta = c.forstaUtford(fran, b.giltigTom ?? c.horisont, b.utforare);
  if (forsta === null || forsta - fran <= v.p.dagar) return [];
  return [
    {
      regel: "R16",
      kalla: v.kalla,
      datum: forsta,
      beslutId: b.beslutId,
      niva: "indikation",
      text:
        `Första utförda tid ${isoDay(forsta)} kom ${forsta - fran} dagar efter beställning/start ${isoDay(fran)}. ` +
        `Utföraren ska kunna börja inom ${v.p.dagar} dygn efter brukarens bokning; bokningsdagen finns inte i underlaget, så detta är en indikation att följa upp, inte ett konstaterat fel (R16).`,
    },
  ];
}

/** All beslut-level flags of a case. `beslut` in decision order. */
export function beslutFlags(beslut: readonly BeslutIn[], c: FlagContext): Flagga[] {
  const out: Flagga[] = [];
  let prev: BeslutIn | undefined;
  for (const b of beslut) {
    out.push(...r1(b, c), ...r11(b, c), ...r12(b, c), ...r13(b, prev, c), ...r14(b, c), ...r16(b, prev, c));
    if (grants(b)) prev = b;
  }
  return out;
}
