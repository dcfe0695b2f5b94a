/**
 * Long tables on a dashboard page (app/lib/table.ts capRows/capPage): the page shows
 * the largest PAGE_ROWS rows by the table's main measure and says so; the CSV export,
 * built from the uncut table, has every row, and its link says it is the whole table.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable } from "../../../app/components/DataTable.tsx";
import { tableCsvRows } from "../../../app/lib/export.server.ts";
import { capPage, capRows, PAGE_ROWS, suppressTable, type TableData, type TableRow } from "../../../app/lib/table.ts";

function big(n: number): TableData {
  const rows: TableRow[] = Array.from({ length: n }, (_, i) => ({
    key: `u${i}`,
    // Values not in order, some equal, a few small (hidden for a reader without case access).
    cells: { utforare: `Utförare ${i}`, personer: 5 + ((i * 37) % 101), utforda: ((i * 7919) % 1000) + (i % 50 === 0 ? 0.5 : 0), grad: 0.5 },
    n: { manad: i % 97 === 3 ? 2 : 5 + ((i * 37) % 101) },
  }));
  const sum = (k: string) => rows.reduce((a, r) => a + (r.cells[k] as number), 0);
  return {
    id: "utforare",
    caption: "Per utförare",
    columns: [
      { key: "utforare", label: "Utförare", format: "text", role: "dimension" },
      { key: "personer", label: "Personer", format: "antal", role: "measure", scope: "manad" },
      { key: "utforda", label: "Utförda timmar", format: "h", role: "measure", scope: "manad" },
      { key: "grad", label: "Utförandegrad", format: "andel", role: "measure", scope: "manad" },
    ],
    rows,
    total: { key: "totalt", cells: { utforare: "Totalt", personer: sum("personer"), utforda: sum("utforda"), grad: 0.5 }, n: { manad: 10_000 } },
  };
}

describe("capRows", () => {
  it("leaves a table within the limit as it is (the small test data set is never cut)", () => {
    const t = big(PAGE_ROWS);
    expect(capRows(t)).toBe(t);
    expect(capRows(t).capped).toBeUndefined();
  });

  it("shows the largest rows by the main measure, largest first, with the whole table's total", () => {
    const t = big(1234);
    const c = capRows(t, "utforda");
    expect(c.rows).toHaveLength(PAGE_ROWS);
    expect(c.capped).toEqual({ shown: PAGE_ROWS, of: 1234, by: "Utförda timmar" });
    const shown = c.rows.map((r) => r.cells.utforda as number);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    const all = t.rows.map((r) => r.cells.utforda as number).sort((a, b) => b - a);
    expect(shown).toEqual(all.slice(0, PAGE_ROWS));
    expect(c.total).toBe(t.total);
    // The default measure is the first additive one (here the count of persons).
    expect(capRows(t).capped?.by).toBe("Personer");
  });

  it("never ranks a hidden value: rows whose main figure is hidden come after every shown one", () => {
    const t = suppressTable(big(400), true);
    const hiddenRows = t.rows.filter((r) => r.hidden?.utforda);
    expect(hiddenRows.length).toBeGreaterThan(0);
    const c = capRows(t, "utforda", t.rows.length - hiddenRows.length + 1);
    // Everything shown first, then the hidden rows in their own order.
    expect(c.rows.slice(0, -1).every((r) => !r.hidden?.utforda)).toBe(true);
    expect(c.rows.at(-1)!.key).toBe(hiddenRows[0].key);
  });

  it("caps every table of a page's record and leaves other values alone", () => {
    const page = capPage({ utforare: big(300), liten: { ...big(3), id: "liten" }, measures: ["utforda"], data: { rows: [1, 2, 3] } }, { utforare: "utforda" });
    expect(page.utforare.rows).toHaveLength(PAGE_ROWS);
    expect(page.utforare.capped?.by).toBe("Utförda timmar");
    expect(page.liten.capped).toBeUndefined();
    expect(page.measures).toEqual(["utforda"]);
    expect(page.data).toEqual({ rows: [1, 2, 3] });
  });
});

describe("a capped table on the page and in the CSV", () => {
  const full = big(1234);
  const page = capRows(full, "utforda");

  it("says how many rows it shows and that the CSV has all of them", () => {
    const html = renderToStaticMarkup(createElement(DataTable, { table: page, csv: { excel: "/x.csv?export=utforare", standard: "/x.csv?export=utforare&dialect=standard" } }));
    expect(html).toContain(`Visar ${PAGE_ROWS} av 1\u00a0234 rader, de största efter utförda timmar – hela tabellen finns i CSV-exporten.`);
    expect(html).toContain("Ladda ner hela tabellen (1\u00a0234 rader) som CSV");
    expect(html).toContain("Hela tabellen som CSV med komma och decimalpunkt");
    expect((html.match(/<tr data-row=/g) ?? []).length).toBe(PAGE_ROWS + 1); // the rows and the total
    // An uncut table keeps the plain link text.
    const small = renderToStaticMarkup(createElement(DataTable, { table: big(5), csv: { excel: "/a", standard: "/b" } }));
    expect(small).toContain(">Ladda ner CSV<");
    expect(small).not.toContain("Visar ");
  });

  it("the CSV of the view (the uncut table) has every row", () => {
    const { rows } = tableCsvRows(full);
    // Every row and the total.
    expect(rows).toHaveLength(1234 + 1);
    expect(tableCsvRows(page).rows).toHaveLength(PAGE_ROWS + 1);
  });

  it("keeps the page light: a capped 5 000-row table renders to a bounded size", () => {
    const html = renderToStaticMarkup(createElement(DataTable, { table: capRows(big(5000)) }));
    const uncut = renderToStaticMarkup(createElement(DataTable, { table: big(5000) }));
    expect(html.length).toBeLessThan(uncut.length / 20);
    expect(html.length).toBeLessThan(40_000);
  });
});
