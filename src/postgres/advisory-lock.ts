/**
 * The run lock on PostgreSQL: session-level advisory locks, one per (connection, model), held on a
 * connection checked out of the pool for the whole run. The server releases them when that
 * session ends, so a crashed or killed worker never leaves a lock behind; a worker on another
 * machine sees them as long as it uses the same database, schema and table prefix.
 *
 * Advisory locks are re-entrant within one session, and a driver without separate sessions
 * (PGlite) has only one; so the store also keeps an in-process registry per pool object.
 * @module
 */
import type { ModelName } from '../models/registry.js';
import { InProcessRunLocks, RunInProgressError } from '../sync/run-lock.js';
import { advisoryKey, type TableNames } from './sql-names.js';
import type { PostgresPool, PostgresPoolClient } from './types.js';

/** In-process locks per pool: two stores sharing one pool (or one PGlite) see each other's runs. */
const registries = new WeakMap<object, InProcessRunLocks>();

function registryOf(pool: object): InProcessRunLocks {
  let registry = registries.get(pool);
  if (!registry) {
    registry = new InProcessRunLocks();
    registries.set(pool, registry);
  }
  return registry;
}

/** A held lock: the session it lives on, and how to give it back. */
export interface AdvisoryLease {
  /** The connection holding the locks; the store runs this run's statements on it. */
  client: PostgresPoolClient;
  /** Unlocks and returns the connection (idempotent). */
  release(): Promise<void>;
}

/** Takes the advisory lock of every model, all or none; throws `RunInProgressError` when any is held. */
export async function takeRunLocks(pool: PostgresPool, names: TableNames, connectionId: string, models: readonly ModelName[]): Promise<AdvisoryLease> {
  const keys = models.map((model) => advisoryKey(['unified-ats run', names.schema, names.prefix, connectionId, model]));
  const local = registryOf(pool).tryTake(keys);
  if (!local.taken) {
    const busy = models.filter((_, index) => local.busy.includes(keys[index]!));
    throw new RunInProgressError(connectionId, busy, { where: 'another run in this process' });
  }
  let client: PostgresPoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    local.release();
    throw error;
  }
  // A broken connection emits `error` on a checked-out pg client; unheard, it would crash the
  // process. The run's next statement on it fails and ends the run, which releases the lease.
  const onError = () => {};
  client.on?.('error', onError);
  const giveBack = (error?: Error) => {
    client.removeListener?.('error', onError);
    client.release(error);
    local.release();
  };
  try {
    const { rows } = await client.query('SELECT key::text AS key, pg_try_advisory_lock(key) AS locked FROM unnest($1::bigint[]) AS key', [keys]);
    const lockedKeys = rows.filter((row) => row.locked === true).map((row) => String(row.key));
    if (lockedKeys.length < keys.length) {
      if (lockedKeys.length > 0) await client.query('SELECT pg_advisory_unlock(key) FROM unnest($1::bigint[]) AS key', [lockedKeys]);
      giveBack();
      const busy = models.filter((_, index) => !lockedKeys.includes(keys[index]!));
      throw new RunInProgressError(connectionId, busy, { where: 'another run holds its PostgreSQL advisory lock' });
    }
  } catch (error) {
    if (!(error instanceof RunInProgressError)) giveBack(error as Error);
    throw error;
  }
  let released = false;
  return {
    client,
    release: async () => {
      if (released) return;
      released = true;
      try {
        await client.query('SELECT pg_advisory_unlock(key) FROM unnest($1::bigint[]) AS key', [keys]);
        giveBack();
      } catch (error) {
        // The session is broken: destroying it ends the session, which frees its locks too.
        giveBack(error as Error);
      }
    },
  };
}
