/**
 * A sync state store in PostgreSQL: cursors and record entries in three tables (see `schema.ts`),
 * for processes that outgrow the file store, and for fleets of workers sharing one database.
 *
 * - Memory does not depend on the account size: entries are read per page by id
 *   (`id = ANY($3)`) and listed by keyset pages of {@link listBatchSize}.
 * - A checkpoint is one statement (the page's entries upserted from arrays with `unnest`, and the
 *   state, in one `INSERT … ON CONFLICT` with a data-modifying CTE), so it commits whole or not
 *   at all, with one round trip.
 * - The run lock is a session-level advisory lock per (connection, model) (`advisory-lock.ts`);
 *   while a run holds it, that run's statements go through the locked session.
 * @module
 */
import { ConfigError } from '../core/errors.js';
import type { ModelName } from '../models/registry.js';
import type { RunLock } from '../sync/run-lock.js';
import type { Checkpoint, EntryCounts, ListEntriesOptions, ModelState, RecordEntry, StateKey, StateStore } from '../sync/state-store.js';
import { takeRunLocks, type AdvisoryLease } from './advisory-lock.js';
import { entryColumnArrays, entryColumns, entryColumnTypes, entryOfRow } from './entry-rows.js';
import { loadPg, type OwnedPool } from './load-pg.js';
import { ensureSchema } from './schema.js';
import { tableNames, type TableNames } from './sql-names.js';
import type { PostgresPool, PostgresQueryable } from './types.js';

// Loaded when the subpath is imported, so a missing `pg` is reported at once, by name.
const pg = loadPg();

/** Entries per `listEntries` batch (one keyset query each). */
export const listBatchSize = 1_000;

/** Options of {@link PostgresStateStore}: a pool or a connection string, and where the tables go. */
export interface PostgresStateStoreOptions {
  /** A `pg` `Pool` you own (the store never ends it). Give this or `connectionString`. */
  pool?: PostgresPool;
  /** `postgres://user@host:5432/db`: the store creates its own pool, ended by {@link PostgresStateStore.close}. */
  connectionString?: string;
  /** The schema of the tables (default `public`); created when missing. */
  schema?: string;
  /** Prefix of the table names (default `unified_ats_`), so several stores can share a schema. */
  tablePrefix?: string;
  /** Most connections of the pool the store creates from `connectionString` (default 10). */
  maxConnections?: number;
}

/** Keeps sync state in PostgreSQL. Use one store object per process; any number of processes may share the tables. */
export class PostgresStateStore implements StateStore {
  readonly #pool: PostgresPool;
  readonly #ownPool: OwnedPool | null;
  readonly #names: TableNames;
  #ready: Promise<void> | null = null;
  /** Runs in progress in this store, by slot: their statements go through the locked session. */
  readonly #leases = new Map<string, AdvisoryLease>();
  #closed = false;

  constructor(options: PostgresStateStoreOptions) {
    const fail = (message: string) => new ConfigError(message, { provider: 'unified-ats', operation: 'PostgresStateStore' });
    if ((options.pool === undefined) === (options.connectionString === undefined)) throw fail('Give exactly one of pool and connectionString.');
    this.#names = tableNames(options.schema ?? 'public', options.tablePrefix ?? 'unified_ats_');
    if (options.pool) {
      this.#pool = options.pool;
      this.#ownPool = null;
    } else {
      if (typeof options.connectionString !== 'string' || options.connectionString === '') throw fail('connectionString must be a non-empty string.');
      this.#ownPool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10, application_name: 'unified-ats' });
      // A broken idle connection is dropped by the pool; the next statement opens a new one.
      this.#ownPool.on('error', () => {});
      this.#pool = this.#ownPool;
    }
  }

  /** The qualified names of the three tables (for your own queries and monitoring). */
  get tables(): { meta: string; state: string; entries: string } {
    const { meta, state, entries } = this.#names;
    return { meta, state, entries };
  }

