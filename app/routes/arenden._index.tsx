/**
 * `/arenden`: the case list, "the cases behind a figure". Filters, urval (scope), mått,
 * sort and page live in the URL (see queries/arenden.ts); the work is in
 * app/components/arende/list.server.ts.
 */
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { loadListPage } from "../components/arende/list.server.ts";
import { ListView } from "../components/arende/ListView.tsx";
import arendeStyles from "../components/arende/arende.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: arendeStyles }];

export const meta: MetaFunction = () => [{ title: "Ärenden – Ledsagning" }];

// Case data: never kept by the browser or a proxy.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export function loader({ request }: LoaderFunctionArgs) {
  return loadListPage(request);
}

export default function ArendenRoute() {
  return <ListView data={useLoaderData<typeof loader>()} />;
}
