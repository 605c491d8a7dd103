/**
 * A private schema on the shared PostgreSQL server for one test file (or one test), dropped
 * afterwards: tests of several agents and runs share the server and must never see each other.
 */
import pg from 'pg';
import { assertReachable, uniqueName } from './services.js';

/** A schema created for a test, with a pool on the server. */
export interface TestSchema {
  url: string;
  schema: string;
  pool: pg.Pool;
  /** Drops the schema (only the one this helper created) and ends the pool. */
  drop(): Promise<void>;
}

/** Reserves a unique schema name on the server at `url` (the store creates the schema itself). */
export async function testSchema(url: string, prefix = 'ats_test'): Promise<TestSchema> {
  await assertReachable(url);
  const schema = uniqueName(prefix).toLowerCase();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return {
    url,
    schema,
    pool,
    drop: async () => {
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await pool.end();
      }
    },
  };
}
