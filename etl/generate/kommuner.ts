/**
 * The organisation the data describe: kommuner, their stadsdelar (with Stockholm's real
 * reorganisations, so a beslut carries the name valid on its date), their utförare and
 * the per-kommun routines that shape the rows (omkostnad model, genomförandeplan deadline).
 *
 * Scale 1 is Stockholm plus Värmdö and Östhammar. Below 1 their persons are scaled down;
 * above 1 further synthetic kommuner ("Kommun 001" …) carry the extra persons, so the real
 * kommuner keep their true structure at every scale.
 */
import { addYears, dayOf, type Day } from "./calendar.ts";
import { PLANTED_AVSLAG, PLANTED_KON_HOURS } from "./planted.ts";
import { Rng } from "./rng.ts";
import { buildCatalogue, PRIVATE_NAMES, stockholmCatalogue, type Utforare } from "./utforare.ts";

/** A stadsdel name and the last day it was in use (null: still in use). */
export interface NamePeriod {
  name: string;
  until: Day | null;
}

/**
 * An area is the smallest unit that never changes (e.g. Älvsjö); its name on a beslut
 * follows the organisation of the day (Älvsjö, from 2020-07-01 Hägersten-Älvsjö).
 */
export interface Area {
  names: NamePeriod[];
  /** Persons with the insats at any one time, at scale 1. */
  persons: number;
  avslagFactor: number;
  delavslagRate: number;
  hoursFactor: number;
  /** Men's hours relative to women's (1 everywhere but the planted stadsdel). */
  menHoursFactor: number;
  /** Prefix of the handläggare codes (ASCII). */
  handlaggarePrefix: string;
}

export interface Kommun {
  namn: string;
  areas: Area[];
  utforare: Utforare[];
  omkostnad: { schablon: boolean; sarskild: boolean; manadsbeloppFrom: Day | null };
  /** R13: the genomförandeplan is due `days` after the insats started or after the beställning. */
  genomforandeplan: { after: "start" | "bestallning"; days: number };
  /** Östhammar's system writes "LSS 9 § 3" / "SoL 4 kap. 1 §" instead of the short forms. */
  lagrumFullForm: boolean;
}

export function areaName(area: Area, day: Day): string {
  for (const p of area.names) if (p.until === null || day <= p.until) return p.name;
  return area.names[area.names.length - 1].name;
}

const MERGE_2020 = dayOf(2020, 6, 30);
const MERGE_2023 = dayOf(2023, 6, 30);

/** [old name, persons, avslag factor, delavslag rate, hours factor, later name, last day of old] */
type StockholmArea = [string, number, number, number, number, string?, Day?];

/**
 * Stockholm's areas. Persons roughly follow population; avslag factors are near 1 except
 * the planted stadsdel; delavslag rates and hours factors differ, as `003` found.
 * Merged areas share their factors, so the new stadsdel is coherent.
 */
const STOCKHOLM: StockholmArea[] = [
  ["Bromma", 140, 0.9, 0.12, 1.1],
  ["Enskede-Årsta-Vantör", 190, 1.05, 0.18, 0.95],
  ["Farsta", 115, 1, 0.15, 1.0], // avslag factor replaced by PLANTED_AVSLAG
  ["Hägersten-Liljeholmen", 150, 1.0, 0.14, 1.0, "Hägersten-Älvsjö", MERGE_2020],
  ["Älvsjö", 50, 1.0, 0.14, 1.0, "Hägersten-Älvsjö", MERGE_2020],
  ["Hässelby-Vällingby", 140, 1.1, 0.22, 0.9],
  ["Kungsholmen", 125, 0.9, 0.1, 1.15],
  ["Norrmalm", 125, 0.95, 0.13, 1.1, "Norra innerstaden", MERGE_2023],
  ["Östermalm", 125, 0.95, 0.13, 1.1, "Norra innerstaden", MERGE_2023],
  ["Rinkeby-Kista", 95, 1.1, 0.2, 0.85, "Järva", MERGE_2023],
  ["Spånga-Tensta", 80, 1.1, 0.2, 0.85, "Järva", MERGE_2023],
  ["Skarpnäck", 85, 1.0, 0.16, 0.95],
  ["Skärholmen", 70, 1.05, 0.19, 0.9],
  ["Södermalm", 230, 0.9, 0.11, 1.05],
];

function asciiPrefix(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .slice(0, 3)
    .toUpperCase();
}

function stockholmAreas(): Area[] {
  return STOCKHOLM.map(([name, persons, avslag, delavslag, hours, later, until]) => ({
    names: later ? [{ name, until: until! }, { name: later, until: null }] : [{ name, until: null }],
    persons,
    avslagFactor: name === PLANTED_AVSLAG.stadsdel ? PLANTED_AVSLAG.factor : avslag,
    delavslagRate: delavslag,
    hoursFactor: hours,
    menHoursFactor: name === PLANTED_KON_HOURS.stadsdel ? PLANTED_KON_HOURS.menOverWomen : 1,
    handlaggarePrefix: asciiPrefix(name),
  }));
}

