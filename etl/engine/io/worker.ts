/**
 * A worker thread of deriveAll: takes the next block of cases not yet taken by any worker
 * (a shared counter, so that a worker that runs faster takes more blocks) and derives it
 * into its own staged files; at the end it posts the codes its rows use. Before the first
 * block it settles the engine's object shapes (settle.ts).
 */
import type { DuckDBValue } from "@duckdb/node-api";
import { parentPort, workerData } from "node:worker_threads";
import { loadRegelverk } from "./files.ts";
import { Deriver, stageBlocks } from "./derive.ts";
import { Inputs } from "./read.ts";
import { settleShapes } from "./settle.ts";

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
  codes: DuckDBValue[][];
}

const task = workerData as WorkerTask;
const d = new Deriver(Inputs.revive(task.inputs), loadRegelverk(task.regelverkDir), task.horisont);
await settleShapes(d, task.w);
const codes = stageBlocks(d, {
  dir: task.dir,
  w: task.w,
  block: task.block,
  nextBlock: () => Atomics.add(task.next, 0, 1),
});
parentPort!.postMessage({ codes } satisfies WorkerDone);
