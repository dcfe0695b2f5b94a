/**
 * A dashboard table (app/lib/table.ts) as HTML: figures right-aligned in sv-SE
 * format, each additive figure a link to the cases behind it, hidden small
 * counts as "–" with the footnote, and the CSV download of exactly this table —
 * or, where the page shows only the largest rows of a long table (`capped`), says
 * so and offers the CSV as what it is: the whole table.
 * Renders loader data only, so it works without JavaScript.
 */
import { Link } from "@remix-run/react";
import { HIDDEN_FOOTNOTE, HIDDEN_MARK } from "../../queries/suppress.ts";
import { formatCell } from "../lib/cells.ts";
import { formatCount } from "../lib/format.ts";
import { hasHidden, type TableColumn, type TableData, type TableRow } from "../lib/table.ts";

export interface DataTableProps {
  table: TableData;
  /** CSV links (Swedish Excel, and comma/point); omitted: no download offered (e.g. a chart's data). */
  csv?: { excel: string; standard: string };
  /** Visually hide the caption (when a heading right above says the same). */
  captionHidden?: boolean;
}

export function DataTable({ table, csv, captionHidden = false }: DataTableProps) {
  const dims = table.columns.filter((c) => c.role === "dimension");
  const footnote = hasHidden(table);
  const cap = table.capped;
  return (
    <div className="data-table" data-table-id={table.id} id={`tabell-${table.id}`}>
      {/* Focusable and named, so a table wider than the page can be scrolled from the keyboard. */}
      <div className="table-scroll" role="region" aria-label={table.caption} tabIndex={0}>
        <table>
          <caption className={captionHidden ? "visually-hidden" : undefined}>{table.caption}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.key} scope="col" className={c.role === "measure" ? "num" : undefined} title={c.description}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <Row key={r.key} row={r} columns={table.columns} firstDim={dims[0]?.key} />
            ))}
          </tbody>
          {table.total ? (
            <tfoot>
              <Row row={table.total} columns={table.columns} firstDim={dims[0]?.key} />
            </tfoot>
          ) : null}
        </table>
      </div>
      {footnote ? <p className="footnote">{HIDDEN_FOOTNOTE}</p> : null}
      {cap ? (
        <p className="table-cap" role="note">
          Visar {formatCount(cap.shown)} av {formatCount(cap.of)} rader
          {cap.by ? `, de största efter ${cap.by.toLowerCase()}` : ""} – hela tabellen finns i CSV-exporten.
        </p>
      ) : null}
      {csv ? (
        <p className="csv-links no-print">
          <a href={csv.excel} download>
            {cap ? `Ladda ner hela tabellen (${formatCount(cap.of)} rader) som CSV` : "Ladda ner CSV"}
            <span className="visually-hidden">: {table.caption}</span>
          </a>{" "}
          <span className="muted">(för Excel: semikolon, decimalkomma)</span> ·{" "}
          <a href={csv.standard} download>
            {cap ? "Hela tabellen som CSV med komma och decimalpunkt" : "CSV med komma och decimalpunkt"}
            <span className="visually-hidden">: {table.caption}</span>
          </a>
        </p>
      ) : null}
    </div>
  );
}

function Row({ row, columns, firstDim }: { row: TableRow; columns: TableColumn[]; firstDim?: string }) {
  return (
    <tr data-row={row.key}>
      {columns.map((c) => {
        const format = row.format && c.format === "tal" ? row.format : c.format;
        const text = row.hidden?.[c.key] ? HIDDEN_MARK : formatCell(row.cells[c.key], format);
        if (c.key === firstDim) {
          return (
            <th key={c.key} scope="row" data-col={c.key}>
              {text}
            </th>
          );
        }
        const href = row.links?.[c.key];
        return (
          <td key={c.key} data-col={c.key} className={c.role === "measure" ? "num" : undefined}>
            {href ? (
              <Link to={href} title={`Visa ärendena bakom ${c.label.toLowerCase()}`}>
                {text}
              </Link>
            ) : (
              text
            )}
          </td>
        );
      })}
    </tr>
  );
}
