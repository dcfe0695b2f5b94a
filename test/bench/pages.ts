/**
 * Server time per page: the production server (app/cli/server.ts, build/index.js) as a
 * child process on a copy of a derived database, signed in as the demo förvaltning
 * account through the real sign-in form, then sequential GETs per page.
 */
import { readFileSync } from "node:fs";
import { DEMO_ACCOUNTS } from "../../app/auth/demo.server.ts";
import { freePort, startServer, waitUntilReady, type ServerHandle } from "../../app/cli/server.ts";
import { summarize, type PageRow } from "./lib.ts";
import { BENCH_ENV, type Log } from "./support.ts";

/** Every dashboard route of issues 3–5; the ones that 404 are reported as missing. */
export const ROUTES = ["/", "/timmar", "/stadsdelar", "/kon", "/omkostnader", "/avslag", "/utforare", "/bevakning", "/arenden", "/rapport"];

export interface RunningServer {
  server: ServerHandle;
  /** Signed in as the demo förvaltning account (every dashboard). */
  cookie: string;
  /** Signs in as another demo account (for the case pages, which förvaltning may not see). */
  cookieAs: (role: "enhetschef" | "analytiker") => Promise<{ username: string; cookie: string }>;
  url: string;
  stop: () => Promise<void>;
  /** VmHWM of the server process: its peak RSS so far. */
  peakRssBytes: () => number | null;
}

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]);
}

/** Signs in through GET + POST /logga-in, as a browser would; returns the Cookie header. */
export async function signIn(url: string, username: string, password: string): Promise<string> {
  const page = await fetch(`${url}/logga-in`, { redirect: "manual" });
  const html = await page.text();
  const jar = new Map<string, string>();
  for (const c of cookiesOf(page)) jar.set(c.split("=")[0], c);
  const token = /name="_csrf"[^>]*value="([^"]*)"/.exec(html)?.[1] ?? /value="([^"]*)"[^>]*name="_csrf"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF token on /logga-in (HTTP ${page.status})`);
  const body = new URLSearchParams({ _csrf: token, username, password, redirectTo: "/" });
  const res = await fetch(`${url}/logga-in`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: [...jar.values()].join("; "),
      Origin: url,
      "Sec-Fetch-Site": "same-origin",
    },
    body,
  });
  await res.arrayBuffer();
  for (const c of cookiesOf(res)) jar.set(c.split("=")[0], c);
  if (res.status !== 302 && res.status !== 303) throw new Error(`sign-in answered HTTP ${res.status}, not a redirect`);
  if (!jar.has("ledsagning_session")) throw new Error("sign-in set no session cookie");
  return [...jar.values()].join("; ");
}

export async function startSignedIn(dbPath: string, log: Log): Promise<RunningServer> {
  const port = await freePort();
  const server = startServer({ port, dbPath, env: BENCH_ENV, stdio: "pipe" });
  try {
    await waitUntilReady(server, 300_000);
    const forvaltning = DEMO_ACCOUNTS.find((a) => a.role === "forvaltning");
    if (!forvaltning) throw new Error("no demo förvaltning account in app/auth/demo.server.ts");
    const cookie = await signIn(server.url, forvaltning.username, forvaltning.password);
    log(`  server on ${server.url}, signed in as ${forvaltning.username}`);
    const others = new Map<string, { username: string; cookie: string }>();
    const cookieAs = async (role: "enhetschef" | "analytiker") => {
      let c = others.get(role);
      if (!c) {
        const a = DEMO_ACCOUNTS.find((x) => x.role === role);
        if (!a) throw new Error(`no demo ${role} account`);
        c = { username: a.username, cookie: await signIn(server.url, a.username, a.password) };
        others.set(role, c);
      }
      return c;
    };
    return {
      server,
      cookie,
      cookieAs,
      url: server.url,
      stop: () => server.stop(),
      peakRssBytes: () => vmHwm(server.child.pid),
    };
  } catch (err) {
    await server.stop();
    throw new Error(`${(err as Error).message}\n--- server output ---\n${server.output().slice(-3000)}`);
  }
}

function vmHwm(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function timedGet(url: string, cookie: string): Promise<{ ms: number; status: number; bytes: number; location: string | null }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { Cookie: cookie, Accept: "text/html" }, redirect: "manual", signal: AbortSignal.timeout(120_000) });
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status, bytes: body.byteLength, location: res.headers.get("location") };
}

/** Times every route: `warmups` untimed requests, then `requests` timed ones, one after another. */
export async function measurePages(
  s: RunningServer,
  opts: { routes?: string[]; requests: number; warmups: number; log: Log },
): Promise<PageRow[]> {
  const rows: PageRow[] = [];
  for (const route of opts.routes ?? ROUTES) {
    const url = `${s.url}${route}`;
    let cookie = s.cookie;
    let as: string | undefined;
    let first = await timedGet(url, cookie).catch((err: unknown) => ({ error: (err as Error).message }));
    if (!("error" in first) && first.status === 403) {
      // The case pages are for enhetschefer (their own stadsdelar), not förvaltning.
      const other = await s.cookieAs("enhetschef");
      cookie = other.cookie;
      as = other.username;
      first = await timedGet(url, cookie).catch((err: unknown) => ({ error: (err as Error).message }));
    }
    if ("error" in first) {
      rows.push({ route, as, status: 0, bytes: 0, summary: null, note: `request failed: ${first.error}` });
      opts.log(`  ${route}: request failed`);
      continue;
    }
    if (first.status === 404) {
      rows.push({ route, as, status: 404, bytes: first.bytes, summary: null, note: "404: page does not exist yet" });
      opts.log(`  ${route}: 404, skipped`);
      continue;
    }
    if (first.status !== 200) {
      const where = first.location ? ` → ${first.location}` : "";
      rows.push({ route, as, status: first.status, bytes: first.bytes, summary: null, note: `HTTP ${first.status}${where}: not timed` });
      opts.log(`  ${route}: HTTP ${first.status}${where}, skipped`);
      continue;
    }
    for (let i = 1; i < opts.warmups; i++) await timedGet(url, cookie);
    const samples: number[] = [];
    let bytes = first.bytes;
    let status = 200;
    for (let i = 0; i < opts.requests; i++) {
      const r = await timedGet(url, cookie);
      samples.push(r.ms);
      bytes = r.bytes;
      if (r.status !== 200) status = r.status;
    }
    const summary = summarize(samples);
    rows.push({ route, as, status, bytes, summary, note: status !== 200 ? `a timed request answered HTTP ${status}` : undefined });
    opts.log(`  ${route}${as ? ` (as ${as})` : ""}: p50 ${summary.p50.toFixed(1)} ms, p95 ${summary.p95.toFixed(1)} ms (${Math.round(bytes / 1024)} kB)`);
  }
  return rows;
}
