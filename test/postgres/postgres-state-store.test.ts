/**
 * PostgresStateStore itself (the engine-level behaviour is in test/sync/state-store-conformance):
 * options, table creation and schema version, one statement per checkpoint, atomic checkpoints,
 * keyset listing, the run lock across sessions, and `close()`. Runs on PGlite and, when
 * DATABASE_URL is set, on the real server.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { listBatchSize, PostgresStateStore, schemaVersion, type PostgresPool } from '../../src/postgres/index.js';
import { initialModelState, RunInProgressError, type ModelState, type RecordEntry } from '../../src/sync/index.js';
import { advisoryKey } from '../../src/postgres/sql-names.js';
import { postgresBackends } from '../helpers/postgres-backends.js';

const key = { connectionId: 'acme', model: 'candidates' } as const;
const state = (cursor: string): ModelState => ({ version: 1, cursor, highWater: cursor, lastFullScanAt: null });
const entry = (id: string, extra: Partial<RecordEntry> = {}): RecordEntry => ({
  id,
  remoteId: `r-${id}`,
  hash: `h-${id}`,
  changedAt: 1_700_000_000_123,
  deletedAt: null,
  scan: null,
  missingSince: null,
  stageId: null,
  deliveredAt: null,
  ...extra,
});

/** A pool that counts the statements sent through it. */
function counting(pool: PostgresPool): PostgresPool & { statements: string[] } {
  const statements: string[] = [];
  const query = (text: string, values?: unknown[]) => {
    statements.push(text);
    return pool.query(text, values);
  };
  return {
    statements,
    query,
    connect: async () => {
      const client = await pool.connect();
      return { query: (text: string, values?: unknown[]) => (statements.push(text), client.query(text, values)), release: (error?: Error | boolean) => client.release(error) };
    },
  };
}

describe('PostgresStateStore options', () => {
  it('needs exactly one of pool and connectionString, and a safe schema and prefix', () => {
    const pool = { query: async () => ({ rows: [] }), connect: async () => ({ query: async () => ({ rows: [] }), release: () => {} }) };
    expect(() => new PostgresStateStore({})).toThrow(ConfigError);
    expect(() => new PostgresStateStore({ pool, connectionString: 'postgres://x' })).toThrow(ConfigError);
    expect(() => new PostgresStateStore({ pool, schema: 'public"; DROP TABLE x; --' })).toThrow(ConfigError);
    expect(() => new PostgresStateStore({ pool, schema: 'Upper' })).toThrow(/schema must be/);
    expect(() => new PostgresStateStore({ pool, tablePrefix: '1abc' })).toThrow(/tablePrefix/);
    expect(() => new PostgresStateStore({ pool, tablePrefix: 'x'.repeat(57) })).toThrow(/tablePrefix/);
    expect(new PostgresStateStore({ pool, schema: 'ats', tablePrefix: 'sync_' }).tables).toEqual({
      meta: '"ats"."sync_meta"',
      state: '"ats"."sync_state"',
      entries: '"ats"."sync_entries"',
    });
    expect(new PostgresStateStore({ pool }).tables.state).toBe('"public"."unified_ats_state"');
  });
});

