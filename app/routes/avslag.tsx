/**
 * `/avslag`: avslag and delavslag by stadsdel, lagrum, kön, åldersgrupp and over
 * time (by month or tertial: `tid=manad|tertial`), each as a chart and a table.
 * Figures: queries/avslag.ts (the registry's beslut measures through aggregate()).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { analysLinks, Dashboard, pageMeta, Section } from "../components/Dashboard.tsx";
import { analysContext } from "../lib/analys.server.ts";
import { AVSLAG_MEASURES, avslagPage, DIMENSION_TITLE, tidFor, tidParam } from "../lib/avslag.server.ts";
import { pageData } from "../lib/dashboard-route.server.ts";
import { formatCount, formatPercent } from "../lib/format.ts";

export const links = analysLinks;
export const meta = pageMeta("Avslag", "Avslag och delavslag per stadsdel, lagrum, kön, åldersgrupp och över tid.");

const DIMS = ["stadsdel_nu", "lagrum", "kon", "aldersgrupp"] as const;

export function loader(args: LoaderFunctionArgs) {
  return pageData(args, analysContext, async (ctx, request) => {
    const tid = tidFor(request, ctx);
    return {
      tid,
      // Kept by the filter bar only when the URL chose it (otherwise it follows the period's length).
      tidParam: tidParam(request),
      view: await avslagPage(ctx, tid),
      measures: AVSLAG_MEASURES,
      // The sections, in order (the titles live in the server module; loader data carries them).
      sections: DIMS.map((dim) => ({ dim, ...DIMENSION_TITLE[dim] })),
    };
  });
}

/** The page's URL with `tid` set (these links keep the filters; the filter form keeps `tid`). */
function tidHref(search: string, tid: "manad" | "tertial"): string {
  const sp = new URLSearchParams(search);
  sp.set("tid", tid);
  return `/avslag?${sp.toString()}`;
}

export default function Avslag() {
  const { base, tid, tidParam, view, measures, sections } = useLoaderData<typeof loader>();
  const t = view.totalt;
  return (
    <Dashboard
      title="Avslag och delavslag"
      path="/avslag"
      base={base}
      keep={{ tid: tidParam }}
      measures={measures}
      howCounted={
        <p>
          Varje beslut räknas den månad det fattades (beslutsdatum). Åldersgruppen är den ålder personen fyller det år beslutet
          fattades. Konfidensintervallen är Wilsons 95 % intervall för en andel.
        </p>
      }
    >
      {base.defaultPeriodKey === base.filters.period.key ? (
        <p className="read-note">Förvalet är de senaste 36 månaderna fram till den senaste hela tertialen.</p>
      ) : null}
      <section className="analys-summary" aria-labelledby="sammanfattning">
        <h2 id="sammanfattning">Sammanfattning</h2>
        <p>
          Under perioden fattades {formatCount(t.beslut)} beslut: {formatCount(t.avslag)} avslag ({formatPercent(t.avslagAndel, 1)}) och{" "}
          {formatCount(t.delavslag)} delavslag ({formatPercent(t.delavslagAndel, 1)}). Delavslag betyder färre timmar än de sökta.
        </p>
        <p className="read-note">
          Konfidensintervallen i tabellerna visar hur osäker en andel är: med få beslut blir de breda. Om två gruppers intervall inte
          överlappar är skillnaden knappast en slump. Skillnader mellan stadsdelar prövas mot slumpen på sidan{" "}
          <Link to={`/stadsdelar${base.search}`}>Likabedömning</Link>.
        </p>
      </section>
      <Section
        id="tid"
        heading="Över tid"
        before={
          <p className="no-print">
            Visa per:{" "}
            {tid === "manad" ? <strong aria-current="true">månad</strong> : <Link to={tidHref(base.search, "manad")}>månad</Link>}
            {" · "}
            {tid === "tertial" ? <strong aria-current="true">tertial</strong> : <Link to={tidHref(base.search, "tertial")}>tertial</Link>}
          </p>
        }
        chart={view.charts.tid ?? undefined}
        table={view.tables.tid}
      />
      {sections.map(({ dim, id, heading }) => (
        <Section key={dim} id={id} heading={`Per ${heading}`} chart={view.charts[dim] ?? undefined} table={view.tables[dim]} />
      ))}
    </Dashboard>
  );
}
