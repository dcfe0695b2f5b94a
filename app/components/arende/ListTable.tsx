/**
 * The case list as a table: sortable column heads (links, so sorting works without
 * JavaScript and lives in the URL), one row per case, the total row over every
 * matching case (not just this page), and the page links.
 */
import { Link } from "@remix-run/react";
import type { ArendeListRow, SortKey } from "../../../queries/arenden.ts";
import { formatCount, formatHours, formatPercent } from "../../lib/format.ts";
import { formatCell } from "../../lib/cells.ts";
import { flaggText, INSATS_SHORT, KON_PERSON, label, UTFALL_LABEL } from "./labels.ts";
import type { ListPageData } from "./list.server.ts";

interface Column {
  key: SortKey;
  label: string;
  num?: boolean;
  /** Numbers sort largest first on the first click. */
  firstDir: "asc" | "desc";
}

/** Age groups in a narrow column whose head says "(år)". */
const AGE_SHORT: Record<string, string> = { "0-17": "0–17", "18-24": "18–24", "25-64": "25–64", "65-": "65+" };

function withParams(search: string, change: Record<string, string | null>): string {
  const sp = new URLSearchParams(search);
  for (const [k, v] of Object.entries(change)) {
    if (v === null) sp.delete(k);
    else sp.set(k, v);
  }
  return `?${sp.toString()}`;
}

function SortHead({ col, data }: { col: Column; data: ListPageData }) {
  const { sort, search } = data.q;
  const current = sort.key === col.key;
  const next = current ? (sort.dir === "asc" ? "desc" : "asc") : col.firstDir;
  const ariaSort = current ? (sort.dir === "asc" ? "ascending" : "descending") : undefined;
  return (
    <th scope="col" className={col.num ? "num" : undefined} aria-sort={ariaSort}>
      <Link to={withParams(search, { sort: `${col.key}:${next}`, sida: null })} preventScrollReset>
        {col.label}
        <span className="visually-hidden">, sortera {next === "asc" ? "stigande" : "fallande"}</span>
        {current ? <span aria-hidden="true"> {sort.dir === "asc" ? "▲" : "▼"}</span> : null}
      </Link>
    </th>
  );
}

export function ListTable({ data }: { data: ListPageData }) {
  const { list, q } = data;
  // The kommun column only when the page spans several kommuner.
  const showKommun = new Set(list.rows.map((r) => r.kommun)).size > 1;
  const matt = q.matt;
  const columns: Column[] = [
    { key: "arende", label: "Ärende", firstDir: "asc" },
    ...(showKommun ? [{ key: "kommun" as const, label: "Kommun", firstDir: "asc" as const }] : []),
    { key: "stadsdel", label: "Stadsdel", firstDir: "asc" },
    { key: "kon", label: "Kön", firstDir: "asc" },
    { key: "aldersgrupp", label: "Ålder (år)", firstDir: "asc" },
    { key: "insats", label: "Insats, lagrum", firstDir: "asc" },
    { key: "utfall", label: q.scope === "beslut" ? "Senaste utfall i urvalet" : "Senaste utfall", firstDir: "asc" },
    { key: "utforare", label: "Utförare", firstDir: "asc" },
    { key: "beviljade", label: "Beviljade tim", num: true, firstDir: "desc" },
    { key: "utforda", label: "Utförda tim", num: true, firstDir: "desc" },
    { key: "forbrukade", label: "Förbrukade tim", num: true, firstDir: "desc" },
    { key: "utforandegrad", label: "Utförande\u00adgrad", num: true, firstDir: "desc" },
    { key: "flaggor", label: q.scope === "flagga" ? "Flaggor i urvalet" : "Flaggor", firstDir: "desc" },
    ...(matt ? [{ key: "matt" as const, label: matt.label, num: true, firstDir: "desc" as const }] : []),
  ];
  const fran = encodeURIComponent(q.search);
  const aldersgrupp = Object.fromEntries(data.choices.aldersgrupp.map((c) => [c.value, c.label]));
  const t = list.total;
  return (
    <>
      <div className="table-scroll wide" role="region" aria-labelledby="lista-caption" tabIndex={0}>
        <table className="case-list">
          <caption id="lista-caption">
            Ärenden{" "}
            {list.rows.length > 0
              ? `${formatCount((list.sida - 1) * list.pageSize + 1)}–${formatCount(
                  (list.sida - 1) * list.pageSize + list.rows.length
                )}`
              : ""}{" "}
            av {formatCount(t.arenden)}, {q.filters.period.label}. Timmarna gäller perioden.
          </caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <SortHead key={c.key} col={c} data={data} />
              ))}
            </tr>
          </thead>
          <tbody>
            {list.rows.map((r) => (
              <Row key={r.arendeId} r={r} showKommun={showKommun} matt={matt} fran={fran} aldersgrupp={aldersgrupp} />
            ))}
          </tbody>
          <tfoot>
            <tr className="total-row">
              <th scope="row" colSpan={columns.findIndex((c) => c.key === "beviljade")}>
                Totalt, alla {formatCount(t.arenden)} ärenden
              </th>
              <td className="num">{formatHours(t.beviljade)}</td>
              <td className="num">{formatHours(t.utforda)}</td>
              <td className="num">{formatHours(t.forbrukade)}</td>
              <td className="num">{formatPercent(t.utforandegrad)}</td>
              <td />
              {matt ? (
                <td className="num" data-total="matt">
                  {formatCell(t.matt, matt.unit)}
                </td>
              ) : null}
            </tr>
          </tfoot>
        </table>
      </div>
      <FlagLegend
        flags={[...new Set(list.rows.flatMap((r) => r.flaggor))].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))}
      />
      <Pagination data={data} />
    </>
  );
}

