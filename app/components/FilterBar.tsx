/**
 * The shared filter bar: a plain GET form, so the URL is the state, a link
 * reproduces the view, and it works without JavaScript (with it, Remix's Form
 * navigates without a full reload). Values come from the database
 * (app/lib/filter-options.server.ts); the loader validates what comes back.
 *
 * Period: a tertial, a year or a month from the list, or "Eget intervall" with a
 * custom range of months (`period=eget&fran=…&till=…`, which the loader turns into
 * `period=fran..till`). The range counts only with "Eget intervall" chosen
 * (`periodKeyFrom` in queries/filters.ts), so a range left filled in from the
 * previous view never overrides another period chosen in the list; with
 * JavaScript the range fields are not even sent then, and typing a month in them
 * chooses "Eget intervall".
 *
 * Utförare follow the kommun (app/lib/filter-choices.ts): the chosen kommun's are
 * listed; with several kommuner and none chosen, the list holds only "Alla" (and
 * any utförare the URL chose) and says to choose a kommun and press Visa first —
 * which works the same without JavaScript, and keeps thousands of utförare out of
 * every page at national scale.
 *
 * A page's own parameters (e.g. `tid` on /avslag) are kept through `keep` (hidden
 * fields). The case list (/arenden) keeps a form of its own: it offers several
 * stadsdelar and utförare at once (checkboxes), only an enhetschef's own
 * stadsdelar, and its urval, mått, utfall and flagga.
 */
import { Form, Link } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { ALDERSGRUPPER, ALDERSGRUPP_LABEL, EGET_INTERVALL, filtersToSearchParams, type Filters } from "../../queries/filters.ts";
import { INSATS, KON, LAGRUM } from "../../etl/contract.ts";
import { offeredUtforare, utforareNeedKommun } from "../lib/filter-choices.ts";
import type { FilterOptions } from "../lib/filter-options.server.ts";
import { formatMonth, formatTertial } from "../lib/format.ts";
import { INSATS_LABEL, KON_LABEL, LAGRUM_LABEL, lastMonthOf } from "../lib/labels.ts";

export interface FilterBarProps {
  /** The page's path, e.g. "/timmar". */
  action: string;
  filters: Filters;
  options: FilterOptions;
  /** The period used when the URL names none (marked in the list). */
  defaultPeriodKey: string;
  /** Filters this page cannot apply (e.g. kön on flex periods): said, not silently dropped. */
  ignored?: string[];
  /** The page's own URL parameters, kept when the form is sent (hidden fields); undefined values are left out. */
  keep?: Record<string, string | undefined>;
}

type Choice = { value: string; label: string };

/** Tertials, years and months between the data's first and last month, newest first. */
export function periodChoices(first: string | null, last: string | null): { tertial: Choice[]; ar: Choice[]; manad: Choice[] } {
  const out = { tertial: [] as Choice[], ar: [] as Choice[], manad: [] as Choice[] };
  if (!first || !last) return out;
  const y0 = Number(first.slice(0, 4));
  const m0 = Number(first.slice(5, 7));
  const y1 = Number(last.slice(0, 4));
  const m1 = Number(last.slice(5, 7));
  for (let y = y1; y >= y0; y--) {
    out.ar.push({ value: String(y), label: String(y) });
    for (let t = 3; t >= 1; t--) {
      const firstMonth = (t - 1) * 4 + 1;
      // Offer a tertial that overlaps the data at all.
      if ((y === y1 && firstMonth > m1) || (y === y0 && firstMonth + 3 < m0)) continue;
      out.tertial.push({ value: `${y}-T${t}`, label: formatTertial(`${y}-T${t}`) });
    }
    for (let m = 12; m >= 1; m--) {
      if ((y === y1 && m > m1) || (y === y0 && m < m0)) continue;
      const key = `${y}-${String(m).padStart(2, "0")}`;
      out.manad.push({ value: key, label: formatMonth(key) });
    }
  }
  return out;
}

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="filter-field">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

