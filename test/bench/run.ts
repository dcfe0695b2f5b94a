/**
 * `npm run bench [-- --only etl,engine,pages,export,pdf] [--quick] …`: measures the ETL, the
 * rules engine, the dashboard pages, a million-row CSV export and the PDF report, and
 * writes BENCHMARKS.md. See `npm run bench -- --help` and the method section of the output.
 *
 * Every heavy measurement runs in its own child process (child.ts), so each peak RSS is
 * that measurement's alone. Data sets and databases are cached (data.ts), so re-running
 * one part is quick. The figures are kept in test/bench/results.json: a run of some parts
 * replaces those parts and keeps the rest.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { SERVER_BUILD, serverBuildExists } from "../../app/cli/server.ts";
import { BenchCache, copyDb, NATIONAL, removeDb, SCALE1, type DatasetSpec, type EngineOutcome } from "./data.ts";
import {
  formatMs,
  parseBenchArgs,
  renderReport,
  TARGETS,
  USAGE,
  type BenchOptions,
  type BenchResults,
  type DatasetRow,
  type EngineRow,
  type EtlRow,
  type ExportRow,
  type PagesDataset,
  type Part,
  type PdfRow,
  type RapportBenchContext,
  type SectionMeta,
} from "./lib.ts";
import { measurePages, startSignedIn } from "./pages.ts";
import { gitRevision, LoadMonitor, machineInfo, nowStamp, ROOT, runChild, waitForMemory, type Log } from "./support.ts";

const log: Log = (line) => process.stderr.write(`${line}\n`);

interface Ctx {
  opts: BenchOptions;
  cache: BenchCache;
  results: BenchResults;
  /** The small and the large data set (both scale 1 in a quick run). */
  small: DatasetSpec;
  large: DatasetSpec;
}

function meta(ctx: Ctx, monitor: LoadMonitor, notes: string[]): SectionMeta {
  return { date: nowStamp(), quick: ctx.opts.quick, load: monitor.stop(), notes };
}

/** Records how a data set was made (generation and full load), for the data-set table. */
async function noteDataset(ctx: Ctx, spec: DatasetSpec, withLoad: boolean): Promise<void> {
  const gen = await ctx.cache.generated(spec);
  const loaded = withLoad ? await ctx.cache.loaded(spec) : null;
  const rows = ctx.results.datasets ?? [];
  const old = rows.find((d) => d.label === spec.label);
  const row: DatasetRow = {
    label: spec.label,
    rows: gen.rows,
    generate: gen.made,
    load: loaded?.made ?? old?.load ?? null,
  };
  ctx.results.datasets = [...rows.filter((d) => d.label !== spec.label), row].sort((a, b) => a.label.localeCompare(b.label));
}

// ---------------------------------------------------------------------------
// 1. ETL
// ---------------------------------------------------------------------------

