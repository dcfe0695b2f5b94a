/**
 * Each demo role in real Chromium (issue 6, "Proof"): sign in with the demo account on
 * the sign-in page, land on the role's home page, see exactly the menu the role's
 * rights give (app/lib/nav.ts filtered by app/auth/roles.ts; written out here), follow
 * a menu link with the client router, and get the 403 page for a page the role may
 * not see — typed in as an address and fetched by the client router alike.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../app/auth/demo.server.ts";
import { ROLE_LABEL } from "../../app/auth/roles.ts";
import { NAV } from "../../app/lib/nav.ts";
import { launchBrowser, screenshot, url, waitForHydration, type DemoRole } from "./support.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const DASHBOARDS = ["Översikt", "Timmar", "Likabedömning", "Jämställdhet", "Omkostnader", "Avslag", "Utförare", "Bevakning"];

interface RoleCase {
  role: DemoRole;
  /** Where sign-in lands, and its heading. */
  home: { path: string; h1: string };
  /** The main menu's links, in order. */
  menu: string[];
  /** A menu link to follow (client-side navigation), and the heading it leads to. */
  follow: { nav: "Huvudmeny" | "Administration"; label: string; path: string; h1: RegExp };
  /** A page the role may not see. */
  forbidden: string;
}

const ROLES: RoleCase[] = [
  {
    role: "forvaltning",
    home: { path: "/", h1: "Översikt" },
    menu: [...DASHBOARDS, "Rapport", "Inläst data"],
    follow: { nav: "Huvudmeny", label: "Rapport", path: "/rapport", h1: /rapport/i },
    forbidden: "/arenden",
  },
  {
    role: "enhetschef",
    home: { path: "/", h1: "Översikt" },
    menu: [...DASHBOARDS, "Ärenden", "Inläst data"],
    follow: { nav: "Huvudmeny", label: "Ärenden", path: "/arenden", h1: /^Ärenden/ },
    forbidden: "/rapport",
  },
  {
    role: "analytiker",
    home: { path: "/", h1: "Översikt" },
    menu: [...DASHBOARDS, "Inläst data"],
    follow: { nav: "Huvudmeny", label: "Timmar", path: "/timmar", h1: /^Timmar/ },
    forbidden: "/arenden",
  },
  {
    role: "admin",
    home: { path: "/admin", h1: "Administration" },
    menu: ["Administration"],
    // The admin section's own menu.
    follow: { nav: "Administration", label: "Användare", path: "/admin/anvandare", h1: /^Användare/ },
    forbidden: "/timmar",
  },
];

/** Every entry the menu can have: what a role must not see is the rest of these. */
const ALL_ENTRIES = [...NAV.filter((n) => n.available).map((n) => n.label), "Administration"];

async function menuLabels(page: Page): Promise<string[]> {
  return page.locator("nav[aria-label=Huvudmeny] a").allInnerTexts();
}

async function expectForbiddenPage(page: Page, label: string): Promise<void> {
  await page.locator("h1#fel-rubrik").waitFor();
  expect(await page.locator("h1").innerText(), label).toBe("Du har inte behörighet");
  expect(await page.locator("[data-status]").innerText(), label).toBe("403");
  // The refused page's own content is not there: no dashboard, case list or report.
  expect(await page.locator("table").count(), label).toBe(0);
}

/** Signs in with the role's demo account through the sign-in form, and returns where it landed. */
async function signInWithForm(context: BrowserContext, role: DemoRole): Promise<Page> {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role)!;
  const page = await context.newPage();
  await page.goto(url("/logga-in"), { waitUntil: "load" });
  // Demo mode: the account is listed on the sign-in page.
  expect(await page.locator("main").innerText()).toContain(account.username);
  await page.fill("#username", account.username);
  await page.fill("#password", account.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/logga-in")), page.click("form.auth-form button[type=submit]")]);
  await page.waitForLoadState("load");
  await waitForHydration(page);
  return page;
}

describe.each(ROLES.map((r) => [r.role, r] as const))("%s", (_role, r) => {
  it("lands on its home page with its own menu, follows a menu link, and gets 403 for a forbidden page", async () => {
    const context = await browser.newContext({ locale: "sv-SE", viewport: { width: 1280, height: 900 } });
    try {
      const page = await signInWithForm(context, r.role);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));

      // Home.
      expect(new URL(page.url()).pathname).toBe(r.home.path);
      expect(await page.locator("h1").first().innerText()).toBe(r.home.h1);
      expect(await menuLabels(page)).toEqual(r.menu);
      for (const absent of ALL_ENTRIES.filter((l) => !r.menu.includes(l))) {
        expect(await page.locator("nav[aria-label=Huvudmeny] a", { hasText: new RegExp(`^${absent}$`) }).count(), absent).toBe(0);
      }
      expect(await page.locator("nav[aria-label=Huvudmeny] button").innerText()).toContain(`(${ROLE_LABEL[r.role]})`);
      await screenshot(page, `roll-${r.role}`);

      // The header's "Ledsagning" link leads home too (for admin: not a 403 on the overview).
      await page.goto(url("/"), { waitUntil: "load" });
      expect(new URL(page.url()).pathname).toBe(r.home.path);

      // A menu link, through the client router.
      await waitForHydration(page);
      await Promise.all([
        page.waitForURL((u) => u.pathname === r.follow.path),
        page.locator(`nav[aria-label=${r.follow.nav}] a`, { hasText: new RegExp(`^${r.follow.label}$`) }).click(),
      ]);
      await page.waitForFunction((re) => new RegExp(re).test(document.querySelector("h1")?.textContent ?? ""), r.follow.h1.source);

      // A forbidden page typed in as an address: the server answers 403 with the error page.
      const res = await page.goto(url(r.forbidden), { waitUntil: "load" });
      expect(res?.status(), r.forbidden).toBe(403);
      await expectForbiddenPage(page, `${r.role} ${r.forbidden}`);
      // The menu is still the role's own.
      expect(await menuLabels(page)).toEqual(r.menu);
      await screenshot(page, `roll-${r.role}-403`);

      // The same page reached by the client router (its data request is refused as well).
      await page.goto(url(r.home.path), { waitUntil: "load" });
      await waitForHydration(page);
      await page.evaluate((to) => (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate(to), r.forbidden);
      await page.waitForURL((u) => u.pathname === r.forbidden);
      await expectForbiddenPage(page, `${r.role} ${r.forbidden} (klientnavigering)`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
