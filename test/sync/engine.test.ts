/**
 * The engine's contract (§8) by example: model order and skipping, content hashes, detection
 * times, deletions, quarantine (B3), and how each kind of failure ends a run.
 */
import { describe, expect, it } from 'vitest';
import { AuthError, ConfigError, ProviderError, RateLimitError } from '../../src/core/errors.js';
import { createSyncEngine, MemoryStateStore, QuarantineLimitError, type AnySyncBatch } from '../../src/sync/index.js';
import { memoryConnector } from './helpers/memory-connector.js';
import { MemoryProvider } from './helpers/memory-provider.js';
import { MemorySink } from './helpers/memory-sink.js';
import { page, scriptedConnector, tag } from './helpers/scripted-connector.js';
import { setup } from './helpers/setup.js';

const tags = { connectionId: 'test', model: 'tags' } as const;

/** Three models on three providers: users cannot be read, the rest can. */
function threeModels(failAt?: (request: number) => Error | boolean) {
  const providers = { tags: new MemoryProvider(), rejection_reasons: new MemoryProvider(), application_stages: new MemoryProvider() };
  for (const provider of Object.values(providers)) for (let index = 0; index < 3; index += 1) provider.add();
  const connector = memoryConnector(
    [
      { model: 'tags', provider: providers.tags, pagination: 'keyset' },
      { model: 'rejection_reasons', provider: providers.rejection_reasons, pagination: 'page-number' },
      { model: 'application_stages', provider: providers.application_stages, pagination: 'keyset' },
    ],
    { pageSize: 10, failAt },
  );
  return { providers, connector };
}

describe('models', () => {
  it('runs models in dependency order whatever order they were listed in, and reports unreadable ones as skipped', async () => {
    const { connector } = threeModels();
    const order: string[] = [];
    const engine = createSyncEngine({
      connector,
      store: new MemoryStateStore(),
      connectionId: 'test',
      models: ['tags', 'users', 'rejection_reasons', 'application_stages'],
    });
    const report = await engine.run({ mode: 'delta', onBatch: async (batch) => void order.push(batch.model) });
    expect(order).toEqual(['application_stages', 'rejection_reasons', 'tags']);
    expect(report.models.map((model) => model.model)).toEqual(['application_stages', 'rejection_reasons', 'tags']);
    expect(report.skipped).toEqual([{ model: 'users', reason: 'not in this fake' }]);
    expect(report.status).toBe('ok');
  });

  it('rejects unknown models, an empty connection id and a negative lookback when created', () => {
    const { connector } = threeModels();
    const store = new MemoryStateStore();
    expect(() => createSyncEngine({ connector, store, connectionId: 'x', models: ['nope' as 'tags'] })).toThrow(ConfigError);
    expect(() => createSyncEngine({ connector, store, connectionId: '' })).toThrow(ConfigError);
    expect(() => createSyncEngine({ connector, store, connectionId: 'x', lookbackMs: -1 })).toThrow(ConfigError);
    expect(() => createSyncEngine({ connector, store, connectionId: 'x', quarantineLimit: { pageShare: 2 } })).toThrow(ConfigError);
  });

  it('reports counts, requests, cursors and progress per model', async () => {
    const harness = setup({ records: 12, connector: { pageSize: 5 } });
    const progress: number[] = [];
    const report = await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch, onProgress: (event) => progress.push(event.fetched) });
    expect(report.models[0]).toMatchObject({ fetched: 12, upserted: 12, unchanged: 0, deleted: 0, requests: 3, pages: 3, cursorBefore: null });
    expect(report.models[0]!.cursorAfter).toBe(new Date(harness.provider.latest('r0012')!.updatedAt).toISOString());
    expect(progress).toEqual([5, 10, 12]);
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses a second run of the same engine while one is in progress', async () => {
    const harness = setup({ records: 2 });
    const first = harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    await expect(harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch })).rejects.toThrow(ConfigError);
    await first;
  });
});

