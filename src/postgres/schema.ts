/**
 * The store's tables, created on first use and versioned, so a later release can migrate them.
 *
 * - `<prefix>meta (key, value)`: `schema_version` (this release writes 1).
 * - `<prefix>state (connection_id, model, state jsonb, updated_at)`: the cursor of each model
 *   (a `ModelState` as JSON), replaced by every checkpoint.
 * - `<prefix>entries (connection_id, model, id, remote_id, hash, changed_at, deleted_at, scan,
 *   missing_since, stage_id, delivered_at)`: one row per record the engine delivered. Ids are
 *   compared byte-wise (`COLLATE "C"`), so the keyset listing's order does not depend on the
 *   database's locale.
 *
 * Creation and migration run in one statement (a `DO` block, so one transaction), serialised
 * across processes by a transaction-level advisory lock: two workers starting at once cannot race
 * on `CREATE TABLE`.
 * @module
 */
import { ConfigError } from '../core/errors.js';
import { advisoryKey, type TableNames } from './sql-names.js';
import type { PostgresQueryable } from './types.js';

/** The table layout this release reads and writes. */
export const schemaVersion = 1;

/** The statements that create version 1 from nothing (run inside the `DO` block). */
function createVersion1(names: TableNames): string {
  return `
    CREATE TABLE IF NOT EXISTS ${names.state} (
      connection_id text COLLATE "C" NOT NULL,
      model text COLLATE "C" NOT NULL,
      state jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (connection_id, model)
    );
    CREATE TABLE IF NOT EXISTS ${names.entries} (
      connection_id text COLLATE "C" NOT NULL,
      model text COLLATE "C" NOT NULL,
      id text COLLATE "C" NOT NULL,
      remote_id text NOT NULL,
      hash text,
      changed_at bigint,
      deleted_at text,
      scan text,
      missing_since text,
      stage_id text,
      delivered_at text,
      PRIMARY KEY (connection_id, model, id)
    );
    INSERT INTO ${names.meta} (key, value) VALUES ('schema_version', '1');`;
}

/**
 * Creates the schema and tables when missing (and, in later releases, migrates older versions).
 * Throws `ConfigError` when the tables were written by a newer release.
 */
export async function ensureSchema(database: PostgresQueryable, names: TableNames): Promise<void> {
  const lock = advisoryKey(['unified-ats schema', names.schema, names.prefix]);
  // The schema name is checked against a strict pattern (sql-names.ts), so quoting it is enough.
  await database.query(`
    DO $unified_ats$
    DECLARE
      found_version integer;
    BEGIN
      PERFORM pg_advisory_xact_lock(${lock});
      IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '${names.schema}') THEN
        CREATE SCHEMA "${names.schema}";
      END IF;
      CREATE TABLE IF NOT EXISTS ${names.meta} (key text PRIMARY KEY, value text NOT NULL);
      SELECT value::integer INTO found_version FROM ${names.meta} WHERE key = 'schema_version';
      IF found_version IS NULL THEN
        ${createVersion1(names)}
      END IF;
      -- Later releases: IF found_version = 1 THEN <migrate to 2>; UPDATE the version; END IF;
    END
    $unified_ats$`);
  const { rows } = await database.query(`SELECT value FROM ${names.meta} WHERE key = 'schema_version'`);
  const found = Number(rows[0]?.value);
  if (found !== schemaVersion) {
    throw new ConfigError(
      `The state tables in schema "${names.schema}" (prefix "${names.prefix}") are at schema version ${String(rows[0]?.value)}, ` +
        `but this release of unified-ats reads version ${schemaVersion}: upgrade unified-ats, or use another schema or tablePrefix.`,
      { provider: 'unified-ats', operation: 'PostgresStateStore' },
    );
  }
}
