/**
 * `benchRapport()`, called by test/bench/run.ts (`npm run bench -- --only pdf`): the
 * time to produce Rapport till nämnden as a PDF for one year (2025, Stockholm) on the
 * scale-1 five-year data set. Target: under 5 s.
 *
 * Three ways a PDF is made, each timed end to end:
 * 1. `npm run rapport` (a fresh process: start, queries, Chromium, PDF) — the CLI;
 * 2. "Ladda ner PDF" on a running server, first request for the report (queries and,
 *    for the first PDF of the process, Chromium's start);
 * 3. the same link again (the report's figures cached while the data are unchanged,
 *    Chromium running): what a reader who has the page open waits for.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RapportBenchContext } from "./run.ts";
import { ROOT } from "./support.ts";

const PERIOD = "2025";
const KOMMUN = "Stockholm";
const QUERY = `kommun=${KOMMUN}&period=${PERIOD}`;

interface Row {
  label: string;
  ms: number;
  peakRssBytes?: number;
  bytes?: number;
  note?: string;
}

/** Runs the CLI in a fresh process under /usr/bin/time (for its peak RSS). */
function runCli(dbPath: string, out: string): Promise<{ ms: number; peakRssBytes?: number }> {
  return new Promise((resolve, reject) => {
    const args = ["--import", "tsx", join(ROOT, "app", "cli", "rapport.ts"), "--kommun", KOMMUN, "--period", PERIOD, "--out", out];
    const timed = statSync("/usr/bin/time", { throwIfNoEntry: false }) ? ["/usr/bin/time", ["-f", "BENCH_RSS_KB %M", process.execPath, ...args]] : [process.execPath, args];
    const t = performance.now();
    const child = spawn(timed[0] as string, timed[1] as string[], { cwd: ROOT, env: { ...process.env, LEDSAGNING_DB: dbPath }, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const ms = performance.now() - t;
      if (code !== 0) return reject(new Error(`npm run rapport avslutades med ${code}: ${err.slice(-500)}`));
      const kb = /BENCH_RSS_KB (\d+)/.exec(err);
      resolve({ ms, ...(kb ? { peakRssBytes: Number(kb[1]) * 1024 } : {}) });
    });
  });
}

async function fetchPdf(baseUrl: string, cookie: string): Promise<{ ms: number; bytes: number }> {
  const t = performance.now();
  const res = await fetch(`${baseUrl}/rapport.pdf?${QUERY}`, { headers: { Cookie: cookie } });
  const body = new Uint8Array(await res.arrayBuffer());
  const ms = performance.now() - t;
  if (res.status !== 200 || res.headers.get("content-type") !== "application/pdf") {
    throw new Error(`/rapport.pdf svarade ${res.status} ${res.headers.get("content-type")}: ${new TextDecoder().decode(body.slice(0, 300))}`);
  }
  if (new TextDecoder().decode(body.slice(0, 5)) !== "%PDF-") throw new Error("/rapport.pdf gav ingen PDF");
  return { ms, bytes: body.byteLength };
}

export async function benchRapport(ctx: RapportBenchContext): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), "ledsagning-bench-rapport-"));
  try {
    const rows: Row[] = [];
    const out = join(dir, "rapport.pdf");
    ctx.log(`  npm run rapport -- --kommun ${KOMMUN} --period ${PERIOD} …`);
    const cli = await runCli(ctx.dbPath, out);
    rows.push({
      label: `PDF for one year, scale 1: npm run rapport (fresh process)`,
      ms: cli.ms,
      peakRssBytes: cli.peakRssBytes,
      bytes: readFileSync(out).byteLength,
      note: "process start, queries, Chromium start, A4 PDF",
    });

    ctx.log("  /rapport.pdf, first request …");
    const first = await fetchPdf(ctx.baseUrl, ctx.cookie);
    rows.push({ label: "PDF for one year, scale 1: Ladda ner PDF, first request", ms: first.ms, bytes: first.bytes, note: "queries and Chromium start on the server" });

    const repeats = ctx.quick ? 2 : 5;
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) times.push((await fetchPdf(ctx.baseUrl, ctx.cookie)).ms);
    times.sort((a, b) => a - b);
    rows.push({
      label: "PDF for one year, scale 1: Ladda ner PDF, report already viewed",
      ms: times[Math.floor(times.length / 2)],
      bytes: first.bytes,
      note: `median of ${repeats}: figures cached while the data are unchanged, Chromium running`,
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
