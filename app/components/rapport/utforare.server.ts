/**
 * Avsnitt 8, Utförare: queries/utforare.ts (the /utforare page's module) for both
 * periods. The report names the largest utförare and shows the rest as one row
 * ("Övriga"), so the table fits a page; concentration and R17 as sentences.
 */
import type { AggregateRow } from "../../../queries/aggregate.ts";
import { upprakning, varde, versal, talord } from "../../../queries/rapport.ts";
import type { UTFORARE_MEASURES, UtforareRad } from "../../../queries/utforare.ts";
import type { FunnelVerdict } from "../../../queries/stats.ts";
import { verdictText } from "../../lib/analys.server.ts";
import { formatCount, formatDate, formatPercent } from "../../lib/format.ts";
import { dimensionLabel } from "../../lib/labels.ts";
import type { TableRow } from "../../lib/table.ts";
import { cell, fore, measureCol, periodBars, rapportTable, underlag, type SektionContext } from "./kit.server.ts";
import { sektionNr, type RapportSektion } from "./view.ts";

/** An utförare's name as running text writes it (the table adds its id). */
const namn = (r: TableRow) => String(r.cells.utforare).replace(/ \([^()]*\)$/, "");

type Figures = AggregateRow<(typeof UTFORARE_MEASURES)[number]>;
type Rad = { label: string; nu: Figures; fore: Figures | null; verdict: FunnelVerdict | null; kommunRatio: number | null };

