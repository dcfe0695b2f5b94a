/**
 * `npm run etl -- <filer eller mappar> [--allow-rejects] [--json]`
 *
 * Loads the contract files into the database (LEDSAGNING_DB or data/ledsagning.duckdb)
 * in one transaction, then recomputes the rules engine's tables. The summary goes to
 * stderr in Swedish; --json prints it to stdout as well, for scripts. Exit code 0 when
 * the run was committed, 1 when nothing was loaded, 2 on wrong usage.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { PROJECT_ROOT } from "./db.ts";
import { runLoad, type LoadOptions } from "./load/index.ts";
import { formatSummary, progressBar } from "./load/report.ts";

const USAGE = `Användning: npm run etl -- <filer eller mappar> [--allow-rejects] [--json]

  --allow-rejects  ladda de giltiga raderna och spara de avvisade i tabellen avvisad_rad
                   (utan flaggan laddas ingenting om någon rad avvisas)
  --json           skriv sammanfattningen som JSON på stdout
`;

const Args = z.object({
  paths: z.array(z.string().min(1)).min(1, "ange minst en fil eller mapp"),
  allowRejects: z.boolean(),
  json: z.boolean(),
});
type Args = z.infer<typeof Args>;

function parse(argv: string[]): Args | null {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "allow-rejects": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) return null;
    return Args.parse({ paths: positionals, allowRejects: values["allow-rejects"], json: values.json });
  } catch (err) {
    const message = err instanceof z.ZodError ? err.issues.map((i) => i.message).join("; ") : (err as Error).message;
    process.stderr.write(`Fel: ${message}\n\n`);
    return null;
  }
}

/**
 * The rules engine for the load: prepared before its transaction, run inside it after the
 * rows are written, with the end of demo mode. A load through this CLI brings a kommun's
 * own data, so the demo accounts (made for the synthetic set) must go with the same
 * commit: they must never reach real cases.
 */
async function loadEngine(): Promise<Required<Pick<LoadOptions, "derive" | "prepare">>> {
  const store = resolve(PROJECT_ROOT, "etl", "engine", "store.ts");
  type Step = (conn: DuckDBConnection) => Promise<unknown>;
  const mod = (await import(pathToFileURL(store).href)) as { deriveAll?: Step; prepareDerive?: Step };
  if (typeof mod.deriveAll !== "function" || typeof mod.prepareDerive !== "function") {
    throw new Error(`${store} exporterar inte deriveAll och prepareDerive`);
  }
  const { deriveAll, prepareDerive } = mod;
  const { disableDemoMode } = await import("../app/auth/demo.server.ts");
  return {
    prepare: prepareDerive,
    derive: async (conn) => {
      await deriveAll(conn);
      await disableDemoMode(conn);
    },
  };
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (args === null) {
    process.stderr.write(USAGE);
    return 2;
  }
  const bar = progressBar(process.stderr);
  const summary = await runLoad({
    paths: args.paths,
    allowRejects: args.allowRejects,
    ...(await loadEngine()),
    onProgress: bar.update,
  });
  bar.done();
  process.stderr.write(formatSummary(summary));
  if (args.json) process.stdout.write(JSON.stringify(summary) + "\n");
  return summary.ok ? 0 : 1;
}

process.exitCode = await main();
