/**
 * Settling the shapes of the engine's objects before the engine is compiled, in a worker
 * thread (docs/RULES.md › Performance, "Why the engine is sometimes three times slower").
 *
 * The first few thousand cases widen the field representations of the engine's month,
 * period and event objects (a field that first held 0 later holds 0.5), and V8 deprecates
 * those object maps as it goes. An optimising compilation of `deriveCase` that is running
 * at that moment is aborted, and V8 may never compile it again: the worker then runs the
 * engine unoptimised, three to five times slower, to its end. Objects from object
 * literals of the same fields share their maps whatever code made them, but compiled
 * code belongs to one copy of the source. So a private copy of the engine (bundled here,
 * its source made unique, so that V8 shares no compiled function with the working copy)
 * first derives a sample of the cases and its results are dropped; by the time the
 * working copy's `deriveCase` is compiled the maps have settled.
 */
import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";
import type { deriveCase } from "../engine.ts";
import type { Deriver } from "./derive.ts";

/** Every how many cases the settling pass derives one (~2 200 of the national set's 110 000). */
export const SETTLE_EVERY = 50;

/** The engine's entry, as the private copy exports it. */
export type EngineCopy = typeof deriveCase;

/**
 * A private copy of the engine, made while the main thread still reads the input; null if
 * it cannot be made (esbuild missing or failing): the pass only makes the run faster, so
 * the run then goes on without it, with the same output.
 */
export async function privateEngine(tag: number): Promise<EngineCopy | null> {
  try {
    return await bundledEngine(tag);
  } catch {
    return null;
  }
}

/** Derives every SETTLE_EVERY-th case, from `first`, with the private copy (if there is one). */
export function settleShapes(d: Deriver, first: number, copy: EngineCopy | null): void {
  if (copy === null) return;
  for (let ai = first; ai < d.inputs.total; ai += SETTLE_EVERY) copy(...d.args(ai));
}

async function bundledEngine(tag: number): Promise<EngineCopy> {
  const out = buildSync({
    entryPoints: [fileURLToPath(new URL("../engine.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    banner: { js: `// Ledsagning: the settling copy of the rules engine (${tag}, ${process.hrtime.bigint()})` },
  });
  const url = `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].contents).toString("base64")}`;
  return ((await import(url)) as { deriveCase: EngineCopy }).deriveCase;
}
