/**
 * The case's beslut history: sought against granted (as stated and per month), the
 * validity, the level that decided, stadsdel, utförare (changes marked) and the
 * engine's sentence on how the month hours were counted.
 */
import { Fragment } from "react";
import type { BeslutRad } from "../../../queries/arenden.ts";
import { formatDate, formatHours } from "../../lib/format.ts";
import { CaseTable, num, ReasonRow } from "./CaseTable.tsx";
import { label, TIMMAR_PER_LABEL, UTFALL_LABEL } from "./labels.ts";

function hours(h: number | null, per: string): string {
  return h === null ? "–" : `${formatHours(h)} ${TIMMAR_PER_LABEL[per] ?? per}`;
}

/** "10,0 h per vecka" and, when not per month, its month hours below. */
function Timmar({ stated, perManad, per }: { stated: number | null; perManad: number | null; per: string }) {
  if (stated === null) return <>–</>;
  return (
    <span className="nowrap">
      {hours(stated, per)}
      {per !== "manad" && perManad !== null ? (
        <>
          <br />
          <span className="muted">= {formatHours(perManad)} h/månad</span>
        </>
      ) : null}
    </span>
  );
}

export function CaseBeslut({ beslut }: { beslut: BeslutRad[] }) {
  let previousUtforare: string | null = null;
  return (
    <section aria-labelledby="beslut-rubrik">
      <h2 id="beslut-rubrik">Beslut</h2>
      <p>
        Varje beslut med sökta och beviljade timmar. Timmar per vecka räknas om till timmar per månad (52/12 veckor per månad,
        R1); beviljade timmar fördelas per dag under beslutets giltighetstid.
      </p>
      <CaseTable
        id="beslut"
        caption="Beslut i ärendet, äldst först"
        heads={[
          "Beslut",
          "Ansökan",
          "Beslutsdatum",
          "Utfall",
          "Sökt",
          "Beviljat",
          "Giltigt",
          "Beslutsnivå",
          "Stadsdel",
          "Utförare",
        ]}
      >
        {beslut.map((b) => {
          const changed =
            b.utfall !== "avslag" && b.utforare !== null && previousUtforare !== null && b.utforare !== previousUtforare;
          if (b.utfall !== "avslag" && b.utforare !== null) previousUtforare = b.utforare;
          return (
            <Fragment key={b.beslutId}>
              <tr data-beslut={b.beslutId} className="has-reason">
                <th scope="row" className="nowrap">
                  {b.beslutId}
                </th>
                <td className="nowrap">{formatDate(b.ansokanDatum)}</td>
                <td className="nowrap">{formatDate(b.beslutDatum)}</td>
                <td>
                  <span className={`utfall utfall--${b.utfall}`}>{label(UTFALL_LABEL, b.utfall)}</span>
                </td>
                <td>
                  <Timmar stated={b.soktaTimmar} perManad={b.soktaPerManad} per={b.timmarPer} />
                </td>
                <td>
                  <Timmar stated={b.beviljadeTimmar} perManad={b.beviljadePerManad} per={b.timmarPer} />
                </td>
                <td className="nowrap">
                  {b.giltigFrom ? (
                    <>
                      {formatDate(b.giltigFrom)} –<br />
                      {b.giltigTom ? formatDate(b.giltigTom) : <strong>inget slutdatum</strong>}
                    </>
                  ) : (
                    "–"
                  )}
                </td>
                <td>{b.beslutsniva ?? "–"}</td>
                <td>
                  {b.stadsdel}
                  {b.stadsdelNu && b.stadsdelNu !== b.stadsdel ? <span className="muted"> (i dag {b.stadsdelNu})</span> : null}
                </td>
                <td>
                  {b.utforareNamn ?? b.utforare ?? "–"}
                  {changed ? <strong className="tag">byte av utförare</strong> : null}
                  {b.personligAssistans ? <span className="tag tag--warn">har personlig assistans</span> : null}
                </td>
              </tr>
              <ReasonRow colSpan={10} label="Så räknades beslutet">
                {b.orsak ?? "–"}
              </ReasonRow>
            </Fragment>
          );
        })}
      </CaseTable>
    </section>
  );
}
