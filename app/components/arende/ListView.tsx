/**
 * `/arenden`: what the list shows (in words), notices, the filter form, the table and
 * the CSV links. Renders loader data only, so it works without JavaScript.
 */
import type { ReactNode } from "react";
import { formatCount, formatDate } from "../../lib/format.ts";
import { formatCell } from "../../lib/cells.ts";
import { SCOPE_NOUN } from "./labels.ts";
import { ListFilter } from "./ListFilter.tsx";
import type { ListPageData } from "./list.server.ts";
import { ListTable } from "./ListTable.tsx";

const FILTER_WORD: Record<string, string> = {
  stadsdel: "stadsdel",
  lagrum: "lagrum",
  insats: "insats",
  kon: "kön",
  aldersgrupp: "åldersgrupp",
  utforare: "utförare",
};

const KON_PLURAL: Record<string, string> = { K: "kvinnor", M: "män" };

const SCOPE_SENTENCE: Record<string, string> = {
  manad: "som har timmar (månadsrader) i",
  beslut: "som har fått beslut under",
  flagga: "som har fått en processflagga under",
  period: "vars flexperiod slutar under",
};

/** The active filters as Swedish phrases ("stadsdel Farsta eller Södermalm"). */
function filterPhrases(data: ListPageData): string[] {
  const { q, choices, options } = data;
  const f = q.filters;
  const names = (values: readonly string[] | undefined, list: { value: string; label: string }[]) =>
    (values ?? []).map((v) => list.find((c) => c.value === v)?.label ?? v).join(" eller ");
  const out: string[] = [];
  if (f.kommun) out.push(`kommun ${f.kommun}`);
  if (f.stadsdel?.length) out.push(`stadsdel ${f.stadsdel.join(" eller ")}`);
  if (f.lagrum?.length) out.push(`lagrum ${names(f.lagrum, choices.lagrum)}`);
  if (f.insats?.length) out.push(`insats ${names(f.insats, choices.insats).toLowerCase()}`);
  if (f.kon?.length) out.push(f.kon.map((k) => KON_PLURAL[k] ?? k).join(" eller "));
  if (f.aldersgrupp?.length) out.push(names(f.aldersgrupp, choices.aldersgrupp));
  if (f.utforare?.length) {
    const u = (id: string) => options.utforare.find((x) => x.utforare === id && (!f.kommun || x.kommun === f.kommun))?.namn ?? id;
    out.push(`utförare ${f.utforare.map(u).join(" eller ")}`);
  }
  if (q.utfall.length) out.push(`utfall ${names(q.utfall, choices.utfall).toLowerCase()}`);
  if (q.flagga.length) out.push(`flagga ${q.flagga.join(" eller ")}`);
  return out;
}

function Notice({ children }: { children: ReactNode }) {
  return <div className="notice">{children}</div>;
}

export function ListView({ data }: { data: ListPageData }) {
  const { q, list } = data;
  const phrases = filterPhrases(data);
  const csvBase = `/arenden.csv?${csvSearch(q.search)}`;
  return (
    <>
      <h1>Ärenden</h1>
      <p className="lead" id="urval">
        <strong>{formatCount(list.total.arenden)}</strong> {list.total.arenden === 1 ? "ärende" : "ärenden"}{" "}
        {SCOPE_SENTENCE[q.scope]} {q.filters.period.label}
        {phrases.length ? `, ${phrases.join(", ")}` : ""}.
        {q.matt ? (
          <>
            {" "}
            Listan visar de ärenden som bidrar till måttet <strong>{q.matt.label}</strong>, som för alla ärenden blir{" "}
            <strong data-figure="matt">{formatCell(list.total.matt, q.matt.unit)}</strong>.
          </>
        ) : null}
      </p>
      {q.matt ? <p className="hint">Så räknas måttet: {q.matt.definition}</p> : null}
      {data.limitedTo ? (
        <Notice>
          Ditt konto visar bara ärenden i {data.limitedTo.map((s) => `${s.stadsdel} (${s.kommun})`).join(", ")}. Summorna gäller
          de ärendena och kan därför vara lägre än i sammanställningarna för hela kommunen.
        </Notice>
      ) : null}
      {list.ignored.length ? (
        <Notice>
          Urvalet räknas på {SCOPE_NOUN[q.scope]}, som saknar {list.ignored.map((k) => FILTER_WORD[k] ?? k).join(", ")}: de
          filtren används inte här.
        </Notice>
      ) : null}
      {data.empty ? (
        <Notice>
          Inga ärenden: inga uppgifter har lästs in ännu. Läs in filer med <code>npm run etl</code>.
        </Notice>
      ) : null}
      <ListFilter data={data} />
      {list.total.arenden === 0 ? (
        <p className="empty">Inga ärenden matchar urvalet. Ändra filtren ovan, till exempel perioden.</p>
      ) : (
        <>
          <ListTable data={data} />
          <p className="downloads">
            Hela listan ({formatCount(list.total.arenden)} ärenden) som CSV:{" "}
            <a href={csvBase} download>
              för Excel (semikolon, decimalkomma)
            </a>{" "}
            eller{" "}
            <a href={`${csvBase}&dialect=standard`} download>
              standard-CSV (komma, decimalpunkt)
            </a>
            . Nedladdningen loggas.
          </p>
        </>
      )}
      {data.options.horizon ? (
        <p className="hint">Uppgifterna sträcker sig till och med {formatDate(data.options.horizon)}.</p>
      ) : null}
    </>
  );
}

/** The list's query without its page: the export holds every page. */
function csvSearch(search: string): string {
  const sp = new URLSearchParams(search);
  sp.delete("sida");
  return sp.toString();
}
