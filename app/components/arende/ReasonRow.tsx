/**
 * A table row's explanation on its own full-width row below it: the engine's Swedish
 * sentences are long, and in a narrow column they made every row a dozen lines high.
 * The row above gets `has-reason` so the two read as one.
 */
import type { ReactNode } from "react";

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
