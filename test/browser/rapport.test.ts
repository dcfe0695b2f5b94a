/**
 * /rapport in real Chromium on the production build (test/browser/global-setup.ts):
 * the page as förvaltning sees it, axe-core, without JavaScript, the PDF from the
 * page's link, a table's CSV, the browser's own print (A4 with the running header
 * and page numbers of the print CSS), and refusals.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, openPage, screenshot, SCREENSHOT_DIR, url } from "./support.ts";

const PATH = "/rapport?kommun=Stockholm&period=2026-T2";

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), "ledsagning-rapport-browser-"));
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function pdfText(pdf: Buffer, layout = false): string[] {
  const file = join(dir, `t-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const res = spawnSync("pdftotext", [...(layout ? ["-layout"] : []), "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  expect(res.status, res.stderr).toBe(0);
  return res.stdout
    .split("\f")
    .filter((p, i, all) => i < all.length - 1 || p.trim() !== "")
    .map((p) => p.replace(/[\u00a0\u202f]/g, " ").replace(/\s+/g, " "));
}

describe("/rapport", () => {
  it("shows the report to förvaltning: title, contents, ten sections, a PDF link and a CSV link per table", async () => {
    const p = await openPage(browser, PATH);
    try {
      expect(p.response?.status()).toBe(200);
      expect(await p.page.locator("h1").innerText()).toContain("tertialrapport 2 2026");
      expect(await p.page.locator(".rapport-kicker").innerText()).toMatch(/underlag till nämnden/i);
      expect(await p.page.locator("nav.rapport-toc li").count()).toBe(10);
      expect(await p.page.locator("section.rapport-section").count()).toBe(10);
      const tables = await p.page.locator(".rapport .data-table").count();
      expect(tables).toBeGreaterThan(10);
      // Each section's tables offer their CSV (the charts' own data tables do not).
      expect(await p.page.locator(".rapport-section > .rapport-block .csv-links").count()).toBe(await p.page.locator(".rapport-section > .rapport-block > .data-table").count());
      expect(await p.page.locator("a.rapport-pdf").getAttribute("href")).toBe("/rapport.pdf?kommun=Stockholm&period=2026-T2");
      await screenshot(p.page, "rapport");
      await p.page.screenshot({ path: join(SCREENSHOT_DIR, "rapport-top.png") });
      expect(p.consoleErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it("has no axe-core violations", async () => {
    const p = await openPage(browser, PATH);
    try {
      await expectNoAxeViolations(p.page);
    } finally {
      await p.close();
    }
  });

  it("renders its figures with JavaScript off", async () => {
    const p = await openPage(browser, PATH, { javaScriptEnabled: false });
    try {
      expect(p.response?.status()).toBe(200);
      expect(await p.page.locator("section.rapport-section").count()).toBe(10);
      expect(await p.page.locator("#sammanfattning p").first().innerText()).toMatch(/personer ledsagarservice eller ledsagning|redovisas inte/);
    } finally {
      await p.close();
    }
  });

  it("downloads the PDF from the page's link: A4, every section, page numbers", async () => {
    const p = await openPage(browser, PATH);
    try {
      const href = (await p.page.locator("a.rapport-pdf").getAttribute("href"))!;
      const res = await p.context.request.get(url(href));
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toBe("application/pdf");
      expect(res.headers()["content-disposition"]).toContain("rapport-stockholm-2026-T2.pdf");
      const body = await res.body();
      expect(body.subarray(0, 5).toString()).toBe("%PDF-");
      const pages = pdfText(body);
      const all = pages.join(" ");
      for (const s of ["1 Sammanfattning", "4 Likabedömning mellan stadsdelar", "6 Jämställdhetsanalys", "10 Definitioner och källor"]) expect(all).toContain(s);
      pages.forEach((t, i) => expect(t).toContain(`Sida ${i + 1} av ${pages.length}`));
    } finally {
      await p.close();
    }
  });

  it("gives a table's CSV as the table shows it", async () => {
    const p = await openPage(browser, PATH);
    try {
      const table = p.page.locator('.data-table[data-table-id="avslag-lagrum"]').first();
      const href = (await table.locator(".csv-links a").first().getAttribute("href"))!;
      expect(href).toContain("/rapport.csv?");
      expect(href).toContain("export=avslag-lagrum");
      const res = await p.context.request.get(url(href));
      expect(res.status()).toBe(200);
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.body());
      expect(text.startsWith("\uFEFF")).toBe(true);
      const lines = text.slice(1).trim().split("\r\n");
      const rows = await table.locator("tbody tr, tfoot tr").count();
      expect(lines.length).toBe(rows + 1);
      const firstCell = (await table.locator("tbody tr th").first().innerText()).trim();
      expect(lines[1].split(";")[0]).toBe(firstCell);
      // Hidden cells are "–" in the CSV exactly where the table shows "–".
      const hiddenInTable = await table.locator("td", { hasText: /^–$/ }).count();
      expect(lines.slice(1).flatMap((l) => l.split(";")).filter((c) => c === "–").length).toBe(hiddenInTable);
    } finally {
      await p.close();
    }
  });

  it("prints as A4 from the browser with the running header and page numbers, and without the page's controls", async () => {
    const p = await openPage(browser, PATH);
    try {
      await p.page.emulateMedia({ media: "print" });
      expect(await p.page.locator(".rapport-actions").isVisible()).toBe(false);
      expect(await p.page.locator(".site-header").isVisible()).toBe(false);
      const pdf = await p.page.pdf({ format: "A4", preferCSSPageSize: true });
      const pages = pdfText(pdf);
      expect(pages.length).toBeGreaterThan(8);
      pages.forEach((t, i) => {
        expect(t, `sidan ${i + 1}`).toContain("Underlag till nämnden");
        expect(t, `sidan ${i + 1}`).toContain(`Sida ${i + 1} av ${pages.length}`);
        expect(t, `sidan ${i + 1}`).not.toContain("Visa rapport");
      });
    } finally {
      await p.close();
    }
  });

  it("refuses a role without the right to see the report", async () => {
    const p = await openPage(browser, PATH, { as: "analytiker" });
    try {
      expect(p.response?.status()).toBe(403);
    } finally {
      await p.close();
    }
  });

  it("answers a bad period with a 400 page naming it", async () => {
    const p = await openPage(browser, "/rapport?kommun=Stockholm&period=2026-T4", { javaScriptEnabled: false });
    try {
      expect(p.response?.status()).toBe(400);
      expect(await p.page.locator("main").innerText()).toContain("period");
    } finally {
      await p.close();
    }
  });
});
