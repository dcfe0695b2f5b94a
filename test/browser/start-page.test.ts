/**
 * The app shell and the "what was loaded" pages in real Chromium, on the
 * production build with a database filled by global-setup.ts.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatCount } from "../../app/lib/format.ts";
import { expectNoAxeViolations, launchBrowser, openPage, screenshot } from "./support.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const rowCounts = inject("rowCounts");
const kommuner = inject("kommuner");

// `/` is the Översikt dashboard (test/browser/dashboards-pages.test.ts); what was
// loaded lives at /data. The layout checks below hold on every page, so they use `/`.
describe("loaded data and layout", () => {
  it("loads without console errors and shows what was loaded", async () => {
    const p = await openPage(browser, "/data");
    try {
      expect(p.response?.status()).toBe(200);
      expect(await p.page.getAttribute("html", "lang")).toBe("sv");
      expect(await p.page.locator("h1").innerText()).toBe("Inläst data");
      expect(rowCounts.beslut).toBeGreaterThan(0);
      // Each loaded table's row count, formatted the Swedish way, in its row of the table.
      for (const table of ["beslut", "utforda_timmar", "avbokningar", "omkostnader", "utforare"]) {
        const cell = p.page.locator(`tr[data-table="${table}"] td.num`);
        expect(await cell.innerText(), table).toBe(formatCount(rowCounts[table]));
      }
      const text = await p.page.locator("main").innerText();
      for (const k of kommuner) expect(text).toContain(k);
      expect(text).toMatch(/Perioden som täcks: \d{4}-\d{2}-\d{2}\s–\s\d{4}-\d{2}-\d{2}/);
      expect(text).toContain("Senaste inläsning");
      await screenshot(p.page, "start");
      expect(p.consoleErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it("has no axe-core violations", async () => {
    const p = await openPage(browser, "/");
    try {
      await expectNoAxeViolations(p.page);
    } finally {
      await p.close();
    }
  });

  it("renders its figures with JavaScript disabled", async () => {
    const p = await openPage(browser, "/data", { javaScriptEnabled: false });
    try {
      expect(p.response?.status()).toBe(200);
      const cell = p.page.locator('tr[data-table="beslut"] td.num');
      expect(await cell.innerText()).toBe(formatCount(rowCounts.beslut));
      expect(await p.page.locator("nav[aria-label=Huvudmeny] a").count()).toBeGreaterThan(0);
      await screenshot(p.page, "start-no-js");
    } finally {
      await p.close();
    }
  });

  it("offers a skip link as the first keyboard stop, which moves focus to the content", async () => {
    const p = await openPage(browser, "/");
    try {
      await p.page.keyboard.press("Tab");
      const focused = p.page.locator(":focus");
      expect(await focused.innerText()).toBe("Hoppa till innehållet");
      // The focused skip link is visible (not left off-screen).
      const box = await focused.boundingBox();
      expect(box && box.y >= 0).toBe(true);
      await screenshot(p.page, "skip-link-focused");
      await p.page.keyboard.press("Enter");
      expect(await p.page.evaluate(() => document.activeElement?.id)).toBe("main");
    } finally {
      await p.close();
    }
  });

  it("hides the navigation when printed", async () => {
    const p = await openPage(browser, "/");
    try {
      await p.page.emulateMedia({ media: "print" });
      expect(await p.page.locator("nav[aria-label=Huvudmeny]").isVisible()).toBe(false);
      expect(await p.page.locator("h1").isVisible()).toBe(true);
    } finally {
      await p.close();
    }
  });
});

describe("/data", () => {
  it("shows the same figures, marks the menu's current page, and passes axe", async () => {
    const p = await openPage(browser, "/data");
    try {
      expect(p.response?.status()).toBe(200);
      expect(await p.page.locator("h1").innerText()).toBe("Inläst data");
      expect(await p.page.locator('tr[data-table="beslut"] td.num').innerText()).toBe(formatCount(rowCounts.beslut));
      expect(await p.page.locator('nav a[aria-current="page"]').innerText()).toBe("Inläst data");
      await expectNoAxeViolations(p.page);
      await screenshot(p.page, "data");
      expect(p.consoleErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it("limits the view to one kommun through the URL", async () => {
    const kommun = kommuner[kommuner.length - 1];
    const p = await openPage(browser, `/data?kommun=${encodeURIComponent(kommun)}`);
    try {
      expect(p.response?.status()).toBe(200);
      const headings = await p.page.locator("main h3").allInnerTexts();
      expect(headings).toEqual([kommun]);
      expect(p.consoleErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it.runIf(kommuner.length > 1)("changes kommun with the form, updating the URL", async () => {
    const p = await openPage(browser, "/data");
    try {
      const kommun = kommuner[1];
      await p.page.selectOption("#kommun-val", kommun);
      await Promise.all([p.page.waitForURL(/kommun=/), p.page.click("form.filter button")]);
      expect(new URL(p.page.url()).searchParams.get("kommun")).toBe(kommun);
      await p.page.waitForFunction((k) => document.querySelector("main h3")?.textContent === k, kommun);
      expect(await p.page.locator("main h3").allInnerTexts()).toEqual([kommun]);
      expect(p.consoleErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});

describe("error pages", () => {
  it("answers a bad parameter with a Swedish 400 page that names it, without internals", async () => {
    const p = await openPage(browser, "/data?kommun=Atlantis");
    try {
      expect(p.response?.status()).toBe(400);
      const main = await p.page.locator("main").innerText();
      expect(main).toContain("Parametern kommun med värdet Atlantis kan inte användas");
      expect(main).toContain("400");
      expect(main).not.toMatch(/SELECT|node_modules|at .*\.(js|ts):\d+/);
      await expectNoAxeViolations(p.page);
      await screenshot(p.page, "error-400");
    } finally {
      await p.close();
    }
  });

  it("answers an unknown page with a Swedish 404 page", async () => {
    const p = await openPage(browser, "/finns-inte");
    try {
      expect(p.response?.status()).toBe(404);
      expect(await p.page.locator("h1").innerText()).toBe("Sidan finns inte");
      expect(await p.page.locator("main").innerText()).toContain("404");
      await expectNoAxeViolations(p.page);
    } finally {
      await p.close();
    }
  });
});
