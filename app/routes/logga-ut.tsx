/**
 * `/logga-ut`: ends the session. Signing out is a POST with the CSRF token (a
 * link that signs out could be triggered by any page); the GET page offers the
 * button for those who arrive by address.
 */
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { CsrfInput } from "../auth/CsrfInput.tsx";
import { getCsrfToken, verifyCsrf } from "../auth/csrf.server.ts";
import { noStoreHeaders } from "../auth/headers.server.ts";
import { signOut } from "../auth/login.server.ts";
import { getUser } from "../auth/policy.server.ts";

export const meta: MetaFunction = () => [{ title: "Logga ut – Ledsagning" }];
export const headers = noStoreHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await getUser(request))) throw redirect("/logga-in");
  return data({ csrfToken: await getCsrfToken(request) }, { headers: { "Cache-Control": "no-store" } });
}

export async function action({ request }: ActionFunctionArgs) {
  // Without a live session there is nothing to protect: just clear the cookie.
  if (await getUser(request)) await verifyCsrf(request, await request.formData());
  const clear = await signOut(request);
  throw redirect("/logga-in?orsak=utloggad", { headers: { "Set-Cookie": clear, "Cache-Control": "no-store" } });
}

export default function LoggaUt() {
  return (
    <>
      <h1>Logga ut</h1>
      <Form method="post">
        <CsrfInput />
        <button type="submit">Logga ut</button>
      </Form>
    </>
  );
}
