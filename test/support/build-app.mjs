/**
 * `node test/support/build-app.mjs OUT_DIR`: the production build of the Remix app
 * (the same compiler and remix.config.js as `remix build`), written to OUT_DIR
 * instead of build/ and public/build/, so a test can serve its own build while
 * other runs rebuild the shared one. OUT_DIR must lie inside the project (e.g.
 * under node_modules/.cache/) for the build's bare imports to resolve.
 *
 * The server code finds the project's files (regelverk, the report's CSS) from
 * its own location (`PROJECT_ROOT` in etl/db.ts is `import.meta.url`/..), so the
 * build's `import.meta.url` is set to where `remix build` puts it, build/index.js.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const out = resolve(process.argv[2] ?? "");
if (!process.argv[2]) {
  console.error("användning: node test/support/build-app.mjs UTKATALOG");
  process.exit(2);
}
const require = createRequire(join(root, "package.json"));
const { readConfig } = require("@remix-run/dev/dist/config.js");
const { build } = require("@remix-run/dev/dist/compiler/build.js");
const { createFileWatchCache } = require("@remix-run/dev/dist/compiler/fileWatchCache.js");
const { logger } = require("@remix-run/dev/dist/tux/logger.js");

try {
  const config = await readConfig(root, "production");
  config.serverBuildPath = join(out, "index.js");
  config.assetsBuildDirectory = join(out, "public", "build");
  config.relativeAssetsBuildDirectory = join(out, "public", "build");
  config.cacheDirectory = join(out, "cache");
  await build({ config, options: { mode: "production", sourcemap: false }, fileWatchCache: createFileWatchCache(), logger });
  const server = config.serverBuildPath;
  const code = readFileSync(server, "utf8");
  if (!code.includes("import.meta.url")) throw new Error("Bygget använder inte import.meta.url: kontrollera PROJECT_ROOT.");
  writeFileSync(server, code.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(join(root, "build", "index.js")).href)));
  // The compiler leaves esbuild's service running; the build is written.
  process.exit(0);
} catch (err) {
  console.error(err);
  process.exit(1);
}
