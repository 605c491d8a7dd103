/**
 * The measured inputs of the fleet simulation, each taken on this machine:
 *
 * - per provider: requests of a full sync and of an empty delta as a function of the account's
 *   size (sandboxes in their own process at three sizes, fitted with a line), records delivered
 *   per candidate, and the client CPU per record of connector + engine;
 * - PostgreSQL: rows and statements per second the state store sustains with four full runs at
 *   once (the engine on `PostgresStateStore` over fast fake connectors);
 * - Redis: the server CPU and commands of one request through the shared limiter.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { providers, type ProviderName } from '../../src/connectors/index.js';
import { SharedLimiters } from '../../src/fleet/shared-limiter.js';
import { PostgresStateStore } from '../../src/postgres/index.js';
import { createSyncEngine, MemoryStateStore } from '../../src/sync/index.js';
import { fakeConnector } from '../../test/fleet/helpers/fake-connector.js';
import { closeConnector, connectorFor } from '../connectors.js';
import { startRemoteSandbox } from '../sandbox-client.js';

/** What one provider's syncs cost, fitted over account sizes. */
export interface ProviderCost {
  provider: ProviderName;
  /** Full sync requests = `fullBase + fullPerCandidate × candidates`. */
  fullBase: number;
  fullPerCandidate: number;
  /**
   * Requests of a delta run with nothing changed = `deltaBase + deltaPerCandidate × candidates`:
   * one listing per model, plus what grows with the account (per-job fan-outs, models filtered
   * client-side). Measured without the lookback window: the sandbox's records were all written in
   * the last minutes, so a lookback would re-read all of them, which a real account's delta does not.
   */
  deltaBase: number;
  deltaPerCandidate: number;
  /** Records of every model delivered per candidate (applications, jobs, ... included). */
  recordsPerCandidate: number;
  /** Client CPU (connector + engine on the memory store) per delivered record, in µs, at the largest size (after warm-up). */
  cpuMicrosecondsPerRecord: number;
  /** The samples the fit was made from. */
  samples: { candidates: number; requests: number; records: number; deltaRequests: number }[];
}

/** Sizes (candidates) each sandbox is measured at. */
const sampleSizes = [200, 400, 800];

/** Measures every provider. */
export async function measureProviders(log: (line: string) => void): Promise<ProviderCost[]> {
  const costs: ProviderCost[] = [];
  for (const provider of providers) {
    const samples: ProviderCost['samples'] = [];
    let cpuMs = 0;
    let records = 0;
    for (const size of sampleSizes) {
      const sandbox = await startRemoteSandbox(provider, { records: size, seed: 5 });
      const connector = connectorFor(provider, sandbox, false);
      try {
        const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'simulation', lookbackMs: 0 });
        let delivered = 0;
        const cpuBefore = process.cpuUsage();
        const report = await engine.run({ mode: 'full', onBatch: async (batch) => void (delivered += batch.upserted.length) });
        const cpu = process.cpuUsage(cpuBefore);
        if (report.status !== 'ok') throw new Error(`simulation: the ${provider} full sync ended ${report.status}`);
        const fullRequests = (await sandbox.stats()).requests;
        await sandbox.resetStats();
        await engine.run({ mode: 'delta', onBatch: async () => {} });
        const deltaRequests = (await sandbox.stats()).requests;
        const candidates = report.models.find((model) => model.model === 'candidates')?.fetched ?? size;
        samples.push({ candidates, requests: fullRequests, records: delivered, deltaRequests });
        // The last (largest) size only: the first runs also pay for compiling the code.
        cpuMs = (cpu.user + cpu.system) / 1000;
        records = delivered;
      } finally {
        await closeConnector(connector);
        await sandbox.close();
      }
    }
    const fit = linearFit(samples.map((sample) => [sample.candidates, sample.requests]));
    const deltaFit = linearFit(samples.map((sample) => [sample.candidates, sample.deltaRequests]));
    costs.push({
      provider,
      fullBase: fit.intercept,
      fullPerCandidate: fit.slope,
      deltaBase: deltaFit.intercept,
      deltaPerCandidate: deltaFit.slope,
      recordsPerCandidate: linearFit(samples.map((sample) => [sample.candidates, sample.records])).slope,
      cpuMicrosecondsPerRecord: (cpuMs * 1000) / records,
      samples,
    });
    log(`simulation: ${provider} measured (${samples.map((sample) => `${sample.candidates} candidates → ${sample.requests} requests`).join(', ')})`);
  }
  return costs;
}

