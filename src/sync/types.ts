/**
 * Public types of the sync engine: its options, what `onBatch` receives, and progress events.
 * @module
 */
import type { Logger } from '../core/logger.js';
import type { ConnectorReads } from '../core/reader.js';
import type { ModelName, ModelRecord } from '../models/registry.js';
import type { SyncReport } from './report.js';
import type { StateStore } from './state-store.js';

/**
 * The part of a connector the engine uses. Every connector of this package fits; so does any
 * object implementing the four required members (a test double, a wrapper adding metrics).
 * The single-record getters are optional: a full run uses them to confirm that a record its scan
 * did not return is really gone before delivering it as deleted (see docs/sync.md, "Deletions").
 */
export type SyncSource = Pick<ConnectorReads, 'provider' | 'capabilities' | 'syncModel' | 'requestCount'> &
  Partial<Pick<ConnectorReads, 'getJob' | 'getCandidate' | 'getApplication'>>;

/** A record that was deleted at the provider. */
export interface DeletedRecord<T> {
  /** The unified id (the key your `onBatch` upserted it under). */
  id: string;
  /** The provider's id. */
  remote_id: string;
  /** When the deletion was signalled by the provider, or detected by a full scan (local clock). */
  remote_deleted_at: string;
  /**
   * The record as the provider last sent it, with `remote_deleted_at` set, when the provider
   * flags deletions; null when a full scan found the record missing.
   */
  record: T | null;
}

/** One page of changes for one model: what `onBatch` receives. */
export interface SyncBatch<M extends ModelName = ModelName> {
  /** The model of every record in the batch. */
  model: M;
  /** New or changed records, to insert or update by `id`. */
  upserted: ModelRecord<M>[];
  /** Records deleted at the provider, to delete (or mark deleted) by `id`. */
  deleted: DeletedRecord<ModelRecord<M>>[];
}

/** A batch of any model, narrowed by checking `batch.model`. */
export type AnySyncBatch = { [M in ModelName]: SyncBatch<M> }[ModelName];

/** Progress after each page or sweep batch. */
export interface SyncProgress {
  /** The model being synced. */
  model: ModelName;
  /** `scan` while pages are read, `sweep` while a full run emits detected deletions. */
  phase: 'scan' | 'sweep';
  /** Pages read so far for this model. */
  pages: number;
  /** Records received so far for this model. */
  fetched: number;
  /** Records delivered as upserted so far. */
  upserted: number;
  /** Records delivered as deleted so far. */
  deleted: number;
  /** Records skipped as unchanged so far. */
  unchanged: number;
}

/** When too many records fail validation, the run stops (B3). */
export interface QuarantineLimit {
  /** Most quarantined records in one run before it fails (default 50). */
  perRun?: number;
  /**
   * Largest share of a page that may be quarantined (default 0.1). A single bad record never trips
   * it, so small pages are not failed by one bad record.
   */
  pageShare?: number;
}

/**
 * The deletion guard: when a complete full scan misses more than `maxShare` of a model's known live
 * records, and at least `minRecords` of them, the run delivers none of those deletions, reports
 * them in `deletionsHeld` with a `deletion_guard` warning, and ends `partial`. A key that suddenly
 * reads another (or an empty) account would otherwise delete everything downstream.
 */
export interface DeletionGuard {
  /** Largest share of the known live records one scan may delete (default 0.2). */
  maxShare?: number;
  /** The guard only trips from this many missing records (default 10). */
  minRecords?: number;
}

/** Options of {@link createSyncEngine}. */
export interface SyncEngineOptions {
  /** The connector to read from. */
  connector: SyncSource;
  /** Where cursors and record hashes are kept. */
  store: StateStore;
  /** Your name for this connection (one account at one provider); scopes everything in the store. */
  connectionId: string;
  /** Models to sync (default: every model); always run in dependency order. */
  models?: readonly ModelName[];
  /** How far before the cursor a delta run starts reading (default `capabilities.delta_lookback_ms`). */
  lookbackMs?: number;
  /** When quarantined records fail the run; a number sets `perRun`. */
  quarantineLimit?: number | QuarantineLimit;
  /** Receives warnings (drift, empty pages, quarantined records) and debug lines. */
  logger?: Logger;
  /** Records per provider page (default: the provider's maximum). */
  pageSize?: number;
  /** Fields left out of content hashes (default {@link defaultVolatileFields}). */
  volatileFields?: readonly string[];
  /** Most pages read for one model in one run before it fails as a loop (default 100,000). */
  maxPagesPerModel?: number;
  /**
   * Most single-record lookups a full run makes per model to confirm deletions (default 100).
   * Records beyond it stay live until a later full run confirms them.
   */
  maxDeletionLookups?: number;
  /**
   * Holds back mass deletions (default `{ maxShare: 0.2, minRecords: 10 }`); `false` lets every
   * deletion a complete scan finds through (for a run after you checked that they are real).
   */
  deletionGuard?: DeletionGuard | false;
  /**
   * The local clock in epoch ms (default `Date.now`). Used for detection times, durations and
   * `lastFullScanAt`; never for a cursor.
   */
  clock?: () => number;
}

/** Options of one {@link SyncEngine.run}. */
export interface SyncRunOptions {
  /** `delta` reads what changed since the cursors; `full` reads everything and detects deletions. */
  mode: 'delta' | 'full';
  /**
   * Writes one batch to your database. The cursor moves past a page only after this resolves; if
   * it throws, the run stops and the next run delivers that page again. Must be idempotent.
   */
  onBatch: (batch: AnySyncBatch) => Promise<void>;
  /** Stops the run between pages (and aborts in-flight requests); acknowledged progress is kept. */
  signal?: AbortSignal;
  /** Called after each page and sweep batch. */
  onProgress?: (progress: SyncProgress) => void;
}

/** A sync engine bound to one connection. */
export interface SyncEngine {
  /**
   * Runs the models once, in dependency order, and reports what happened. Never throws for a
   * provider, sink or store failure: the report says. Throws `RunInProgressError` (before reading
   * anything) when another run holds the store's run lock of one of its models, and `ConfigError`
   * when this engine's previous run has not ended.
   */
  run(options: SyncRunOptions): Promise<SyncReport>;
}
