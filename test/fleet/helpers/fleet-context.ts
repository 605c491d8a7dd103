/**
 * What a fleet test needs on the shared servers: a private PostgreSQL schema with a
 * `PostgresStateStore`, a private BullMQ prefix and fleet name in Redis, and a cleanup that
 * removes exactly those (never another test's keys or schemas).
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { PostgresStateStore } from '../../../src/postgres/index.js';
import { assertReachable, uniqueName } from '../../helpers/services.js';

/** One test's fleet surroundings. */
export interface FleetTestContext {
  redisUrl: string;
  databaseUrl: string;
  schema: string;
  /** BullMQ prefix: every Redis key of the test starts with it (limiter keys with `b_` + it). */
  prefix: string;
  name: string;
  pool: pg.Pool;
  store: PostgresStateStore;
  /** A Redis client for assertions. */
  redis: Redis;
  /** Deletes the test's Redis keys and schema, and closes the clients. */
  cleanup(): Promise<void>;
}

/** Creates the surroundings (the schema is created by the store on first use). */
export async function fleetContext(redisUrl: string, databaseUrl: string): Promise<FleetTestContext> {
  await Promise.all([assertReachable(redisUrl), assertReachable(databaseUrl)]);
  const schema = uniqueName('fleet_test').toLowerCase();
  const prefix = uniqueName('fleettest');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const store = new PostgresStateStore({ pool, schema, tablePrefix: 'ats_' });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  return {
    redisUrl,
    databaseUrl,
    schema,
    prefix,
    name: 'fleet',
    pool,
    store,
    redis,
    cleanup: async () => {
      try {
        for (const pattern of [`${prefix}:*`, `b_${prefix}:*`]) await deleteKeys(redis, pattern);
      } finally {
        await redis.quit().catch(() => undefined);
        try {
          await store.close();
          await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await pool.end();
        }
      }
    },
  };
}

/** Deletes every key matching `pattern` (SCAN, never KEYS or FLUSH on a shared server). */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  // Bounded: SCAN walks the keyspace once and returns cursor 0 at the end.
  for (let round = 0; round < 100_000; round += 1) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
    if (keys.length > 0) deleted += await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  return deleted;
}

/** Polls `condition` every `intervalMs` until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(condition: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  // Bounded by the deadline.
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
