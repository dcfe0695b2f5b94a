/**
 * The rules engine: one case and the regelverk in force → monthly and per-period ledgers,
 * classified events and flags, each number and flag with its reason. Pure: no I/O, no
 * clock (the horizon comes in the context), the same input always gives the same output.
 */
import type { Regi } from "../contract.ts";
import { classifyAvbokning, repeatedCancellations } from "./avbokningar.ts";
import { beslutReason, buildSegments, grants, omrakning, perManad, segmentHoursInMonth, type Segment } from "./beviljade.ts";
import {
  daysInMonth,
  isoDay,
  isoMonth,
  MINUTES_PER_DAY,
  monthFirstDay,
  monthLastDay,
  monthOf,
  type Day,
  type Month,
} from "./dates.ts";
import { ersattningReasons, minstaText, Prislista, tillaggDag, tillaggRad } from "./ersattning.ts";
import { beslutFlags } from "./flaggor.ts";
import { buildPeriods, type MonthState } from "./perioder.ts";
import { ruleAt, RuleCursor, type Regelverk } from "./regelverk.ts";
import { h, kr } from "./text.ts";
import {
  TIDSTYP_INDEX,
  type BeslutIn,
  type BeslutUtfall,
  type CaseInput,
  type CaseResult,
  type EngineContext,
  type Flagga,
  type Handelse,
  type ManadLedger,
  type PeriodLedger,
  type UtfordaIn,
  type UtforareManadLedger,
} from "./types.ts";

/** Working state of a month besides the published ledger fields. */
interface Work {
  row: ManadLedger;
  aktiv: boolean;
  sistaGiltigaDag: Day | null;
  /** End of the segment that set the month's beslut (the latest in the month wins). */
  beslutTill: Day;
  senForbrukad: number;
  /** Cancelled hours not rebooked and not consumed: what may explain a lapse. */
  ejOmbokadLedsagare: number;
  ejOmbokadBrukare: number;
  minstaAntal: number;
  minstaTimmar: number;
  utanBeslutFran: Day;
  utanBeslutTill: Day;
}

function emptyMonth(manad: Month): ManadLedger {
  return {
    manad,
    periodStart: manad,
    periodSlut: manad,
    beslutId: null,
    utforare: null,
    stadsdel: null,
    lagrum: null,
    insats: null,
    giltigaDagar: 0,
    beviljade: 0,
    utfordaTidstyp: [0, 0, 0, 0, 0],
    utforda: 0,
    utfordaUtanBeslut: 0,
    tillfallen: 0,
    senAvbokning: 0,
    kortAvbokning: 0,
    forbrukade: 0,
    avbokadBrukare: 0,
    avbokadLedsagare: 0,
    antalAvbokningarBrukare: 0,
    antalAvbokningarLedsagare: 0,
    saldo: 0,
    forverkade: 0,
    overforbrukade: 0,
    gapSenAvbokning: 0,
    gapBrukareAvbokning: 0,
    gapLedsagareAvbokning: 0,
    gapForverkade: 0,
    gapAldrigBokade: 0,
    debiteradeTimmar: 0,
    minstaDebiteringTillagg: 0,
    kostnad: 0,
    kostnadSenAvbokning: 0,
    timmarUtanErsattning: 0,
    schablonIntjanad: 0,
    omkostnadFaktisk: 0,
    sarskildKr: 0,
    antalSarskilda: 0,
    manadsbeloppRam: 0,
    manadsbelopp: 0,
    manadsbeloppErsatt: 0,
    manadsbeloppOver: 0,
  };
}

function emptyUtforareMonth(manad: Month, utforare: string, regi: Regi | null): UtforareManadLedger {
  return {
    manad,
    utforare,
    regi,
    utforda: 0,
    tillfallen: 0,
    debiteradeTimmar: 0,
    kostnad: 0,
    senAvbokning: 0,
    avbokadBrukare: 0,
    avbokadLedsagare: 0,
    antalAvbokningarBrukare: 0,
    antalAvbokningarLedsagare: 0,
    schablonIntjanad: 0,
    omkostnadFaktisk: 0,
    forstaDag: null,
    sistaDag: null,
  };
}

