/**
 * Starting and stopping the production server (app/cli/http-server.ts on build/index.js)
 * as a child process. Used by the launcher (`npm start`) and the browser tests.
 *
 * Why a child process: DuckDB lets one process write a file. Loading data in the
 * launcher and serving from a separate process makes the order explicit — the
 * launcher closes its handle, then starts the server, which opens the file on
 * its own (lazily, see app/db.server.ts).
 */
import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { PROJECT_ROOT } from "../../etl/db.ts";

export const SERVER_BUILD = resolve(PROJECT_ROOT, "build", "index.js");

export interface ServerOptions {
  port: number;
  /** The DuckDB file the server opens (passed as LEDSAGNING_DB). */
  dbPath: string;
  /** Extra environment for the server (e.g. a test pseudonym key). */
  env?: Record<string, string | undefined>;
  /** "inherit" for the launcher; "pipe" keeps the tests' output quiet (see `output`). */
  stdio?: "inherit" | "pipe";
}

export interface ServerHandle {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the server process ends. */
  exited: Promise<number | string>;
  /** What the server printed, when started with stdio "pipe" (for test diagnostics). */
  output: () => string;
  stop: () => Promise<void>;
}

export function serverBuildExists(): boolean {
  return existsSync(SERVER_BUILD);
}

/** Spawns the production server on the build. Call `waitUntilReady` before using it. */
export function startServer(opts: ServerOptions): ServerHandle {
  const serverScript = resolve(PROJECT_ROOT, "app", "cli", "http-server.ts");
  const stdio: StdioOptions = opts.stdio === "pipe" ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"];
  const child = spawn(process.execPath, ["--import", "tsx", serverScript], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...opts.env,
      NODE_ENV: process.env.NODE_ENV === "development" ? "development" : "production",
      PORT: String(opts.port),
      LEDSAGNING_DB: opts.dbPath,
    },
    stdio,
  });
  let out = "";
  const keep = (b: Buffer) => {
    // Bounded: a long test run must not grow this without limit.
    out = (out + b.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | string>((res) => {
    child.once("exit", (code, signal) => res(code ?? signal ?? "okänd"));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { url: `http://localhost:${opts.port}`, child, exited, output: () => out, stop };
}

/** Polls `/healthz` until it answers 200; fails early if the server process dies. */
export async function waitUntilReady(server: ServerHandle, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died: number | string | undefined;
  void server.exited.then((code) => {
    died = code;
  });
  let last = "";
  while (Date.now() < deadline) {
    if (died !== undefined) throw new Error(`Servern avslutades (${died}) innan den svarade.\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Servern svarade inte inom ${timeoutMs / 1000} s (${last}).\n${server.output()}`);
}

/** True when nothing listens on the port (checked on all interfaces, as the server binds). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once("error", () => res(false));
    s.listen(port, () => s.close(() => res(true)));
  });
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}
