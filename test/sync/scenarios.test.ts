/**
 * Delta-sync scenarios of reliability §2.3 checked by example: S1, S4, S7, S9, S11, S12, and the
 * rule that a cursor moves only after `onBatch` resolved (E6).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaginationLoopError } from '../../src/core/errors.js';
import { createSyncEngine, FileStateStore, MemoryStateStore } from '../../src/sync/index.js';
import { MemorySink, deferred } from './helpers/memory-sink.js';
import { page, scriptedConnector, tag } from './helpers/scripted-connector.js';
import { setup } from './helpers/setup.js';

const tags = { connectionId: 'test', model: 'tags' } as const;

describe('ties, rejected pages, timestamps', () => {
  it('S1: 250 records sharing one updated_at, page size 100: all delivered once, none again', async () => {
    const harness = setup({ records: 250, connector: { pageSize: 100 } });
    const first = await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    expect(new Set(harness.sink.upsertedIds).size).toBe(250);
    expect(harness.sink.upsertedIds).toHaveLength(250);
    expect(first.models[0]).toMatchObject({ status: 'ok', upserted: 250, pages: 3 });
    const second = await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    expect(second.models[0]).toMatchObject({ status: 'ok', upserted: 0, unchanged: 250 });
    expect(harness.sink.upsertedIds).toHaveLength(250);
  });

  it('S1: a run stopped inside a tie group resumes with the rest of it, no sibling skipped or repeated', async () => {
    const harness = setup({ records: 250, connector: { pageSize: 100, failAt: (request) => request === 2 } });
    const broken = await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    expect(broken.status).toBe('failed');
    expect(harness.sink.upsertedIds).toHaveLength(100);
    // The cursor sits on the shared timestamp: the next run reads `>=` it and drops the replays.
    const tie = new Date(harness.provider.records.get('r0001')!.versions[0]!.updatedAt).toISOString();
    expect((await harness.store.getState(tags))?.cursor).toBe(tie);
    harness.connector.options.failAt = undefined;
    const resumed = await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    expect(resumed.models[0]).toMatchObject({ upserted: 150, unchanged: 100, since: tie });
    expect(harness.sink.upsertedIds).toHaveLength(250);
    expect(new Set(harness.sink.upsertedIds).size).toBe(250);
  });

  it('S4: when the sink rejects page k, the cursor stays after page k-1 and the next run restarts at page k', async () => {
    const harness = setup({ connector: { pageSize: 4 } });
    for (let index = 0; index < 20; index += 1) {
      harness.provider.add();
      harness.provider.advance(1_000);
    }
    let batches = 0;
    const rejecting = async (batch: Parameters<typeof harness.sink.onBatch>[0]) => {
      batches += 1;
      if (batches === 3) throw new Error('database is down');
      await harness.sink.onBatch(batch);
    };
    const report = await harness.engine.run({ mode: 'delta', onBatch: rejecting });
    expect(report.status).toBe('failed');
    expect(report.error?.message).toBe('database is down');
    const afterPage2 = harness.sink.rows.get(harness.sink.upsertedIds[7]!)!.changed_at;
    expect(report.models[0]!.cursorAfter).toBe(afterPage2);
    expect((await harness.store.getState(tags))?.cursor).toBe(afterPage2);
    const delivered = harness.sink.upsertedIds.length;
    await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    // The first record delivered by the next run is the first record of page 3.
    expect(harness.sink.upsertedIds[delivered]).toBe('tags:r0009');
    expect(harness.sink.upsertedIds).toHaveLength(20);
  });

  it('S7: cursors compare instants, not strings, survive a store round trip, and the lower bound is floored to the second', async () => {
    // As strings '…:00Z' sorts after '…:00.500Z'; as instants it is earlier.
    const connector = scriptedConnector(
      [[page([tag('a', '2024-03-01T10:00:00.500Z')]), page([tag('b', '2024-03-01T10:00:00Z')])], []],
      { ordered: false },
    );
    const directory = await mkdtemp(join(tmpdir(), 'sync-s7-'));
    try {
      const engine = createSyncEngine({ connector, store: new FileStateStore(directory), connectionId: 'test', lookbackMs: 0 });
      const sink = new MemorySink();
      await engine.run({ mode: 'delta', onBatch: sink.onBatch });
      // A fresh store reads the cursor back from disk.
      const reopened = new FileStateStore(directory);
      expect((await reopened.getState(tags))?.highWater).toBe('2024-03-01T10:00:00.500Z');
      const again = createSyncEngine({ connector, store: reopened, connectionId: 'test', lookbackMs: 0 });
      await again.run({ mode: 'delta', onBatch: sink.onBatch });
      // Unordered, no server clock: the cursor trails by one run, then takes the earlier run's mark.
      expect((await reopened.getState(tags))?.cursor).toBe('2024-03-01T10:00:00.500Z');
      expect(connector.sinces[1]).toBeUndefined();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
    const ordered = scriptedConnector([[page([tag('a', '2024-03-01T10:00:07.250Z')])], []]);
    const engine = createSyncEngine({ connector: ordered, store: new MemoryStateStore(), connectionId: 'test', lookbackMs: 2_000 });
    await engine.run({ mode: 'delta', onBatch: async () => {} });
    await engine.run({ mode: 'delta', onBatch: async () => {} });
    expect(ordered.sinces[1]).toBe('2024-03-01T10:00:05.000Z');
  });
});

describe('changes during a run', () => {
  it('E4: a record made visible late behind the keyset position, while the run keeps reading newer writes, is caught by the next run', async () => {
    const harness = setup({ records: 1, connector: { pageSize: 1, lookbackMs: 5_000 } });
    const { provider, connector, engine, sink } = harness;
    let late = '';
    connector.options.beforeRequest = (request) => {
      // Request 1: a write that becomes visible only 4 s later (within the lookback). Requests
      // 2-10: one fresh write each, so the run tails the provider for longer than the lookback.
      if (request === 1) late = provider.add('late', 4_000);
      else if (request <= 10) provider.add(`tail ${request}`);
    };
    await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    expect(sink.names().has(late)).toBe(false);
    connector.options.beforeRequest = undefined;
    provider.advance(5_000);
    // The cursor was capped at the provider's clock when the run started, not its last write.
    const next = await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    expect(next.models[0]!.since).toBe(new Date(Date.UTC(2024, 0, 1) - 5_000).toISOString());
    expect(sink.names().get(late)).toBe('late');
  });
});

describe('replays and loops', () => {
  it('S9: a page replayed 3 times, then an older version after a newer one: rows unchanged, newest payload kept', async () => {
    const replayed = [page([tag('a', '2024-01-01T00:00:01Z', 'A1'), tag('b', '2024-01-01T00:00:02Z', 'B1')])];
    const connector = scriptedConnector([
      replayed,
      replayed,
      replayed,
      [page([tag('a', '2024-01-01T00:00:05Z', 'A2')])],
      [page([tag('a', '2024-01-01T00:00:01Z', 'A1')])],
    ]);
    const sink = new MemorySink();
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'test' });
    const reports = [];
    for (let run = 0; run < 5; run += 1) reports.push(await engine.run({ mode: 'delta', onBatch: sink.onBatch }));
    expect(reports.map((report) => report.models[0]!.upserted)).toEqual([2, 0, 0, 1, 0]);
    expect(reports[4]!.models[0]).toMatchObject({ stale: 1, upserted: 0 });
    expect(sink.rows.size).toBe(2);
    expect(sink.rows.get('tags:a')).toEqual({ name: 'A2', changed_at: '2024-01-01T00:00:05Z' });
    expect(sink.backwards).toBe(0);
  });

  it('S11: a stream that returns the same page forever stops with PaginationLoopError after at most 2 repeats', async () => {
    let served = 0;
    const looping = function* () {
      for (let index = 0; index < 1_000; index += 1) {
        served += 1;
        yield page([tag('a', '2024-01-01T00:00:01Z')]);
      }
    };
    const connector = scriptedConnector([looping]);
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'test' });
    const report = await engine.run({ mode: 'delta', onBatch: async () => {} });
    expect(report.status).toBe('failed');
    expect(report.models[0]!.error).toBeInstanceOf(PaginationLoopError);
    expect(served).toBeLessThanOrEqual(3);
  });

  it('S11: distinct pages forever stop at the hard page cap', async () => {
    const endless = function* () {
      for (let index = 0; index < 10_000; index += 1) yield page([tag(`k${index}`, '2024-01-01T00:00:01Z')]);
    };
    const connector = scriptedConnector([endless]);
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'test', maxPagesPerModel: 50 });
    const report = await engine.run({ mode: 'delta', onBatch: async () => {} });
    expect(report.models[0]!.error).toBeInstanceOf(PaginationLoopError);
    expect(report.models[0]!.pages).toBe(51);
    expect(report.models[0]!.upserted).toBe(50);
  });

  it('S12: empty pages with a next link forever end the stream cleanly at the page cap with a warning; a full scan then deletes nothing', async () => {
    let served = 0;
    const emptyForever = function* () {
      yield page([tag('a', '2024-01-01T00:00:01Z')], { warnings: ['offered a next page after an empty one'] });
      for (let index = 0; index < 1_000; index += 1) {
        served += 1;
        yield page([]);
      }
    };
    const connector = scriptedConnector([[page([tag('a', '2024-01-01T00:00:01Z'), tag('b', '2024-01-01T00:00:01Z')])], emptyForever]);
    const warnings: string[] = [];
    const engine = createSyncEngine({
      connector,
      store: new MemoryStateStore(),
      connectionId: 'test',
      maxPagesPerModel: 20,
      logger: { warn: (message) => warnings.push(message) },
    });
    const sink = new MemorySink();
    await engine.run({ mode: 'full', onBatch: sink.onBatch });
    const report = await engine.run({ mode: 'full', onBatch: sink.onBatch });
    expect(report.status).toBe('ok');
    expect(served).toBe(20);
    expect(report.models[0]!.fullScan).toBe('interrupted');
    expect(sink.deletedIds).toEqual([]);
    expect(warnings.some((message) => message.includes('20 empty pages in a row'))).toBe(true);
    expect(report.models[0]!.warnings).toContain('offered a next page after an empty one');
  });

  it('S12: legitimately empty pages (a client-side filter, a fan-out model) do not end a stream', async () => {
    const sparse = function* () {
      for (let index = 0; index < 30; index += 1) yield page([]);
      yield page([tag('late', '2024-01-01T00:00:01Z')]);
    };
    const connector = scriptedConnector([sparse]);
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'test' });
    const sink = new MemorySink();
    const report = await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    expect(report.models[0]).toMatchObject({ status: 'ok', pages: 31, upserted: 1 });
  });
});

describe('acknowledgement', () => {
  it('E6: the cursor does not move past a page until onBatch for it resolves', async () => {
    const harness = setup({ connector: { pageSize: 3 } });
    for (let index = 0; index < 9; index += 1) {
      harness.provider.add();
      harness.provider.advance(1_000);
    }
    const gate = deferred();
    const reachedPage2 = deferred();
    let batches = 0;
    const run = harness.engine.run({
      mode: 'delta',
      onBatch: async (batch) => {
        batches += 1;
        if (batches === 2) {
          reachedPage2.resolve();
          await gate.promise;
        }
        await harness.sink.onBatch(batch);
      },
    });
    await reachedPage2.promise;
    const afterPage1 = new Date(harness.provider.records.get('r0003')!.versions[0]!.updatedAt).toISOString();
    // Page 2 is in onBatch: give the engine every chance to (wrongly) checkpoint it.
    for (let tick = 0; tick < 20; tick += 1) await new Promise((resolve) => setImmediate(resolve));
    expect((await harness.store.getState(tags))?.cursor).toBe(afterPage1);
    expect(await harness.store.getEntries(tags, ['tags:r0004'])).toEqual([]);
    gate.resolve();
    const report = await run;
    expect(report.models[0]!.cursorAfter).toBe(new Date(harness.provider.records.get('r0009')!.versions[0]!.updatedAt).toISOString());
  });
});
