/**
 * `npm run rapport -- --kommun Stockholm --period 2026-T2 --out rapport.pdf`
 * [--stadsdel NAMN …] [--html rapport.html]: Rapport till nämnden as a PDF for
 * the nämnd's handlingar, made by Debian's headless Chromium.
 *
 * How: in process, without a web server or a sign-in — the CLI opens the
 * database, builds the same view the /rapport page shows (the same query
 * modules, the same suppression of small counts), renders the page's markup
 * with its print CSS and has Chromium print it to PDF (app/lib/pdf.server.ts).
 * The operator of the machine is the reader: the audit log gets a row
 * "rapport.pdf" with the actor `cli:<OS user>`.
 *
 * DuckDB lets one process write the file, and the audit row is a write: while
 * the server runs, use "Ladda ner PDF" on /rapport instead (the CLI says so).
 */
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { defaultDbPath, openDatabase } from "../../etl/db.ts";
import { appendAudit, systemAuditEntry } from "../auth/audit-log.server.ts";
import { ensureAuthSchema } from "../auth/schema.ts";
import { rapportFilters, rapportQuery } from "../components/rapport/context.server.ts";
import { rapportFilnamn, rapportHtml, rapportPdf } from "../components/rapport/pdf.server.tsx";
import { buildRapport } from "../components/rapport/rapport.server.ts";
import { createKysely } from "../db.server.ts";
import { defaultPeriodFor } from "../lib/dashboard.server.ts";
import { isErrorBody } from "../lib/error-body.ts";
import { filterOptions } from "../lib/filter-options.server.ts";
import { chromiumPath, closePdfBrowser, warmPdfBrowser } from "../lib/pdf.server.ts";

const USAGE = `Användning: npm run rapport -- --kommun KOMMUN --period PERIOD --out FIL.pdf [--stadsdel NAMN …] [--html FIL.html]

  --kommun    kommunen, t.ex. Stockholm (utan: kommunen med flest stadsdelar)
  --period    2026-T2 (tertial), 2026 (år), 2026-03 (månad) eller 2025-11..2026-02
              (utan: den senaste hela tertialen i data)
  --stadsdel  en stadsdel (kan upprepas); utan: hela kommunen
  --out       PDF-filen som skrivs (utan: rapport-<kommun>-<period>.pdf)
  --html      skriv även rapportens HTML till den här filen

Databas: LEDSAGNING_DB, annars data/ledsagning.duckdb. Chromium: LEDSAGNING_CHROMIUM, annars /usr/bin/chromium.`;

class UsageError extends Error {}

const Args = z.object({
  kommun: z.string().min(1).optional(),
  period: z.string().min(1).optional(),
  stadsdel: z.array(z.string().min(1)).default([]),
  out: z.string().min(1).optional(),
  html: z.string().min(1).optional(),
});

function parseCli(argv: string[]): z.infer<typeof Args> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        kommun: { type: "string" },
        period: { type: "string" },
        stadsdel: { type: "string", multiple: true },
        out: { type: "string" },
        html: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) throw new UsageError("");
  const parsed = Args.safeParse(values);
  if (!parsed.success) throw new UsageError(`Ogiltig flagga: ${parsed.error.issues[0].path.join(".")}`);
  return parsed.data;
}

/** A 400 from the shared filter validation, as a line for the terminal. */
function filterMessage(err: unknown): string | null {
  const d = (err as { type?: string; data?: unknown })?.type === "DataWithResponseInit" ? (err as { data: unknown }).data : null;
  if (!isErrorBody(d)) return null;
  return d.parameter ? `--${d.parameter}${d.value ? ` "${d.value}"` : ""}: ${d.message}` : d.message;
}

async function main(argv: string[]): Promise<number> {
  const args = parseCli(argv);
  if (!chromiumPath()) {
    throw new UsageError("Chromium hittades inte (/usr/bin/chromium). Installera Debians chromium eller ange LEDSAGNING_CHROMIUM.");
  }
  // Chromium starts while the database is read.
  warmPdfBrowser();
  const dbPath = defaultDbPath();
  let instance;
  try {
    instance = await openDatabase(dbPath);
  } catch (err) {
    if (err instanceof Error && /lock/i.test(err.message)) {
      throw new UsageError(
        `Databasen ${dbPath} används av en annan process (körs Ledsagning?). Stoppa servern och försök igen, ` +
          "eller hämta rapporten med Ladda ner PDF på sidan /rapport.",
      );
    }
    throw err;
  }
  let view;
  try {
    const db = createKysely(instance);
    const options = await filterOptions(db);
    if (options.kommuner.length === 0) throw new UsageError(`Databasen ${dbPath} har inga beräknade uppgifter. Läs in data först (npm run etl).`);
    const sp = new URLSearchParams();
    if (args.kommun) sp.set("kommun", args.kommun);
    if (args.period) sp.set("period", args.period);
    for (const s of args.stadsdel) sp.append("stadsdel", s);
    let filters;
    try {
      filters = rapportFilters(sp, options, defaultPeriodFor(options));
    } catch (err) {
      const msg = filterMessage(err);
      if (msg) throw new UsageError(msg);
      throw err;
    }
    view = await buildRapport(db, filters, options);
    // Logged before the report leaves the machine, as the routes do.
    const conn = await instance.connect();
    try {
      await ensureAuthSchema(conn);
      await appendAudit(conn, {
        ...systemAuditEntry("rapport.pdf", `Rapport till nämnden (npm run rapport): ${view.meta.titel}, ${view.meta.kommun}`, {
          username: `cli:${userInfo().username}`,
          role: null,
        }),
        route: "npm run rapport",
        query: new URLSearchParams(Object.entries(rapportQuery(filters)).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString(),
      });
    } finally {
      conn.closeSync();
    }
  } finally {
    // The file is free for the server again before Chromium starts.
    instance.closeSync();
  }

  const out = resolve(args.out ?? rapportFilnamn(view));
  if (args.html) writeFileSync(resolve(args.html), rapportHtml(view));
  try {
    writeFileSync(out, await rapportPdf(view));
  } finally {
    await closePdfBrowser();
  }
  console.log(`Skrev ${out}: ${view.meta.titel}, ${view.meta.kommun}${view.meta.stadsdelar.length ? ` (${view.meta.stadsdelar.join(", ")})` : ""}.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (err: unknown) => {
    await closePdfBrowser();
    if (err instanceof UsageError) {
      console.error(err.message ? `Fel: ${err.message}\n\n${USAGE}` : USAGE);
      process.exit(err.message ? 2 : 0);
    }
    console.error("Fel: rapporten kunde inte skapas.");
    console.error(err);
    process.exit(1);
  },
);
