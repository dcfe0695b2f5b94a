/** `/admin/anvandare`: accounts — create, remove, change password, role and stadsdelar. */
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { knownStadsdelar, runAdminForm, userList } from "../auth/admin.server.ts";
import { CsrfInput } from "../auth/CsrfInput.tsx";
import { verifyCsrf } from "../auth/csrf.server.ts";
import { requireRight } from "../auth/policy.server.ts";
import { ROLE_LABEL, ROLES } from "../auth/roles.ts";
import { formatStockholm } from "../auth/time.ts";

export const meta: MetaFunction = () => [{ title: "Användare – Administration – Ledsagning" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRight(request, "admin");
  const [users, stadsdelar] = await Promise.all([userList(), knownStadsdelar()]);
  return data({ users, stadsdelar }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRight(request, "admin");
  const form = await request.formData();
  await verifyCsrf(request, form);
  const result = await runAdminForm(request, admin, form);
  return data(result, { status: result.ok ? 200 : result.status });
}

function RoleSelect({ id }: { id: string }) {
  return (
    <select id={id} name="role" required defaultValue="">
      <option value="" disabled>
        Välj roll
      </option>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABEL[r]}
        </option>
      ))}
    </select>
  );
}

function StadsdelFields({ prefix, known }: { prefix: string; known: string[] }) {
  return (
    <>
      {known.length > 0 ? (
        <fieldset className="checkbox-group">
          <legend>Stadsdelar (bara för enhetschef)</legend>
          {known.map((s, i) => (
            <label key={s} htmlFor={`${prefix}-sd-${i}`}>
              <input type="checkbox" id={`${prefix}-sd-${i}`} name="stadsdel" value={s} /> {s}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor={`${prefix}-ovriga`}>{known.length > 0 ? "Andra stadsdelar" : "Stadsdelar (bara för enhetschef)"}</label>
        <textarea id={`${prefix}-ovriga`} name="ovriga" rows={2} aria-describedby={`${prefix}-ovriga-hint`} />
        <p className="field-hint" id={`${prefix}-ovriga-hint`}>
          En per rad, som kommun/stadsdel, till exempel Stockholm/Farsta.
        </p>
      </div>
    </>
  );
}

function UserSelect({ id, users }: { id: string; users: { username: string }[] }) {
  return (
    <select id={id} name="username" required defaultValue="">
      <option value="" disabled>
        Välj användare
      </option>
      {users.map((u) => (
        <option key={u.username} value={u.username}>
          {u.username}
        </option>
      ))}
    </select>
  );
}

export default function AdminAnvandare() {
  const { users, stadsdelar } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Användare</h1>
      {result ? (
        <p className={result.ok ? "message" : "message message--error"} role={result.ok ? "status" : "alert"}>
          {result.ok ? "" : "Fel: "}
          {result.message}
        </p>
      ) : null}
      <div className="table-scroll">
        <table>
          <caption>Konton ({users.length})</caption>
          <thead>
            <tr>
              <th scope="col">Användarnamn</th>
              <th scope="col">Roll</th>
              <th scope="col">Stadsdelar</th>
              <th scope="col">Skapad</th>
              <th scope="col">Lösenord bytt</th>
              <th scope="col" className="num">
                Aktiva sessioner
              </th>
              <th scope="col">
                <span className="visually-hidden">Åtgärd</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.username}>
                <th scope="row">
                  {u.username} {u.isDemo ? <span className="demo-badge">Demo</span> : null}
                </th>
                <td>{ROLE_LABEL[u.role]}</td>
                <td>{u.stadsdelar.length ? u.stadsdelar.join(", ") : "–"}</td>
                <td className="nowrap">{formatStockholm(u.createdAt)}</td>
                <td className="nowrap">{formatStockholm(u.passwordChangedAt)}</td>
                <td className="num">{u.activeSessions}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="ta-bort" />
                    <input type="hidden" name="username" value={u.username} />
                    <button type="submit" aria-label={`Ta bort ${u.username}`}>
                      Ta bort
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Ny användare</h2>
      <Form method="post" className="auth-form">
        <CsrfInput />
        <input type="hidden" name="intent" value="skapa" />
        <div className="field">
          <label htmlFor="ny-username">Användarnamn</label>
          <input id="ny-username" name="username" required maxLength={64} autoComplete="off" aria-describedby="ny-username-hint" />
          <p className="field-hint" id="ny-username-hint">
            2–64 tecken: a–z, 0–9, punkt, bindestreck eller understreck.
          </p>
        </div>
        <div className="field">
          <label htmlFor="ny-role">Roll</label>
          <RoleSelect id="ny-role" />
        </div>
        <div className="field">
          <label htmlFor="ny-password">Lösenord</label>
          <input id="ny-password" name="password" type="password" required minLength={10} maxLength={200} autoComplete="new-password" aria-describedby="ny-password-hint" />
          <p className="field-hint" id="ny-password-hint">
            Minst 10 tecken. Lämna det till användaren på ett säkert sätt.
          </p>
        </div>
        <StadsdelFields prefix="ny" known={stadsdelar} />
        <button type="submit">Skapa användare</button>
      </Form>

      <h2>Byt lösenord</h2>
      <Form method="post" className="auth-form">
        <CsrfInput />
        <input type="hidden" name="intent" value="losenord" />
        <div className="field">
          <label htmlFor="pw-username">Användare</label>
          <UserSelect id="pw-username" users={users} />
        </div>
        <div className="field">
          <label htmlFor="pw-password">Nytt lösenord</label>
          <input id="pw-password" name="password" type="password" required minLength={10} maxLength={200} autoComplete="new-password" />
        </div>
        <button type="submit">Byt lösenord</button>
      </Form>

      <h2>Ändra roll och stadsdelar</h2>
      <Form method="post" className="auth-form">
        <CsrfInput />
        <input type="hidden" name="intent" value="roll" />
        <div className="field">
          <label htmlFor="roll-username">Användare</label>
          <UserSelect id="roll-username" users={users} />
        </div>
        <div className="field">
          <label htmlFor="roll-role">Ny roll</label>
          <RoleSelect id="roll-role" />
        </div>
        <StadsdelFields prefix="roll" known={stadsdelar} />
        <button type="submit">Spara</button>
      </Form>
    </>
  );
}
