/**
 * Sorts one page's records against what was delivered before (E1, E9): new or changed records are
 * upserted, deletion flags become deletions, exact replays are counted as unchanged and versions
 * older than the delivered one as stale. Returns the entries to write with the checkpoint.
 *
 * A record the engine cannot process (an invalid `changed_at`, content nested past the hash's
 * depth limit, a value that cannot be serialised) is quarantined with its reason, never thrown:
 * one record must not stop a connection.
 *
 * Scenario ids such as E1 are defined in docs/scenarios.md.
 * @module
 */
import { formatIsoUtc, parseIsoToMs } from '../core/dates.js';
import type { QuarantinedRecord } from '../core/stream.js';
import { contentHash, RecordContentError } from './content-hash.js';
import { laterOf, toIso } from './cursor.js';
import { isPlaceholder, type RecordEntry } from './state-store.js';
import type { DeletedRecord, StageChange } from './types.js';

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
  /** Whether the records are applications, whose stage changes are reported. */
  stages?: boolean;
}

/** The verdict on one page. */
export interface PageOutcome<T> {
  upserted: T[];
  deleted: DeletedRecord<T>[];
  /** Entries to write with the checkpoint. */
  entries: RecordEntry[];
  /** Records the engine could not process (not delivered, not remembered). */
  quarantined: QuarantinedRecord[];
  /** Applications among `upserted` seen in a new stage, or for the first time. */
  stageChanges: StageChange[];
  unchanged: number;
  stale: number;
  drift: number;
  /** The greatest provider `changed_at` on the page (epoch ms), or null. */
  highWater: number | null;
}

/** What to do with one record. */
type Verdict<T> =
  | { kind: 'stale' | 'unchanged'; seen: RecordEntry | null }
  | { kind: 'deleted'; deletion: DeletedRecord<T>; entry: RecordEntry }
  | { kind: 'upserted'; record: T; entry: RecordEntry; drift: boolean };

/** Classifies `records` against the `known` entries of their ids. */
export function classifyPage<T extends UnifiedRecord>(
  records: readonly T[],
  known: Map<string, RecordEntry>,
  context: ClassifyContext,
): PageOutcome<T> {
  const outcome: PageOutcome<T> = { upserted: [], deleted: [], entries: [], quarantined: [], stageChanges: [], unchanged: 0, stale: 0, drift: 0, highWater: null };
  // Entries written by this page, so an id appearing twice on one page is compared with itself.
  const written = new Map<string, RecordEntry>();
  // One ISO string per page, shared by every entry delivered with it.
  const deliveredAt = formatIsoUtc(context.now);
  for (const record of records) {
    let changed: number | null;
    try {
      changed = parseIsoToMs(record?.changed_at);
    } catch {
      outcome.quarantined.push(quarantineOf(record, new RecordContentError('not_serialisable', 'changed_at', 'is not an ISO 8601 date')));
      continue;
    }
    // A record set aside for its content still counts for the cursor: it was read, and reading it
    // again next run would only set it aside again.
    outcome.highWater = laterOf(outcome.highWater, changed);
    let verdict: Verdict<T>;
    const found = known.get(record?.id);
    // A placeholder says nothing of the content delivered: the record is compared as unknown.
    const before = found && !isPlaceholder(found) ? found : undefined;
    try {
      verdict = judge(record, before, context, deliveredAt, changed);
    } catch (error) {
      outcome.quarantined.push(quarantineOf(record, error));
      continue;
    }
    switch (verdict.kind) {
      case 'stale':
      case 'unchanged':
        outcome[verdict.kind] += 1;
        if (verdict.seen) remember(verdict.seen, written, known);
        break;
      case 'deleted':
        outcome.deleted.push(verdict.deletion);
        remember(verdict.entry, written, known);
        break;
      case 'upserted':
        if (verdict.drift) outcome.drift += 1;
        outcome.upserted.push(verdict.record);
        if (context.stages) {
          const change = stageChangeOf(verdict.record, found, verdict.entry, deliveredAt);
          if (change) outcome.stageChanges.push(change);
        }
        remember(verdict.entry, written, known);
        break;
    }
  }
  outcome.entries = [...written.values()];
  return outcome;
}

/**
 * Records an entry the page wrote, for the checkpoint and for a later record of the same id. A
 * module function, not a closure made on every page (which costs an allocation and, under tsx and
 * esbuild's keepNames, a `__name` call per page).
 */
function remember(entry: RecordEntry, written: Map<string, RecordEntry>, known: Map<string, RecordEntry>): void {
  written.set(entry.id, entry);
  known.set(entry.id, entry);
}

