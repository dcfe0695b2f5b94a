/**
 * The shared filter bar in real Chromium on the production build (signed in as
 * förvaltning, the small synthetic set of global-setup.ts):
 *
 * - on a page whose default period is a range of months (/stadsdelar: 36 months),
 *   the range's pre-filled fields must not override another period chosen in the
 *   list, with JavaScript and without it;
 * - typing a month in the range chooses "Eget intervall" (with JavaScript);
 * - a page's own parameter (`tid` on /avslag) survives submitting the filter;
 * - the utförare list follows the chosen kommun (and asks for one first), with
 *   JavaScript and without it.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EGET_INTERVALL } from "../../queries/filters.ts";
import { launchBrowser, openPage } from "./support.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A table's body and total rows as the reader sees them. */
async function tableRows(page: Page, id: string): Promise<string[][]> {
  return page.evaluate((tableId) => {
    const t = document.querySelector(`.data-table[data-table-id="${tableId}"] table`);
    if (!t) return [];
    const txt = (el: Element) => (el.textContent ?? "").replace(/\s+/g, " ").trim();
    return [...t.querySelectorAll("tbody tr, tfoot tr")].map((tr) => [...tr.querySelectorAll("th, td")].map(txt));
  }, id);
}

describe("a pre-filled custom range does not override the period list (/stadsdelar)", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`choosing 2026-T2 gives 2026-T2 in the URL and the figures (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const p = await openPage(browser, "/stadsdelar", { javaScriptEnabled });
      try {
        // The default is a range: "Eget intervall" is chosen and its months are filled in.
        expect(await p.page.locator("#f-period").inputValue()).toBe(EGET_INTERVALL);
        expect(await p.page.locator("#f-fran").inputValue()).toMatch(/^\d{4}-\d{2}$/);
        expect(await p.page.locator("#f-till").inputValue()).toMatch(/^\d{4}-\d{2}$/);
        const labelBefore = await p.page.locator(".period-label").innerText();
        expect(labelBefore).toContain("–");
        const before = await tableRows(p.page, "beslut");
        expect(before.length).toBeGreaterThan(1);

        await p.page.selectOption("#f-period", "2026-T2");
        await Promise.all([p.page.waitForURL(/period=2026-T2/), p.page.click("form.filter-bar button[type=submit]")]);
        const url = new URL(p.page.url());
        expect(url.pathname).toBe("/stadsdelar");
        expect(url.searchParams.getAll("period")).toEqual(["2026-T2"]);
        expect(url.searchParams.has("fran")).toBe(false);
        expect(url.searchParams.has("till")).toBe(false);
        await p.page.waitForFunction(() => document.querySelector(".period-label")?.textContent?.includes("Tertial 2 2026"));
        expect(await p.page.locator(".period-label").innerText()).toBe("Tertial 2 2026 (maj–augusti)");
        // The new view's form: the list shows the period, the range is no longer the choice.
        expect(await p.page.locator("#f-period").inputValue()).toBe("2026-T2");
        const after = await tableRows(p.page, "beslut");
        expect(after.length).toBeGreaterThan(1);
        // Four months have fewer beslut than 36: the total row differs.
        expect(after.at(-1)).not.toEqual(before.at(-1));
        // (With JavaScript off, Chromium reports the page's scripts as blocked: not an error of the page.)
        if (javaScriptEnabled) expect(p.consoleErrors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }

  it("typing a month in the range chooses Eget intervall, and the range is the period (JavaScript on)", async () => {
    const p = await openPage(browser, "/timmar");
    try {
      expect(await p.page.locator("#f-period").inputValue()).toBe("2026-T2");
      await p.page.click(".filter-range summary");
      await p.page.fill("#f-fran", "2025-11");
      await p.page.fill("#f-till", "2026-02");
      expect(await p.page.locator("#f-period").inputValue()).toBe(EGET_INTERVALL);
      await Promise.all([p.page.waitForURL(/period=2025-11\.\.2026-02/), p.page.click("form.filter-bar button[type=submit]")]);
      expect(new URL(p.page.url()).search).toBe("?period=2025-11..2026-02");
      await p.page.waitForFunction(() => document.querySelector(".period-label")?.textContent?.includes("November 2025"));
      expect(await p.page.locator(".period-label").innerText()).toBe("November 2025 – februari 2026");
      // Choosing a period again sends no range (the fields are left out): the list's period.
      await p.page.selectOption("#f-period", "2025");
      await Promise.all([p.page.waitForURL(/period=2025$/), p.page.click("form.filter-bar button[type=submit]")]);
      expect(new URL(p.page.url()).search).toBe("?period=2025");
      expect(p.consoleErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});

describe("a page's own parameters survive the filter bar (/avslag)", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`submitting the filter with tid=tertial keeps tid (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const p = await openPage(browser, "/avslag?tid=tertial", { javaScriptEnabled });
      try {
        expect(await p.page.locator('#rubrik-tid ~ p [aria-current="true"]').innerText()).toBe("tertial");
        // A year would be shown by month by default (12 months): a kept `tid` is what makes it tertial.
        await p.page.selectOption("#f-period", "2025");
        await Promise.all([p.page.waitForURL(/period=2025/), p.page.click("form.filter-bar button[type=submit]")]);
        const url = new URL(p.page.url());
        expect(url.pathname).toBe("/avslag");
        expect(url.searchParams.get("period")).toBe("2025");
        expect(url.searchParams.getAll("tid")).toEqual(["tertial"]);
        await p.page.waitForFunction(() => document.querySelector(".period-label")?.textContent?.includes("2025"));
        expect(await p.page.locator('#rubrik-tid ~ p [aria-current="true"]').innerText()).toBe("tertial");
        // The over-time table has the tertials of 2025, not its months.
        const firstCells = (await tableRows(p.page, "tid")).map((r) => r[0]);
        expect(firstCells.filter((c) => /tertial/i.test(c)).length).toBe(3);
        // (With JavaScript off, Chromium reports the page's scripts as blocked: not an error of the page.)
        if (javaScriptEnabled) expect(p.consoleErrors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }

  it("without tid in the URL the filter bar adds none (the period's length decides)", async () => {
    const p = await openPage(browser, "/avslag");
    try {
      await p.page.selectOption("#f-period", "2025");
      await Promise.all([p.page.waitForURL(/period=2025/), p.page.click("form.filter-bar button[type=submit]")]);
      expect(new URL(p.page.url()).searchParams.has("tid")).toBe(false);
      await p.page.waitForFunction(() => document.querySelector(".period-label")?.textContent?.includes("2025"));
      expect(await p.page.locator('#rubrik-tid ~ p [aria-current="true"]').innerText()).toBe("månad");
    } finally {
      await p.close();
    }
  });
});

describe("the utförare list follows the kommun (/timmar)", () => {
  /** The list's options as [value, label], and whether it is disabled. */
  async function utforareList(page: Page): Promise<{ options: string[][]; disabled: boolean; describedBy: string | null }> {
    return page.evaluate(() => {
      const sel = document.querySelector<HTMLSelectElement>("#f-utforare")!;
      return {
        options: [...sel.options].map((o) => [o.value, o.textContent ?? ""]),
        disabled: sel.disabled,
        describedBy: sel.getAttribute("aria-describedby"),
      };
    });
  }

  for (const javaScriptEnabled of [true, false]) {
    it(`without a kommun it asks for one; after Visa it lists that kommun's utförare (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const p = await openPage(browser, "/timmar", { javaScriptEnabled });
      try {
        // Several kommuner, none chosen: no utförare listed, the reason said beside the list.
        const before = await utforareList(p.page);
        expect(before.options).toEqual([["", "Alla"]]);
        expect(before.disabled).toBe(true);
        expect(before.describedBy).toBe("f-utforare-hint");
        expect(await p.page.locator("#f-utforare-hint").innerText()).toBe("Välj kommun och tryck på Visa för att välja utförare.");

        await p.page.selectOption("#f-kommun", "Värmdö");
        await Promise.all([p.page.waitForURL(/kommun=V%C3%A4rmd%C3%B6/), p.page.click("form.filter-bar button[type=submit]")]);
        await p.page.waitForFunction(() => document.querySelectorAll("#f-utforare option").length > 1);
        const after = await utforareList(p.page);
        expect(after.disabled).toBe(false);
        expect(after.describedBy).toBeNull();
        expect(await p.page.locator("#f-utforare-hint").count()).toBe(0);
        const ids = after.options.slice(1).map(([v]) => v);
        expect(ids.length).toBeGreaterThan(0);
        // Värmdö's utförare only: far fewer than all (Stockholm alone has dozens).
        expect(ids.length).toBeLessThan(10);

        // Choosing one sends kommun and utförare, the URL contract as before.
        await p.page.selectOption("#f-utforare", ids[0]);
        await Promise.all([p.page.waitForURL(/utforare=/), p.page.click("form.filter-bar button[type=submit]")]);
        const url = new URL(p.page.url());
        expect(url.searchParams.get("kommun")).toBe("Värmdö");
        expect(url.searchParams.getAll("utforare")).toEqual([ids[0]]);
        if (javaScriptEnabled) expect(p.consoleErrors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }

  it("an utförare chosen in the URL without a kommun stays chosen, and the form keeps it", async () => {
    const first = await openPage(browser, "/timmar?kommun=V%C3%A4rmd%C3%B6");
    const id = (await utforareList(first.page)).options[1][0];
    await first.close();
    const p = await openPage(browser, `/timmar?utforare=${encodeURIComponent(id)}`, { javaScriptEnabled: false });
    try {
      const list = await utforareList(p.page);
      expect(list.options.map(([v]) => v)).toEqual(["", id]);
      expect(list.disabled).toBe(false);
      expect(await p.page.locator("#f-utforare").inputValue()).toBe(id);
      await p.page.selectOption("#f-period", "2025");
      await Promise.all([p.page.waitForURL(/period=2025/), p.page.click("form.filter-bar button[type=submit]")]);
      expect(new URL(p.page.url()).searchParams.getAll("utforare")).toEqual([id]);
    } finally {
      await p.close();
    }
  });
});
