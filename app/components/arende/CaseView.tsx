/**
 * `/arenden/<id>`: one case under its pseudonym. Top: who and what (no personnummer,
 * no birth date: age group only), the totals, a notice if the default regelverk was
 * used; then the sections that show how the rules produced the figures.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
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

/** The case at a glance: [term, value] pairs. */
function facts({ detail: { head: h } }: CasePageData): [string, ReactNode][] {
  return [
    [
      "Beslut",
      <>
        {formatCount(h.antalBeslut)}{" "}
        <span className="muted">
          ({formatCount(h.antalBifall)} bifall, {formatCount(h.antalDelavslag)} delavslag, {formatCount(h.antalAvslag)} avslag)
        </span>
      </>,
    ],
    ["Senaste utfall", label(UTFALL_LABEL, h.utfallSenaste)],
    ["Första ansökan", formatDate(h.forstaAnsokan)],
    [
      "Giltigt",
      h.forstaGiltigFrom
        ? `${formatDate(h.forstaGiltigFrom)} – ${h.sistaGiltigTom ? formatDate(h.sistaGiltigTom) : "inget slutdatum"}`
        : "–",
    ],
    ["Beviljade timmar", formatHours(h.beviljade)],
    ["Utförda timmar", formatHours(h.utforda)],
    ["Förbrukade timmar", formatHours(h.forbrukade)],
    ["Förverkade timmar", formatHours(h.forverkade)],
    ["Utförandegrad", formatPercent(h.beviljade > 0 ? h.utforda / h.beviljade : null)],
    ["Kostnad för ersatta timmar", formatKr(h.kostnad)],
    ["Flaggor", h.flaggor.length ? h.flaggor.map(flaggText).join(", ") : "inga"],
  ];
}

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
        {facts(data).map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
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
