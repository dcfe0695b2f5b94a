/**
 * The report page's controls (never printed): which kommun, period and
 * stadsdel the report covers, a plain GET form that works without JavaScript;
 * and the PDF download, or — where the server has no Chromium — the browser's
 * print, saying why.
 */
import { capitalise } from "../PageIntro.tsx";
import type { RapportView } from "./view.ts";

export interface RapportValProps {
  view: RapportView;
  kommuner: { kommun: string; stadsdelar: string[] }[];
  perioder: { key: string; label: string }[];
  /** The report's URL query (kommun, period, stadsdel), for the PDF link. */
  search: string;
  pdf: boolean;
}

export function RapportVal({ view, kommuner, perioder, search, pdf }: RapportValProps) {
  const m = view.meta;
  const stadsdelar = kommuner.find((k) => k.kommun === m.kommun)?.stadsdelar ?? [];
  return (
    <div className="rapport-actions no-print">
      <form method="get" action="/rapport" className="rapport-form" aria-label="Välj rapport">
        <div>
          <label htmlFor="rapport-kommun">Kommun</label>
          <select id="rapport-kommun" name="kommun" defaultValue={m.kommun}>
            {kommuner.map((k) => (
              <option key={k.kommun} value={k.kommun}>
                {k.kommun}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="rapport-period">Period</label>
          <select id="rapport-period" name="period" defaultValue={m.periodKey}>
            {perioder.some((p) => p.key === m.periodKey) ? null : <option value={m.periodKey}>{capitalise(m.periodLabel)}</option>}
            {perioder.map((p) => (
              <option key={p.key} value={p.key}>
                {capitalise(p.label)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="rapport-stadsdel">Stadsdel</label>
          <select id="rapport-stadsdel" name="stadsdel" defaultValue={m.stadsdelar[0] ?? ""}>
            <option value="">Hela kommunen</option>
            {stadsdelar.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Visa rapport</button>
      </form>
      {pdf ? (
        <p>
          <a className="rapport-pdf" href={`/rapport.pdf?${search}`} download>
            Ladda ner PDF
          </a>{" "}
          <span className="muted">(A4, för nämndens handlingar)</span>
        </p>
      ) : (
        <p>
          PDF kan inte skapas på servern eftersom Chromium saknas där.{" "}
          <button type="button" onClick={() => window.print()}>
            Skriv ut eller spara som PDF
          </button>{" "}
          <span className="muted">(webbläsarens utskrift; utan JavaScript: Ctrl+P)</span>
        </p>
      )}
      <p className="muted">Varje tabell kan laddas ner som CSV under tabellen.</p>
    </div>
  );
}
