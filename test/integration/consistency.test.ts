/**
 * One number everywhere: for several filters and measures, the overview's figure
 * (aggregate() without grouping) equals the case list's total row, the sum of the list's
 * per-case values over every page, and the sum of the same column in the list's CSV
 * export (the real route, streamed, Swedish Excel dialect). And the drilldown by
 * arende_id that aggregate() gives is, case by case, what the list shows.
 *
 * On the synthetic data set loaded by the real ETL and rules engine.
 */
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import * as csvRoute from "../../app/routes/arenden[.]csv.tsx";
import { aggregate } from "../../queries/aggregate.ts";
import { listArenden, parseArendeList, type ArendeListRow } from "../../queries/arenden.ts";
import { parsePeriod } from "../../queries/filters.ts";
import { MEASURES, type MeasureId } from "../../queries/measures.ts";
import { requestAs, type TestSession } from "../support/auth.ts";
import { call, useSyntheticDb } from "./queries/arenden-fixture.ts";

const fx = useSyntheticDb("ledsagning-consistency-");
const DEFAULT = parsePeriod("2026-T2")!;

/** Filters as a figure's link carries them (the list's URL is "the cases behind a figure"). */
const FILTERS = [
  "period=2025",
  "period=2026-T1&kommun=Stockholm",
  "period=2025-T3&kommun=Stockholm&stadsdel=Järva&stadsdel=Farsta",
  "period=2025&kon=K&aldersgrupp=25-64",
  "period=2025-03..2026-02&lagrum=SoL",
  "period=2025&kommun=Värmdö&insats=ledsagarservice",
];

/** `extra`: the list's own narrowing (utfall, flagga); `same`: it selects exactly the figure's rows anyway. */
const MEASURE_CASES: { matt: MeasureId; extra?: string; same?: boolean }[] = [
  { matt: "beviljade" },
  { matt: "utforda" },
  { matt: "forbrukade" },
  { matt: "forverkade" },
  { matt: "personer" },
  { matt: "kostnad" },
  { matt: "omkostnad" },
  { matt: "gap_sen_avbokning" },
  { matt: "antal_beslut" },
  { matt: "antal_avslag", extra: "utfall=avslag", same: true },
  { matt: "sokande" },
  { matt: "arenden_med_flagga" },
  { matt: "flaggor", extra: "flagga=R16" },
  { matt: "forverkade_period" },
  { matt: "utforandegrad" },
  { matt: "avslagsandel" },
];

async function allRows(qs: string): Promise<ArendeListRow[]> {
  const out: ArendeListRow[] = [];
  for (let sida = 1; ; sida++) {
    const l = await listArenden(fx.db, parseArendeList(new URLSearchParams(`${qs}&sida=${sida}`), DEFAULT), { kind: "all" });
    out.push(...l.rows);
    if (sida >= l.sidor) return out;
  }
}

let analyst: TestSession | null = null;

/** The list's CSV through the route, parsed: column by header. */
async function csvColumn(qs: string, header: string): Promise<number[]> {
  analyst ??= await fx.session("analytiker");
  const r = await call(csvRoute.loader, requestAs(`http://localhost/arenden.csv?${qs}`, analyst));
  expect(r.status, qs).toBe(200);
  const [head, ...rows] = Papa.parse<string[]>((r.body as string).replace(/^\uFEFF/, "").trim(), { delimiter: ";" }).data;
  const i = head.indexOf(header);
  expect(i, `${header} in ${head.join(";")}`).toBeGreaterThanOrEqual(0);
  return rows.map((row) => (row[i] === "" ? 0 : Number(row[i].replace(",", "."))));
}

const close = (a: number, b: number, what: string) => expect(a, what).toBeCloseTo(b, Math.abs(b) > 1000 ? 3 : 6);

