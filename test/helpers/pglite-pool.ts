/**
 * PGlite (PostgreSQL compiled to WebAssembly, in process) behind the small pool interface the
 * PostgreSQL store takes, so its tests run on any machine without a server. PGlite has a single
 * session: every "connection" is the same one, which is why the store keeps an in-process lock
 * registry per pool object besides the advisory locks.
 */
import { PGlite } from '@electric-sql/pglite';
import type { PostgresPool } from '../../src/postgres/index.js';

/** A PGlite database and a pool over it. */
export interface PglitePool {
  database: PGlite;
  pool: PostgresPool;
  close(): Promise<void>;
}

/** Starts an in-memory PGlite database. */
export async function startPglite(): Promise<PglitePool> {
  const database = await PGlite.create();
  const query = async (text: string, values?: unknown[]) => {
    const result = await database.query<Record<string, unknown>>(text, values);
    return { rows: result.rows };
  };
  const pool: PostgresPool = { query, connect: async () => ({ query, release: () => {} }) };
  return { database, pool, close: () => database.close() };
}