/** What the flag codes on this page mean (the case page gives each flag's reason). */
function FlagLegend({ flags }: { flags: string[] }) {
  if (flags.length === 0) return null;
  return <p className="hint flag-legend">Flaggor på sidan: {flags.map(flaggText).join("; ")}.</p>;
}

function Row({
  r,
  showKommun,
  matt,
  fran,
  aldersgrupp,
}: {
  r: ArendeListRow;
  showKommun: boolean;
  matt: ListPageData["q"]["matt"];
  fran: string;
  aldersgrupp: Record<string, string>;
}) {
  return (
    <tr data-arende={r.arendeId}>
      <th scope="row">
        <Link to={`/arenden/${r.arendeId}?fran=${fran}`} className="pseudonym">
          {r.arendeId}
        </Link>
      </th>
      {showKommun ? <td>{r.kommun}</td> : null}
      <td>{r.stadsdel ?? "–"}</td>
      <td>{label(KON_PERSON, r.kon)}</td>
      <td className="nowrap">{AGE_SHORT[r.aldersgrupp] ?? aldersgrupp[r.aldersgrupp] ?? r.aldersgrupp}</td>
      <td>
        {label(INSATS_SHORT, r.insats)}
        <br />
        <span className="muted">{r.lagrum ?? "–"}</span>
      </td>
      <td>{label(UTFALL_LABEL, r.utfall)}</td>
      <td>{r.utforareNamn ?? r.utforare ?? "–"}</td>
      <td className="num">{formatHours(r.beviljade)}</td>
      <td className="num">{formatHours(r.utforda)}</td>
      <td className="num">{formatHours(r.forbrukade)}</td>
      <td className="num">{formatPercent(r.utforandegrad)}</td>
      <td>
        {r.flaggor.length === 0 ? (
          <span className="muted">–</span>
        ) : (
          <ul className="flag-list">
            {r.flaggor.map((f) => (
              <li key={f} title={flaggText(f)}>
                {f}
              </li>
            ))}
          </ul>
        )}
      </td>
      {matt ? <td className="num">{formatCell(r.matt, matt.unit)}</td> : null}
    </tr>
  );
}

/** Page links: first, previous, a window around the current page, next, last. */
function Pagination({ data }: { data: ListPageData }) {
  const { sida, sidor } = data.list;
  if (sidor <= 1) return null;
  const href = (n: number) => withParams(data.q.search, { sida: n === 1 ? null : String(n) });
  const pages = new Set([1, sidor, sida - 2, sida - 1, sida, sida + 1, sida + 2].filter((n) => n >= 1 && n <= sidor));
  const sorted = [...pages].sort((a, b) => a - b);
  return (
    <nav className="pagination" aria-label="Sidor i ärendelistan">
      <p>
        Sida {formatCount(sida)} av {formatCount(sidor)}
      </p>
      <ul>
        <li>{sida > 1 ? <Link to={href(sida - 1)}>‹ Föregående</Link> : <span className="disabled">‹ Föregående</span>}</li>
        {sorted.map((n, i) => (
          <li key={n}>
            {i > 0 && n - sorted[i - 1] > 1 ? <span aria-hidden="true">… </span> : null}
            {n === sida ? (
              <span aria-current="page" className="current">
                <span className="visually-hidden">Sida </span>
                {n}
              </span>
            ) : (
              <Link to={href(n)} aria-label={`Sida ${n}`}>
                {n}
              </Link>
            )}
          </li>
        ))}
        <li>{sida < sidor ? <Link to={href(sida + 1)}>Nästa ›</Link> : <span className="disabled">Nästa ›</span>}</li>
      </ul>
    </nav>
  );
}