async function partEtl(ctx: Ctx): Promise<void> {
  const monitor = new LoadMonitor();
  const spec = ctx.large;
  const sizes = ctx.opts.quick ? [100_000, 300_000] : [1_000_000, 10_000_000];
  const notes: string[] = [];
  await noteDataset(ctx, spec, false);
  const beslut = await ctx.cache.beslutDb(spec);
  const gen = await ctx.cache.generated(spec);
  const baseline = await runChild("noop", {});
  notes.push(
    `Files: the first N rows of \`utforda_timmar.csv\` of the generated ${spec.label} set (Excel dialect: \`;\`, decimal comma, ` +
      `Windows-1252, CRLF, as the generator writes it), so every row references a beslut of that set. Each ETL run starts from ` +
      `a copy of a database holding only that set's \`beslut.csv\` (${gen.rows.beslut.toLocaleString("en")} beslut, loaded beforehand, not timed) ` +
      "and loads the one file with `runLoad` (sniff, validate every row, reference check, delivery-unit replacement, commit, close) " +
      "without the rules engine (timed separately in part 2).",
    "Floor: `CREATE TABLE … AS SELECT * FROM read_csv(file, delim ';', decimal_separator ',', encoding 'latin-1')` with types " +
      "auto-detected, into a new database file, closed at the end, in its own child process.",
    "The what-if row runs the same `runLoad` on a DuckDB instance opened with those settings (passed as `instance`), " +
      "to show the owner what a memory limit would cost in time; it is not held against the targets.",
    "Floor and ETL are run alternately; each figure is the fastest of the repeats (3 for files up to 1 M rows, 2 above), " +
      "the least disturbed by other work on the machine; peak RSS is the largest of the repeats.",
  );
  const etlRows: EtlRow[] = [];
  const floors = new Map<number, EtlRow["floor"]>();
  const variants: { label: string; n: number; every?: number; config?: Record<string, string> }[] = sizes.map((n) => ({
    label: `${fmtRows(n)} rows`,
    n,
  }));
  const rejectsOn = sizes[0];
  variants.splice(1, 0, { label: `${fmtRows(rejectsOn)} rows, 1 in 10,000 invalid (allowRejects)`, n: rejectsOn, every: 10_000 });
  // What the ETL's peak memory would be if it opened DuckDB with a memory limit (not a target row).
  const whatIf = { memory_limit: "512MB", preserve_insertion_order: "false" };
  variants.push({
    label: `${fmtRows(sizes[1])} rows, what-if: DuckDB memory_limit 512MB, preserve_insertion_order false`,
    n: sizes[1],
    config: whatIf,
  });
  for (const v of variants) {
    const cut = await ctx.cache.cut(spec, v.n);
    let file = cut.path;
    if (v.every) file = ctx.cache.withRejects(cut.path, v.every).path;
    const repeats = ctx.opts.quick || v.config ? 1 : v.n > 1_000_000 ? 2 : v.every ? 2 : 3;
    const row: EtlRow = { label: v.label, whatIf: v.config ? true : undefined, rows: cut.rows, fileBytes: ctx.cache.fileSize(file), etl: null, floor: floors.get(v.n) ?? null, samples: { etl: [], floor: [] } };
    log(`ETL: ${v.label} (${repeats}×) …`);
    try {
      for (let r = 0; r < repeats; r++) {
        if (!floors.has(v.n)) {
          const dir = ctx.cache.scratch("etl");
          const f = await runChild<{ rows: number }>("read_csv", { path: file, dbPath: join(dir, "floor.duckdb") });
          if (f.rows !== cut.rows) throw new Error(`read_csv read ${f.rows} rows, expected ${cut.rows}`);
          row.samples!.floor.push(f.ms);
          row.floor = best(row.floor, f);
          log(`  read_csv ${formatMs(f.ms)}, peak ${Math.round(f.peakRssBytes / 2 ** 20)} MB`);
        }
        const dir = ctx.cache.scratch("etl");
        const db = join(dir, "etl.duckdb");
        copyDb(beslut.db, db);
        const e = await runChild<{ phases: Record<string, number>; path?: string; files: { loaded: number; rejected: number }[] }>(
          "load",
          { paths: [file], dbPath: db, sniffFirst: true, allowRejects: Boolean(v.every), config: v.config },
        );
        const loaded = e.files.reduce((n, f) => n + f.loaded, 0);
        const rejected = e.files.reduce((n, f) => n + f.rejected, 0);
        if (loaded + rejected !== cut.rows) throw new Error(`ETL loaded ${loaded} + rejected ${rejected} ≠ ${cut.rows} rows`);
        row.samples!.etl.push(e.ms);
        // The breakdown shown is the fastest repeat's, like the time.
        const faster = !row.etl || e.ms < row.etl.ms;
        const peak = Math.max(row.etl?.peakRssBytes ?? 0, e.peakRssBytes);
        row.etl = faster ? { ms: e.ms, peakRssBytes: peak, path: e.path, phases: e.phases } : { ...row.etl!, peakRssBytes: peak };
        log(`  ETL ${formatMs(e.ms)}, peak ${Math.round(e.peakRssBytes / 2 ** 20)} MB${e.path ? ` (${e.path})` : ""}`);
      }
      if (!floors.has(v.n)) floors.set(v.n, row.floor);
    } catch (err) {
      row.error = (err as Error).message.split("\n")[0].slice(0, 300);
      log(`  failed: ${(err as Error).message}`);
    } finally {
      ctx.cache.clearScratch();
    }
    etlRows.push(row);
  }
  ctx.results.etl = { ...meta(ctx, monitor, notes), rows: etlRows, baselineRssBytes: baseline.peakRssBytes };
}

