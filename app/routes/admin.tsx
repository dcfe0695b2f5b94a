/**
 * `/admin`: the administrator's section (users, audit log). This layout only
 * frames the pages: each child loader checks the `admin` right itself, since a
 * child's data can be fetched without its parent's loader running.
 */
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import authStyles from "../auth/auth.css";
import { getCsrfToken } from "../auth/csrf.server.ts";
import { noStoreHeaders } from "../auth/headers.server.ts";
import { requireRight } from "../auth/policy.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: authStyles }];
// Children inherit it: nothing signed in is stored by the browser or a proxy.
export const headers = noStoreHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRight(request, "admin");
  return { csrfToken: await getCsrfToken(request) };
}

export default function AdminLayout() {
  return (
    <>
      <nav aria-label="Administration" className="admin-nav">
        <ul>
          <li>
            <NavLink to="/admin" end>
              Översikt
            </NavLink>
          </li>
          <li>
            <NavLink to="/admin/anvandare">Användare</NavLink>
          </li>
          <li>
            <NavLink to="/admin/logg">Granskningslogg</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
