/**
 * The case list and a case page in real Chromium, on the production build with the
 * synthetic data of global-setup.ts: filtering and paging change the URL and the
 * counts, a case shows its ledger and the reasons, the CSV download is the list,
 * axe-core finds nothing, and both pages work with JavaScript off.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoAxeViolations, launchBrowser, openPage, screenshot, url, waitForHydration } from "./support.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The number in the lead sentence ("41 ärenden som …"). */
async function leadCount(page: Page): Promise<number> {
  const text = await page.locator("#urval strong").first().innerText();
  return Number(text.replace(/\s/g, ""));
}

async function rowIds(page: Page): Promise<string[]> {
  return page.locator("table.case-list tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-arende") ?? ""));
}

/**
 * An enhetschef for every stadsdel, made on the admin page: the demo enhetschef's two
 * stadsdelar hold fewer than one page of cases, and paging needs more.
 */
const WIDE = { username: `alla-stadsdelar-${process.pid}`, password: "testlösenord-för-alla" };

async function createWideEnhetschef(): Promise<void> {
  const p = await openPage(browser, "/admin/anvandare", { as: "admin" });
  try {
    const form = p.page.locator("form", { has: p.page.locator("#ny-username") });
    await form.locator("#ny-username").fill(WIDE.username);
    await form.locator("#ny-role").selectOption("enhetschef");
    await form.locator("#ny-password").fill(WIDE.password);
    for (const box of await form.locator('input[type=checkbox][name="stadsdel"]').all()) await box.check();
    await Promise.all([p.page.waitForLoadState("networkidle"), form.locator("button[type=submit]").click()]);
    await p.page.waitForFunction((name) => document.body.innerText.includes(name), WIDE.username);
  } finally {
    await p.close();
  }
}

async function openAsWide(path: string): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ locale: "sv-SE", viewport: { width: 1280, height: 900 } });
  const login = await context.newPage();
  await login.goto(url("/logga-in"), { waitUntil: "load" });
  await login.fill("#username", WIDE.username);
  await login.fill("#password", WIDE.password);
  await Promise.all([
    login.waitForURL((u) => !u.pathname.startsWith("/logga-in")),
    login.click("form.auth-form button[type=submit]"),
  ]);
  await login.close();
  const page = await context.newPage();
  await page.goto(url(path), { waitUntil: "load" });
  await waitForHydration(page);
  return { page, context };
}

