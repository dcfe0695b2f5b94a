/**
 * The line under a dashboard's heading that says what is shown: the period (and
 * what it is compared with), and every filter in force, in words.
 */
import type { Filters } from "../../queries/filters.ts";
import { ALDERSGRUPP_LABEL } from "../../queries/filters.ts";
import { INSATS_LABEL, KON_LABEL, LAGRUM_LABEL } from "../lib/labels.ts";

export function selectionText(f: Filters, utforareNames: Record<string, string> = {}): string {
  const parts: string[] = [];
  parts.push(f.kommun ?? "alla kommuner");
  if (f.stadsdel?.length) parts.push(`stadsdel ${f.stadsdel.join(", ")}`);
  if (f.lagrum?.length) parts.push(f.lagrum.map((v) => LAGRUM_LABEL[v] ?? v).join(", "));
  if (f.insats?.length) parts.push(f.insats.map((v) => (INSATS_LABEL[v] ?? v).toLowerCase()).join(", "));
  if (f.kon?.length) parts.push(f.kon.map((v) => (KON_LABEL[v] ?? v).toLowerCase()).join(", "));
  if (f.aldersgrupp?.length) parts.push(f.aldersgrupp.map((v) => ALDERSGRUPP_LABEL[v]).join(", "));
  if (f.utforare?.length) parts.push(`utförare ${f.utforare.map((u) => utforareNames[u] ?? u).join(", ")}`);
  return parts.join(" · ");
}

export function PageIntro({ filters, comparedWith, utforareNames, children }: { filters: Filters; comparedWith?: string; utforareNames?: Record<string, string>; children?: React.ReactNode }) {
  return (
    <div className="page-intro">
      <p className="lead">
        <strong className="period-label">{capitalise(filters.period.label)}</strong>
        {comparedWith ? <> jämfört med {comparedWith}</> : null}.
      </p>
      <p className="selection">Urval: {selectionText(filters, utforareNames)}.</p>
      {children}
    </div>
  );
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
