/**
 * What any state store must do for the engine, checked on both built-in stores, plus the
 * mark-and-sweep cases that depend on stored entries (E10 with quarantined records) and a resume
 * across process-like restarts with the file store (what the later kill-and-resume test relies on).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncEngine, FileStateStore, initialModelState, MemoryStateStore, type RecordEntry, type StateStore } from '../../src/sync/index.js';
import { memoryConnector } from './helpers/memory-connector.js';
import { MemoryProvider } from './helpers/memory-provider.js';
import { MemorySink } from './helpers/memory-sink.js';
import { page, scriptedConnector, tag } from './helpers/scripted-connector.js';

const key = { connectionId: 'c', model: 'tags' } as const;

async function everyListed(store: StateStore): Promise<RecordEntry[]> {
  const entries: RecordEntry[] = [];
  for await (const batch of store.listEntries(key)) entries.push(...batch);
  return entries;
}

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'stores-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe.each([
  ['MemoryStateStore', () => new MemoryStateStore()],
  ['FileStateStore', () => new FileStateStore(directory)],
] as const)('%s', (_name, create: () => StateStore) => {
  it('hands out copies, so a caller mutating a result cannot change the store', async () => {
    const store = create();
    const entry = { id: 'a', remoteId: 'a', hash: 'h', changedAt: 1, deletedAt: null, scan: null };
    await store.commit(key, { state: initialModelState(), entries: [entry] });
    entry.hash = 'mutated';
    const [found] = await store.getEntries(key, ['a']);
    found!.hash = 'mutated again';
    const state = (await store.getState(key))!;
    state.cursor = 'mutated';
    expect(await store.getEntries(key, ['a'])).toEqual([{ ...entry, hash: 'h' }]);
    expect(await store.getState(key)).toEqual(initialModelState());
  });

  it('hands out plain entries with the fields committed: an optional field left out stays out, a null one is dropped', async () => {
    const store = create();
    const bare = { id: 'a', remoteId: 'a', hash: 'h', changedAt: 1, deletedAt: null, scan: 's' };
    const full = { id: 'b', remoteId: 'b', hash: null, changedAt: null, deletedAt: '2024-01-02T00:00:00.000Z', scan: 's', deliveredAt: '2024-01-02T00:00:00.000Z', missingSince: 's0', stageId: null };
    await store.commit(key, { state: initialModelState(), entries: [bare, { ...bare, id: 'c', missingSince: null, deliveredAt: null }, full] });
    const found = await store.getEntries(key, ['a', 'b', 'c']);
    const byId = new Map(found.map((entry) => [entry.id, entry]));
    expect(Object.keys(byId.get('a')!)).toEqual(Object.keys(bare));
    expect(Object.keys(byId.get('c')!)).toEqual(Object.keys(bare));
    expect(byId.get('b')).toEqual(full);
    for (const entry of [...found, ...(await everyListed(store))]) expect(Object.getPrototypeOf(entry)).toBe(Object.prototype);
  });

  it('lists every entry in batches', async () => {
    const store = create();
    const entries = Array.from({ length: 2_500 }, (_, index) => ({ id: `e${index}`, remoteId: `${index}`, hash: 'h', changedAt: null, deletedAt: null, scan: null }));
    await store.commit(key, { state: initialModelState(), entries });
    const sizes: number[] = [];
    for await (const batch of store.listEntries(key)) sizes.push(batch.length);
    expect(sizes).toEqual([1_000, 1_000, 500]);
  });
});

describe('mark and sweep with quarantined records (E10)', () => {
  it('does not delete a record the full scan returned but quarantined', async () => {
    const connector = scriptedConnector([
      [page([tag('a', '2024-01-01T00:00:01Z'), tag('b', '2024-01-01T00:00:01Z')])],
      [page([tag('a', '2024-01-01T00:00:01Z')], { quarantined: [{ remote_id: 'b', reason: 'wire_schema', issues: [{ path: ['name'], code: 'invalid_type' }] }] })],
    ]);
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'c' });
    const sink = new MemorySink();
    await engine.run({ mode: 'full', onBatch: sink.onBatch });
    const report = await engine.run({ mode: 'full', onBatch: sink.onBatch });
    expect(report.models[0]).toMatchObject({ fullScan: 'complete', deleted: 0 });
    expect(sink.deletedIds).toEqual([]);
  });

  it('skips the sweep, with a warning, when a quarantined record has no remote id', async () => {
    const connector = scriptedConnector([
      [page([tag('a', '2024-01-01T00:00:01Z'), tag('b', '2024-01-01T00:00:01Z')])],
      [page([tag('a', '2024-01-01T00:00:01Z')], { quarantined: [{ remote_id: null, reason: 'wire_schema', issues: [{ path: ['id'], code: 'invalid_type' }] }] })],
    ]);
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'c' });
    const sink = new MemorySink();
    await engine.run({ mode: 'full', onBatch: sink.onBatch });
    const report = await engine.run({ mode: 'full', onBatch: sink.onBatch });
    expect(report.models[0]!.deleted).toBe(0);
    expect(report.models[0]!.warnings.join(' ')).toContain('sweep skipped');
  });
});

describe('resume across restarts', () => {
  it('E6: a run that stopped mid-way resumes from its last acknowledged page with a new engine and a new FileStateStore', async () => {
    const provider = new MemoryProvider();
    for (let index = 0; index < 30; index += 1) {
      provider.add();
      provider.advance(1_000);
    }
    const sink = new MemorySink();
    const crashing = memoryConnector([{ model: 'tags', provider, pagination: 'keyset' }], { pageSize: 4, failAt: (request) => request === 5 });
    const first = await createSyncEngine({ connector: crashing, store: new FileStateStore(directory), connectionId: 'c' }).run({ mode: 'delta', onBatch: sink.onBatch });
    expect(first.status).toBe('failed');
    expect(sink.rows.size).toBe(16);
    const healthy = memoryConnector([{ model: 'tags', provider, pagination: 'keyset' }], { pageSize: 4 });
    const second = await createSyncEngine({ connector: healthy, store: new FileStateStore(directory), connectionId: 'c' }).run({ mode: 'delta', onBatch: sink.onBatch });
    expect(second.models[0]!.cursorBefore).toBe(first.models[0]!.cursorAfter);
    expect(second.models[0]).toMatchObject({ upserted: 14, unchanged: 1 });
    expect(sink.names()).toEqual(provider.truth());
  });
});
