/**
 * The report's routes called as Remix calls them (loader with a Request), on a
 * small synthetic data set in the app's own database handle: who may see the
 * report, what each view writes to the audit log, the CSV of a table and the PDF.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAuthSchema } from "../../app/auth/schema.ts";
import { closeDb, getDb } from "../../app/db.server.ts";
import { closePdfBrowser } from "../../app/lib/pdf.server.ts";
import * as rapport from "../../app/routes/rapport.tsx";
import * as rapportCsv from "../../app/routes/rapport[.]csv.ts";
import * as rapportPdf from "../../app/routes/rapport[.]pdf.ts";
import { requestAs, signInAs, TEST_SESSION_SECRET, type TestSession } from "../support/auth.ts";
import { loadSynthetic, type RapportFixture } from "./rapport-fixture.ts";

let fx: RapportFixture;
let conn: DuckDBConnection;
let forvaltning: TestSession;
let analytiker: TestSession;
const savedDb = process.env.LEDSAGNING_DB;

beforeAll(async () => {
  fx = await loadSynthetic({ years: 2, scale: 0.1, prefix: "ledsagning-rapport-routes-" });
  fx.instance.closeSync();
  process.env.LEDSAGNING_DB = fx.dbPath;
  process.env.LEDSAGNING_SESSION_SECRET ??= TEST_SESSION_SECRET;
  conn = await (await getDb()).instance.connect();
  await ensureAuthSchema(conn);
  forvaltning = await signInAs(conn, "forvaltning");
  analytiker = await signInAs(conn, "analytiker");
}, 300_000);

afterAll(async () => {
  await closePdfBrowser();
  conn?.closeSync();
  await closeDb();
  if (savedDb === undefined) delete process.env.LEDSAGNING_DB;
  else process.env.LEDSAGNING_DB = savedDb;
  fx?.cleanup();
});

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

/** Runs a loader and returns what reached the client. */
async function call(fn: unknown, request: Request): Promise<{ status: number; headers: Headers; body: unknown; bytes?: Uint8Array }> {
  let result: unknown;
  try {
    result = await (fn as Handler)({ request, params: {}, context: {} });
  } catch (e) {
    result = e;
  }
  if (result instanceof Response) {
    const bytes = new Uint8Array(await result.arrayBuffer());
    const type = result.headers.get("Content-Type") ?? "";
    const body = type.startsWith("text/") ? new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) : null;
    return { status: result.status, headers: result.headers, body, bytes };
  }
  const d = result as { type?: string; data?: unknown; init?: { status?: number } };
  if (d && d.type === "DataWithResponseInit") return { status: d.init?.status ?? 200, headers: new Headers(), body: d.data };
  if (result instanceof Error) throw result;
  return { status: 200, headers: new Headers(), body: result };
}

async function lastAudit(): Promise<Record<string, unknown>> {
  const r = await conn.runAndReadAll("SELECT username, action, outcome, route, query, detail FROM audit_log ORDER BY id DESC LIMIT 1");
  return r.getRowObjectsJson()[0] as Record<string, unknown>;
}

const Q = "kommun=Stockholm&period=2026-T2";

describe("/rapport", () => {
  it("shows förvaltning the report and logs the view with what it covered", async () => {
    const r = await call(rapport.loader, requestAs(`http://localhost/rapport?${Q}`, forvaltning));
    expect(r.status).toBe(200);
    const body = r.body as { view: { meta: { titel: string; periodKey: string }; sektioner: unknown[] }; search: string };
    expect(body.view.meta.titel).toBe("Ledsagarservice och ledsagning: tertialrapport 2 2026");
    expect(body.view.sektioner).toHaveLength(9);
    expect(body.search).toBe(Q);
    const a = await lastAudit();
    expect(a).toMatchObject({ username: forvaltning.user.username, action: "rapport.visa", outcome: "ok", route: "/rapport", query: Q });
  });

  it("refuses a role without the right to see the report, and logs the refusal", async () => {
    const r = await call(rapport.loader, requestAs(`http://localhost/rapport?${Q}`, analytiker));
    expect(r.status).toBe(403);
    expect(await lastAudit()).toMatchObject({ username: analytiker.user.username, action: "behorighet.nekad", outcome: "nekad" });
  });

  it("sends a signed-out reader to the sign-in page", async () => {
    const r = await call(rapport.loader, requestAs(`http://localhost/rapport?${Q}`, null));
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toContain("/logga-in");
  });

  it("answers a filter the report does not apply, and an unknown kommun, with a 400 naming it", async () => {
    const kon = await call(rapport.loader, requestAs(`http://localhost/rapport?${Q}&kon=K`, forvaltning));
    expect(kon.status).toBe(400);
    expect(kon.body).toMatchObject({ parameter: "kon" });
    const kommun = await call(rapport.loader, requestAs("http://localhost/rapport?kommun=Gotland&period=2026-T2", forvaltning));
    expect(kommun.status).toBe(400);
    expect(kommun.body).toMatchObject({ parameter: "kommun", value: "Gotland" });
  });

  it("sends ?export= to the CSV route", async () => {
    const r = await call(rapport.loader, requestAs(`http://localhost/rapport?${Q}&export=gap`, forvaltning));
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe(`/rapport.csv?${Q}&export=gap`);
  });
});

describe("/rapport.csv and /rapport.pdf", () => {
  it("gives a table of the report as CSV for Swedish Excel, and logs the export", async () => {
    const r = await call(rapportCsv.loader, requestAs(`http://localhost/rapport.csv?${Q}&export=timmar-stadsdel`, forvaltning));
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toContain("text/csv");
    const text = r.body as string;
    expect(text.startsWith("\uFEFFStadsdel;")).toBe(true);
    expect(text).toContain("Totalt;");
    expect(await lastAudit()).toMatchObject({ action: "export.sammanstallning", username: forvaltning.user.username });
    const missing = await call(rapportCsv.loader, requestAs(`http://localhost/rapport.csv?${Q}&export=finns-inte`, forvaltning));
    expect(missing.status).toBe(404);
  });

  it("gives the PDF and logs it", async () => {
    const r = await call(rapportPdf.loader, requestAs(`http://localhost/rapport.pdf?${Q}`, forvaltning));
    expect(r.status).toBe(200);
    expect(r.headers.get("Content-Type")).toBe("application/pdf");
    expect(r.headers.get("Content-Disposition")).toBe('attachment; filename="rapport-stockholm-2026-T2.pdf"');
    expect(new TextDecoder().decode(r.bytes!.slice(0, 5))).toBe("%PDF-");
    expect(await lastAudit()).toMatchObject({ action: "rapport.pdf", username: forvaltning.user.username, query: Q });
  });

  it("refuses the PDF and the CSV to a role without the right", async () => {
    expect((await call(rapportPdf.loader, requestAs(`http://localhost/rapport.pdf?${Q}`, analytiker))).status).toBe(403);
    expect((await call(rapportCsv.loader, requestAs(`http://localhost/rapport.csv?${Q}&export=gap`, analytiker))).status).toBe(403);
  });
});
