/**
 * The main navigation, as data. Every page of the product has its entry here
 * from the start, so the menu's order is settled once; a page turns its entry
 * on (`available: true`) when its route exists — the menu never links to a 404.
 *
 * `right` is what the signed-in account needs to see the entry (app/auth/roles.ts).
 * Hiding an entry is only convenience: the route's loader enforces access.
 */
import type { Right } from "../auth/roles.ts";

export interface NavItem {
  label: string;
  to: string;
  available: boolean;
  right: Right;
}

export const NAV: readonly NavItem[] = [
  // "/" is the Översikt dashboard; what was loaded is at /data.
  { label: "Översikt", to: "/", available: true, right: "view-aggregates" },
  { label: "Timmar", to: "/timmar", available: true, right: "view-aggregates" },
  { label: "Likabedömning", to: "/stadsdelar", available: true, right: "view-aggregates" },
  { label: "Jämställdhet", to: "/kon", available: true, right: "view-aggregates" },
  { label: "Omkostnader", to: "/omkostnader", available: true, right: "view-aggregates" },
  { label: "Avslag", to: "/avslag", available: true, right: "view-aggregates" },
  { label: "Utförare", to: "/utforare", available: true, right: "view-aggregates" },
  { label: "Bevakning", to: "/bevakning", available: true, right: "view-aggregates" },
  { label: "Ärenden", to: "/arenden", available: true, right: "view-cases" },
  { label: "Rapport", to: "/rapport", available: true, right: "view-report" },
  { label: "Inläst data", to: "/data", available: true, right: "view-aggregates" },
];

/**
 * The entries to show. Without a `can` (no sign-in yet) every available entry is
 * shown; with one, only those the account has the right for.
 */
export function navItems(can?: (right: Right) => boolean): NavItem[] {
  return NAV.filter((item) => item.available && (can ? can(item.right) : true));
}
