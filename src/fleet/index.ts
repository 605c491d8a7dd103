/**
 * `unified-ats/fleet`: many connections synced on a schedule by many workers, on BullMQ and Redis,
 * with the sync state and each connection's status in PostgreSQL. Needs the optional peers
 * `bullmq`, `ioredis` and `pg`: importing this subpath without one of them throws a `ConfigError`
 * naming it.
 *
 * ```ts
 * import { createFleet } from 'unified-ats/fleet';
 * import { PostgresStateStore } from 'unified-ats/postgres';
 *
 * const fleet = createFleet({ redis: 'redis://127.0.0.1:6379', store, resolve });
 * await fleet.schedule('acme-teamtailor', { every: 6 * 3_600_000, jitter: 6 * 3_600_000 });
 * const worker = await fleet.startWorker({ concurrency: 8 });
 * process.once('SIGTERM', () => void worker.close().then(() => fleet.close()));
 * ```
 * @module
 */
export { createFleet } from './create-fleet.js';
export type {
  Fleet,
  FleetConnectionStatus,
  FleetEvents,
  FleetOptions,
  FleetRedisOptions,
  FleetRunStatus,
  FleetWorker,
  Health,
  ModelCounts,
  ResolveConnection,
  ResolvedConnection,
  ResolveTools,
  RunFinishedEvent,
  RunSummary,
  ScheduleOptions,
  SyncNowOptions,
  SyncNowResult,
  WorkerOptions,
} from './types.js';