/** Keeps the fastest wall time and the largest peak RSS of the repeats. */
function best<T extends { ms: number; peakRssBytes: number }>(prev: T | null, next: T): T {
  if (!prev) return next;
  const faster = next.ms < prev.ms ? next : prev;
  return { ...faster, peakRssBytes: Math.max(prev.peakRssBytes, next.peakRssBytes) };
}

function fmtRows(n: number): string {
  return n >= 1e6 ? `${n / 1e6} M` : `${n / 1e3} k`;
}

// ---------------------------------------------------------------------------
// 2. Engine
// ---------------------------------------------------------------------------

async function runEngine(spec: DatasetSpec, dbPath: string): Promise<EngineOutcome> {
  // The national engine run needs several GB; on a shared machine wait for them first.
  const note = await waitForMemory((spec === NATIONAL ? 8 : 2) * 2 ** 30, 30 * 60_000, log);
  if (note) log(`  ${note}`);
  const r = await runChild<{ arenden: number; utforda: number; phases: [string, number, number][] }>("engine", { dbPath, demo: true });
  return { ms: r.ms, peakRssBytes: r.peakRssBytes, date: nowStamp(), arenden: r.arenden, utforda: r.utforda, phases: r.phases, note: note ?? undefined };
}

async function partEngine(ctx: Ctx): Promise<void> {
  const monitor = new LoadMonitor();
  const specs = ctx.opts.quick ? [ctx.small] : [ctx.small, ctx.large];
  const rows: EngineRow[] = [];
  const notes: string[] = [];
  for (const spec of specs) {
    log(`Engine: ${spec.label} …`);
    await noteDataset(ctx, spec, true);
    try {
      const { outcome } = await ctx.cache.derived(spec, (db) => runEngine(spec, db), true);
      const o = outcome!;
      if (o.note) notes.push(`${spec.label}: ${o.note}.`);
      rows.push({ label: spec.label, arenden: o.arenden, utforda: o.utforda, ms: o.ms, peakRssBytes: o.peakRssBytes, phases: o.phases });
      log(`  ${formatMs(o.ms)}, peak ${Math.round(o.peakRssBytes / 2 ** 20)} MB, ${o.arenden} ärenden`);
    } catch (err) {
      rows.push({ label: spec.label, arenden: 0, utforda: 0, ms: NaN, peakRssBytes: NaN, phases: [], error: (err as Error).message.split("\n")[0].slice(0, 300) });
      log(`  failed: ${(err as Error).message}`);
    }
  }
  await noteDataset(ctx, ctx.small, true);
  ctx.results.engine = {
    ...meta(ctx, monitor, [
      "`deriveAll(conn)` on a copy of the data set loaded by the ETL, inside a transaction as the ETL runs it, then COMMIT " +
        "and close (the output is on disk when the clock stops); opening the database is included. One run per data set.",
      "The phases are `deriveAll`'s own `onPhase` report (its names); \"peak RSS so far\" is the child's " +
        "process.resourceUsage().maxRSS when the phase ended, so the phase where it jumps is the one that needed the memory.",
      ...notes,
    ]),
    rows,
  };
}

// ---------------------------------------------------------------------------
// 3. Pages and export
// ---------------------------------------------------------------------------

function ensureBuild(force: boolean): string {
  if (force || !serverBuildExists()) {
    log(force ? "Building the production server (npm run build) …" : "build/ is missing: npm run build …");
    const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) throw new Error("npm run build failed");
  }
  return `build/index.js of ${nowStamp(statSync(SERVER_BUILD).mtime)}, source at git ${gitRevision()}`;
}

async function derivedDb(ctx: Ctx, spec: DatasetSpec): Promise<string> {
  await noteDataset(ctx, spec, true);
  const d = await ctx.cache.derived(spec, async (db) => {
    log(`  the rules engine has not run on this ${spec.label} database yet: running it (not recorded here) …`);
    return runEngine(spec, db);
  });
  return d.db;
}

