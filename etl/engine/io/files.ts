/**
 * The engine's files: the regelverk folder (validated, a broken file named in the error)
 * and the stadsdel mapping (old names → today's organisation).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PROJECT_ROOT } from "../../db.ts";
import { compileRegelverk, parseRegelverkText, regelverkSet, type RegelverkSet } from "../regelverk.ts";

export function loadRegelverk(dir = resolve(PROJECT_ROOT, "data", "regelverk")): RegelverkSet {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  return regelverkSet(
    files.map((f) => {
      const path = join(dir, f);
      const fil = relative(PROJECT_ROOT, path);
      return compileRegelverk(parseRegelverkText(readFileSync(path, "utf8"), fil), fil);
    }),
  );
}

/** kommun;stadsdel;nuvarande_stadsdel;upphorde → (kommun, old, today's name), chains resolved. */
export function loadStadsdelMapping(path = resolve(PROJECT_ROOT, "data", "stadsdel_mapping.csv")): [string, string, string][] {
  const rows = readFileSync(path, "utf8")
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((l) => l.split(";").map((c) => c.trim()));
  const next = new Map(rows.map(([k, old, now]) => [`${k}\u0000${old}`, now]));
  return rows.map(([k, old]) => {
    let name = old;
    // Follow renames until today's name (Älvsjö → Hägersten-Älvsjö, and any later step).
    for (let i = 0; i < 20 && next.has(`${k}\u0000${name}`); i++) name = next.get(`${k}\u0000${name}`)!;
    return [k, old, name];
  });
}
