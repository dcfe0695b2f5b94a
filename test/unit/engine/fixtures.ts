/**
 * Small builders for engine tests: cases written with ISO dates, run against the shipped
 * regelverk files (so the tests also prove the data say what the sources say) or against
 * a variant with some rule parameters changed.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { AvbokadAv, OmkostnadTyp, Regi, Tidstyp } from "../../../etl/contract.ts";
import { PROJECT_ROOT } from "../../../etl/db.ts";
import { isoMonth, monthOf, parseDay, parseMinute, type Day } from "../../../etl/engine/dates.ts";
import { deriveCase } from "../../../etl/engine/engine.ts";
import {
  compileRegelverk,
  parseRegelverk,
  regelverkFor,
  type Regelverk,
  type RegelverkFile,
} from "../../../etl/engine/regelverk.ts";
import { loadRegelverk } from "../../../etl/engine/store.ts";
import type {
  AvbokningIn,
  BeslutIn,
  CaseInput,
  CaseResult,
  ManadLedger,
  OmkostnadIn,
  UtfordaIn,
} from "../../../etl/engine/types.ts";

export const day = (iso: string): Day => {
  const d = parseDay(iso);
  if (d === null) throw new Error(`bad date ${iso}`);
  return d;
};
export const minute = (iso: string): number => {
  const m = parseMinute(iso);
  if (m === null) throw new Error(`bad time ${iso}`);
  return m;
};

export const SET = loadRegelverk();
export const rv = (kommun: string): Regelverk => regelverkFor(SET, kommun);

export function rawFile(name: string): RegelverkFile {
  const fil = resolve(PROJECT_ROOT, "data", "regelverk", name);
  return parseRegelverk(JSON.parse(readFileSync(fil, "utf8")), fil);
}

/** A shipped regelverk with some rules replaced (for parameter variants). */
export function variant(name: string, regler: Partial<RegelverkFile["regler"]>): Regelverk {
  const f = rawFile(name);
  const file = parseRegelverk({ ...f, regler: { ...f.regler, ...regler } }, `variant av ${name}`);
  return compileRegelverk(file, `data/regelverk/${name}`);
}

let seq = 0;
export interface BeslutSpec {
  from: string | null;
  tom: string | null;
  timmar?: number | null;
  per?: "manad" | "vecka";
  utfall?: BeslutIn["utfall"];
  beslutDatum?: string;
  id?: string;
  utforare?: string | null;
  niva?: string | null;
  pa?: boolean;
  bestallning?: string | null;
  plan?: string | null;
  uppfoljning?: string | null;
  sokta?: number | null;
  insats?: BeslutIn["insats"];
}

export function beslut(s: BeslutSpec): BeslutIn {
  const id = s.id ?? `B${++seq}`;
  const bd = s.beslutDatum ?? s.from ?? "2024-01-01";
  return {
    beslutId: id,
    stadsdel: "Farsta",
    lagrum: "LSS",
    insats: s.insats ?? "ledsagarservice",
    ansokanDatum: day(bd) - 20,
    beslutDatum: day(bd),
    utfall: s.utfall ?? "bifall",
    soktaTimmar: s.sokta ?? s.timmar ?? 20,
    beviljadeTimmar: s.utfall === "avslag" ? null : (s.timmar === undefined ? 20 : s.timmar),
    timmarPer: s.per ?? "manad",
    giltigFrom: s.from === null ? null : day(s.from),
    giltigTom: s.tom === null ? null : day(s.tom),
    beslutsniva: s.niva === undefined ? "handläggare" : s.niva,
    personligAssistans: s.pa ?? false,
    utforare: s.utforare === undefined ? "U01" : s.utforare,
    bestallningDatum: s.bestallning === undefined ? null : s.bestallning === null ? null : day(s.bestallning),
    genomforandeplanDatum: s.plan ? day(s.plan) : null,
    senasteUppfoljning: s.uppfoljning ? day(s.uppfoljning) : null,
  };
}

export function utf(datum: string, timmar: number, tidstyp: Tidstyp = "dag", utforare = "U01"): UtfordaIn {
  return {
    datum: day(datum),
    utforare,
    tidstyp,
    timmar,
    tillfallen: timmar > 0 ? 1 : 0,
    minstaTillagg: timmar > 0 ? Math.max(0, 1 - timmar) : 0,
  };
}

export function avb(
  plan: string,
  avbokad: string,
  opts: { av?: AvbokadAv; timmar?: number; ombokad?: boolean; utforare?: string } = {},
): AvbokningIn {
  return {
    utforare: opts.utforare ?? "U01",
    planeradStart: minute(plan),
    avbokadTid: minute(avbokad),
    avbokadAv: opts.av ?? "brukare",
    timmar: opts.timmar ?? 2,
    ombokad: opts.ombokad ?? false,
    orsak: null,
  };
}

export function omk(datum: string, belopp: number, typ: OmkostnadTyp, utforare = "U01"): OmkostnadIn {
  return { utforare, datum: day(datum), belopp, typ, aktivitet: typ === "sarskild" ? "Konsert" : null };
}

export function kase(
  kommun: string,
  parts: { beslut: BeslutIn[]; utforda?: UtfordaIn[]; avbokningar?: AvbokningIn[]; omkostnader?: OmkostnadIn[] },
): CaseInput {
  return {
    arendeId: `A-${kommun}`,
    kommun,
    insats: parts.beslut[0]?.insats ?? "ledsagarservice",
    kon: "K",
    fodelsear: 1980,
    beslut: parts.beslut,
    utforda: parts.utforda ?? [],
    avbokningar: parts.avbokningar ?? [],
    omkostnader: parts.omkostnader ?? [],
  };
}

export function run(
  input: CaseInput,
  opts: { horisont?: string; regelverk?: Regelverk; regi?: Record<string, Regi> } = {},
): CaseResult {
  const regi = opts.regi ?? { U01: "kommunal", U02: "enskild" };
  return deriveCase(input, opts.regelverk ?? rv(input.kommun), {
    horisont: day(opts.horisont ?? "2026-10-31"),
    regi: (u) => regi[u] ?? null,
  });
}

export function month(r: CaseResult, iso: string): ManadLedger {
  const m = r.manader.find((x) => isoMonth(x.manad) === iso);
  if (!m) throw new Error(`no ledger month ${iso}; months: ${r.manader.map((x) => isoMonth(x.manad)).join(", ")}`);
  return m;
}

export const monthIso = (iso: string) => monthOf(day(`${iso}-01`));

/** Sums a numeric field over a result's months. */
export function sum(r: CaseResult, f: (m: ManadLedger) => number): number {
  return r.manader.reduce((s, m) => s + f(m), 0);
}
