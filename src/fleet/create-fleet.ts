/**
 * `createFleet`: the schedules, runs and statuses of many connections, on BullMQ (queues, job
 * schedulers, stalled-job recovery), Redis and PostgreSQL.
 *
 * - Each scheduled connection has one BullMQ job scheduler. Its jobs are ticks; a tick queues a
 *   run. Every run (scheduled or `syncNow`) carries the connection as its deduplication id, so a
 *   connection has at most one run queued or running, across every worker and every process.
 * - `syncNow` runs ahead of scheduled work (a higher priority), and promotes a scheduled run
 *   already waiting.
 * - Workers run the sync engine on the shared `PostgresStateStore` (whose run lock is a second
 *   guard against two runs of one connection) and write a status row per connection after every
 *   run, then publish `run:finished` on the queue's event stream (BullMQ's `QueueEventsProducer`),
 *   which every fleet object listening receives.
 * @module
 */
import type { Queue, QueueEvents, QueueEventsProducer } from 'bullmq';
import type { Redis as RedisClient } from 'ioredis';
import { ConfigError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import type { PostgresStateStore } from '../postgres/postgres-state-store.js';
import { encodeConnectionId, fleetNames, normaliseSchedule, offsetOf, positiveInteger } from './names.js';
import { loadFleetPeers, type FleetPeers } from './peers.js';
import type { RunJobData } from './run-job.js';
import { StatusTable } from './status-table.js';
import type { Fleet, FleetEvents, FleetOptions, FleetWorker, RunFinishedEvent, ScheduleOptions, SyncNowResult } from './types.js';
import { startFleetWorker, type TickJobData } from './worker.js';

// Loaded when the subpath is imported, so a missing peer is reported at once, by name.
const peers: FleetPeers = loadFleetPeers();

/** Priority of `syncNow` runs (BullMQ runs lower numbers first). */
const nowPriority = 1;
/** Priority of scheduled runs. */
const schedulePriority = 10;
/** Events kept in the queue's event stream. */
const maxEvents = 10_000;

function isPostgresStateStore(store: unknown): store is PostgresStateStore {
  const candidate = store as Partial<PostgresStateStore> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.ready === 'function' &&
    typeof candidate.commit === 'function' &&
    typeof candidate.acquireRunLock === 'function' &&
    typeof candidate.database === 'object' &&
    candidate.database !== null &&
    typeof candidate.database.pool?.query === 'function'
  );
}

/**
 * Creates a fleet. Nothing connects until the first call; `close()` releases everything.
 *
 * @example
 * ```ts
 * const fleet = createFleet({
 *   redis: 'redis://127.0.0.1:6379',
 *   store: new PostgresStateStore({ connectionString, schema: 'ats' }),
 *   resolve: async (connectionId, { limiter }) => {
 *     const account = await accounts.get(connectionId);
 *     return {
 *       connector: createConnector(account.provider, { ...account.credentials, limiter }),
 *       onBatch: (batch) => database.apply(account.id, batch),
 *     };
 *   },
 * });
 * await fleet.schedule('acme-teamtailor', { every: 6 * 3_600_000, jitter: 6 * 3_600_000 });
 * ```
 */
