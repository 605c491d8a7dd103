/**
 * The state a sync engine keeps between runs, and the small interface a store implements to hold
 * it. Two kinds of data, both scoped by connection and model:
 *
 * - one {@link ModelState} (the cursor) per model, replaced on every checkpoint;
 * - one {@link RecordEntry} per record ever delivered (its content hash, provider timestamp and
 *   deletion marks), written only for the records a checkpoint touched.
 *
 * A checkpoint therefore costs what its page costs, never what the whole history costs: a store
 * must not rewrite every entry on each {@link StateStore.commit}.
 *
 * Scenario ids such as E9 are defined in docs/scenarios.md.
 * @module
 */
import type { ModelName } from '../models/registry.js';
import type { RunLock } from './run-lock.js';

/** Which state: one connection (an account at a provider) and one model. */
export interface StateKey {
  /** The caller's name for the connection (`'acme-teamtailor'`). */
  connectionId: string;
  /** The unified model. */
  model: ModelName;
}

/** The cursor of one model of one connection. */
export interface ModelState {
  /** Format version, so a stored state can be migrated. */
  version: 1;
  /**
   * The acknowledged high-water mark the next delta run starts from (minus the lookback window),
   * as a UTC ISO string; null before the first acknowledged record. Always a provider timestamp,
   * never the local clock, and it never moves backwards.
   */
  cursor: string | null;
  /**
   * The greatest provider `changed_at` ever acknowledged. Equal to `cursor` for ordered models;
   * for unordered ones `cursor` trails it by one run (see docs/sync.md, "unordered models").
   */
  highWater: string | null;
  /** When the last complete full scan finished (local clock; bookkeeping only, never a cursor). */
  lastFullScanAt: string | null;
  /**
   * The provider's clock (the first page's `serverTime`) when the last run that read its stream
   * to the end started; absent or null when no such run reported a clock. Every change stamped
   * more than the lookback window before it was visible to that run, so the next delta run need
   * not re-read those (docs/decisions/0078-lookback-from-the-read-clock.md). Never moves backwards.
   * Stored states written before this field existed lack it, and then the full lookback applies.
   */
  readStartedAt?: string | null;
  /**
   * Records the engine is about to hand to `onBatch`, or has handed to it, before the checkpoint
   * that writes their entries: those on the page being delivered (or read ahead) that have no live
   * entry yet. It is written before their delivery, so a crash between the delivery and the
   * checkpoint cannot leave a delivered record unknown to the engine: the next run turns each of
   * them that still has no live entry into a placeholder entry, and a full run's sweep can then
   * find its deletion (docs/decisions/0079-in-flight-records.md). Absent when empty. A store that
   * does not keep it loses only that protection.
   */
  inFlight?: readonly InFlightRecord[];
}

/** A record in {@link ModelState.inFlight}: its ids, enough for a placeholder entry and a lookup. */
export interface InFlightRecord {
  /** The unified id. */
  id: string;
  /** The provider's id. */
  remoteId: string;
}

/**
 * What the engine remembers about one delivered record. An entry with `hash` and `deletedAt` both
 * null is a placeholder: a record that may have been delivered before a crash lost its checkpoint
 * (see {@link ModelState.inFlight}). It counts as live for the sweep, and as unknown otherwise.
 */