function singleArea(name: string, persons: number, delavslag: number, hours: number, avslag = 1): Area {
  return {
    names: [{ name, until: null }],
    persons,
    avslagFactor: avslag,
    delavslagRate: delavslag,
    hoursFactor: hours,
    menHoursFactor: 1,
    handlaggarePrefix: asciiPrefix(name),
  };
}

export interface Window {
  start: Day;
  end: Day;
}

const STOCKHOLM_MANADSBELOPP_FROM = dayOf(2020, 1, 1);

function realKommuner(seed: number, w: Window): Kommun[] {
  const small = (namn: string, units: { namn: string; weight: number }[], names: string[]) =>
    buildCatalogue({
      kommunal: units,
      privateNames: names,
      zipf: 1,
      privateTopWeight: units[0].weight / 7,
      windowStart: w.start,
      rng: Rng.fork(seed, namn, "utforare"),
    });
  return [
    {
      namn: "Stockholm",
      areas: stockholmAreas(),
      utforare: stockholmCatalogue(Rng.fork(seed, "Stockholm", "utforare"), w.start, w.end),
      omkostnad: { schablon: true, sarskild: true, manadsbeloppFrom: STOCKHOLM_MANADSBELOPP_FROM },
      genomforandeplan: { after: "start", days: 15 },
      lagrumFullForm: false,
    },
    {
      namn: "Värmdö",
      areas: [singleArea("Värmdö", 100, 0.12, 0.9)],
      utforare: small("Värmdö", [{ namn: "Värmdö kommun Ledsagarteamet", weight: 10 }], [
        "Skärgårdens Ledsagare AB",
        "Fritidsbron AB",
      ]),
      // Värmdö reimburses the ledsagare's costs within the utförare; only särskilda reach the file.
      omkostnad: { schablon: false, sarskild: true, manadsbeloppFrom: null },
      genomforandeplan: { after: "start", days: 15 },
      lagrumFullForm: false,
    },
    {
      namn: "Östhammar",
      areas: [singleArea("Östhammar", 40, 0.14, 0.85)],
      utforare: small("Östhammar", [{ namn: "Östhammars kommun Ledsagarservice", weight: 10 }], [
        "Roslagens Ledsagning AB",
      ]),
      omkostnad: { schablon: true, sarskild: true, manadsbeloppFrom: null },
      genomforandeplan: { after: "bestallning", days: 14 },
      lagrumFullForm: true,
    },
  ];
}

const REAL_PERSONS = 1720 + 100 + 40;

/** Further kommuner for scale > 1: log-normal sizes, like Sweden's many small kommuner. */
function syntheticKommuner(seed: number, w: Window, persons: number): Kommun[] {
  const rng = Rng.fork(seed, "synthetic-kommuner");
  const out: Kommun[] = [];
  let left = persons;
  while (left >= 5) {
    const size = Math.min(left, Math.round(Math.min(2500, Math.max(10, rng.lognormal(70, 1)))));
    left -= size;
    const namn = `Kommun ${String(out.length + 1).padStart(3, "0")}`;
    const nAreas = size <= 300 ? 1 : Math.min(8, Math.ceil(size / 250));
    const areas: Area[] = [];
    for (let i = 1; i <= nAreas; i++) {
      const area = singleArea(
        nAreas === 1 ? namn : `${namn} distrikt ${i}`,
        size / nAreas,
        rng.uniform(0.1, 0.2),
        rng.uniform(0.85, 1.15),
        rng.uniform(0.85, 1.15),
      );
      area.handlaggarePrefix = `K${out.length + 1}D${i}`;
      areas.push(area);
    }
    const nPrivate = Math.max(1, Math.min(40, Math.round(Math.sqrt(size) / 2)));
    const offset = rng.int(0, PRIVATE_NAMES.length - 1);
    const names = Array.from({ length: nPrivate }, (_, i) => PRIVATE_NAMES[(offset + i) % PRIVATE_NAMES.length]);
    out.push({
      namn,
      areas,
      utforare: buildCatalogue({
        kommunal: [{ namn: `${namn} egen regi ledsagning`, weight: 8 }],
        privateNames: names,
        zipf: 1,
        privateTopWeight: 5,
        windowStart: w.start,
        rng: Rng.fork(seed, namn, "utforare"),
      }),
      omkostnad: { schablon: true, sarskild: true, manadsbeloppFrom: null },
      genomforandeplan: { after: "start", days: 15 },
      lagrumFullForm: false,
    });
  }
  return out;
}

/** All kommuner at a scale; area person counts are already multiplied by the scale. */
export function buildKommuner(seed: number, scale: number, w: Window): Kommun[] {
  const real = realKommuner(seed, w);
  const factor = Math.min(scale, 1);
  for (const k of real) for (const a of k.areas) a.persons *= factor;
  if (scale <= 1) return real;
  return [...real, ...syntheticKommuner(seed, w, Math.round((scale - 1) * REAL_PERSONS))];
}

/** The period a data set covers: `years` years ending on `end` (inclusive). */
export function windowFor(end: Day, years: number): Window {
  return { start: addYears(end, -years) + 1, end };
}
