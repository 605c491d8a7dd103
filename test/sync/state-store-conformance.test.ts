/**
 * The state-store conformance suite (test/sync/helpers/state-store-conformance.ts) on every store:
 * MemoryStateStore, FileStateStore, PostgresStateStore on PGlite (in process, always) and on the
 * PostgreSQL server at DATABASE_URL (skipped with one line without it; REQUIRE_SERVICES=1 makes
 * a missing server an error).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { PostgresStateStore } from '../../src/postgres/index.js';
import { FileStateStore, MemoryStateStore } from '../../src/sync/index.js';
import { startPglite, type PglitePool } from '../helpers/pglite-pool.js';
import { testSchema, type TestSchema } from '../helpers/postgres-schema.js';
import { postgresService, uniqueName } from '../helpers/services.js';
import { describeStateStoreConformance } from './helpers/state-store-conformance.js';

describeStateStoreConformance('MemoryStateStore', async () => {
  const store = new MemoryStateStore();
  // One process: a "new handle" is the same object.
  return { open: () => store, dispose: async () => {} };
});

describeStateStoreConformance('FileStateStore', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'conformance-'));
  return { open: () => new FileStateStore(directory), dispose: () => rm(directory, { recursive: true, force: true }) };
});

let pglite: PglitePool | null = null;
const server = postgresService();
let schema: TestSchema | null = null;
beforeAll(async () => {
  pglite = await startPglite();
  if (server.url) schema = await testSchema(server.url, 'ats_conformance');
}, 60_000);
afterAll(async () => {
  await pglite?.close();
  await schema?.drop();
});

describeStateStoreConformance('PostgresStateStore on PGlite', async () => {
  const tablePrefix = `${uniqueName('c').toLowerCase()}_`;
  return { open: () => new PostgresStateStore({ pool: pglite!.pool, schema: 'conformance', tablePrefix }), dispose: async () => {} };
});

describeStateStoreConformance(
  'PostgresStateStore on the PostgreSQL server',
  async () => {
    const tablePrefix = `${uniqueName('c').toLowerCase()}_`;
    const opened: PostgresStateStore[] = [];
    return {
      // Each handle has its own pool, so two handles are two sessions, as two workers would be.
      open: () => {
        const store = new PostgresStateStore({ connectionString: schema!.url, schema: schema!.schema, tablePrefix, maxConnections: 3 });
        opened.push(store);
        return store;
      },
      dispose: async () => {
        for (const store of opened) await store.close();
      },
    };
  },
  { skip: server.url === null },
);