const byDecision = (a: BeslutIn, b: BeslutIn) =>
  a.beslutDatum - b.beslutDatum || (a.giltigFrom ?? 0) - (b.giltigFrom ?? 0) || (a.beslutId < b.beslutId ? -1 : 1);

function sortedUtforda(list: readonly UtfordaIn[]): readonly UtfordaIn[] {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1];
    const b = list[i];
    if (a.datum > b.datum || (a.datum === b.datum && a.utforare > b.utforare)) {
      return [...list].sort((x, y) => x.datum - y.datum || (x.utforare < y.utforare ? -1 : x.utforare > y.utforare ? 1 : 0));
    }
  }
  return list;
}

/** Month of a day, remembering the last month's bounds (days mostly arrive in order). */
class MonthOfDay {
  private lo = 1;
  private hi = 0;
  private m = 0;
  of(day: Day): Month {
    if (day < this.lo || day > this.hi) {
      this.m = monthOf(day);
      this.lo = monthFirstDay(this.m);
      this.hi = monthLastDay(this.m);
    }
    return this.m;
  }
}

export function deriveCase(input: CaseInput, rv: Regelverk, ctx: EngineContext): CaseResult {
  const horisontManad = monthOf(ctx.horisont);
  const sistaDag = monthLastDay(horisontManad);
  const beslut = [...input.beslut].sort(byDecision);
  const segs = buildSegments(beslut, sistaDag);
  const utforda = sortedUtforda(input.utforda);
  const mod = new MonthOfDay();
  const planDay = (m: number): Day => Math.floor(m / MINUTES_PER_DAY);

  // -- The months the case spans: granted or with anything recorded. ---------------------
  let lo = Infinity;
  let hi = -Infinity;
  const span = (m: Month) => {
    if (m < lo) lo = m;
    if (m > hi) hi = m;
  };
  for (const s of segs) {
    span(monthOf(s.from));
    span(monthOf(s.to));
  }
  if (utforda.length) {
    span(mod.of(utforda[0].datum));
    span(mod.of(utforda[utforda.length - 1].datum));
  }
  for (const a of input.avbokningar) span(mod.of(planDay(a.planeradStart)));
  for (const o of input.omkostnader) span(mod.of(o.datum));

  const handelser: Handelse[] = [];
  const flaggor: Flagga[] = [];
  const beslutOut: BeslutUtfall[] = [];

  for (const b of beslut) {
    const reason = beslutReason(b, rv);
    const ber = grants(b) ? perManad(b.beviljadeTimmar!, b.timmarPer) : 0;
    beslutOut.push({
      beslutId: b.beslutId,
      soktaPerManad: b.soktaTimmar === null ? null : perManad(b.soktaTimmar, b.timmarPer),
      beviljadePerManad: ber,
      reason,
    });
  }

  const M = lo === Infinity ? 0 : hi - lo + 1;
  const work: Work[] = [];
  for (let i = 0; i < M; i++) {
    work.push({
      row: emptyMonth(lo + i),
      aktiv: false,
      sistaGiltigaDag: null,
      beslutTill: -Infinity,
      senForbrukad: 0,
      ejOmbokadLedsagare: 0,
      ejOmbokadBrukare: 0,
      minstaAntal: 0,
      minstaTimmar: 0,
      utanBeslutFran: Infinity,
      utanBeslutTill: -Infinity,
    });
  }
  const at = (m: Month) => work[m - lo];

  // -- Beviljade (R1): segment by segment, pro rata by day. ------------------------------
  for (const s of segs) {
    const { metod } = omrakning(rv, s.beslut);
    for (let m = monthOf(s.from), last = monthOf(s.to); m <= last; m++) {
      const w = at(m);
      const { dagar, timmar } = segmentHoursInMonth(s, m, metod);
      w.row.beviljade += timmar;
      w.row.giltigaDagar += dagar;
      w.aktiv = true;
      const end = Math.min(s.to, monthLastDay(m));
      const runsOn = end === s.to && s.fortsatter ? Infinity : end;
      if (w.sistaGiltigaDag === null || runsOn > w.sistaGiltigaDag) w.sistaGiltigaDag = runsOn;
      if (end > w.beslutTill) setBeslut(w, s, end);
    }
  }
  fillBeslutDims(work, beslut);

  // -- Utförda: tidstyp, R15, R7, R18, R8. ----------------------------------------------
  const pris = new Prislista(rv, ctx.regi);
  const minsta = new RuleCursor(rv, "minsta_debitering");
  const schablon = new RuleCursor(rv, "schablon_omkostnad");
  // Per month of the span (index m − lo), its utförare in the order first met: a month
  // has one or a few, so a list beats a Map per month.
  const perUtforare: (UtforareManadLedger[] | undefined)[] = new Array(M);
  let lastU: UtforareManadLedger | null = null;
  const uMonth = (m: Month, utforare: string): UtforareManadLedger => {
    // Consecutive rows are mostly the same utförare in the same month.
    if (lastU && lastU.manad === m && lastU.utforare === utforare) return lastU;
    let list = perUtforare[m - lo];
    if (!list) perUtforare[m - lo] = list = [];
    let r: UtforareManadLedger | undefined;
    for (let i = 0; i < list.length; i++) {
      if (list[i].utforare === utforare) {
        r = list[i];
        break;
      }
    }
    if (!r) list.push((r = emptyUtforareMonth(m, utforare, ctx.regi(utforare))));
    return (lastU = r);
  };

  const insatsHarSchablon = new Map<unknown, boolean>();
  let seg = 0; // days rise: the segment search moves forward only
  for (let i = 0; i < utforda.length; ) {
    // A group is one utförare's rows on one day: the tillfälle of R7's "dag" mode.
    const day = utforda[i].datum;
    const utf = utforda[i].utforare;
    let j = i + 1;
    while (j < utforda.length && utforda[j].datum === day && utforda[j].utforare === utf) j++;
    const m = mod.of(day);
    const w = at(m);
    w.aktiv = true;
    const r = w.row;
    const mv = minsta.at(day);
    const dagTillagg = mv && mv.p.tillfalle === "dag" ? tillaggDag(utforda.slice(i, j), mv.p.timmar) : null;
    while (seg < segs.length && segs[seg].to < day) seg++;
    const giltig = seg < segs.length && segs[seg].from <= day;
    const sv = schablon.at(day);
    let schablonKr = 0;
    if (giltig && sv) {
      let ok = insatsHarSchablon.get(sv);
      if (ok === undefined) insatsHarSchablon.set(sv, (ok = sv.p.insatser.includes(input.insats)));
      if (ok) schablonKr = sv.p.kr_per_timme;
    }
    const um = uMonth(m, utf);
    for (let k = i; k < j; k++) {
      const u = utforda[k];
      const h = u.timmar;
      r.utfordaTidstyp[TIDSTYP_INDEX[u.tidstyp]] += h;
      r.utforda += h;
      r.tillfallen += u.tillfallen;
      if (!giltig) {
        r.utfordaUtanBeslut += h;
        if (day < w.utanBeslutFran) w.utanBeslutFran = day;
        if (day > w.utanBeslutTill) w.utanBeslutTill = day;
      }
      const tillagg = !mv ? 0 : dagTillagg ? dagTillagg[k - i] : tillaggRad(u, mv.p.timmar);
      if (tillagg > 0) {
        w.minstaAntal += dagTillagg ? 1 / (j - i) : u.tillfallen;
        w.minstaTimmar = mv!.p.timmar;
      }
      const betalda = h + tillagg;
      const p = pris.pris(day, utf, u.tidstyp);
      r.debiteradeTimmar += betalda;
      r.minstaDebiteringTillagg += tillagg;
      um.utforda += h;
      if (h > 0) {
        if (um.forstaDag === null || day < um.forstaDag) um.forstaDag = day;
        if (um.sistaDag === null || day > um.sistaDag) um.sistaDag = day;
      }
      um.tillfallen += u.tillfallen;
      um.debiteradeTimmar += betalda;
      if (p === null) r.timmarUtanErsattning += betalda;
      else {
        r.kostnad += betalda * p;
        um.kostnad += betalda * p;
      }
      if (schablonKr) {
        r.schablonIntjanad += h * schablonKr;
        um.schablonIntjanad += h * schablonKr;
      }
    }
    i = j;
  }

  // -- Avbokningar: R3, R4, R5 (and the paid sen avbokning). ----------------------------
  for (const a of input.avbokningar) {
    const day = planDay(a.planeradStart);
    const m = mod.of(day);
    const w = at(m);
    w.aktiv = true;
    const k = classifyAvbokning(a, rv);
    const r = w.row;
    const um = uMonth(m, a.utforare);
    if (a.avbokadAv === "brukare") {
      r.avbokadBrukare += a.timmar;
      r.antalAvbokningarBrukare++;
      um.avbokadBrukare += a.timmar;
      um.antalAvbokningarBrukare++;
      if (!k.forbrukad && !a.ombokad) w.ejOmbokadBrukare += a.timmar;
    } else {
      r.avbokadLedsagare += a.timmar;
      r.antalAvbokningarLedsagare++;
      um.avbokadLedsagare += a.timmar;
      um.antalAvbokningarLedsagare++;
      if (!a.ombokad) w.ejOmbokadLedsagare += a.timmar;
    }
    if (k.klass === "sen_avbokning") {
      r.senAvbokning += a.timmar;
      um.senAvbokning += a.timmar;
      if (k.forbrukad) w.senForbrukad += a.timmar;
    }
    if (k.klass === "kort_avbokning") r.kortAvbokning += a.timmar;
    if (k.forbrukad) r.forbrukade += a.timmar;
    let belopp: number | null = null;
    if (k.ersattsSom) {
      const mv = k.minstaDebitering ? minsta.at(day) : undefined;
      const betalda = Math.max(a.timmar, mv ? mv.p.timmar : 0);
      const p = pris.pris(day, a.utforare, k.ersattsSom);
      r.debiteradeTimmar += betalda;
      um.debiteradeTimmar += betalda;
      if (p === null) r.timmarUtanErsattning += betalda;
      else {
        belopp = betalda * p;
        r.kostnad += belopp;
        r.kostnadSenAvbokning += belopp;
        um.kostnad += belopp;
      }
    }
    handelser.push({
      typ: "avbokning",
      klass: k.klass,
      datum: day,
      tid: a.avbokadTid,
      manad: m,
      timmar: a.timmar,
      belopp,
      forbrukad: k.forbrukad,
      utforare: a.utforare,
      beslutId: null,
      reason: k.reason,
    });
  }

  // -- Omkostnader: actual costs under the schablon (R8), särskilda (R9), R10 later. ------
  for (const o of input.omkostnader) {
    const m = mod.of(o.datum);
    const w = at(m);
    w.aktiv = true;
    if (o.typ === "schablon") {
      w.row.omkostnadFaktisk += o.belopp;
      uMonth(m, o.utforare).omkostnadFaktisk += o.belopp;
    } else if (o.typ === "sarskild") {
      w.row.sarskildKr += o.belopp;
      w.row.antalSarskilda++;
      const v = ruleAt(rv, "sarskild_omkostnad", o.datum);
      const vad = o.aktivitet ? ` (${o.aktivitet})` : "";
      const text = !v
        ? `Särskild omkostnad ${kr(o.belopp)}${vad}: regelverket har ingen regel om särskild ansökan.`
        : o.belopp > v.p.grans_kr
          ? `Särskild omkostnad ${kr(o.belopp)}${vad}, över ${kr(v.p.grans_kr)} per tillfälle: efter särskild ansökan står nämnden för hela kostnaden (R9).`
          : `Särskild omkostnad ${kr(o.belopp)}${vad} är inte över ${kr(v.p.grans_kr)} per tillfälle: den ska normalt rymmas i schablonen, inte i en särskild ansökan (R9).`;
      handelser.push({
        typ: "omkostnad",
        klass: !v ? "sarskild" : o.belopp > v.p.grans_kr ? "sarskild" : "sarskild_under_grans",
        datum: o.datum,
        tid: null,
        manad: m,
        timmar: null,
        belopp: o.belopp,
        forbrukad: null,
        utforare: o.utforare,
        beslutId: null,
        reason: { regel: v ? "R9" : null, kalla: v?.kalla ?? rv.fil, text },
      });
    } else {
      w.row.manadsbelopp += o.belopp;
    }
  }

  // -- Förbrukade, R7 events, R15 flags, R10 frame, per month. ----------------------------
  const giltigtBeslut = new RuleCursor(rv, "giltigt_beslut");
  const manadsbelopp = new RuleCursor(rv, "manadsbelopp");
  for (const w of work) {
    const r = w.row;
    r.forbrukade += r.utforda;
    if (w.minstaAntal > 0) {
      handelser.push({
        typ: "minsta_debitering",
        klass: "minsta_debitering",
        datum: monthFirstDay(r.manad),
        tid: null,
        manad: r.manad,
        timmar: r.minstaDebiteringTillagg,
        belopp: null,
        forbrukad: null,
        utforare: null,
        beslutId: null,
        reason: {
          regel: "R7",
          kalla: minsta.at(monthFirstDay(r.manad))?.kalla ?? ruleAt(rv, "minsta_debitering", monthLastDay(r.manad))?.kalla ?? rv.fil,
          text: `${isoMonth(r.manad)}: ${minstaText(Math.round(w.minstaAntal), r.minstaDebiteringTillagg, w.minstaTimmar)}`,
        },
      });
    }
    if (r.utfordaUtanBeslut > 0) {
      const v = giltigtBeslut.at(w.utanBeslutFran);
      if (v) {
        const dagar = w.utanBeslutFran === w.utanBeslutTill ? isoDay(w.utanBeslutFran) : `${isoDay(w.utanBeslutFran)} – ${isoDay(w.utanBeslutTill)}`;
        flaggor.push({
          regel: "R15",
          kalla: v.kalla,
          datum: w.utanBeslutFran,
          beslutId: null,
          niva: "brist",
          text: `${h(r.utfordaUtanBeslut)} utförda ${dagar} utan giltigt beslut: ett nytt beslut krävs innan insatsen får utföras (R15).`,
        });
      }
    }
    const mb = manadsbelopp.at(monthFirstDay(r.manad));
    if (mb && r.giltigaDagar > 0) r.manadsbeloppRam = (mb.p.kr_per_manad * r.giltigaDagar) / daysInMonth(r.manad);
  }

  // -- Flex periods (R2): balance, förverkade, gap decomposition, R10 use. --------------
  const kept = work.filter((w) => w.aktiv);
  const states: MonthState[] = kept.map((w) => ({
    manad: w.row.manad,
    giltig: w.row.giltigaDagar > 0,
    sistaGiltigaDag: w.sistaGiltigaDag,
  }));
  const spans = buildPeriods(states, rv);
  const perioder: PeriodLedger[] = [];
  const periodStartOf: (Month | undefined)[] = new Array(M); // index m − lo
  let idx = 0;
  for (const sp of spans) {
    const months: Work[] = [];
    while (idx < kept.length && kept[idx].row.manad <= sp.slut) months.push(kept[idx++]);
    perioder.push(settlePeriod(sp, months, rv, ctx.horisont, handelser));
    for (const w of months) periodStartOf[w.row.manad - lo] = sp.start;
  }

  flaggor.push(...repeatedCancellations(input.avbokningar, rv, (m) => (m >= lo && m <= hi ? periodStartOf[m - lo] : undefined)));
  flaggor.push(
    ...beslutFlags(beslut, {
      rv,
      horisont: ctx.horisont,
      forstaUtford: (from, to, utforare) => {
        for (const u of utforda) {
          if (u.datum < from || u.timmar <= 0) continue;
          if (u.datum > to) return null;
          if (utforare === null || u.utforare === utforare) return u.datum;
        }
        return null;
      },
    }),
  );

  // Events in time order (what happened first comes first on the case page).
  handelser.sort((a, b) => a.datum - b.datum || (a.tid ?? -1) - (b.tid ?? -1));

  const utforareManader: UtforareManadLedger[] = [];
  for (let i = 0; i < M; i++) {
    const list = perUtforare[i];
    if (list) for (const r of list) utforareManader.push(r);
  }

  return {
    arendeId: input.arendeId,
    kommun: input.kommun,
    regelverkFil: rv.fil,
    regelverkStandard: rv.standard,
    manader: kept.map((w) => w.row),
    utforareManader,
    perioder,
    handelser,
    flaggor,
    beslut: beslutOut,
    ersattning: ersattningReasons(pris),
  };
}

