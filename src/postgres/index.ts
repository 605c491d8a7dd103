/**
 * `unified-ats/postgres`: a sync state store in PostgreSQL, for processes whose accounts outgrow
 * the file store and for workers sharing one database. Needs the `pg` package (an optional peer
 * dependency): importing this subpath without it throws a `ConfigError` saying so.
 *
 * ```ts
 * import { createSyncEngine } from 'unified-ats/sync';
 * import { PostgresStateStore } from 'unified-ats/postgres';
 *
 * const store = new PostgresStateStore({ connectionString: process.env.DATABASE_URL, schema: 'ats' });
 * const engine = createSyncEngine({ connector: ats, store, connectionId: 'acme' });
 * await engine.run({ mode: 'delta', onBatch });
 * await store.close();
 * ```
 * @module
 */
export { PostgresStateStore, listBatchSize, type PostgresStateStoreOptions } from './postgres-state-store.js';
export { schemaVersion } from './schema.js';
export type { PostgresPool, PostgresPoolClient, PostgresQueryable, PostgresQueryResult } from './types.js';
export { RunInProgressError } from '../sync/run-lock.js';
