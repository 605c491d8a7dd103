/**
 * The fleet scenario: many connections on fast in-process fake connectors, through the real Redis
 * queue, the real PostgreSQL state store and statuses, with two worker processes.
 *
 * 1. Burst: "sync now" for every connection at once (each one's first, full, sync): runs per
 *    second until the last one finished, Redis commands and PostgreSQL statements per run.
 * 2. Schedule: every connection every `periodMs`, spread over the period (`jitter`), observed for
 *    a few periods: the delay of each scheduled run after it was due (p50, p99, max), and the worst
 *    staleness of a connection (the longest time between two successful scheduled finishes, or
 *    from the last one to the end of the observation) against its period.
 *
 * Redis commands are counted two ways: at the clients (the bench's and the workers' ioredis
 * clients), and as the server's `INFO commandstats` delta, which also counts the commands the
 * queue's Lua scripts run, and the traffic of anything else on a shared server.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createFleet, type RunFinishedEvent } from '../../src/fleet/index.js';
import { PostgresStateStore } from '../../src/postgres/index.js';
import type { FleetWorkerCounts, FleetWorkerSettings } from '../fleet-worker.js';
import { quantile } from '../statistics.js';

/** Settings of the scenario. */
export interface FleetBenchSettings {
  redisUrl: string;
  databaseUrl: string;
  connections: number;
  workers: number;
  concurrency: number;
  records: number;
  pageSize: number;
  periodMs: number;
  /** How long the scheduled phase is observed. */
  observeMs: number;
}

/** What one phase cost. */
export interface PhaseCost {
  runs: number;
  wallMs: number;
  runsPerSecond: number;
  /** Commands sent by the bench's and the workers' Redis clients, per run. */
  clientRedisCommandsPerRun: number;
  /** The server's `INFO commandstats` calls delta per run (Lua-internal commands and other clients included). */
  serverRedisCommandsPerRun: number;
  /** Statements the workers sent to PostgreSQL, per run. */
  postgresStatementsPerRun: number;
  /** CPU of the Redis server per run, in ms (`INFO cpu` delta; other clients of a shared server included). */
  redisCpuMsPerRun: number;
  /** CPU of the two worker processes per run, in ms. */
  workerCpuMsPerRun: number;
}

/** The scenario's results. */
export interface FleetBenchResult {
  settings: Omit<FleetBenchSettings, 'redisUrl' | 'databaseUrl'>;
  burst: PhaseCost;
  scheduled: PhaseCost & {
    delayMs: { p50: number; p99: number; max: number };
    /** Worst (longest) time between two successful finishes of one connection, ÷ the period. */
    worstStaleness: number;
    /** p99 over connections of their worst staleness, ÷ the period. */
    stalenessP99: number;
    failed: number;
  };
}

type Log = (line: string) => void;

