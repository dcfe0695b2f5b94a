/**
 * `/logga-in`: sign-in with username and password. In demo mode the demo
 * accounts are listed with their passwords, each with its own sign-in button
 * (a plain form: works without JavaScript).
 */
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import authStyles from "../auth/auth.css";
import { CsrfInput } from "../auth/CsrfInput.tsx";
import { verifyCsrf } from "../auth/csrf.server.ts";
import { describeZodError } from "../auth/errors.server.ts";
import { noStoreHeaders } from "../auth/headers.server.ts";
import { afterSignIn, LoginForm, loginPage, signIn } from "../auth/login.server.ts";
import { ROLE_LABEL } from "../auth/roles.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];
export const meta: MetaFunction = () => [{ title: "Logga in – Ledsagning" }];
export const headers = noStoreHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const page = await loginPage(request);
  if ("redirect" in page) throw redirect(page.redirect);
  return data(page.data, { headers: page.headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  await verifyCsrf(request, form);
  const username = String(form.get("username") ?? "").slice(0, 100);
  const parsed = LoginForm.safeParse({
    username: form.get("username") ?? "",
    password: form.get("password") ?? "",
    redirectTo: form.get("redirectTo") ?? undefined,
  });
  if (!parsed.success) {
    return data({ error: describeZodError(parsed.error, { username: "användarnamn", password: "lösenord" }), username }, { status: 400 });
  }
  const result = await signIn(request, parsed.data);
  if (!result.ok) {
    const headers: HeadersInit = result.retryAfterSeconds ? { "Retry-After": String(result.retryAfterSeconds) } : {};
    return data({ error: result.message, username }, { status: result.status, headers });
  }
  const headers = new Headers({ "Cache-Control": "no-store" });
  for (const cookie of result.setCookies) headers.append("Set-Cookie", cookie);
  throw redirect(afterSignIn(result.user, parsed.data.redirectTo), { headers });
}

const NOTICE: Record<"utgangen" | "utloggad", string> = {
  utgangen: "Din session har avslutats, till exempel efter en stunds inaktivitet. Logga in igen.",
  utloggad: "Du är utloggad.",
};

export default function LoggaIn() {
  const { redirectTo, notice, demoAccounts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Logga in</h1>
      {notice ? (
        <p className="message" role="status">
          {NOTICE[notice]}
        </p>
      ) : null}
      {result?.error ? (
        <p className="message message--error" role="alert" id="inloggning-fel">
          {result.error}
        </p>
      ) : null}
      <Form method="post" className="auth-form" aria-describedby={result?.error ? "inloggning-fel" : undefined}>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="field">
          <label htmlFor="username">Användarnamn</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={100}
            defaultValue={result?.username ?? ""}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Lösenord</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required maxLength={200} />
        </div>
        <button type="submit" disabled={busy}>
          Logga in
        </button>
      </Form>
      {demoAccounts.length > 0 ? (
        <section className="demo" aria-labelledby="demo-rubrik">
          <h2 id="demo-rubrik">
            <span className="demo-badge">Demo</span> Demokonton
          </h2>
          <p>
            Databasen innehåller påhittade (syntetiska) uppgifter, så det finns ett demokonto per roll. Kontona och
            lösenorden visas bara i demoläget och tas bort när riktiga uppgifter läses in.
          </p>
          <div className="table-scroll">
            <table>
              <caption>Demokonton och deras lösenord</caption>
              <thead>
                <tr>
                  <th scope="col">Roll</th>
                  <th scope="col">Användarnamn</th>
                  <th scope="col">Lösenord</th>
                  <th scope="col">Stadsdelar</th>
                  <th scope="col">
                    <span className="visually-hidden">Logga in</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {demoAccounts.map((a) => (
                  <tr key={a.username}>
                    <th scope="row">{ROLE_LABEL[a.role]}</th>
                    <td>
                      <code>{a.username}</code>
                    </td>
                    <td>
                      <code>{a.password}</code>
                    </td>
                    <td>{a.stadsdelar.length ? a.stadsdelar.join(", ") : "–"}</td>
                    <td>
                      <Form method="post" className="inline-form">
                        <CsrfInput />
                        <input type="hidden" name="redirectTo" value={redirectTo} />
                        <input type="hidden" name="username" value={a.username} />
                        <input type="hidden" name="password" value={a.password} />
                        <button type="submit" disabled={busy}>
                          Logga in som {ROLE_LABEL[a.role].toLowerCase()}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
