/**
 * The admin audit-log pages' server side: the search page's data and the CSV
 * export, both logged. Kept out of the route files so that no schema built from
 * server modules ends up in the browser bundle.
 */
import { z } from "zod";
import { CsvDialect, csvHeaders, csvStream, type CsvColumn } from "../../queries/csv.ts";
import { parseSearchParams } from "../lib/http.server.ts";
import { AUDIT_ACTION_LABEL, AUDIT_OUTCOME_LABEL } from "./audit-actions.ts";
import {
  AuditFilterFields,
  countAudit,
  DATE_RANGE_ISSUE,
  dateRangeInOrder,
  searchAudit,
  verifyAuditChain,
  type AuditRow,
  type ChainReport,
} from "./audit-log.server.ts";
import { audit } from "./audit.server.ts";
import { withAuthDb } from "./db.server.ts";
import { baseSecurityHeaders } from "./headers.server.ts";
import { requireRight } from "./policy.server.ts";
import { ROLE_LABEL } from "./roles.ts";
import { formatStockholm } from "./time.ts";

const PAGE_SIZE = 100;

const LogQuery = AuditFilterFields.extend({
  /** Cursor: show rows older than this id. */
  fore: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  kontroll: z.literal("1").optional(),
}).refine(dateRangeInOrder, DATE_RANGE_ISSUE);

/** `/admin/logg`: one page of hits (newest first), optionally the chain check. */
export async function auditLogPage(request: Request) {
  const admin = await requireRight(request, "admin");
  const { fore, kontroll, ...filter } = parseSearchParams(request, LogQuery);
  let chain: ChainReport | null = null;
  if (kontroll) {
    chain = await withAuthDb((conn) => verifyAuditChain(conn));
    await audit(request, admin, {
      action: "admin.logg.kontroll",
      outcome: chain.problem ? "misslyckad" : "ok",
      detail: chain.problem ? `Fel vid rad ${chain.problem.id}` : `${chain.rows} rader kontrollerade`,
    });
  }
  await audit(request, admin, { action: "admin.logg.visa" });
  const [rows, total] = await withAuthDb(async (conn) => [
    await searchAudit(conn, filter, { limit: PAGE_SIZE, beforeId: fore }),
    await countAudit(conn, filter),
  ] as const);
  const filterParams = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === "string"));
  // The cursor for "older": only when this page is full (there may be more).
  const olderThan = rows.length === PAGE_SIZE ? rows[rows.length - 1].id : null;
  return { rows, total, filter, filterQuery: filterParams.toString(), paged: fore !== undefined, olderThan, chain };
}

const ExportQuery = AuditFilterFields.extend({ dialect: CsvDialect }).refine(dateRangeInOrder, DATE_RANGE_ISSUE);

type CsvRow = {
  id: number;
  tid: string;
  anvandare: string;
  roll: string;
  handling: string;
  utfall: string;
  sida: string;
  parametrar: string;
  arenden: string;
  ip: string;
  webblasare: string;
  detalj: string;
};

const COLUMNS: CsvColumn<CsvRow>[] = [
  { key: "id", header: "id" },
  { key: "tid", header: "tid (svensk tid)" },
  { key: "anvandare", header: "användare" },
  { key: "roll", header: "roll" },
  { key: "handling", header: "handling" },
  { key: "utfall", header: "utfall" },
  { key: "sida", header: "sida" },
  { key: "parametrar", header: "parametrar" },
  { key: "arenden", header: "ärenden (pseudonymer)" },
  { key: "ip", header: "ip" },
  { key: "webblasare", header: "webbläsare" },
  { key: "detalj", header: "detalj" },
];

function toCsvRow(r: AuditRow): CsvRow {
  return {
    id: r.id,
    tid: formatStockholm(r.tidpunkt),
    anvandare: r.username ?? "",
    roll: r.role ? ROLE_LABEL[r.role] : "",
    handling: AUDIT_ACTION_LABEL[r.action] ?? r.action,
    utfall: AUDIT_OUTCOME_LABEL[r.outcome] ?? r.outcome,
    sida: r.route ?? "",
    parametrar: r.query ?? "",
    arenden: r.pseudonyms.join(" "),
    ip: r.ip ?? "",
    webblasare: r.userAgent ?? "",
    detalj: r.detail ?? "",
  };
}

const BATCH = 2000;

/** `/admin/logg.csv`: the hits of the same filters as CSV, streamed in batches; the export is logged first. */
export async function auditLogCsv(request: Request): Promise<Response> {
  const admin = await requireRight(request, "admin");
  const { dialect, ...filter } = parseSearchParams(request, ExportQuery);
  // The rows as they are now: rows written during the download (this export's own row too) stay out.
  const [total, newest] = await withAuthDb(async (conn) => [
    await countAudit(conn, filter),
    (await searchAudit(conn, {}, { limit: 1 }))[0]?.id ?? 0,
  ] as const);
  await audit(request, admin, { action: "admin.logg.export", detail: `${total} rader` });

  async function* batches(): AsyncGenerator<CsvRow[]> {
    let beforeId = newest + 1;
    for (;;) {
      const rows = await withAuthDb((conn) => searchAudit(conn, filter, { limit: BATCH, beforeId }));
      if (rows.length === 0) return;
      yield rows.map(toCsvRow);
      if (rows.length < BATCH) return;
      beforeId = rows[rows.length - 1].id;
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  return new Response(csvStream(COLUMNS, batches(), dialect), {
    headers: { ...baseSecurityHeaders(), ...csvHeaders(`granskningslogg-${date}.csv`) },
  });
}
