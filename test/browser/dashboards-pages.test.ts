/**
 * The dashboards (/, /timmar, /utforare, /omkostnader, /bevakning) in real
 * Chromium on the production build, signed in as förvaltning, on the synthetic
 * set of global-setup.ts: each loads without console errors and passes axe, a
 * filter change updates the URL and the figures, a downloaded CSV equals its
 * table, counts link to their cases, the weak utförare stands out, and the
 * figures are there with JavaScript off.
 */
import Papa from "papaparse";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCell } from "../../app/lib/cells.ts";
import type { CellFormat } from "../../app/lib/table.ts";
import { PLANTED_WEAK_UTFORARE } from "../../etl/generate/planted.ts";
import { HIDDEN_MARK } from "../../queries/suppress.ts";
import { expectNoAxeViolations, launchBrowser, openPage, screenshot } from "./support.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const PAGES = [
  { path: "/", h1: "Översikt", table: "nyckeltal" },
  { path: "/timmar", h1: "Timmar", table: "stadsdel" },
  { path: "/utforare", h1: "Utförare", table: "utforare" },
  { path: "/omkostnader", h1: "Omkostnader", table: "stadsdel" },
  { path: "/bevakning", h1: "Bevakning", table: "stadsdel" },
];

/** A dashboard table as shown: header texts and each row's cell texts (body, then the total). */
async function shownTable(page: Page, id: string): Promise<{ headers: string[]; rows: string[][] }> {
  return page.evaluate((tableId) => {
    const t = document.querySelector(`.data-table[data-table-id="${tableId}"] table`)!;
    const txt = (el: Element) => (el.textContent ?? "").replace(/\s+/g, " ").trim();
    return {
      headers: [...t.querySelectorAll("thead th")].map(txt),
      rows: [...t.querySelectorAll("tbody tr, tfoot tr")].map((tr) => [...tr.querySelectorAll("th, td")].map(txt)),
    };
  }, id);
}

const UNIT: [string, CellFormat][] = [[" (timmar)", "h"], [" (kr)", "kr"], [" (andel 0–1)", "andel"], [" (antal)", "antal"]];

