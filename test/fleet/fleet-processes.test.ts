/**
 * The fleet across processes, on the real Redis and PostgreSQL and the five providers' sandboxes
 * with their documented rate limits enforced (Jarvi documents none, so its sandbox has none):
 *
 * - 3 worker processes, 30 connections (several on one credential: every connection of a provider
 *   uses that sandbox's one key), scheduled, plus "sync now" after an edit; one worker killed with
 *   SIGKILL mid-run. Every connection completes, the sink holds exactly the providers' data, no
 *   cursor moves backwards, and no sandbox answers 429: the limiter shared through Redis
 *   (bottleneck's clustering on the installed ioredis) keeps 3 processes under one budget.
 * - The same fleet without the shared limiter: the sandboxes answer 429, so the first test can fail.
 * - SIGTERM: the worker finishes its page, checkpoints, hands the run back and exits 0; another
 *   worker completes the run.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnector, type ProviderName } from '../../src/connectors/index.js';
import { createFleet, type Fleet, type FleetConnectionStatus } from '../../src/fleet/index.js';
import { contentHash, createSyncEngine, defaultVolatileFields, MemoryStateStore } from '../../src/sync/index.js';
import { startSandbox } from '../../src/testing/index.js';
import type { Sandbox } from '../../src/testing/index.js';
import { postgresService, redisService } from '../helpers/services.js';
import { fakeTags } from './helpers/fake-connector.js';
import { killStrays, startWorkerChild, within, type WorkerChild } from './helpers/children.js';
import { fleetContext, waitFor, type FleetTestContext } from './helpers/fleet-context.js';
import type { ChildSettings } from './worker-child.js';

const redis = redisService();
const postgres = postgresService();
const skip = redis.skipReason ?? postgres.skipReason;

/** Each provider's documented limit (the connector descriptors' `rateLimit`), enforced by its sandbox. */
const documentedLimits: Record<ProviderName, { requests: number; intervalMs: number } | false> = {
  teamtailor: { requests: 50, intervalMs: 10_000 },
  gem: { requests: 20, intervalMs: 1_000 },
  crelate: { requests: 120, intervalMs: 60_000 },
  flatchr: { requests: 2, intervalMs: 1_000 },
  jarvi: false,
};

/**
 * 30 connections. The slow limits (2 requests a second at Crelate and Flatchr, about 5 at
 * Teamtailor) get fewer connections, so the whole run stays around half a minute.
 */
const connectionsPerProvider: Record<ProviderName, number> = { teamtailor: 7, gem: 9, jarvi: 8, crelate: 3, flatchr: 3 };

interface World {
  context: FleetTestContext;
  sandboxes: Map<ProviderName, Sandbox>;
  connections: Record<string, ProviderName>;
  /** A fleet object in the test process: schedules, "sync now" and statuses (it runs no worker). */
  fleet: Fleet;
  children: WorkerChild[];
}

async function createWorld(providers: ProviderName[], perProvider: Partial<Record<ProviderName, number>>): Promise<World> {
  const context = await fleetContext(redis.url!, postgres.url!);
  await context.store.ready();
  await context.pool.query(`CREATE TABLE "${context.schema}".sink (connection_id text, model text, id text, hash text, deleted boolean, PRIMARY KEY (connection_id, model, id))`);
  await context.pool.query(`CREATE TABLE "${context.schema}".cursor_regressions (connection_id text, model text, cursor_before text, cursor_after text)`);
  const sandboxes = new Map<ProviderName, Sandbox>();
  for (const provider of providers) {
    const limit = documentedLimits[provider];
    sandboxes.set(provider, await startSandbox(provider, { records: 8, seed: 11, ...(limit ? { rateLimit: limit } : {}) }));
  }
  const connections: Record<string, ProviderName> = {};
  for (const provider of providers) for (let index = 0; index < (perProvider[provider] ?? 0); index += 1) connections[`${provider}-${index + 1}`] = provider;
  const fleet = createFleet({
    redis: context.redisUrl,
    store: context.store,
    name: context.name,
    prefix: context.prefix,
    resolve: () => {
      throw new Error('the test process runs no worker');
    },
  });
  return { context, sandboxes, connections, fleet, children: [] };
}

function childSettings(world: World, overrides: Partial<ChildSettings> = {}): ChildSettings {
  return {
    redisUrl: world.context.redisUrl,
    databaseUrl: world.context.databaseUrl,
    schema: world.context.schema,
    prefix: world.context.prefix,
    name: world.context.name,
    providers: Object.fromEntries(
      [...world.sandboxes].map(([provider, sandbox]) => [provider, { options: { ...sandbox.connectorOptions }, rateLimit: documentedLimits[provider] }]),
    ),
    connections: world.connections,
    shareLimiter: true,
    concurrency: 4,
    lockDurationMs: 2_000,
    stalledIntervalMs: 1_000,
    sinkDelayMs: 0,
    ...overrides,
  };
}

