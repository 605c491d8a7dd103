/**
 * A fleet worker process of the fleet benchmark (`bench/scenarios/fleet.ts` forks two): fast
 * in-process fake connectors, a no-op sink, the real queue, state store and statuses. It counts
 * the Redis commands its clients send and the PostgreSQL statements its pool runs, and answers
 * the parent's `counts` message over IPC with them.
 */
import pg from 'pg';
import { Redis } from 'ioredis';
import { createFleet } from '../src/fleet/index.js';
import { PostgresStateStore } from '../src/postgres/index.js';
import { fakeConnector } from '../test/fleet/helpers/fake-connector.js';

/** What the parent passes in `BENCH_FLEET_CHILD`. */
export interface FleetWorkerSettings {
  redisUrl: string;
  databaseUrl: string;
  schema: string;
  prefix: string;
  name: string;
  concurrency: number;
  records: number;
  pageSize: number;
}

/** The counters the child reports. */
export interface FleetWorkerCounts {
  redisCommands: number;
  postgresStatements: number;
  cpuMs: number;
}

const settings = JSON.parse(process.env.BENCH_FLEET_CHILD ?? 'null') as FleetWorkerSettings | null;
if (!settings || !process.send) throw new Error('bench/fleet-worker.ts is forked by bench/scenarios/fleet.ts with BENCH_FLEET_CHILD');

const counts = { redisCommands: 0, postgresStatements: 0 };
// Counting at the client: the server's INFO commandstats is shared with every other client.
const sendCommand = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<Redis['sendCommand']>) {
  counts.redisCommands += 1;
  return sendCommand.apply(this, args);
} as Redis['sendCommand'];
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  counts.postgresStatements += 1;
  return (clientQuery as (...rest: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: settings.concurrency * 2 + 4 });
const store = new PostgresStateStore({ pool, schema: settings.schema, tablePrefix: 'ats_' });
const fleet = createFleet({
  redis: settings.redisUrl,
  store,
  name: settings.name,
  prefix: settings.prefix,
  resolve: () => ({ connector: fakeConnector({ records: settings.records, pageSize: settings.pageSize }), onBatch: async () => {} }),
});
const worker = await fleet.startWorker({ concurrency: settings.concurrency });
const cpuAtStart = process.cpuUsage();

process.on('message', (message: unknown) => {
  if (message === 'counts') {
    const cpu = process.cpuUsage(cpuAtStart);
    process.send!({ counts: { ...counts, cpuMs: (cpu.user + cpu.system) / 1000 } satisfies FleetWorkerCounts });
  }
  if (message === 'stop') {
    void (async () => {
      await worker.close();
      await fleet.close();
      await store.close();
      await pool.end();
      process.send!('stopped', () => process.exit(0));
    })();
  }
});
process.send('ready');
