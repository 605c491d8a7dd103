/**
 * `unified-ats/sync`: the delta-sync engine and its state stores (docs/sync.md).
 *
 * ```ts
 * import { createSyncEngine, FileStateStore } from 'unified-ats/sync';
 *
 * const engine = createSyncEngine({ connector: ats, store: new FileStateStore('./.ats-state'), connectionId: 'acme' });
 * const report = await engine.run({ mode: 'delta', onBatch: async ({ model, upserted, deleted }) => {} });
 * ```
 * @module
 */
export { createSyncEngine, RecordNotFoundError } from './engine.js';
export type {
  AnySyncBatch,
  ApplyEventsOptions,
  ApplyEventsResult,
  CreatedAfter,
  DeletedRecord,
  DeletionGuard,
  FailedRecord,
  IgnoredEvent,
  IneligibleRecord,
  QuarantineLimit,
  StageChange,
  SyncBatch,
  SyncEngine,
  SyncEngineOptions,
  SyncEvent,
  SyncFilter,
  SyncOneOptions,
  SyncOneResult,
  SyncProgress,
  SyncRunOptions,
  SyncSource,
} from './types.js';
export { EventRefusedError, maxEventsPerCall } from './apply-events.js';
export { bufferEvents, type EventBuffer, type EventBufferOptions } from './event-buffer.js';
export { watchStage, type StageWatcher, type WatchStageOptions } from './watch-stage.js';
export type { FilteredRecord, ModelReport, ModelRunStatus, SkippedModel, SyncReport, SyncRunStatus } from './report.js';
export {
  initialModelState,
  type Checkpoint,
  type EntryCounts,
  type InFlightRecord,
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
