import { applySuppression } from "../../../queries/suppress.ts";
import type { TableData } from "../../lib/table.ts";
export function suppressTable(table: TableData, hideSmall: boolean, threshold?: number): TableData {
  if (!hideSmall) return table;
  return applySuppression(table, { threshold });
}
