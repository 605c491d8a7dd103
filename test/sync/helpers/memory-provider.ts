/**
 * An in-memory "provider" for sync tests (reliability §2.0): a map id → versions of
 * { updated_at, payload, deleted }, with a server clock that advances with every request,
 * timestamps of limited precision (ties), visibility lag, and mutations a test can interleave
 * with page fetches. `memory-connector.ts` reads it the way a connector would.
 */

/** One version of a record as the provider stores it. */
export interface ProviderVersion {
  updatedAt: number;
  name: string;
  deletedAt: number | null;
  /** When this version shows up in list responses (server time). */
  visibleAt: number;
  /** A version the connector cannot validate (quarantined). */
  bad: boolean;
}

/** A record with its history. */
export interface ProviderRecord {
  key: string;
  seq: number;
  createdAt: number;
  versions: ProviderVersion[];
  /** Hard-deleted: gone from every list at once. */
  gone: boolean;
}

/** How the provider behaves. */
export interface MemoryProviderOptions {
  /** Server time at the start (epoch ms). */
  startMs?: number;
  /** Granularity of `updated_at` (default 1,000: seconds, so records share timestamps). */
  precisionMs?: number;
  /** Delay between a write and its visibility in lists (default 0). */
  visibilityLagMs?: number;
  /** `flag`: deletions stay listed with a deletion time; `hard`: deleted records vanish. */
  deletes?: 'flag' | 'hard';
}

/** The provider's dataset and clock. */
export class MemoryProvider {
  readonly records = new Map<string, ProviderRecord>();
  readonly precisionMs: number;
  readonly visibilityLagMs: number;
  readonly deletes: 'flag' | 'hard';
  #now: number;
  #seq = 0;

  constructor(options: MemoryProviderOptions = {}) {
    this.#now = options.startMs ?? Date.UTC(2024, 0, 1);
    this.precisionMs = options.precisionMs ?? 1_000;
    this.visibilityLagMs = options.visibilityLagMs ?? 0;
    this.deletes = options.deletes ?? 'hard';
  }

  /** Server time (epoch ms). */
  now(): number {
    return this.#now;
  }

  /** Moves the server clock forward. */
  advance(ms: number): void {
    this.#now += ms;
  }

  /** Adds a record; returns its key. `lagMs` overrides the visibility lag of this write. */
  add(name = `record ${this.#seq + 1}`, lagMs = this.visibilityLagMs): string {
    this.#seq += 1;
    const key = `r${String(this.#seq).padStart(4, '0')}`;
    this.records.set(key, { key, seq: this.#seq, createdAt: this.#now, versions: [], gone: false });
    this.#write(key, { name, deletedAt: null, bad: false }, lagMs);
    return key;
  }

  /** Changes a record's payload. */
  update(key: string, name: string, lagMs = this.visibilityLagMs): void {
    this.#write(key, { name, deletedAt: null, bad: false }, lagMs);
  }

  /** Bumps `updated_at` without changing the payload. */
  touch(key: string): void {
    const latest = this.latest(key);
    if (latest) this.#write(key, { name: latest.name, deletedAt: latest.deletedAt, bad: latest.bad }, this.visibilityLagMs);
  }

  /** Deletes a record (a flag or a hard delete, per the options). */
  remove(key: string): void {
    const record = this.records.get(key);
    if (!record || record.gone) return;
    if (this.deletes === 'hard') record.gone = true;
    else if (this.latest(key)?.deletedAt === null) this.#write(key, { name: this.latest(key)!.name, deletedAt: this.#now, bad: false }, 0);
  }

  /** Gives a record a version that fails validation. */
  corrupt(key: string): void {
    const latest = this.latest(key);
    if (latest) this.#write(key, { name: latest.name, deletedAt: latest.deletedAt, bad: true }, this.visibilityLagMs);
  }

  /** The newest version written (visible or not), or null for a hard-deleted or unknown record. */
  latest(key: string): ProviderVersion | null {
    const record = this.records.get(key);
    return record && !record.gone ? (record.versions.at(-1) ?? null) : null;
  }

  /** The version a list request sees now, or null. */
  visible(record: ProviderRecord): ProviderVersion | null {
    if (record.gone) return null;
    for (let index = record.versions.length - 1; index >= 0; index -= 1) {
      const version = record.versions[index]!;
      if (version.visibleAt <= this.#now) return version;
    }
    return null;
  }

  /** Keys of live records (not deleted) with their newest payload: the truth a sink must reach. */
  truth(): Map<string, string> {
    const live = new Map<string, string>();
    for (const record of this.records.values()) {
      const latest = this.latest(record.key);
      if (latest && latest.deletedAt === null) live.set(record.key, latest.name);
    }
    return live;
  }

  /** Keys of every record that is deleted (hard or flagged). */
  deletedKeys(): Set<string> {
    const keys = new Set<string>();
    for (const record of this.records.values()) {
      if (record.gone || this.latest(record.key)?.deletedAt !== null) keys.add(record.key);
    }
    return keys;
  }

  /** The greatest `updated_at` the provider holds (epoch ms). */
  maxUpdatedAt(): number | null {
    let max: number | null = null;
    for (const record of this.records.values()) for (const version of record.versions) max = Math.max(max ?? version.updatedAt, version.updatedAt);
    return max;
  }

  #write(key: string, payload: Pick<ProviderVersion, 'name' | 'deletedAt' | 'bad'>, lagMs: number): void {
    const record = this.records.get(key);
    if (!record || record.gone) return;
    const updatedAt = Math.floor(this.#now / this.precisionMs) * this.precisionMs;
    record.versions.push({ ...payload, updatedAt, visibleAt: this.#now + lagMs });
  }
}
