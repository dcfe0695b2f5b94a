/**
 * What a load run reports: per file read/loaded/rejected with the first rejections.
 * Defined in zod because it crosses a boundary (the CLI's `--json` output, the server);
 * the TypeScript types derive from it.
 */
import { z } from "zod";
import { TABLES, type TableName } from "../contract.ts";

/** How many rejected rows a summary lists per file; all of them go to avvisad_rad. */
export const REJECT_LIST_LIMIT = 1000;

export const RejectedRow = z.object({
  /** Physical line the record starts on; the header is line 1. */
  line: z.number().int().positive(),
  column: z.string().nullable(),
  /** Trimmed raw value; a personnummer is masked. */
  value: z.string().nullable(),
  reason: z.string(),
});
export type RejectedRow = z.infer<typeof RejectedRow>;

export const FileSummary = z.object({
  file: z.string(),
  /** Null when the file could not be identified as a contract file. */
  table: z.enum(TABLES as [TableName, ...TableName[]]).nullable(),
  /** Records read (blank lines and rows with every field empty are not records). */
  read: z.number().int().nonnegative(),
  /** Records written to the database by this run (0 when the run was rolled back). */
  loaded: z.number().int().nonnegative(),
  /** Records that passed every check (equals `loaded` when the run committed). */
  valid: z.number().int().nonnegative(),
  /** The first REJECT_LIST_LIMIT rejected records, by line. */
  rejected: z.array(RejectedRow),
  rejectedCount: z.number().int().nonnegative(),
  /** Why the whole file could not be read; nothing of the run is loaded then. */
  error: z.string().optional(),
});
export type FileSummary = z.infer<typeof FileSummary>;

export const LoadSummary = z.object({
  ok: z.boolean(),
  /** The etl_korning row of a committed run; null when nothing was loaded. */
  loadId: z.number().int().nullable(),
  files: z.array(FileSummary),
  /** Files in a folder that are not contract files, and were left alone. */
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  /** Delivery units (kommun, utförare, month) replaced or confirmed unchanged, per table. */
  units: z.record(z.string(), z.object({ replaced: z.number(), unchanged: z.number() })),
  /** Why the run as a whole did not load (rejects without --allow-rejects, failures). */
  error: z.string().optional(),
});
export type LoadSummary = z.infer<typeof LoadSummary>;
