/**
 * A state store in memory: for tests, demos and short-lived processes. Everything is lost when the
 * process ends, so a "resume" only works within one process.
 * @module
 */
import type { Checkpoint, ModelState, RecordEntry, StateKey, StateStore } from './state-store.js';
import { batchedCopies, copiesOf } from './state-store.js';

/** Entries handed out per batch by `listEntries`. */

interface ModelSlot {
  state: ModelState | null;
  entries: Map<string, RecordEntry>;
}

/** Keeps every state and entry in maps; values are copied in and out, so callers cannot alias them. */
export class MemoryStateStore implements StateStore {
  readonly #slots = new Map<string, ModelSlot>();

  /** {@inheritDoc StateStore.getState} */
  async getState(key: StateKey): Promise<ModelState | null> {
    const state = this.#slots.get(slotName(key))?.state;
    return state ? { ...state } : null;
  }

  /** {@inheritDoc StateStore.getEntries} */
  async getEntries(key: StateKey, ids: readonly string[]): Promise<RecordEntry[]> {
    const entries = this.#slots.get(slotName(key))?.entries;
    if (!entries) return [];
    return copiesOf(entries, ids);
  }

  /** {@inheritDoc StateStore.listEntries} */
  async *listEntries(key: StateKey): AsyncIterable<readonly RecordEntry[]> {
    const entries = this.#slots.get(slotName(key))?.entries;
    if (!entries) return;
    yield* batchedCopies(entries);
  }

  /** {@inheritDoc StateStore.commit} */
  async commit(key: StateKey, checkpoint: Checkpoint): Promise<void> {
    const slot = this.#slot(key);
    for (const entry of checkpoint.entries) slot.entries.set(entry.id, { ...entry });
    slot.state = { ...checkpoint.state };
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
