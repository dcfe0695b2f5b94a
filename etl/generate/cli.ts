/**
 * `npm run generate -- --out DIR [--seed N] [--years N] [--scale X] [--end YYYY-MM-DD]
 * [--dialect excel|utf8]`: writes the five contract files and reports rows and speed.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { TABLES } from "../contract.ts";
import { generate } from "./index.ts";

const USAGE =
  "Användning: npm run generate -- --out KATALOG [--seed N] [--years N] [--scale X] [--end ÅÅÅÅ-MM-DD] [--dialect excel|utf8]";

function toNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new Error(`--${flag} måste vara ett tal, fick "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      seed: { type: "string" },
      years: { type: "string" },
      scale: { type: "string" },
      end: { type: "string" },
      dialect: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const started = performance.now();
  const result = await generate({
    outDir: values.out ?? "",
    seed: toNumber("seed", values.seed),
    years: toNumber("years", values.years),
    scale: toNumber("scale", values.scale),
    end: values.end,
    dialect: values.dialect as "excel" | "utf8" | undefined,
  });
  const seconds = (performance.now() - started) / 1000;
  let total = 0;
  for (const t of TABLES) {
    total += result.rows[t];
    console.log(`${result.files[t]}: ${result.rows[t].toLocaleString("sv-SE")} rader`);
  }
  console.log(
    `Totalt ${total.toLocaleString("sv-SE")} rader på ${seconds.toFixed(1)} s ` +
      `(${Math.round(total / seconds).toLocaleString("sv-SE")} rader/s).`,
  );
}

main().catch((err: unknown) => {
  if (err instanceof z.ZodError) {
    for (const issue of err.issues) console.error(`Fel: ${issue.message}`);
    console.error(USAGE);
  } else if (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS")) {
    console.error(`Fel: ${err.message}`); // node's own wording names the flag
    console.error(USAGE);
  } else {
    console.error(err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
