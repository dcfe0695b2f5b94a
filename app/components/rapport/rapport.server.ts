/**
 * The report, from filters to the view the page and the PDF render: fetch the
 * figures (queries/rapport.ts), build each section's suppressed tables, charts
 * and sentences, then the summary (which cites what the sections found) and the
 * definitions (which cite every measure the sections show).
 *
 * Order matters where two tables show the same figure: avsnitt 2 is built
 * before avsnitt 4 so that 4 hides what 2 hides (ctx.hidden).
 */
import type { Kysely } from "kysely";
import { parsePeriod, type Filters, type Period } from "../../../queries/filters.ts";
import { jamforelseNamn, rapportData, type RapportData } from "../../../queries/rapport.ts";
import { DEFAULT_THRESHOLD } from "../../../queries/suppress.ts";
import type { Database } from "../../db.server.ts";
import { utforareNames, type FilterOptions } from "../../lib/filter-options.server.ts";
import { avslagSektion } from "./avslag.server.ts";
import { bevakningSektion } from "./bevakning.server.ts";
import { definitioner } from "./definitioner.server.ts";
import type { SektionContext } from "./kit.server.ts";
import { konSektion } from "./kon.server.ts";
import { likabedomningFynd, likabedomningSektion } from "./likabedomning.server.ts";
import { omkostnaderSektion } from "./omkostnader.server.ts";
import { sammanfattning } from "./sammanfattning.server.ts";
import { timmarSektion, utforandegradSektion } from "./timmar.server.ts";
import { utforareSektion } from "./utforare.server.ts";
import { sektionNr, type RapportMeta, type RapportView } from "./view.ts";

/** Today in Sweden, ISO: the report's date. */
export function stockholmToday(now = new Date()): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function rapportTitel(f: Filters): string {
  const p = f.period;
  const y = p.key.slice(0, 4);
  const kind =
    p.kind === "tertial" ? `tertialrapport ${p.key.slice(-1)} ${y}` : p.kind === "ar" ? `årsrapport ${y}` : `rapport för ${p.label}`;
  return `Ledsagarservice och ledsagning: ${kind}`;
}

function meta(data: RapportData, options: FilterOptions, today: string, asked: Period): RapportMeta {
  const f = data.filters;
  // The period reaches past the data when its last day is after the horizon.
  const horizon = options.horizon;
  const lastDay = new Date(`${f.period.to}T00:00:00Z`);
  lastDay.setUTCDate(lastDay.getUTCDate() - 1);
  return {
    titel: rapportTitel({ ...f, period: asked }),
    ...(asked.key !== f.period.key ? { avkortad: { key: asked.key, label: asked.label } } : {}),
    kommun: f.kommun ?? "Alla kommuner",
    stadsdelar: f.stadsdel ?? [],
    periodKey: f.period.key,
    periodLabel: f.period.label,
    previousKey: data.previous.key,
    previousLabel: data.previous.label,
    jamforelse: jamforelseNamn(data.period, data.previous),
    datum: today,
    horisont: horizon,
    troskel: DEFAULT_THRESHOLD,
    ofullstandig: horizon !== null && lastDay.toISOString().slice(0, 10) > horizon,
  };
}

/**
 * A period that reaches past the data's last complete month is cut there: a
 * year still running is reported for its months so far and compared with the
 * same months a year earlier (not with a whole year). Null when nothing is cut.
 */
export function clipToHorizon(p: Period, horizon: string | null): Period | null {
  if (!horizon) return null;
  const end = new Date(`${horizon}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  // The first month not complete in the data.
  const open = `${end.toISOString().slice(0, 7)}-01` <= horizon ? `${horizon.slice(0, 7)}-01` : `${end.toISOString().slice(0, 7)}-01`;
  if (p.to <= open || p.from >= open) return null;
  const last = new Date(`${open}T00:00:00Z`);
  last.setUTCMonth(last.getUTCMonth() - 1);
  return parsePeriod(`${p.from.slice(0, 7)}..${last.toISOString().slice(0, 7)}`);
}

export async function buildRapport(
  db: Kysely<Database>,
  filters: Filters,
  options: FilterOptions,
  today = stockholmToday(),
): Promise<RapportView> {
  const clipped = clipToHorizon(filters.period, options.horizon);
  const data = await rapportData(db, clipped ? { ...filters, period: clipped } : filters, options.lastMonth);
  return assembleRapport(data, options, today, filters.period);
}

/** The sections from the figures (no I/O but the regelverk file); `asked` is the period asked for, if it was cut. */
export function assembleRapport(data: RapportData, options: FilterOptions, today: string, asked: Period = data.period): RapportView {
  const ctx: SektionContext = { data, jmf: jamforelseNamn(data.period, data.previous), names: utforareNames(options), hidden: new Set() };
  const timmar = timmarSektion(ctx);
  const utforandegrad = utforandegradSektion(ctx);
  const lika = likabedomningSektion(ctx);
  const avslag = avslagSektion(ctx);
  const kon = konSektion(ctx);
  const omk = omkostnaderSektion(ctx);
  const utf = utforareSektion(ctx);
  const bev = bevakningSektion(ctx);
  const konFynd = kon.text.filter((t) => t.startsWith("Beviljade timmar per person skiljer sig")).map((t) => `${t.replace(/\.$/, "")} (avsnitt ${sektionNr("jamstalldhet")}).`);
  const summary = sammanfattning(ctx, [...likabedomningFynd(lika), ...konFynd]);
  const sektioner = [summary, timmar, utforandegrad, lika, avslag, kon, omk, utf, bev];
  return { meta: meta(data, options, today, asked), sektioner, definitioner: definitioner(data, sektioner) };
}

/** Every table of the report, for its CSV exports (`/rapport.csv?…&export=<id>`). */
export function rapportTables(view: RapportView) {
  return view.sektioner.flatMap((s) => s.tables);
}
