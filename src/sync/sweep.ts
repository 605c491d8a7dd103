/**
 * Mark and sweep (E10): after a *complete* full scan, every live entry the scan did not mark is a
 * record the provider no longer returns. Such a record is only *suspected* deleted (a page-number
 * scan can skip a live row, E5), so each batch of suspects goes through a `DeletionConfirmer`
 * first: confirmed ones are delivered as deleted, records found by a lookup are delivered like
 * scanned ones (when they changed), and the rest wait for the next full run. The engine only
 * calls this once the scan ran to its end, so an interrupted scan deletes nothing.
 *
 * Scenario ids such as E10 are defined in docs/scenarios.md.
 * @module
 */
import type { ModelName } from '../models/registry.js';
import { classifyPage, type UnifiedRecord } from './classify.js';
import type { DeletionConfirmer } from './confirm-deletions.js';
import type { QuarantinedRecord } from '../core/stream.js';
import { isUnmarked, type Checkpoint, type RecordEntry, type StateKey, type StateStore } from './state-store.js';
import type { DeletedRecord, StageChange } from './types.js';

/** Suspects confirmed (and delivered) per batch. */
const sweepBatchSize = 500;

/** What a sweep needs. */
export interface SweepOptions {
  store: StateStore;
  key: StateKey;
  /** The scan that just completed. */
  scanId: string;
  /**
   * Provider ids of records the scan quarantined: they exist, so they are never suspected, however
   * many full scans in a row fail to validate them.
   */
  quarantinedRemoteIds: ReadonlySet<string>;
  /** The state to write with each batch. */
  state: Checkpoint['state'];
  /** Decides which suspects are really gone. */
  confirmer: DeletionConfirmer;
  /** Fields left out of content hashes (to classify records found by a lookup). */
  volatileFields: ReadonlySet<string>;
  /** The detection time (local clock, epoch ms). */
  now: () => number;
  /** Delivers a batch (resolves once the sink acknowledged it). */
  deliver: (model: ModelName, upserted: UnifiedRecord[], deleted: DeletedRecord<UnifiedRecord>[], stageChanges: StageChange[]) => Promise<void>;
  /** Whether the records are applications (stage changes of records found by a lookup are reported). */
  stages?: boolean;
  /** Records found by a lookup that the engine could not process (`processed`: the others found). */
  onQuarantined?: (records: QuarantinedRecord[], processed: number) => void;
  /** Called after each acknowledged batch. */
  onBatchDone?: () => void;
  /** Called with each note of the confirmer (why a lookup stopped or failed). */
  onNote?: (note: string) => void;
}

/** What a sweep did. */
export interface SweepResult {
  /** Records delivered as deleted. */
  deleted: number;
  /** Records found by a lookup and delivered because they changed. */
  upserted: number;
  /** Records found by a lookup, unchanged. */
  unchanged: number;
  /** Records found by a lookup, older than the version delivered. */
  stale: number;
  /** Suspects not decided in this run (first miss without a getter, lookups capped or failed). */
  pending: number;
  /** Stage changes delivered with records found by a lookup. */
  stageChanges: number;
}

/** Confirms and delivers the deletions of a complete scan, in batches. */
export async function sweepUnmarked(options: SweepOptions): Promise<SweepResult> {
  const result: SweepResult = { deleted: 0, upserted: 0, unchanged: 0, stale: 0, pending: 0, stageChanges: 0 };
  let suspects: RecordEntry[] = [];
  const flush = async () => {
    if (suspects.length === 0) return;
    const batch = suspects;
    suspects = [];
    await settle(options, batch, result);
  };
  // The store may filter on its side (a database does); the check is repeated here for those that do not.
  for await (const entries of options.store.listEntries(options.key, { unmarkedBy: options.scanId })) {
    for (const entry of entries) {
      if (isUnmarked(entry, options.scanId) && !options.quarantinedRemoteIds.has(entry.remoteId)) suspects.push(entry);
    }
    if (suspects.length >= sweepBatchSize) await flush();
  }
  await flush();
  return result;
}

/** Confirms one batch of suspects, delivers what was decided, then commits it. */
async function settle(options: SweepOptions, suspects: RecordEntry[], result: SweepResult): Promise<void> {
  const verdicts = await options.confirmer.confirm(suspects);
  for (const note of verdicts.notes) options.onNote?.(note);
  const now = options.now();
  const deletedAt = new Date(now).toISOString();
  const known = new Map(suspects.map((entry) => [entry.id, entry]));
  const found = classifyPage(verdicts.found, known, { volatileFields: options.volatileFields, now, scanId: options.scanId, driftBefore: null, stages: options.stages ?? false });
  // Found, so not deleted; but not processable either: reported like a scan's quarantine.
  options.onQuarantined?.(found.quarantined, verdicts.found.length - found.quarantined.length);
  const deleted = [
    ...found.deleted,
    ...verdicts.deleted.map((entry) => ({ id: entry.id, remote_id: entry.remoteId, remote_deleted_at: deletedAt, record: null })),
  ];
  if (found.upserted.length > 0 || deleted.length > 0) await options.deliver(options.key.model, found.upserted, deleted, found.stageChanges);
  // Written only after the sink acknowledged the batch: a crash in between sweeps it again.
  const tombstones = verdicts.deleted.map((entry) => Object.assign({}, entry, { hash: null, deletedAt, scan: options.scanId, missingSince: null, deliveredAt: deletedAt }));
  const entries = [...tombstones, ...found.entries, ...verdicts.marked];
  if (entries.length > 0) await options.store.commit(options.key, { state: options.state, entries });
  result.deleted += deleted.length;
  result.upserted += found.upserted.length;
  result.stageChanges += found.stageChanges.length;
  result.unchanged += found.unchanged;
  result.stale += found.stale;
  result.pending += verdicts.marked.length + verdicts.deferred;
  options.onBatchDone?.();
}
