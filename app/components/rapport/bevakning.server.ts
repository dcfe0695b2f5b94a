/**
 * Avsnitt 9, Bevakning: the rules engine's process flags (R1, R6, R11–R16) per
 * rule, for both periods, through aggregate() (flags are dated; a flag counts in
 * the period of its date).
 */
import type { AggregateRow } from "../../../queries/aggregate.ts";
import { FLAG_RULES } from "../../../queries/measures.ts";
import { DOLT, type BEVAKNING_MEASURES } from "../../../queries/rapport.ts";
import { FLAG_LABEL } from "../../lib/labels.ts";
import { antal, cell, fore, measureCol, periodBars, rapportTable, underlag, type SektionContext } from "./kit.server.ts";
import { sektionNr, type RapportSektion } from "./view.ts";

type Row = AggregateRow<(typeof BEVAKNING_MEASURES)[number], "regel">;
type Rad = { regel: string; nu: Row | undefined; fore: Row | undefined };

export function bevakningSektion(ctx: SektionContext): RapportSektion {
  const { data, jmf } = ctx;
  const nr = sektionNr("bevakning");
  const b = data.bevakning;
  const find = (rows: readonly Row[], regel: string) => rows.find((r) => r.regel === regel);
  const rows: Rad[] = FLAG_RULES.map((regel) => ({ regel, nu: find(b.perRegel.nu, regel), fore: find(b.perRegel.fore, regel) }));
  const prev = data.previous.label;
  const table = rapportTable<Rad>({
    id: "bevakning",
    caption: `Tabell ${nr}.1. Processflaggor per regel, ${data.period.label}, med ${prev} som jämförelse`,
    columns: [
      { key: "regel", label: "Regel", format: "text", role: "dimension", value: (r) => `${r.regel} ${FLAG_LABEL[r.regel] ?? ""}`.trim() },
      measureCol<Rad>("flaggor", "nu", (r) => r.nu?.flaggor ?? 0, "Flaggor"),
      // A case can carry flags of several rules, so the cases per rule add up to at least the total,
      // not to it; treated as a sum all the same, a rule hidden in one column is hidden in the other.
      measureCol<Rad>("arenden_med_flagga", "nu", (r) => r.nu?.arenden_med_flagga ?? 0, "Ärenden"),
      measureCol<Rad>("flaggor", "fore", (r) => r.fore?.flaggor ?? 0, `Flaggor ${prev}`),
      measureCol<Rad>("arenden_med_flagga", "fore", (r) => r.fore?.arenden_med_flagga ?? 0, `Ärenden ${prev}`),
    ],
    rows,
    rowKey: (r) => r.regel,
    n: (r) => ({ flagga: r.nu?.n.flagga ?? 0, [fore("flagga")]: r.fore?.n.flagga ?? 0 }),
    total: { regel: "Totalt", nu: { ...b.totalt.nu, regel: null }, fore: { ...b.totalt.fore, regel: null } },
  });

  const chart = periodBars(ctx, {
    id: "bevakning-diagram",
    title: `Figur ${nr}.1. Ärenden med processflagga per regel, ${data.period.label} och ${prev}`,
    description: "Liggande staplar, två per regel: antal ärenden med en flagga av regeln under perioden och samma period året före. Regler med få ärenden visas inte.",
    rows: table.rows,
    group: "regel",
    column: "arenden_med_flagga",
    unit: "antal",
    xLabel: "Ärenden →",
    data: table,
  });

  const text: string[] = [];
  const tot = table.total;
  const fl = cell(tot, "flaggor");
  const ar = cell(tot, "arenden_med_flagga");
  if (fl === 0) {
    text.push("Regelmotorn satte inga processflaggor under perioden.");
  } else if (fl === null || ar === null) {
    text.push(`Antalet processflaggor ${DOLT}.`);
  } else {
    text.push(
      `Regelmotorn satte ${antal(fl)} processflaggor i ${antal(ar)} ärenden under perioden (${antal(cell(tot, "flaggor_fore"))} flaggor i ${antal(cell(tot, "arenden_med_flagga_fore"))} ärenden ${jmf}).`,
    );
  }
  const ranked = table.rows.filter((r) => (cell(r, "arenden_med_flagga") ?? 0) > 0).sort((x, y) => cell(y, "arenden_med_flagga")! - cell(x, "arenden_med_flagga")!);
  if (ranked.length) {
    const top = ranked.slice(0, 2).map((r) => `${String(r.cells.regel).replace(/^R\d+ /, "").toLowerCase()} (${r.key}, ${antal(cell(r, "arenden_med_flagga"))} ärenden)`);
    text.push(`Vanligast var ${top.join(" och ")}. Varje flagga finns med skäl på ärendets sida, för den som har behörighet att se ärenden.`);
  }
  return {
    id: "bevakning",
    nr,
    rubrik: "Bevakning",
    text,
    charts: [chart],
    tables: [table],
    underlag: [underlag("ärenden med minst en flagga", b.totalt.nu.arenden_med_flagga ?? 0, b.totalt.fore.arenden_med_flagga ?? 0, jmf)],
    noter: [
      "En flagga räknas i den period då den uppstod (till exempel den dag en genomförandeplan senast skulle ha funnits). Flaggorna är signaler till handläggare och enhetschefer, inte slutliga bedömningar.",
    ],
  };
}
