/**
 * A fleet worker: two BullMQ workers in this process, one turning the job schedulers' ticks into
 * runs, one processing runs, and the shared limiters their connectors use.
 *
 * - A worker that dies (SIGKILL, a lost machine) stops renewing its jobs' locks; BullMQ's stalled
 *   job check puts each of its runs back in the queue after `lockDurationMs`, another worker takes
 *   it, and the engine resumes from the last acknowledged page in the state store.
 * - A worker whose lock renewal fails aborts that run at once, so it never goes on beside the
 *   worker that took the job over; the store's run lock is the second guard.
 * - `close()` drains: no new runs, each run in progress finishes its current page, checkpoints and
 *   goes back to the queue.
 * @module
 */
import type { Job } from 'bullmq';
import type { Redis as RedisClient } from 'ioredis';
import type { Logger } from '../core/logger.js';
import type { PostgresStateStore } from '../postgres/postgres-state-store.js';
import type { FleetNames } from './names.js';
import { nonNegativeInteger, positiveInteger } from './names.js';
import type { FleetPeers } from './peers.js';
import { processRun, type RunJobData, type RunJobResult } from './run-job.js';
import { SharedLimiters } from './shared-limiter.js';
import type { StatusTable } from './status-table.js';
import type { FleetWorker, ResolveConnection, RunFinishedEvent, WorkerOptions } from './types.js';

/** The data of a tick, produced by a connection's job scheduler. */
export interface TickJobData {
  connectionId: string;
}

/** What a worker needs from its fleet. */
export interface WorkerDependencies {
  peers: FleetPeers;
  names: FleetNames;
  store: PostgresStateStore;
  statuses: StatusTable;
  resolve: ResolveConnection;
  logger: Logger;
  failuresBeforeRed: number;
  /** Opens a new Redis connection for one component. */
  openRedis(role: string): RedisClient;
  /** Queues a run of a connection (deduplicated per connection). */
  enqueueRun(connectionId: string, trigger: 'schedule' | 'now', dueAt: number): Promise<unknown>;
  nextRunAt(connectionId: string): Promise<string | null>;
  stopSchedule(connectionId: string): Promise<void>;
  publish(event: RunFinishedEvent): Promise<void>;
}

const operation = 'startWorker';

/** Starts the two BullMQ workers of one fleet worker. */
export async function startFleetWorker(dependencies: WorkerDependencies, options: WorkerOptions = {}): Promise<FleetWorker> {
  const { peers, names, logger } = dependencies;
  const concurrency = positiveInteger(options.concurrency, 4, 'concurrency', operation);
  const lockDuration = positiveInteger(options.lockDurationMs, 30_000, 'lockDurationMs', operation);
  const stalledInterval = positiveInteger(options.stalledIntervalMs, 30_000, 'stalledIntervalMs', operation);
  const maxStalledCount = positiveInteger(options.maxStalledCount, 3, 'maxStalledCount', operation);
  const busyRetryMs = positiveInteger(options.busyRetryMs, 5_000, 'busyRetryMs', operation);
  const rateLimitRetries = nonNegativeInteger(options.rateLimitRetries, 2, 'rateLimitRetries', operation);
  const maxRetryAfterMs = positiveInteger(options.maxRetryAfterMs, 15 * 60_000, 'maxRetryAfterMs', operation);

  const limiters = new SharedLimiters({ client: dependencies.openRedis('limiter'), Redis: peers.Redis, keyPrefix: names.limiterPrefix, logger });
  const runConnection = dependencies.openRedis('runs-worker');
  const tickConnection = dependencies.openRedis('ticks-worker');
  let draining = false;
  /** Each run in progress, by job id: aborted when the worker drains or loses the job's lock. */
  const controllers = new Map<string, AbortController>();

  const runDependencies = {
    peers,
    store: dependencies.store,
    statuses: dependencies.statuses,
    resolve: dependencies.resolve,
    limiter: limiters.factory,
    logger,
    failuresBeforeRed: dependencies.failuresBeforeRed,
    busyRetryMs,
    maxBusyRetries: 5,
    rateLimitRetries,
    maxRetryAfterMs,
    isDraining: () => draining,
    nextRunAt: dependencies.nextRunAt,
    stopSchedule: dependencies.stopSchedule,
    publish: dependencies.publish,
    clock: Date.now,
  };

  const runs = new peers.bullmq.Worker<RunJobData, RunJobResult>(
    names.runsQueue,
    async (job: Job<RunJobData, RunJobResult>, token?: string, bullSignal?: AbortSignal) => {
      const controller = new AbortController();
      const id = String(job.id);
      controllers.set(id, controller);
      try {
        const signal = bullSignal ? AbortSignal.any([controller.signal, bullSignal]) : controller.signal;
        return await processRun(job, token, signal, runDependencies);
      } finally {
        controllers.delete(id);
      }
    },
    {
      connection: runConnection,
      prefix: names.prefix,
      concurrency,
      lockDuration,
      stalledInterval,
      maxStalledCount,
      removeOnComplete: { count: 1_000 },
      removeOnFail: { count: 1_000 },
    },
  );
  runs.on('error', (error) => logger.warn?.('fleet worker error', { error: String(error) }));
  runs.on('lockRenewalFailed', (jobIds: string[]) => {
    for (const id of jobIds) controllers.get(id)?.abort(new Error('the job lock was lost; another worker may take the run over'));
  });

  const ticks = new peers.bullmq.Worker<TickJobData>(
    names.ticksQueue,
    async (job: Job<TickJobData>) => {
      // A scheduler's job is due at its creation time plus its delay (the period's slot and offset).
      const dueAt = job.timestamp + (job.opts.delay ?? 0);
      await dependencies.enqueueRun(job.data.connectionId, 'schedule', dueAt);
    },
    {
      connection: tickConnection,
      prefix: names.prefix,
      concurrency: 8,
      lockDuration,
      stalledInterval,
      maxStalledCount,
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 1_000 },
    },
  );
  ticks.on('error', (error) => logger.warn?.('fleet tick worker error', { error: String(error) }));
  await Promise.all([runs.waitUntilReady(), ticks.waitUntilReady()]);

  let closing: Promise<void> | null = null;
  return {
    get running() {
      return controllers.size;
    },
    close: () => {
      closing ??= (async () => {
        draining = true;
        // close() stops fetching at once and then waits for the processors; aborting after it
        // starts means no run can be fetched between the abort and the stop.
        const runsClosed = runs.close();
        const ticksClosed = ticks.close();
        for (const controller of controllers.values()) controller.abort(new Error('the worker is draining'));
        await Promise.allSettled([runsClosed, ticksClosed]);
        await limiters.close();
        await Promise.allSettled([runConnection.quit(), tickConnection.quit()]);
      })();
      return closing;
    },
  };
}
