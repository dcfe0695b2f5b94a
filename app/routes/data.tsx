/** `/data`: what was loaded into the database (rows, period, kommuner, latest run). */
import { requireRight } from "~/auth/policy.server.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LoadedData } from "../components/LoadedData.tsx";
import { getKysely } from "../db.server.ts";
import { loadLoadedData } from "../lib/loaded-data.server.ts";

export const meta: MetaFunction = () => [{ title: "Inläst data – Ledsagning" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRight(request, "view-aggregates");
  return loadLoadedData(request, await getKysely());
}

export default function DataRoute() {
  const { data, kommunOptions } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Inläst data</h1>
      <LoadedData data={data} kommunOptions={kommunOptions} />
    </>
  );
}
