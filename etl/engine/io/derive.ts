/**
 * Running the pure engine over blocks of cases into a thread's staged files: the same
 * code on the main thread and in the worker threads (worker.ts).
 */
import type { DuckDBValue } from "@duckdb/node-api";
import { deriveCase } from "../engine.ts";
import { kommunKey, regelverkFor, type Regelverk, type RegelverkSet } from "../regelverk.ts";
import type { Day } from "../dates.ts";
import type { CaseInput, EngineContext } from "../types.ts";
import type { Inputs } from "./read.ts";
import { Packer, regelverkList } from "./pack.ts";
import { StagingFiles } from "./write.ts";

/** Cases per block: the unit a thread takes at a time, and a row group of its staged files. */
export const BLOCK = 1000;

export class Deriver {
  readonly packer = new Packer();
  private readonly rvi: Map<Regelverk, number>;
  constructor(
    readonly inputs: Inputs,
    private readonly set: RegelverkSet,
    private readonly horisont: Day,
  ) {
    this.rvi = new Map(regelverkList(set).map((rv, i) => [rv, i]));
  }

  /** The engine's arguments for case `ai`. */
  args(ai: number): [CaseInput, Regelverk, EngineContext] {
    const input = this.inputs.caseInput(ai);
    const kk = kommunKey(input.kommun);
    const regi = this.inputs.utforare.regi.get(kk);
    return [input, regelverkFor(this.set, input.kommun), { horisont: this.horisont, regi: (x) => regi?.get(x) ?? null }];
  }

  /** Derives cases lo .. hi − 1 into the packer. */
  run(lo: number, hi: number): void {
    const { inputs } = this;
    const u = inputs.utforare;
    for (let ai = lo; ai < hi; ai++) {
      const [input, rv, ctx] = this.args(ai);
      const result = deriveCase(input, rv, ctx);
      this.packer.write(result, {
        ai,
        rvi: this.rvi.get(rv)!,
        firstBi: inputs.beslutOffset(ai),
        beslutIds: input.beslut.map((b) => b.beslutId),
        uk: u.uk.get(kommunKey(input.kommun))!,
        ukBits: u.ukBits,
      });
    }
  }
}

/**
 * Derives block after block (each number from `nextBlock`, until one lies past the last
 * case) into staged files numbered `w` in `dir`; returns the codes its rows use (rows
 * of its Codes, numbered by this thread).
 */
export function stageBlocks(d: Deriver, opts: { dir: string; w: number; block: number; nextBlock: () => number }): DuckDBValue[][] {
  const files = new StagingFiles(opts.dir, opts.w);
  const { block } = opts;
  const total = d.inputs.total;
  try {
    for (let b = opts.nextBlock(); b * block < total; b = opts.nextBlock()) {
      d.run(b * block, Math.min(total, (b + 1) * block));
      files.append(d.packer.take());
    }
  } finally {
    files.close();
  }
  return d.packer.codes.rows;
}
