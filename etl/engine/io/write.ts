/**
 * Staging: what the engine derived for each case, written to temp tables keyed by
 * integers. Rule-made numbers, the engine's sums for flex periods and per-utförare months,
 * and reason texts go this way; repeated strings (rule, source, class) become codes
 * resolved in SQL. The engine's results arrive packed a block of cases at a time
 * (pack.ts), from this thread or from worker threads.
 */
import { BOOLEAN, DOUBLE, INTEGER, VARCHAR, type DuckDBConnection, type DuckDBType } from "@duckdb/node-api";
import type { Regelverk } from "../regelverk.ts";
import { ChunkWriter } from "./chunks.ts";
import { Codes, type PackedBlock, type PackedTable } from "./pack.ts";
import { MANAD_STAGED, PERIOD_STAGED, UMANAD_STAGED } from "./sql.ts";

export { Codes };

/** Where a block comes from: its packer's codes and regelverk list, mapped to the run's. */
export class Source {
  /** The packer's code → the run's code. */
  readonly codeOf: number[] = [];
  constructor(readonly regelverk: readonly Regelverk[]) {}
}

export class Staging {
  readonly codes = new Codes();
  /** Regelverk in order of first use, as _o_regelverk numbers them. */
  readonly rvIndex = new Map<Regelverk, number>();
  private constructor(
    private readonly manad: ChunkWriter,
    private readonly umanad: ChunkWriter,
    private readonly period: ChunkWriter,
    private readonly handelse: ChunkWriter,
    private readonly flagga: ChunkWriter,
    private readonly arende: ChunkWriter,
    private readonly beslut: ChunkWriter,
  ) {}

  static async open(conn: DuckDBConnection): Promise<Staging> {
    const w = async (t: string, types: DuckDBType[]) => new ChunkWriter(await conn.createAppender(t, "main", "temp"), types);
    return new Staging(
      await w("_o_manad", [DOUBLE, INTEGER, ...MANAD_STAGED.map(() => DOUBLE)]),
      await w("_o_umanad", [DOUBLE, ...UMANAD_STAGED.map(() => DOUBLE)]),
      await w("_o_period", [DOUBLE, INTEGER, INTEGER, ...PERIOD_STAGED.map(() => DOUBLE), VARCHAR]),
      await w("_o_handelse", [INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, DOUBLE, DOUBLE, INTEGER, VARCHAR]),
      await w("_o_flagga", [INTEGER, INTEGER, INTEGER, INTEGER, VARCHAR]),
      await w("_o_arende", [INTEGER, INTEGER]),
      await w("_o_beslut", [INTEGER, DOUBLE, DOUBLE, VARCHAR]),
    );
  }

  close(): void {
    for (const w of [this.manad, this.umanad, this.period, this.handelse, this.flagga, this.arende, this.beslut]) w.close();
  }

  /** Appends a block; blocks must arrive in case order for the staged order to be the cases'. */
  append(b: PackedBlock, src: Source): void {
    for (const c of b.codes) src.codeOf.push(this.codes.code(c[1] as string, c[2] as string, c[3] as string | null, c[4] as string, c[5] as string | null, c[6] as boolean | null));
    const a = b.arende;
    for (let i = 0; i < a.n; i++) {
      const rv = src.regelverk[a.f[i * 2 + 1]];
      if (!this.rvIndex.has(rv)) this.rvIndex.set(rv, this.rvIndex.size);
      a.f[i * 2 + 1] = this.rvIndex.get(rv)!;
    }
    copy(this.arende, a, -1, src);
    copy(this.manad, b.manad, -1, src);
    copy(this.umanad, b.umanad, -1, src);
    copy(this.period, b.period, 2, src);
    copy(this.handelse, b.handelse, 2, src);
    copy(this.flagga, b.flagga, 1, src);
    copy(this.beslut, b.beslut, -1, src);
  }
}

/** Copies packed rows into the writer's chunks (NaN → NULL); column `code` holds a packer's code. */
function copy(w: ChunkWriter, t: PackedTable, code: number, src: Source): void {
  const width = t.n === 0 ? 0 : t.f.length / t.n;
  const texts = t.texts;
  let at = 0;
  const f = t.f;
  for (let i = 0, o = 0; i < t.n; i++, o += width) {
    const row = w.row;
    const v = w.v;
    const items = w.items;
    const intItems = w.intItems;
    for (let c = 0; c < width; c++) {
      const x = f[o + c];
      if (x !== x) v[c].setItem(row, null);
      else {
        const y = c === code ? src.codeOf[x] : x;
        const a = items[c];
        // Integer columns hold keys, days, minutes and codes: whole numbers in range.
        if (a !== null && (!intItems[c] || (y | 0) === y)) a[row] = y;
        else v[c].setItem(row, y);
      }
    }
    if (texts) {
      const len = texts.lens[i];
      if (len < 0) v[width].setItem(row, null);
      else w.setText(width, texts.bytes.subarray(at, (at += len)));
    }
    w.end();
  }
}