/** Runs the scenario; resolves with its results. */
export async function runFleet(settings: FleetBenchSettings, log: Log): Promise<FleetBenchResult> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const schema = `fleet_bench_${suffix}`;
  const prefix = `fleetbench_${suffix}`;
  const name = 'fleet';
  const admin = new Redis(settings.redisUrl);
  const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 4 });
  const store = new PostgresStateStore({ pool, schema, tablePrefix: 'ats_' });
  await store.ready();
  let parentCommands = 0;
  const sendCommand = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<Redis['sendCommand']>) {
    parentCommands += 1;
    return sendCommand.apply(this, args);
  } as Redis['sendCommand'];
  const fleet = createFleet({ redis: settings.redisUrl, store, name, prefix, resolve: () => Promise.reject(new Error('the bench process runs no worker')) });
  const events: RunFinishedEvent[] = [];
  fleet.on('run:finished', (event) => events.push(event));
  const children: ChildProcess[] = [];
  const ids = Array.from({ length: settings.connections }, (_, index) => `connection-${String(index).padStart(5, '0')}`);
  try {
    const childSettings: FleetWorkerSettings = {
      redisUrl: settings.redisUrl,
      databaseUrl: settings.databaseUrl,
      schema,
      prefix,
      name,
      concurrency: settings.concurrency,
      records: settings.records,
      pageSize: settings.pageSize,
    };
    for (let index = 0; index < settings.workers; index += 1) children.push(startWorker(childSettings));
    await Promise.all(children.map((child) => reply(child, 'ready', 60_000)));
    log(`fleet: ${settings.workers} workers ready (concurrency ${settings.concurrency} each)`);

    const measureCosts = async () => ({
      at: performance.now(),
      server: await serverCommands(admin),
      redisCpuMs: await serverCpuMs(admin),
      client: parentCommands,
      workers: await Promise.all(children.map((child) => workerCounts(child))),
    });
    const costBetween = (before: Awaited<ReturnType<typeof measureCosts>>, after: Awaited<ReturnType<typeof measureCosts>>, runs: number): PhaseCost => {
      const sum = (key: keyof FleetWorkerCounts, counts: FleetWorkerCounts[]) => counts.reduce((total, entry) => total + entry[key], 0);
      const wallMs = after.at - before.at;
      return {
        runs,
        wallMs,
        runsPerSecond: runs / (wallMs / 1000),
        clientRedisCommandsPerRun: (after.client - before.client + sum('redisCommands', after.workers) - sum('redisCommands', before.workers)) / runs,
        serverRedisCommandsPerRun: (after.server - before.server) / runs,
        postgresStatementsPerRun: (sum('postgresStatements', after.workers) - sum('postgresStatements', before.workers)) / runs,
        redisCpuMsPerRun: (after.redisCpuMs - before.redisCpuMs) / runs,
        workerCpuMsPerRun: (sum('cpuMs', after.workers) - sum('cpuMs', before.workers)) / runs,
      };
    };

    // 1. Burst.
    const burstStart = await measureCosts();
    for (let offset = 0; offset < ids.length; offset += 100) await Promise.all(ids.slice(offset, offset + 100).map((id) => fleet.syncNow(id)));
    await until(() => events.length >= ids.length, settings.connections * 200 + 60_000, 'every burst run');
    const burstEnd = await measureCosts();
    const burst = costBetween(burstStart, burstEnd, events.length);
    log(`fleet burst: ${burst.runs} runs in ${(burst.wallMs / 1000).toFixed(1)} s (${burst.runsPerSecond.toFixed(1)} runs/s)`);
    const lastFinish = new Map<string, number>();
    for (const event of events) lastFinish.set(event.connectionId, Date.parse(event.run.finishedAt));

    // 2. Schedule.
    const scheduledEvents: RunFinishedEvent[] = [];
    fleet.on('run:finished', (event) => {
      if (event.run.trigger === 'schedule') scheduledEvents.push(event);
    });
    for (let offset = 0; offset < ids.length; offset += 100) {
      await Promise.all(ids.slice(offset, offset + 100).map((id) => fleet.schedule(id, { every: settings.periodMs, jitter: settings.periodMs })));
    }
    const scheduleStart = await measureCosts();
    const observedFrom = Date.now();
    await new Promise((resolve) => setTimeout(resolve, settings.observeMs));
    const scheduleEnd = await measureCosts();
    const observedTo = Date.now();
    const scheduled = scheduledEvents.filter((event) => Date.parse(event.run.finishedAt) <= observedTo);
    const delays = scheduled.filter((event) => event.run.dueAt).map((event) => Date.parse(event.run.startedAt) - Date.parse(event.run.dueAt!)).sort((a, b) => a - b);
    const worst = new Map<string, number>();
    const finishes = new Map<string, number[]>();
    for (const event of scheduled) {
      if (event.run.status !== 'ok') continue;
      const list = finishes.get(event.connectionId) ?? [];
      list.push(Date.parse(event.run.finishedAt));
      finishes.set(event.connectionId, list);
    }
    for (const id of ids) {
      // Steady state: from the first scheduled finish on (before it, the burst's timing decides).
      // A connection without one is measured from its burst finish, so a starved one shows.
      const own = (finishes.get(id) ?? []).sort((a, b) => a - b);
      const times = [...(own.length > 0 ? own : [lastFinish.get(id) ?? observedFrom]), observedTo];
      let gap = 0;
      for (let index = 1; index < times.length; index += 1) gap = Math.max(gap, times[index]! - times[index - 1]!);
      worst.set(id, gap / settings.periodMs);
    }
    const staleness = [...worst.values()].sort((a, b) => a - b);
    const result: FleetBenchResult = {
      settings: {
        connections: settings.connections,
        workers: settings.workers,
        concurrency: settings.concurrency,
        records: settings.records,
        pageSize: settings.pageSize,
        periodMs: settings.periodMs,
        observeMs: settings.observeMs,
      },
      burst,
      scheduled: {
        ...costBetween(scheduleStart, scheduleEnd, Math.max(1, scheduled.length)),
        delayMs: { p50: quantile(delays, 0.5), p99: quantile(delays, 0.99), max: delays.at(-1) ?? Number.NaN },
        worstStaleness: staleness.at(-1) ?? Number.NaN,
        stalenessP99: quantile(staleness, 0.99),
        failed: scheduled.filter((event) => event.run.status !== 'ok').length,
      },
    };
    log(
      `fleet schedule: ${scheduled.length} runs in ${(settings.observeMs / 1000).toFixed(0)} s, delay p50 ${result.scheduled.delayMs.p50.toFixed(0)} ms p99 ${result.scheduled.delayMs.p99.toFixed(0)} ms, worst staleness ${result.scheduled.worstStaleness.toFixed(2)} × period`,
    );
    return result;
  } finally {
    Redis.prototype.sendCommand = sendCommand;
    await Promise.allSettled(children.map((child) => stopWorker(child)));
    await fleet.close();
    await store.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.end();
    for (const pattern of [`${prefix}:*`, `b_${prefix}:*`]) await deleteKeys(admin, pattern);
    await admin.quit();
  }
}