/** What the PostgreSQL state store sustained. */
export interface PostgresCapacity {
  concurrentRuns: number;
  rowsPerSecond: number;
  statementsPerSecond: number;
  /** Statements per page of 100 records (lookups and the checkpoint). */
  statementsPerPage: number;
}

/** Four full runs of 5,000 records at once on the real server. */
export async function measurePostgres(databaseUrl: string): Promise<PostgresCapacity> {
  const schema = `fleet_simulation_${process.pid}_${randomBytes(4).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 12 });
  const store = new PostgresStateStore({ pool, schema, tablePrefix: 'ats_' });
  const concurrentRuns = 4;
  const recordsPerRun = 5_000;
  let statements = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements += 1;
    return (query as (...rest: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
  try {
    await store.ready();
    statements = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrentRuns }, async (_, index) => {
        const engine = createSyncEngine({ connector: fakeConnector({ records: recordsPerRun, pageSize: 100 }), store, connectionId: `simulation-${index}` });
        const report = await engine.run({ mode: 'full', onBatch: async () => {} });
        if (report.status !== 'ok') throw new Error(`simulation: a PostgreSQL run ended ${report.status}`);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const pages = concurrentRuns * (recordsPerRun / 100 + 1);
    return { concurrentRuns, rowsPerSecond: (concurrentRuns * recordsPerRun) / seconds, statementsPerSecond: statements / seconds, statementsPerPage: statements / pages };
  } finally {
    pg.Client.prototype.query = query;
    await store.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}

/** What one request through the shared limiter costs the Redis server. */
export interface LimiterCost {
  requests: number;
  redisCpuMsPerRequest: number;
  redisCommandsPerRequest: number;
}

/** 2,000 requests through four shared limiters (a generous budget, so nothing waits long). */
export async function measureLimiter(redisUrl: string): Promise<LimiterCost> {
  const prefix = `fleetsimulation_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Redis(redisUrl);
  const limiters = new SharedLimiters({ client: new Redis(redisUrl), Redis, keyPrefix: prefix, logger: {} });
  const requests = 2_000;
  try {
    const handles = Array.from({ length: 4 }, (_, index) =>
      limiters.factory({ provider: 'simulation', fingerprint: `key${index}`, baseUrl: 'https://example.invalid', rateLimit: { requests: 2_000, intervalMs: 1_000, maxConcurrent: 50 }, now: Date.now }),
    );
    await Promise.all(handles.map((handle) => handle.schedule('read', async () => undefined)));
    const before = await serverCounters(admin);
    await Promise.all(
      Array.from({ length: requests }, (_, index) =>
        handles[index % handles.length]!.schedule('read', async () => {
          await handles[index % handles.length]!.pauseRemainingMs();
        }),
      ),
    );
    const after = await serverCounters(admin);
    await Promise.all(handles.map((handle) => handle.stop()));
    return { requests, redisCpuMsPerRequest: (after.cpuMs - before.cpuMs) / requests, redisCommandsPerRequest: (after.commands - before.commands) / requests };
  } finally {
    await limiters.close();
    for (const pattern of [`${prefix}:*`, `b_${prefix}:*`]) {
      let cursor = '0';
      // Bounded: SCAN walks the keyspace once.
      for (let round = 0; round < 100_000; round += 1) {
        const [next, keys] = await admin.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
        if (keys.length > 0) await admin.del(...keys);
        cursor = next;
        if (cursor === '0') break;
      }
    }
    await admin.quit();
  }
}

async function serverCounters(redis: Redis): Promise<{ cpuMs: number; commands: number }> {
  const cpu = await redis.info('cpu');
  const stats = await redis.info('commandstats');
  const value = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(cpu)?.[1] ?? 0);
  let commands = 0;
  for (const match of stats.matchAll(/calls=(\d+)/g)) commands += Number(match[1]);
  return { cpuMs: (value('used_cpu_user') + value('used_cpu_sys')) * 1000, commands };
}

/** Least-squares line through `points` ([x, y]). */
export function linearFit(points: readonly (readonly [number, number])[]): { slope: number; intercept: number } {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  const slope = variance === 0 ? 0 : covariance / variance;
  return { slope, intercept: meanY - slope * meanX };
}
