/**
 * A worker thread of deriveAll: derives every other block of cases (its share of the
 * blocks) and posts each block packed, its buffers transferred. The main thread appends
 * the blocks in case order.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadRegelverk } from "./files.ts";
import { Deriver } from "./derive.ts";
import { transferables } from "./pack.ts";
import { Inputs } from "./read.ts";

export interface WorkerTask {
  inputs: Inputs;
  regelverkDir?: string;
  horisont: number;
  /** Cases per block. */
  block: number;
  /** This worker's blocks: first, first + step, … */
  first: number;
  step: number;
}

const task = workerData as WorkerTask;
const inputs = Inputs.revive(task.inputs);
const d = new Deriver(inputs, loadRegelverk(task.regelverkDir), task.horisont);
const { block } = task;
for (let b = task.first; b * block < inputs.total; b += task.step) {
  d.run(b * block, Math.min(inputs.total, (b + 1) * block));
  const packed = d.packer.take();
  parentPort!.postMessage({ b, block: packed }, transferables(packed));
}
