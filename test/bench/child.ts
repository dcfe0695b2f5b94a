/**
 * One measurement in a fresh process, so that its peak memory is its own:
 *
 *   node --import tsx test/bench/child.ts <task> '<json args>'
 *
 * Prints `BENCH_RESULT <json>` as its last line; the JSON always has `ms` (the measured
 * wall time, taken inside the process, so module loading is not counted) and
 * `peakRssBytes` (process.resourceUsage().maxRSS, which includes DuckDB's native memory).
 */
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

const MARK = "BENCH_RESULT ";

function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

async function scalar(conn: DuckDBConnection, sqlText: string): Promise<number> {
  const r = await conn.runAndReadAll(sqlText);
  return Number(r.getRows()[0][0]);
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

type Task = (args: Record<string, unknown>) => Promise<Record<string, unknown>>;

const tasks: Record<string, Task> = {
  /** Nothing: the peak RSS of an idle Node + tsx process, for reference. */
  async noop() {
    return { ms: 0, peakRssBytes: peakRss() };
  },

  /** The synthetic generator (etl/generate). */
  async generate(a) {
    const { generate } = await import("../../etl/generate/index.ts");
    const t0 = performance.now();
    const res = await generate({
      outDir: String(a.outDir),
      seed: Number(a.seed),
      years: Number(a.years),
      scale: Number(a.scale),
    });
    return { ms: performance.now() - t0, peakRssBytes: peakRss(), rows: res.rows };
  },

  /**
   * The product's ETL (runLoad) on `paths` into `dbPath`, without the rules engine.
   * Also times the sniffer's pre-scan on its own (a separate pass before runLoad, not
   * counted in `ms`) and notes when DuckDB's insert statement finished (last progress
   * report), to show where the time goes.
   */
  async load(a) {
    const { runLoad } = await import("../../etl/load/index.ts");
    const paths = a.paths as string[];
    const phases: Record<string, number> = {};
    if (a.sniffFirst) {
      const { sniffFile } = await import("../../etl/load/sniff.ts");
      const ts = performance.now();
      for (const p of paths) sniffFile(p);
      phases["sniff alone (separate pass, not in the total)"] = performance.now() - ts;
    }
    let lastFull = 0;
    let path: string | undefined;
    const t0 = performance.now();
    // What-if runs: the same runLoad on an instance opened with DuckDB settings (e.g. memory_limit).
    const config = a.config as Record<string, string> | undefined;
    const instance = config ? await DuckDBInstance.create(String(a.dbPath), config) : undefined;
    const summary = await runLoad({
      paths,
      dbPath: String(a.dbPath),
      instance,
      onProgress: (p) => {
        if (p.bytesDone >= p.bytesTotal) lastFull = performance.now() - t0;
      },
      allowRejects: Boolean(a.allowRejects),
    });
    instance?.closeSync();
    const ms = performance.now() - t0;
    const peakRssBytes = peakRss();
    if (!summary.ok) throw new Error(`runLoad failed: ${summary.error ?? JSON.stringify(summary.files.slice(0, 3))}`);
    if (lastFull > 0) {
      phases["start → last insert statement done (incl. sniff, staging)"] = lastFull;
      phases["after it (reference check, delivery units, commit, close)"] = ms - lastFull;
    }
    const files = summary.files.map((f) => ({ file: f.file, table: f.table, read: f.read, loaded: f.loaded, rejected: f.rejectedCount }));
    const rejected = files.reduce((n, f) => n + f.rejected, 0);
    if (rejected > 0) path = `${rejected} rows rejected and stored`;
    return { ms, peakRssBytes, files, phases, path };
  },

  /**
   * The floor: DuckDB's own read_csv of the file into a table of a new database file,
   * with the file's dialect given (`;`, decimal comma, Latin-1) and types auto-detected.
   */
  async read_csv(a) {
    const t0 = performance.now();
    const instance = await DuckDBInstance.create(String(a.dbPath));
    const conn = await instance.connect();
    await conn.run(`CREATE TABLE utforda_timmar AS SELECT * FROM read_csv(${lit(String(a.path))},
      header = true, delim = ';', quote = '"', decimal_separator = ',', encoding = 'latin-1')`);
    conn.closeSync();
    instance.closeSync();
    const ms = performance.now() - t0;
    const peakRssBytes = peakRss();
    const check = await DuckDBInstance.create(String(a.dbPath));
    const c2 = await check.connect();
    const rows = await scalar(c2, "SELECT count(*) FROM utforda_timmar");
    c2.closeSync();
    check.closeSync();
    return { ms, peakRssBytes, rows };
  },

  /**
   * The rules engine as the ETL runs it: deriveAll inside a transaction, then COMMIT and
   * close (the output is on disk when the clock stops). Afterwards, outside the
   * measurement, turns demo mode on so the pages benchmark can sign in.
   */
  async engine(a) {
    const { deriveAll, prepareDerive } = await import("../../etl/engine/store.ts");
    const phases: [string, number, number][] = [];
    const t0 = performance.now();
    const instance = await DuckDBInstance.create(String(a.dbPath));
    const conn = await instance.connect();
    await prepareDerive(conn);
    await conn.run("BEGIN TRANSACTION");
    const res = await deriveAll(conn, { onPhase: (fas, ms) => phases.push([fas, ms, peakRss()]) });
    await conn.run("COMMIT");
    conn.closeSync();
    instance.closeSync();
    const ms = performance.now() - t0;
    const peakRssBytes = peakRss();

    const again = await DuckDBInstance.create(String(a.dbPath));
    const c2 = await again.connect();
    const utforda = await scalar(c2, "SELECT count(*) FROM utforda_timmar");
    if (a.demo) {
      const { enableDemoMode } = await import("../../app/auth/demo.server.ts");
      await enableDemoMode(c2);
    }
    await c2.run("CHECKPOINT");
    c2.closeSync();
    again.closeSync();
    return { ms, peakRssBytes, arenden: res.arenden, utforda, phases };
  },

  /**
   * A large CSV export the way the app streams one: Kysely over kysely-duckdb's
   * streaming executor (chunks of 2,000 rows, as queries/arenden.ts streamArenden),
   * rows mapped to plain values, queries/csv.ts csvStream (Excel dialect), piped to a file.
   */
  async export(a) {
    const { Kysely, sql } = await import("kysely");
    const { DuckDbDialect } = await import("kysely-duckdb");
    const { csvStream } = await import("../../queries/csv.ts");
    const { localIsoDate } = await import("../../queries/convert.ts");
    const n = Number(a.rows);
    const t0 = performance.now();
    const instance = await DuckDBInstance.create(String(a.dbPath), { access_mode: "READ_ONLY" });
    const db = new Kysely<Record<string, never>>({ dialect: new DuckDbDialect({ database: instance }) });
    type Raw = { kommun: string; beslut_id: string; utforare: string; datum: Date; tidstyp: string; timmar: number };
    type Row = { kommun: string; beslut_id: string; utforare: string; datum: string; tidstyp: string; timmar: number };
    const compiled = sql<Raw>`SELECT kommun, beslut_id, utforare, datum, tidstyp, timmar FROM utforda_timmar LIMIT ${sql.lit(n)}`.compile(db);
    async function* rows(): AsyncGenerator<Row[]> {
      for await (const res of db.getExecutor().stream<Raw>(compiled, 2000)) {
        yield res.rows.map((r) => ({ ...r, datum: localIsoDate(r.datum) }));
      }
    }
    const columns = (["kommun", "beslut_id", "utforare", "datum", "tidstyp", "timmar"] as const).map((key) => ({ key, header: key }));
    const web = csvStream<Row>(columns, rows(), "excel");
    let bytes = 0;
    let lines = 0;
    let firstByteMs = 0;
    // The RSS as the export proceeds (every tenth of the rows): flat memory stays level.
    const rssAt: [number, number, number][] = [];
    let nextSample = n / 10;
    const counted = Readable.fromWeb(web as unknown as WebReadableStream<Uint8Array>).map((chunk: Uint8Array) => {
      bytes += chunk.byteLength;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (lines > 1 && firstByteMs === 0) firstByteMs = performance.now() - t0;
      if (lines - 1 >= nextSample) {
        const mu = process.memoryUsage();
        rssAt.push([lines - 1, mu.rss, mu.heapUsed + mu.external + mu.arrayBuffers]);
        nextSample += n / 10;
      }
      return chunk;
    });
    await pipeline(counted, createWriteStream(String(a.outFile)));
    const ms = performance.now() - t0;
    const peakRssBytes = peakRss();
    if (lines - 1 !== n) throw new Error(`export wrote ${lines - 1} rows, expected ${n}`);
    // Where the time goes (after the measurement): the same rows read through Kysely only,
    // and straight from @duckdb/node-api in its own chunks, both without writing CSV.
    const breakdown: Record<string, number> = {};
    if (a.breakdown) {
      let t = performance.now();
      let count = 0;
      for await (const res of db.getExecutor().stream<Raw>(compiled, 2000)) count += res.rows.length;
      breakdown["Kysely stream only (no CSV)"] = performance.now() - t;
      t = performance.now();
      const conn = await instance.connect();
      const result = await conn.stream(compiled.sql);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        count += chunk.getRowObjects(result.deduplicatedColumnNames()).length;
      }
      breakdown["@duckdb/node-api chunks → row objects (no Kysely, no CSV)"] = performance.now() - t;
      conn.closeSync();
      if (count !== 2 * n) throw new Error(`breakdown read ${count} rows, expected ${2 * n}`);
    }
    await db.destroy();
    return { ms, peakRssBytes, bytes, rows: lines - 1, firstByteMs, breakdown, rssAt };
  },
};

async function main(): Promise<void> {
  const [name, json] = process.argv.slice(2);
  const task = tasks[name];
  if (!task) throw new Error(`unknown bench task "${name}" (${Object.keys(tasks).join(", ")})`);
  const result = await task(json ? (JSON.parse(json) as Record<string, unknown>) : {});
  process.stdout.write(`\n${MARK}${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
