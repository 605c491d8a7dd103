/**
 * A state store wrapper for property tests: records every committed cursor, can fail a chosen
 * commit before it is applied (a crash during the checkpoint write), and runs a check on each.
 */
import { MemoryStateStore, type Checkpoint, type StateKey, type StateStore } from '../../../src/sync/index.js';

/** Wraps a `MemoryStateStore`. */
export class WatchedStore implements StateStore {
  readonly inner = new MemoryStateStore();
  /** Cursors in commit order (epoch ms, null kept). */
  readonly cursors: (number | null)[] = [];
  /** Commits attempted so far. */
  commits = 0;
  /** Fails the commit with this number (1-based, over the store's life). */
  failCommit: number | null = null;
  /** Called with each checkpoint before it is applied. */
  onCommit: ((checkpoint: Checkpoint) => void) | null = null;

  getState = (key: StateKey) => this.inner.getState(key);
  getEntries = (key: StateKey, ids: readonly string[]) => this.inner.getEntries(key, ids);
  listEntries = (key: StateKey) => this.inner.listEntries(key);

  async commit(key: StateKey, checkpoint: Checkpoint): Promise<void> {
    this.commits += 1;
    if (this.commits === this.failCommit) throw new Error('crash while writing the checkpoint');
    this.onCommit?.(checkpoint);
    this.cursors.push(checkpoint.state.cursor === null ? null : Date.parse(checkpoint.state.cursor));
    await this.inner.commit(key, checkpoint);
  }

  /** Whether the persisted cursor ever moved backwards (or back to null). */
  cursorWentBack(): boolean {
    let previous: number | null = null;
    for (const cursor of this.cursors) {
      if (previous !== null && (cursor === null || cursor < previous)) return true;
      previous = cursor;
    }
    return false;
  }
}
