/**
 * Helpers for browser tests: Debian's Chromium through playwright-core, pages
 * that record console errors, axe-core checks and screenshots.
 *
 * Usage:
 *   const browser = await launchBrowser();          // in beforeAll
 *   const p = await openPage(browser, "/data");     // p.page, p.response, p.consoleErrors
 *   await expectNoAxeViolations(p.page);
 *   await screenshot(p.page, "data");               // test-results/screenshots/data.png
 *   await p.close(); await browser.close();
 */
import type { AxeResults, Result as AxeViolation } from "axe-core";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page, type Response } from "playwright-core";
import { expect, inject } from "vitest";
import { PROJECT_ROOT } from "../../etl/db.ts";

import { DEMO_ACCOUNTS } from "../../app/auth/demo.server.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

export const SCREENSHOT_DIR = join(PROJECT_ROOT, "test-results", "screenshots");

/** The production server started by global-setup.ts. */
export function baseUrl(): string {
  return inject("baseUrl");
}

/** An absolute URL on the test server. */
export function url(path: string): string {
  return new URL(path, baseUrl()).href;
}

/**
 * Launches Chromium. playwright-core gives every launch a fresh temporary
 * profile (--user-data-dir) and deletes it on close; it refuses the flag in
 * `args`, so no profile can leak between runs or from a developer's browser.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** The main document's response. */
  response: Response | null;
  /** Console errors, uncaught page errors and failed requests, in order. */
  consoleErrors: string[];
  close: () => Promise<void>;
}

/** Opens `path` in a new context (own cookies/storage) and waits until the page has loaded. */
export async function openPage(
  browser: Browser,
  path: string,
  { javaScriptEnabled = true, as = "forvaltning" }: { javaScriptEnabled?: boolean; as?: DemoRole | null } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({ javaScriptEnabled, locale: "sv-SE", viewport: { width: 1280, height: 900 } });
  if (as) await signIn(context, as);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => consoleErrors.push(`pageerror: ${err.message}`));
  page.on("requestfailed", (req) => {
    const why = req.failure()?.errorText ?? "";
    // ERR_ABORTED is the browser cancelling a request that a newer navigation
    // superseded (e.g. a revalidation cut short by a click): not a page error.
    if (why === "net::ERR_ABORTED") return;
    consoleErrors.push(`requestfailed: ${req.url()} ${why}`);
  });
  const response = await page.goto(url(path), { waitUntil: "load" });
  if (javaScriptEnabled) await waitForHydration(page);
  return { page, context, response, consoleErrors, close: () => context.close() };
}

export type DemoRole = "forvaltning" | "enhetschef" | "analytiker" | "admin";

/**
 * Signs the context in as the demo account of a role (the test server runs on
 * synthetic data, so demo mode is on), by posting the real sign-in form.
 */
export async function signIn(context: BrowserContext, role: DemoRole): Promise<void> {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  const page = await context.newPage();
  try {
    await page.goto(url("/logga-in"), { waitUntil: "load" });
    await page.fill("#username", account.username);
    await page.fill("#password", account.password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/logga-in")), page.click("form.auth-form button[type=submit]")]);
  } finally {
    await page.close();
  }
}

/**
 * Waits until React has hydrated the document, so that clicks are handled by
 * the client router and hydration errors have been reported to the console.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    // Remix creates its client router as hydration starts; React marks each DOM
    // node it has claimed with a __reactProps$… key.
    if ((window as unknown as { __remixRouter?: unknown }).__remixRouter === undefined) return false;
    const main = document.querySelector("main");
    return main !== null && Object.keys(main).some((k) => k.startsWith("__reactProps$"));
  });
  // Let the commit and its effects finish, so hydration warnings reach the console first.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
}

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Runs axe-core (all default rules, WCAG 2.1 A/AA included) on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated rather than added as a <script>: the CSP allows only nonce'd scripts.
  await page.evaluate(readFileSync(AXE_PATH, "utf8"));
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx?: unknown) => Promise<AxeResults> } }).axe;
    return axe.run(document);
  });
  return results.violations;
}

/** Asserts zero axe-core violations, listing each one's rule, impact and first nodes if not. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  const report = violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(" ")} — ${n.failureSummary?.replace(/\n/g, " ") ?? ""}`)
        .join("\n"),
  );
  expect(report, `axe-core found violations on ${page.url()}`).toEqual([]);
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
