/**
 * The benchmark's I/O helpers: child processes, machine description, load sampling,
 * source hashes for the cache.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadInfo, Machine } from "./lib.ts";

export const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const CHILD = join(ROOT, "test", "bench", "child.ts");

/** A fixed pseudonym key for the bench's own databases (never the project's key file). */
export const BENCH_ENV: Record<string, string> = {
  LEDSAGNING_PSEUDONYM_KEY: "bench-only-pseudonym-key-0123456789abcdef",
  LEDSAGNING_SESSION_SECRET: "bench-only-session-secret-0123456789abcdef-0123456789",
};

export type Log = (line: string) => void;

export class ChildError extends Error {}

/** Runs one task of child.ts in a fresh Node process and returns its JSON result. */
export function runChild<T = Record<string, unknown>>(
  task: string,
  args: Record<string, unknown>,
  opts: { timeoutMs?: number; log?: Log } = {},
): Promise<T & { ms: number; peakRssBytes: number }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, task, JSON.stringify(args)], {
      cwd: ROOT,
      env: { ...process.env, ...BENCH_ENV, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => {
      out = (out + b.toString("utf8")).slice(-1_000_000);
    });
    child.stderr.on("data", (b: Buffer) => {
      err = (err + b.toString("utf8")).slice(-20_000);
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      rej(new ChildError(`${task} took longer than ${Math.round((opts.timeoutMs ?? 0) / 1000)} s and was stopped`));
    }, opts.timeoutMs ?? 60 * 60_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      rej(e);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const line = out
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("BENCH_RESULT "));
      if (code === 0 && line) {
        res(JSON.parse(line.slice("BENCH_RESULT ".length)) as T & { ms: number; peakRssBytes: number });
        return;
      }
      const lastErr = err.trim().split("\n").slice(-15).join("\n");
      rej(new ChildError(`${task} ended with ${code ?? signal}: ${lastErr || out.slice(-2000)}`));
    });
  });
}

