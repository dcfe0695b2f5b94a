/**
 * `/admin/logg`: search the audit log (by user, action, outcome, date range, case
 * pseudonym), check its hash chain, and export the hits as CSV. Looking at the
 * log is itself logged.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AUDIT_ACTION_LABEL, AUDIT_ACTIONS, AUDIT_OUTCOME_LABEL, AUDIT_OUTCOMES } from "../auth/audit-actions.ts";
import { auditLogPage } from "../auth/audit-admin.server.ts";
import { ROLE_LABEL } from "../auth/roles.ts";
import { formatStockholm } from "../auth/time.ts";

export const meta: MetaFunction = () => [{ title: "Granskningslogg – Administration – Ledsagning" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return data(await auditLogPage(request), { headers: { "Cache-Control": "no-store" } });
}

const MAX_PSEUDONYMS_SHOWN = 5;

export default function AdminLogg() {
  const { rows, total, filter, filterQuery, paged, olderThan, chain } = useLoaderData<typeof loader>();
  const older = olderThan === null ? null : `?${new URLSearchParams([...new URLSearchParams(filterQuery), ["fore", String(olderThan)]])}`;
  return (
    <>
      <h1>Granskningslogg</h1>
      <p>
        Loggen kan bara läggas till, aldrig ändras eller raderas från programmet. Varje rad är kedjad till den
        föregående med en kontrollsumma, så att ändringar i databasfilen upptäcks vid kontroll.
      </p>
      <Form method="get" className="filter" aria-label="Sök i granskningsloggen">
        <label htmlFor="f-anvandare">Användare</label>
        <input id="f-anvandare" name="anvandare" defaultValue={filter.anvandare ?? ""} maxLength={100} />
        <label htmlFor="f-handling">Handling</label>
        <select id="f-handling" name="handling" defaultValue={filter.handling ?? ""}>
          <option value="">Alla</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {AUDIT_ACTION_LABEL[a]}
            </option>
          ))}
        </select>
        <label htmlFor="f-utfall">Utfall</label>
        <select id="f-utfall" name="utfall" defaultValue={filter.utfall ?? ""}>
          <option value="">Alla</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {AUDIT_OUTCOME_LABEL[o]}
            </option>
          ))}
        </select>
        <label htmlFor="f-fran">Från</label>
        <input id="f-fran" name="fran" type="date" defaultValue={filter.fran ?? ""} />
        <label htmlFor="f-till">Till</label>
        <input id="f-till" name="till" type="date" defaultValue={filter.till ?? ""} />
        <label htmlFor="f-pseudonym">Ärende (pseudonym)</label>
        <input id="f-pseudonym" name="pseudonym" defaultValue={filter.pseudonym ?? ""} maxLength={100} />
        <button type="submit">Sök</button>
      </Form>
      <p>
        <a href={`/admin/logg.csv${filterQuery ? `?${filterQuery}` : ""}`} download>
          Exportera träffarna som CSV
        </a>{" "}
        ·{" "}
        <Link to={`?${new URLSearchParams([...new URLSearchParams(filterQuery), ["kontroll", "1"]])}`}>Kontrollera loggens kedja</Link>
      </p>
      {chain ? (
        <p className={chain.problem ? "message message--error" : "message"} role={chain.problem ? "alert" : "status"}>
          {chain.problem
            ? `Kontrollen misslyckades vid rad ${chain.problem.id}: ${chain.problem.reason}`
            : `Kedjan är hel: ${chain.rows} rader kontrollerade${chain.otherKeyRows ? ` (varav ${chain.otherKeyRows} skrivna med en tidigare nyckel, där bara kedjan kunde kontrolleras)` : ""}.`}
        </p>
      ) : null}
      <div className="table-scroll">
        <table>
          <caption>
            {total} händelser{paged ? " (äldre sida)" : ""}, nyaste först
          </caption>
          <thead>
            <tr>
              <th scope="col">Tid</th>
              <th scope="col">Användare</th>
              <th scope="col">Handling</th>
              <th scope="col">Utfall</th>
              <th scope="col">Sida och filter</th>
              <th scope="col">Ärenden</th>
              <th scope="col">IP</th>
              <th scope="col">Detalj</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{formatStockholm(r.tidpunkt)}</td>
                <td>
                  {r.username ?? "–"}
                  {r.role ? ` (${ROLE_LABEL[r.role]})` : ""}
                </td>
                <td>{AUDIT_ACTION_LABEL[r.action] ?? r.action}</td>
                <td>{AUDIT_OUTCOME_LABEL[r.outcome] ?? r.outcome}</td>
                <td className="cell-wrap">
                  {r.route ?? "–"}
                  {r.query ? `?${r.query}` : ""}
                </td>
                <td className="cell-wrap">
                  {r.pseudonyms.length === 0
                    ? "–"
                    : r.pseudonyms.slice(0, MAX_PSEUDONYMS_SHOWN).join(", ") +
                      (r.pseudonyms.length > MAX_PSEUDONYMS_SHOWN ? ` och ${r.pseudonyms.length - MAX_PSEUDONYMS_SHOWN} till` : "")}
                </td>
                <td>{r.ip ?? "–"}</td>
                <td className="cell-wrap">{r.detail ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        {paged ? <Link to={`/admin/logg${filterQuery ? `?${filterQuery}` : ""}`}>Nyaste händelserna</Link> : null}
        {paged && older ? " · " : null}
        {older ? <Link to={older}>Äldre händelser</Link> : null}
      </p>
    </>
  );
}
