/**
 * From the paths a user gives (files or folders) to the files of one run. A folder
 * contributes its CSV files (not its subfolders); the same file named twice is loaded
 * once, since loading it twice in one run would duplicate its rows.
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import { extname, join } from "node:path";

export interface RunFile {
  path: string;
  /** Found in a folder rather than named: a non-contract file there is skipped, not an error. */
  fromFolder: boolean;
}

const CSV_EXTENSIONS = new Set([".csv", ".txt"]);

export function expandPaths(paths: string[]): RunFile[] {
  const out: RunFile[] = [];
  const seen = new Set<string>();
  const add = (path: string, fromFolder: boolean) => {
    let key = path;
    try {
      key = realpathSync(path);
    } catch {
      // A missing file is reported by the sniffer.
    }
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, fromFolder });
  };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      add(p, false);
      continue;
    }
    const names = readdirSync(p, { withFileTypes: true })
      .filter((e) => e.isFile() && CSV_EXTENSIONS.has(extname(e.name).toLowerCase()))
      .map((e) => e.name)
      .sort();
    for (const name of names) add(join(p, name), true);
  }
  return out;
}