/** MemAvailable from /proc/meminfo, in bytes (null when not Linux). */
export function availableMemory(): number | null {
  try {
    const m = /^MemAvailable:\s+(\d+)\s+kB/m.exec(readFileSync("/proc/meminfo", "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * On a shared machine: before a measurement that needs `bytes` of memory, waits (up to
 * `maxWaitMs`) until that much is available, so that it neither fails nor pushes another
 * engineer's job into the OOM killer. Returns a note when it had to wait or gave up.
 */
export async function waitForMemory(bytes: number, maxWaitMs: number, log: Log): Promise<string | null> {
  const t0 = Date.now();
  let avail = availableMemory();
  if (avail === null || avail >= bytes) return null;
  log(`  waiting for ${Math.round(bytes / 2 ** 30)} GB of free memory (${(avail / 2 ** 30).toFixed(1)} GB available) …`);
  while (Date.now() - t0 < maxWaitMs) {
    await new Promise((r) => setTimeout(r, 10_000));
    avail = availableMemory() ?? bytes;
    if (avail >= bytes) {
      return `waited ${Math.round((Date.now() - t0) / 60_000)} min for ${Math.round(bytes / 2 ** 30)} GB of free memory (other jobs)`;
    }
  }
  return `ran with only ${(avail! / 2 ** 30).toFixed(1)} GB of memory available (other jobs) after waiting ${Math.round(maxWaitMs / 60_000)} min`;
}

// ---------------------------------------------------------------------------
// Machine and load
// ---------------------------------------------------------------------------

export async function machineInfo(): Promise<Machine> {
  let cpu = cpus()[0]?.model ?? "unknown";
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
    if (m) cpu = m[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  const v = await conn.runAndReadAll("SELECT version()");
  const duckdb = String(v.getRows()[0][0]);
  conn.closeSync();
  instance.closeSync();
  const pkg = JSON.parse(readFileSync(join(ROOT, "node_modules", "@duckdb", "node-api", "package.json"), "utf8")) as { version: string };
  return {
    cpu,
    cores: cpus().length,
    memoryBytes: totalmem(),
    node: process.version,
    duckdb,
    duckdbNodeApi: pkg.version,
    os: `${type()} ${release()}`,
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const triple = (): [number, number, number] => loadavg().map(round2) as [number, number, number];

/** The busiest processes other than this one and its children, by current CPU (top, one second). */
export function busiestProcesses(limit = 4): string[] {
  try {
    const text = execFileSync("top", ["-b", "-n", "2", "-d", "1", "-w", "512"], { encoding: "utf8", timeout: 10_000 });
    const second = text.split(/^top - /m)[2] ?? "";
    const own = ownProcesses();
    const rows = second
      .split("\n")
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => /^\d+$/.test(f[0] ?? "") && f.length >= 12)
      .map((f) => ({ pid: Number(f[0]), cpu: Number(f[8]) }))
      .filter((r) => r.cpu >= 10 && !own.has(r.pid))
      .slice(0, limit);
    return rows.map((r) => {
      let args = "";
      try {
        args = execFileSync("ps", ["-o", "args=", "-p", String(r.pid)], { encoding: "utf8" }).trim();
      } catch {
        args = "?";
      }
      return `${describeCommand(args)} ${Math.round(r.cpu)} %`;
    });
  } catch {
    return [];
  }
}

/**
 * A process's command line, short: "/usr/bin/node --import tsx app/cli/http-server.ts" →
 * "cli/http-server.ts", "node /x/node_modules/.bin/tsc --noEmit" → "tsc --noEmit".
 */
export function describeCommand(args: string): string {
  const words = args.trim().split(/\s+/);
  const prog = (words[0] ?? "?").split("/").pop()!;
  let i = 1;
  if (prog === "node") {
    while (i < words.length) {
      const w = words[i];
      if (w === "--require" || w === "-r" || w === "--import" || w === "--loader") i += 2;
      else if (w.startsWith("-")) i++;
      else break;
    }
  }
  const rest = words.slice(i);
  let s: string;
  if (prog !== "node") s = [prog, ...rest].join(" ");
  else {
    const main = rest[0] ?? "node";
    const short = main.includes("/.bin/") ? main.split("/").pop()! : main.split("/").slice(-2).join("/");
    s = [short, ...rest.slice(1)].join(" ");
  }
  return s.length > 50 ? `${s.slice(0, 49)}…` : s;
}

/** This process and all its descendants. */
function ownProcesses(): Set<number> {
  const own = new Set([process.pid]);
  try {
    const pairs = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s+/).map(Number));
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, ppid] of pairs) {
        if (own.has(ppid) && !own.has(pid)) {
          own.add(pid);
          grew = true;
        }
      }
    }
  } catch {
    // ps missing: only this process is excluded
  }
  return own;
}

/** Samples the 1-minute load average every 5 s while a part runs. */
export class LoadMonitor {
  private start = triple();
  private samples: number[] = [loadavg()[0]];
  private timer = setInterval(() => this.samples.push(loadavg()[0]), 5_000);
  private busiest: string[];

  constructor() {
    this.busiest = busiestProcesses();
  }

  stop(): LoadInfo {
    clearInterval(this.timer);
    this.samples.push(loadavg()[0]);
    return {
      start: this.start,
      end: triple(),
      samples: this.samples.length,
      mean1: round2(this.samples.reduce((s, v) => s + v, 0) / this.samples.length),
      max1: round2(Math.max(...this.samples)),
      busiest: this.busiest,
    };
  }
}

// ---------------------------------------------------------------------------
// Cache keys
// ---------------------------------------------------------------------------

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.name === "node_modules" ? [] : listFiles(join(path, e.name))));
}

/** A short hash of the contents of files and folders (relative to the project root). */
export function sourceHash(paths: string[]): string {
  const h = createHash("sha256");
  for (const p of paths) {
    for (const f of listFiles(resolve(ROOT, p))) {
      h.update(relative(ROOT, f));
      h.update("\0");
      h.update(readFileSync(f));
      h.update("\0");
    }
  }
  return h.digest("hex").slice(0, 10);
}

export function gitRevision(): string {
  try {
    const rev = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: ROOT, encoding: "utf8" }).trim();
    return dirty ? `${rev} + uncommitted changes` : rev;
  } catch {
    return "unknown";
  }
}

export function nowStamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const off = -d.getTimezoneOffset();
  const tz = `${off >= 0 ? "+" : "-"}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())} (UTC${tz})`;
}
