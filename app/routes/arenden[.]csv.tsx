/**
 * `/arenden.csv`: the whole case list with the same URL parameters as `/arenden`, as
 * CSV (streamed). `/arenden?export=csv` redirects here: a UI route cannot answer a
 * document request with a file. The work is in app/components/arende/list.server.ts.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadListCsv } from "../components/arende/list.server.ts";

export function loader({ request }: LoaderFunctionArgs) {
  return loadListCsv(request);
}
