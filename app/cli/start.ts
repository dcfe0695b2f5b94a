/**
 * `npm start` (after `npm run build`): makes sure the database has data — the
 * synthetic data set when it has none — then starts the production server and
 * prints its address.
 *
 * Order matters: DuckDB allows one writing process per file. The data step
 * opens and closes its own handle; only then is the server process started,
 * and it opens the file itself on its first request.
 */
import { defaultDbPath } from "../../etl/db.ts";
import { ensureData, LauncherError } from "./ensure-data.ts";
import { isPortFree, serverBuildExists, startServer, waitUntilReady } from "./server.ts";

const log = (line: string) => console.log(line);

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LauncherError(`PORT måste vara ett heltal 1–65535, inte "${raw}".`);
  }
  return port;
}

async function main(): Promise<number> {
  const port = parsePort(process.env.PORT);
  if (!serverBuildExists()) {
    throw new LauncherError("Appen är inte byggd. Kör npm start (som bygger först) eller npm run build.");
  }
  // Checked before the (possibly long) data step, so a busy port fails at once.
  if (!(await isPortFree(port))) {
    throw new LauncherError(`Port ${port} används redan. Välj en annan, t.ex. PORT=3001 npm start.`);
  }

  const dbPath = defaultDbPath();
  log("Ledsagning startar.");
  await ensureData(dbPath, log);

  log("Startar webbservern …");
  const server = startServer({ port, dbPath, stdio: "inherit" });
  // Ctrl+C or a service manager's stop reaches the server too.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      void server.stop();
    });
  }
  try {
    await waitUntilReady(server);
  } catch (err) {
    await server.stop();
    throw err;
  }
  log("");
  log(`Ledsagning är igång: ${server.url}`);
  log("Öppna adressen i webbläsaren. Stoppa servern med Ctrl+C.");
  const code = await server.exited;
  return typeof code === "number" ? code : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof LauncherError) {
      console.error(`Fel: ${err.message}`);
    } else {
      console.error("Fel: Ledsagning kunde inte starta.");
      console.error(err);
    }
    process.exit(1);
  },
);
