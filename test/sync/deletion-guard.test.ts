/**
 * The deletion guard: after a 50-record full run, an account that suddenly returns nothing and
 * answers 404 to every lookup (say the key now points at another account) must not have all 50
 * delivered as deleted. When a complete scan would delete more than 20 % of the known records (and
 * at least 10), no deletion is delivered for that model, the run is `partial` with a
 * `deletion_guard` warning giving the counts, and only `deletionGuard: false` lets them through.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { createSyncEngine, type SyncEngineOptions } from '../../src/sync/index.js';
import { setup } from './helpers/setup.js';

/** A model of `count` records after one full run, with a getter (`jobs`) or without (`tags`). */
async function synced(count: number, lookups: boolean, engine: Partial<SyncEngineOptions> = {}) {
  const harness = setup({ model: lookups ? 'jobs' : 'tags', lookups, records: count, connector: { pageSize: 10 }, engine });
  const first = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
  expect(first.status).toBe('ok');
  return harness;
}

function removeAll(harness: Awaited<ReturnType<typeof synced>>, count: number): void {
  for (let index = 1; index <= count; index += 1) harness.provider.remove(`r${String(index).padStart(4, '0')}`);
}

describe('deletion guard', () => {
  for (const lookups of [true, false]) {
    it(`holds back 50 of 50 deletions, reports partial with a deletion_guard warning, makes no lookup (${lookups ? 'with' : 'without'} a getter)`, async () => {
      const harness = await synced(50, lookups);
      removeAll(harness, 50);
      const requestsBefore = harness.connector.requestCount;
      for (let run = 0; run < 3; run += 1) {
        const report = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
        expect(report.status).toBe('partial');
        expect(report.models[0]).toMatchObject({ status: 'ok', fullScan: 'complete', deleted: 0, deletionsHeld: 50, deletionLookups: 0, deletionsPending: 0 });
        expect(report.models[0]!.warnings).toEqual([expect.stringMatching(/^deletion_guard: 50 of 50 known .* \(100 %\) .*more than 20 % and at least 10/)]);
        expect(report.warnings).toBe(1);
      }
      expect(harness.sink.deletedIds).toEqual([]);
      // Only list requests: three scans, no lookup.
      expect(harness.connector.requestCount - requestsBefore).toBe(3);
    });
  }

  it('deletionGuard: false lets them through (by lookup with a getter; after two scans without)', async () => {
    const withGetter = await synced(50, true, { deletionGuard: false });
    removeAll(withGetter, 50);
    const report = await withGetter.engine.run({ mode: 'full', onBatch: withGetter.sink.onBatch });
    expect(report.status).toBe('ok');
    expect(report.models[0]).toMatchObject({ deleted: 50, deletionsHeld: 0 });

    const withoutGetter = await synced(50, false, { deletionGuard: false });
    removeAll(withoutGetter, 50);
    await withoutGetter.engine.run({ mode: 'full', onBatch: withoutGetter.sink.onBatch });
    const second = await withoutGetter.engine.run({ mode: 'full', onBatch: withoutGetter.sink.onBatch });
    expect(second.models[0]).toMatchObject({ deleted: 50, deletionsHeld: 0 });
    expect(withoutGetter.sink.rows.size).toBe(0);
  });

  it('the thresholds: 10 of 50 (20 %) and 9 of 20 (under 10 records) go through; 11 of 50 is held', async () => {
    const twenty = await synced(50, true);
    removeAll(twenty, 10);
    expect((await twenty.engine.run({ mode: 'full', onBatch: twenty.sink.onBatch })).models[0]).toMatchObject({ deleted: 10, deletionsHeld: 0 });

    const few = await synced(20, true);
    removeAll(few, 9);
    expect((await few.engine.run({ mode: 'full', onBatch: few.sink.onBatch })).models[0]).toMatchObject({ deleted: 9, deletionsHeld: 0 });

    const over = await synced(50, true);
    removeAll(over, 11);
    const held = await over.engine.run({ mode: 'full', onBatch: over.sink.onBatch });
    expect(held.status).toBe('partial');
    expect(held.models[0]).toMatchObject({ deleted: 0, deletionsHeld: 11 });
    expect(held.models[0]!.warnings[0]).toContain('11 of 50');
  });

  it('takes a custom share and minimum, and refuses nonsense', async () => {
    const harness = await synced(10, true, { deletionGuard: { maxShare: 0.5, minRecords: 2 } });
    removeAll(harness, 6);
    expect((await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch })).models[0]).toMatchObject({ deleted: 0, deletionsHeld: 6 });
    const { connector, store } = harness;
    expect(() => createSyncEngine({ connector, store, connectionId: 'x', deletionGuard: { maxShare: 2 } })).toThrow(ConfigError);
    expect(() => createSyncEngine({ connector, store, connectionId: 'x', deletionGuard: { minRecords: -1 } })).toThrow(ConfigError);
  });

  it('does not count quarantined records as missing', async () => {
    const harness = await synced(20, false, { quarantineLimit: { perRun: 100, pageShare: 1 } });
    harness.provider.advance(1_000);
    for (let index = 1; index <= 12; index += 1) harness.provider.corrupt(`r${String(index).padStart(4, '0')}`);
    const report = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    expect(report.quarantined).toBe(12);
    expect(report.status).toBe('ok');
    expect(report.models[0]).toMatchObject({ fullScan: 'complete', deletionsHeld: 0, deleted: 0, deletionsPending: 0 });
  });
});
