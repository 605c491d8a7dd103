/**
 * Table names of the PostgreSQL store, from the `schema` and `tablePrefix` options. They are
 * spliced into SQL text (identifiers cannot be bound as parameters), so both are checked against
 * a strict pattern first: lower-case letters, digits and underscores, not starting with a digit.
 * @module
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../core/errors.js';

/** PostgreSQL truncates identifiers past 63 bytes. */
const maxIdentifierBytes = 63;
const identifierPattern = /^[a-z_][a-z0-9_]*$/;
/** The longest suffix added to the prefix. */
const longestSuffix = 'entries';

/** The qualified, quoted names of the store's tables, and the raw parts. */
export interface TableNames {
  /** The schema, unquoted. */
  schema: string;
  /** The table prefix, unquoted. */
  prefix: string;
  /** `"schema"."prefixmeta"`: the schema version and future settings. */
  meta: string;
  /** `"schema"."prefixstate"`: one row per (connection, model): the cursor. */
  state: string;
  /** `"schema"."prefixentries"`: one row per (connection, model, record). */
  entries: string;
}

/** Checks the options and builds the table names; throws `ConfigError` for an unsafe name. */
export function tableNames(schema: string, prefix: string): TableNames {
  const fail = (message: string) => new ConfigError(message, { provider: 'unified-ats', operation: 'PostgresStateStore' });
  if (!identifierPattern.test(schema) || schema.length > maxIdentifierBytes) {
    throw fail(`schema must be 1 to ${maxIdentifierBytes} lower-case letters, digits or underscores, not starting with a digit; got ${JSON.stringify(schema)}`);
  }
  if (prefix !== '' && (!identifierPattern.test(prefix) || prefix.length + longestSuffix.length > maxIdentifierBytes)) {
    throw fail(
      `tablePrefix must be empty or up to ${maxIdentifierBytes - longestSuffix.length} lower-case letters, digits or underscores, not starting with a digit; got ${JSON.stringify(prefix)}`,
    );
  }
  const qualified = (table: string) => `"${schema}"."${prefix}${table}"`;
  return { schema, prefix, meta: qualified('meta'), state: qualified('state'), entries: qualified('entries') };
}

/**
 * A 64-bit advisory lock key (as a decimal string, for a `bigint` parameter) for `parts`: the
 * first 8 bytes of their SHA-256. Two different keys colliding would only make two unrelated runs
 * wait for each other, never let two runs of one model interleave.
 */
export function advisoryKey(parts: readonly string[]): string {
  const digest = createHash('sha256').update(JSON.stringify(parts), 'utf8').digest();
  return digest.readBigInt64BE(0).toString();
}