function setBeslut(w: Work, s: Segment, end: Day): void {
  const b = s.beslut;
  w.beslutTill = end;
  w.row.beslutId = b.beslutId;
  w.row.utforare = b.utforare;
  w.row.stadsdel = b.stadsdel;
  w.row.lagrum = b.lagrum;
  w.row.insats = b.insats;
}

/**
 * Months without a valid beslut take the dimensions of the latest beslut before them (or,
 * before the first one, of the first), so every row can be grouped by stadsdel and lagrum.
 */
function fillBeslutDims(work: Work[], beslut: readonly BeslutIn[]): void {
  const fallback = beslut.find(grants) ?? beslut[beslut.length - 1];
  let prev: ManadLedger | null = null;
  for (const w of work) {
    if (w.row.beslutId !== null) {
      prev = w.row;
      continue;
    }
    if (prev) {
      w.row.beslutId = prev.beslutId;
      w.row.utforare = prev.utforare;
      w.row.stadsdel = prev.stadsdel;
      w.row.lagrum = prev.lagrum;
      w.row.insats = prev.insats;
    } else if (fallback) {
      w.row.beslutId = fallback.beslutId;
      w.row.utforare = fallback.utforare;
      w.row.stadsdel = fallback.stadsdel;
      w.row.lagrum = fallback.lagrum;
      w.row.insats = fallback.insats;
    }
  }
}

