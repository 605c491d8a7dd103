/**
 * Mark and sweep (E10): after a *complete* full scan, every live entry the scan did not mark is a
 * record the provider no longer returns, so it is delivered as deleted. The engine only calls this
 * once the scan ran to its end, so an interrupted scan deletes nothing.
 * @module
 */
import type { ModelName } from '../models/registry.js';
import type { Checkpoint, RecordEntry, StateKey, StateStore } from './state-store.js';
import type { DeletedRecord } from './types.js';

/** Deletions delivered per `onBatch` call. */
const sweepBatchSize = 500;

/** What a sweep needs. */
export interface SweepOptions {
  store: StateStore;
  key: StateKey;
  /** The scan that just completed. */
  scanId: string;
  /** Provider ids of records the scan quarantined: they exist, so they are not deleted. */
  quarantinedRemoteIds: ReadonlySet<string>;
  /** The state to write with each batch of tombstones. */
  state: Checkpoint['state'];
  /** The detection time (local clock, epoch ms). */
  now: () => number;
  /** Delivers a batch of deletions (resolves once the sink acknowledged it). */
  deliver: (model: ModelName, deleted: DeletedRecord<never>[]) => Promise<void>;
  /** Called after each acknowledged batch. */
  onBatchDone?: (count: number) => void;
}

/** Delivers every unmarked live entry as deleted; returns how many. */
export async function sweepUnmarked(options: SweepOptions): Promise<number> {
  let total = 0;
  let batch: RecordEntry[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const deletedAt = new Date(options.now()).toISOString();
    const deleted = batch.map((entry) => ({ id: entry.id, remote_id: entry.remoteId, remote_deleted_at: deletedAt, record: null }));
    await options.deliver(options.key.model, deleted);
    // Tombstones are written only after the sink acknowledged them: a crash in between re-sweeps.
    const tombstones = batch.map((entry) => ({ ...entry, hash: null, deletedAt, scan: options.scanId }));
    await options.store.commit(options.key, { state: options.state, entries: tombstones });
    total += batch.length;
    options.onBatchDone?.(batch.length);
    batch = [];
  };
  for await (const entries of options.store.listEntries(options.key)) {
    for (const entry of entries) {
      const missing = entry.deletedAt === null && entry.scan !== options.scanId;
      if (missing && !options.quarantinedRemoteIds.has(entry.remoteId)) batch.push(entry);
    }
    if (batch.length >= sweepBatchSize) await flush();
  }
  await flush();
  return total;
}