for (const backend of postgresBackends()) {
  describe.skipIf(!backend.available)(`PostgresStateStore on ${backend.name}`, () => {
    const open = (pool: PostgresPool = backend.pool(), tablePrefix = backend.prefix()) => new PostgresStateStore({ pool, schema: backend.schema(), tablePrefix });

    it('creates its schema and tables on first use and records the schema version', async () => {
      const store = open();
      expect(await store.getState(key)).toBeNull();
      const { rows } = await backend.pool().query(`SELECT value FROM ${store.tables.meta} WHERE key = 'schema_version'`);
      expect(rows).toEqual([{ value: String(schemaVersion) }]);
      // A second store on the same tables (another worker starting) finds them and goes on.
      const prefix = store.tables.state.split('"')[3]!.replace(/state$/, '');
      await Promise.all([open(backend.pool(), prefix).ready(), open(backend.pool(), prefix).ready()]);
    });

    it('refuses tables written by a newer release, naming the versions', async () => {
      const prefix = backend.prefix();
      const store = open(backend.pool(), prefix);
      await store.ready();
      await backend.pool().query(`UPDATE ${store.tables.meta} SET value = '99' WHERE key = 'schema_version'`);
      await expect(open(backend.pool(), prefix).getState(key)).rejects.toThrow(/schema version 99.*reads version 1/);
    });

    it('round-trips states and every entry field, and finds entries by id', async () => {
      const store = open();
      const full = entry('a', { hash: null, changedAt: 9_007_199_254_740_991, deletedAt: '2024-01-02T03:04:05Z', scan: 's1', missingSince: 's0', stageId: 'stage:7', deliveredAt: '2024-05-01T00:00:00.000Z' });
      await store.commit(key, { state: state('2024-01-01T00:00:00.000Z'), entries: [full, entry('b')] });
      expect(await store.getState(key)).toEqual(state('2024-01-01T00:00:00.000Z'));
      const found = await store.getEntries(key, ['b', 'missing', 'a']);
      expect(found.sort((x, y) => x.id.localeCompare(y.id))).toEqual([full, entry('b')]);
      expect(await store.getEntries({ ...key, model: 'jobs' }, ['a'])).toEqual([]);
      expect(await store.getEntries({ ...key, connectionId: 'other' }, ['a'])).toEqual([]);
    });

    it('writes a checkpoint of 500 entries with one statement, and reads a page of entries with one', async () => {
      const pool = counting(backend.pool());
      const store = open(pool);
      await store.ready();
      pool.statements.length = 0;
      const entries = Array.from({ length: 500 }, (_, index) => entry(`e${index}`));
      await store.commit(key, { state: state('2024-01-01T00:00:00.000Z'), entries });
      expect(pool.statements).toHaveLength(1);
      await store.getEntries(key, entries.slice(0, 30).map((one) => one.id));
      expect(pool.statements).toHaveLength(2);
      // The same id twice in one checkpoint: the last one wins (one statement cannot update a row twice).
      await store.commit(key, { state: state('2024-01-02T00:00:00.000Z'), entries: [entry('e1', { hash: 'first' }), entry('e1', { hash: 'second' })] });
      expect((await store.getEntries(key, ['e1']))[0]!.hash).toBe('second');
    });

    it('looks entries up by primary key even before the server analysed the table (no per-page scan of the model)', async () => {
      const pool = counting(backend.pool());
      const store = open(pool);
      // 20,000 entries in a fresh table that was never analysed (autovacuum late, or off).
      for (let start = 0; start < 20_000; start += 2_000) {
        await store.commit(key, { state: initialModelState(), entries: Array.from({ length: 2_000 }, (_, index) => entry(`k${start + index}`)) });
      }
      pool.statements.length = 0;
      const ids = ['k5', 'k19999', 'missing'];
      expect((await store.getEntries(key, ids)).map((one) => one.id).sort()).toEqual(['k19999', 'k5']);
      const [lookup] = pool.statements;
      const { rows } = await backend.pool().query(`EXPLAIN (FORMAT JSON) ${lookup}`, [key.connectionId, key.model, ids]);
      const plan = JSON.stringify(rows[0]!['QUERY PLAN']);
      const scans = [...plan.matchAll(/"Node Type":"([^"]+)","[^{}]*?"Relation Name":"([^"]+)"/g)].map((match) => match[1]);
      expect(scans.length).toBeGreaterThan(0);
      expect(scans.every((type) => type === 'Index Scan' || type === 'Index Only Scan'), plan).toBe(true);
      expect(plan).toMatch(/"Index Cond":"[^"]*id = wanted\.id/);
    });

    it('applies a checkpoint whole or not at all: a failing entry leaves the previous checkpoint', async () => {
      const store = open();
      await store.commit(key, { state: state('2024-01-01T00:00:00.000Z'), entries: [entry('a', { hash: 'v1' })] });
      const broken = entry('c', { changedAt: Number.NaN });
      await expect(store.commit(key, { state: state('2024-02-01T00:00:00.000Z'), entries: [entry('a', { hash: 'v2' }), entry('b'), broken] })).rejects.toThrow();
      expect(await store.getState(key)).toEqual(state('2024-01-01T00:00:00.000Z'));
      expect(await store.getEntries(key, ['a', 'b', 'c'])).toEqual([entry('a', { hash: 'v1' })]);
    });

    it('lists entries in keyset batches, in byte order, and filters a sweep on the server', async () => {
      const store = open();
      const ids = Array.from({ length: listBatchSize * 2 + 7 }, (_, index) => `id-${String(index).padStart(5, '0')}`);
      ids.push('Z', 'a', 'é', '_');
      const entries = ids.map((id, index) => entry(id, { scan: index % 3 === 0 ? 'scan-1' : 'scan-0', deletedAt: index % 10 === 0 ? '2024-01-01T00:00:00.000Z' : null }));
      for (let start = 0; start < entries.length; start += 500) await store.commit(key, { state: initialModelState(), entries: entries.slice(start, start + 500) });
      const listed: string[] = [];
      const sizes: number[] = [];
      for await (const batch of store.listEntries(key)) {
        sizes.push(batch.length);
        listed.push(...batch.map((one) => one.id));
      }
      expect(listed).toEqual([...ids].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
      expect(sizes).toEqual([listBatchSize, listBatchSize, ids.length - 2 * listBatchSize]);
      const suspects: string[] = [];
      for await (const batch of store.listEntries(key, { unmarkedBy: 'scan-1' })) suspects.push(...batch.map((one) => one.id));
      const expected = entries.filter((one) => one.deletedAt === null && one.scan !== 'scan-1').map((one) => one.id);
      expect(suspects.sort()).toEqual(expected.sort());
      expect(await store.countEntries(key, 'scan-1')).toEqual({ live: entries.filter((one) => one.deletedAt === null).length, unmarked: expected.length });
    });

    it('the run lock: a second store on another session gets RunInProgressError naming the busy models; release frees it', async () => {
      const prefix = backend.prefix();
      const first = open(backend.pool(), prefix);
      const second = open(backend.pool(), prefix);
      const lock = await first.acquireRunLock('acme', ['jobs', 'candidates']);
      const refused = await second.acquireRunLock('acme', ['candidates', 'applications']).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(RunInProgressError);
      expect((refused as RunInProgressError).models).toEqual(['candidates']);
      expect((refused as RunInProgressError).message).toMatch(/already in progress/);
      // Disjoint models and other connections are not blocked; nothing was left half-locked.
      const applications = await second.acquireRunLock('acme', ['applications']);
      const otherConnection = await second.acquireRunLock('globex', ['candidates']);
      await applications.release();
      await otherConnection.release();
      // The run's statements go through the locked session while it holds the lock.
      await first.commit(key, { state: state('2024-03-01T00:00:00.000Z'), entries: [entry('x')] });
      expect(await second.getState(key)).toEqual(state('2024-03-01T00:00:00.000Z'));
      await lock.release();
      await lock.release();
      const again = await second.acquireRunLock('acme', ['candidates']);
      await again.release();
    });

    // PGlite has one session only: there is no second session to end.
    if (backend.name !== 'PGlite') it('the run lock dies with its session: a killed worker never leaves it behind', async () => {
      const prefix = backend.prefix();
      const worker = new PostgresStateStore({ connectionString: backend.url()!, schema: backend.schema(), tablePrefix: prefix, maxConnections: 2 });
      const other = open(backend.pool(), prefix);
      await worker.acquireRunLock('acme', ['candidates']);
      await expect(other.acquireRunLock('acme', ['candidates'])).rejects.toBeInstanceOf(RunInProgressError);
      // The worker's session ends without unlocking (a crash, a network cut).
      // Only the backend holding this test's own lock key (the server is shared with other tests).
      const lockKey = BigInt.asUintN(64, BigInt(advisoryKey(['unified-ats run', backend.schema(), prefix, 'acme', 'candidates'])));
      const { rows } = await backend.pool().query(
        `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::oid AND objid = $2::oid AND objsubid = 1`,
        [String(lockKey >> 32n), String(lockKey & 0xffffffffn)],
      );
      expect(rows).toEqual([{ ended: true }]);
      const deadline = Date.now() + 5_000;
      let lock = null;
      // Bounded: the server frees the lock as soon as the terminated backend exits.
      while (!lock && Date.now() < deadline) lock = await other.acquireRunLock('acme', ['candidates']).catch(() => null);
      expect(lock).not.toBeNull();
      await lock!.release();
      await worker.close();
    });

    it('close() ends the pool it created and refuses later use; a pool passed in stays open', async () => {
      const store = open();
      await store.ready();
      await store.close();
      await expect(store.getState(key)).rejects.toBeInstanceOf(ConfigError);
      expect((await backend.pool().query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      if (backend.url()) {
        const owned = new PostgresStateStore({ connectionString: backend.url()!, schema: backend.schema(), tablePrefix: backend.prefix() });
        await owned.commit(key, { state: initialModelState(), entries: [] });
        await owned.close();
        await expect(owned.getState(key)).rejects.toBeInstanceOf(ConfigError);
      }
    });
  });
}