/** The data a connection of each provider must end with: a full sync by the test itself. */
async function referenceData(world: World): Promise<Map<ProviderName, Map<string, string>>> {
  const expected = new Map<ProviderName, Map<string, string>>();
  for (const [provider, sandbox] of world.sandboxes) {
    const connector = createConnector(provider, { ...sandbox.connectorOptions, rateLimit: documentedLimits[provider] } as never);
    const records = new Map<string, string>();
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'reference' });
    const report = await engine.run({
      mode: 'full',
      onBatch: async (batch) => {
        for (const record of batch.upserted) records.set(`${batch.model}/${record.id}`, contentHash(record as never, new Set(defaultVolatileFields)));
      },
    });
    expect(report.status, `reference sync of ${provider}`).toBe('ok');
    await connector.close();
    expected.set(provider, records);
  }
  return expected;
}

async function sinkOf(world: World): Promise<Map<string, Map<string, string>>> {
  const { rows } = await world.context.pool.query<{ connection_id: string; model: string; id: string; hash: string }>(
    `SELECT connection_id, model, id, hash FROM "${world.context.schema}".sink WHERE NOT deleted`,
  );
  const byConnection = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const records = byConnection.get(row.connection_id) ?? new Map<string, string>();
    records.set(`${row.model}/${row.id}`, row.hash);
    byConnection.set(row.connection_id, records);
  }
  return byConnection;
}

const okAndIdle = (status: FleetConnectionStatus | undefined) => status?.lastRun?.status === 'ok' && status.state === 'idle';

async function statusesById(fleet: Fleet): Promise<Map<string, FleetConnectionStatus>> {
  return new Map((await fleet.statuses()).map((status) => [status.connectionId, status]));
}