describe("/arenden", () => {
  it("filters through the form: the URL and the count change", async () => {
    const p = await openPage(browser, "/arenden?period=2025", { as: "enhetschef" });
    try {
      expect(p.response?.status()).toBe(200);
      expect(await p.page.locator("h1").innerText()).toBe("Ärenden");
      const before = await leadCount(p.page);
      expect(before).toBeGreaterThan(0);
      expect(await p.page.locator("table.case-list tbody tr").count()).toBe(Math.min(before, 50));
      // A link shows its list first; the filters are one click away.
      expect(await p.page.locator(".filter-panel").getAttribute("open")).toBeNull();
      await p.page.locator(".filter-panel > summary").click();
      await p.page.getByLabel("Farsta", { exact: false }).first().check();
      await Promise.all([p.page.waitForURL(/stadsdel=Farsta/), p.page.getByRole("button", { name: "Visa ärenden" }).click()]);
      await p.page.waitForFunction(() => document.querySelector("#urval")?.textContent?.includes("Farsta"));
      const after = await leadCount(p.page);
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThan(before);
      expect(new URL(p.page.url()).searchParams.get("period")).toBe("2025");
      // Sorting is a link too.
      await Promise.all([
        p.page.waitForURL(/sort=utforda%3Adesc|sort=utforda:desc/),
        p.page.getByRole("link", { name: /^Utförda tim/ }).click(),
      ]);
      await expect.poll(() => p.page.locator("th[aria-sort=descending]").innerText()).toMatch(/Utförda/);
      await screenshot(p.page, "arenden-lista");
      expect(p.consoleErrors.join("\n")).toBe("");
    } finally {
      await p.close();
    }
  });

  it("pages 50 at a time: the URL, the rows and the current page change", async () => {
    await createWideEnhetschef();
    const { page, context } = await openAsWide("/arenden?period=2025");
    try {
      const total = await leadCount(page);
      expect(total).toBeGreaterThan(50);
      const first = await rowIds(page);
      expect(first).toHaveLength(50);
      await expect.poll(() => page.locator(".pagination").innerText()).toMatch(/Sida 1 av \d+/);
      await Promise.all([page.waitForURL(/sida=2/), page.getByRole("link", { name: "Nästa ›" }).click()]);
      await expect.poll(() => page.locator('.pagination [aria-current="page"]').innerText()).toMatch(/2/);
      const second = await rowIds(page);
      expect(second.length).toBe(Math.min(50, total - 50));
      expect(second.some((id) => first.includes(id))).toBe(false);
      // The total row counts every case, not the page.
      expect(Number((await page.locator("tfoot th").innerText()).replace(/\D/g, ""))).toBe(total);
    } finally {
      await context.close();
    }
  });

  it("downloads the whole list as CSV for Excel", async () => {
    const p = await openPage(browser, "/arenden?period=2025&utfall=avslag&utfall=delavslag", { as: "enhetschef" });
    try {
      const total = await leadCount(p.page);
      const [download] = await Promise.all([
        p.page.waitForEvent("download"),
        p.page.getByRole("link", { name: /för Excel/ }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("arenden_2025.csv");
      const chunks: Buffer[] = [];
      for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString("utf8");
      expect(text.startsWith("\uFEFF")).toBe(true);
      const lines = text.slice(1).trim().split("\r\n");
      expect(lines[0].split(";")[0]).toBe("ärende (pseudonym)");
      expect(lines).toHaveLength(total + 1);
    } finally {
      await p.close();
    }
  });

  it("answers a bad parameter with a Swedish 400 page naming it", async () => {
    const p = await openPage(browser, "/arenden?sida=noll", { as: "enhetschef" });
    try {
      expect(p.response?.status()).toBe(400);
      expect(await p.page.locator("main").innerText()).toMatch(/Parametern sida/);
    } finally {
      await p.close();
    }
  });

  it("has no axe-core violations", async () => {
    const p = await openPage(browser, "/arenden?period=2025&matt=forverkade", { as: "enhetschef" });
    try {
      await expectNoAxeViolations(p.page);
    } finally {
      await p.close();
    }
  });

  it("works with JavaScript off: rows, total, and the filter form", async () => {
    const p = await openPage(browser, "/arenden?period=2025", { as: "enhetschef", javaScriptEnabled: false });
    try {
      expect(p.response?.status()).toBe(200);
      const before = await leadCount(p.page);
      expect(await p.page.locator("table.case-list tbody tr").count()).toBe(Math.min(before, 50));
      await p.page.locator(".filter-panel > summary").click();
      await p.page.getByLabel("Kvinnor").check();
      await Promise.all([p.page.waitForURL(/kon=K/), p.page.getByRole("button", { name: "Visa ärenden" }).click()]);
      expect(await leadCount(p.page)).toBeLessThan(before);
      await screenshot(p.page, "arenden-lista-utan-js");
    } finally {
      await p.close();
    }
  });
});

describe("/arenden/<id>", () => {
  /** The first case of the list with flags and lapsed hours, opened from the list. */
  async function openCase(javaScriptEnabled = true) {
    const p = await openPage(browser, "/arenden?period=2025&matt=forverkade", { as: "enhetschef", javaScriptEnabled });
    const link = p.page.locator("table.case-list tbody tr th a").first();
    const id = await link.innerText();
    await Promise.all([p.page.waitForURL(new RegExp(`/arenden/${id}`)), link.click()]);
    if (javaScriptEnabled) await waitForHydration(p.page);
    return { ...p, id };
  }

  it("shows the case's ledger, chart and the reasons, under its pseudonym", async () => {
    const p = await openCase();
    try {
      expect(await p.page.locator("h1").innerText()).toContain(p.id);
      const main = await p.page.locator("main").innerText();
      for (const heading of [
        "Beslut",
        "Timmar per månad",
        "Flexperioder",
        "Avbokningar och minsta debitering",
        "Omkostnader",
        "Flaggor",
        "Regelverk",
      ]) {
        expect(main).toContain(heading);
      }
      expect(await p.page.locator("table.ledger tbody tr").count()).toBeGreaterThan(0);
      expect(await p.page.locator("table.ledger tbody tr.in-period").count()).toBeGreaterThan(0);
      expect(await p.page.locator(".chart__svg svg").count()).toBe(1);
      expect(await p.page.locator(".chart__svg").getAttribute("role")).toBe("img");
      // Reasons: the engine's sentences with their rules, e.g. a flex period's lapse (R2).
      expect(main).toMatch(/förverkas vid periodens slut .*\(R2\)/);
      expect(main).toMatch(/Källa/);
      expect(main).not.toMatch(/\d{8}-\d{4}/); // never a personnummer
      await screenshot(p.page, "arende");
      expect(p.consoleErrors.join("\n")).toBe("");
      await Promise.all([
        p.page.waitForURL(/\/arenden\?/),
        p.page.getByRole("link", { name: /Tillbaka till ärendelistan/ }).click(),
      ]);
      expect(new URL(p.page.url()).searchParams.get("matt")).toBe("forverkade");
    } finally {
      await p.close();
    }
  });

  it("has no axe-core violations", async () => {
    const p = await openCase();
    try {
      await expectNoAxeViolations(p.page);
    } finally {
      await p.close();
    }
  });

  it("works with JavaScript off", async () => {
    const p = await openCase(false);
    try {
      expect(await p.page.locator("h1").innerText()).toContain(p.id);
      expect(await p.page.locator(".chart__svg svg").count()).toBe(1);
      expect(await p.page.locator("table.ledger tbody tr").count()).toBeGreaterThan(0);
      await screenshot(p.page, "arende-utan-js");
    } finally {
      await p.close();
    }
  });

  it("answers an unknown pseudonym with a Swedish 404", async () => {
    const p = await openPage(browser, "/arenden/0123456789abcdef", { as: "enhetschef" });
    try {
      expect(p.response?.status()).toBe(404);
      expect(await p.page.locator("main").innerText()).toMatch(/inget ärende med den pseudonymen/);
    } finally {
      await p.close();
    }
  });
});