describe('content hashes and timestamps', () => {
  it('E9: counts a touched record as unchanged and delivers a changed one', async () => {
    const harness = setup({ records: 3 });
    await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    harness.provider.advance(5_000);
    harness.provider.touch('r0001');
    harness.provider.update('r0002', 'renamed');
    const report = await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    // Everything shares the cursor's second, so all three are read again; only one changed.
    expect(report.models[0]).toMatchObject({ fetched: 3, upserted: 1, unchanged: 2 });
    expect(harness.sink.rows.get('tags:r0002')?.name).toBe('renamed');
  });

  it('E2: fills a missing changed_at with the detection time and never takes a cursor from it', async () => {
    const connector = scriptedConnector([[page([tag('a', null, 'A')])], [page([tag('a', null, 'A')])], [page([tag('a', null, 'B')])]]);
    let now = Date.UTC(2030, 0, 1);
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'test', clock: () => now });
    const batches: AnySyncBatch[] = [];
    const first = await engine.run({ mode: 'delta', onBatch: async (batch) => void batches.push(batch) });
    expect(batches[0]!.upserted[0]!.changed_at).toBe('2030-01-01T00:00:00.000Z');
    now += 60_000;
    const second = await engine.run({ mode: 'delta', onBatch: async (batch) => void batches.push(batch) });
    expect(second.models[0]).toMatchObject({ unchanged: 1, upserted: 0 });
    const third = await engine.run({ mode: 'delta', onBatch: async (batch) => void batches.push(batch) });
    expect(batches[1]!.upserted[0]!.changed_at).toBe('2030-01-01T00:01:00.000Z');
    expect([first, second, third].map((report) => report.models[0]!.cursorAfter)).toEqual([null, null, null]);
  });
});

describe('deletions', () => {
  it('E10: passes provider deletion flags straight through, with the record', async () => {
    const harness = setup({ records: 3, provider: { deletes: 'flag' } });
    await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    harness.provider.advance(2_000);
    harness.provider.remove('r0002');
    const batches: AnySyncBatch[] = [];
    const report = await harness.engine.run({ mode: 'delta', onBatch: async (batch) => void batches.push(batch) });
    expect(report.models[0]!.deleted).toBe(1);
    const deleted = batches[0]!.deleted[0]!;
    expect(deleted).toMatchObject({ id: 'tags:r0002', remote_id: 'r0002' });
    expect(deleted.record?.remote_deleted_at).toBe(deleted.remote_deleted_at);
    const again = await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    // The flagged record sits at the cursor, so it is read again: a replay, not a new deletion.
    expect(again.models[0]).toMatchObject({ fetched: 1, deleted: 0, unchanged: 1 });
  });

  it('E10: a full run sweeps records two complete scans did not return (no getter), and delivers them again if they come back', async () => {
    const harness = setup({ records: 4 });
    await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    const record = harness.provider.records.get('r0003')!;
    record.gone = true;
    // Tags have no single-record getter: the first complete scan that misses a record only marks it.
    const marked = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    expect(marked.models[0]).toMatchObject({ deleted: 0, deletionsPending: 1, fullScan: 'complete' });
    expect(harness.sink.deletedIds).toEqual([]);
    const swept = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    expect(swept.models[0]).toMatchObject({ deleted: 1, deletionsPending: 0, fullScan: 'complete' });
    expect(harness.sink.deletedIds).toEqual(['tags:r0003']);
    expect((await harness.store.getState(tags))?.lastFullScanAt).not.toBeNull();
    record.gone = false;
    const back = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    expect(back.models[0]).toMatchObject({ upserted: 1, deleted: 0 });
    expect(harness.sink.names()).toEqual(harness.provider.truth());
  });
});

describe('quarantine (B3)', () => {
  it('B3: delivers 99 of 100 records and reports the bad one by remote id and issue paths, without values', async () => {
    const harness = setup({ records: 100, connector: { pageSize: 100 } });
    harness.provider.update('r0042', 'secret-value-42');
    harness.provider.corrupt('r0042');
    const report = await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    expect(report.status).toBe('ok');
    expect(harness.sink.rows.size).toBe(99);
    expect(report.models[0]!.quarantined).toEqual([
      { remote_id: 'r0042', reason: 'wire_schema', issues: [{ path: ['attributes', 'name'], code: 'invalid_type' }] },
    ]);
    expect(JSON.stringify(report)).not.toContain('secret-value-42');
  });

  it('B3: fails the run without acknowledging a page when more than 10% of it is quarantined', async () => {
    const harness = setup({ connector: { pageSize: 5 } });
    for (let index = 0; index < 10; index += 1) {
      harness.provider.add();
      harness.provider.advance(1_000);
    }
    harness.provider.corrupt('r0007');
    harness.provider.corrupt('r0008');
    const cursorBefore = await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch }).then(async (report) => {
      expect(report.status).toBe('failed');
      expect(report.error).toBeInstanceOf(QuarantineLimitError);
      return report.models[0]!.cursorAfter;
    });
    // Page 1 (r0001-r0005) was acknowledged; page 2 was not delivered and the cursor did not pass it.
    expect(harness.sink.rows.size).toBe(5);
    expect(cursorBefore).toBe(new Date(harness.provider.latest('r0005')!.updatedAt).toISOString());
  });

  it('B3: fails the run past the per-run limit', async () => {
    const harness = setup({ records: 40, connector: { pageSize: 10 }, engine: { quarantineLimit: 3 } });
    for (const key of ['r0001', 'r0011', 'r0021', 'r0031']) harness.provider.corrupt(key);
    const report = await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    expect(report.error).toBeInstanceOf(QuarantineLimitError);
    expect(report.models[0]!.quarantined).toHaveLength(4);
  });
});

