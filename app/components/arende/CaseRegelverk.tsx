/**
 * The regelverk the case was derived with (each rule's versions in force during the
 * case), and the sources the page cites. A kommun without its own regelverk gets the
 * default one, and the page says so at the top (RegelverkNotice).
 */
import { Fragment } from "react";
import { formatDate } from "../../lib/format.ts";
import { KALLA_LABEL, REGEL_LABEL } from "./labels.ts";
import type { RegelverkView } from "./regelverk.server.ts";
import { CaseTable, num, ReasonRow } from "./CaseTable.tsx";

export function RegelverkNotice({ kommun, regelverk }: { kommun: string; regelverk: RegelverkView | null }) {
  if (!regelverk?.standard) return null;
  return (
    <div className="notice notice--warn" role="note" aria-labelledby="standard-rubrik">
      <p id="standard-rubrik">
        <strong>{kommun} har inget eget regelverk.</strong> Ärendet har beräknats med standardregelverket: bara det som följer av
        lag och allmän förvaltningssed, utan flexmodell, avbokningsregler eller ersättningsnivåer. Siffrorna kan därför skilja sig
        från kommunens egen praxis.
      </p>
    </div>
  );
}

export function CaseRegelverk({ regelverk, fil }: { regelverk: RegelverkView | null; fil: string }) {
  return (
    <section aria-labelledby="regelverk-rubrik">
      <h2 id="regelverk-rubrik">Regelverk</h2>
      {!regelverk ? (
        <p className="notice">
          Regelverket <code>{fil}</code> som ärendet beräknades med kan inte läsas just nu.
        </p>
      ) : (
        <>
          <p>
            {regelverk.standard ? "Standardregelverket" : `Regelverket för ${regelverk.kommun}`} (<code>{regelverk.fil}</code>):{" "}
            {regelverk.beskrivning}
          </p>
          <p className="hint">
            Reglerna nedan gällde någon gång under ärendets tid. Filen visas som den ser ut nu; ärendet beräknas om vid varje
            inläsning.
          </p>
          <CaseTable
            id="regelverk"
            caption="Regler och parametrar som gällde under ärendets tid"
            heads={["Regel", "Gäller", "Parametrar", "Källa"]}
          >
            {regelverk.regler.map((r) => (
              <Fragment key={`${r.key}-${r.giltigFran}`}>
                <tr className={r.motivering ? "has-reason" : undefined}>
                  <th scope="row">
                    {r.regel} {REGEL_LABEL[r.regel] ?? r.key}
                  </th>
                  <td className="nowrap">
                    {formatDate(r.giltigFran)} –<br />
                    {r.giltigTill ? formatDate(r.giltigTill) : "tills vidare"}
                  </td>
                  <td>
                    {r.parametrar.length === 0 ? (
                      "–"
                    ) : (
                      <dl className="params">
                        {r.parametrar.map((p) => (
                          <div key={p.namn}>
                            <dt>{p.namn}</dt>
                            <dd>{p.varde}</dd>
                          </div>
                        ))}
                      </dl>
                    )}
                  </td>
                  <td className="nowrap">{r.kalla}</td>
                </tr>
                {r.motivering ? (
                  <ReasonRow colSpan={4} label="Motivering">
                    {r.motivering}
                  </ReasonRow>
                ) : null}
              </Fragment>
            ))}
          </CaseTable>
        </>
      )}
    </section>
  );
}

export function CaseKallor({ docs }: { docs: string[] }) {
  if (docs.length === 0) return null;
  return (
    <section aria-labelledby="kallor-rubrik">
      <h2 id="kallor-rubrik">Källor</h2>
      <p>Källorna anges med dokumentets nummer och avsnitt, t.ex. ”004 1.3”.</p>
      <ul>
        {docs.map((d) => (
          <li key={d}>
            <strong>{d}</strong>: {KALLA_LABEL[d] ?? "okänt dokument"}
          </li>
        ))}
      </ul>
    </section>
  );
}
