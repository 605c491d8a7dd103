/**
 * The sandbox's data: named collections of records keyed by id, kept in insertion order, with an
 * `updated_at` clock the wire formats read. Tests mutate it through `update`, `add` and `remove`,
 * exactly like a user editing records in the ATS.
 */

/** A stored record: any fields, plus the id and timestamps the store maintains. */
export type StoredRecord = Record<string, unknown> & { id: string; created_at: number; updated_at: number };

/** One change to the store, as change listeners (the sandbox's webhook sender) see it. */
export interface StoreChange {
  /** What happened. */
  type: 'added' | 'updated' | 'removed';
  /** The collection. */
  collection: string;
  /** The record after the change (as it was, for a removal). */
  record: StoredRecord;
  /** A shallow copy of the record before an update; null otherwise. */
  previous: StoredRecord | null;
}

/** Options of {@link SandboxStore.remove}. */
export interface RemoveOptions {
  /** Tell no listener (a record removed along with another one, for which the provider sends nothing). */
  quiet?: boolean;
}

/** Named collections of records. */
export class SandboxStore {
  private readonly collections = new Map<string, Map<string, StoredRecord>>();
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private sequence = 1000;
  /** Moves on every change, so wire formats can cache derived views (sorted lists) safely. */
  version = 0;

  constructor(private readonly now: () => number) {}

  /** The records of a collection, in insertion order. */
  list(collection: string): StoredRecord[] {
    return [...this.collection(collection).values()];
  }

  /** One record, or undefined. */
  get(collection: string, id: string): StoredRecord | undefined {
    return this.collection(collection).get(id);
  }

  /** A fresh numeric id (as a string), unique across collections. */
  nextId(): string {
    this.sequence += 1;
    return String(this.sequence);
  }

  /** Adds a record; `id`, `created_at` and `updated_at` are filled when missing. */
  add(collection: string, fields: Record<string, unknown>): StoredRecord {
    const now = this.now();
    const record = { created_at: now, updated_at: now, ...fields, id: String(fields.id ?? this.nextId()) } as StoredRecord;
    this.collection(collection).set(record.id, record);
    this.version += 1;
    this.emit({ type: 'added', collection, record, previous: null });
    return record;
  }

  /** Changes fields of a record and moves its `updated_at` to now. Throws when it does not exist. */
  update(collection: string, id: string, patch: Record<string, unknown>): StoredRecord {
    const record = this.get(collection, id);
    if (!record) throw new Error(`No ${collection} record ${id} in the sandbox`);
    const previous = this.listeners.size > 0 ? { ...record } : null;
    Object.assign(record, patch, { id: record.id, updated_at: this.now() });
    this.version += 1;
    if (previous) this.emit({ type: 'updated', collection, record, previous });
    return record;
  }

  /** Sets `updated_at` to now without changing anything else. */
  touch(collection: string, id: string): StoredRecord {
    return this.update(collection, id, {});
  }

  /** Deletes a record; returns whether it existed. */
  remove(collection: string, id: string, options: RemoveOptions = {}): boolean {
    this.version += 1;
    const record = this.collection(collection).get(id);
    const removed = this.collection(collection).delete(id);
    if (record && !options.quiet) this.emit({ type: 'removed', collection, record, previous: null });
    return removed;
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many records a collection holds. */
  count(collection: string): number {
    return this.collection(collection).size;
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private collection(name: string): Map<string, StoredRecord> {
    let found = this.collections.get(name);
    if (!found) {
      found = new Map();
      this.collections.set(name, found);
    }
    return found;
  }
}
