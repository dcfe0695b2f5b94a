/**
 * `/`: the start page. Until the Översikt dashboard (issue 4) replaces it, it
 * introduces the product and shows what was loaded; that view lives on at /data.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LoadedData } from "../components/LoadedData.tsx";
import { getKysely } from "../db.server.ts";
import { loadLoadedData } from "../lib/loaded-data.server.ts";

export const meta: MetaFunction = () => [
  { title: "Ledsagning – uppföljning av ledsagarservice och ledsagning" },
  {
    name: "description",
    content: "Uppföljning av ledsagarservice (LSS) och ledsagning (SoL): timmar, likabedömning och jämställdhet.",
  },
];

export async function loader({ request }: LoaderFunctionArgs) {
  return loadLoadedData(request, await getKysely());
}

export default function Index() {
  const { data, kommunOptions } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Ledsagning</h1>
      <p className="intro">
        Uppföljning av ledsagarservice enligt LSS och ledsagning enligt SoL: beviljade och utförda timmar,
        likabedömning mellan stadsdelar, jämställdhet, omkostnader och utförare.
      </p>
      <h2 className="section-title">Inläst data</h2>
      <LoadedData data={data} kommunOptions={kommunOptions} headingLevel={3} />
    </>
  );
}