async function partPages(ctx: Ctx): Promise<void> {
  const monitor = new LoadMonitor();
  const build = ensureBuild(ctx.opts.build);
  const requests = ctx.opts.requests ?? (ctx.opts.quick ? 5 : 30);
  const warmups = ctx.opts.warmups ?? (ctx.opts.quick ? 1 : 3);
  const specs = ctx.opts.quick ? [ctx.small] : [ctx.small, ctx.large];
  const datasets: PagesDataset[] = [];
  for (const spec of specs) {
    const target = spec === NATIONAL ? TARGETS.pageP95NationalMs : TARGETS.pageP95Scale1Ms;
    const d: PagesDataset = { label: spec.label, target, requests, warmups, serverPeakRssBytes: null, pages: [] };
    log(`Pages: ${spec.label} …`);
    try {
      const src = await derivedDb(ctx, spec);
      const db = join(ctx.cache.scratch("pages"), "pages.duckdb");
      copyDb(src, db);
      const s = await startSignedIn(db, log);
      try {
        d.pages = await measurePages(s, { requests, warmups, log });
        d.serverPeakRssBytes = s.peakRssBytes();
      } finally {
        await s.stop();
        removeDb(db);
      }
    } catch (err) {
      d.error = (err as Error).message.split("\n")[0].slice(0, 300);
      log(`  failed: ${(err as Error).message}`);
    }
    datasets.push(d);
  }
  ctx.cache.clearScratch();
  ctx.results.pages = {
    ...meta(ctx, monitor, [
      "The first request to each page is the first warm-up. The case list `/arenden` is not open to förvaltning, so it is " +
        "timed as demo-enhetschef (who sees two Stockholm stadsdelar, Farsta and Södermalm).",
      ...(datasets.some((d) => d.pages.some((p) => p.status === 404))
        ? ["Pages that answer 404 do not exist yet in this build and are listed, not timed."]
        : []),
    ]),
    datasets,
    build,
  };
}

async function partExport(ctx: Ctx): Promise<void> {
  const monitor = new LoadMonitor();
  const spec = ctx.large;
  const sizes = ctx.opts.quick ? [10_000, 100_000] : [100_000, 1_000_000];
  const rows: ExportRow[] = [];
  const src = await derivedDb(ctx, spec);
  for (const n of sizes) {
    log(`Export: ${n} rows …`);
    const dir = ctx.cache.scratch("export");
    try {
      const r = await runChild<{ bytes: number; rows: number; firstByteMs: number; breakdown: Record<string, number>; rssAt: [number, number, number][] }>("export", {
        dbPath: src,
        rows: n,
        outFile: join(dir, "export.csv"),
        breakdown: n === sizes[sizes.length - 1],
      });
      rows.push({
        label: `${fmtRows(n)} rows`,
        rows: r.rows,
        bytes: r.bytes,
        ms: r.ms,
        firstByteMs: r.firstByteMs,
        peakRssBytes: r.peakRssBytes,
        breakdown: r.breakdown,
        rssAt: r.rssAt,
      });
      log(`  ${formatMs(r.ms)}, peak ${Math.round(r.peakRssBytes / 2 ** 20)} MB`);
    } catch (err) {
      rows.push({ label: `${fmtRows(n)} rows`, rows: n, bytes: NaN, ms: NaN, firstByteMs: NaN, peakRssBytes: NaN, error: (err as Error).message.split("\n")[0].slice(0, 300) });
      log(`  failed: ${(err as Error).message}`);
    }
  }
  ctx.cache.clearScratch();
  ctx.results.export = {
    ...meta(ctx, monitor, []),
    how:
      `No page of the app exports a million rows (the case list \`/arenden.csv\` has one row per ärende, ` +
      `tens of thousands nationally), so this is a bench-only measurement of the app's streaming export path: in a child ` +
      `process, the first N rows of \`utforda_timmar\` of the ${spec.label} database, read through Kysely and ` +
      `kysely-duckdb's streaming executor in chunks of 2,000 rows (as \`queries/arenden.ts\` \`streamArenden\` does), dates ` +
      `mapped to ISO strings, written by \`queries/csv.ts\` \`csvStream\` (Excel dialect) and piped to a file. ` +
      `"Memory flat" means that during the ${fmtRows(sizes[1])}-row export the RSS after the last row is within 64 MB of ` +
      `the RSS after the first tenth (sampled in the child as it writes). Peak RSS of separate runs differs by tens of MB ` +
      `from run to run (V8 heap sizing, the machine's memory pressure), so the ${fmtRows(sizes[0])}-row peak is shown for reference only.`,
    rows,
  };
}

// ---------------------------------------------------------------------------
// 4. PDF (test/bench/rapport.ts, written by the report's owner)
// ---------------------------------------------------------------------------

/** What `benchRapport(ctx)` gets (defined in lib.ts; re-exported here for test/bench/rapport.ts). */
export type { RapportBenchContext } from "./lib.ts";

