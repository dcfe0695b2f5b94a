/**
 * `/admin/logg.csv`: the audit log's rows matching the same filters as the
 * search page, as CSV (streamed; the log can be long). The export is itself
 * logged. The work is in app/auth/audit-admin.server.ts.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditLogCsv } from "../auth/audit-admin.server.ts";

export function loader({ request }: LoaderFunctionArgs) {
  return auditLogCsv(request);
}
