/**
 * The benchmark's data sets, cached between runs (default $TMPDIR/ledsagning-bench):
 *
 *   gen-<spec>-<generator hash>/            the five files from etl/generate
 *   gen-…/loaded-<ETL hash>.duckdb          all five loaded by runLoad (no rules engine)
 *   gen-…/beslut-<ETL hash>.duckdb          only beslut.csv loaded (the ETL bench's start)
 *   gen-…/derived-<ETL+engine hash>.duckdb  loaded + deriveAll + demo accounts (pages, export)
 *   gen-…/cuts/utforda-<N>.csv              the first N rows of utforda_timmar.csv
 *
 * A cache entry is keyed by a hash of the source that made it, so a change to the
 * generator, the loader or the engine rebuilds what depends on it. Each entry's
 * bench.json (written last) records how long it took to make.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { runChild, sourceHash, nowStamp, type Log } from "./support.ts";

export interface DatasetSpec {
  key: string;
  label: string;
  seed: number;
  scale: number;
  years: number;
}

export const SCALE1: DatasetSpec = { key: "s1-y5", label: "scale 1 × 5 years", seed: 1, scale: 1, years: 5 };
export const NATIONAL: DatasetSpec = { key: "s20-y10", label: "national (scale 20 × 10 years)", seed: 1, scale: 20, years: 10 };

const GEN_SRC = ["etl/generate", "etl/contract.ts"];
const LOAD_SRC = ["etl/load", "etl/contract.ts", "etl/schema.ts", "etl/db.ts", "etl/pseudonym.ts"];
const ENGINE_SRC = ["etl/engine", "data/regelverk", "data/stadsdel_mapping.csv", "app/auth/demo.server.ts", "app/auth/schema.ts"];

export interface Made {
  ms: number;
  peakRssBytes: number;
  date: string;
}

export interface Generated {
  dir: string;
  rows: Record<string, number>;
  made: Made;
  reused: boolean;
}

export interface EngineOutcome extends Made {
  /** Set when the run had to wait for memory (shared machine). */
  note?: string;
  arenden: number;
  utforda: number;
  phases: [string, number, number?][];
}

function readMarker<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return null;
  }
}

/** Copies a closed DuckDB file (no WAL) to a fresh path. */
export function copyDb(from: string, to: string): void {
  rmSync(to, { force: true });
  rmSync(`${to}.wal`, { force: true });
  if (existsSync(`${from}.wal`)) throw new Error(`${from} has a WAL: it was not closed cleanly`);
  copyFileSync(from, to);
}

export function removeDb(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  rmSync(`${path}.tmp`, { recursive: true, force: true });
}

/** Deletes entries `<prefix>…` in `dir` other than `keep` (and their WAL, temp and marker files). */
function pruneStale(dir: string, prefix: string, keep: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && !name.startsWith(keep)) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

export class BenchCache {
  private readonly genHash = sourceHash(GEN_SRC);
  private readonly loadHash = sourceHash(LOAD_SRC);
  private readonly engineHash = sourceHash(ENGINE_SRC);

  constructor(
    readonly root: string,
    private readonly log: Log,
  ) {
    mkdirSync(root, { recursive: true });
  }

