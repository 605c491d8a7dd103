/**
 * A state store in memory: for tests, demos and short-lived processes. Everything is lost when the
 * process ends, so a "resume" only works within one process.
 * @module
 */
import type { ModelName } from '../models/registry.js';
import { InProcessRunLocks, RunInProgressError, type RunLock } from './run-lock.js';
import type { Checkpoint, EntryCounts, ListEntriesOptions, ModelState, RecordEntry, StateKey, StateStore } from './state-store.js';
import { batchedCopies, copiesOf, copyOfState, countIn, storedCopy } from './state-store.js';

interface ModelSlot {
  state: ModelState | null;
  entries: Map<string, RecordEntry>;
}

/** Keeps every state and entry in maps; values are copied in and out, so callers cannot alias them. */
export class MemoryStateStore implements StateStore {
  readonly #slots = new Map<string, ModelSlot>();
  readonly #locks = new InProcessRunLocks();

  /** {@inheritDoc StateStore.getState} */
  async getState(key: StateKey): Promise<ModelState | null> {
    const state = this.#slots.get(slotName(key))?.state;
    return state ? copyOfState(state) : null;
  }

  /** {@inheritDoc StateStore.getEntries} */
  async getEntries(key: StateKey, ids: readonly string[]): Promise<RecordEntry[]> {
    const entries = this.#slots.get(slotName(key))?.entries;
    if (!entries) return [];
    return copiesOf(entries, ids);
  }

  /** {@inheritDoc StateStore.listEntries} */
  async *listEntries(key: StateKey, options?: ListEntriesOptions): AsyncIterable<readonly RecordEntry[]> {
    const entries = this.#slots.get(slotName(key))?.entries;
    if (!entries) return;
    yield* batchedCopies(entries, options);
  }

  /** {@inheritDoc StateStore.countEntries} */
  async countEntries(key: StateKey, scanId: string): Promise<EntryCounts> {
    return countIn(this.#slots.get(slotName(key))?.entries ?? new Map(), scanId);
  }

  /** {@inheritDoc StateStore.commit} */
  async commit(key: StateKey, checkpoint: Checkpoint): Promise<void> {
    const slot = this.#slot(key);
    for (const entry of checkpoint.entries) slot.entries.set(entry.id, storedCopy(entry));
    slot.state = copyOfState(checkpoint.state);
  }

  /** {@inheritDoc StateStore.commitEntries} */
  async commitEntries(key: StateKey, entries: readonly RecordEntry[]): Promise<void> {
    const slot = this.#slot(key);
    for (const entry of entries) slot.entries.set(entry.id, storedCopy(entry));
  }

  /** {@inheritDoc StateStore.acquireRunLock} Runs on this store object only (it is not shared across processes). */
  async acquireRunLock(connectionId: string, models: readonly ModelName[]): Promise<RunLock> {
    const names = models.map((model) => slotName({ connectionId, model }));
    const attempt = this.#locks.tryTake(names);
    if (!attempt.taken) {
      const busy = models.filter((_, index) => attempt.busy.includes(names[index]!));
      throw new RunInProgressError(connectionId, busy, { where: 'another run on this MemoryStateStore' });
    }
    return { release: async () => attempt.release() };
  }

  /** How many entries one model holds (for tests and diagnostics). */
  entryCount(key: StateKey): number {
    return this.#slots.get(slotName(key))?.entries.size ?? 0;
  }

  #slot(key: StateKey): ModelSlot {
    const name = slotName(key);
    let slot = this.#slots.get(name);
    if (!slot) {
      slot = { state: null, entries: new Map() };
      this.#slots.set(name, slot);
    }
    return slot;
  }
}

/** A collision-free map key for (connectionId, model): JSON keeps any separator in the id apart. */
function slotName(key: StateKey): string {
  return JSON.stringify([key.connectionId, key.model]);
}
