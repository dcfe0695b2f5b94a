/**
 * Omkostnader per month with the omkostnad events, and the process flags; each with
 * the rule, its source and the engine's Swedish sentence. (Cancellations and the
 * minimum charge are in CaseHandelser.tsx.)
 */
import { Fragment } from "react";
import type { FlaggaRad, HandelseRad, ManadRad } from "../../../queries/arenden.ts";
import { formatDate, formatKr, formatMonth } from "../../lib/format.ts";
import { CaseTable, num, ReasonRow } from "./CaseTable.tsx";
import { KLASS_LABEL, label, NIVA_LABEL, regelText } from "./labels.ts";

export function Regel({ regel, kalla }: { regel: string | null; kalla: string | null }) {
  return (
    <>
      <span className="nowrap">{regelText(regel)}</span>
      {kalla ? (
        <>
          <br />
          <span className="muted">Källa {kalla}</span>
        </>
      ) : null}
    </>
  );
}

export function CaseOmkostnader({ manader, handelser }: { manader: ManadRad[]; handelser: HandelseRad[] }) {
  const months = manader.filter(
    (m) => m.schablonIntjanad || m.omkostnadFaktisk || m.sarskild || m.manadsbelopp || m.manadsbeloppErsatt
  );
  const events = handelser.filter((h) => h.typ === "omkostnad");
  const sum = (k: "schablonIntjanad" | "omkostnadFaktisk" | "sarskild" | "manadsbelopp" | "manadsbeloppErsatt") =>
    months.reduce((a, m) => a + m[k], 0);
  return (
    <section aria-labelledby="omkostnad-rubrik">
      <h2 id="omkostnad-rubrik">Omkostnader</h2>
      <p>
        Schablon till utföraren per beviljad och utförd timme (R8), särskilda ansökningar för aktiviteter över 300 kr (R9) och
        månadsbeloppet till den enskilde (R10), enligt kommunens regelverk.
      </p>
      {months.length === 0 ? (
        <p className="empty">Inga omkostnader i ärendet.</p>
      ) : (
        <CaseTable
          id="omkostnad"
          caption="Omkostnader per månad, kronor (månader utan omkostnader visas inte)"
          heads={[
            "Månad",
            num("Schablon intjänad (R8)"),
            num("Faktiska kostnader"),
            num("Särskild ansökan (R9)"),
            num("Månadsbelopp redovisat (R10)"),
            num("Månadsbelopp ersatt"),
          ]}
          foot={
            <>
              <tr className="total-row">
                <th scope="row">Totalt</th>
                <td className="num">{formatKr(sum("schablonIntjanad"), 2)}</td>
                <td className="num">{formatKr(sum("omkostnadFaktisk"))}</td>
                <td className="num">{formatKr(sum("sarskild"))}</td>
                <td className="num">{formatKr(sum("manadsbelopp"))}</td>
                <td className="num">{formatKr(sum("manadsbeloppErsatt"))}</td>
              </tr>
            </>
          }
        >
          {months.map((m) => (
            <tr key={m.manad}>
              <th scope="row" className="nowrap">
                {formatMonth(m.manad)}
              </th>
              <td className="num">{formatKr(m.schablonIntjanad, 2)}</td>
              <td className="num">{formatKr(m.omkostnadFaktisk)}</td>
              <td className="num">{formatKr(m.sarskild)}</td>
              <td className="num">{formatKr(m.manadsbelopp)}</td>
              <td className="num">{formatKr(m.manadsbeloppErsatt)}</td>
            </tr>
          ))}
        </CaseTable>
      )}
      {events.length > 0 ? (
        <>
          <h3>Bedömda omkostnader</h3>
          <ul className="reasons">
            {events.map((h, i) => (
              <li key={i}>
                <strong>
                  {formatDate(h.datum)}, {label(KLASS_LABEL, h.klass).toLowerCase()}
                  {h.belopp !== null ? `, ${formatKr(h.belopp)}` : ""}:
                </strong>{" "}
                {h.orsak}{" "}
                <span className="muted">
                  ({regelText(h.regel)}
                  {h.kalla ? `, källa ${h.kalla}` : ""})
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function CaseFlaggor({ flaggor }: { flaggor: FlaggaRad[] }) {
  return (
    <section aria-labelledby="flagga-rubrik">
      <h2 id="flagga-rubrik">Flaggor</h2>
      <p>
        Brister som uppgifterna visar, och indikationer som bara antyder en brist och behöver kontrolleras (t.ex. R16, start inom
        sju dagar).
      </p>
      {flaggor.length === 0 ? (
        <p className="empty">Regelmotorn har inte flaggat något i ärendet.</p>
      ) : (
        <CaseTable id="flagga" caption="Processflaggor med skäl och källa" heads={["Datum", "Regel", "Nivå", "Beslut"]}>
          {flaggor.map((f, i) => (
            <Fragment key={`${f.regel}-${f.datum}-${i}`}>
              <tr data-regel={f.regel} className="has-reason">
                <th scope="row" className="nowrap">
                  {formatDate(f.datum)}
                </th>
                <td>
                  <Regel regel={f.regel} kalla={f.kalla} />
                </td>
                <td>
                  <span className={`tag ${f.niva === "brist" ? "tag--warn" : ""}`}>{label(NIVA_LABEL, f.niva)}</span>
                </td>
                <td className="nowrap">{f.beslutId ?? "–"}</td>
              </tr>
              <ReasonRow colSpan={4} label="Förklaring">
                {f.orsak}
              </ReasonRow>
            </Fragment>
          ))}
        </CaseTable>
      )}
    </section>
  );
}
