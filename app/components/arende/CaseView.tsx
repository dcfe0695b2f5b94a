/**
 * `/arenden/<id>`: one case under its pseudonym. Top: who and what (no personnummer,
 * no birth date: age group only), the totals, a notice if the default regelverk was
 * used; then the sections that show how the rules produced the figures.
 */
import { Link } from "@remix-run/react";
import { formatCount, formatDate, formatHours, formatKr, formatPercent } from "../../lib/format.ts";
import { CaseBeslut } from "./CaseBeslut.tsx";
import type { CasePageData } from "./case.server.ts";
import { CaseFlaggor, CaseOmkostnader } from "./CaseEvents.tsx";
import { CaseHandelser } from "./CaseHandelser.tsx";
import { CaseLedger, CasePerioder } from "./CaseLedger.tsx";
import { CaseKallor, CaseRegelverk, RegelverkNotice } from "./CaseRegelverk.tsx";
import { flaggText, INSATS_SHORT, kallaDocs, KON_PERSON, label, LAGRUM_LABEL, UTFALL_LABEL } from "./labels.ts";

const SECTIONS = [
  ["beslut-rubrik", "Beslut"],
  ["manad-rubrik", "Timmar per månad"],
  ["period-rubrik", "Flexperioder"],
  ["handelse-rubrik", "Avbokningar"],
  ["omkostnad-rubrik", "Omkostnader"],
  ["flagga-rubrik", "Flaggor"],
  ["regelverk-rubrik", "Regelverk"],
] as const;

export function CaseView({ data }: { data: CasePageData }) {
  const { detail, regelverk } = data;
  const h = detail.head;
  const docs = [
    ...new Set(
      [
        ...detail.perioder.map((p) => p.kalla),
        ...detail.handelser.map((x) => x.kalla),
        ...detail.flaggor.map((f) => f.kalla),
        ...(regelverk?.regler.map((r) => r.kalla) ?? []),
      ].flatMap(kallaDocs)
    ),
  ].sort();
  const back = data.fran ? `/arenden?${data.fran}` : "/arenden";
  return (
    <>
      <p className="back">
        <Link to={back}>← Tillbaka till ärendelistan</Link>
      </p>
      <h1>
        Ärende <span className="pseudonym">{h.arendeId}</span>
      </h1>
      <p className="lead">
        {label(INSATS_SHORT, h.insats)} enligt {label(LAGRUM_LABEL, h.lagrum)} i {h.stadsdelNu ?? h.stadsdel ?? h.kommun}
        {h.stadsdelNu && h.stadsdelNu !== h.kommun ? `, ${h.kommun}` : ""}. {label(KON_PERSON, h.kon)}, {data.alder.grupp} (
        {data.alder.ar}).
      </p>
      <p className="hint">Ärendet visas under en pseudonym. Personnummer finns inte i systemet; visningen loggas.</p>
      <RegelverkNotice kommun={h.kommun} regelverk={regelverk} />
      <dl className="facts">
        <div>
          <dt>Beslut</dt>
          <dd>
            {formatCount(h.antalBeslut)}{" "}
            <span className="muted">
              ({formatCount(h.antalBifall)} bifall, {formatCount(h.antalDelavslag)} delavslag, {formatCount(h.antalAvslag)}{" "}
              avslag)
            </span>
          </dd>
        </div>
        <div>
          <dt>Senaste utfall</dt>
          <dd>{label(UTFALL_LABEL, h.utfallSenaste)}</dd>
        </div>
        <div>
          <dt>Första ansökan</dt>
          <dd>{formatDate(h.forstaAnsokan)}</dd>
        </div>
        <div>
          <dt>Giltigt</dt>
          <dd>
            {h.forstaGiltigFrom
              ? `${formatDate(h.forstaGiltigFrom)} – ${h.sistaGiltigTom ? formatDate(h.sistaGiltigTom) : "inget slutdatum"}`
              : "–"}
          </dd>
        </div>
        <div>
          <dt>Beviljade timmar</dt>
          <dd>{formatHours(h.beviljade)}</dd>
        </div>
        <div>
          <dt>Utförda timmar</dt>
          <dd>{formatHours(h.utforda)}</dd>
        </div>
        <div>
          <dt>Förbrukade timmar</dt>
          <dd>{formatHours(h.forbrukade)}</dd>
        </div>
        <div>
          <dt>Förverkade timmar</dt>
          <dd>{formatHours(h.forverkade)}</dd>
        </div>
        <div>
          <dt>Utförandegrad</dt>
          <dd>{formatPercent(h.beviljade > 0 ? h.utforda / h.beviljade : null)}</dd>
        </div>
        <div>
          <dt>Kostnad för ersatta timmar</dt>
          <dd>{formatKr(h.kostnad)}</dd>
        </div>
        <div>
          <dt>Flaggor</dt>
          <dd>{h.flaggor.length ? h.flaggor.map(flaggText).join(", ") : "inga"}</dd>
        </div>
      </dl>
      <nav className="toc" aria-label="Innehåll på sidan">
        <ul>
          {SECTIONS.map(([id, text]) => (
            <li key={id}>
              <a href={`#${id}`}>{text}</a>
            </li>
          ))}
        </ul>
      </nav>
      <CaseBeslut beslut={detail.beslut} />
      <CaseLedger manader={detail.manader} chart={data.chart} period={data.period} />
      <CasePerioder perioder={detail.perioder} />
      <CaseHandelser handelser={detail.handelser} />
      <CaseOmkostnader manader={detail.manader} handelser={detail.handelser} />
      <CaseFlaggor flaggor={detail.flaggor} />
      <CaseRegelverk regelverk={regelverk} fil={h.regelverk} />
      <CaseKallor docs={docs} />
    </>
  );
}
