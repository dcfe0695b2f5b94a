/**
 * `/arenden/<id>`: one case under its pseudonym, and how the rules produced its
 * figures. The work is in app/components/arende/case.server.ts.
 */
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { loadCasePage } from "../components/arende/case.server.ts";
import { CaseView } from "../components/arende/CaseView.tsx";
import arendeStyles from "../components/arende/arende.css";
import dashboardStyles from "../components/dashboard.css";

// dashboard.css styles the shared Chart component.
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dashboardStyles },
  { rel: "stylesheet", href: arendeStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Ärende ${data.detail.head.arendeId} – Ledsagning` : "Ärende – Ledsagning" },
];

// Case data: never kept by the browser or a proxy.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export function loader({ request, params }: LoaderFunctionArgs) {
  return loadCasePage(request, params.id);
}

export default function ArendeRoute() {
  return <CaseView data={useLoaderData<typeof loader>()} />;
}
