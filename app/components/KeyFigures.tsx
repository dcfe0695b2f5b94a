/**
 * Key figures as cards, read from the key-figure table (one row per measure:
 * this period, the same period a year earlier, the change) that the page also
 * shows and offers as CSV, so a card can never show what the table hides.
 */
import { Link } from "@remix-run/react";
import { HIDDEN_MARK } from "../../queries/suppress.ts";
import { formatCell } from "../lib/cells.ts";
import type { TableData, TableRow } from "../lib/table.ts";

function cell(row: TableRow, key: "nu" | "fore" | "forandring"): string {
  if (row.hidden?.[key]) return HIDDEN_MARK;
  const v = row.cells[key];
  if (key === "forandring") return typeof v === "string" ? v : "–";
  const s = formatCell(v, row.format ?? "tal");
  return row.format === "h" && typeof v === "number" ? `${s} tim` : s;
}

export function KeyFigures({ table }: { table: TableData }) {
  const previous = table.columns.find((c) => c.key === "fore")?.label ?? "";
  return (
    <ul className="key-figures">
      {table.rows.map((r) => {
        const href = r.links?.nu;
        return (
          <li key={r.key} className="key-figure" data-measure={r.key}>
            <span className="key-figure__label">{r.cells.matt}</span>
            <span className="key-figure__value" data-value>
              {href ? <Link to={href}>{cell(r, "nu")}</Link> : cell(r, "nu")}
            </span>
            <span className="key-figure__prev">
              {previous}: {cell(r, "fore")} <span className="key-figure__change">({cell(r, "forandring")})</span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
