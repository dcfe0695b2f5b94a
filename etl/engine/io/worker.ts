/**
 * A worker thread of deriveAll: takes the next block of cases not yet taken by any worker
 * (a shared counter, so that a worker that runs faster takes more blocks) and derives it
 * into its own staged files; at the end it posts the codes its rows use.
 */
import { parentPort, workerData } from "node:worker_threads";
import { loadRegelverk } from "./files.ts";
import { Deriver } from "./derive.ts";
import { Inputs } from "./read.ts";
import { StagingFiles } from "./write.ts";

export interface WorkerTask {
  inputs: Inputs;
  regelverkDir?: string;
  horisont: number;
  /** Cases per block. */
  block: number;
  /** The next block to take, shared by the workers (Atomics on a SharedArrayBuffer). */
  next: Int32Array;
  /** Folder of the staged files, and the number of this worker's. */
  dir: string;
  w: number;
}

export interface WorkerDone {
  /** Rows of the worker's Codes (its `ri` numbering). */
  codes: unknown[][];
}

const task = workerData as WorkerTask;
const inputs = Inputs.revive(task.inputs);
const d = new Deriver(inputs, loadRegelverk(task.regelverkDir), task.horisont);
const files = new StagingFiles(task.dir, task.w);
const { block } = task;
for (let b = Atomics.add(task.next, 0, 1); b * block < inputs.total; b = Atomics.add(task.next, 0, 1)) {
  d.run(b * block, Math.min(inputs.total, (b + 1) * block));
  files.append(d.packer.take());
}
files.close();
parentPort!.postMessage({ codes: d.packer.codes.rows } satisfies WorkerDone);
