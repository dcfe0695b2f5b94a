/**
 * The "what was loaded" view: shown on /data, and on / until the Översikt
 * dashboard takes its place. Renders loader data only (no client state), so it
 * works without JavaScript.
 */
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { KommunSummary, LoadedData as LoadedDataT, RunSummary } from "../lib/loaded-data.server.ts";
import { formatCount, formatDate, formatDateTime, formatPeriod } from "../lib/format.ts";

type Level = 2 | 3 | 4;

/** A heading whose level depends on where the view is placed (h1 is the page's). */
function H({ level, id, children }: { level: Level; id?: string; children: ReactNode }) {
  const Tag = `h${level}` as const;
  return <Tag id={id}>{children}</Tag>;
}

export function LoadedData({
  data,
  kommunOptions,
  headingLevel = 2,
}: {
  data: LoadedDataT;
  kommunOptions: string[];
  /** Level of the view's section headings: 2 on its own page, 3 below another h2. */
  headingLevel?: 2 | 3;
}) {
  const h = headingLevel;
  if (data.empty) return <EmptyState kommun={data.kommun} level={h} />;
  const beslut = data.tables.find((t) => t.table === "beslut")?.rows ?? 0;
  const personer = data.kommuner.reduce((a, k) => a + k.personer, 0);
  return (
    <>
      <p className="lead">
        Databasen innehåller <strong>{formatCount(beslut)}</strong> beslut för{" "}
        <strong>{formatCount(personer)}</strong> personer i {data.kommuner.length === 1 ? "en kommun" : `${formatCount(data.kommuner.length)} kommuner`}
        {data.period ? (
          <>
            , från {formatDate(data.period.from)} till {formatDate(data.period.to)}
          </>
        ) : null}
        .
      </p>

      {kommunOptions.length > 1 ? <KommunFilter options={kommunOptions} selected={data.kommun} /> : null}

      <section aria-labelledby="tabeller">
        <H level={h} id="tabeller">
          Rader per tabell
        </H>
        <div className="table-scroll">
          <table>
            <caption>Inlästa rader och den period de täcker{data.kommun ? ` (${data.kommun})` : ""}</caption>
            <thead>
              <tr>
                <th scope="col">Tabell</th>
                <th scope="col" className="num">Rader</th>
                <th scope="col">Första datum</th>
                <th scope="col">Sista datum</th>
              </tr>
            </thead>
            <tbody>
              {data.tables.map((t) => (
                <tr key={t.table} data-table={t.table}>
                  <th scope="row">{t.label}</th>
                  <td className="num">{formatCount(t.rows)}</td>
                  <td>{formatDate(t.from)}</td>
                  <td>{formatDate(t.to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {data.period ? (
          <p>
            Perioden som täcks: <span className="nowrap">{formatPeriod(data.period.from, data.period.to)}</span>.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="kommuner">
        <H level={h} id="kommuner">
          Kommuner och stadsdelar
        </H>
        {data.kommuner.map((k) => (
          <KommunTable key={k.kommun} kommun={k} level={(h + 1) as Level} />
        ))}
      </section>

      <section aria-labelledby="korning">
        <H level={h} id="korning">
          Senaste inläsning
        </H>
        {data.latestRun ? <RunDetails run={data.latestRun} runs={data.runs} /> : <p>Ingen inläsning är registrerad.</p>}
      </section>
    </>
  );
}

function KommunFilter({ options, selected }: { options: string[]; selected: string | null }) {
  // A GET form: the choice lives in the URL, and the form works without JavaScript.
  return (
    <Form method="get" action="/data" className="filter">
      <label htmlFor="kommun-val">Visa kommun</label>
      <select id="kommun-val" name="kommun" defaultValue={selected ?? ""}>
        <option value="">Alla kommuner</option>
        {options.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <button type="submit">Visa</button>
    </Form>
  );
}

function KommunTable({ kommun: k, level }: { kommun: KommunSummary; level: Level }) {
  const id = `kommun-${slug(k.kommun)}`;
  return (
    <>
      <H level={level} id={id}>
        {k.kommun}
      </H>
      <p>
        {formatCount(k.beslut)} beslut, {formatCount(k.personer)} personer, {formatCount(k.stadsdelar.length)}{" "}
        {k.stadsdelar.length === 1 ? "stadsdel" : "stadsdelar"}.
      </p>
      <div className="table-scroll">
        <table aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">Stadsdel</th>
              <th scope="col" className="num">Beslut</th>
              <th scope="col" className="num">Personer</th>
              <th scope="col">Första beslut</th>
              <th scope="col">Senaste beslut</th>
            </tr>
          </thead>
          <tbody>
            {k.stadsdelar.map((s) => (
              <tr key={s.stadsdel}>
                <th scope="row">{s.stadsdel}</th>
                <td className="num">{formatCount(s.beslut)}</td>
                <td className="num">{formatCount(s.personer)}</td>
                <td>{formatDate(s.forstaBeslut)}</td>
                <td>{formatDate(s.senasteBeslut)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function RunDetails({ run, runs }: { run: RunSummary; runs: number }) {
  // formatCount shows "–" for totals the run's summary did not give.
  const facts: [string, string][] = [
    ["Startad", formatDateTime(run.startedAt)],
    ["Klar", run.finishedAt ? formatDateTime(run.finishedAt) : "Inte avslutad"],
    ["Filer", formatCount(run.files)],
    ["Lästa rader", formatCount(run.read)],
    ["Inlästa rader", formatCount(run.loaded)],
    ["Avvisade rader", formatCount(run.rejected)],
  ];
  return (
    <>
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p>
        Inläsning nummer {formatCount(run.loadId)}
        {run.allowRejects ? ", med giltiga rader inlästa trots avvisningar (--allow-rejects)" : ""}. Totalt{" "}
        {formatCount(runs)} {runs === 1 ? "inläsning" : "inläsningar"} i databasen.
      </p>
    </>
  );
}

function EmptyState({ kommun, level }: { kommun: string | null; level: Level }) {
  return (
    <section className="empty" aria-labelledby="tom">
      <H level={level} id="tom">
        {kommun ? `Inga beslut för ${kommun}` : "Ingen data är inläst ännu"}
      </H>
      {kommun ? (
        <p>
          <Link to="/data">Visa alla kommuner</Link>
        </p>
      ) : (
        <>
          <p>Databasen finns men innehåller inga beslut. Så här kommer du igång:</p>
          <ul>
            <li>
              Syntetiska exempeldata: stoppa servern och starta om med <code>npm start</code>. Den skapar och läser in
              exempeldata när databasen är tom.
            </li>
            <li>
              Egna data: stoppa servern och läs in kommunens CSV-filer med{" "}
              <code>npm run etl -- &lt;filer eller mappar&gt;</code>. Filformatet beskrivs i{" "}
              <code>docs/DATA_CONTRACT.md</code>.
            </li>
          </ul>
        </>
      )}
    </section>
  );
}

function slug(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
}
