/**
 * The case page's tables, one way: a keyboard-scrollable region named by the caption,
 * header cells from a list, and explanation rows. Plain markup, no client state.
 */
import type { ReactNode } from "react";

/** A column head: its text, and whether the column holds figures (right-aligned). */
export type Head = string | { label: string; num: true };

export function CaseTable({
  id,
  caption,
  heads,
  className = "compact",
  foot,
  wide = false,
  children,
}: {
  id: string;
  caption: ReactNode;
  heads: readonly Head[];
  className?: string;
  foot?: ReactNode;
  /** Use the window's width, not just the reading column's (many figure columns). */
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    // `tabell-<id>`: the anchor a chart's TableRef links to (app/components/Chart.tsx).
    <div
      id={`tabell-${id}`}
      className={wide ? "table-scroll wide" : "table-scroll"}
      role="region"
      aria-labelledby={`${id}-caption`}
      tabIndex={0}
    >
      <table className={className}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            {heads.map((h) =>
              typeof h === "string" ? (
                <th key={h} scope="col">
                  {h}
                </th>
              ) : (
                <th key={h.label} scope="col" className="num">
                  {h.label}
                </th>
              )
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {foot ? <tfoot>{foot}</tfoot> : null}
      </table>
    </div>
  );
}

export const num = (label: string): Head => ({ label, num: true });

/**
 * A row's explanation on its own full-width row below it: the engine's Swedish
 * sentences are long, and in a narrow column they made every row a dozen lines high.
 * The row above gets `has-reason` so the two read as one.
 */
export function ReasonRow({ colSpan, label, children }: { colSpan: number; label: string; children: ReactNode }) {
  return (
    <tr className="reason-row">
      <td colSpan={colSpan}>
        <span className="reason-label">{label}: </span>
        {children}
      </td>
    </tr>
  );
}
