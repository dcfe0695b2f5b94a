/**
 * Staging: what the engine derived for each case, written to temp tables keyed by
 * integers. Only rule-made numbers and reason texts go this way; repeated strings (rule,
 * source, class) become codes resolved in SQL.
 */
import { BOOLEAN, DOUBLE, INTEGER, VARCHAR, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import type { CaseResult } from "../types.ts";
import { ChunkWriter } from "./chunks.ts";
import { manadKey, MANAD_STAGED, periodKey, UMANAD_STAGED, utforareKey } from "./sql.ts";

/** Repeated strings (class, rule, source, level) become small integers. */
export class Codes {
  readonly rows: DuckDBValue[][] = [];
  private readonly index = new Map<string, number>();
  /** The last code per class: consecutive events of a class almost always share it. */
  private readonly last = new Map<string, number>();
  code(typ: string, klass: string, regel: string | null, kalla: string, niva: string | null, forbrukad: boolean | null): number {
    const hit = this.last.get(klass);
    if (hit !== undefined) {
      const r = this.rows[hit];
      if (r[1] === typ && r[3] === regel && r[4] === kalla && r[5] === niva && r[6] === forbrukad) return hit;
    }
    const key = `${typ}\u0000${klass}\u0000${regel}\u0000${kalla}\u0000${niva}\u0000${forbrukad}`;
    let ri = this.index.get(key);
    if (ri === undefined) {
      ri = this.rows.length;
      this.index.set(key, ri);
      this.rows.push([ri, typ, klass, regel, kalla, niva, forbrukad]);
    }
    this.last.set(klass, ri);
    return ri;
  }
}

export interface CaseKeys {
  ai: number;
  rvi: number;
  /** beslut_id → bi */
  bi: (beslutId: string) => number;
  /** utförare → its number within the kommun */
  uk: (utforare: string) => number;
  ukBits: number;
}

export class Staging {
  readonly codes = new Codes();
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
    const w = async (t: string, types: typeof DOUBLE[] | (typeof DOUBLE | typeof INTEGER | typeof VARCHAR | typeof BOOLEAN)[]) =>
      new ChunkWriter(await conn.createAppender(t, "main", "temp"), types);
    return new Staging(
      await w("_o_manad", [DOUBLE, INTEGER, ...MANAD_STAGED.map(() => DOUBLE)]),
      await w("_o_umanad", [DOUBLE, ...UMANAD_STAGED.map(() => DOUBLE)]),
      await w("_o_period", [DOUBLE, INTEGER, INTEGER, VARCHAR]),
      await w("_o_handelse", [INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, DOUBLE, DOUBLE, INTEGER, VARCHAR]),
      await w("_o_flagga", [INTEGER, INTEGER, INTEGER, INTEGER, VARCHAR]),
      await w("_o_arende", [INTEGER, INTEGER]),
      await w("_o_beslut", [INTEGER, DOUBLE, DOUBLE, VARCHAR]),
    );
  }

  close(): void {
    for (const w of [this.manad, this.umanad, this.period, this.handelse, this.flagga, this.arende, this.beslut]) w.close();
  }

  write(r: CaseResult, k: CaseKeys): void {
    const { ai } = k;
    const a = this.arende;
    a.v[0].setItem(a.row, ai);
    a.v[1].setItem(a.row, k.rvi);
    a.end();

    const m = this.manad;
    for (const x of r.manader) {
      const row = m.row;
      m.v[0].setItem(row, manadKey(ai, x.manad, x.periodStart, x.periodSlut));
      m.v[1].setItem(row, x.beslutId === null ? null : k.bi(x.beslutId));
      // One call site per column (MANAD_STAGED order): a loop over getters would be megamorphic.
      const v = m.v;
      v[2].setItem(row, x.giltigaDagar);
      v[3].setItem(row, x.beviljade);
      v[4].setItem(row, x.saldo);
      v[5].setItem(row, x.forverkade);
      v[6].setItem(row, x.overforbrukade);
      v[7].setItem(row, x.gapBrukareAvbokning);
      v[8].setItem(row, x.gapLedsagareAvbokning);
      v[9].setItem(row, x.gapForverkade);
      v[10].setItem(row, x.utfordaUtanBeslut);
      v[11].setItem(row, x.senAvbokning);
      v[12].setItem(row, x.gapSenAvbokning);
      v[13].setItem(row, x.kortAvbokning);
      v[14].setItem(row, x.debiteradeTimmar);
      v[15].setItem(row, x.minstaDebiteringTillagg);
      v[16].setItem(row, x.kostnad);
      v[17].setItem(row, x.kostnadSenAvbokning);
      v[18].setItem(row, x.timmarUtanErsattning);
      v[19].setItem(row, x.schablonIntjanad);
      v[20].setItem(row, x.manadsbeloppRam);
      v[21].setItem(row, x.manadsbeloppErsatt);
      v[22].setItem(row, x.manadsbeloppOver);
      m.end();
    }

    // Months with one utförare: its numbers are the month's (SQL takes them from there).
    const u = this.umanad;
    for (let i = 0; i < r.utforareManader.length; i++) {
      const x = r.utforareManader[i];
      const shared =
        (i > 0 && r.utforareManader[i - 1].manad === x.manad) ||
        (i + 1 < r.utforareManader.length && r.utforareManader[i + 1].manad === x.manad);
      if (!shared) continue;
      const row = u.row;
      u.v[0].setItem(row, utforareKey(ai, x.manad, k.uk(x.utforare), k.ukBits));
      u.v[1].setItem(row, x.debiteradeTimmar);
      u.v[2].setItem(row, x.kostnad);
      u.v[3].setItem(row, x.schablonIntjanad);
      u.v[4].setItem(row, x.senAvbokning);
      u.end();
    }

    const p = this.period;
    for (const x of r.perioder) {
      const row = p.row;
      p.v[0].setItem(row, periodKey(ai, x.start, x.slut, x.periodManader, x.stangd, x.utanBeslut));
      p.v[1].setItem(row, x.slutDag);
      p.v[2].setItem(row, this.codes.code("period", x.utanBeslut ? "utan_beslut" : "flexperiod", x.reason.regel, x.reason.kalla, null, null));
      p.v[3].setItem(row, x.reason.text);
      p.end();
    }

    const h = this.handelse;
    r.handelser.forEach((x, seq) => {
      const row = h.row;
      h.v[0].setItem(row, ai);
      h.v[1].setItem(row, seq);
      h.v[2].setItem(row, this.codes.code(x.typ, x.klass, x.reason.regel, x.reason.kalla, null, x.forbrukad));
      h.v[3].setItem(row, x.datum);
      h.v[4].setItem(row, x.tid);
      h.v[5].setItem(row, x.timmar);
      h.v[6].setItem(row, x.belopp);
      h.v[7].setItem(row, x.utforare === null ? null : k.uk(x.utforare));
      h.v[8].setItem(row, x.reason.text);
      h.end();
    });

    const f = this.flagga;
    for (const x of r.flaggor) {
      const row = f.row;
      f.v[0].setItem(row, ai);
      f.v[1].setItem(row, this.codes.code("flagga", x.regel, x.regel, x.kalla, x.niva, null));
      f.v[2].setItem(row, x.datum);
      f.v[3].setItem(row, x.beslutId === null ? null : k.bi(x.beslutId));
      f.v[4].setItem(row, x.text);
      f.end();
    }

    const b = this.beslut;
    for (const x of r.beslut) {
      const row = b.row;
      b.v[0].setItem(row, k.bi(x.beslutId));
      b.v[1].setItem(row, x.soktaPerManad);
      b.v[2].setItem(row, x.beviljadePerManad);
      b.v[3].setItem(row, x.reason?.text ?? null);
      b.end();
    }
  }
}
