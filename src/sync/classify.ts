/**
 * Sorts one page's records against what was delivered before (E1, E9): new or changed records are
 * upserted, deletion flags become deletions, exact replays are counted as unchanged and versions
 * older than the delivered one as stale. Returns the entries to write with the checkpoint.
 * @module
 */
import { parseIsoToMs } from '../core/dates.js';
import { contentHash } from './content-hash.js';
import { laterOf, toIso } from './cursor.js';
import type { RecordEntry } from './state-store.js';
import type { DeletedRecord } from './types.js';

/** The fields of a unified record the engine reads. */
export interface UnifiedRecord {
  id: string;
  remote_id: string;
  changed_at: string | null;
  remote_deleted_at: string | null;
}

/** What classifying needs besides the records. */
export interface ClassifyContext {
  /** Fields left out of content hashes. */
  volatileFields: ReadonlySet<string>;
  /** The detection time (local clock, epoch ms), for records without a provider `changed_at`. */
  now: number;
  /** The id of the full scan in progress, or null in a delta run. */
  scanId: string | null;
  /** Records changed before this (epoch ms) and not delivered yet count as drift; null: no check. */
  driftBefore: number | null;
}

/** The verdict on one page. */
export interface PageOutcome<T> {
  upserted: T[];
  deleted: DeletedRecord<T>[];
  /** Entries to write with the checkpoint. */
  entries: RecordEntry[];
  unchanged: number;
  stale: number;
  drift: number;
  /** The greatest provider `changed_at` on the page (epoch ms), or null. */
  highWater: number | null;
}

/** Classifies `records` against the `known` entries of their ids. */
export function classifyPage<T extends UnifiedRecord>(
  records: readonly T[],
  known: Map<string, RecordEntry>,
  context: ClassifyContext,
): PageOutcome<T> {
  const outcome: PageOutcome<T> = { upserted: [], deleted: [], entries: [], unchanged: 0, stale: 0, drift: 0, highWater: null };
  // Entries written by this page, so an id appearing twice on one page is compared with itself.
  const written = new Map<string, RecordEntry>();
  const remember = (entry: RecordEntry) => {
    written.set(entry.id, entry);
    known.set(entry.id, entry);
  };
  for (const record of records) {
    const changed = parseIsoToMs(record.changed_at);
    outcome.highWater = laterOf(outcome.highWater, changed);
    const entry = known.get(record.id);
    // A sighting marks the entry for this scan, and clears a deletion waiting for confirmation.
    const unmarked = entry && context.scanId !== null && entry.scan !== context.scanId;
    const seen = entry && (unmarked || entry.missingSince) ? Object.assign({}, entry, { scan: context.scanId ?? entry.scan, missingSince: null }) : null;
    // Stale: an older version than the one delivered (a lagging replica, a replayed page). A
    // record swept as deleted (hash null) that shows up again is delivered whatever its age.
    if (entry && entry.hash !== null && changed !== null && entry.changedAt !== null && changed < entry.changedAt) {
      outcome.stale += 1;
      if (seen) remember(seen);
      continue;
    }
    const hash = contentHash(record, context.volatileFields);
    if (entry && entry.hash === hash) {
      outcome.unchanged += 1;
      if (seen) remember(seen);
      continue;
    }
    if (record.remote_deleted_at !== null) {
      outcome.deleted.push({ id: record.id, remote_id: record.remote_id, remote_deleted_at: record.remote_deleted_at, record });
      remember(newEntry(record, hash, changed ?? entry?.changedAt ?? null, record.remote_deleted_at, context));
      continue;
    }
    // No provider timestamp: the detection time stands in, never earlier than the last one.
    const changedAt = changed ?? Math.max(context.now, entry?.changedAt ?? context.now);
    if (context.driftBefore !== null && changed !== null && changed < context.driftBefore) outcome.drift += 1;
    // Object.assign, not `{ ...record, x }`: V8 (Node 20) makes spread-then-properties literals
    // tens of times slower, and this runs per record.
    outcome.upserted.push(changed === null ? Object.assign({}, record, { changed_at: toIso(changedAt) }) : record);
    remember(newEntry(record, hash, changedAt, null, context));
  }
  outcome.entries = [...written.values()];
  return outcome;
}

function newEntry(record: UnifiedRecord, hash: string, changedAt: number | null, deletedAt: string | null, context: ClassifyContext): RecordEntry {
  return { id: record.id, remoteId: record.remote_id, hash, changedAt, deletedAt, scan: context.scanId, missingSince: null };
}