/** Decides on one record without changing anything; throws when the record cannot be processed. */
function judge<T extends UnifiedRecord>(record: T, entry: RecordEntry | undefined, context: ClassifyContext, deliveredAt: string, changed: number | null): Verdict<T> {  // A sighting marks the entry for this scan, and clears a deletion waiting for confirmation.
  const unmarked = entry && context.scanId !== null && entry.scan !== context.scanId;
  const seen = entry && (unmarked || entry.missingSince) ? Object.assign({}, entry, { scan: context.scanId ?? entry.scan, missingSince: null }) : null;
  // Stale: an older version than the one delivered (a lagging replica, a replayed page). A
  // record swept as deleted (hash null) that shows up again is delivered whatever its age.
  if (entry && entry.hash !== null && changed !== null && entry.changedAt !== null && changed < entry.changedAt) {
    return { kind: 'stale', seen };
  }
  const hash = contentHash(record, context.volatileFields);
  if (entry && entry.hash === hash) return { kind: 'unchanged', seen };
  if (record.remote_deleted_at !== null) {
    const deletion = { id: record.id, remote_id: record.remote_id, remote_deleted_at: record.remote_deleted_at, record };
    return { kind: 'deleted', deletion, entry: newEntry(record, hash, changed ?? entry?.changedAt ?? null, record.remote_deleted_at, context, deliveredAt) };
  }
  // No provider timestamp: the detection time stands in, never earlier than the last one.
  const changedAt = changed ?? Math.max(context.now, entry?.changedAt ?? context.now);
  const drift = context.driftBefore !== null && changed !== null && changed < context.driftBefore;
  // Object.assign, not `{ ...record, x }`: V8 (Node 20) makes spread-then-properties literals
  // tens of times slower, and this runs per record.
  const delivered = changed === null ? Object.assign({}, record, { changed_at: toIso(changedAt) }) : record;
  return { kind: 'upserted', record: delivered, entry: newEntry(record, hash, changedAt, null, context, deliveredAt), drift };
}

/**
 * The stage change an upserted application makes against the entry last delivered: its first
 * sighting (`initial`: no entry, or a placeholder of a record never recorded, which has no delivery
 * time), or a stage other than the one recorded; null when the stage is the same. A missing
 * `stageId` on an existing entry reads as "no stage" (stores drop nulls, or give them for unset).
 */
function stageChangeOf(record: UnifiedRecord, before: RecordEntry | undefined, entry: RecordEntry, detectedAt: string): StageChange | null {
  const to = entry.stageId ?? null;
  const initial = before === undefined || (isPlaceholder(before) && !before.deliveredAt);
  const from = initial ? null : (before.stageId ?? null);
  if (!initial && from === to) return null;
  const application = record as UnifiedRecord & { candidate_id?: unknown; job_id?: unknown };
  return {
    application_id: record.id,
    candidate_id: typeof application.candidate_id === 'string' ? application.candidate_id : null,
    job_id: typeof application.job_id === 'string' ? application.job_id : null,
    from_stage_id: from,
    to_stage_id: to,
    changed_at: typeof record.changed_at === 'string' ? record.changed_at : null,
    detected_at: detectedAt,
    initial,
  };
}

/** The quarantine report of a record the engine could not process: the field and a code, never values. */
function quarantineOf(record: UnifiedRecord, error: unknown): QuarantinedRecord {
  const remoteId = typeof record?.remote_id === 'string' ? record.remote_id : null;
  if (error instanceof RecordContentError) {
    const code = error.field === 'changed_at' ? 'invalid_date' : error.code;
    return { remote_id: remoteId, reason: 'content', issues: [{ path: error.field === null ? [] : [error.field], code }] };
  }
  return { remote_id: remoteId, reason: 'content', issues: [{ path: [], code: 'unprocessable' }] };
}

function newEntry(record: UnifiedRecord, hash: string, changedAt: number | null, deletedAt: string | null, context: ClassifyContext, deliveredAt: string): RecordEntry {
  const entry: RecordEntry = { id: record.id, remoteId: record.remote_id, hash, changedAt, deletedAt, scan: context.scanId, missingSince: null, deliveredAt };
  // Only applications carry a stage; other entries leave the field out (it costs memory per record).
  if ('current_stage_id' in record) {
    const stage = (record as { current_stage_id?: unknown }).current_stage_id;
    entry.stageId = typeof stage === 'string' ? stage : null;
  }
  return entry;
}
