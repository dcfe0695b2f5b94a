/**
 * The two download links of a table (Swedish Excel, and comma/point), from the
 * page's search string. Plain module: the page builds them from its URL.
 */
export function csvLinks(csvPath: string, search: string, tableId: string): { excel: string; standard: string } {
  const base = new URLSearchParams(search);
  base.delete("export");
  base.delete("dialect");
  base.set("export", tableId);
  const std = new URLSearchParams(base);
  std.set("dialect", "standard");
  return { excel: `${csvPath}?${base.toString()}`, standard: `${csvPath}?${std.toString()}` };
}
