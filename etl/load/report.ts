/** The run summary as Swedish text for stderr, and the progress bar. */
import { basename } from "node:path";
import type { LoadProgress } from "./index.ts";
import type { LoadSummary } from "./summary.ts";

/** Rejections listed per file on stderr; --json and avvisad_rad have more. */
const SHOWN_REJECTS = 10;

const n = (x: number) => x.toLocaleString("sv-SE");

export function formatSummary(summary: LoadSummary): string {
  const lines: string[] = [];
  for (const f of summary.files) {
    const name = `${f.file}${f.table ? ` (${f.table})` : ""}`;
    if (f.error) {
      lines.push(`${name}: ${f.error}`);
      continue;
    }
    const loaded = summary.ok ? `${n(f.loaded)} laddade` : `${n(f.valid)} giltiga`;
    lines.push(`${name}: ${n(f.read)} lästa, ${loaded}, ${n(f.rejectedCount)} avvisade`);
    for (const r of f.rejected.slice(0, SHOWN_REJECTS)) {
      const where = r.column ? `, ${r.column}${r.value !== null ? ` "${r.value}"` : ""}` : "";
      lines.push(`  rad ${r.line}${where}: ${r.reason}`);
    }
    const more = f.rejectedCount - Math.min(f.rejected.length, SHOWN_REJECTS);
    if (more > 0) {
      lines.push(`  … och ${n(more)} till${summary.ok ? " (alla finns i tabellen avvisad_rad)" : " (--json listar fler)"}`);
    }
  }
  for (const s of summary.skipped) lines.push(`Hoppade över ${s.file}: ${s.reason}`);
  for (const [table, u] of Object.entries(summary.units)) {
    if (u.replaced + u.unchanged > 0) {
      lines.push(`${table}: ${n(u.replaced)} leveranser (utförare och månad) ersatta, ${n(u.unchanged)} oförändrade`);
    }
  }
  lines.push(summary.ok ? `Klart: körning ${summary.loadId} sparad.` : (summary.error ?? "Inget laddades."));
  return lines.join("\n") + "\n";
}

/** A one-line progress bar on a terminal; does nothing elsewhere. */
export function progressBar(stream: NodeJS.WriteStream): { update: (p: LoadProgress) => void; done: () => void } {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.bytesDone < p.bytesTotal) return;
      last = now;
      const share = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 1;
      const width = 30;
      const bar = "#".repeat(Math.round(share * width)).padEnd(width, ".");
      const mb = (b: number) => (b / 1e6).toFixed(0);
      stream.write(`\r[${bar}] ${String(Math.round(share * 100)).padStart(3)} % ${basename(p.file)} (${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB)\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write("\r\x1b[K");
    },
  };
}
