/**
 * `/`: Översikt. The key figures of the chosen period (default: the latest
 * complete tertial of the data) beside the same period a year earlier, and the
 * monthly trend over three years. What was loaded is shown at /data.
 */
import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { can, homeFor, requireUser } from "../auth/policy.server.ts";
import { Dashboard, Section } from "../components/Dashboard.tsx";
import { KeyFigures } from "../components/KeyFigures.tsx";
import dashboardCss from "../components/dashboard.css";
import { dashboardContext, pageBase } from "../lib/dashboard.server.ts";
import { redirectExport } from "../lib/export.server.ts";
import { oversiktView } from "../lib/oversikt.server.ts";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: dashboardCss }];

export const meta: MetaFunction = () => [
  { title: "Översikt – Ledsagning" },
  { name: "description", content: "Nyckeltal för ledsagarservice (LSS) och ledsagning (SoL): personer, timmar, utförandegrad, avslag och kostnader." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  // An account without aggregates (admin) has its own start page, where sign-in also
  // sends it: "/" (the header's "Ledsagning" link) leads there rather than to a 403.
  const user = await requireUser(request);
  if (!can(user, "view-aggregates")) throw redirect(homeFor(user));
  redirectExport(request);
  const ctx = await dashboardContext(request);
  const { t, chart } = await oversiktView(ctx);
  return {
    base: pageBase(ctx, request),
    previousLabel: t.overview.previous.label,
    nyckeltal: t.nyckeltal,
    trend: t.trend,
    chart,
    measures: t.measures,
  };
}

export default function Oversikt() {
  const d = useLoaderData<typeof loader>();
  const s = { csvPath: "/oversikt.csv", search: d.base.search };
  return (
    <Dashboard
      title="Översikt"
      path="/"
      base={d.base}
      comparedWith={d.previousLabel}
      measures={d.measures}
      howCounted={
        <p>
          Alla tal räknas ur regelmotorns utfall per ärende och månad, beslut och flagga, med samma definition på varje sida, i
          rapporten och i CSV-filerna. Varje tal som går att summera leder till ärendena bakom det. Perioden är som förval den
          senaste hela tertialen i datamängden; jämförelsen gäller samma period ett år tidigare.
        </p>
      }
    >
      <Section id="nyckeltal" heading="Nyckeltal" before={<KeyFigures table={d.nyckeltal} />} table={d.nyckeltal} {...s} />
      <Section id="utveckling" heading="Utveckling över tid" chart={d.chart} table={d.trend} {...s} />
    </Dashboard>
  );
}