function Select({
  id,
  name,
  label,
  values,
  choices,
  allLabel = "Alla",
  hint,
}: {
  id: string;
  name: string;
  label: string;
  values: string[] | undefined;
  choices: Choice[];
  allLabel?: string;
  /** Said under the list (and read with it); with nothing to choose, the list is disabled. */
  hint?: string;
}) {
  const multiple = (values?.length ?? 0) > 1;
  return (
    <Field id={id} label={label}>
      <select
        id={id}
        name={name}
        multiple={multiple}
        defaultValue={multiple ? values : (values?.[0] ?? "")}
        size={multiple ? Math.min(4, choices.length) : undefined}
        disabled={hint !== undefined && choices.length === 0}
        aria-describedby={hint ? `${id}-hint` : undefined}
      >
        {multiple ? null : <option value="">{allLabel}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p className="muted filter-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </Field>
  );
}

export function FilterBar(props: FilterBarProps) {
  // A new view (a submitted form, a link) starts the form afresh from its URL.
  return <FilterForm key={`${props.action}?${filtersToSearchParams(props.filters).toString()}`} {...props} />;
}

function FilterForm({ action, filters, options, defaultPeriodKey, ignored = [], keep = {} }: FilterBarProps) {
  const periods = periodChoices(options.firstMonth, options.lastMonth);
  const p = filters.period;
  const isRange = p.kind === "intervall";
  const listed = [...periods.tertial, ...periods.ar, ...periods.manad].some((c) => c.value === p.key);
  const [choice, setChoice] = useState(isRange ? EGET_INTERVALL : p.key);
  // Before hydration (and without JavaScript) the range fields are always sent; the server's rule decides.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const sendRange = !hydrated || choice === EGET_INTERVALL;
  const rangeLabel = `Eget intervall (nedan)${isRange && p.key === defaultPeriodKey ? " (förval)" : ""}`;
  const kommuner = options.kommuner.filter((k) => !filters.kommun || k.kommun === filters.kommun);
  // The chosen kommun's utförare; among several kommuner and none chosen, the bar asks for one first.
  const utforare = offeredUtforare(options, filters);
  const mark = (c: Choice) => (c.value === defaultPeriodKey ? { ...c, label: `${c.label} (förval)` } : c);
  return (
    <Form method="get" action={action} className="filter-bar" aria-label="Filter">
      <fieldset>
        <legend>Urval</legend>
        <div className="filter-grid">
          {options.kommuner.length > 1 ? (
            <Select id="f-kommun" name="kommun" label="Kommun" values={filters.kommun ? [filters.kommun] : undefined} choices={options.kommuner.map((k) => ({ value: k.kommun, label: k.kommun }))} />
          ) : null}
          <Field id="f-stadsdel" label="Stadsdel">
            <select id="f-stadsdel" name="stadsdel" defaultValue={filters.stadsdel?.[0] ?? ""}>
              <option value="">Alla</option>
              {kommuner.map((k) =>
                k.stadsdelar.length === 0 ? null : (
                  <optgroup key={k.kommun} label={k.kommun}>
                    {k.stadsdelar.map((s) => (
                      <option key={`${k.kommun}-${s}`} value={s}>
                        {s}
                      </option>
                    ))}
                  </optgroup>
                ),
              )}
              {filters.stadsdel?.[0] && !kommuner.some((k) => k.stadsdelar.includes(filters.stadsdel![0])) ? (
                <option value={filters.stadsdel[0]}>{filters.stadsdel[0]} (tidigare namn)</option>
              ) : null}
            </select>
          </Field>
          <Field id="f-period" label="Period">
            <select id="f-period" name="period" value={choice} onChange={(e) => setChoice(e.target.value)} aria-describedby="f-range-hint">
              <option value={EGET_INTERVALL}>{rangeLabel}</option>
              {listed || isRange ? null : <option value={p.key}>{p.label}</option>}
              <optgroup label="Tertial">
                {periods.tertial.map((c) => <option key={c.value} value={c.value}>{mark(c).label}</option>)}
              </optgroup>
              <optgroup label="År">
                {periods.ar.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
              </optgroup>
              <optgroup label="Månad">
                {periods.manad.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
              </optgroup>
            </select>
          </Field>
          <Select id="f-lagrum" name="lagrum" label="Lagrum" values={filters.lagrum} choices={LAGRUM.map((v) => ({ value: v, label: LAGRUM_LABEL[v] }))} />
          <Select id="f-insats" name="insats" label="Insats" values={filters.insats} choices={INSATS.map((v) => ({ value: v, label: INSATS_LABEL[v] }))} />
          <Select id="f-kon" name="kon" label="Kön" values={filters.kon} choices={KON.map((v) => ({ value: v, label: KON_LABEL[v] }))} />
          <Select id="f-aldersgrupp" name="aldersgrupp" label="Åldersgrupp" values={filters.aldersgrupp} choices={ALDERSGRUPPER.map((v) => ({ value: v, label: ALDERSGRUPP_LABEL[v] }))} />
          <Select
            id="f-utforare"
            name="utforare"
            label="Utförare"
            values={filters.utforare}
            choices={utforare.map((u) => ({ value: u.utforare, label: u.namn ? `${u.namn} (${u.utforare})` : u.utforare }))}
            hint={utforareNeedKommun(options, filters) ? "Välj kommun och tryck på Visa för att välja utförare." : undefined}
          />
        </div>
        {Object.entries(keep).map(([name, value]) => (value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />))}
        <details className="filter-range" open={isRange || (hydrated && choice === EGET_INTERVALL)}>
          <summary>Eget intervall av månader</summary>
          <p className="muted" id="f-range-hint">
            Välj Eget intervall under Period och fyll i båda månaderna (ÅÅÅÅ-MM). Med en annan period vald används inte intervallet.
          </p>
          <div className="filter-grid">
            <Field id="f-fran" label="Från och med månad">
              <input id="f-fran" name={sendRange ? "fran" : undefined} onInput={() => setChoice(EGET_INTERVALL)} type="month" placeholder="ÅÅÅÅ-MM" defaultValue={p.kind === "intervall" ? p.from.slice(0, 7) : ""} min={options.firstMonth?.slice(0, 7)} max={options.lastMonth?.slice(0, 7)} />
            </Field>
            <Field id="f-till" label="Till och med månad">
              <input id="f-till" name={sendRange ? "till" : undefined} onInput={() => setChoice(EGET_INTERVALL)} type="month" placeholder="ÅÅÅÅ-MM" defaultValue={p.kind === "intervall" ? lastMonthOf(p.to) : ""} min={options.firstMonth?.slice(0, 7)} max={options.lastMonth?.slice(0, 7)} />
            </Field>
          </div>
        </details>
        <div className="filter-actions">
          <button type="submit">Visa</button>
          <Link to={action}>Återställ urvalet</Link>
        </div>
        {ignored.length > 0 ? (
          <p className="notice" role="note">
            Filtret {ignored.join(", ")} kan inte tillämpas på alla uppgifter på sidan (processflaggor och flexperioder saknar
            uppgiften) och har inte använts för dem.
          </p>
        ) : null}
      </fieldset>
    </Form>
  );
}
