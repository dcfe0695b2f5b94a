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
import { CaseTable, num, ReasonRow } from "./CaseTable.tsx";
import { LEDGER_TABLE, regelText } from "./labels.ts";

type Figure =
  | "beviljade"
  | "utforda"
  | "senAvbokning"
  | "kortAvbokning"
  | "forbrukade"
  | "avbokadBrukare"
  | "avbokadLedsagare"
  | "saldo"
  | "forverkade"
  | "kostnad";

/** The ledger's figure columns, in order; the balance has no total (it is a state, not a flow). */
const FIGURES: readonly { key: Figure; label: string; kr?: true; noTotal?: true }[] = [
  { key: "beviljade", label: "Beviljade" },
  { key: "utforda", label: "Utförda" },
  { key: "senAvbokning", label: "Sen avbokning (R3)" },
  { key: "kortAvbokning", label: "Kort avbokning (R4)" },
  { key: "forbrukade", label: "Förbrukade" },
  { key: "avbokadBrukare", label: "Avbokat av brukaren" },
  { key: "avbokadLedsagare", label: "Avbokat av ledsagare eller utförare" },
  { key: "saldo", label: "Saldo", noTotal: true },
  { key: "forverkade", label: "Förverkade" },
  { key: "kostnad", label: "Kostnad (R18)", kr: true },
];

function inPeriod(m: ManadRad, p: Period | null): boolean {
  return p !== null && m.manad >= p.from && m.manad < p.to;
}

function Cell({ m, f }: { m: ManadRad; f: (typeof FIGURES)[number] }) {
  const v = m[f.key];
  if (f.kr) return <td className="num">{formatKr(v)}</td>;
  return (
    <td className="num">
      {f.key === "forverkade" && v > 0 ? <strong>{formatHours(v)}</strong> : formatHours(v)}
      {f.key === "utforda" && m.utfordaUtanBeslut > 0 ? (
        <span className="tag tag--warn">varav {formatHours(m.utfordaUtanBeslut)} utan beslut</span>
      ) : null}
    </td>
  );
}

export function CaseLedger({ manader, chart, period }: { manader: ManadRad[]; chart: ChartData | null; period: Period | null }) {
  const sum = (k: Figure) => manader.reduce((a, m) => a + m[k], 0);
  const foot = (
    <tr className="total-row">
      <th scope="row" colSpan={2}>
        Totalt
      </th>
      {FIGURES.map((f) => (
        <td key={f.key} className="num">
          {f.noTotal ? "–" : f.kr ? formatKr(sum(f.key)) : formatHours(sum(f.key))}
        </td>
      ))}
    </tr>
  );
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
        <CaseTable
          id="manad"
          className="compact ledger"
          wide
          caption={`${LEDGER_TABLE.caption}${period ? ` (månader i listans period, ${period.label}, är markerade)` : ""}`}
          heads={["Månad", "Beslut", ...FIGURES.map((f) => num(f.label))]}
          foot={foot}
        >
          {manader.map((m) => (
            <tr key={m.manad} className={inPeriod(m, period) ? "in-period" : undefined} data-manad={m.manad.slice(0, 7)}>
              <th scope="row" className="nowrap">
                {formatMonth(m.manad)}
                {inPeriod(m, period) ? <span className="visually-hidden"> (i listans period)</span> : null}
              </th>
              <td className="nowrap">{m.beslutId ?? "–"}</td>
              {FIGURES.map((f) => (
                <Cell key={f.key} m={m} f={f} />
              ))}
            </tr>
          ))}
        </CaseTable>
      ) : null}
      {manader.some((m) => m.utfordaUtanBeslut > 0) ? (
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
        <CaseTable
          id="period"
          caption="Flexperioder med beviljade, förbrukade och förverkade timmar"
          heads={["Period", "Status", num("Beviljade"), num("Utförda"), num("Förbrukade"), num("Förverkade")]}
        >
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
        </CaseTable>
      )}
    </section>
  );
}
