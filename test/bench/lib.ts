/**
 * The benchmark's pure helpers: statistics, formatting, command-line options and the
 * BENCHMARKS.md renderer. No I/O here, so test/unit/bench/lib.test.ts can check it all.
 */

// ---------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------

/**
 * The p-th percentile (0–100) by the nearest-rank method: the smallest sample such that
 * at least p % of the samples are ≤ it. For 30 samples, p95 is the 29th smallest.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("percentile of no samples");
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile p must be 0–100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError("summary of no samples");
  return {
    n: values.length,
    min: Math.min(...values),
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: Math.max(...values),
    mean: values.reduce((s, v) => s + v, 0) / values.length,
  };
}

// ---------------------------------------------------------------------------
// Formatting (English number style: the file is read by engineers)
// ---------------------------------------------------------------------------

/** 1234567 → "1,234,567". */
export function formatInt(n: number): string {
  const sign = n < 0 ? "-" : "";
  const s = String(Math.round(Math.abs(n)));
  return sign + s.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Durations: "0.8 ms", "12 ms", "1.23 s", "12.3 s", "2 min 05 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "–";
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(2)} s`;
  if (s < 60) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s`;
}

/** Bytes as binary megabytes ("512 MB", "1,536 MB"); memory figures are compared with "1 GB" = 1024 MB. */
export function formatMb(bytes: number): string {
  if (!Number.isFinite(bytes)) return "–";
  const mb = bytes / 2 ** 20;
  return mb < 10 ? `${mb.toFixed(1)} MB` : `${formatInt(mb)} MB`;
}

/** A ratio as "1.43×". */
export function formatRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : "–";
}

/** Rows per second as "1.2 M rows/s" or "850 k rows/s". */
export function formatRate(rows: number, ms: number): string {
  if (!(ms > 0)) return "–";
  const perS = (rows / ms) * 1000;
  if (perS >= 1e6) return `${(perS / 1e6).toFixed(2)} M rows/s`;
  if (perS >= 1e3) return `${Math.round(perS / 1e3)} k rows/s`;
  return `${Math.round(perS)} rows/s`;
}

/** 1000000 → "1 M", 250000 → "250 k", 398581 → "399 k". For labels. */
export function formatRows(n: number): string {
  if (n >= 1e6) return `${Number((n / 1e6).toFixed(n % 1e6 === 0 ? 0 : 1))} M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} k`;
  return String(n);
}

export type Align = "left" | "right";

/** A GitHub-flavoured Markdown table; `|` in cells is escaped, numbers right-aligned on request. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const line = (cells: readonly string[]) => `| ${cells.map(esc).join(" | ")} |`;
  const rule = headers.map((_, i) => (align?.[i] === "right" ? "---:" : "---"));
  for (const r of rows) {
    if (r.length !== headers.length) throw new Error(`table row has ${r.length} cells, header ${headers.length}`);
  }
  return [line(headers), `| ${rule.join(" | ")} |`, ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------

export type Verdict = "met" | "not met" | "not measured";

export function verdict(value: number | undefined | null, limit: number): Verdict {
  if (value === undefined || value === null || !Number.isFinite(value)) return "not measured";
  return value < limit ? "met" : "not met";
}

/**
 * Export memory is "flat" when exporting 10× the rows raises peak RSS by less than
 * `toleranceMb` (default 64 MB): a buffered export would grow with the row count.
 */
export function memoryFlat(smallRss: number, largeRss: number, toleranceMb = 64): boolean {
  return largeRss - smallRss < toleranceMb * 2 ** 20;
}

/**
 * Whether an export's memory stayed flat: within the run, the RSS after the last row is
 * less than `toleranceMb` above the RSS after the first tenth (samples in `rssAt`). A
 * buffering export grows with every row; a streaming one levels off after the first chunks.
 */
export function exportFlat(rssAt: readonly (readonly [number, number, number])[], toleranceMb = 64): { flat: boolean; from: number; to: number } | null {
  if (rssAt.length < 2) return null;
  const from = rssAt[0][1];
  const to = rssAt[rssAt.length - 1][1];
  return { flat: to - from < toleranceMb * 2 ** 20, from, to };
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

export const PARTS = ["etl", "engine", "pages", "export", "pdf"] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  parts: Part[];
  quick: boolean;
  /** Where generated files and databases are cached. */
  cacheDir: string | null;
  /** The Markdown file to write; null = BENCHMARKS.md (full run) or the cache's quick file. */
  out: string | null;
  /** Requests per page after the warm-ups. */
  requests: number | null;
  warmups: number | null;
  /** Rebuild the production server even if build/ exists. */
  build: boolean;
  /** Throw away the cached data sets and databases first. */
  fresh: boolean;
  /** Only rewrite the Markdown from the stored results. */
  render: boolean;
  help: boolean;
}

