/**
 * P7, the PostgreSQL state store: the engine's full run over N Teamtailor candidates with
 * `PostgresStateStore` on a real server, against the same run on `MemoryStateStore` in the same
 * bench (run before and after it, so warm-up favours neither), then a delta run with 1 % of the
 * candidates changed on both stores. Measures records per second, the client's heap growth (after
 * forced GCs, every few hundred pages), and what each checkpoint costs (median and p99 of
 * `commit`, and of the per-page `getEntries`).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresStateStore } from '../../src/postgres/index.js';
import { createSyncEngine, MemoryStateStore, type Checkpoint, type ListEntriesOptions, type StateKey, type StateStore } from '../../src/sync/index.js';
import type { ModelName } from '../../src/models/registry.js';
import { closeConnector, connectorFor } from '../connectors.js';
import { startRemoteSandbox } from '../sandbox-client.js';
import { heapAfterGcMb, quantile } from '../statistics.js';

/** Settings of P7. */
export interface PostgresSettings {
  /** `DATABASE_URL`. */
  url: string;
  records: number;
  pageSize: number;
  /** Pages between two heap samples. */
  samplePages: number;
  changedShare: number;
  timeoutMs: number;
}

/** One engine run on one store. */
export interface StoreRun {
  store: 'MemoryStateStore' | 'PostgresStateStore';
  mode: 'full' | 'delta';
  records: number;
  pages: number;
  wallMs: number;
  recordsPerSecond: number;
  heapBeforeMb: number;
  heapPeakMb: number;
  heapGrowthMb: number;
  /** `commit` per checkpoint, ms (PostgreSQL only). */
  commitMs: { median: number; p99: number; count: number } | null;
  /** `getEntries` per page, ms (PostgreSQL only). */
  lookupMs: { median: number; p99: number; count: number } | null;
}

/** Results of P7. */
export interface PostgresResult {
  records: number;
  serverVersion: string;
  runs: StoreRun[];
  /** PostgreSQL full-run records/s ÷ the mean of the two MemoryStateStore full runs. */
  ratioToMemory: number;
}

/** Times `commit` and `getEntries` of a store; forwards everything else. */
class TimedStore implements StateStore {
  readonly commits: number[] = [];
  readonly lookups: number[] = [];
  readonly #inner: StateStore;
  constructor(inner: StateStore) {
    this.#inner = inner;
  }
  getState(key: StateKey) {
    return this.#inner.getState(key);
  }
  async getEntries(key: StateKey, ids: readonly string[]) {
    const started = performance.now();
    const found = await this.#inner.getEntries(key, ids);
    this.lookups.push(performance.now() - started);
    return found;
  }
  listEntries(key: StateKey, options?: ListEntriesOptions) {
    return this.#inner.listEntries(key, options);
  }
  countEntries(key: StateKey, scanId: string) {
    return this.#inner.countEntries!(key, scanId);
  }
  async commit(key: StateKey, checkpoint: Checkpoint) {
    const started = performance.now();
    await this.#inner.commit(key, checkpoint);
    this.commits.push(performance.now() - started);
  }
  acquireRunLock(connectionId: string, models: readonly ModelName[]) {
    return this.#inner.acquireRunLock!(connectionId, models);
  }
}

function percentiles(samples: readonly number[]): { median: number; p99: number; count: number } | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), count: samples.length };
}

