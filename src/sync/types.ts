/**
 * Public types of the sync engine: its options, what `onBatch` receives, and progress events.
 *
 * Scenario ids such as B3 are defined in docs/scenarios.md.
 * @module
 */
import type { Logger } from '../core/logger.js';
import type { ConnectorReads } from '../core/reader.js';
import type { ModelName, ModelRecord } from '../models/registry.js';
import type { CompiledRules, Evaluation } from '../rules/evaluate.js';
import type { Rule } from '../rules/schema.js';
import type { FilteredRecord, SyncReport } from './report.js';
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

/**
 * An application seen in a new stage (or seen for the first time). The engine remembers each
 * application's stage in its state (every store), so a change is reported once: in the batch that
 * delivers the changed application, and never again once that batch was acknowledged, across
 * restarts and replayed pages. An application that leaves a stage and comes back is reported again.
 */
export interface StageChange {
  /** The application's unified id. */
  application_id: string;
  /** Its candidate's unified id, when the provider gives it. */
  candidate_id: string | null;
  /** Its job's unified id, when the provider gives it. */
  job_id: string | null;
  /** The stage last delivered; null the first time the application is seen (or when it had none). */
  from_stage_id: string | null;
  /** The stage it is in now (its `current_stage_id`), or null when it has none any more. */
  to_stage_id: string | null;
  /** The provider's `changed_at` of the version that showed the new stage (UTC ISO), or null. */
  changed_at: string | null;
  /** When the engine saw it (local clock, UTC ISO). */
  detected_at: string;
  /**
   * True the first time the engine sees the application (`from_stage_id` is then null): filter on
   * it to invite everyone already in a stage (`initial` true) or only newcomers (`initial` false).
   */
  initial: boolean;
}

/**
 * A record delivered earlier that no longer passes the engine's `filter` or `createdAfter`: remove
 * it from your side (or flag it) as you would a deletion. It is delivered again as an upsert if it
 * becomes eligible again. See docs/sync.md, "Filters".
 */
export interface IneligibleRecord<T> {
  /** The unified id. */
  id: string;
  /** The provider's id. */
  remote_id: string;
  /** The record as just read. */
  record: T;
  /** Why it is no longer eligible, one line per reason. */
  reasons: string[];
}

/** One page of changes for one model: what `onBatch` receives. */
export interface SyncBatch<M extends ModelName = ModelName> {
  /** The model of every record in the batch. */
  model: M;
  /** New or changed records, to insert or update by `id`. */
  upserted: ModelRecord<M>[];
  /** Records deleted at the provider, to delete (or mark deleted) by `id`. */
  deleted: DeletedRecord<ModelRecord<M>>[];
  /**
   * Applications whose stage changed (or that were seen for the first time) among `upserted`;
   * always empty for other models.
   */
  stageChanges: StageChange[];
  /**
   * Records delivered earlier that stopped passing the engine's `filter` / `createdAfter`
   * (empty without filters).
   */
  ineligible: IneligibleRecord<ModelRecord<M>>[];
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
  /**
   * Rules per model (`unified-ats/rules`): only records matching at least one active rule are
   * delivered; the others are counted as `filtered` in the report, with their reasons. A record
   * delivered earlier that stops matching is delivered once in the batch's `ineligible` list.
   * Invalid rules are a `ConfigError` when the engine is created.
   */
  filter?: SyncFilter;
  /**
   * Only records created at or after this time are delivered (a Date or ISO string for every
   * model, or one per model: `{ applications: connectedAt }`); older ones are counted as
   * `filtered`. Records whose creation time the provider does not give are delivered.
   */
  createdAfter?: CreatedAfter;
}

/** Options of {@link SyncEngine.syncOne}. */
export interface SyncOneOptions {
  /** Receives the record's batch, exactly as in a run (nothing is called when nothing changed). */
  onBatch: (batch: AnySyncBatch) => Promise<void>;
  /** Aborts the read. */
  signal?: AbortSignal;
}