export function createFleet(options: FleetOptions): Fleet {
  const fail = (message: string) => new ConfigError(message, { provider: 'unified-ats', operation: 'createFleet' });
  if (typeof options !== 'object' || options === null) throw fail('createFleet needs an options object');
  if (typeof options.resolve !== 'function') throw fail('resolve must be a function returning the connector, models and onBatch of a connection');
  // Checked by shape, not instanceof: a store from another copy of the package (ESM next to
  // CommonJS, two installs) is just as good.
  if (!isPostgresStateStore(options.store)) throw fail('store must be a PostgresStateStore (unified-ats/postgres): every worker shares the state');
  if (typeof options.redis !== 'string' && (typeof options.redis !== 'object' || options.redis === null)) {
    throw fail('redis must be a redis:// URL or ioredis options');
  }
  const names = fleetNames(options.name, options.prefix);
  const failuresBeforeRed = positiveInteger(options.failuresBeforeRed, 3, 'failuresBeforeRed', 'createFleet');
  const logger = options.logger ?? silentLogger;
  const { store, resolve } = options;
  const { pool, schema, tablePrefix } = store.database;
  const statuses = new StatusTable(pool, schema, tablePrefix, () => store.ready());

  let closed = false;
  const connections = new Set<RedisClient>();
  const openRedis = (role: string): RedisClient => {
    // BullMQ's blocking commands need maxRetriesPerRequest: null (a worker must wait for Redis).
    const settings = { maxRetriesPerRequest: null, connectionName: `unified-ats:${names.name}:${role}` };
    const client =
      typeof options.redis === 'string' ? new peers.Redis(options.redis, settings) : new peers.Redis({ ...(options.redis as object), ...settings });
    // Never log the URL or options: they may hold the Redis password.
    client.on('error', (error: Error) => logger.warn?.('fleet redis error', { role, error: error.message }));
    connections.add(client);
    client.once('end', () => connections.delete(client));
    return client;
  };

  let shared: { connection: RedisClient; runs: Queue<RunJobData>; ticks: Queue<TickJobData>; producer: QueueEventsProducer } | null = null;
  const queues = () => {
    if (closed) throw new ConfigError('This fleet is closed.', { provider: 'unified-ats', operation: 'fleet' });
    if (!shared) {
      const connection = openRedis('queues');
      const common = { connection, prefix: names.prefix };
      shared = {
        connection,
        runs: new peers.bullmq.Queue<RunJobData>(names.runsQueue, common),
        ticks: new peers.bullmq.Queue<TickJobData>(names.ticksQueue, common),
        producer: new peers.bullmq.QueueEventsProducer(names.runsQueue, common),
      };
    }
    return shared;
  };

  const nextRunAt = async (connectionId: string): Promise<string | null> => {
    const scheduler = await queues().ticks.getJobScheduler(encodeConnectionId(connectionId, 'status'));
    return scheduler?.next ? new Date(scheduler.next).toISOString() : null;
  };

  const upsertScheduler = async (connectionId: string, schedule: Required<ScheduleOptions>) => {
    const offset = offsetOf(connectionId, schedule);
    await queues().ticks.upsertJobScheduler(
      encodeConnectionId(connectionId, 'schedule'),
      { every: schedule.every, ...(offset > 0 ? { offset } : {}) },
      { name: 'tick', data: { connectionId }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } } },
    );
  };

  const stopSchedule = async (connectionId: string) => {
    await queues().ticks.removeJobScheduler(encodeConnectionId(connectionId, 'unschedule'));
  };

  const enqueueRun = async (connectionId: string, trigger: 'schedule' | 'now', dueAt: number, mode?: 'delta' | 'full'): Promise<SyncNowResult> => {
    const encoded = encodeConnectionId(connectionId, trigger === 'now' ? 'syncNow' : 'schedule');
    const { runs } = queues();
    const jobId = `${encoded}-${dueAt}-${Math.random().toString(36).slice(2, 10)}`;
    const priority = trigger === 'now' ? nowPriority : schedulePriority;
    const job = await runs.add(
      'run',
      { connectionId, trigger, dueAt, ...(mode ? { mode } : {}) },
      { jobId, priority, deduplication: { id: encoded }, removeOnComplete: { count: 1_000 }, removeOnFail: { count: 1_000 } },
    );
    const existing = String(job.id);
    const deduplicated = existing !== jobId;
    if (deduplicated && priority === nowPriority) {
      // A scheduled run is waiting: "sync now" moves it ahead. Active or delayed runs refuse, which is fine.
      await runs
        .getJob(existing)
        .then((found) => found?.changePriority({ priority: nowPriority }))
        .catch(() => undefined);
    }
    return { jobId: existing, deduplicated };
  };

  const publish = async (event: RunFinishedEvent) => {
    await queues().producer.publishEvent({ eventName: 'run:finished', payload: JSON.stringify(event) }, maxEvents);
  };

  const workers = new Set<FleetWorker>();
  let events: QueueEvents | null = null;

  const fleet: Fleet = {
    async schedule(connectionId, scheduleOptions) {
      encodeConnectionId(connectionId, 'schedule');
      const schedule = normaliseSchedule(scheduleOptions);
      await upsertScheduler(connectionId, schedule);
      await statuses.setSchedule(connectionId, schedule, await nextRunAt(connectionId));
    },

    async unschedule(connectionId) {
      const encoded = encodeConnectionId(connectionId, 'unschedule');
      await stopSchedule(connectionId);
      const { runs } = queues();
      const queued = await runs.getDeduplicationJobId(encoded);
      if (queued) {
        const job = await runs.getJob(queued);
        const state = await job?.getState();
        if (job && (state === 'waiting' || state === 'prioritized' || state === 'delayed')) await job.remove().catch(() => undefined);
      }
      await statuses.clearSchedule(connectionId);
    },

    async syncNow(connectionId, syncOptions = {}) {
      encodeConnectionId(connectionId, 'syncNow');
      const mode = syncOptions.mode ?? 'delta';
      if (mode !== 'delta' && mode !== 'full') throw new ConfigError('mode must be delta or full', { provider: 'unified-ats', operation: 'syncNow' });
      // The full request is kept in the status row: a run already queued or running then still
      // does (or is followed by) a full scan.
      await statuses.markQueued(connectionId, mode === 'full');
      return enqueueRun(connectionId, 'now', Date.now(), mode);
    },

    async enable(connectionId) {
      encodeConnectionId(connectionId, 'enable');
      const schedule = await statuses.enable(connectionId);
      if (schedule) {
        await upsertScheduler(connectionId, schedule);
        await statuses.setSchedule(connectionId, schedule, await nextRunAt(connectionId));
      }
    },

    async startWorker(workerOptions) {
      queues();
      await statuses.ensure();
      const worker = await startFleetWorker(
        { peers, names, store, statuses, resolve, logger, failuresBeforeRed, openRedis, enqueueRun, nextRunAt, stopSchedule, publish },
        workerOptions,
      );
      workers.add(worker);
      return {
        get running() {
          return worker.running;
        },
        close: async () => {
          await worker.close();
          workers.delete(worker);
        },
      };
    },

    async status(connectionId) {
      encodeConnectionId(connectionId, 'status');
      const status = await statuses.get(connectionId);
      if (status?.schedule && status.enabled) status.nextRunAt = await nextRunAt(connectionId);
      return status;
    },

    async statuses() {
      const list = await statuses.list();
      const schedulers = await queues().ticks.getJobSchedulers(0, -1);
      const next = new Map(schedulers.map((scheduler) => [scheduler.key, scheduler.next]));
      for (const status of list) {
        const due = next.get(encodeURIComponent(status.connectionId));
        status.nextRunAt = status.schedule && status.enabled && due ? new Date(due).toISOString() : null;
      }
      return list;
    },

    on(event, listener) {
      if (event !== 'run:finished') throw new ConfigError(`Unknown fleet event ${JSON.stringify(event)}`, { provider: 'unified-ats', operation: 'on' });
      if (!events) {
        // Reading from "now" rather than "$": an event published before the blocking read starts is not missed.
        events = new peers.bullmq.QueueEvents(names.runsQueue, { connection: openRedis('events'), prefix: names.prefix, lastEventId: `${Date.now()}-0` });
        events.on('error', (error) => logger.warn?.('fleet events error', { error: String(error) }));
      }
      const handler = (args: { payload?: string }) => {
        if (typeof args.payload !== 'string') return;
        let payload: FleetEvents['run:finished'];
        try {
          payload = JSON.parse(args.payload) as FleetEvents['run:finished'];
        } catch {
          return;
        }
        try {
          listener(payload);
        } catch (error) {
          logger.warn?.('a run:finished listener threw', { error: String(error) });
        }
      };
      const source = events as unknown as { on(name: string, handler: (args: { payload?: string }) => void): void; off(name: string, handler: unknown): void };
      source.on('run:finished', handler);
      return () => source.off('run:finished', handler);
    },

    async close() {
      if (closed) return;
      for (const worker of [...workers]) await worker.close();
      closed = true;
      const current = shared;
      const listening = events as QueueEvents | null;
      await Promise.allSettled([listening?.close(), current?.runs.close(), current?.ticks.close(), current?.producer.close()]);
      await Promise.allSettled([...connections].map((client) => client.quit()));
    },
  };
  return fleet;
}