describe('failures', () => {
  it('ends cleanly on a RateLimitError: status rate_limited, retryAfterMs, acknowledged cursors kept, later models not run', async () => {
    const { connector } = threeModels((request) => (request === 3 ? new RateLimitError('slow down', { provider: 'memory', operation: 'x', retryAfterMs: 90_000 }) : false));
    const store = new MemoryStateStore();
    const engine = createSyncEngine({ connector, store, connectionId: 'test', models: ['application_stages', 'rejection_reasons', 'tags'] });
    const report = await engine.run({ mode: 'delta', onBatch: async () => {} });
    expect(report).toMatchObject({ status: 'rate_limited', retryAfterMs: 90_000 });
    expect(report.models.map((model) => model.status)).toEqual(['ok', 'rate_limited', 'not_run']);
    expect((await store.getState({ connectionId: 'test', model: 'application_stages' }))?.cursor).not.toBeNull();
  });

  it('a provider failure fails its model only: the next models run and the run is partial', async () => {
    const { connector } = threeModels((request) => request === 1);
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'test' });
    const report = await engine.run({ mode: 'delta', onBatch: async () => {} });
    expect(report.status).toBe('partial');
    expect(report.models.map((model) => model.status)).toEqual(['failed', 'ok', 'ok']);
    expect(report.models[0]!.error).toBeInstanceOf(ProviderError);
    expect(report.error).toBeInstanceOf(ProviderError);
  });

  it('refused credentials and a failing sink stop the whole run', async () => {
    const auth = threeModels(() => new AuthError('bad key', { provider: 'memory', operation: 'x', status: 401 }));
    const engine = createSyncEngine({ connector: auth.connector, store: new MemoryStateStore(), connectionId: 'test' });
    const refused = await engine.run({ mode: 'delta', onBatch: async () => {} });
    expect(refused.status).toBe('failed');
    expect(refused.models.map((model) => model.status)).toEqual(['failed', 'not_run', 'not_run']);
    const sinkDown = threeModels();
    const other = createSyncEngine({ connector: sinkDown.connector, store: new MemoryStateStore(), connectionId: 'test' });
    const report = await other.run({ mode: 'delta', onBatch: async () => Promise.reject(new Error('disk full')) });
    expect(report).toMatchObject({ status: 'failed' });
    expect(report.error?.message).toBe('disk full');
    expect(report.models.map((model) => model.status)).toEqual(['failed', 'not_run', 'not_run']);
  });

  it('an aborted signal stops between pages, keeps what was acknowledged and reports partial', async () => {
    const harness = setup({ records: 10, connector: { pageSize: 3 } });
    const controller = new AbortController();
    const sink = new MemorySink();
    const report = await harness.engine.run({
      mode: 'delta',
      signal: controller.signal,
      onBatch: async (batch) => {
        await sink.onBatch(batch);
        controller.abort();
      },
    });
    expect(report).toMatchObject({ status: 'partial', aborted: true });
    expect(report.models[0]!.status).toBe('aborted');
    expect(sink.rows.size).toBe(3);
    expect((await harness.store.getState(tags))?.cursor).not.toBeNull();
    // The page read ahead was never delivered, so nothing is left in flight for the next run (0079).
    expect((await harness.store.getState(tags))?.inFlight).toBeUndefined();
  });

  it('an abort during the last page finishes the model: its end was already read, so the run completes and sweeps', async () => {
    const harness = setup({ records: 5, connector: { pageSize: 3 } });
    const controller = new AbortController();
    let batches = 0;
    const report = await harness.engine.run({
      mode: 'full',
      signal: controller.signal,
      onBatch: async (batch) => {
        await harness.sink.onBatch(batch);
        batches += 1;
        if (batches === 2) controller.abort();
      },
    });
    expect(report.models[0]).toMatchObject({ status: 'ok', fullScan: 'complete' });
    expect((await harness.store.getState(tags))?.lastFullScanAt).not.toBeNull();
  });
});
