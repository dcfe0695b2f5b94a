/**
 * The page shell every route renders in: Swedish, a skip link, the product
 * header with the main navigation, and one ErrorBoundary that turns any error
 * into a Swedish page with its HTTP status — never a stack trace or SQL.
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
  Form,
} from "@remix-run/react";
import { CsrfInput } from "./auth/CsrfInput.tsx";
import { useNonce } from "./auth/nonce.tsx";
import { getViewer } from "./auth/policy.server.ts";
import { can, ROLE_LABEL } from "./auth/roles.ts";
import type { ReactNode } from "react";
import { isErrorBody } from "./lib/error-body.ts";
import { navItems } from "./lib/nav.ts";
import stylesHref from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ error }) => [{ title: error ? "Fel – Ledsagning" : "Ledsagning" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return getViewer(request);
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="sv">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Hoppa till innehållet
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <Link to="/" className="brand">
              Ledsagning
            </Link>
            <MainNav />
          </div>
        </header>
        {/* tabIndex -1: the skip link moves keyboard focus here, not just the scroll position. */}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>Ledsagning – uppföljning av ledsagarservice (LSS) och ledsagning (SoL).</p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function MainNav() {
  const viewer = useRouteLoaderData<typeof loader>("root");
  const user = viewer?.user ?? null;
  if (!user) return null;
  return (
    <nav aria-label="Huvudmeny" className="main-nav">
      <ul>
        {navItems((right) => can(user, right)).map((item) => (
          <li key={item.to}>
            {/* NavLink marks the current page with aria-current="page". */}
            <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
              {item.label}
            </NavLink>
          </li>
        ))}
        {can(user, "admin") ? (
          <li>
            <NavLink to="/admin">Administration</NavLink>
          </li>
        ) : null}
        <li>
          <Form method="post" action="/logga-ut">
            <CsrfInput />
            <button type="submit">Logga ut {user.username} ({ROLE_LABEL[user.role]})</button>
          </Form>
        </li>
      </ul>
    </nav>
  );
}

export default function App() {
  return <Outlet />;
}

const TITLES: Record<number, string> = {
  400: "Felaktig adress",
  401: "Du behöver logga in",
  403: "Du har inte behörighet",
  404: "Sidan finns inte",
  503: "Tjänsten är tillfälligt otillgänglig",
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: "Adressen innehåller ett värde som inte kan användas.",
  401: "Logga in för att se sidan.",
  403: "Ditt konto har inte behörighet till den här sidan.",
  404: "Kontrollera adressen, eller gå till startsidan.",
  503: "Försök igen om en stund.",
};

const GENERIC = "Ett oväntat fel inträffade. Försök igen om en stund. Kvarstår felet, kontakta systemförvaltningen.";

export function ErrorBoundary() {
  const error = useRouteError();
  let status = 500;
  let message = GENERIC;
  let parameter: string | undefined;
  let value: string | undefined;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    message = DEFAULT_MESSAGES[status] ?? GENERIC;
    // Only bodies in our own shape are shown: anything else could be internal text.
    if (isErrorBody(error.data)) {
      message = error.data.message;
      parameter = error.data.parameter;
      value = error.data.value;
    }
  }
  // Thrown Errors (status 500) show the generic text only: their messages may hold SQL or paths.
  const title = TITLES[status] ?? "Något gick fel";
  return (
    <section className="error-page" aria-labelledby="fel-rubrik">
      <h1 id="fel-rubrik">{title}</h1>
      {parameter ? (
        <p>
          Parametern <code className="param">{parameter}</code>
          {value !== undefined ? (
            <>
              {" "}
              med värdet <code className="param">{value}</code>
            </>
          ) : null}{" "}
          kan inte användas: {message}
        </p>
      ) : (
        <p>{message}</p>
      )}
      <p className="status">
        Felkod (HTTP-status): <span data-status>{status}</span>
      </p>
      <p>
        <Link to="/">Till startsidan</Link>
      </p>
    </section>
  );
}
