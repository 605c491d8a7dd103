/**
 * Run locks: two runs on one connection and model must not interleave, or each would checkpoint
 * over the other's cursor and sweep the other's records. A state store that can see other runs
 * (other engines in this process, other processes on the same folder or database) implements
 * `StateStore.acquireRunLock`; the engine takes the lock of every model it is about to run when a
 * run starts, and releases it when the run ends. The lock is per (connection, model), so runs of
 * one connection over disjoint models may go on side by side (see
 * docs/decisions/0013-run-lock-granularity.md).
 * @module
 */
import { AtsError } from '../core/errors.js';
import type { ModelName } from '../models/registry.js';

/** A run lock held by one run; release it exactly once when the run ends. */
export interface RunLock {
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
}

/** Another run holds the run lock of this connection and model. Try again when it ended. */
export class RunInProgressError extends AtsError {
  /** The connection whose run is in progress. */
  readonly connectionId: string;
  /** The models that are locked by the other run (a subset of those asked for). */
  readonly models: readonly ModelName[];
  constructor(connectionId: string, models: readonly ModelName[], options: { where: string; provider?: string }) {
    super(
      `A sync run of connection ${JSON.stringify(connectionId)} is already in progress for ${models.join(', ')} (${options.where}); ` +
        'two runs of one connection and model must not overlap. Try again when it has finished.',
      { provider: options.provider ?? 'unified-ats', operation: 'acquireRunLock', retryable: true },
    );
    this.connectionId = connectionId;
    this.models = [...models];
  }
}

/**
 * Run locks inside one process, keyed by whatever the owner chooses (a store's slot names). Used by
 * every built-in store so that two engines on one store object (or one database pool) conflict
 * even where the backend alone could not tell them apart (PostgreSQL advisory locks are re-entrant
 * within one session).
 */
export class InProcessRunLocks {
  readonly #held = new Set<string>();

  /** Takes every name or none; returns the names already held when it cannot. */
  tryTake(names: readonly string[]): { taken: true; release: () => void } | { taken: false; busy: string[] } {
    const busy = names.filter((name) => this.#held.has(name));
    if (busy.length > 0) return { taken: false, busy };
    for (const name of names) this.#held.add(name);
    let released = false;
    return {
      taken: true,
      release: () => {
        if (released) return;
        released = true;
        for (const name of names) this.#held.delete(name);
      },
    };
  }
}
