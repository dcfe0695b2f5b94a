/**
 * Rapport till nämnden: the figures of a tertial- or årsrapport, assembled from
 * the same query modules as the dashboards (overview, timmar, likabedömning,
 * avslag, jämställdhet, omkostnader, utförare) and, for bevakning, which has no
 * module of its own, from aggregate() over the registry's measures — so every figure in the report is
 * the figure the dashboards show for the same filters.
 *
 * Every section is fetched for the period and for the same period a year
 * earlier (`Tva`). Suppression of small counts is applied afterwards, to the
 * tables (app/components/rapport/), and the sentences below are written from
 * the suppressed values: a figure that is null here is either missing or
 * hidden, and a sentence never states it.
 */
import type { Kysely } from "kysely";
import type { Database } from "../app/db.server.ts";
import { formatCount, formatHours, formatKr, formatNumber, formatPercent } from "../app/lib/format.ts";
import { aggregate, type AggregateRow } from "./aggregate.ts";
import { avslagOversikt, type AvslagOversikt } from "./avslag.ts";
import { previousYear, type Filters, type Period } from "./filters.ts";
import { assembleJamstalldhet, jamstalldhet, KON_MEASURES, type Jamstalldhet } from "./kon.ts";
import { assembleLikabedomning, likabedomning, STADSDEL_MEASURES, type Likabedomning } from "./likabedomning.ts";
import type { MeasureId, Unit } from "./measures.ts";
import { overview, type Overview } from "./overview.ts";
import { omkostnader, STADSDEL_OMK, UTFORARE_OMK, type Omkostnader } from "./omkostnader.ts";
import type { FunnelVerdict } from "./stats.ts";
import { timmar, type Timmar } from "./timmar.ts";
import { DEFAULT_THRESHOLD } from "./suppress.ts";
import { utforare, UTFORARE_MEASURES, type Utforare, type UtforareRad } from "./utforare.ts";

type UtforareMeasure = (typeof UTFORARE_MEASURES)[number];

// ---------------------------------------------------------------------------
// The figures, section by section
// ---------------------------------------------------------------------------

/** Bevakning has no query module of its own: the registry's flag counts per rule. */
export const BEVAKNING_MEASURES = ["flaggor", "arenden_med_flagga"] as const satisfies readonly MeasureId[];
type Bev = (typeof BEVAKNING_MEASURES)[number];

/** The utförare the report names one by one (by utförda timmar); the rest are one row. */
export const UTFORARE_I_TOPP = 10;

export type OmkostnaderJamforelse = Pick<Omkostnader, "byStadsdel" | "total">;
export type UtforareJamforelse = Pick<Utforare, "total"> & { rows: Pick<UtforareRad, "figures">[] };

/** A figure for the period and for the same period a year earlier. */
export interface Tva<T> {
  nu: T;
  fore: T;
}

export interface RapportData {
  filters: Filters;
  period: Period;
  previous: Period;
  oversikt: Overview;
  /** Beviljade, utförda, förbrukade and the gap's parts, as /timmar computes them. */
  timmar: Tva<Timmar>;
  /** The year before has no funnels (only the comparison columns are shown). */
  likabedomning: Tva<Likabedomning>;
  avslag: Tva<AvslagOversikt>;
  /** The year before has the overall figures only (no intervals, no stadsdelar). */
  kon: Tva<Jamstalldhet>;
  omkostnader: { nu: Omkostnader; fore: OmkostnaderJamforelse };
  utforare: { nu: Utforare; fore: UtforareJamforelse } & {
    /** The largest utförare of the period by utförda timmar (ids), in order. */
    topp: string[];
    /** The other utförare of the period together, through aggregate() with them as the filter. */
    ovriga: Tva<AggregateRow<UtforareMeasure> | null>;
  };
  bevakning: { perRegel: Tva<AggregateRow<Bev, "regel">[]>; totalt: Tva<AggregateRow<Bev>> };
  /** The regelverk files the engine derived the kommun's cases with (arende.regelverk). */
  regelverk: { fil: string; standard: boolean }[];
}