/**
 * One flex period: the running balance per month, and at a closed period's end the lapse
 * (förverkade) or overuse. The gap beviljade − utförda of each month is split so that the
 * parts always add up to it (docs/RULES.md, "Gapet"):
 *   sen avbokning (R3 consumed) + brukarens avbokning (R4 consumed, and lapsed hours that a
 *   brukare cancellation left unused) + ledsagarens avbokning (lapsed hours its
 *   cancellations left unused) + förverkade (lapsed, no cancellation behind them) +
 *   aldrig bokade (the rest: hours not yet booked that are still in the balance).
 */
function settlePeriod(
  sp: ReturnType<typeof buildPeriods>[number],
  months: Work[],
  rv: Regelverk,
  horisont: Day,
  handelser: Handelse[],
): PeriodLedger {
  let saldo = 0;
  let beviljade = 0;
  let utforda = 0;
  let forbrukade = 0;
  let ledsagare = 0;
  let brukare = 0;
  let ram = 0;
  let mbBelopp = 0;
  for (const w of months) {
    const r = w.row;
    r.periodStart = sp.start;
    r.periodSlut = sp.slut;
    saldo += r.beviljade - r.forbrukade;
    r.saldo = saldo;
    beviljade += r.beviljade;
    utforda += r.utforda;
    forbrukade += r.forbrukade;
    ledsagare += w.ejOmbokadLedsagare;
    brukare += w.ejOmbokadBrukare;
    ram += r.manadsbeloppRam;
    mbBelopp += r.manadsbelopp;
    r.gapSenAvbokning = w.senForbrukad;
    r.gapBrukareAvbokning = r.kortAvbokning;
  }

  const stangd = sp.slutDag <= horisont;
  const last = months[months.length - 1].row;
  const forverkade = stangd ? Math.max(0, saldo) : 0;
  const over = stangd ? Math.max(0, -saldo) : 0;
  last.forverkade = forverkade;
  last.overforbrukade = over;
  // A lapse is explained first by the utförare side's cancellations that were never made
  // up (R5 gave the brukare those hours back), then by the brukare's own.
  const avLedsagare = Math.min(forverkade, ledsagare);
  const avBrukare = Math.min(forverkade - avLedsagare, brukare);
  last.gapLedsagareAvbokning = avLedsagare;
  last.gapBrukareAvbokning += avBrukare;
  last.gapForverkade = forverkade - avLedsagare - avBrukare;
  for (const w of months) {
    const r = w.row;
    r.gapAldrigBokade =
      r.beviljade - r.utforda - r.gapSenAvbokning - r.gapBrukareAvbokning - r.gapLedsagareAvbokning - r.gapForverkade;
  }

  // R10: the month amounts of the period form one frame when the model is flexible.
  const mb = ruleAt(rv, "manadsbelopp", monthFirstDay(sp.start));
  let kvar = ram;
  for (const w of months) {
    const r = w.row;
    const frame = mb?.p.flexibelt_i_perioden ? kvar : r.manadsbeloppRam;
    r.manadsbeloppErsatt = Math.min(r.manadsbelopp, Math.max(0, frame));
    r.manadsbeloppOver = r.manadsbelopp - r.manadsbeloppErsatt;
    kvar -= r.manadsbeloppErsatt;
    if (r.manadsbeloppOver > 0) {
      handelser.push({
        typ: "omkostnad",
        klass: "manadsbelopp_over",
        datum: monthLastDay(r.manad),
        tid: null,
        manad: r.manad,
        timmar: null,
        belopp: r.manadsbeloppOver,
        forbrukad: null,
        utforare: null,
        beslutId: null,
        reason: mb
          ? {
              regel: "R10",
              kalla: mb.kalla,
              text: `Faktiska omkostnader ${kr(r.manadsbelopp)} i ${isoMonth(r.manad)}; ${mb.p.flexibelt_i_perioden ? "kvar av periodens" : "månadens"} ram ${kr(Math.max(0, frame))} (${kr(mb.p.kr_per_manad)} per månad): ${kr(r.manadsbeloppOver)} ersätts inte (R10).`,
            }
          : { regel: null, kalla: rv.fil, text: `Omkostnader ${kr(r.manadsbelopp)} som månadsbelopp, men regelverket har inget månadsbelopp: ${kr(r.manadsbeloppOver)} ersätts inte.` },
      });
    }
  }
  const ersatt = months.reduce((s, w) => s + w.row.manadsbeloppErsatt, 0);

  const reason = periodReason(sp, rv, { beviljade, forbrukade, forverkade, over, stangd });
  return {
    start: sp.start,
    slut: sp.slut,
    stangd,
    slutDag: sp.slutDag,
    utanBeslut: sp.utanBeslut,
    periodManader: sp.periodManader,
    beviljade,
    utforda,
    forbrukade,
    forverkade,
    forverkadeLedsagare: avLedsagare,
    forverkadeBrukare: avBrukare,
    forverkadeUtanAvbokning: last.gapForverkade,
    overforbrukade: over,
    manadsbeloppRam: ram,
    manadsbelopp: mbBelopp,
    manadsbeloppErsatt: ersatt,
    reason,
  };
}

