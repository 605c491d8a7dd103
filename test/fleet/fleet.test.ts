/**
 * The fleet in one process, on the real Redis and PostgreSQL: scheduling, "sync now" and its
 * deduplication, priorities, statuses and health, refused credentials, unscheduling, draining.
 * Connectors are in-process fakes (the multi-process test drives the real connectors and sandboxes).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFleet } from '../../src/fleet/index.js';
import type { Fleet, FleetWorker, ResolveConnection, RunFinishedEvent } from '../../src/fleet/index.js';
import type { AnySyncBatch } from '../../src/sync/index.js';
import { postgresService, redisService } from '../helpers/services.js';
import { fakeConnector, type FakeConnectorOptions } from './helpers/fake-connector.js';
import { fleetContext, waitFor, type FleetTestContext } from './helpers/fleet-context.js';

const redis = redisService();
const postgres = postgresService();
const skip = redis.skipReason ?? postgres.skipReason;

/** A fleet over fake connections, recording what it did. */
interface Harness {
  context: FleetTestContext;
  fleet: Fleet;
  /** Per connection: the settings of its fake connector. */
  settings: Map<string, FakeConnectorOptions>;
  /** Per connection: runs started (resolve calls). */
  starts: Map<string, number>;
  /** Every run's mode, in start order, with its connection. */
  started: { connectionId: string; mode: string }[];
  /** The sink: per connection, the delivered record ids. */
  sink: Map<string, Set<string>>;
  events: RunFinishedEvent[];
  /** Called at the start of every resolve (a test can hold a run there). */
  gate: (connectionId: string) => Promise<void>;
}

describe.skipIf(skip)('fleet (one process, real Redis and PostgreSQL)', () => {
  let harness: Harness;
  const workers: FleetWorker[] = [];

  beforeEach(async () => {
    const context = await fleetContext(redis.url!, postgres.url!);
    const settings = new Map<string, FakeConnectorOptions>();
    const starts = new Map<string, number>();
    const sink = new Map<string, Set<string>>();
    const started: Harness['started'] = [];
    const resolve: ResolveConnection = async (connectionId, tools) => {
      starts.set(connectionId, (starts.get(connectionId) ?? 0) + 1);
      started.push({ connectionId, mode: tools.mode });
      await harness.gate(connectionId);
      return {
        connector: fakeConnector(settings.get(connectionId) ?? {}),
        onBatch: async (batch: AnySyncBatch) => {
          const ids = sink.get(connectionId) ?? new Set<string>();
          for (const record of batch.upserted) ids.add(record.id);
          sink.set(connectionId, ids);
        },
      };
    };
    const fleet = createFleet({ redis: context.redisUrl, store: context.store, resolve, name: context.name, prefix: context.prefix });
    harness = { context, fleet, settings, starts, started, sink, events: [], gate: async () => {} };
    fleet.on('run:finished', (event) => harness.events.push(event));
  });

  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.close();
    await harness.fleet.close();
    await harness.context.cleanup();
  });

  const startWorker = async (concurrency = 2) => {
    const worker = await harness.fleet.startWorker({ concurrency, busyRetryMs: 200 });
    workers.push(worker);
    return worker;
  };

  it('a scheduled connection runs, and its status and event say how it went', async () => {
    harness.settings.set('acme', { records: 25, pageSize: 10 });
    await harness.fleet.schedule('acme', { every: 60_000 });
    await startWorker();
    const event = await waitFor(() => harness.events.find((candidate) => candidate.connectionId === 'acme'), 'the first run of acme');
    expect(event.run).toMatchObject({ status: 'ok', trigger: 'schedule', mode: 'full', error: null });
    expect(event.health).toBe('green');
    expect(event.run.models.tags).toMatchObject({ fetched: 25, upserted: 25, quarantined: 0 });
    expect(harness.sink.get('acme')?.size).toBe(25);
    const status = await harness.fleet.status('acme');
    expect(status).toMatchObject({ connectionId: 'acme', enabled: true, state: 'idle', health: 'green', consecutiveFailures: 0 });
    expect(status!.schedule).toEqual({ every: 60_000, jitter: 0, mode: 'delta', fullEvery: 86_400_000 });
    expect(status!.lastRun?.runId).toBe(event.run.runId);
    expect(status!.lastSuccessAt).toBe(event.run.finishedAt);
    expect(status!.lastFullAt).toBe(event.run.finishedAt);
    // The next run is one period after this one's slot.
    expect(Date.parse(status!.nextRunAt!)).toBeGreaterThan(Date.now());
    expect(Date.parse(status!.nextRunAt!)).toBeLessThanOrEqual(Date.now() + 60_000);
    expect((await harness.fleet.statuses()).map((entry) => entry.connectionId)).toEqual(['acme']);
  });
});
