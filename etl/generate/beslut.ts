/**
 * A person's beslut over time: the first ansökan (perhaps refused, perhaps tried again),
 * yearly renewals, the odd ansökan om ändring mid-period (more hours, or another
 * utförare), and the end of the episode. Dates of beställning, genomförandeplan and
 * uppföljning follow each kommun's routine, with the planted share of late ones.
 *
 * Pure planning: no rows are written here, so the plan can be inspected in tests.
 */
import type { Utfall } from "../contract.ts";
import { addMonths, type Day } from "./calendar.ts";
import type { Window } from "./kommuner.ts";
import { BESLUT_LENGTH, CASE, HOURS } from "./params.ts";
import { drawHandlaggare, type Arrival, type Person } from "./person.ts";
import type { Rng } from "./rng.ts";
import { canContinue, chooseUtforare, type Utforare } from "./utforare.ts";

export type BeslutKind = "ny" | "forlangning" | "andring";

export interface BeslutPlan {
  kind: BeslutKind;
  ansokan: Day;
  beslutDatum: Day;
  utfall: Utfall;
  /** Hours in the person's unit (per månad or per vecka). */
  sokta: number;
  beviljade: number;
  from: Day | null;
  tom: Day | null;
  utforare: Utforare | null;
  bestallning: Day | null;
  genomforandeplan: Day | null;
  uppfoljning: Day | null;
  handlaggare: string;
  beslutsniva: string;
  /** Hours are performed over [activityStart, activityEnd]; the end may pass giltig_tom (R15). */
  activityStart: Day | null;
  activityEnd: Day | null;
}

/** Hours per month of a beslut, converting per-week beslut (× 52/12). */
export function monthlyHours(hours: number, person: Person): number {
  return person.timmarPer === "vecka" ? (hours * 52) / 12 : hours;
}

/** Slack after giltig_tom during which the same utförare may still work (late renewal, R15). */
const UTFORARE_SLACK_DAYS = 45;

class CasePlanner {
  readonly plans: BeslutPlan[] = [];
  private handlaggare: string;
  private need: number;

  constructor(
    private readonly rng: Rng,
    private readonly person: Person,
    private readonly w: Window,
  ) {
    this.handlaggare = person.handlaggare;
    this.need = person.need;
  }

  /** Sökta timmar in the person's unit. */
  sokta(): number {
    const n = this.need;
    return this.person.timmarPer === "vecka" ? Math.max(1, Math.round((n * 12) / 52)) : n;
  }

  private niva(hours: number): string {
    if (monthlyHours(hours, this.person) <= CASE.delegationLimit) return "handläggare";
    return this.rng.chance(CASE.pDelegationBreach) ? "handläggare" : "enhetschef";
  }

  private nextHandlaggare(): string {
    if (this.rng.chance(0.1)) this.handlaggare = drawHandlaggare(this.rng, this.person.area);
    return this.handlaggare;
  }

  avslag(kind: BeslutKind, ansokan: Day, beslutDatum: Day, sokta: number): void {
    this.plans.push({
      kind,
      ansokan,
      beslutDatum,
      utfall: "avslag",
      sokta,
      beviljade: 0,
      from: null,
      tom: null,
      utforare: null,
      bestallning: null,
      genomforandeplan: null,
      uppfoljning: null,
      handlaggare: this.nextHandlaggare(),
      beslutsniva: this.niva(sokta),
      activityStart: null,
      activityEnd: null,
    });
  }

