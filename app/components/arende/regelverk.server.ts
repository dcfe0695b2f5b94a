/**
 * The regelverk a case was derived with, for the case page: each rule's versions in
 * force during the case, with its parameters, source and motivation, read from the
 * file the engine used (arende.regelverk, e.g. data/regelverk/stockholm.json).
 *
 * The file is read as it is now; the engine re-derives every case at each load, so the
 * two differ only if someone edits a file without loading again (the page says so).
 */
import { readFileSync, statSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { PROJECT_ROOT } from "../../../etl/db.ts";
import { parseRegelverkText, RULE_ID, RULE_KEYS, type RegelverkFile } from "../../../etl/engine/regelverk.ts";

export interface RegelVersionView {
  regel: string;
  key: string;
  giltigFran: string;
  giltigTill: string | null;
  kalla: string;
  /** Parameters as Swedish label/value pairs. */
  parametrar: { namn: string; varde: string }[];
  motivering: string | null;
}

export interface RegelverkView {
  fil: string;
  kommun: string;
  beskrivning: string;
  standard: boolean;
  /** Rule versions that overlap the case's months, in rule order (R1 … R18). */
  regler: RegelVersionView[];
}

const REGELVERK_DIR = resolve(PROJECT_ROOT, "data", "regelverk");

const PARAM_LABEL: Record<string, string> = {
  vecka_till_manad: "Veckotimmar till månadstimmar",
  tidsbegransning_kravs: "Tidsbegränsning krävs",
  period_manader: "Periodens längd (månader)",
  ankare: "Perioden räknas från",
  senast_klockan: "Senast klockan",
  dagar_fore: "Dagar före",
  forbrukas: "Timmarna förbrukas",
  ersatts_som_tidstyp: "Ersätts som tidstyp",
  minsta_debitering_galler: "Minsta debitering gäller",
  timmar: "Timmar",
  tillfalle: "Ett tillfälle är",
  kr_per_timme: "Kronor per timme",
  insatser: "Insatser",
  grans_kr: "Gräns (kr per tillfälle)",
  kr_per_manad: "Kronor per månad",
  flexibelt_i_perioden: "Flexibelt inom perioden",
  dagar: "Dagar",
  fran: "Räknat från",
  manader: "Månader",
  kontroll: "Kontroll",
  max_timmar_per_manad: "Högst timmar per månad",
  max_dagar_fore: "Högst dagar före",
  matt: "Räknas i",
  fonster: "Fönster",
  antal: "Antal",
  underlag: "Underlag",
  kommunal: "Kommunal regi (kr/tim)",
  enskild: "Enskild regi (kr/tim)",
};

const VALUE_LABEL: Record<string, string> = {
  beslutets_start: "beslutets start",
  kalenderkvartal: "kalenderkvartal",
  rad: "varje rapporterad rad",
  paborjad_insats: "påbörjad insats",
  bestallning: "beställningen",
  lopande: "löpande",
  arsskifte: "vid årsskiftet",
  publicerad: "publicerad av kommunen",
  beraknad: "beräknad (indexerad)",
  kvall: "kväll",
  kalenderdagar: "kalenderdagar",
  dygn: "dygn (24 timmar)",
  rullande: "rullande",
  flexperiod: "flexperioden",
  dag: "dag",
};

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "–";
  if (typeof v === "boolean") return v ? "ja" : "nej";
  if (typeof v === "number") return new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 2 }).format(v);
  if (typeof v === "string") return VALUE_LABEL[v] ?? v;
  if (Array.isArray(v)) return v.map(formatValue).join(", ");
  if (typeof v === "object") {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${VALUE_LABEL[k] ?? k} ${formatValue(x)}`)
      .join(", ");
  }
  return String(v);
}

const cache = new Map<string, { mtimeMs: number; file: RegelverkFile }>();

/** Parses the file once per change; refuses any path outside data/regelverk. */
function readRegelverk(fil: string): RegelverkFile | null {
  const path = resolve(PROJECT_ROOT, fil);
  if (!path.startsWith(REGELVERK_DIR + sep) || !path.endsWith(".json")) return null;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    return null;
  }
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === mtimeMs) return hit.file;
  const file = parseRegelverkText(readFileSync(path, "utf8"), relative(PROJECT_ROOT, path));
  cache.set(path, { mtimeMs, file });
  return file;
}

const RULE_ORDER = (id: string) => Number(id.slice(1));

/**
 * The rules in force at some time between `from` and `to` (ISO dates, inclusive).
 * Null when the file is gone (the page then names it and says it could not be read).
 */
export function regelverkView(fil: string, standard: boolean, from: string | null, to: string | null): RegelverkView | null {
  const file = readRegelverk(fil);
  if (!file) return null;
  const lo = from ?? "0000-01-01";
  const hi = to ?? "9999-12-31";
  const regler: RegelVersionView[] = [];
  for (const key of RULE_KEYS) {
    for (const v of file.regler[key] ?? []) {
      if (v.giltig_fran > hi || (v.giltig_till !== null && v.giltig_till < lo)) continue;
      const { giltig_fran, giltig_till, kalla, motivering, ...params } = v as typeof v & { motivering?: string };
      regler.push({
        regel: RULE_ID[key],
        key,
        giltigFran: giltig_fran,
        giltigTill: giltig_till,
        kalla,
        parametrar: Object.entries(params).map(([k, x]) => ({
          namn: PARAM_LABEL[k] ?? k.replace(/_/g, " "),
          varde: formatValue(x),
        })),
        motivering: motivering ?? null,
      });
    }
  }
  regler.sort((a, b) => RULE_ORDER(a.regel) - RULE_ORDER(b.regel) || a.giltigFran.localeCompare(b.giltigFran));
  return {
    fil: relative(PROJECT_ROOT, resolve(PROJECT_ROOT, fil)),
    kommun: file.kommun,
    beskrivning: file.beskrivning,
    standard,
    regler,
  };
}
