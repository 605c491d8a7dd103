/**
 * A sink for sync tests: applies batches to a map like an idempotent database upsert would, and
 * records what it saw so tests can check for lost, repeated or backwards versions.
 */
import type { AnySyncBatch } from '../../../src/sync/index.js';

/** A row as the sink stores it. */
export interface SinkRow {
  name: string;
  changed_at: string | null;
}

/** An in-memory sink. */
export class MemorySink {
  /** Live rows by unified id. */
  readonly rows = new Map<string, SinkRow>();
  /** Ids delivered as deleted, in order. */
  readonly deletedIds: string[] = [];
  /** Every upserted id, in delivery order (duplicates included). */
  readonly upsertedIds: string[] = [];
  /** Upserts whose payload equalled the row the sink already held. */
  redundant = 0;
  /** Upserts older than the row the sink already held (must stay 0). */
  backwards = 0;
  /** Batches received. */
  batches = 0;

  /** The `onBatch` to hand to the engine. */
  readonly onBatch = async (batch: AnySyncBatch): Promise<void> => {
    this.batches += 1;
    for (const record of batch.upserted) {
      const row = { name: (record as { name: string }).name, changed_at: record.changed_at };
      const held = this.rows.get(record.id);
      if (held && held.changed_at !== null && row.changed_at !== null && Date.parse(row.changed_at) < Date.parse(held.changed_at)) this.backwards += 1;
      if (held && held.name === row.name) this.redundant += 1;
      this.rows.set(record.id, row);
      this.upsertedIds.push(record.id);
    }
    for (const deleted of batch.deleted) {
      this.rows.delete(deleted.id);
      this.deletedIds.push(deleted.id);
    }
  };

  /** Live rows as key → name, with the model prefix of the id removed. */
  names(): Map<string, string> {
    return new Map([...this.rows].map(([id, row]) => [id.slice(id.indexOf(':') + 1), row.name]));
  }
}

/** A promise with its resolve and reject exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
