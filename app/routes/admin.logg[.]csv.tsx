/**
 * `/admin/logg.csv`: the audit log's rows matching the same filters as the
 * search page, as CSV (streamed in batches; the log can be long). The export is
 * logged before the first byte leaves.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AUDIT_ACTION_LABEL, AUDIT_OUTCOME_LABEL } from "../auth/audit-actions.ts";
import { AuditFilterFields, countAudit, DATE_RANGE_ISSUE, dateRangeInOrder, searchAudit, type AuditRow } from "../auth/audit-log.server.ts";
import { audit } from "../auth/audit.server.ts";
import { withAuthDb } from "../auth/db.server.ts";
import { baseSecurityHeaders } from "../auth/headers.server.ts";
import { requireRight } from "../auth/policy.server.ts";
import { ROLE_LABEL } from "../auth/roles.ts";
import { formatStockholm } from "../auth/time.ts";
import { parseSearchParams } from "../lib/http.server.ts";
import { CsvDialect, csvHeaders, csvStream, type CsvColumn } from "../../queries/csv.ts";

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

export async function loader({ request }: LoaderFunctionArgs) {
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