  /**
   * A granted beslut. `keep` is the utförare the person stays with (null: choose one);
   * `sameHours` grants exactly those hours (a change of utförare is no new assessment).
   */
  granted(
    kind: BeslutKind,
    ansokan: Day,
    beslutDatum: Day,
    from: Day,
    sokta: number,
    keep: Utforare | null,
    opts: { tom?: Day; sameHours?: number; avoid?: Utforare } = {},
  ): BeslutPlan {
    const rng = this.rng;
    let tom: Day | null;
    if (opts.tom !== undefined) tom = opts.tom;
    else if (rng.chance(CASE.pNoEndDate)) tom = null;
    else {
      const r = rng.next();
      let months = 12;
      let acc = 0;
      for (const l of BESLUT_LENGTH) if (r < (acc += l.p)) { months = l.months; break; }
      tom = addMonths(from, months) - 1;
    }
    const needUntil = tom === null ? null : tom + UTFORARE_SLACK_DAYS;
    const utforare =
      keep && canContinue(keep, needUntil)
        ? keep
        : chooseUtforare(rng, this.person.kommun.utforare, beslutDatum, needUntil, opts.avoid ?? null);
    let utfall: Utfall = "bifall";
    let beviljade = opts.sameHours ?? sokta;
    if (opts.sameHours === undefined && sokta > 1 && rng.chance(this.person.area.delavslagRate)) {
      utfall = "delavslag";
      const share = rng.uniform(HOURS.delavslagShare[0], HOURS.delavslagShare[1]);
      beviljade = Math.min(sokta - 1, Math.max(1, Math.round(sokta * share)));
    }
    const bestallning = beslutDatum + (rng.chance(CASE.pLateBestallning) ? rng.int(10, 30) : rng.int(0, 3));
    // R16: a new utförare starts within seven days of the booking; a continuing one goes on.
    const activityStart = utforare === keep ? from : Math.max(from, bestallning + rng.int(1, 7));
    const plan: BeslutPlan = {
      kind,
      ansokan,
      beslutDatum,
      utfall,
      sokta: opts.sameHours ?? sokta,
      beviljade,
      from,
      tom,
      utforare,
      bestallning,
      genomforandeplan: null,
      uppfoljning: null,
      handlaggare: this.nextHandlaggare(),
      beslutsniva: this.niva(beviljade),
      activityStart,
      activityEnd: tom,
    };
    this.plans.push(plan);
    return plan;
  }

  /** The first ansökan and any new tries after avslag; the granted beslut or null. */
  firstApplication(day: Day): BeslutPlan | null {
    const { rng, person } = this;
    const pAvslag = person.personligAssistans
      ? CASE.pAvslagPersonligAssistans
      : CASE.pAvslagNew * person.area.avslagFactor;
    for (let t = day; t <= this.w.end; t = this.plans[this.plans.length - 1].beslutDatum + rng.int(60, 300)) {
      const beslutDatum = t + Math.round(Math.min(120, Math.max(5, rng.lognormal(25, 0.5))));
      if (!rng.chance(pAvslag)) {
        return this.granted("ny", t, beslutDatum, beslutDatum + rng.int(0, 10), this.sokta(), null);
      }
      this.avslag("ny", t, beslutDatum, this.sokta());
      if (!rng.chance(CASE.pReapply)) return null;
    }
    return null;
  }

  /** An ansökan om ändring during `cur`; returns the beslut that replaces it, if any. */
  change(cur: BeslutPlan, exit: Day): BeslutPlan | null {
    const { rng } = this;
    const from = cur.from!;
    const tom = cur.tom!;
    const c = from + rng.int(60, tom - from - 30);
    if (c >= exit) return null;
    const ansokan = c - rng.int(14, 40);
    const beslutDatum = c - rng.int(0, 7);
    if (rng.chance(CASE.pChangeIsUtforare)) {
      cur.tom = cur.activityEnd = c - 1;
      return this.granted("andring", ansokan, beslutDatum, c, cur.beviljade, null, {
        tom,
        sameHours: cur.beviljade,
        avoid: cur.utforare!,
      });
    }
    const more = rng.uniform(HOURS.changeIncrease[0], HOURS.changeIncrease[1]);
    const sokta = Math.max(cur.beviljade + 1, Math.round(cur.beviljade * more));
    if (rng.chance(CASE.pAvslagChange * this.person.area.avslagFactor)) {
      this.avslag("andring", ansokan, beslutDatum, sokta);
      return null;
    }
    cur.tom = cur.activityEnd = c - 1;
    return this.granted("andring", ansokan, beslutDatum, c, sokta, cur.utforare, { tom });
  }