/** Runs `q` for the period and for the same period a year earlier. */
async function both<T>(f: Filters, previous: Period, q: (f: Filters) => Promise<T>): Promise<Tva<T>> {
  const [nu, fore] = await Promise.all([q(f), q({ ...f, period: previous })]);
  return { nu, fore };
}

/**
 * All the report's figures for `filters` (a kommun, a period, optionally
 * stadsdelar). `lastMonth` is the data's last month (the overview's trend stops there).
 *
 * The period's figures come from the dashboards' query functions. The year
 * before is shown only as comparison columns, so where a module computes much
 * more than those (funnel strata, per-case moments, concentration), the earlier
 * period's figures come from the same registry measures through aggregate() and
 * the module's own assembly: the same numbers, at a fraction of the time.
 */
export async function rapportData(db: Kysely<Database>, asked: Filters, lastMonth: string | null): Promise<RapportData> {
  const filters = { ...asked, period: kortEtikett(asked.period) };
  const previous = kortEtikett(previousYear(filters.period));
  const f = filters;
  const p: Filters = { ...f, period: previous };
  const [oversikt, tim, avslag, lika, likaFore, kon, konFore, omk, omkFore, utf, utfFore, bevRegel, bevTot, regelverk] = await Promise.all([
    overview(db, f, lastMonth),
    both(f, previous, (x) => timmar(db, x)),
    both(f, previous, (x) => avslagOversikt(db, x)),
    likabedomning(db, f),
    likabedomningJamforelse(db, p),
    jamstalldhet(db, f),
    jamstalldhetJamforelse(db, p),
    omkostnader(db, f),
    omkostnaderJamforelse(db, p),
    utforare(db, f),
    utforareJamforelse(db, p),
    both(f, previous, (x) => aggregate(db, x, BEVAKNING_MEASURES, ["regel"])),
    both(f, previous, async (x) => (await aggregate(db, x, BEVAKNING_MEASURES))[0]),
    regelverkFiler(db, f),
  ]);
  return {
    filters,
    period: filters.period,
    previous,
    oversikt,
    timmar: tim,
    likabedomning: { nu: lika, fore: likaFore },
    avslag,
    kon: { nu: kon, fore: konFore },
    omkostnader: { nu: omk, fore: omkFore },
    utforare: { nu: utf, fore: utfFore, ...(await utforareOvriga(db, f, previous, utf)) },
    bevakning: { perRegel: bevRegel, totalt: bevTot },
    regelverk,
  };
}

/** Likabedömning of the year before: the stadsdelar's figures and the kommun's, without funnels. */
async function likabedomningJamforelse(db: Kysely<Database>, p: Filters): Promise<Likabedomning> {
  const ref = { ...p, stadsdel: undefined };
  const [figures, kommun] = await Promise.all([
    aggregate(db, ref, STADSDEL_MEASURES, ["kommun", "stadsdel_nu"]),
    aggregate(db, ref, STADSDEL_MEASURES, ["kommun"]),
  ]);
  return assembleLikabedomning(figures, [], [], p.stadsdel, kommun);
}

/** Jämställdhet of the year before: the overall figures by kön, without intervals or stadsdelar. */
async function jamstalldhetJamforelse(db: Kysely<Database>, p: Filters): Promise<Jamstalldhet> {
  return assembleJamstalldhet(await aggregate(db, { ...p, kon: undefined }, KON_MEASURES, ["kon"]), [], []);
}

/** Omkostnader of the year before: per stadsdel and in total. */
async function omkostnaderJamforelse(db: Kysely<Database>, p: Filters): Promise<OmkostnaderJamforelse> {
  const all = [...new Set([...UTFORARE_OMK, ...STADSDEL_OMK])];
  const [byStadsdel, [total]] = await Promise.all([aggregate(db, p, STADSDEL_OMK, ["kommun", "stadsdel_nu"]), aggregate(db, p, all)]);
  return { byStadsdel, total };
}

/** Utförare of the year before: their figures and the total. */
async function utforareJamforelse(db: Kysely<Database>, p: Filters): Promise<UtforareJamforelse> {
  const ids = [...UTFORARE_MEASURES, "antal_beslut"] as const;
  const [rows, [total]] = await Promise.all([aggregate(db, p, ids, ["kommun", "utforare"]), aggregate(db, p, ids)]);
  return { rows: rows.map((figures) => ({ figures })), total };
}

