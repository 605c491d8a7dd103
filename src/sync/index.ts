/**
 * `unified-ats/sync`: the delta-sync engine and its state stores (contract §8).
 *
 * ```ts
 * import { createSyncEngine, FileStateStore } from 'unified-ats/sync';
 *
 * const engine = createSyncEngine({ connector: ats, store: new FileStateStore('./.ats-state'), connectionId: 'acme' });
 * const report = await engine.run({ mode: 'delta', onBatch: async ({ model, upserted, deleted }) => {} });
 * ```
 * @module
 */
export { createSyncEngine } from './engine.js';
export type {
  AnySyncBatch,
  DeletedRecord,
  DeletionGuard,
  QuarantineLimit,
  SyncBatch,
  SyncEngine,
  SyncEngineOptions,
  SyncProgress,
  SyncRunOptions,
  SyncSource,
} from './types.js';
export type { ModelReport, ModelRunStatus, SkippedModel, SyncReport, SyncRunStatus } from './report.js';
export {
  initialModelState,
  type Checkpoint,
  type EntryCounts,
  type ListEntriesOptions,
  type ModelState,
  type RecordEntry,
  type StateKey,
  type StateStore,
} from './state-store.js';
export { RunInProgressError, type RunLock } from './run-lock.js';
export { MemoryStateStore } from './memory-state-store.js';
export { FileStateStore, type FileStateStoreOptions } from './file-state-store.js';
export { StateCorruptError, type StateCorruptReason } from './append-log.js';
export { QuarantineLimitError } from './quarantine.js';
export { contentHash, defaultVolatileFields, maxContentDepth, maxContentNodes, RecordContentError, stableStringify } from './content-hash.js';