export interface RecordEntry {
  /** The unified id. */
  id: string;
  /** The provider's id, kept so a swept deletion can name it. */
  remoteId: string;
  /**
   * Hash of the record's content as last delivered; null after the engine swept the record as
   * deleted, so any later sighting counts as a change (a restored record), and null in a
   * placeholder (`deletedAt` null too).
   */
  hash: string | null;
  /**
   * The provider's `changed_at` of the delivered version in epoch ms (or the detection time when
   * the provider has none); an incoming version older than this is stale and dropped (E9).
   */
  changedAt: number | null;
  /** When the record was deleted (provider flag or sweep), or null while it is live. */
  deletedAt: string | null;
  /** The id of the last full scan that returned the record (mark and sweep), or null. */
  scan: string | null;
  /**
   * The id of the complete full scan that first missed the record, while that deletion waits for
   * confirmation by the next complete scan (models without a single-record getter); null or
   * absent otherwise. Any later sighting clears it. A store that does not keep it is safe: such
   * deletions are then never confirmed, never wrongly delivered.
   */
  missingSince?: string | null;
  /**
   * Applications: the `current_stage_id` of the version last delivered to `onBatch`. Null or
   * absent means no stage is recorded: the application had none, the entry is of another model,
   * or it was written before this field existed (stores may drop a null). Kept so a later run can
   * tell a stage change from a first sighting.
   */
  stageId?: string | null;
  /**
   * When the engine last delivered the record to `onBatch` (local clock, UTC ISO), as an upsert or
   * a deletion; null or absent when unknown (entries written before it existed).
   */
  deliveredAt?: string | null;
}

/** One atomic unit of progress: the model's new state and the entries its page changed. */
export interface Checkpoint {
  /** The state after this checkpoint. */
  state: ModelState;
  /** Entries to insert or replace (by `id`); usually one page's worth, often none. */
  entries: readonly RecordEntry[];
}

/** Options of {@link StateStore.listEntries}. */
export interface ListEntriesOptions {
  /**
   * A hint for the deletion sweep of the full scan with this id: only entries that are live
   * (`deletedAt` null) and not marked by that scan (`scan` differs) are needed. A store may ignore
   * it and list everything (the engine filters again); a database store filters on the server.
   */
  unmarkedBy?: string;
}

/** What {@link StateStore.countEntries} counts. */
export interface EntryCounts {
  /** Live entries (`deletedAt` null). */
  live: number;
  /** Live entries not marked by the scan given (`scan` differs): the suspects of a sweep. */
  unmarked: number;
}

/**
 * Where the engine keeps its state. Implement it to keep the state in your own database:
 * a table of states keyed by (connectionId, model) and a table of entries keyed by
 * (connectionId, model, id) are enough.
 */
export interface StateStore {
  /** The state of one model, or null when it was never synced. */
  getState(key: StateKey): Promise<ModelState | null>;
  /** The entries among `ids` that exist (in any order; missing ids are simply absent). */
  getEntries(key: StateKey, ids: readonly string[]): Promise<RecordEntry[]>;
  /**
   * Every entry of one model, in batches, for the deletion sweep of a full scan. The engine may
   * commit while it iterates; entries it changes may be seen again or not, both are fine.
   */
  listEntries(key: StateKey, options?: ListEntriesOptions): AsyncIterable<readonly RecordEntry[]>;
  /**
   * Persists a checkpoint atomically: after a crash, either all of it is visible or none of it.
   * When the backend cannot do one transaction, write the entries first, then the state.
   */
  commit(key: StateKey, checkpoint: Checkpoint): Promise<void>;
  /**
   * Optional. Persists entries without touching the model's state (its cursor), atomically: what
   * `syncOne` and `applyEvents` write, so they never move a cursor that a running sync owns.
   * Without it the engine commits the entries with the state it reads just before (a run
   * checkpointing in between may then see its cursor step back once: a re-read, never a loss).
   */
  commitEntries?(key: StateKey, entries: readonly RecordEntry[]): Promise<void>;
  /**
   * Optional. Counts one model's live entries and those the scan `scanId` did not mark, for the
   * deletion guard; without it the engine counts through {@link StateStore.listEntries}.
   */
  countEntries?(key: StateKey, scanId: string): Promise<EntryCounts>;
  /**
   * Optional. Takes the run lock of every model in `models` for `connectionId`, all or none, so
   * two runs on one connection and model cannot interleave (in one process or several, as far as
   * the store can see). Throws `RunInProgressError` when another run holds any of them. The
   * engine takes it when a run starts and releases it when the run ends; a store without it
   * relies on the engine's own check (one engine object does not overlap its runs).
   */
  acquireRunLock?(connectionId: string, models: readonly ModelName[]): Promise<RunLock>;
}

