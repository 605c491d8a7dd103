/**
 * Loads the fleet's optional peer dependencies: `bullmq` (queues, job schedulers, workers),
 * `ioredis` (the Redis client BullMQ and bottleneck's clustering use) and `pg` (the statuses and
 * the state store live in PostgreSQL). Only this subpath needs them, so a user of the rest of the
 * library never installs them. A missing one is a {@link ConfigError} naming the package and the
 * command that installs it, raised when `unified-ats/fleet` is imported.
 * @module
 */
import { createRequire } from 'node:module';
import { ConfigError } from '../core/errors.js';
import type * as BullMQ from 'bullmq';
import type { Redis as RedisClass } from 'ioredis';

/** The modules the fleet uses. */
export interface FleetPeers {
  /** The `bullmq` module. */
  bullmq: typeof BullMQ;
  /** The ioredis client class. */
  Redis: typeof RedisClass;
}

/** The version ranges the fleet is tested with (the package.json peer ranges). */
const ranges = { bullmq: '^6.0.0', ioredis: '^5.4.0 || ^6.0.0', pg: '^8.11.0' } as const;

/**
 * Requires every peer from this package's location. Synchronous on purpose: a CommonJS caller
 * cannot await a module's top level, and the error must surface at import time in both module
 * systems.
 */
export function loadFleetPeers(): FleetPeers {
  const requireHere = createRequire(import.meta.url);
  const load = <T>(name: keyof typeof ranges): T => {
    try {
      return requireHere(name) as T;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
      throw new ConfigError(
        `unified-ats/fleet needs the "${name}" package (an optional peer dependency, version ${ranges[name]}): install it with \`npm install bullmq ioredis pg\`.`,
        { provider: 'unified-ats', operation: 'import unified-ats/fleet', cause: error },
      );
    }
  };
  // ioredis first: bullmq requires it, and a missing ioredis must be reported under its own name.
  const ioredis = load<{ Redis?: typeof RedisClass; default?: typeof RedisClass }>('ioredis');
  const bullmq = load<typeof BullMQ>('bullmq');
  // The statuses are written through the state store's pool; loading `pg` here only reports a
  // missing driver when the subpath is imported instead of at the first status write.
  load<unknown>('pg');
  return { bullmq, Redis: (ioredis.Redis ?? ioredis.default ?? ioredis) as typeof RedisClass };
}