async function partPdf(ctx: Ctx): Promise<void> {
  const monitor = new LoadMonitor();
  const file = join(ROOT, "test", "bench", "rapport.ts");
  const rows: PdfRow[] = [];
  let skipped: string | undefined;
  if (!existsSync(file)) {
    skipped = "test/bench/rapport.ts (`benchRapport()`) does not exist yet.";
  } else {
    const mod = (await import(pathToFileURL(file).href)) as { benchRapport?: (c: RapportBenchContext) => Promise<unknown> };
    if (typeof mod.benchRapport !== "function") {
      skipped = "test/bench/rapport.ts exports no `benchRapport` function.";
    } else {
      log("PDF: benchRapport() …");
      const src = await derivedDb(ctx, ctx.small);
      const dir = ctx.cache.scratch("pdf");
      const dbPath = join(dir, "rapport.duckdb");
      const serverDb = join(dir, "server.duckdb");
      copyDb(src, dbPath);
      copyDb(src, serverDb);
      const s = await startSignedIn(serverDb, log);
      try {
        const out = await mod.benchRapport({ quick: ctx.opts.quick, log, dbPath, baseUrl: s.url, cookie: s.cookie });
        for (const r of Array.isArray(out) ? out : [out]) {
          if (typeof r === "number") rows.push({ label: "PDF for one year, scale 1", ms: r });
          else if (r && typeof r === "object" && typeof (r as PdfRow).ms === "number") {
            const p = r as PdfRow;
            rows.push({ label: p.label ?? "PDF for one year, scale 1", ms: p.ms, peakRssBytes: p.peakRssBytes, bytes: p.bytes, note: p.note });
          } else throw new Error(`benchRapport() returned ${JSON.stringify(r)}: expected ms or { label, ms }`);
        }
      } catch (err) {
        skipped = `benchRapport() failed: ${(err as Error).message.split("\n")[0].slice(0, 300)}`;
        log(`  ${skipped}`);
      } finally {
        await s.stop();
        ctx.cache.clearScratch();
      }
    }
  }
  if (skipped) log(`PDF: skipped (${skipped})`);
  ctx.results.pdf = { ...meta(ctx, monitor, []), rows, skipped };
}

// ---------------------------------------------------------------------------

const PART_RUNNERS: Record<Part, (ctx: Ctx) => Promise<void>> = {
  etl: partEtl,
  engine: partEngine,
  pages: partPages,
  export: partExport,
  pdf: partPdf,
};

async function main(): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = resolve(opts.cacheDir ?? process.env.LEDSAGNING_BENCH_DIR ?? join(tmpdir(), "ledsagning-bench"));
  if (opts.fresh) rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const cache = new BenchCache(root, log);
  const out = resolve(opts.out ?? (opts.quick ? join(root, "BENCHMARKS.quick.md") : join(ROOT, "BENCHMARKS.md")));
  const resultsFile = opts.quick ? join(root, "results.quick.json") : join(ROOT, "test", "bench", "results.json");
  let results: BenchResults = { version: 1, machine: null };
  try {
    results = JSON.parse(readFileSync(resultsFile, "utf8")) as BenchResults;
  } catch {
    // first run
  }
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  if (opts.render) {
    writeFileSync(out, renderReport(results, { command: results.command ?? "npm run bench", generatedAt: results.generatedAt ?? nowStamp() }));
    log(`Wrote ${out} from ${resultsFile}`);
    return 0;
  }
  results.machine = await machineInfo();
  results.command = command;
  const ctx: Ctx = { opts, cache, results, small: SCALE1, large: opts.quick ? SCALE1 : NATIONAL };
  log(`Benchmark: ${opts.parts.join(", ")}${opts.quick ? " (quick)" : ""}; cache ${root}; writing ${out}`);
  const t0 = performance.now();
  let failed = false;
  for (const part of opts.parts) {
    const tp = performance.now();
    try {
      await PART_RUNNERS[part](ctx);
    } catch (err) {
      failed = true;
      log(`${part}: ${(err as Error).stack ?? (err as Error).message}`);
    }
    log(`${part}: ${formatMs(performance.now() - tp)}`);
    results.generatedAt = nowStamp();
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(out, renderReport(results, { command, generatedAt: results.generatedAt }));
  }
  log(`Done in ${formatMs(performance.now() - t0)}; wrote ${out}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