  /**
   * The pool and where the tables are, for modules that keep their own tables beside the state
   * (the fleet keeps its connection statuses there).
   */
  get database(): { pool: PostgresPool; schema: string; tablePrefix: string } {
    return { pool: this.#pool, schema: this.#names.schema, tablePrefix: this.#names.prefix };
  }

  /**
   * Creates the schema and tables when missing, or checks their version. Every other method calls
   * it first; call it yourself to fail fast at startup.
   */
  ready(): Promise<void> {
    if (this.#closed) return Promise.reject(new ConfigError('This PostgresStateStore is closed.', { provider: 'unified-ats', operation: 'PostgresStateStore' }));
    if (!this.#ready) {
      this.#ready = ensureSchema(this.#pool, this.#names);
      // A failure (the server was down) is retried by the next call, not remembered.
      this.#ready.catch(() => (this.#ready = null));
    }
    return this.#ready;
  }

  /** {@inheritDoc StateStore.getState} */
  async getState(key: StateKey): Promise<ModelState | null> {
    const database = await this.#database(key);
    const { rows } = await database.query(`SELECT state FROM ${this.#names.state} WHERE connection_id = $1 AND model = $2`, [key.connectionId, key.model]);
    const state = rows[0]?.state;
    if (state === undefined || state === null) return null;
    return (typeof state === 'string' ? JSON.parse(state) : state) as ModelState;
  }

  /** {@inheritDoc StateStore.getEntries} */
  async getEntries(key: StateKey, ids: readonly string[]): Promise<RecordEntry[]> {
    if (ids.length === 0) return [];
    const database = await this.#database(key);
    // One primary-key lookup per id. `id = ANY($3)` would be the obvious form, but on a table the
    // server has not analysed yet (a first sync; autovacuum late or off) the planner filters every
    // row of the model instead, which makes a full sync quadratic. The LATERAL subquery, fenced
    // by OFFSET 0 so it is not flattened into a join, can only be planned as a unique index probe.
    const { rows } = await database.query(
      `SELECT found.* FROM unnest($3::text[]) AS wanted(id)
       CROSS JOIN LATERAL (
         SELECT ${entryColumns.join(', ')} FROM ${this.#names.entries} AS entry
         WHERE entry.connection_id = $1 AND entry.model = $2 AND entry.id = wanted.id OFFSET 0
       ) AS found`,
      [key.connectionId, key.model, [...new Set(ids)]],
    );
    return rows.map(entryOfRow);
  }

  /** {@inheritDoc StateStore.listEntries} Keyset pages by id; the sweep's filter runs on the server. */
  async *listEntries(key: StateKey, options: ListEntriesOptions = {}): AsyncIterable<readonly RecordEntry[]> {
    const filter = options.unmarkedBy === undefined ? '' : 'AND deleted_at IS NULL AND scan IS DISTINCT FROM $5';
    const sql = `SELECT ${entryColumns.join(', ')} FROM ${this.#names.entries}
      WHERE connection_id = $1 AND model = $2 AND id > $3 ${filter} ORDER BY id LIMIT $4`;
    let after = '';
    // Bounded: every batch moves `after` strictly forward through a finite, ordered key range.
    for (;;) {
      const database = await this.#database(key);
      const values: unknown[] = [key.connectionId, key.model, after, listBatchSize];
      if (options.unmarkedBy !== undefined) values.push(options.unmarkedBy);
      const { rows } = await database.query(sql, values);
      if (rows.length === 0) return;
      const batch = rows.map(entryOfRow);
      after = batch.at(-1)!.id;
      yield batch;
      if (rows.length < listBatchSize) return;
    }
  }

  /** {@inheritDoc StateStore.countEntries} */
  async countEntries(key: StateKey, scanId: string): Promise<EntryCounts> {
    const database = await this.#database(key);
    const { rows } = await database.query(
      `SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS live,
              count(*) FILTER (WHERE deleted_at IS NULL AND scan IS DISTINCT FROM $3) AS unmarked
       FROM ${this.#names.entries} WHERE connection_id = $1 AND model = $2`,
      [key.connectionId, key.model, scanId],
    );
    return { live: Number(rows[0]?.live ?? 0), unmarked: Number(rows[0]?.unmarked ?? 0) };
  }

  /** {@inheritDoc StateStore.commit} One statement: the page's entries and the state, whole or not at all. */
  async commit(key: StateKey, checkpoint: Checkpoint): Promise<void> {
    const database = await this.#database(key);
    const names = this.#names;
    const upsertState = `INSERT INTO ${names.state} (connection_id, model, state, updated_at) VALUES ($1, $2, $3::jsonb, now())
      ON CONFLICT (connection_id, model) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`;
    const values: unknown[] = [key.connectionId, key.model, JSON.stringify(checkpoint.state)];
    if (checkpoint.entries.length === 0) {
      await database.query(upsertState, values);
      return;
    }
    const arrays = entryColumnArrays(checkpoint.entries);
    const unnest = arrays.map((_, index) => `$${index + 4}::${entryColumnTypes[index]}`).join(', ');
    const updates = entryColumns
      .slice(1)
      .map((column) => `${column} = excluded.${column}`)
      .join(', ');
    await database.query(
      `WITH written AS (
         INSERT INTO ${names.entries} (connection_id, model, ${entryColumns.join(', ')})
         SELECT $1, $2, page.* FROM unnest(${unnest}) AS page(${entryColumns.join(', ')})
         ON CONFLICT (connection_id, model, id) DO UPDATE SET ${updates}
       )
       ${upsertState}`,
      [...values, ...arrays],
    );
  }

  /** {@inheritDoc StateStore.commitEntries} One statement upserting the entries; the state row is not touched. */
  async commitEntries(key: StateKey, entries: readonly RecordEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const database = await this.#database(key);
    const arrays = entryColumnArrays(entries);
    const unnest = arrays.map((_, index) => `$${index + 3}::${entryColumnTypes[index]}`).join(', ');
    const updates = entryColumns
      .slice(1)
      .map((column) => `${column} = excluded.${column}`)
      .join(', ');
    await database.query(
      `INSERT INTO ${this.#names.entries} (connection_id, model, ${entryColumns.join(', ')})
       SELECT $1, $2, page.* FROM unnest(${unnest}) AS page(${entryColumns.join(', ')})
       ON CONFLICT (connection_id, model, id) DO UPDATE SET ${updates}`,
      [key.connectionId, key.model, ...arrays],
    );
  }

  /** {@inheritDoc StateStore.acquireRunLock} A PostgreSQL advisory lock per (connection, model), seen by every process on these tables. */
  async acquireRunLock(connectionId: string, models: readonly ModelName[]): Promise<RunLock> {
    await this.ready();
    const lease = await takeRunLocks(this.#pool, this.#names, connectionId, models);
    const slots = models.map((model) => slotName({ connectionId, model }));
    for (const slot of slots) this.#leases.set(slot, lease);
    return {
      release: async () => {
        for (const slot of slots) if (this.#leases.get(slot) === lease) this.#leases.delete(slot);
        await lease.release();
      },
    };
  }

  /**
   * Ends the pool the store created from `connectionString` (a pool you passed stays open). Call
   * it after the runs using the store have ended.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const lease of new Set(this.#leases.values())) await lease.release();
    this.#leases.clear();
    await this.#ownPool?.end();
  }

  /** Where statements for `key` go: the locked session of a run in progress, or the pool. */
  async #database(key: StateKey): Promise<PostgresQueryable> {
    await this.ready();
    return this.#leases.get(slotName(key))?.client ?? this.#pool;
  }
}

function slotName(key: StateKey): string {
  return JSON.stringify([key.connectionId, key.model]);
}