export const USAGE = `npm run bench -- [--only etl,engine,pages,export,pdf] [--quick] [--requests N] [--warmups N]
                 [--cache DIR] [--out FILE] [--build] [--fresh] [--render]

  --only      parts to run (default all); the other parts' figures in BENCHMARKS.md are kept
  --quick     smoke run on the scale-1 data set only, small files and few requests (~2 min);
              writes <cache>/BENCHMARKS.quick.md unless --out is given
  --requests  timed requests per page (default 30; quick 5)
  --warmups   untimed requests per page first (default 3; quick 1)
  --cache     cache of generated files and databases (default $TMPDIR/ledsagning-bench,
              or LEDSAGNING_BENCH_DIR)
  --out       the Markdown file to write
  --build     run \`npm run build\` even if build/ exists
  --fresh     delete the cache first
  --render    measure nothing: rewrite the Markdown from the stored results (test/bench/results.json)`;

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = {
    parts: [...PARTS],
    quick: false,
    cacheDir: null,
    out: null,
    requests: null,
    warmups: null,
    build: false,
    fresh: false,
    render: false,
    help: false,
  };
  const args = [...argv];
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
    return v;
  };
  const count = (flag: string, min: number): number => {
    const v = value(flag);
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer ≥ ${min}, got "${v}"`);
    return n;
  };
  while (args.length > 0) {
    let a = args.shift()!;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq !== -1) {
      args.unshift(a.slice(eq + 1));
      a = a.slice(0, eq);
    }
    switch (a) {
      case "--only": {
        const names = value(a)
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        const bad = names.filter((n) => !(PARTS as readonly string[]).includes(n));
        if (bad.length > 0 || names.length === 0) {
          throw new Error(`--only: unknown part(s) ${bad.join(", ") || "(none)"}; choose from ${PARTS.join(", ")}`);
        }
        o.parts = PARTS.filter((p) => names.includes(p));
        break;
      }
      case "--quick":
        o.quick = true;
        break;
      case "--cache":
        o.cacheDir = value(a);
        break;
      case "--out":
        o.out = value(a);
        break;
      case "--requests":
        o.requests = count(a, 1);
        break;
      case "--warmups":
        o.warmups = count(a, 0);
        break;
      case "--build":
        o.build = true;
        break;
      case "--fresh":
        o.fresh = true;
        break;
      case "--render":
        o.render = true;
        break;
      case "-h":
      case "--help":
        o.help = true;
        break;
      default:
        throw new Error(`unknown argument "${a}"`);
    }
  }
  return o;
}

// ---------------------------------------------------------------------------
// Results (what results.json holds) and the report
// ---------------------------------------------------------------------------

export interface Machine {
  cpu: string;
  cores: number;
  memoryBytes: number;
  node: string;
  duckdb: string;
  duckdbNodeApi: string;
  os: string;
}

export interface LoadInfo {
  /** 1-, 5-, 15-minute load averages when the part started and ended. */
  start: [number, number, number];
  end: [number, number, number];
  /** 1-minute load average sampled every few seconds during the part. */
  samples: number;
  mean1: number;
  max1: number;
  /** The busiest other processes when the part started ("vitest 97 %"). */
  busiest: string[];
}

export interface SectionMeta {
  date: string;
  quick: boolean;
  load: LoadInfo | null;
  notes: string[];
}

/** One measured child process. */
export interface ProcMeasure {
  ms: number;
  /** Peak resident set size of the child (process.resourceUsage().maxRSS). */
  peakRssBytes: number;
}

export interface EtlRow {
  label: string;
  rows: number;
  fileBytes: number;
  etl: (ProcMeasure & { path?: string; phases?: Record<string, number> }) | null;
  floor: ProcMeasure | null;
  /** A what-if run (e.g. DuckDB settings the ETL does not use): shown, not held against the targets. */
  whatIf?: boolean;
  /** Wall times of every repeat (the table shows the fastest). */
  samples?: { etl: number[]; floor: number[] };
  error?: string;
}

export interface EtlSection extends SectionMeta {
  rows: EtlRow[];
  baselineRssBytes: number | null;
}

/** How a cached data set was made: generation and the ETL of all five files (no engine). */
export interface DatasetRow {
  label: string;
  rows: Record<string, number>;
  generate: (ProcMeasure & { date: string }) | null;
  load: (ProcMeasure & { date: string }) | null;
}

export interface EngineRow {
  label: string;
  arenden: number;
  utforda: number;
  ms: number;
  peakRssBytes: number;
  /** [phase, ms, peak RSS of the process when the phase ended (if recorded)]. */
  phases: [string, number, number?][];
  error?: string;
}

export interface EngineSection extends SectionMeta {
  rows: EngineRow[];
}

export interface PageRow {
  route: string;
  /** Signed in as this account instead of demo-forvaltning (case pages). */
  as?: string;
  status: number;
  bytes: number;
  summary: Summary | null;
  note?: string;
}

export interface PagesDataset {
  label: string;
  target: number;
  requests: number;
  warmups: number;
  serverPeakRssBytes: number | null;
  pages: PageRow[];
  error?: string;
}

export interface PagesSection extends SectionMeta {
  datasets: PagesDataset[];
  build: string;
}

export interface ExportRow {
  label: string;
  rows: number;
  bytes: number;
  ms: number;
  firstByteMs: number;
  peakRssBytes: number;
  /** [rows written, RSS, JS memory (heap + external + array buffers)] at every tenth of the rows. */
  rssAt?: [number, number, number][];
  /** The same rows read without parts of the path (measured after the export, not in its figures). */
  breakdown?: Record<string, number>;
  error?: string;
}

export interface ExportSection extends SectionMeta {
  how: string;
  rows: ExportRow[];
}

export interface PdfRow {
  label: string;
  ms: number;
  peakRssBytes?: number;
  bytes?: number;
  note?: string;
}

export interface PdfSection extends SectionMeta {
  rows: PdfRow[];
  skipped?: string;
}

export interface BenchResults {
  version: 1;
  /** The last command that measured, and when it wrote (for --render). */
  command?: string;
  generatedAt?: string;
  machine: Machine | null;
  datasets?: DatasetRow[];
  etl?: EtlSection;
  engine?: EngineSection;
  pages?: PagesSection;
  export?: ExportSection;
  pdf?: PdfSection;
}

/**
 * What run.ts passes to test/bench/rapport.ts `benchRapport(ctx)`, which returns the time in
 * ms, or a row (or rows) `{ label, ms, peakRssBytes?, bytes?, note? }`.
 */
export interface RapportBenchContext {
  quick: boolean;
  log: (line: string) => void;
  /** A copy of the derived scale-1 (five-year) database, not opened by anyone: free to open. */
  dbPath: string;
  /** A production server on another copy of the same data, signed in as demo-forvaltning. */
  baseUrl: string;
  cookie: string;
}

export const TARGETS = {
  etlRatio: 2,
  etlPeakBytes10M: 2 ** 30,
  engineNationalMs: 60_000,
  pageP95Scale1Ms: 150,
  pageP95NationalMs: 1000,
  pdfMs: 5000,
} as const;

function fmtLoad(l: LoadInfo | null): string {
  if (!l) return "not recorded";
  const f = (v: number) => v.toFixed(2);
  return (
    `load average (1/5/15 min) ${l.start.map(f).join(" / ")} at the start, ${l.end.map(f).join(" / ")} at the end; ` +
    `1-min mean ${f(l.mean1)}, max ${f(l.max1)} over ${l.samples} samples` +
    (l.busiest.length > 0 ? `; busiest other processes at the start: ${l.busiest.join(", ")}` : "")
  );
}

function metaLines(m: SectionMeta): string[] {
  const out = [`*Measured ${m.date}${m.quick ? " (quick smoke run: small sizes, not the real figures)" : ""}; ${fmtLoad(m.load)}.*`];
  for (const n of m.notes) out.push("", `- ${n}`);
  return out;
}

const mark = (v: Verdict) => (v === "met" ? "**met**" : v === "not met" ? "**not met**" : "not measured");

/** The summary rows: target, measured, verdict. */
export function targetRows(r: BenchResults): string[][] {
  const rows: string[][] = [];
  const plain = (r.etl?.rows ?? []).filter((x) => !x.whatIf);
  const tenM = plain.find((x) => x.rows === 10_000_000) ?? plain.at(-1);
  for (const row of plain) {
    if (!row.etl || !row.floor) continue;
    const ratio = row.etl.ms / row.floor.ms;
    rows.push([
      `ETL of ${row.label} within ${TARGETS.etlRatio}× of DuckDB read_csv`,
      `${formatRatio(ratio)} (${formatMs(row.etl.ms)} vs ${formatMs(row.floor.ms)})`,
      mark(ratio <= TARGETS.etlRatio ? "met" : "not met"),
    ]);
  }
  if (tenM?.etl) {
    rows.push([
      `ETL peak memory for ${tenM.label} < 1 GB`,
      formatMb(tenM.etl.peakRssBytes),
      mark(verdict(tenM.etl.peakRssBytes, TARGETS.etlPeakBytes10M)),
    ]);
  }
  const national = r.engine?.rows.find((x) => /national|scale 20/i.test(x.label));
  if (r.engine) {
    rows.push([
      "Engine on the national data set < 1 min",
      national && !national.error ? formatMs(national.ms) : "–",
      mark(verdict(national && !national.error ? national.ms : undefined, TARGETS.engineNationalMs)),
    ]);
  }
  for (const d of r.pages?.datasets ?? []) {
    const measured = d.pages.filter((p) => p.summary);
    const worst = measured.reduce<PageRow | null>((w, p) => (w && w.summary!.p95 >= p.summary!.p95 ? w : p), null);
    rows.push([
      `Page p95 < ${formatMs(d.target)} (${d.label}), slowest page`,
      worst ? `${formatMs(worst.summary!.p95)} (${worst.route})` : "–",
      mark(verdict(worst?.summary?.p95, d.target)),
    ]);
  }
  if (r.export && r.export.rows.length >= 2) {
    const [small, large] = [r.export.rows[0], r.export.rows[r.export.rows.length - 1]];
    const within = large.rssAt ? exportFlat(large.rssAt) : null;
    const flat = within ? within.flat : memoryFlat(small.peakRssBytes, large.peakRssBytes);
    rows.push([
      `CSV export of ${formatRows(large.rows)} rows: memory flat`,
      (within ? `RSS ${formatMb(within.from)} after 10 % of the rows, ${formatMb(within.to)} after all; ` : "") +
        `peak ${formatMb(large.peakRssBytes)} (${formatMb(small.peakRssBytes)} for ${formatRows(small.rows)} rows); ${formatMs(large.ms)}`,
      mark(Number.isFinite(large.peakRssBytes) ? (flat ? "met" : "not met") : "not measured"),
    ]);
  }
  for (const p of r.pdf?.rows ?? []) {
    rows.push([`PDF report: ${p.label} < 5 s`, formatMs(p.ms), mark(verdict(p.ms, TARGETS.pdfMs))]);
  }
  return rows;
}

export function renderReport(r: BenchResults, opts: { command: string; generatedAt: string }): string {
  const out: string[] = [];
  out.push(
    "# Benchmarks",
    "",
    `Written by \`${opts.command}\` (test/bench/run.ts) on ${opts.generatedAt}. Each part records when it was`,
    "measured and how loaded the machine was; `npm run bench -- --only <part>` re-measures one part and keeps",
    "the others. Times are wall-clock; peak memory is the peak resident set size (RSS) of the process that",
    "did the work, each measurement in a fresh child process.",
    "",
    "The machine may be shared with other engineers' test runs, builds and benchmarks, so every part states the",
    "load average while it ran and the busiest other processes (2 cores: a load of 2 means both CPUs were busy;",
    "above that, work was queueing). Figures taken under a high load overstate the times, by up to the load",
    "divided by the number of cores for CPU-bound work.",
    "",
    "Run it: `npm run bench` (all parts: about 7 minutes on an idle machine once the data sets are cached in",
    "`$TMPDIR/ledsagning-bench`; the first run adds about 5 minutes to generate and load the national set),",
    "`npm run bench -- --only pages` for one part, `npm run bench -- --render` to rewrite this file from",
    "`test/bench/results.json`, `npm run bench -- --quick` for a two-minute smoke run on small data that writes",
    "its own file. The bench needs about 8 GB of free memory for the national rules-engine run (it waits up to 30 minutes for it).",
    "",
  );
  if (r.machine) {
    const m = r.machine;
    out.push(
      "## Machine",
      "",
      markdownTable(
        ["", ""],
        [
          ["CPU", m.cpu],
          ["Cores", String(m.cores)],
          ["Memory", `${(m.memoryBytes / 2 ** 30).toFixed(1)} GB`],
          ["OS", m.os],
          ["Node", m.node],
          ["DuckDB", `${m.duckdb} (@duckdb/node-api ${m.duckdbNodeApi})`],
        ],
      ),
      "",
    );
  }
  const targets = targetRows(r);
  if (targets.length > 0) {
    out.push("## Targets", "", markdownTable(["Target", "Measured", ""], targets), "");
  }

  if (r.datasets && r.datasets.length > 0) {
    const tables = ["beslut", "utforda_timmar", "avbokningar", "omkostnader", "utforare"];
    out.push(
      "## Data sets",
      "",
      "Generated by `etl/generate` (seed 1, default end date, Excel dialect) and cached between runs. \"Load\" is the " +
        "ETL of all five files at once (`runLoad` on the folder: every row validated, personnummer pseudonymised, " +
        "without the rules engine), measured when the benchmark's cached database was built.",
      "",
      markdownTable(
        ["Data set", ...tables, "Generate", "Generate peak RSS", "Load", "Load peak RSS"],
        r.datasets.map((d) => [
          d.label,
          ...tables.map((t) => (d.rows[t] === undefined ? "–" : formatInt(d.rows[t]))),
          d.generate ? formatMs(d.generate.ms) : "–",
          d.generate ? formatMb(d.generate.peakRssBytes) : "–",
          d.load ? formatMs(d.load.ms) : "–",
          d.load ? formatMb(d.load.peakRssBytes) : "–",
        ]),
        ["left", "right", "right", "right", "right", "right", "right", "right", "right", "right"],
      ),
      "",
    );
  }

  if (r.etl) {
    const s = r.etl;
    out.push("## 1. ETL: `utforda_timmar.csv` (issue 2 §5)", "", ...metaLines(s), "");
    out.push(
      markdownTable(
        ["File", "Size", "ETL wall", "ETL peak RSS", "read_csv wall", "read_csv peak RSS", "Ratio", "ETL rate"],
        s.rows.map((x) => [
          `${x.label}${x.error ? ` (${x.error})` : ""}`,
          formatMb(x.fileBytes),
          x.etl ? formatMs(x.etl.ms) : "–",
          x.etl ? formatMb(x.etl.peakRssBytes) : "–",
          x.floor ? formatMs(x.floor.ms) : "–",
          x.floor ? formatMb(x.floor.peakRssBytes) : "–",
          x.etl && x.floor ? formatRatio(x.etl.ms / x.floor.ms) : "–",
          x.etl ? formatRate(x.rows, x.etl.ms) : "–",
        ]),
        ["left", "right", "right", "right", "right", "right", "right", "right"],
      ),
      "",
    );
    const withPhases = s.rows.filter((x) => x.etl?.phases && Object.keys(x.etl.phases).length > 0);
    if (withPhases.length > 0) {
      out.push("Where the ETL's time goes (measured inside the same child):", "");
      for (const x of withPhases) {
        const ph = Object.entries(x.etl!.phases!)
          .map(([k, v]) => `${k} ${formatMs(v)}`)
          .join(", ");
        out.push(`- ${x.label}: ${ph}${x.etl!.path ? ` (path: ${x.etl!.path})` : ""}`);
      }
      out.push("");
    }
    if (s.baselineRssBytes !== null) {
      out.push(`An idle Node + tsx child process has a peak RSS of ${formatMb(s.baselineRssBytes)}; it is included in every figure above.`, "");
    }
  }

  if (r.engine) {
    const s = r.engine;
    out.push("## 2. Rules engine: `deriveAll` + storing its output (issue 3)", "", ...metaLines(s), "");
    out.push(
      markdownTable(
        ["Data set", "Ärenden", "Utförda rows", "Wall", "Peak RSS"],
        s.rows.map((x) => [
          `${x.label}${x.error ? ` (${x.error})` : ""}`,
          formatInt(x.arenden),
          formatInt(x.utforda),
          x.error ? "–" : formatMs(x.ms),
          x.error ? "–" : formatMb(x.peakRssBytes),
        ]),
        ["left", "right", "right", "right", "right"],
      ),
      "",
    );
    for (const x of s.rows) {
      if (x.phases.length === 0) continue;
      out.push(`Phases, ${x.label} (from \`deriveAll\`'s \`onPhase\`):`, "");
      const withRss = x.phases.some((p) => p[2] !== undefined);
      out.push(
        markdownTable(
          ["Phase", "Time", "Share", ...(withRss ? ["Peak RSS so far"] : [])],
          x.phases.map(([name, ms, rss]) => [
            name.replace(/^(tabell \w+) AS .*$/, "$1"),
            formatMs(ms),
            `${Math.round((100 * ms) / Math.max(1, x.ms))} %`,
            ...(withRss ? [rss === undefined ? "–" : formatMb(rss)] : []),
          ]),
          ["left", "right", "right", "right"],
        ),
        "",
      );
    }
  }

  if (r.pages) {
    const s = r.pages;
    out.push("## 3. Pages: server time per page (issue 4)", "", ...metaLines(s), "");
    out.push(`Production build: ${s.build}.`, "");
    for (const d of s.datasets) {
      out.push(
        `### ${d.label}`,
        "",
        `${d.warmups} warm-up + ${d.requests} timed sequential requests per page, signed in as demo-forvaltning; ` +
          `time from sending the request to the last byte of the response, on localhost. Target p95 < ${formatMs(d.target)}.` +
          (d.serverPeakRssBytes !== null ? ` Server peak RSS over the run: ${formatMb(d.serverPeakRssBytes)}.` : ""),
        "",
      );
      if (d.error) out.push(`**Not measured:** ${d.error}`, "");
      if (d.pages.length > 0) {
        out.push(
          markdownTable(
            ["Page", "Status", "HTML", "p50", "p95", "max", "Target"],
            d.pages.map((p) => [
              `\`${p.route}\`${p.as ? ` (as ${p.as})` : ""}`,
              String(p.status || "–"),
              p.bytes ? `${formatInt(p.bytes / 1024)} kB` : "–",
              p.summary ? formatMs(p.summary.p50) : "–",
              p.summary ? formatMs(p.summary.p95) : "–",
              p.summary ? formatMs(p.summary.max) : "–",
              p.summary ? (p.summary.p95 < d.target ? "met" : "**not met**") : (p.note ?? "–"),
            ]),
            ["left", "right", "right", "right", "right", "right", "left"],
          ),
          "",
        );
      }
    }
  }

  if (r.export) {
    const s = r.export;
    out.push("## 3b. CSV export of a million rows (issue 4)", "", ...metaLines(s), "", s.how, "");
    out.push(
      markdownTable(
        ["Rows", "CSV size", "Wall", "First byte", "Peak RSS", "Rate"],
        s.rows.map((x) => [
          `${formatInt(x.rows)}${x.error ? ` (${x.error})` : ""}`,
          formatMb(x.bytes),
          formatMs(x.ms),
          formatMs(x.firstByteMs),
          formatMb(x.peakRssBytes),
          formatRate(x.rows, x.ms),
        ]),
        ["right", "right", "right", "right", "right", "right"],
      ),
      "",
    );
    for (const x of s.rows) {
      if (!x.rssAt || x.rssAt.length === 0) continue;
      out.push(
        `Memory during the ${formatInt(x.rows)}-row export, after each tenth of the rows (RSS / JS heap + buffers): ` +
          x.rssAt.map(([, rss, js]) => `${formatInt(rss / 2 ** 20)}/${formatInt(js / 2 ** 20)}`).join(", ") +
          " MB.",
        "",
      );
    }
    for (const x of s.rows) {
      if (!x.breakdown || Object.keys(x.breakdown).length === 0) continue;
      out.push(`Where the time goes, ${formatInt(x.rows)} rows (the same query again in the same process, after the measurement):`, "");
      out.push(`- the whole export (DuckDB → Kysely → csvStream → file): ${formatMs(x.ms)}`);
      for (const [k, v] of Object.entries(x.breakdown)) out.push(`- ${k}: ${formatMs(v)}`);
      out.push("");
    }
  }

  out.push("## 4. PDF report (issue 5)", "");
  if (r.pdf) {
    out.push(...metaLines(r.pdf), "");
    if (r.pdf.skipped) out.push(`Not measured: ${r.pdf.skipped}`, "");
    if (r.pdf.rows.length > 0) {
      out.push(
        markdownTable(
          ["What", "Wall", "Peak RSS", "PDF size", "Note"],
          r.pdf.rows.map((p) => [
            p.label,
            formatMs(p.ms),
            p.peakRssBytes ? formatMb(p.peakRssBytes) : "–",
            p.bytes ? `${formatInt(p.bytes / 1024)} kB` : "–",
            p.note ?? "",
          ]),
          ["left", "right", "right", "right", "left"],
        ),
        "",
      );
    }
  } else {
    out.push("Not measured yet.", "");
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}