/** What {@link SyncEngine.syncOne} returns. */
export interface SyncOneResult<M extends ModelName = ModelName> {
  /** The record as just read from the provider. */
  record: ModelRecord<M>;
  /** The evaluation of the model's `filter` rules, or null when the model has none. */
  evaluation: Evaluation | null;
  /** Whether it passes `filter` and `createdAfter` (and so was delivered, when it changed). */
  eligible: boolean;
  /** Why it is not eligible (empty when it is). */
  reasons: string[];
  /**
   * Whether anything was delivered: new or changed content, or (ineligible) its withdrawal. False
   * when the content was already delivered, or when it was filtered out.
   */
  changed: boolean;
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
  /**
   * Reads one record fresh by its unified id or the provider's own id, evaluates the engine's
   * `filter` / `createdAfter`, and delivers it through `onBatch` with the same content hashes,
   * entries and stage changes as a run (so the next run does not deliver it again). The cursor is
   * not moved. Throws `RecordNotFoundError` (a `NotFoundError` naming the id) when the provider
   * does not have it, `ValidationError` for a model this engine does not sync or a malformed id.
   */
  syncOne<M extends ModelName>(model: M, id: string, options: SyncOneOptions): Promise<SyncOneResult<M>>;
  /**
   * When the engine last delivered the record (as an upsert, a deletion or a withdrawal; local
   * clock, UTC ISO), by unified id or provider id; null when it never did (or the entry predates
   * this field). A provider id is looked up through the model's entries, which reads them all.
   */
  lastSynced(model: ModelName, id: string): Promise<string | null>;
  /**
   * Applies webhook events (`parseWebhook` output): each distinct record is read fresh once and
   * delivered like a run's page (stage changes included); a record the provider no longer has is
   * delivered as deleted. Throws `EventRefusedError` before reading anything when an event is for
   * another provider or connection. See docs/workflows.md, "Real time".
   */
  applyEvents(events: readonly SyncEvent[], options: ApplyEventsOptions): Promise<ApplyEventsResult>;
}

/** Rules per model: only records matching at least one active rule are delivered. */
export type SyncFilter = { [M in ModelName]?: readonly Rule[] | CompiledRules };

/** A time (Date or ISO string) for every model, or per model. */
export type CreatedAfter = Date | string | { [M in ModelName]?: Date | string };

/**
 * One event, as `parseWebhook` returns it (`WebhookEvent` fits). Only these fields are read; the
 * payload's copy of the record is ignored.
 */
export interface SyncEvent {
  /** The provider that sent it; must be the engine's connector's provider. */
  provider: string;
  /** What happened. `unknown` events are ignored (and listed in the result). */
  kind: 'created' | 'updated' | 'deleted' | 'stage_changed' | 'unknown';
  /** The unified model, or null when unknown (ignored). */
  model: ModelName | null;
  /** The record's unified id, or null when the payload lacks it. */
  id: string | null;
  /** The provider's id, or null. */
  remote_id: string | null;
  /** The connection the event came through (null: any); must be the engine's when set. */
  connection_id?: string | null;
  /** Related records (used to find a Flatchr application, whose events carry no id). */
  related?: { candidate_id: string | null; job_id: string | null } | null;
  /** The provider's event name, for the result's notes. */
  event_name?: string | null;
}

/** Options of {@link SyncEngine.applyEvents}. */
export interface ApplyEventsOptions {
  /** Receives the batches, exactly as in a run (one per model). */
  onBatch: (batch: AnySyncBatch) => Promise<void>;
  /** Stops reading (in-flight reads are aborted); nothing of an unfinished model is delivered. */
  signal?: AbortSignal;
}

/** An event that was not applied, and why. */
export interface IgnoredEvent {
  /** Its position in the list given. */
  index: number;
  /** The provider's event name, when known. */
  event_name: string | null;
  /** Why. */
  reason: string;
}

/** A record whose read failed (rate limit, provider error): not delivered; a later run or event catches up. */
export interface FailedRecord {
  model: ModelName;
  /** The id the read used. */
  id: string;
  error: Error;
}

/** What {@link SyncEngine.applyEvents} did. */
export interface ApplyEventsResult {
  /** Events received. */
  events: number;
  /** Distinct records the events named (what was read). */
  records: number;
  /** Single-record reads made (at most one per distinct record). */
  fetches: number;
  /** HTTP requests the connector made (retries included). */
  requests: number;
  /** Records delivered as new or changed. */
  upserted: number;
  /** Records delivered as deleted (confirmed gone by a read). */
  deleted: number;
  /** Records read whose content was already delivered (or already deleted). */
  unchanged: number;
  /** Records delivered as no longer eligible. */
  ineligible: number;
  /** Stage changes delivered. */
  stageChanges: number;
  /** Records not delivered because they fail the engine's `filter` / `createdAfter`. */
  filtered: FilteredRecord[];
  /** Events not applied (unknown kinds, models this engine does not sync, no usable id). */
  ignored: IgnoredEvent[];
  /** Records whose read failed. */
  failed: FailedRecord[];
}

