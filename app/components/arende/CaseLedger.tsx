/**
 * The monthly ledger (the shared Chart: server-drawn SVG, legend, its data as a table)
 * with the full ledger table, and the flex periods with the engine's reasons.
 */
import { Fragment } from "react";
import type { ManadRad, PeriodRad } from "../../../queries/arenden.ts";
import type { Period } from "../../../queries/filters.ts";
import { formatDate, formatHours, formatKr, formatMonth } from "../../lib/format.ts";
import type { Chart as ChartData } from "../../lib/plot.server.ts";
import { Chart } from "../Chart.tsx";
import { regelText } from "./labels.ts";
import { ReasonRow } from "./ReasonRow.tsx";

function inPeriod(m: ManadRad, p: Period | null): boolean {
  return p !== null && m.manad >= p.from && m.manad < p.to;
}

export function CaseLedger({ manader, chart, period }: { manader: ManadRad[]; chart: ChartData | null; period: Period | null }) {
  const sum = (k: keyof ManadRad) => manader.reduce((a, m) => a + (m[k] as number), 0);
  const anyUtanBeslut = manader.some((m) => m.utfordaUtanBeslut > 0);
  return (
    <section aria-labelledby="manad-rubrik">
      <h2 id="manad-rubrik">Timmar per månad</h2>
      <p>
        Beviljade timmar får användas när som helst inom flexperioden; det som inte förbrukats när perioden slutar förverkas (R2).
        Förbrukade timmar är utförda timmar plus timmar som avbokningsreglerna räknar som förbrukade (R3, R4). Saldot är det som
        återstår av periodens timmar vid månadens slut.
      </p>
      {chart ? <Chart chart={chart} /> : <p className="empty">Ärendet har inga månader med beviljade eller utförda timmar.</p>}
      {manader.length > 0 ? (
        <div className="table-scroll" role="region" aria-labelledby="manad-caption" tabIndex={0}>
          <table className="compact ledger">
            <caption id="manad-caption">
              Månadsliggare, timmar{period ? ` (månader i listans period, ${period.label}, är markerade)` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Månad</th>
                <th scope="col">Beslut</th>
                <th scope="col" className="num">
                  Beviljade
                </th>
                <th scope="col" className="num">
                  Utförda
                </th>
                <th scope="col" className="num">
                  Sen avbokning (R3)
                </th>
                <th scope="col" className="num">
                  Kort avbokning (R4)
                </th>
                <th scope="col" className="num">
                  Förbrukade
                </th>
                <th scope="col" className="num">
                  Avbokat av brukaren
                </th>
                <th scope="col" className="num">
                  Avbokat av ledsagare/utförare
                </th>
                <th scope="col" className="num">
                  Saldo
                </th>
                <th scope="col" className="num">
                  Förverkade
                </th>
                <th scope="col" className="num">
                  Kostnad (R18)
                </th>
              </tr>
            </thead>
            <tbody>
              {manader.map((m) => (
                <tr key={m.manad} className={inPeriod(m, period) ? "in-period" : undefined} data-manad={m.manad.slice(0, 7)}>
                  <th scope="row" className="nowrap">
                    {formatMonth(m.manad)}
                    {inPeriod(m, period) ? <span className="visually-hidden"> (i listans period)</span> : null}
                  </th>
                  <td className="nowrap">{m.beslutId ?? "–"}</td>
                  <td className="num">{formatHours(m.beviljade)}</td>
                  <td className="num">
                    {formatHours(m.utforda)}
                    {m.utfordaUtanBeslut > 0 ? (
                      <span className="tag tag--warn">varav {formatHours(m.utfordaUtanBeslut)} utan beslut</span>
                    ) : null}
                  </td>
                  <td className="num">{formatHours(m.senAvbokning)}</td>
                  <td className="num">{formatHours(m.kortAvbokning)}</td>
                  <td className="num">{formatHours(m.forbrukade)}</td>
                  <td className="num">{formatHours(m.avbokadBrukare)}</td>
                  <td className="num">{formatHours(m.avbokadLedsagare)}</td>
                  <td className="num">{formatHours(m.saldo)}</td>
                  <td className="num">{m.forverkade > 0 ? <strong>{formatHours(m.forverkade)}</strong> : formatHours(0)}</td>
                  <td className="num">{formatKr(m.kostnad)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="total-row">
                <th scope="row" colSpan={2}>
                  Totalt
                </th>
                <td className="num">{formatHours(sum("beviljade"))}</td>
                <td className="num">{formatHours(sum("utforda"))}</td>
                <td className="num">{formatHours(sum("senAvbokning"))}</td>
                <td className="num">{formatHours(sum("kortAvbokning"))}</td>
                <td className="num">{formatHours(sum("forbrukade"))}</td>
                <td className="num">{formatHours(sum("avbokadBrukare"))}</td>
                <td className="num">{formatHours(sum("avbokadLedsagare"))}</td>
                <td className="num">–</td>
                <td className="num">{formatHours(sum("forverkade"))}</td>
                <td className="num">{formatKr(sum("kostnad"))}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}
      {anyUtanBeslut ? (
        <p className="notice">
          Timmar har utförts på dagar utan gällande beslut (R15); de ingår i utförda timmar och är flaggade.
        </p>
      ) : null}
    </section>
  );
}

export function CasePerioder({ perioder }: { perioder: PeriodRad[] }) {
  return (
    <section aria-labelledby="period-rubrik">
      <h2 id="period-rubrik">Flexperioder</h2>
      {perioder.length === 0 ? (
        <p className="empty">Inga flexperioder.</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="period-caption" tabIndex={0}>
          <table className="compact">
            <caption id="period-caption">Flexperioder med beviljade, förbrukade och förverkade timmar</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Beviljade
                </th>
                <th scope="col" className="num">
                  Utförda
                </th>
                <th scope="col" className="num">
                  Förbrukade
                </th>
                <th scope="col" className="num">
                  Förverkade
                </th>
              </tr>
            </thead>
            <tbody>
              {perioder.map((p) => (
                <Fragment key={p.periodStart}>
                  <tr className="has-reason">
                    <th scope="row" className="nowrap">
                      {p.periodStart === p.periodSlut
                        ? formatMonth(p.periodStart)
                        : `${formatMonth(p.periodStart)} – ${formatMonth(p.periodSlut)}`}
                    </th>
                    <td>
                      {p.utanBeslut ? "Utan beslut" : p.stangd ? "Avslutad" : "Pågår"}
                      {p.forverkasDatum ? (
                        <>
                          <br />
                          <span className="muted">förverkas {formatDate(p.forverkasDatum)}</span>
                        </>
                      ) : null}
                    </td>
                    <td className="num">{formatHours(p.beviljade)}</td>
                    <td className="num">{formatHours(p.utforda)}</td>
                    <td className="num">{formatHours(p.forbrukade)}</td>
                    <td className="num">{formatHours(p.forverkade)}</td>
                  </tr>
                  <ReasonRow colSpan={6} label={p.regel ? `Förklaring (${regelText(p.regel)})` : "Förklaring"}>
                    {p.orsak ?? "–"}
                    {p.kalla ? <span className="source"> Källa: {p.kalla}.</span> : null}
                  </ReasonRow>
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