/** The state of a model that was never synced. */
export function initialModelState(): ModelState {
  return { version: 1, cursor: null, highWater: null, lastFullScanAt: null };
}

/** Whether `entry` is a placeholder (hash and deletion both null): a record that may have been delivered, with nothing known of its content. */
export function isPlaceholder(entry: RecordEntry): boolean {
  return entry.hash === null && entry.deletedAt === null;
}

/** A copy of a state that shares nothing with it (the built-in stores copy states in and out). */
export function copyOfState(state: ModelState): ModelState {
  const copy = { ...state };
  if (state.inFlight) copy.inFlight = state.inFlight.map((record) => ({ id: record.id, remoteId: record.remoteId }));
  return copy;
}

/** How many entries `listEntries` yields at a time in the built-in stores. */
const LIST_BATCH_SIZE = 1_000;

/**
 * The copy an in-memory store keeps: `deliveredAt` and `missingSince` are left out while they are
 * null, and `stageId` while it is unset (most entries), which saves property slots per record.
 */
export function storedCopy(entry: RecordEntry): RecordEntry {
  return new StoredEntry(entry);
}

/**
 * An entry as the in-memory stores hold it. Made by a constructor, not an object literal: V8
 * watches how many objects of each literal survive, and once nearly all of them do (these are the
 * store's state) it allocates that literal's objects straight in the old generation
 * ("pretenuring"). On Node 20 that made `commit` about 0.5 µs per record slower in a first full
 * run (no slower with `--no-allocation-site-pretenuring`, nor with `new`, whose objects V8 does
 * not pretenure). Its fields are RecordEntry's, by declaration merging: class fields would put
 * every optional field on every object, as undefined.
 */
interface StoredEntry extends RecordEntry {}
class StoredEntry {
  constructor(entry: RecordEntry) {
    this.id = entry.id;
    this.remoteId = entry.remoteId;
    this.hash = entry.hash;
    this.changedAt = entry.changedAt;
    this.deletedAt = entry.deletedAt;
    this.scan = entry.scan;
    if (entry.deliveredAt) this.deliveredAt = entry.deliveredAt;
    if (entry.missingSince) this.missingSince = entry.missingSince;
    if (entry.stageId !== undefined) this.stageId = entry.stageId;
  }
}

/**
 * Copies of the entries for `ids` found in an in-memory index (missing ids are skipped): the
 * built-in stores hand out copies, so the engine can never change their state by accident.
 */
export function copiesOf(index: ReadonlyMap<string, RecordEntry>, ids: readonly string[]): RecordEntry[] {
  const found: RecordEntry[] = [];
  for (const id of ids) {
    const entry = index.get(id);
    if (entry) found.push({ ...entry });
  }
  return found;
}

/**
 * Copies of every entry of an in-memory index, in batches (only the sweep's suspects when
 * `options.unmarkedBy` is set). Map iteration tolerates the engine replacing values of existing
 * keys while it sweeps.
 */
export function* batchedCopies(index: ReadonlyMap<string, RecordEntry>, options: ListEntriesOptions = {}): Generator<RecordEntry[]> {
  let batch: RecordEntry[] = [];
  for (const entry of index.values()) {
    if (options.unmarkedBy !== undefined && !isUnmarked(entry, options.unmarkedBy)) continue;
    batch.push({ ...entry });
    if (batch.length >= LIST_BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Whether an entry is a suspect of the sweep of `scanId`: live, and not returned by that scan. */
export function isUnmarked(entry: RecordEntry, scanId: string): boolean {
  return entry.deletedAt === null && entry.scan !== scanId;
}

/** Counts the live and the unmarked entries of an in-memory index. */
export function countIn(index: ReadonlyMap<string, RecordEntry>, scanId: string): EntryCounts {
  const counts: EntryCounts = { live: 0, unmarked: 0 };
  for (const entry of index.values()) {
    if (entry.deletedAt !== null) continue;
    counts.live += 1;
    if (entry.scan !== scanId) counts.unmarked += 1;
  }
  return counts;
}
