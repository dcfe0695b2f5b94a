/**
 * The production HTTP server: express with the Remix request handler.
 *
 * Why not remix-serve: the audit log and the sign-in throttle need the client's
 * address, which remix-serve does not pass to loaders. Here the socket's address
 * is written into a header that the app trusts, overwriting anything a client
 * sent under that name (app/auth/request.server.ts reads it).
 */
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "../../etl/db.ts";
import { CLIENT_IP_HEADER } from "../auth/request.server.ts";

const buildPath = resolve(PROJECT_ROOT, "build", "index.js");
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.use((req, _res, next) => {
  req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "";
  next();
});
// Fingerprinted assets never change; everything else in public/ may.
app.use("/build", express.static(resolve(PROJECT_ROOT, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(resolve(PROJECT_ROOT, "public"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  console.log(`[server] lyssnar på port ${port}`);
});
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => {
    // Let the DuckDB handle close on exit (app/db.server.ts) so the WAL is checkpointed.
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  });
}
