/**
 * Loads the `pg` driver, an optional peer dependency: only this subpath needs it, so a user of the
 * rest of the library never installs it. A missing `pg` is a {@link ConfigError} naming the
 * package and the command that installs it, raised when `unified-ats/postgres` is imported.
 * @module
 */
import { createRequire } from 'node:module';
import { ConfigError } from '../core/errors.js';
import type { PostgresPool } from './types.js';

/** The part of the `pg` module the store uses. */
export interface PgModule {
  /** `pg.Pool`. */
  Pool: new (config: { connectionString: string; max?: number; application_name?: string }) => OwnedPool;
}

/** A pool the store created (and ends). */
export interface OwnedPool extends PostgresPool {
  /** Ends every connection. */
  end(): Promise<void>;
  /** `pg` emits `error` for an idle connection that broke; unheard, it would crash the process. */
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Requires `pg` from this package's location. Synchronous on purpose: a CommonJS caller cannot
 * await a module's top level, and the error must surface at import time in both module systems.
 */
export function loadPg(): PgModule {
  const requireHere = createRequire(import.meta.url);
  try {
    return requireHere('pg') as PgModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new ConfigError(
      'unified-ats/postgres needs the "pg" package (an optional peer dependency, version ^8.11): install it with `npm install pg`.',
      { provider: 'unified-ats', operation: 'import unified-ats/postgres', cause: error },
    );
  }
}
