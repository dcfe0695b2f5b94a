/**
 * The case page's loader (`/arenden/<id>`): access check, the case's rows, the ledger
 * chart rendered on the server, the regelverk it was derived with, and the audit row.
 */
import { z } from "zod";
import { audit } from "../../auth/audit.server.ts";
import { caseScope, requireCaseAccess, requireRight } from "../../auth/policy.server.ts";
import { scopeCovers } from "../../auth/roles.ts";
import { getKysely } from "../../db.server.ts";
import { badRequest, notFound, parseSearchParams } from "../../lib/http.server.ts";
import { ArendeId, arendePlace, getArende, type ArendeDetail } from "../../../queries/arenden.ts";
import { ALDERSGRUPP_LABEL, aldersgruppFor, parsePeriod, type Period } from "../../../queries/filters.ts";
import { ledgerChart } from "./ledger-chart.server.ts";
import type { Chart } from "../../lib/plot.server.ts";
import { regelverkView, type RegelverkView } from "./regelverk.server.ts";

export interface CasePageData {
  /** The case, without the birth year (the page shows the age group). */
  detail: Omit<ArendeDetail, "head"> & { head: Omit<ArendeDetail["head"], "fodelsear"> };
  chart: Chart | null;
  regelverk: RegelverkView | null;
  /** The list the case was opened from (its query string), for the way back. */
  fran: string | null;
  /** The list's period, whose months the ledger marks. */
  period: Period | null;
  /** Age group (not the birth year: less identifying) in the case's latest year. */
  alder: { grupp: string; ar: number };
}

const CaseParams = z
  .object({
    // The list's own URL, carried so that "back to the list" returns to the same view.
    fran: z.string().max(2000).optional(),
  })
  .strip();

export async function loadCasePage(request: Request, id: string | undefined): Promise<CasePageData> {
  // AUTH: view-cases, then the case's stadsdel must be the account's (enhetschef).
  const user = await requireRight(request, "view-cases");
  const parsed = ArendeId.safeParse(id);
  if (!parsed.success) badRequest("id", "ett ärendes pseudonym är 16 tecken 0–9 och a–f", id);
  const { fran } = parseSearchParams(request, CaseParams);
  const arendeId = parsed.data;
  const db = await getKysely();
  const place = await arendePlace(db, arendeId);
  if (!place) notFound("Det finns inget ärende med den pseudonymen. Det kan ha tagits bort vid en senare inläsning.");
  // Today's stadsdel, or the name on the latest beslut if that is what the account was given.
  const scope = caseScope(user);
  const nu = { kommun: place.kommun, stadsdel: place.stadsdelNu ?? place.stadsdel ?? "" };
  const where = scopeCovers(scope, nu) || !place.stadsdel ? nu : { kommun: place.kommun, stadsdel: place.stadsdel };
  await requireCaseAccess(request, user, where, [arendeId]);

  const detail = await getArende(db, arendeId);
  if (!detail) notFound("Det finns inget ärende med den pseudonymen.");
  const h = detail.head;
  const lastMonthEnd = h.sistaManad ? endOfMonth(h.sistaManad) : h.sistaGiltigTom;
  const regelverk = regelverkView(h.regelverk, h.regelverkStandard, h.forstaAnsokan, lastMonthEnd);
  await audit(request, user, { action: "arende.visa", pseudonyms: [arendeId] });
  const franParams = fran ? new URLSearchParams(fran) : null;
  const ar = Number((h.sistaManad ?? h.senasteBeslut ?? new Date().toISOString()).slice(0, 4));
  const { fodelsear, ...head } = h;
  return {
    alder: { grupp: ALDERSGRUPP_LABEL[aldersgruppFor(fodelsear, ar)], ar },
    detail: { ...detail, head },
    chart: ledgerChart(detail.manader),
    regelverk,
    fran: franParams ? franParams.toString() : null,
    period: parsePeriod(franParams?.get("period") ?? "") ?? null,
  };
}

function endOfMonth(iso: string): string {
  const d = new Date(`${iso.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}