describe.skipIf(skip)('fleet across processes (real Redis, PostgreSQL and sandboxes)', () => {
  let world: World | null = null;

  afterEach(async () => {
    if (!world) return;
    for (const child of world.children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGTERM');
    await Promise.all(world.children.map((child) => within(child.exited, 20_000, 'a worker to exit').catch(() => child.process.kill('SIGKILL'))));
    await world.fleet.close();
    for (const sandbox of world.sandboxes.values()) await sandbox.close();
    await world.context.cleanup();
    world = null;
  });
  afterAll(() => killStrays());

  it(
    '3 workers, 30 connections, one killed mid-run: every connection completes with exactly the providers’ data, no cursor regresses, no 429',
    async () => {
      world = await createWorld(['teamtailor', 'gem', 'jarvi', 'crelate', 'flatchr'], connectionsPerProvider);
      const ids = Object.keys(world.connections);
      expect(ids).toHaveLength(30);
      for (const id of ids) await world.fleet.schedule(id, { every: 10 * 60_000 });
      // A few "sync now" on top of the schedule (deduplicated against the scheduled runs).
      for (const id of ['gem-1', 'teamtailor-2', 'jarvi-3']) await world.fleet.syncNow(id);
      // Slow sink writes keep runs long enough to be caught mid-way by the kill.
      const settings = childSettings(world, { sinkDelayMs: 40 });
      world.children = [startWorkerChild(settings), startWorkerChild(settings), startWorkerChild(settings)];
      await within(Promise.all(world.children.map((child) => child.ready)), 30_000, 'three workers');

      const victim = world.children[0]!;
      await waitFor(() => victim.batches.length >= 4, 'the first worker to be mid-run', 30_000);
      victim.process.kill('SIGKILL');
      await within(victim.exited, 10_000, 'the killed worker to exit');
      const interrupted = [...new Set(victim.batches)].filter((id) => !victim.done.includes(id));
      expect(interrupted.length).toBeGreaterThan(0);

      const first = await waitFor(
        async () => {
          const statuses = await statusesById(world!.fleet);
          return ids.every((id) => okAndIdle(statuses.get(id))) ? statuses : null;
        },
        'every connection to complete',
        120_000,
        500,
      );
      // The interrupted runs were taken over by the surviving workers.
      const survivors = world.children.slice(1);
      for (const id of interrupted) expect(survivors.some((child) => child.done.includes(id)), `${id} taken over`).toBe(true);

      // An edit at Gem, then "sync now" for every Gem connection: deltas deliver it.
      world.sandboxes.get('gem')!.editCandidate(0);
      const gemIds = ids.filter((id) => world!.connections[id] === 'gem');
      for (const id of gemIds) await world.fleet.syncNow(id);
      await waitFor(
        async () => {
          const statuses = await statusesById(world!.fleet);
          return gemIds.every((id) => okAndIdle(statuses.get(id)) && statuses.get(id)!.lastRun!.runId !== first.get(id)!.lastRun!.runId);
        },
        'the Gem deltas',
        60_000,
        300,
      );

      const limited = [...world.sandboxes.values()].map((sandbox) => ({ provider: sandbox.provider, requests: sandbox.stats.requests, rateLimited: sandbox.stats.rateLimited }));
      expect(limited.every((entry) => entry.rateLimited === 0), JSON.stringify(limited)).toBe(true);
      expect(limited.reduce((sum, entry) => sum + entry.requests, 0)).toBeGreaterThan(300);

      const { rows: regressions } = await world.context.pool.query(`SELECT * FROM "${world.context.schema}".cursor_regressions`);
      expect(regressions).toEqual([]);

      for (const sandbox of world.sandboxes.values()) sandbox.resetStats();
      const expected = await referenceData(world);
      const sink = await sinkOf(world);
      for (const id of ids) {
        const provider = world.connections[id]!;
        expect(sink.get(id), `sink of ${id}`).toEqual(expected.get(provider));
      }
    },
    180_000,
  );

  it(
    'without the shared limiter, the same workers exceed the limit and the sandbox answers 429',
    async () => {
      world = await createWorld(['gem'], { gem: 9 });
      for (const id of Object.keys(world.connections)) await world.fleet.syncNow(id);
      const settings = childSettings(world, { shareLimiter: false });
      world.children = [startWorkerChild(settings), startWorkerChild(settings), startWorkerChild(settings)];
      await within(Promise.all(world.children.map((child) => child.ready)), 30_000, 'three workers');
      const gem = world.sandboxes.get('gem')!;
      await waitFor(() => gem.stats.rateLimited > 0, 'a 429 from the sandbox', 30_000, 100);
      expect(gem.stats.rateLimited).toBeGreaterThan(0);
    },
    90_000,
  );

  it(
    'a SIGKILLed worker’s run is taken over and resumes from the last acknowledged page',
    async () => {
      world = await createWorld([], {});
      world.connections = { 'fake-1': 'jarvi' };
      const settings = childSettings(world, { concurrency: 1, fake: { records: 60, pageSize: 5, pageDelayMs: 150 } });
      const first = startWorkerChild(settings);
      world.children = [first];
      await within(first.ready, 30_000, 'the first worker');
      await world.fleet.syncNow('fake-1');
      // Three batches started: the first two pages were acknowledged (a page's batch starts only
      // after the previous page's checkpoint).
      await waitFor(() => first.batches.length >= 3, 'three batches in the first worker', 30_000);
      first.process.kill('SIGKILL');
      await within(first.exited, 10_000, 'the killed worker to exit');
      const second = startWorkerChild(settings);
      world.children.push(second);
      await within(second.ready, 30_000, 'the second worker');
      const status = await waitFor(async () => {
        const current = await world!.fleet.status('fake-1');
        return current && okAndIdle(current) ? current : null;
      }, 'the run to complete in the second worker', 60_000, 200);
      expect(second.done).toEqual(['fake-1']);
      // Resumed, not restarted: the second worker read from the checkpoint (the 10th record or
      // later, read again since the cursor is inclusive), never from the start.
      expect(status.lastRun!.models.tags!.fetched).toBeLessThanOrEqual(51);
      const sink = (await sinkOf(world)).get('fake-1')!;
      expect([...sink.keys()].sort()).toEqual(fakeTags(60).map((tag) => `tags/${tag.id}`).sort());
      for (const tag of fakeTags(60)) expect(sink.get(`tags/${tag.id}`)).toBe(contentHash(tag, new Set(defaultVolatileFields)));
      const { rows: regressions } = await world.context.pool.query(`SELECT * FROM "${world.context.schema}".cursor_regressions`);
      expect(regressions).toEqual([]);
    },
    90_000,
  );

  it(
    'SIGTERM drains: the worker checkpoints, hands the run back and exits 0; another worker completes it',
    async () => {
      world = await createWorld(['jarvi'], { jarvi: 1 });
      const settings = childSettings(world, { sinkDelayMs: 400, concurrency: 1 });
      const first = startWorkerChild(settings);
      world.children = [first];
      await within(first.ready, 30_000, 'the first worker');
      await world.fleet.syncNow('jarvi-1');
      await waitFor(() => first.batches.length >= 1, 'a batch in the first worker', 30_000);
      first.process.kill('SIGTERM');
      const exit = await within(first.exited, 20_000, 'the drained worker to exit');
      expect(exit.code).toBe(0);
      expect(first.drained).toBe(true);
      expect(first.done).toEqual([]);
      const drainedStatus = await world.fleet.status('jarvi-1');
      expect(drainedStatus).toMatchObject({ state: 'queued', lastRun: null, consecutiveFailures: 0 });

      const second = startWorkerChild(settings);
      world.children.push(second);
      await waitFor(async () => okAndIdle((await world!.fleet.status('jarvi-1')) ?? undefined), 'the run to complete in the second worker', 60_000, 200);
      expect(second.done).toEqual(['jarvi-1']);
      const expected = await referenceData(world);
      expect((await sinkOf(world)).get('jarvi-1')).toEqual(expected.get('jarvi'));
      const { rows: regressions } = await world.context.pool.query(`SELECT * FROM "${world.context.schema}".cursor_regressions`);
      expect(regressions).toEqual([]);
    },
    90_000,
  );
});
