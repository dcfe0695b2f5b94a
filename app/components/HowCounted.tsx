/**
 * "Så räknas det": the definitions of the measures a page shows, straight from
 * the registry (queries/measures.ts), with the rules (DOMAIN.md R1–R18) each rests
 * on. The same text is in docs/MEASURES.md.
 */
import type { ReactNode } from "react";
import { MEASURES, type MeasureId } from "../../queries/measures.ts";

export function HowCounted({ measures, children }: { measures: readonly MeasureId[]; children?: ReactNode }) {
  return (
    <details className="how-counted">
      <summary>Så räknas det</summary>
      {children}
      <dl>
        {[...new Set(measures)].map((id) => {
          const m = MEASURES[id];
          return (
            <div key={id}>
              <dt>{m.label}</dt>
              <dd>
                {m.definition}
                {m.rules.length ? <span className="rules"> Regler: {m.rules.join(", ")}.</span> : null}
              </dd>
            </div>
          );
        })}
      </dl>
    </details>
  );
}