export function utforareSektion(ctx: SektionContext): RapportSektion {
  const { data, jmf } = ctx;
  const nr = sektionNr("utforare");
  const u = data.utforare;
  const byId = <T extends Pick<UtforareRad, "figures">>(rows: readonly T[]) => new Map(rows.map((r) => [String(r.figures.utforare), r]));
  const nuById = byId(u.nu.rows);
  const foreById = byId(u.fore.rows);
  const kommunRatio = data.filters.kommun ? (u.nu.kommunRatio[data.filters.kommun] ?? null) : null;
  const rows: Rad[] = u.topp.map((id) => ({
    label: dimensionLabel("utforare", id, ctx.names),
    nu: nuById.get(id)!.figures,
    fore: foreById.get(id)?.figures ?? null,
    verdict: nuById.get(id)!.verdict,
    kommunRatio,
  }));
  if (u.ovriga.nu) rows.push({ label: `Övriga utförare (${formatCount(nuById.size - u.topp.length - (nuById.has("null") ? 1 : 0))})`, nu: u.ovriga.nu, fore: u.ovriga.fore, verdict: null, kommunRatio });
  // Months whose beslut names no utförare (avslag have none): a row only when it holds hours or persons.
  const utan = nuById.get("null");
  if (utan && ((utan.figures.personer ?? 0) > 0 || (utan.figures.beviljade ?? 0) > 0 || (utan.figures.utforda ?? 0) > 0)) rows.push({ label: "Utförare saknas på beslutet", nu: utan.figures, fore: foreById.get("null")?.figures ?? null, verdict: null, kommunRatio });
  const prev = data.previous.label;
  const table = rapportTable<Rad>({
    id: "utforare",
    caption: `Tabell ${nr}.1. De största utförarna efter utförda timmar, ${data.period.label}`,
    columns: [
      { key: "utforare", label: "Utförare", format: "text", role: "dimension", value: (r) => r.label },
      // A person who changed utförare counts once with each: the column does not add up to the total.
      { ...measureCol<Rad>("personer", "nu", (r) => r.nu.personer), additive: false },
      measureCol<Rad>("beviljade", "nu", (r) => r.nu.beviljade),
      measureCol<Rad>("utforda", "nu", (r) => r.nu.utforda),
      { ...measureCol<Rad>("utforandegrad", "nu", (r) => r.nu.utforandegrad), builtOn: ["beviljade", "utforda"] },
      measureCol<Rad>("avbokad_ledsagare", "nu", (r) => r.nu.avbokad_ledsagare, "Avbokat av utföraren, timmar"),
      measureCol<Rad>("utforda", "fore", (r) => r.fore?.utforda ?? null, `Utförda ${prev}`),
      { key: "lage", label: "Utförandegrad mot kommunen", format: "text", scope: "manad", builtOn: ["utforandegrad"], value: (r) => verdictText(r.verdict, r.nu.utforandegrad, r.kommunRatio) },
    ],
    rows,
    rowKey: (r) => r.label,
    n: (r) => ({ manad: r.nu.n.manad ?? 0, ...(r.fore ? { [fore("manad")]: r.fore.n.manad ?? 0 } : {}) }),
    total: { label: "Totalt", nu: u.nu.total, fore: u.fore.total, verdict: null, kommunRatio },
  });
  if (table.total) table.total.cells.lage = null;

  const chart = periodBars(ctx, {
    id: "utforare-diagram",
    title: `Figur ${nr}.1. Utförda timmar hos de största utförarna, ${data.period.label} och ${prev}`,
    description: "Liggande staplar, två per utförare: utförda timmar under perioden och samma period året före.",
    rows: table.rows.filter((r, i) => i < u.topp.length),
    group: "utforare",
    column: "utforda",
    unit: "h",
    xLabel: "Utförda timmar →",
    data: table,
  });

  const text: string[] = [];
  const active = (rs: readonly Pick<UtforareRad, "figures">[]) => rs.filter((r) => r.figures.utforare !== null && (r.figures.utforda ?? 0) > 0).length;
  text.push(`Under ${data.period.label} utförde ${formatCount(active(u.nu.rows))} utförare timmar (${formatCount(active(u.fore.rows))} ${jmf}).`);
  const k = u.nu.koncentration;
  if (k.n50 !== null && k.n80 !== null) {
    text.push(
      `${versal(talord(k.n50))} utförare stod för hälften av de utförda timmarna och ${talord(k.n80)} för fyra femtedelar av dem.`,
    );
  }
  // Only the largest is named as the largest: where its figures are hidden, no one is.
  const first = u.topp.length ? table.rows[0] : undefined;
  const tot = cell(table.total, "utforda");
  if (first && cell(first, "utforda") !== null && tot) {
    text.push(`Störst var ${namn(first)} med ${varde(cell(first, "utforda"), "h")} (${formatPercent(cell(first, "utforda")! / tot, 0)} av alla).`);
  }
  const ute = table.rows.filter((r) => typeof r.cells.lage === "string" && r.cells.lage.startsWith("Utanför 99,8"));
  if (ute.length) text.push(`Utförandegraden avvek från kommunens mer än slumpen förklarar hos ${upprakning(ute.map((r) => `${namn(r)} (${formatPercent(cell(r, "utforandegrad"), 0)})`))}.`);
  const vilande = u.nu.vilande;
  if (vilande.length) {
    text.push(
      `Vid uppgifternas slutdatum hade ${talord(vilande.length)} utförare inget uppdrag registrerat under tolv månader och ska enligt LOV-villkoren följas upp (R17): ` +
        `${upprakning(vilande.map((v) => `${v.namn ?? v.utforare}${v.fonsterFran && v.fonsterTill ? ` (inget uppdrag ${formatDate(v.fonsterFran)} – ${formatDate(v.fonsterTill)})` : ""}`))}.`,
    );
  } else {
    text.push("Ingen utförare saknade uppdrag under tolv månader (R17).");
  }
  return {
    id: "utforare",
    nr,
    rubrik: "Utförare",
    text,
    charts: [chart],
    tables: [table],
    underlag: [underlag("ärenden med beviljade eller utförda timmar", u.nu.total.personer ?? 0, u.fore.total.personer ?? 0, jmf)],
    noter: [
      "En utförare räknas för de månader den är utförare enligt gällande beslut. En person som bytt utförare räknas hos varje utförare, så personerna per utförare summerar inte till totalen.",
    ],
  };
}
