/**
 * The analysis pages' own table columns (intervals, funnel limits, verdicts) obey the
 * shared small-count suppression: a figure that rests on a hidden count is hidden with it.
 */
import { describe, expect, it } from "vitest";
import { makeTable, verdictText, type Column } from "../../../app/lib/analys.server.ts";

interface Row {
  name: string;
  beslut: number;
  avslag: number;
  low: number;
  n: number;
}

const columns: Column<Row>[] = [
  { key: "name", label: "Stadsdel", format: "text", role: "dimension", value: (r) => r.name },
  { key: "antal_beslut", label: "Beslut", format: "antal", measure: "antal_beslut", value: (r) => r.beslut },
  { key: "antal_avslag", label: "Avslag", format: "antal", measure: "antal_avslag", value: (r) => r.avslag },
  { key: "ci_nedre", label: "95 % KI, nedre", format: "andel", scope: "beslut", builtOn: ["antal_avslag"], value: (r) => r.low },
];

const rows: Row[] = [
  { name: "A", beslut: 40, avslag: 3, low: 0.02, n: 30 },
  { name: "B", beslut: 60, avslag: 9, low: 0.08, n: 45 },
  { name: "C", beslut: 50, avslag: 6, low: 0.05, n: 40 },
];

describe("makeTable", () => {
  const build = (hideSmall: boolean) =>
    makeTable<Row>({
      id: "t",
      caption: "T",
      columns,
      rows,
      rowKey: (r) => r.name,
      n: (r) => ({ beslut: r.n }),
      measureLink: (r, id) => `/arenden?stadsdel=${r.name}&matt=${id}`,
      total: { name: "", beslut: 150, avslag: 18, low: 0.07, n: 115 },
      totalLabel: "Hela kommunen",
      hideSmall,
    });

  it("takes label, definition and link of a registry column from the registry", () => {
    const t = build(false);
    const avslag = t.columns.find((c) => c.key === "antal_avslag");
    expect(avslag).toMatchObject({ label: "Avslag", scope: "beslut" });
    // Avslag beside beslut without bifall and delavslag: no row sum could reveal a hidden avslag (withCompleteParts).
    expect(avslag?.partOf).toBeUndefined();
    expect(t.rows[0].links?.antal_avslag).toBe("/arenden?stadsdel=A&matt=antal_avslag");
    expect(t.total?.cells.name).toBe("Hela kommunen");
    expect(t.rows[0].cells.ci_nedre).toBe(0.02);
  });

  it("hides an interval with the small count it rests on, and the count's secondary cell", () => {
    const t = build(true);
    // A's 3 avslag are hidden (1–4), so is the interval built on them; its link is gone.
    expect(t.rows[0].hidden).toMatchObject({ antal_avslag: true, ci_nedre: true });
    expect(t.rows[0].cells.ci_nedre).toBeNull();
    expect(t.rows[0].links?.antal_avslag).toBeUndefined();
    // Down the column a total is shown: the next smallest (C's 6) is hidden too, and its interval.
    expect(t.rows[2].hidden).toMatchObject({ antal_avslag: true, ci_nedre: true });
    expect(t.rows[1].hidden?.antal_avslag).toBeUndefined();
    expect(t.rows[1].cells.ci_nedre).toBe(0.08);
  });

  it("says where a value lies, and on which side", () => {
    expect(verdictText("utanfor998", 0.12, 0.06)).toBe("Utanför 99,8 % (över)");
    expect(verdictText("utanfor95", 0.03, 0.06)).toBe("Utanför 95 % (under)");
    expect(verdictText("inom", 0.05, 0.06)).toBe("Inom gränserna");
    expect(verdictText(null, 0.05, 0.06)).toBeNull();
  });
});
