/**
 * Running the pure engine over a range of cases into a Packer: the same code on the main
 * thread and in the worker threads (worker.ts).
 */
import { deriveCase } from "../engine.ts";
import { kommunKey, regelverkFor, type Regelverk, type RegelverkSet } from "../regelverk.ts";
import type { Day } from "../dates.ts";
import type { Inputs } from "./read.ts";
import { Packer, regelverkList } from "./pack.ts";

/** Cases per block: the unit a worker hands over and the main thread appends. */
export const BLOCK = 1000;

export class Deriver {
  readonly packer = new Packer();
  private readonly rvi: Map<Regelverk, number>;
  constructor(
    private readonly inputs: Inputs,
    private readonly set: RegelverkSet,
    private readonly horisont: Day,
  ) {
    this.rvi = new Map(regelverkList(set).map((rv, i) => [rv, i]));
  }

  /** Derives cases lo .. hi − 1 into the packer. */
  run(lo: number, hi: number): void {
    const { inputs, horisont } = this;
    const u = inputs.utforare;
    for (let ai = lo; ai < hi; ai++) {
      const input = inputs.caseInput(ai);
      const kk = kommunKey(input.kommun);
      const rv = regelverkFor(this.set, input.kommun);
      const regi = u.regi.get(kk);
      const result = deriveCase(input, rv, { horisont, regi: (x) => regi?.get(x) ?? null });
      this.packer.write(result, {
        ai,
        rvi: this.rvi.get(rv)!,
        firstBi: inputs.beslutOffset(ai),
        beslutIds: input.beslut.map((b) => b.beslutId),
        uk: u.uk.get(kk)!,
        ukBits: u.ukBits,
      });
    }
  }
}