/** Runs P7 (the caller checked that a server is configured). */
export async function runPostgresStore(settings: PostgresSettings, log: (line: string) => void): Promise<PostgresResult> {
  const schema = `bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: settings.url, max: 1 });
  const serverVersion = String((await admin.query('SHOW server_version')).rows[0]?.server_version);
  const sandbox = await startRemoteSandbox('teamtailor', { records: settings.records, seed: 11 });
  log(`P7: sandbox seeded ${settings.records} candidates in ${(sandbox.seedMs / 1000).toFixed(1)} s; PostgreSQL ${serverVersion}, schema ${schema}`);
  const connector = connectorFor('teamtailor', sandbox, false);
  const runs: StoreRun[] = [];
  let postgres: PostgresStateStore | null = null;
  try {
    const run = async (label: StoreRun['store'], store: StateStore, mode: StoreRun['mode'], timed: TimedStore | null): Promise<StoreRun> => {
      const engine = createSyncEngine({
        connector,
        store: timed ?? store,
        connectionId: 'bench',
        models: ['candidates'],
        maxPagesPerModel: Math.ceil((settings.records * 2) / settings.pageSize),
      });
      const heapBeforeMb = heapAfterGcMb();
      let peak = heapBeforeMb;
      let delivered = 0;
      const started = performance.now();
      const report = await engine.run({
        mode,
        signal: AbortSignal.timeout(settings.timeoutMs),
        onBatch: async (batch) => {
          delivered += batch.upserted.length;
        },
        onProgress: (progress) => {
          if (progress.phase === 'scan' && progress.pages % settings.samplePages === 0) peak = Math.max(peak, heapAfterGcMb());
        },
      });
      const wallMs = performance.now() - started;
      peak = Math.max(peak, heapAfterGcMb());
      if (report.status !== 'ok') throw new Error(`P7 ${label} ${mode}: ${report.status} ${report.error?.message ?? ''}`);
      const model = report.models[0]!;
      const result: StoreRun = {
        store: label,
        mode,
        records: model.fetched,
        pages: model.pages,
        wallMs,
        recordsPerSecond: (model.fetched / wallMs) * 1000,
        heapBeforeMb,
        heapPeakMb: peak,
        heapGrowthMb: peak - heapBeforeMb,
        commitMs: timed ? percentiles(timed.commits) : null,
        lookupMs: timed ? percentiles(timed.lookups) : null,
      };
      log(
        `P7 ${label} ${mode}: ${model.fetched} records (${delivered} delivered) in ${(wallMs / 1000).toFixed(1)} s, ${result.recordsPerSecond.toFixed(0)} rec/s, heap growth ${result.heapGrowthMb.toFixed(1)} MB` +
          (result.commitMs ? `, commit median ${result.commitMs.median.toFixed(2)} ms p99 ${result.commitMs.p99.toFixed(2)} ms` : ''),
      );
      return result;
    };

    // Memory, PostgreSQL, memory: the two memory runs bracket the PostgreSQL one.
    runs.push(await run('MemoryStateStore', new MemoryStateStore(), 'full', null));
    postgres = new PostgresStateStore({ connectionString: settings.url, schema, tablePrefix: 'p7_' });
    await postgres.ready();
    const timedFull = new TimedStore(postgres);
    runs.push(await run('PostgresStateStore', postgres, 'full', timedFull));
    let memory: MemoryStateStore | null = new MemoryStateStore();
    runs.push(await run('MemoryStateStore', memory, 'full', null));

    // The delta: 1 % of the candidates edited, read on both stores.
    await sandbox.editCandidates(Math.round(settings.records * settings.changedShare));
    runs.push(await run('PostgresStateStore', postgres, 'delta', new TimedStore(postgres)));
    runs.push(await run('MemoryStateStore', memory, 'delta', null));
    memory = null;

    const memoryFull = runs.filter((one) => one.store === 'MemoryStateStore' && one.mode === 'full');
    const memoryRate = memoryFull.reduce((sum, one) => sum + one.recordsPerSecond, 0) / memoryFull.length;
    const ratioToMemory = runs[1]!.recordsPerSecond / memoryRate;
    log(`P7 PostgreSQL ÷ memory records/s: ${ratioToMemory.toFixed(3)}`);
    return { records: settings.records, serverVersion, runs, ratioToMemory };
  } finally {
    await closeConnector(connector);
    await sandbox.close();
    await postgres?.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.end();
  }
}