describe("overview = list total = Σ list = Σ CSV", () => {
  for (const filter of FILTERS) {
    for (const { matt, extra, same } of MEASURE_CASES) {
      const qs = `${filter}&matt=${matt}${extra ? `&${extra}` : ""}`;
      it(qs, async () => {
        const m = MEASURES[matt];
        const list = parseArendeList(new URLSearchParams(qs), DEFAULT);
        const [figure] = await aggregate(fx.db, list.filters, [matt]);
        const total = await listArenden(fx.db, list, { kind: "all" });
        const rows = await allRows(qs);
        expect(rows).toHaveLength(total.total.arenden);
        const drill = await aggregate(fx.db, list.filters, [matt], ["arende_id"]);
        if (extra && !same) return expectNarrowed(figure[matt], total.total.matt, rows);
        if (m.kind === "ratio") {
          const [num, den] = m.parts!;
          const parts = await aggregate(fx.db, list.filters, [num, den]);
          if (figure[matt] === null) expect(total.total.matt).toBeNull();
          else close(total.total.matt!, figure[matt]!, "ratio");
          close(
            rows.reduce((a, r) => a + (r.mattNum ?? 0), 0),
            parts[0][num] ?? 0,
            "numerator"
          );
          close(
            rows.reduce((a, r) => a + (r.mattDen ?? 0), 0),
            parts[0][den] ?? 0,
            "denominator"
          );
          return;
        }
        close(total.total.matt ?? 0, figure[matt] ?? 0, "list total");
        close(
          rows.reduce((a, r) => a + (r.matt ?? 0), 0),
          figure[matt] ?? 0,
          "Σ list"
        );
        close(
          (await csvColumn(qs, m.label)).reduce((a, x) => a + x, 0),
          figure[matt] ?? 0,
          "Σ CSV"
        );
        // Case by case: the drilldown's non-zero cases are the list, with the same values.
        const byCase = new Map(drill.filter((d) => (d[matt] ?? 0) !== 0).map((d) => [d.arende_id as string, d[matt] as number]));
        expect(new Set(rows.map((r) => r.arendeId))).toEqual(new Set(byCase.keys()));
        for (const r of rows) close(r.matt ?? 0, byCase.get(r.arendeId)!, r.arendeId);
      });
    }
  }
});

/** The list narrowed further than the figure's filters (e.g. flagga=R16 of all flags): Σ list = total ≤ figure. */
function expectNarrowed(figure: number | null, total: number | null, rows: ArendeListRow[]) {
  close(
    rows.reduce((a, r) => a + (r.matt ?? 0), 0),
    total ?? 0,
    "Σ list"
  );
  expect(total ?? 0).toBeLessThanOrEqual((figure ?? 0) + 1e-9);
}

describe("the hours columns are the overview's hours", () => {
  for (const filter of FILTERS) {
    it(filter, async () => {
      const list = parseArendeList(new URLSearchParams(filter), DEFAULT);
      const [f] = await aggregate(fx.db, list.filters, ["beviljade", "utforda", "forbrukade", "utforandegrad"]);
      const { total } = await listArenden(fx.db, list, { kind: "all" });
      close(total.beviljade, f.beviljade ?? 0, "beviljade");
      close(total.utforda, f.utforda ?? 0, "utförda");
      close(total.forbrukade, f.forbrukade ?? 0, "förbrukade");
      if (f.utforandegrad !== null) close(total.utforandegrad!, f.utforandegrad, "utförandegrad");
      close(
        (await csvColumn(filter, "beviljade timmar")).reduce((a, x) => a + x, 0),
        f.beviljade ?? 0,
        "Σ CSV beviljade"
      );
    });
  }
});

describe("a figure grouped by utfall or regel equals its link to the list", () => {
  it("avslag by utfall, flags by regel", async () => {
    const f = parseArendeList(new URLSearchParams("period=2025&kommun=Stockholm"), DEFAULT).filters;
    const byUtfall = await aggregate(fx.db, f, ["antal_beslut"], ["utfall"]);
    for (const g of byUtfall) {
      const qs = `period=2025&kommun=Stockholm&scope=beslut&utfall=${g.utfall}&matt=antal_beslut`;
      const l = await listArenden(fx.db, parseArendeList(new URLSearchParams(qs), DEFAULT), { kind: "all" });
      close(l.total.matt ?? 0, g.antal_beslut ?? 0, qs);
    }
    const byRegel = await aggregate(fx.db, f, ["arenden_med_flagga"], ["regel"]);
    expect(byRegel.length).toBeGreaterThan(0);
    for (const g of byRegel) {
      const qs = `period=2025&kommun=Stockholm&scope=flagga&flagga=${g.regel}&matt=arenden_med_flagga`;
      const l = await listArenden(fx.db, parseArendeList(new URLSearchParams(qs), DEFAULT), { kind: "all" });
      close(l.total.matt ?? 0, g.arenden_med_flagga ?? 0, qs);
      expect(l.total.arenden, qs).toBe(g.arenden_med_flagga);
    }
  });
});