/**
 * The report names the largest utförare and puts the rest in one row. The rest's
 * figures come from aggregate() with those utförare as the filter, so its case
 * count is exact (a person who changed utförare counts once), which the small-
 * count rule needs.
 */
async function utforareOvriga(
  db: Kysely<Database>,
  f: Filters,
  previous: Period,
  nu: Utforare,
): Promise<{ topp: string[]; ovriga: Tva<AggregateRow<UtforareMeasure> | null> }> {
  const named = nu.rows
    .map((r) => r.figures)
    .filter((r) => r.utforare !== null && (!f.kommun || r.kommun === f.kommun))
    .sort((a, b) => (b.utforda ?? 0) - (a.utforda ?? 0) || String(a.utforare).localeCompare(String(b.utforare), "sv"));
  const topp = named.slice(0, UTFORARE_I_TOPP).map((r) => String(r.utforare));
  const rest = named.slice(UTFORARE_I_TOPP).map((r) => String(r.utforare));
  if (rest.length === 0) return { topp, ovriga: { nu: null, fore: null } };
  const ovriga = await both({ ...f, utforare: rest }, previous, async (x) => (await aggregate(db, x, UTFORARE_MEASURES))[0]);
  return { topp, ovriga };
}

/** Which regelverk file(s) the engine used for the kommun's cases: the report cites the rules in force from them. */
async function regelverkFiler(db: Kysely<Database>, f: Filters): Promise<{ fil: string; standard: boolean }[]> {
  let q = db.selectFrom("arende").select(["regelverk", "regelverk_standard"]).distinct().orderBy("regelverk");
  if (f.kommun) q = q.where("kommun", "=", f.kommun);
  return (await q.execute()).map((r) => ({ fil: r.regelverk, standard: r.regelverk_standard }));
}

// ---------------------------------------------------------------------------
// Swedish sentences, written from (already suppressed) figures
// ---------------------------------------------------------------------------

/** How a sentence names the comparison period: "samma tertial 2025", "år 2025". */
export function jamforelseNamn(period: Period, previous: Period): string {
  const y = previous.key.slice(0, 4);
  switch (period.kind) {
    case "tertial":
      return `samma tertial ${y}`;
    case "ar":
      return `år ${y}`;
    case "manad":
      return `samma månad ${y}`;
    default:
      return kortEtikett(previous).label;
  }
}

/** A range within one year as running text names it: "januari–oktober 2026" (not "januari 2026 – oktober 2026"). */
export function kortEtikett(p: Period): Period {
  const m = p.kind === "intervall" ? /^(\p{L}+) (\d{4}) – (\p{L}+) (\d{4})$/u.exec(p.label) : null;
  return m && m[2] === m[4] ? { ...p, label: `${m[1]}–${m[3]} ${m[2]}` } : p;
}

/** A figure as a sentence writes it: "58 %", "1 234 timmar", "12 345 kr", "1 234". */
export function varde(v: number | null, unit: Unit): string {
  switch (unit) {
    case "andel":
      return formatPercent(v, 0);
    case "h":
      return `${formatCount(v)} timmar`;
    case "kr":
      return formatKr(v);
    default:
      return formatCount(v);
  }
}

/**
 * The change from `fore` to `nu` in words: percent for amounts, percentage
 * points for shares; null where either is missing or hidden.
 */
export function forandring(nu: number | null, fore: number | null, unit: Unit): string | null {
  if (nu === null || fore === null) return null;
  if (unit === "andel") {
    const pp = Math.round((nu - fore) * 100);
    if (pp === 0) return "var i stort sett oförändrad";
    return `${pp > 0 ? "ökade" : "minskade"} med ${formatNumber(Math.abs(pp))} procentenhet${Math.abs(pp) === 1 ? "" : "er"}`;
  }
  if (fore === 0) return nu === 0 ? "var oförändrad" : null;
  const rel = (nu - fore) / Math.abs(fore);
  if (Math.abs(rel) < 0.005) return "var i stort sett oförändrad";
  return `${rel > 0 ? "ökade" : "minskade"} med ${formatPercent(Math.abs(rel), 0)}`;
}