  /** Renewals until the person leaves, is refused, or the period ends. */
  run(first: BeslutPlan, exit: Day): void {
    const { rng, person, w } = this;
    let cur = first;
    for (;;) {
      if (cur.tom === null) {
        cur.activityEnd = exit; // no end date (R1): the insats simply runs on
        return;
      }
      if (cur.tom - cur.from! > 120 && rng.chance(CASE.pChange)) {
        const next = this.change(cur, exit);
        if (next) {
          cur = next;
          continue;
        }
      }
      if (exit <= cur.tom) {
        cur.tom = cur.activityEnd = Math.max(cur.from!, exit);
        return;
      }
      const late = rng.chance(CASE.pLateRenewal);
      const ansokan = cur.tom - rng.int(15, 60);
      const beslutDatum = late ? cur.tom + rng.int(3, 45) : cur.tom - rng.int(1, 14);
      const from = late ? beslutDatum : cur.tom + 1;
      // A late renewal leaves a gap in which the utförare goes on working (R15).
      cur.activityEnd = from - 1;
      if (beslutDatum > w.end) return;
      this.need = Math.max(HOURS.min, Math.round(this.need * rng.uniform(0.9, 1.12)));
      if (rng.chance(CASE.pAvslagRenewal * person.area.avslagFactor)) {
        this.avslag("forlangning", ansokan, beslutDatum, this.sokta());
        if (!late && rng.chance(CASE.pTailAfterAvslag)) cur.activityEnd = cur.tom + rng.int(1, 20);
        return;
      }
      const keep = rng.chance(CASE.pUtforareChangeAtRenewal) ? null : cur.utforare;
      cur = this.granted("forlangning", ansokan, beslutDatum, from, this.sokta(), keep, {
        avoid: keep ? undefined : cur.utforare!,
      });
    }
  }

  /** Genomförandeplan and uppföljning dates, once validity and start are final. */
  finish(): void {
    const { rng, w } = this;
    const gp = this.person.kommun.genomforandeplan;
    for (const p of this.plans) {
      if (p.utfall === "avslag") continue;
      const base = gp.after === "start" ? p.activityStart! : p.bestallning!;
      const r = rng.next();
      const plan =
        r < CASE.pMissingGenomforandeplan
          ? null
          : r < CASE.pMissingGenomforandeplan + CASE.pLateGenomforandeplan
            ? base + rng.int(gp.days + 2, gp.days + 60)
            : base + rng.int(2, gp.days - 2);
      p.genomforandeplan = plan !== null && plan <= w.end ? plan : null;

      const limit = Math.min(w.end, p.tom ?? w.end);
      const late = rng.chance(CASE.pLateUppfoljning);
      let u = p.from! + (late ? rng.int(370, 480) : rng.int(60, 300));
      // Long beslut are followed up yearly; open-ended ones (R1) are forgotten after the first.
      if (!late && p.tom !== null) while (u + 365 <= limit) u += rng.int(300, 360);
      p.uppfoljning = u <= limit ? u : null;
    }
  }
}

/** The whole beslut history of one person, in time order of decision. */
export function planCase(rng: Rng, person: Person, arrival: Arrival, w: Window): BeslutPlan[] {
  const planner = new CasePlanner(rng, person, w);
  let first: BeslutPlan | null;
  if (arrival.initial) {
    // Already served when the simulation starts: the current beslut began some months ago.
    const from = arrival.day - rng.int(0, 330);
    first = planner.granted("forlangning", from - rng.int(15, 60), from - rng.int(1, 14), from, planner.sokta(), null);
    first.activityStart = from;
  } else {
    first = planner.firstApplication(arrival.day);
  }
  if (first) {
    const exit = Math.max(first.from! + 30, arrival.day + Math.round(rng.exponential(CASE.episodeMeanYears * 365.25)));
    planner.run(first, exit);
  }
  planner.finish();
  return planner.plans;
}