  /** A fresh scratch folder for one measurement (emptied first). */
  scratch(name: string): string {
    const dir = join(this.root, "scratch", name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  clearScratch(): void {
    rmSync(join(this.root, "scratch"), { recursive: true, force: true });
  }

  genDir(spec: DatasetSpec): string {
    return join(this.root, `gen-${spec.key}-seed${spec.seed}-${this.genHash}`);
  }

  async generated(spec: DatasetSpec): Promise<Generated> {
    const dir = this.genDir(spec);
    const marker = join(dir, "bench.json");
    const done = readMarker<{ rows: Record<string, number>; made: Made }>(marker);
    if (done) return { dir, ...done, reused: true };
    pruneStale(this.root, `gen-${spec.key}-`, `gen-${spec.key}-seed${spec.seed}-${this.genHash}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    this.log(`  generating ${spec.label} into ${dir} …`);
    const r = await runChild<{ rows: Record<string, number> }>("generate", { outDir: dir, seed: spec.seed, years: spec.years, scale: spec.scale });
    const made: Made = { ms: r.ms, peakRssBytes: r.peakRssBytes, date: nowStamp() };
    writeFileSync(marker, JSON.stringify({ rows: r.rows, made }, null, 2));
    this.log(`  generated in ${Math.round(r.ms / 1000)} s: ${r.rows.utforda_timmar} utförda rows`);
    return { dir, rows: r.rows, made, reused: false };
  }

  /** All five files loaded by the ETL (no rules engine). */
  async loaded(spec: DatasetSpec): Promise<{ db: string; made: Made; reused: boolean }> {
    const gen = await this.generated(spec);
    const db = join(gen.dir, `loaded-${this.loadHash}.duckdb`);
    const marker = `${db}.bench.json`;
    const done = readMarker<Made>(marker);
    if (done && existsSync(db)) return { db, made: done, reused: true };
    pruneStale(gen.dir, "loaded-", `loaded-${this.loadHash}.`);
    removeDb(db);
    this.log(`  loading all five files of ${spec.label} (ETL, no engine) …`);
    const r = await runChild("load", { paths: [gen.dir], dbPath: db });
    const made: Made = { ms: r.ms, peakRssBytes: r.peakRssBytes, date: nowStamp() };
    writeFileSync(marker, JSON.stringify(made));
    this.log(`  loaded in ${Math.round(r.ms / 1000)} s`);
    return { db, made, reused: false };
  }

  /** beslut.csv alone loaded: where the utförda ETL measurements start from. */
  async beslutDb(spec: DatasetSpec): Promise<{ db: string; made: Made }> {
    const gen = await this.generated(spec);
    const db = join(gen.dir, `beslut-${this.loadHash}.duckdb`);
    const marker = `${db}.bench.json`;
    const done = readMarker<Made>(marker);
    if (done && existsSync(db)) return { db, made: done };
    pruneStale(gen.dir, "beslut-", `beslut-${this.loadHash}.`);
    removeDb(db);
    this.log(`  loading beslut.csv of ${spec.label} …`);
    const r = await runChild("load", { paths: [join(gen.dir, "beslut.csv")], dbPath: db });
    const made: Made = { ms: r.ms, peakRssBytes: r.peakRssBytes, date: nowStamp() };
    writeFileSync(marker, JSON.stringify(made));
    return { db, made };
  }

  /**
   * Loaded + the rules engine + demo accounts. `engine` runs the measured engine child
   * on the given copy; its outcome is returned when it ran now (null when cached).
   */
  async derived(
    spec: DatasetSpec,
    engine: (dbPath: string) => Promise<EngineOutcome>,
    force = false,
  ): Promise<{ db: string; outcome: EngineOutcome | null }> {
    const loaded = await this.loaded(spec);
    const db = join(this.genDir(spec), `derived-${this.loadHash}-${this.engineHash}.duckdb`);
    const marker = `${db}.bench.json`;
    if (!force && readMarker<EngineOutcome>(marker) && existsSync(db)) return { db, outcome: null };
    pruneStale(this.genDir(spec), "derived-", `derived-${this.loadHash}-${this.engineHash}.`);
    removeDb(db);
    rmSync(marker, { force: true });
    copyDb(loaded.db, db);
    const outcome = await engine(db);
    writeFileSync(marker, JSON.stringify(outcome));
    return { db, outcome };
  }

  /** The header and the first `n` data rows of the data set's utforda_timmar.csv. */
  async cut(spec: DatasetSpec, n: number): Promise<{ path: string; rows: number }> {
    const gen = await this.generated(spec);
    // In a subfolder: runLoad on the data set's folder must not pick the cuts up.
    mkdirSync(join(gen.dir, "cuts"), { recursive: true });
    const path = join(gen.dir, "cuts", `utforda-${n}.csv`);
    const marker = `${path}.bench.json`;
    const done = readMarker<{ rows: number }>(marker);
    if (done && existsSync(path)) return { path, rows: done.rows };
    const rows = cutLines(join(gen.dir, "utforda_timmar.csv"), path, n + 1) - 1;
    if (rows < n) this.log(`  note: ${spec.label} has only ${rows} utförda rows (wanted ${n})`);
    writeFileSync(marker, JSON.stringify({ rows }));
    return { path, rows };
  }

  /**
   * A copy of `src` in which every `every`-th data row has 25 hours (over the limit of 24),
   * so the ETL must find, report and store rejects (the staged path).
   */
  withRejects(src: string, every: number): { path: string; rejects: number } {
    const path = src.replace(/\.csv$/, `-rejects${every}.csv`);
    const marker = `${path}.bench.json`;
    const done = readMarker<{ rejects: number }>(marker);
    if (done && existsSync(path)) return { path, rejects: done.rejects };
    const lines = readFileSync(src).toString("latin1").split("\n");
    let rejects = 0;
    for (let i = every; i < lines.length; i += every) {
      const line = lines[i];
      if (line === "" || line === "\r") continue;
      const cr = line.endsWith("\r") ? "\r" : "";
      const body = cr ? line.slice(0, -1) : line;
      lines[i] = `${body.slice(0, body.lastIndexOf(";") + 1)}25${cr}`;
      rejects++;
    }
    writeFileSync(path, Buffer.from(lines.join("\n"), "latin1"));
    writeFileSync(marker, JSON.stringify({ rejects }));
    return { path, rejects };
  }

  fileSize(path: string): number {
    return statSync(path).size;
  }
}

/** Copies the first `lines` lines (LF-terminated) of `src` to `dst`; returns how many it copied. */
export function cutLines(src: string, dst: string, lines: number): number {
  const fin = openSync(src, "r");
  const fout = openSync(dst, "w");
  const buf = Buffer.allocUnsafe(8 << 20);
  let copied = 0;
  try {
    for (let pos = 0; copied < lines; ) {
      const n = readSync(fin, buf, 0, buf.length, pos);
      if (n <= 0) break;
      pos += n;
      const chunk = buf.subarray(0, n);
      let end = n;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
        copied++;
        if (copied === lines) {
          end = i + 1;
          break;
        }
      }
      writeSync(fout, buf, 0, end);
    }
  } finally {
    closeSync(fin);
    closeSync(fout);
  }
  return copied;
}