function startWorker(settings: FleetWorkerSettings): ChildProcess {
  const script = new URL('../fleet-worker.ts', import.meta.url).pathname;
  return fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, BENCH_FLEET_CHILD: JSON.stringify(settings) } });
}

/** Waits for `expected` from the child (a string message), or fails after `timeoutMs`. */
function reply(child: ChildProcess, expected: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fleet worker: no ${expected} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: unknown) => {
      if (message !== expected) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve();
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`fleet worker exited (${code}) before ${expected}`)));
  });
}

function workerCounts(child: ChildProcess): Promise<FleetWorkerCounts> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fleet worker: no counts within 10 s')), 10_000);
    const onMessage = (message: unknown) => {
      const counts = (message as { counts?: FleetWorkerCounts }).counts;
      if (!counts) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(counts);
    };
    child.on('message', onMessage);
    child.send('counts');
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.send('stop');
  try {
    await reply(child, 'stopped', 30_000);
  } catch {
    child.kill('SIGKILL');
  }
}

/** The Redis server's CPU time so far, in ms (`INFO cpu`: user + system, main thread and children). */
async function serverCpuMs(redis: Redis): Promise<number> {
  const text = await redis.info('cpu');
  const value = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(text)?.[1] ?? 0);
  return (value('used_cpu_user') + value('used_cpu_sys')) * 1000;
}

/** The server's total command calls (`INFO commandstats`). */
async function serverCommands(redis: Redis): Promise<number> {
  const text = await redis.info('commandstats');
  let total = 0;
  for (const match of text.matchAll(/calls=(\d+)/g)) total += Number(match[1]);
  return total;
}

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Bounded by the deadline.
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`fleet bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  // Bounded: SCAN walks the keyspace once.
  for (let round = 0; round < 100_000; round += 1) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') return;
  }
}

/** The Markdown section of the fleet scenario. */
export function renderFleetMarkdown(result: FleetBenchResult): string[] {
  const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
  const { settings, burst, scheduled } = result;
  return [
    '',
    `### Fleet: ${settings.connections} connections, ${settings.workers} worker processes × concurrency ${settings.concurrency}, fake connectors (${settings.records} records, pages of ${settings.pageSize})`,
    '',
    '| phase | runs | wall s | runs/s | Redis commands/run (clients) | Redis commands/run (server) | Redis CPU ms/run | PostgreSQL statements/run | worker CPU ms/run |',
    '|---|---|---|---|---|---|---|---|---|',
    `| burst (sync now, first full sync) | ${burst.runs} | ${fixed(burst.wallMs / 1000)} | ${fixed(burst.runsPerSecond)} | ${fixed(burst.clientRedisCommandsPerRun)} | ${fixed(burst.serverRedisCommandsPerRun)} | ${fixed(burst.redisCpuMsPerRun, 2)} | ${fixed(burst.postgresStatementsPerRun)} | ${fixed(burst.workerCpuMsPerRun)} |`,
    `| schedule (every ${settings.periodMs / 1000} s, deltas) | ${scheduled.runs} | ${fixed(scheduled.wallMs / 1000)} | ${fixed(scheduled.runsPerSecond)} | ${fixed(scheduled.clientRedisCommandsPerRun)} | ${fixed(scheduled.serverRedisCommandsPerRun)} | ${fixed(scheduled.redisCpuMsPerRun, 2)} | ${fixed(scheduled.postgresStatementsPerRun)} | ${fixed(scheduled.workerCpuMsPerRun)} |`,
    '',
    `Scheduling delay (start − due): p50 ${fixed(scheduled.delayMs.p50, 0)} ms, p99 ${fixed(scheduled.delayMs.p99, 0)} ms, max ${fixed(scheduled.delayMs.max, 0)} ms. ` +
      `Worst staleness: ${fixed(scheduled.worstStaleness, 2)} × the period (p99 over connections ${fixed(scheduled.stalenessP99, 2)}); failed scheduled runs: ${scheduled.failed}.`,
  ];
}
