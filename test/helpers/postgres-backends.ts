/**
 * The two PostgreSQL backends the store's tests run on: PGlite in process (always), and the real
 * server at `DATABASE_URL` (skipped with one line without it, an error with REQUIRE_SERVICES=1).
 * Each test gets its own table prefix (PGlite: also its own database per file; the server: a
 * private schema per file, dropped afterwards).
 */
import { afterAll, beforeAll } from 'vitest';
import type { PostgresPool } from '../../src/postgres/index.js';
import { startPglite, type PglitePool } from './pglite-pool.js';
import { testSchema, type TestSchema } from './postgres-schema.js';
import { postgresService, uniqueName } from './services.js';

/** One backend: how to reach it from a test. */
export interface PostgresBackend {
  name: 'PGlite' | 'PostgreSQL server';
  /** Whether its tests run (false: skipped, the reason was printed once). */
  available: boolean;
  /** A pool on it (only once `beforeAll` ran). */
  pool(): PostgresPool;
  /** The schema reserved for this file. */
  schema(): string;
  /** A connection string, for stores that make their own pool (the server only). */
  url(): string | null;
  /** A fresh table prefix, so tests of one file never share tables. */
  prefix(): string;
}

/** Registers `beforeAll`/`afterAll` hooks for both backends of this file and returns them. */
export function postgresBackends(): PostgresBackend[] {
  let pglite: PglitePool | null = null;
  let server: TestSchema | null = null;
  const service = postgresService();
  beforeAll(async () => {
    pglite = await startPglite();
    if (service.url) server = await testSchema(service.url);
  }, 60_000);
  afterAll(async () => {
    await pglite?.close();
    await server?.drop();
  });
  const prefix = () => `${uniqueName('t').toLowerCase()}_`;
  return [
    { name: 'PGlite', available: true, pool: () => pglite!.pool, schema: () => 'pglite_tests', url: () => null, prefix },
    { name: 'PostgreSQL server', available: service.url !== null, pool: () => server!.pool, schema: () => server!.schema, url: () => service.url, prefix },
  ];
}