describe.each(PAGES)("$path", ({ path, h1, table }) => {
  it("loads without console errors, shows its figures with links to the cases, and passes axe", async () => {
    const p = await openPage(browser, path);
    try {
      expect(p.response?.status()).toBe(200);
      expect(await p.page.locator("h1").innerText()).toBe(h1);
      // The period is stated, and is the latest complete tertial of the data (2026-10-31 → T2 2026).
      expect(await p.page.locator(".period-label").innerText()).toBe("Tertial 2 2026 (maj–augusti)");
      expect(await p.page.locator(`.data-table[data-table-id="${table}"] tbody tr`).count()).toBeGreaterThan(0);
      expect(await p.page.locator('main a[href^="/arenden?"]').count()).toBeGreaterThan(0);
      expect(await p.page.locator('nav a[aria-current="page"]').innerText()).toBe(h1);
      await expectNoAxeViolations(p.page);
      await screenshot(p.page, `dashboard-${h1.toLowerCase()}`);
      expect(p.consoleErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it("renders its figures and charts with JavaScript off", async () => {
    const p = await openPage(browser, path, { javaScriptEnabled: false });
    try {
      expect(p.response?.status()).toBe(200);
      const cells = await p.page.locator(`.data-table[data-table-id="${table}"] td.num`).allInnerTexts();
      expect(cells.some((c) => /\d/.test(c))).toBe(true);
      if (path !== "/bevakning") expect(await p.page.locator(".chart__svg svg").count()).toBeGreaterThan(0);
    } finally {
      await p.close();
    }
  });
});

describe("filters", () => {
  it("a filter change updates the URL and the figures (with JavaScript)", async () => {
    const p = await openPage(browser, "/timmar");
    try {
      const before = await shownTable(p.page, "stadsdel");
      await p.page.selectOption("#f-kommun", "Stockholm");
      await Promise.all([p.page.waitForURL(/kommun=Stockholm/), p.page.click("form.filter-bar button[type=submit]")]);
      const url = new URL(p.page.url());
      // The URL is the state, without the empty values of the selects left alone.
      expect(url.search).toBe("?kommun=Stockholm&period=2026-T2");
      await p.page.waitForFunction(() => !document.querySelector('.data-table[data-table-id="stadsdel"] thead th')?.textContent?.includes("Kommun"));
      const after = await shownTable(p.page, "stadsdel");
      expect(after.rows.length).toBeLessThan(before.rows.length);
      expect(after.rows.map((r) => r[0])).not.toContain("Värmdö");
      expect(after.rows.at(-1)).not.toEqual(before.rows.at(-1));
      expect(p.consoleErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it("a custom range of months becomes one period in the URL, also without JavaScript", async () => {
    const p = await openPage(browser, "/", { javaScriptEnabled: false });
    try {
      // Without JavaScript the range counts once "Eget intervall" is chosen in the period list.
      await p.page.selectOption("#f-period", "eget");
      await p.page.click(".filter-range summary");
      await p.page.fill("#f-fran", "2025-11");
      await p.page.fill("#f-till", "2026-02");
      await Promise.all([p.page.waitForURL(/period=/), p.page.click("form.filter-bar button[type=submit]")]);
      expect(new URL(p.page.url()).searchParams.get("period")).toBe("2025-11..2026-02");
      expect(await p.page.locator(".period-label").innerText()).toBe("November 2025 – februari 2026");
    } finally {
      await p.close();
    }
  });

  it("answers a bad parameter with a 400 page naming it", async () => {
    const p = await openPage(browser, "/utforare?period=2026-T9");
    try {
      expect(p.response?.status()).toBe(400);
      expect(await p.page.locator("main").innerText()).toContain("Parametern period med värdet 2026-T9 kan inte användas");
    } finally {
      await p.close();
    }
  });
});

describe("CSV", () => {
  for (const [path, table] of [["/timmar?kommun=Stockholm", "gap"], ["/utforare", "utforare"], ["/bevakning?period=2025", "stadsdel"]] as const) {
    it(`a downloaded CSV of ${path} (${table}) equals the table`, async () => {
      const p = await openPage(browser, path);
      try {
        const shown = await shownTable(p.page, table);
        const [download] = await Promise.all([
          p.page.waitForEvent("download"),
          p.page.click(`.data-table[data-table-id="${table}"] .csv-links a >> nth=0`),
        ]);
        const bytes = readFileSync((await download.path())!);
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const parsed = Papa.parse<string[]>(bytes.subarray(3).toString("utf8"), { delimiter: ";", skipEmptyLines: true }).data;
        const [header, ...rows] = parsed;
        const formats = header.map((h) => UNIT.find(([suffix]) => h.endsWith(suffix)) ?? null);
        expect(header.map((h, i) => (formats[i] ? h.slice(0, -formats[i]![0].length) : h))).toEqual(shown.headers);
        expect(rows.length).toBe(shown.rows.length);
        rows.forEach((r, i) =>
          r.forEach((cell, j) => {
            const f = formats[j]?.[1];
            const formatted = cell === HIDDEN_MARK || !f || cell === "" ? cell || "–" : formatCell(Number(cell.replace(",", ".")), f);
            // The page's text is read with whitespace collapsed (the no-break spaces of sv-SE included).
            const expected = formatted.replace(/\s+/g, " ");
            expect(expected, `${table} rad ${i + 1}, ${header[j]}`).toBe(shown.rows[i][j] || "–");
          }),
        );
        expect(download.suggestedFilename()).toMatch(new RegExp(`-${table}-excel\\.csv$`));
      } finally {
        await p.close();
      }
    });
  }
});

describe("/utforare", () => {
  it("marks the weak utförare as markedly below its kommun, in the table and the chart's description", async () => {
    const p = await openPage(browser, `/utforare?kommun=${PLANTED_WEAK_UTFORARE.kommun}`);
    try {
      const row = p.page.locator('.data-table[data-table-id="utforare"] tbody tr', { hasText: `(${PLANTED_WEAK_UTFORARE.utforare})` });
      expect(await row.locator('td[data-col="bedomning"]').innerText()).toBe("Markant avvikande");
      expect(await p.page.locator('[data-chart-id="utforandegrad"] .chart__desc').innerText()).toContain(`${PLANTED_WEAK_UTFORARE.namn} (${PLANTED_WEAK_UTFORARE.utforare})`);
      await screenshot(p.page, "dashboard-utforare-stockholm");
    } finally {
      await p.close();
    }
  });
});
