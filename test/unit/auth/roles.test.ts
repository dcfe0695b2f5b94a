import { describe, expect, it } from "vitest";
import {
  can,
  canSeeColumn,
  caseScope,
  homeFor,
  RIGHTS,
  ROLES,
  smallCountsHidden,
  visibleColumns,
  type Right,
  type Role,
} from "../../../app/auth/roles.ts";

// The role list, written out here independently of roles.ts: a change
// to the table must be a change to this test too.
const EXPECTED: Record<Role, Record<Right, boolean>> = {
  forvaltning: {
    "view-aggregates": true, "export-aggregates": true, "view-report": true, "view-cases": false,
    "export-cases": false, "view-free-text": false, admin: false, "manage-data": false,
  },
  enhetschef: {
    "view-aggregates": true, "export-aggregates": true, "view-report": false, "view-cases": true,
    "export-cases": true, "view-free-text": true, admin: false, "manage-data": false,
  },
  analytiker: {
    "view-aggregates": true, "export-aggregates": true, "view-report": false, "view-cases": false,
    "export-cases": true, "view-free-text": false, admin: false, "manage-data": false,
  },
  admin: {
    "view-aggregates": false, "export-aggregates": false, "view-report": false, "view-cases": false,
    "export-cases": false, "view-free-text": false, admin: true, "manage-data": true,
  },
};

const farsta = { kommun: "Stockholm", stadsdel: "Farsta" };
const bromma = { kommun: "Stockholm", stadsdel: "Bromma" };
const userOf = (role: Role) => ({ role, stadsdelar: role === "enhetschef" ? [farsta] : [] });

describe("rättighetstabellen", () => {
  for (const role of ROLES) {
    for (const right of RIGHTS) {
      it(`${role} × ${right} = ${EXPECTED[role][right] ? "ja" : "nej"}`, () => {
        expect(can(userOf(role), right)).toBe(EXPECTED[role][right]);
      });
    }
  }

  it("utloggad har inga rättigheter", () => {
    for (const right of RIGHTS) expect(can(null, right)).toBe(false);
  });
});

describe("ärendeomfång", () => {
  it("enhetschef: bara sina stadsdelar; analytiker: alla (pseudonymiserat); övriga: inga", () => {
    expect(caseScope(userOf("enhetschef"))).toEqual({ kind: "stadsdelar", stadsdelar: [farsta] });
    expect(caseScope(userOf("analytiker"))).toEqual({ kind: "all" });
    expect(caseScope(userOf("forvaltning"))).toEqual({ kind: "none" });
    expect(caseScope(userOf("admin"))).toEqual({ kind: "none" });
    expect(caseScope(null)).toEqual({ kind: "none" });
  });

  it("samma stadsdelsnamn i en annan kommun ingår inte", () => {
    const scope = caseScope(userOf("enhetschef"));
    expect(scope.kind === "stadsdelar" && scope.stadsdelar.some((s) => s.kommun === "Värmdö")).toBe(false);
    expect(smallCountsHidden(userOf("enhetschef"), { kommun: "Värmdö", stadsdel: "Farsta" })).toBe(true);
  });
});

describe("små tal döljs för den som inte får se ärendena bakom", () => {
  it("förvaltning och admin: alltid", () => {
    expect(smallCountsHidden(userOf("forvaltning"))).toBe(true);
    expect(smallCountsHidden(userOf("forvaltning"), farsta)).toBe(true);
    expect(smallCountsHidden(userOf("admin"), farsta)).toBe(true);
    expect(smallCountsHidden(null)).toBe(true);
  });
  it("enhetschef: inte i egen stadsdel, men i andras och för hela kommunen", () => {
    expect(smallCountsHidden(userOf("enhetschef"), farsta)).toBe(false);
    expect(smallCountsHidden(userOf("enhetschef"), bromma)).toBe(true);
    expect(smallCountsHidden(userOf("enhetschef"))).toBe(true);
  });
  it("analytiker (har ärendeexporten): aldrig", () => {
    expect(smallCountsHidden(userOf("analytiker"))).toBe(false);
    expect(smallCountsHidden(userOf("analytiker"), bromma)).toBe(false);
  });
});

describe("fritextfält", () => {
  const cols = ["kommun", "beslut_id", "orsak", "timmar"] as const;
  it("analytiker får inte orsak, aktivitet eller handläggare", () => {
    expect(visibleColumns(userOf("analytiker"), "avbokningar", cols)).toEqual(["kommun", "beslut_id", "timmar"]);
    expect(canSeeColumn(userOf("analytiker"), "omkostnader", "aktivitet")).toBe(false);
    expect(canSeeColumn(userOf("analytiker"), "beslut", "handlaggare")).toBe(false);
    expect(canSeeColumn(userOf("analytiker"), "beslut", "stadsdel")).toBe(true);
  });
  it("enhetschef får fritexten", () => {
    expect(visibleColumns(userOf("enhetschef"), "avbokningar", cols)).toEqual([...cols]);
    expect(canSeeColumn(userOf("enhetschef"), "beslut", "handlaggare")).toBe(true);
  });
  it("samma kolumnnamn i en annan tabell är inte fritext", () => {
    expect(canSeeColumn(userOf("analytiker"), "beslut", "orsak")).toBe(true);
  });
});

describe("startsida efter inloggning", () => {
  it("admin har inga sammanställningar och hamnar på /admin", () => {
    expect(homeFor(userOf("admin"))).toBe("/admin");
    expect(homeFor(userOf("forvaltning"))).toBe("/");
    expect(homeFor(userOf("enhetschef"))).toBe("/");
    expect(homeFor(userOf("analytiker"))).toBe("/");
  });
});
