/**
 * A worker thread of deriveAll: takes the next block of cases not yet taken by any worker
 * (a shared counter, so that a worker that runs faster takes more blocks) and derives it
 * into its own staged files; at the end it posts the codes its rows use. It is started
 * before the main thread reads the input, which it then receives as a message (WorkerInputs),
 * so that loading its code and making the settling copy of the engine (settle.ts) run beside
 * the reading; before the first block it settles the engine's object shapes.
 */
import type { DuckDBValue } from "@duckdb/node-api";
import { once } from "node:events";
import { parentPort, workerData } from "node:worker_threads";
import { loadRegelverk } from "./files.ts";
import { Deriver, stageBlocks } from "./derive.ts";
import { Inputs } from "./read.ts";
import { privateEngine, settleShapes } from "./settle.ts";

export interface WorkerTask {
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

/** The message that starts the deriving: the input, on SharedArrayBuffers (no copy). */
export interface WorkerInputs {
  inputs: Inputs;
}

export interface WorkerDone {
  /** Rows of the worker's Codes (its `ri` numbering). */
  codes: DuckDBValue[][];
}

const task = workerData as WorkerTask;
const copy = privateEngine(task.w);
const set = loadRegelverk(task.regelverkDir);
const [{ inputs }] = (await once(parentPort!, "message")) as [WorkerInputs];
const d = new Deriver(Inputs.revive(inputs), set, task.horisont);
settleShapes(d, task.w, await copy);
const codes = stageBlocks(d, {
  dir: task.dir,
  w: task.w,
  block: task.block,
  nextBlock: () => Atomics.add(task.next, 0, 1),
});
parentPort!.postMessage({ codes } satisfies WorkerDone);
