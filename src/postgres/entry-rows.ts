/**
 * `RecordEntry` to and from the columns of the entries table. A page of entries is sent as one
 * array per column and expanded with `unnest`, so one statement upserts the whole page.
 * @module
 */
import type { RecordEntry } from '../sync/state-store.js';

/** The entry columns, in the order of {@link entryColumnArrays} (after connection and model). */
export const entryColumns = ['id', 'remote_id', 'hash', 'changed_at', 'deleted_at', 'scan', 'missing_since', 'stage_id', 'delivered_at'] as const;

/** The SQL type of each array parameter, in the same order. */
export const entryColumnTypes = ['text[]', 'text[]', 'text[]', 'bigint[]', 'text[]', 'text[]', 'text[]', 'text[]', 'text[]'] as const;

/**
 * One array per column for `entries`, last writer winning when an id appears twice (a statement
 * may not update one row twice).
 */
export function entryColumnArrays(entries: readonly RecordEntry[]): unknown[][] {
  const unique = new Map<string, RecordEntry>();
  for (const entry of entries) unique.set(entry.id, entry);
  const columns: unknown[][] = entryColumns.map(() => []);
  for (const entry of unique.values()) {
    columns[0]!.push(entry.id);
    columns[1]!.push(entry.remoteId);
    columns[2]!.push(entry.hash);
    // bigint travels as text: exact for any integer, whatever the driver does with numbers.
    columns[3]!.push(entry.changedAt === null ? null : String(Math.trunc(entry.changedAt)));
    columns[4]!.push(entry.deletedAt);
    columns[5]!.push(entry.scan);
    columns[6]!.push(entry.missingSince ?? null);
    columns[7]!.push(entry.stageId ?? null);
    columns[8]!.push(entry.deliveredAt ?? null);
  }
  return columns;
}

/** A row of the entries table as a `RecordEntry` (every optional field present, null when unset). */
export function entryOfRow(row: Record<string, unknown>): RecordEntry {
  return {
    id: row.id as string,
    remoteId: row.remote_id as string,
    hash: (row.hash as string | null) ?? null,
    // `pg` returns bigint as a string, PGlite as a number.
    changedAt: row.changed_at === null || row.changed_at === undefined ? null : Number(row.changed_at),
    deletedAt: (row.deleted_at as string | null) ?? null,
    scan: (row.scan as string | null) ?? null,
    missingSince: (row.missing_since as string | null) ?? null,
    stageId: (row.stage_id as string | null) ?? null,
    deliveredAt: (row.delivered_at as string | null) ?? null,
  };
}
