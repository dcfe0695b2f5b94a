/**
 * Cancellations and the minimum charge (arende_handelse) and how the rules classified
 * them: first a summary per class (what an enhetschef asks first: how many late
 * cancellations, how many hours did they consume), then every event with the rule,
 * its source and the engine's sentence. A long list starts folded (<details> works
 * without JavaScript); short ones are open.
 */
import { Fragment } from "react";
import type { HandelseRad } from "../../../queries/arenden.ts";
import { formatCount, formatDate, formatDateTime, formatHours } from "../../lib/format.ts";
import { Regel } from "./CaseEvents.tsx";
import { KLASS_LABEL, label } from "./labels.ts";
import { CaseTable, num, ReasonRow } from "./CaseTable.tsx";

/** Up to this many events the list is shown open. */
const OPEN_UP_TO = 12;

interface KlassSumma {
  klass: string;
  regel: string | null;
  kalla: string | null;
  antal: number;
  timmar: number;
  forbrukade: number;
}

function perKlass(rows: HandelseRad[]): KlassSumma[] {
  const by = new Map<string, KlassSumma>();
  for (const h of rows) {
    const key = `${h.klass}|${h.regel ?? ""}`;
    const s = by.get(key) ?? { klass: h.klass, regel: h.regel, kalla: h.kalla, antal: 0, timmar: 0, forbrukade: 0 };
    s.antal += 1;
    s.timmar += h.timmar ?? 0;
    if (h.forbrukad) s.forbrukade += h.timmar ?? 0;
    by.set(key, s);
  }
  return [...by.values()].sort((a, b) => b.antal - a.antal);
}

export function CaseHandelser({ handelser }: { handelser: HandelseRad[] }) {
  const rows = handelser.filter((h) => h.typ !== "omkostnad");
  return (
    <section aria-labelledby="handelse-rubrik">
      <h2 id="handelse-rubrik">Avbokningar och minsta debitering</h2>
      <p>
        Hur regelmotorn klassade varje avbokning (vem avbokade, hur sent, om tiden bokades om) och varje tillfälle som ersattes
        med minst en timme (R7).
      </p>
      {rows.length === 0 ? (
        <p className="empty">Inga avbokningar eller tillfällen med minsta debitering.</p>
      ) : (
        <>
          <Summary rows={rows} />
          <details className="events" open={rows.length <= OPEN_UP_TO}>
            <summary>Alla {formatCount(rows.length)} händelser med förklaring</summary>
            <EventTable rows={rows} />
          </details>
        </>
      )}
    </section>
  );
}

function Summary({ rows }: { rows: HandelseRad[] }) {
  return (
    <CaseTable
      id="klass"
      caption="Händelser per klassning"
      heads={["Klassning", num("Antal"), num("Timmar"), num("Därav förbrukade"), "Regel"]}
    >
      {perKlass(rows).map((k) => (
        <tr key={`${k.klass}|${k.regel}`}>
          <th scope="row">{label(KLASS_LABEL, k.klass)}</th>
          <td className="num">{formatCount(k.antal)}</td>
          <td className="num">{formatHours(k.timmar)}</td>
          <td className="num">{formatHours(k.forbrukade)}</td>
          <td>
            <Regel regel={k.regel} kalla={k.kalla} />
          </td>
        </tr>
      ))}
    </CaseTable>
  );
}

function EventTable({ rows }: { rows: HandelseRad[] }) {
  return (
    <CaseTable
      id="handelse"
      caption={<>Händelser i ärendet, i datumordning ({formatCount(rows.length)} st.)</>}
      heads={["Datum", "Klassning", num("Timmar"), "Förbrukad", "Utförare", "Regel"]}
    >
      {rows.map((h, i) => (
        <Fragment key={i}>
          <tr data-klass={h.klass} className="has-reason">
            <th scope="row" className="nowrap">
              {formatDate(h.datum)}
              {h.tid ? (
                <>
                  <br />
                  <span className="muted">avbokad {formatDateTime(h.tid)}</span>
                </>
              ) : null}
            </th>
            <td>{label(KLASS_LABEL, h.klass)}</td>
            <td className="num">{formatHours(h.timmar)}</td>
            <td>{h.forbrukad === null ? "–" : h.forbrukad ? "ja" : "nej"}</td>
            <td>{h.utforare ?? "–"}</td>
            <td>
              <Regel regel={h.regel} kalla={h.kalla} />
            </td>
          </tr>
          <ReasonRow colSpan={6} label="Förklaring">
            {h.orsak}
          </ReasonRow>
        </Fragment>
      ))}
    </CaseTable>
  );
}
