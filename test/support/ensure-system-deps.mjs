// Browser and PDF tests need Debian's Chromium and poppler-utils (pdftotext).
// A fresh machine of this kind has neither, so the test command installs them.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

const need = [];
if (!existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) need.push("chromium");
if (!existsSync("/usr/bin/pdftotext")) need.push("poppler-utils");
if (need.length > 0) {
  console.error(`Installerar systempaket för testerna: ${need.join(", ")}`);
  const sudo = process.getuid && process.getuid() === 0 ? "" : "sudo ";
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${need.join(" ")}`, {
    stdio: ["ignore", "inherit", "inherit"],
  });
}
