/** Small helpers for writing SQL text safely. */

/** A SQL string literal. */
export function lit(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** DuckDB returns BIGINT/HUGEINT as bigint; the product passes numbers on. */
export function num(value: unknown): number {
  return typeof value === "bigint" ? Number(value) : Number(value ?? 0);
}