function periodReason(
  sp: ReturnType<typeof buildPeriods>[number],
  rv: Regelverk,
  s: { beviljade: number; forbrukade: number; forverkade: number; over: number; stangd: boolean },
) {
  const spann = sp.start === sp.slut ? isoMonth(sp.start) : `${isoMonth(sp.start)} – ${isoMonth(sp.slut)}`;
  if (sp.utanBeslut) {
    return {
      regel: "R15" as const,
      kalla: ruleAt(rv, "giltigt_beslut", monthFirstDay(sp.start))?.kalla ?? rv.fil,
      text: `${spann}: inget giltigt beslut; ${h(s.forbrukade)} förbrukades utan beviljade timmar.`,
    };
  }
  const modell = sp.flex
    ? sp.periodManader === 1
      ? "månaden är perioden"
      : `flexperiod om ${sp.periodManader} månader (${sp.flex.p.ankare === "kalenderkvartal" ? "kalenderkvartal" : "räknat från beslutets start"})`
    : "ingen flexmodell: månaden är perioden";
  const kort =
    s.stangd && sp.slut - sp.start + 1 < sp.periodManader
      ? " Perioden slutade i förtid: beslutet upphörde eller regelverket ändrades."
      : "";
  const utfall = !s.stangd
    ? "perioden pågår; inget har förverkats ännu"
    : s.forverkade > 0
      ? `${h(s.forverkade)} förverkas vid periodens slut ${isoDay(sp.slutDag)}`
      : s.over > 0
        ? `${h(s.over)} mer än beviljat förbrukades`
        : "inget förverkas";
  return {
    regel: "R2" as const,
    kalla: sp.flex?.kalla ?? "002",
    text: `${spann}, ${modell}: beviljade ${h(s.beviljade)}, förbrukade ${h(s.forbrukade)}; ${utfall} (R2).${kort}`,
  };
}
