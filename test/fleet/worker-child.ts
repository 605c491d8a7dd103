/**
 * A fleet worker process for the multi-process fleet test: `node --import tsx
 * test/fleet/worker-child.ts` with its settings in `FLEET_CHILD` (JSON of {@link ChildSettings}).
 *
 * Its `resolve` builds the real connector of the connection's provider against the parent's
 * sandbox, with the rate limit the sandbox enforces, and hands it the fleet's shared limiter
 * (unless `shareLimiter` is false: the variant that must show 429s). The sink is a PostgreSQL
 * table the parent reads: one row per (connection, model, record) with its content hash. Every
 * checkpoint is compared with the stored cursor first; a cursor moving backwards is recorded in a
 * second table.
 *
 * Prints `ready` when the worker runs, `batch <connectionId>` when a batch starts, `done
 * <connectionId>` when a run it did finished, and exits 0
 * after draining on SIGTERM.
 */
import pg from 'pg';
import { createConnector, type ProviderName } from '../../src/connectors/index.js';
import { createFleet, type ResolveConnection } from '../../src/fleet/index.js';
import { PostgresStateStore } from '../../src/postgres/index.js';
import { contentHash, defaultVolatileFields, type Checkpoint, type StateKey } from '../../src/sync/index.js';
import { fakeConnector } from './helpers/fake-connector.js';

/** What the parent passes. */
export interface ChildSettings {
  redisUrl: string;
  databaseUrl: string;
  schema: string;
  prefix: string;
  name: string;
  /** Per provider: the sandbox's connector options and the limit it enforces. */
  providers: Record<string, { options: Record<string, unknown>; rateLimit: { requests: number; intervalMs: number } | false }>;
  /** Per connection: its provider. */
  connections: Record<string, ProviderName>;
  shareLimiter: boolean;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Wait inside each batch write, so a run is long enough to be killed mid-way. */
  sinkDelayMs: number;
  /** Connections served by the in-process fake connector instead (no lookback: a resume re-reads nothing). */
  fake?: { records: number; pageSize: number; pageDelayMs: number };
}

const settings = JSON.parse(process.env.FLEET_CHILD ?? 'null') as ChildSettings | null;
if (!settings) throw new Error('FLEET_CHILD is missing');

const pool = new pg.Pool({ connectionString: settings.databaseUrl, max: 6 });
const sinkTable = `"${settings.schema}"."sink"`;
const regressionTable = `"${settings.schema}"."cursor_regressions"`;

/** The state store, with every checkpoint checked against the stored cursor. */
class CheckedStore extends PostgresStateStore {
  override async commit(key: StateKey, checkpoint: Checkpoint): Promise<void> {
    const before = await this.getState(key);
    const from = before?.cursor ?? null;
    const to = checkpoint.state.cursor;
    if (from !== null && (to === null || Date.parse(to) < Date.parse(from))) {
      await pool.query(`INSERT INTO ${regressionTable} (connection_id, model, cursor_before, cursor_after) VALUES ($1, $2, $3, $4)`, [key.connectionId, key.model, from, to]);
    }
    await super.commit(key, checkpoint);
  }
}

const store = new CheckedStore({ pool, schema: settings.schema, tablePrefix: 'ats_' });

function connectorOf(connectionId: string, tools: Parameters<ResolveConnection>[1]) {
  if (settings!.fake) return fakeConnector(settings!.fake);
  const provider = settings!.connections[connectionId];
  if (!provider) throw new Error(`unknown connection ${connectionId}`);
  const { options, rateLimit } = settings!.providers[provider]!;
  return createConnector(provider, {
    ...options,
    rateLimit,
    retry: { maxRetries: 6 },
    ...(settings!.shareLimiter ? { limiter: tools.limiter } : {}),
  } as never);
}

const resolve: ResolveConnection = (connectionId, tools) => {
  const connector = connectorOf(connectionId, tools);
  return {
    connector,
    onBatch: async (batch) => {
      process.stdout.write(`batch ${connectionId}\n`);
      if (settings.sinkDelayMs > 0) await new Promise((done) => setTimeout(done, settings.sinkDelayMs));
      const rows = [
        ...batch.upserted.map((record) => [record.id, contentHash(record as never, new Set(defaultVolatileFields)), false] as const),
        ...batch.deleted.map((deleted) => [deleted.id, null, true] as const),
      ];
      if (rows.length === 0) return;
      await pool.query(
        `INSERT INTO ${sinkTable} (connection_id, model, id, hash, deleted)
         SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::boolean[])
         ON CONFLICT (connection_id, model, id) DO UPDATE SET hash = excluded.hash, deleted = excluded.deleted`,
        [connectionId, batch.model, rows.map((row) => row[0]), rows.map((row) => row[1]), rows.map((row) => row[2])],
      );
    },
  };
};

const fleet = createFleet({
  redis: settings.redisUrl,
  store,
  resolve,
  name: settings.name,
  prefix: settings.prefix,
  logger: {
    info: (message, fields) => {
      if (message === 'run:finished') process.stdout.write(`done ${String(fields?.connectionId)}\n`);
    },
  },
});
const worker = await fleet.startWorker({
  concurrency: settings.concurrency,
  lockDurationMs: settings.lockDurationMs,
  stalledIntervalMs: settings.stalledIntervalMs,
  busyRetryMs: 500,
});
process.once('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await fleet.close();
    await store.close();
    await pool.end();
    process.stdout.write('drained\n');
    process.exit(0);
  })();
});
process.stdout.write('ready\n');