export const DOLT = `redovisas inte (färre än ${DEFAULT_THRESHOLD} personer)`;

/**
 * "Utförandegraden var 58 % (61 % samma tertial 2025)." — the figure beside the
 * same period a year earlier; a hidden figure is said to be hidden, not stated.
 */
export function nyckeltalMening(subjekt: string, nu: number | null, fore: number | null, unit: Unit, jmf: string): string {
  if (nu === null) return `${subjekt} ${DOLT}.`;
  const before = fore === null ? "" : ` (${varde(fore, unit)} ${jmf})`;
  return `${subjekt} var ${varde(nu, unit)}${before}.`;
}

export interface Forandring {
  /** The measure as the subject of a sentence, e.g. "förverkade timmar". */
  namn: string;
  nu: number | null;
  fore: number | null;
  unit: Unit;
}

/**
 * The size of a change for ranking: relative for amounts; for shares the change
 * in percentage points, where 1 point counts as a 5 % change (a share moving
 * from 7 % to 6 % is not a 14 % change to a reader).
 */
function storlek(c: Forandring): number {
  if (c.nu === null || c.fore === null) return -1;
  if (c.unit === "andel") return Math.abs(Math.round((c.nu - c.fore) * 100)) * 0.05;
  if (c.fore === 0) return -1;
  return Math.abs(c.nu - c.fore) / Math.abs(c.fore);
}

/**
 * The `k` largest changes as sentences ("Förverkade timmar ökade med 23 %, från
 * 1 000 till 1 230 timmar."), largest first; changes under 5 % (or 1
 * percentage point) are not news.
 */
export function storstaForandringar(items: readonly Forandring[], k = 3, minst = 0.05): string[] {
  return items
    .filter((c) => storlek(c) >= minst)
    .sort((a, b) => storlek(b) - storlek(a))
    .slice(0, k)
    .map((c) => `${versal(c.namn)} ${forandring(c.nu, c.fore, c.unit)}, från ${varde(c.fore, c.unit)} till ${varde(c.nu, c.unit)}.`);
}

export function versal(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "A", "A och B", "A, B och C". */
export function upprakning(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} och ${items[items.length - 1]}`;
}

export interface Avvikelse {
  namn: string;
  /** Null when hidden: the unit is then not named with a figure. */
  varde: number | null;
  verdict: FunnelVerdict | null;
}

/**
 * The outliers of a funnel plot named in a sentence: those outside the 99.8 %
 * limit (more than chance explains), above or below the kommun's value.
 */
export function avvikelseMening(what: string, kommunVarde: number | null, rader: readonly Avvikelse[]): string {
  const ute = rader.filter((r) => r.verdict === "utanfor998" && r.varde !== null);
  const ref = kommunVarde === null ? "" : ` (kommunen: ${formatPercent(kommunVarde, 0)})`;
  if (ute.length === 0) {
    const dolda = rader.some((r) => r.varde === null);
    return `Ingen stadsdel avvek i ${what} mer än vad slumpen kan förklara${ref}: ${dolda ? "alla stadsdelar som redovisas" : "alla"} låg inom 99,8-procentsgränsen.`;
  }
  const delar = ute.map((r) => `${r.namn} ${formatPercent(r.varde, 0)} (${kommunVarde !== null && r.varde! > kommunVarde ? "högre" : "lägre"})`);
  return `${ute.length === 1 ? "En stadsdel" : `${versal(talord(ute.length))} stadsdelar`} avvek i ${what} mer än vad slumpen kan förklara (utanför 99,8-procentsgränsen)${ref}: ${upprakning(delar)}.`;
}

const TALORD = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"];

/** Numbers up to twelve in words, as running Swedish text writes them. */
export function talord(n: number): string {
  return TALORD[n] ?? formatCount(n);
}

/** "12,5 timmar" with one decimal, for per-person figures. */
export function timmar1(v: number | null): string {
  return `${formatHours(v)} timmar`;
}
