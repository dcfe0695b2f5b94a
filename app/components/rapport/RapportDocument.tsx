/**
 * The report as a document: title block, table of contents, the sections (text,
 * the cases behind them, charts, tables, notes) and the definitions. Renders
 * the server-built view only — no hooks but useId, no router — so that the
 * page and the PDF (renderToStaticMarkup in app/components/rapport/html.server.tsx)
 * are the same markup.
 */
import { Chart } from "../Chart.tsx";
import { DataTable } from "../DataTable.tsx";
import { capitalise } from "../PageIntro.tsx";
import { formatDate, formatDateLong } from "../../lib/format.ts";
import { Definitioner } from "./Definitioner.tsx";
import { SEKTIONER, sektionNr, type RapportSektion, type RapportView } from "./view.ts";

export interface RapportDocumentProps {
  view: RapportView;
  /** The two CSV links of a table, by id; omitted in the PDF. */
  csv?: (tableId: string) => { excel: string; standard: string };
}

export function RapportDocument({ view, csv }: RapportDocumentProps) {
  const m = view.meta;
  return (
    <article className="rapport" aria-labelledby="rapport-titel">
      <header className="rapport-head">
        <p className="rapport-kicker">Underlag till nämnden</p>
        <h1 id="rapport-titel">{m.titel}</h1>
        <dl className="rapport-meta">
          <div>
            <dt>Kommun</dt>
            <dd>{m.kommun}</dd>
          </div>
          {m.stadsdelar.length ? (
            <div>
              <dt>{m.stadsdelar.length === 1 ? "Stadsdel" : "Stadsdelar"}</dt>
              <dd>{m.stadsdelar.join(", ")}</dd>
            </div>
          ) : null}
          <div>
            <dt>Period</dt>
            <dd>{capitalise(m.periodLabel)}</dd>
          </div>
          <div>
            <dt>Jämförelse</dt>
            <dd>{capitalise(m.previousLabel)}</dd>
          </div>
          <div>
            <dt>Uppgifter till och med</dt>
            <dd>{formatDate(m.horisont)}</dd>
          </div>
          <div>
            <dt>Datum</dt>
            <dd>{formatDateLong(m.datum)}</dd>
          </div>
        </dl>
        {m.avkortad ? (
          <p className="rapport-notice">
            {capitalise(m.avkortad.label)} är inte slut i uppgifterna, som går till och med {formatDate(m.horisont)}. Rapporten omfattar därför{" "}
            {m.periodLabel} och jämför med {m.previousLabel}.
          </p>
        ) : null}
        {m.ofullstandig ? (
          <p className="rapport-notice">
            Perioden sträcker sig förbi uppgifternas slutdatum ({formatDate(m.horisont)}). Uppgifterna för perioden är därför inte
            fullständiga.
          </p>
        ) : null}
        <p className="rapport-privacy">
          Små tal visas inte: antal under {m.troskel} och uppgifter som bygger på färre än {m.troskel} ärenden redovisas som "–", så att
          ingen enskild kan identifieras (se avsnitt {sektionNr("definitioner")}).
        </p>
      </header>

      <nav className="rapport-toc" aria-labelledby="rapport-toc-rubrik">
        <h2 id="rapport-toc-rubrik">Innehåll</h2>
        <ol>
          {SEKTIONER.map((s, i) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>
                <span className="rapport-toc__nr">{i + 1}</span> <span className="rapport-toc__rubrik">{s.rubrik}</span>
              </a>
            </li>
          ))}
        </ol>
      </nav>

      {view.sektioner.map((s) => (
        <Sektion key={s.id} s={s} csv={csv} />
      ))}
      <Definitioner d={view.definitioner} nr={sektionNr("definitioner")} />
    </article>
  );
}

function Sektion({ s, csv }: { s: RapportSektion; csv?: RapportDocumentProps["csv"] }) {
  return (
    <section id={s.id} className="rapport-section" aria-labelledby={`${s.id}-rubrik`}>
      <h2 id={`${s.id}-rubrik`}>
        <span className="rapport-nr">{s.nr}</span> {s.rubrik}
      </h2>
      {s.text.map((t, i) => (
        <p key={i}>{t}</p>
      ))}
      <p className="rapport-underlag">
        <strong>Underlag:</strong> {s.underlag.map((u) => u.text).join(" ")}
      </p>
      {s.charts.map((c) => (
        <div key={c.id} className="rapport-block">
          {/* The chart's data table is the section's table: under its own id, as on the dashboards (one id, one table). */}
          <Chart chart={{ ...c, data: { ...c.data, id: `${c.id}-data` } }} />
        </div>
      ))}
      {s.tables.map((t) => (
        <div key={t.id} className="rapport-block">
          <DataTable table={t} csv={csv?.(t.id)} />
        </div>
      ))}
      {s.noter?.map((n, i) => (
        <p key={i} className="rapport-not">
          {n}
        </p>
      ))}
    </section>
  );
}
