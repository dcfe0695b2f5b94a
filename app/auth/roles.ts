/**
 * Roles and rights, as data. This file is shared by server and browser code (no
 * server imports) so that menus can hide links a role has no use for — but hiding
 * a link is never the protection: every loader and action asks the same table
 * through `app/auth/policy.server.ts`.
 *
 * The table is the role list (issue 6, "Accounts and roles") written out:
 *  - forvaltning: every aggregate and the nämnd report; no case pages.
 *  - enhetschef: aggregates for the whole kommun; case pages and case exports
 *    only for the stadsdelar assigned to the account.
 *  - analytiker: aggregates and pseudonymised case-level exports; no free text.
 *  - admin: users, data loads, the audit log (and nothing about cases).
 */
// No zod here: this file reaches the browser bundle (menus); the schemas are in role-schemas.ts.

export const ROLES = ["forvaltning", "enhetschef", "analytiker", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = {
  forvaltning: "Förvaltning",
  enhetschef: "Enhetschef",
  analytiker: "Analytiker",
  admin: "Administratör",
};

export const RIGHTS = [
  "view-aggregates",
  "export-aggregates",
  "view-report",
  "view-cases",
  "export-cases",
  "view-free-text",
  "admin",
  "manage-data",
] as const;
export type Right = (typeof RIGHTS)[number];

export const RIGHT_LABEL: Record<Right, string> = {
  "view-aggregates": "se sammanställningar (översikt och tematiska sidor)",
  "export-aggregates": "exportera sammanställningar som CSV",
  "view-report": "se rapporten till nämnden",
  "view-cases": "se ärendesidor",
  "export-cases": "exportera ärenden på ärendenivå",
  "view-free-text": "se fritextfält (orsak, aktivitet, handläggare)",
  admin: "administrera användare och granskningsloggen",
  "manage-data": "läsa in data",
};

/**
 * Which role has which right. `view-cases` and `export-cases` for an enhetschef
 * are further limited to the account's stadsdelar (see `caseScope`).
 */
export const ROLE_RIGHTS: Record<Role, readonly Right[]> = {
  forvaltning: ["view-aggregates", "export-aggregates", "view-report"],
  enhetschef: ["view-aggregates", "export-aggregates", "view-cases", "export-cases", "view-free-text"],
  analytiker: ["view-aggregates", "export-aggregates", "export-cases"],
  admin: ["admin", "manage-data"],
};

/** A stadsdel of a kommun (names repeat between kommuner, so always both). */
export interface StadsdelRef {
  kommun: string;
  stadsdel: string;
}

/** The signed-in account as every route sees it (never carries the password hash). */
export interface SessionUser {
  userId: number;
  username: string;
  role: Role;
  /** Only for enhetschef: the stadsdelar whose cases the account may open. */
  stadsdelar: StadsdelRef[];
  isDemo: boolean;
}

/** The part of a user the rules below need (so that plain objects work in tests and menus). */
export type UserLike = Pick<SessionUser, "role" | "stadsdelar">;

export function can(user: UserLike | null | undefined, right: Right): boolean {
  return user != null && ROLE_RIGHTS[user.role].includes(right);
}

/**
 * Which cases an account may see, for the query layer to filter by:
 * `all` (analytiker's pseudonymised exports), `stadsdelar` (an enhetschef's list),
 * or `none`.
 */
export type CaseScope =
  | { kind: "all" }
  | { kind: "stadsdelar"; stadsdelar: StadsdelRef[] }
  | { kind: "none" };

export function caseScope(user: UserLike | null | undefined): CaseScope {
  if (!user || !(can(user, "view-cases") || can(user, "export-cases"))) return { kind: "none" };
  if (user.role === "enhetschef") return { kind: "stadsdelar", stadsdelar: [...user.stadsdelar] };
  return { kind: "all" };
}

function sameStadsdel(a: StadsdelRef, b: StadsdelRef): boolean {
  return a.kommun === b.kommun && a.stadsdel === b.stadsdel;
}

/** True when the scope lets the account see the cases of this stadsdel. */
export function scopeCovers(scope: CaseScope, where: StadsdelRef): boolean {
  if (scope.kind === "all") return true;
  if (scope.kind === "none") return false;
  return scope.stadsdelar.some((s) => sameStadsdel(s, where));
}

/**
 * Whether aggregates shown to this account must hide small counts (issue 5's rule).
 * Counts are hidden unless the account may see every case behind the figure:
 * pass the stadsdel the figure is about, or nothing for a figure over a whole
 * kommun (or several) — an enhetschef then sees hidden counts, since the
 * figure includes stadsdelar not assigned to them.
 */
export function smallCountsHidden(user: UserLike | null | undefined, where?: StadsdelRef): boolean {
  const scope = caseScope(user);
  if (scope.kind === "all") return false;
  if (scope.kind === "none" || !where) return true;
  return !scopeCovers(scope, where);
}

/** Free-text columns: they may name people or health details, so analytiker never get them. */
export const FREE_TEXT_COLUMNS = {
  avbokningar: ["orsak"],
  omkostnader: ["aktivitet"],
  beslut: ["handlaggare"],
} as const satisfies Record<string, readonly string[]>;

export function isFreeTextColumn(table: string, column: string): boolean {
  const cols = (FREE_TEXT_COLUMNS as Record<string, readonly string[]>)[table];
  return cols !== undefined && cols.includes(column);
}

export function canSeeColumn(user: UserLike | null | undefined, table: string, column: string): boolean {
  return !isFreeTextColumn(table, column) || can(user, "view-free-text");
}

/** Filters a table's column list down to what the account may see (order kept). */
export function visibleColumns<C extends string>(
  user: UserLike | null | undefined,
  table: string,
  columns: readonly C[],
): C[] {
  return columns.filter((c) => canSeeColumn(user, table, c));
}

/** Where an account lands after sign-in: admin has no aggregates, so not the overview. */
export function homeFor(user: UserLike): string {
  return can(user, "view-aggregates") ? "/" : "/admin";
}
