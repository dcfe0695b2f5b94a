/**
 * Avsnitt 5, Avslag och delavslag: queries/avslag.ts (the /avslag page's
 * module) for both periods, by lagrum and by åldersgrupp (kön is avsnitt 6).
 * Bifall, delavslag and avslag are parts of the beslut, so a lone hidden one
 * takes a second with it, across the row as well as down the column.
 */
import type { AvslagRad } from "../../../queries/avslag.ts";
import { ALDERSGRUPPER } from "../../../queries/filters.ts";
import { upprakning, varde } from "../../../queries/rapport.ts";
import { formatCount, formatPercent } from "../../lib/format.ts";
import { dimensionLabel } from "../../lib/labels.ts";
import type { TableData } from "../../lib/table.ts";
import { cell, fore, measureCol, periodBars, rapportTable, underlag, type RCol, type SektionContext } from "./kit.server.ts";
import { sektionNr, type RapportSektion } from "./view.ts";

type Rad = { nu: AvslagRad; fore: AvslagRad | undefined; label: string };

function avslagTable(ctx: SektionContext, id: string, caption: string, groupLabel: string, dim: "lagrum" | "aldersgrupp"): TableData {
  const { data } = ctx;
  const a = data.avslag;
  const before = new Map(a.fore.per[dim].map((r) => [r.varde, r]));
  const rows: Rad[] = a.nu.per[dim].map((r) => ({ nu: r, fore: before.get(r.varde), label: dimensionLabel(dim, r.varde) }));
  if (dim === "aldersgrupp") rows.sort((x, y) => ALDERSGRUPPER.indexOf(x.nu.varde as never) - ALDERSGRUPPER.indexOf(y.nu.varde as never));
  const part = (c: RCol<Rad>): RCol<Rad> => ({ ...c, partOf: "antal_beslut" });
  const prev = data.previous.label;
  return rapportTable<Rad>({
    id,
    caption,
    columns: [
      { key: "grupp", label: groupLabel, format: "text", role: "dimension", value: (r) => r.label },
      measureCol<Rad>("antal_beslut", "nu", (r) => r.nu.beslut, "Beslut"),
      part(measureCol<Rad>("antal_bifall", "nu", (r) => r.nu.bifall, "Bifall")),
      part(measureCol<Rad>("antal_delavslag", "nu", (r) => r.nu.delavslag, "Delavslag")),
      part(measureCol<Rad>("antal_avslag", "nu", (r) => r.nu.avslag, "Avslag")),
      measureCol<Rad>("avslagsandel", "nu", (r) => r.nu.avslagAndel, "Andel avslag"),
      measureCol<Rad>("delavslagsandel", "nu", (r) => r.nu.delavslagAndel, "Andel delavslag"),
      measureCol<Rad>("avslagsandel", "fore", (r) => r.fore?.avslagAndel ?? null, `Andel avslag ${prev}`),
      { ...measureCol<Rad>("antal_beslut", "fore", (r) => r.fore?.beslut ?? 0), shadow: true },
      { ...measureCol<Rad>("antal_avslag", "fore", (r) => r.fore?.avslag ?? 0), shadow: true },
    ],
    rows,
    rowKey: (r) => String(r.nu.varde),
    n: (r) => ({ beslut: r.nu.n, ...(r.fore ? { [fore("beslut")]: r.fore.n } : {}) }),
    total: { nu: a.nu.totalt, fore: a.fore.totalt, label: "Totalt" },
  });
}

export function avslagSektion(ctx: SektionContext): RapportSektion {
  const { data, jmf } = ctx;
  const nr = sektionNr("avslag");
  const lagrum = avslagTable(ctx, "avslag-lagrum", `Tabell ${nr}.1. Beslut efter utfall och lagrum, ${data.period.label}`, "Lagrum", "lagrum");
  const alder = avslagTable(ctx, "avslag-alder", `Tabell ${nr}.2. Beslut efter utfall och åldersgrupp, ${data.period.label}`, "Åldersgrupp", "aldersgrupp");

  const chart = periodBars(ctx, {
    id: "avslag-diagram",
    title: `Figur ${nr}.1. Andel avslag efter lagrum och åldersgrupp, ${data.period.label} och ${data.previous.label}`,
    description: "Liggande staplar, två per grupp: andelen avslag under perioden och samma period året före. Grupper med få beslut visas inte.",
    rows: [...lagrum.rows, ...alder.rows],
    group: "grupp",
    column: "avslagsandel",
    unit: "andel",
    xLabel: "Andel avslag →",
    data: alder,
  });

  const tot = lagrum.total;
  const text: string[] = [];
  const beslut = cell(tot, "antal_beslut");
  if (beslut !== null) {
    const delar = [
      ["bifall", cell(tot, "antal_bifall")],
      ["delavslag", cell(tot, "antal_delavslag")],
      ["avslag", cell(tot, "antal_avslag")],
    ] as const;
    const shown = delar.every(([, v]) => v !== null);
    text.push(
      `Under ${data.period.label} fattades ${formatCount(beslut)} beslut om ledsagarservice och ledsagning` +
        (shown ? `: ${formatCount(delar[0][1])} bifall, ${formatCount(delar[1][1])} delavslag och ${formatCount(delar[2][1])} avslag.` : "."),
    );
    const av = cell(tot, "avslagsandel");
    const avF = cell(tot, "avslagsandel_fore");
    if (av !== null) {
      text.push(
        `Andelen avslag var ${varde(av, "andel")}${avF !== null ? ` (${varde(avF, "andel")} ${jmf})` : ""} och andelen delavslag ${varde(cell(tot, "delavslagsandel"), "andel")}.`,
      );
    }
  }
  const byAge = alder.rows.filter((r) => cell(r, "avslagsandel") !== null);
  const hi = [...byAge].sort((x, y) => cell(y, "avslagsandel")! - cell(x, "avslagsandel")!)[0];
  if (byAge.length >= 2 && cell(hi, "avslagsandel")! > 0) {
    text.push(`Bland åldersgrupperna var andelen avslag högst för ${String(hi.cells.grupp).toLowerCase()} (${formatPercent(cell(hi, "avslagsandel"), 0)}).`);
  }
  const byLagrum = lagrum.rows.filter((r) => cell(r, "avslagsandel") !== null);
  if (byLagrum.length >= 2) {
    text.push(`Andelen avslag var ${upprakning(byLagrum.map((r) => `${formatPercent(cell(r, "avslagsandel"), 0)} för ${r.cells.grupp}`))}.`);
  }
  return {
    id: "avslag",
    nr,
    rubrik: "Avslag och delavslag",
    text,
    charts: [chart],
    tables: [lagrum, alder],
    underlag: [underlag("beslut", data.avslag.nu.totalt.beslut, data.avslag.fore.totalt.beslut, jmf)],
    noter: ["Beslut räknas efter beslutsdatum. Ett ärende kan ha flera beslut under perioden (ny ansökan, förlängning, ändring)."],
  };
}
