/**
 * Staging: what the engine derived for each case, written by the thread that derived it
 * to its own Parquet files (one per staged table, parquet.ts), a block of cases per row
 * group. The run reads them back through views (STAGED_VIEWS in sql.ts), with all of
 * DuckDB's threads; nothing crosses to the main thread but the codes.
 */
import { ParquetFile, type ParquetColumn, type ParquetType } from "./parquet.ts";
import type { PackedBlock } from "./pack.ts";
import { STAGED_FILES, stagedFile } from "./sql.ts";

const PARQUET_TYPE: Record<string, ParquetType> = { DOUBLE: "DOUBLE", INTEGER: "INT32", VARCHAR: "UTF8" };

/** A staged table's Parquet columns, read from its SQL column list (one definition). */
export function parquetColumns(table: { columns: string; zeros?: readonly string[] }): ParquetColumn[] {
  return table.columns.split(",").map((c) => {
    const [name, type] = c.trim().split(/\s+/);
    const t = PARQUET_TYPE[type];
    if (t === undefined) throw new Error(`Mellanlagring: typen ${type} (${name}) saknas i Parquet-skrivaren.`);
    return { name, type: t, zeroAsNull: table.zeros?.includes(name) ?? false };
  });
}

type TableName = "manad" | "umanad" | "period" | "handelse" | "flagga" | "arende" | "beslut";

/** One thread's staged files. */
export class StagingFiles {
  private readonly files: Map<TableName, ParquetFile>;
  constructor(dir: string, w: number) {
    this.files = new Map(
      STAGED_FILES.map((t) => [t.name.slice(3) as TableName, new ParquetFile(stagedFile(dir, t.name, w), parquetColumns(t))]),
    );
  }

  append(b: PackedBlock): void {
    for (const [name, file] of this.files) file.writeRowGroup(b[name]);
  }

  close(): void {
    for (const file of this.files.values()) file.close();
  }
}
