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
  it('"sync now" pressed 5 times fast gives one run; pressed again later, another', async () => {
    harness.settings.set('acme', { records: 30, pageSize: 10, pageDelayMs: 30 });
    const presses = await Promise.all(Array.from({ length: 5 }, () => harness.fleet.syncNow('acme')));
    expect(new Set(presses.map((press) => press.jobId)).size).toBe(1);
    expect(presses.filter((press) => press.deduplicated)).toHaveLength(4);
    expect((await harness.fleet.status('acme'))?.state).toBe('queued');
    await startWorker();
    await waitFor(() => harness.events.length === 1, 'the run');
    // Five more presses while a run is in progress: still no second run.
    harness.settings.set('acme', { records: 30, pageSize: 10, pageDelayMs: 100 });
    const second = await harness.fleet.syncNow('acme');
    expect(second.deduplicated).toBe(false);
    await waitFor(() => harness.starts.get('acme') === 2, 'the second run to start');
    const during = await Promise.all(Array.from({ length: 5 }, () => harness.fleet.syncNow('acme')));
    expect(during.every((press) => press.deduplicated && press.jobId === second.jobId)).toBe(true);
    await waitFor(() => harness.events.length === 2, 'the second run to finish');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(harness.starts.get('acme')).toBe(2);
    expect(harness.events.map((event) => event.run.trigger)).toEqual(['now', 'now']);
  });

  it('"sync now" runs ahead of scheduled runs already waiting', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    harness.gate = (connectionId) => (connectionId === 'first' ? held : Promise.resolve());
    await startWorker(1);
    await harness.fleet.syncNow('first');
    await waitFor(() => harness.starts.get('first') === 1, 'the first run to hold the only slot');
    for (const id of ['s1', 's2', 's3']) await harness.fleet.schedule(id, { every: 3_600_000 });
    // Every tick has become a waiting run before "sync now" is pressed.
    await waitFor(async () => (await harness.context.redis.zcard(`${harness.context.prefix}:fleet-runs:prioritized`)) === 3, 'three scheduled runs waiting');
    await harness.fleet.syncNow('urgent');
    release();
    await waitFor(() => harness.started.length === 5, 'every run');
    expect(harness.started.map((run) => run.connectionId).slice(0, 2)).toEqual(['first', 'urgent']);
  });

  it('"sync now" with mode full makes the next run a full one; fullEvery decides the rest', async () => {
    harness.settings.set('acme', { records: 5 });
    await startWorker();
    await harness.fleet.schedule('acme', { every: 1_000, fullEvery: 3_600_000 });
    await waitFor(() => harness.events.length >= 2, 'two scheduled runs', 10_000);
    // The first run is full (no full run yet), the next ones deltas within the hour.
    expect(harness.events.slice(0, 2).map((event) => event.run.mode)).toEqual(['full', 'delta']);
    const before = harness.events.length;
    await harness.fleet.syncNow('acme', { mode: 'full' });
    const full = await waitFor(() => harness.events.slice(before).find((event) => event.run.mode === 'full'), 'a full run after the request');
    expect(full.run.status).toBe('ok');
    await harness.fleet.unschedule('acme');
  });

  it('unschedule stops the runs', async () => {
    harness.settings.set('acme', { records: 3 });
    await startWorker();
    await harness.fleet.schedule('acme', { every: 1_000 });
    await waitFor(() => harness.events.length >= 2, 'two scheduled runs', 10_000);
    await harness.fleet.unschedule('acme');
    // A run already taken may still finish; none starts after that.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = harness.starts.get('acme');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(harness.starts.get('acme')).toBe(after);
    const status = await harness.fleet.status('acme');
    expect(status).toMatchObject({ schedule: null, nextRunAt: null });
  });

  it('refused credentials turn the connection red and stop its schedule until it is enabled again', async () => {
    harness.settings.set('acme', { failWith: 'auth' });
    await startWorker();
    await harness.fleet.schedule('acme', { every: 1_000 });
    const event = await waitFor(() => harness.events.find((candidate) => candidate.connectionId === 'acme'), 'the refused run');
    expect(event).toMatchObject({ health: 'red', enabled: false, consecutiveFailures: 1 });
    expect(event.run).toMatchObject({ status: 'auth_failed', error: { name: 'AuthError' } });
    expect(event.healthReason).toMatch(/credentials refused \(AuthError: .*\); scheduled runs stopped/);
    const status = await harness.fleet.status('acme');
    expect(status).toMatchObject({ enabled: false, health: 'red', nextRunAt: null });
    expect(status!.disabledReason).toMatch(/credentials refused/);
    // No retries spin: three more periods pass without a run.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(harness.starts.get('acme')).toBe(1);
    // Fixed credentials, then enable: the schedule comes back and the run is green.
    harness.settings.set('acme', { records: 4 });
    await harness.fleet.enable('acme');
    const fixed = await waitFor(() => harness.events.find((candidate) => candidate.connectionId === 'acme' && candidate.health === 'green'), 'a green run after enable');
    expect(fixed.consecutiveFailures).toBe(0);
    expect(await harness.fleet.status('acme')).toMatchObject({ enabled: true, disabledReason: null });
    await harness.fleet.unschedule('acme');
  });

  it('failures in a row turn yellow, then red at the threshold, then green again after a good run', async () => {
    harness.settings.set('acme', { failWith: 'server' });
    await startWorker();
    for (let run = 1; run <= 3; run += 1) {
      await harness.fleet.syncNow('acme');
      await waitFor(() => harness.events.length === run, `failed run ${run}`);
    }
    expect(harness.events.map((event) => [event.health, event.consecutiveFailures])).toEqual([
      ['yellow', 1],
      ['yellow', 2],
      ['red', 3],
    ]);
    expect(harness.events[2]!.healthReason).toMatch(/^failed 3 runs in a row; last: ProviderUnavailableError|^failed 3 runs in a row; last: ProviderError/);
    expect(harness.events[2]!.enabled).toBe(true);
    harness.settings.set('acme', { records: 2 });
    await harness.fleet.syncNow('acme');
    const good = await waitFor(() => harness.events[3], 'a good run');
    expect(good).toMatchObject({ health: 'green', consecutiveFailures: 0 });
  });

  it('a drained worker hands its run back; another worker resumes from the last checkpoint', async () => {
    const pagesServed: number[] = [];
    harness.settings.set('acme', { records: 60, pageSize: 5, pageDelayMs: 60, onPage: (page) => pagesServed.push(page) });
    const first = await startWorker();
    await harness.fleet.syncNow('acme');
    await waitFor(() => pagesServed.length >= 3, 'a few pages');
    await first.close();
    workers.splice(workers.indexOf(first), 1);
    const delivered = harness.sink.get('acme')?.size ?? 0;
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThan(60);
    expect(harness.events).toHaveLength(0);
    const status = await harness.fleet.status('acme');
    expect(status).toMatchObject({ state: 'queued', lastRun: null, consecutiveFailures: 0 });
    await startWorker();
    const event = await waitFor(() => harness.events[0], 'the resumed run');
    expect(event.run.status).toBe('ok');
    expect(harness.sink.get('acme')?.size).toBe(60);
    // Resumed, not restarted: the second worker read only the pages after the checkpoint.
    expect(event.run.models.tags!.fetched).toBeLessThan(60);
    expect(harness.starts.get('acme')).toBe(2);
  });
  it('a rate-limited run is retried after the provider’s Retry-After, a bounded number of times', async () => {
    harness.settings.set('acme', { failWith: 'rate_limit' });
    const worker = await harness.fleet.startWorker({ concurrency: 1, rateLimitRetries: 2 });
    workers.push(worker);
    await harness.fleet.syncNow('acme');
    await waitFor(() => harness.events.length === 3, 'the run and its two retries', 15_000);
    expect(harness.events.map((event) => [event.run.status, event.health, event.run.retryAfterMs])).toEqual([
      ['rate_limited', 'yellow', 500],
      ['rate_limited', 'yellow', 500],
      ['rate_limited', 'yellow', 500],
    ]);
    expect(harness.events[0]!.healthReason).toBe('rate limited by fake; the provider asked to wait 1 s');
    // One run, handed back twice: the same job, so nothing else of this connection was queued meanwhile.
    expect(new Set(harness.events.map((event) => event.run.runId)).size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(harness.starts.get('acme')).toBe(3);
    expect(await harness.fleet.status('acme')).toMatchObject({ state: 'idle', health: 'yellow', consecutiveFailures: 0 });
  });
});
