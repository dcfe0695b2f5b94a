/**
 * The case list's filter form: a plain GET form, so it works without JavaScript and the
 * resulting URL is the selection ("the cases behind a figure" is a link).
 *
 * Local to the case list until the shared filter bar exists; it adds the list's own
 * parameters (urval, flagga, utfall, mått).
 */
import { Form, Link } from "@remix-run/react";
import type { Choice, ListPageData } from "./list.server.ts";

function Checkboxes({
  name,
  legend,
  options,
  selected,
  scroll = false,
}: {
  name: string;
  legend: string;
  options: Choice[];
  selected: readonly string[];
  scroll?: boolean;
}) {
  const set = new Set(selected);
  return (
    <fieldset className={`filter-group${scroll ? " filter-group--scroll" : ""}`}>
      <legend>{legend}</legend>
      <div className="filter-options">
        {options.map((o) => (
          <label key={o.value} className="check">
            <input type="checkbox" name={name} value={o.value} defaultChecked={set.has(o.value)} /> {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function ListFilter({ data }: { data: ListPageData }) {
  const { q, options, choices } = data;
  const f = q.filters;
  // An account limited to some stadsdelar is offered only those (and their kommuners' utförare).
  const limited = data.limitedTo;
  const kommunOk = (k: string) => (!f.kommun || k === f.kommun) && (!limited || limited.some((s) => s.kommun === k));
  const mine = (kommun: string, stadsdel: string) =>
    !limited || limited.some((s) => s.kommun === kommun && s.stadsdel === stadsdel);
  const stadsdelar = options.kommuner
    .filter((k) => kommunOk(k.kommun))
    .flatMap((k) => k.stadsdelar.filter((s) => mine(k.kommun, s)).map((stadsdel) => ({ kommun: k.kommun, stadsdel })));
  const utforare = options.utforare.filter((u) => kommunOk(u.kommun));
  const manyKommuner = new Set([...stadsdelar.map((s) => s.kommun), ...utforare.map((u) => u.kommun)]).size > 1;
  // Keep the sort unless it is by a measure the form may remove.
  const keepSort = q.sort.key !== "matt" ? `${q.sort.key}:${q.sort.dir}` : undefined;
  return (
    <details className="filter-panel" open={data.filtersOpen}>
      <summary>Filter och urval{data.filtersOpen ? "" : " (visa för att ändra)"}</summary>
      <Form method="get" action="/arenden" className="filter-form" aria-describedby="filter-hjalp">
        <p id="filter-hjalp" className="hint">
          Välj vad listan ska visa och tryck på <strong>Visa ärenden</strong>. Adressen till sidan sparar urvalet, så den går att
          spara eller skicka vidare.
        </p>
        <div className="filter-row">
          <div className="field">
            <label htmlFor="f-period">Period</label>
            <input id="f-period" name="period" defaultValue={f.period.key} size={18} aria-describedby="f-period-hint" />
            <span id="f-period-hint" className="hint">
              t.ex. 2026-T2, 2026, 2026-03 eller 2025-11..2026-02
            </span>
          </div>
          <div className="field">
            <label htmlFor="f-kommun">Kommun</label>
            <select id="f-kommun" name="kommun" defaultValue={f.kommun ?? ""}>
              <option value="">Alla kommuner</option>
              {options.kommuner.map((k) => (
                <option key={k.kommun} value={k.kommun}>
                  {k.kommun}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-scope">Urval av rader</label>
            <select id="f-scope" name="scope" defaultValue={q.scopeExplicit ? q.scope : ""} aria-describedby="f-scope-hint">
              <option value="">Automatiskt</option>
              {choices.scope.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
            <span id="f-scope-hint" className="hint">
              Automatiskt: beslut om utfall är valt, flaggor om flagga är vald, annars måttets rader eller månadsrader.
            </span>
          </div>
          <div className="field">
            <label htmlFor="f-matt">Mått per ärende</label>
            <select id="f-matt" name="matt" defaultValue={q.matt?.id ?? ""}>
              <option value="">Inget extra mått</option>
              {choices.matt.map((g) => (
                <optgroup key={g.label} label={g.label}>
                  {g.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
        </div>
        <div className="filter-grid">
          <Checkboxes
            name="stadsdel"
            legend="Stadsdel"
            scroll
            selected={f.stadsdel ?? []}
            options={stadsdelar.map((s) => ({
              value: s.stadsdel,
              label: manyKommuner && s.stadsdel !== s.kommun ? `${s.stadsdel} (${s.kommun})` : s.stadsdel,
            }))}
          />
          <Checkboxes
            name="utforare"
            legend="Utförare"
            scroll
            selected={f.utforare ?? []}
            options={utforare.map((u) => ({
              value: u.utforare,
              label: `${u.namn ?? u.utforare}${manyKommuner ? ` (${u.kommun})` : ""}`,
            }))}
          />
          <Checkboxes name="lagrum" legend="Lagrum" selected={f.lagrum ?? []} options={choices.lagrum} />
          <Checkboxes name="insats" legend="Insats" selected={f.insats ?? []} options={choices.insats} />
          <Checkboxes name="kon" legend="Kön" selected={f.kon ?? []} options={choices.kon} />
          <Checkboxes name="aldersgrupp" legend="Åldersgrupp" selected={f.aldersgrupp ?? []} options={choices.aldersgrupp} />
          <Checkboxes name="utfall" legend="Utfall (beslut)" selected={q.utfall} options={choices.utfall} />
          <Checkboxes name="flagga" legend="Flagga" selected={q.flagga} options={choices.flagga} />
        </div>
        {keepSort ? <input type="hidden" name="sort" value={keepSort} /> : null}
        <div className="filter-actions">
          <button type="submit">Visa ärenden</button>
          <Link to="/arenden">Rensa alla filter</Link>
        </div>
      </Form>
    </details>
  );
}
