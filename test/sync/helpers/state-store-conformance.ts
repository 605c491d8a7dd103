/**
 * The state-store conformance suite: what every store must do for the engine, run against
 * MemoryStateStore, FileStateStore and PostgresStateStore (PGlite and the real server) by
 * test/sync/state-store-conformance.test.ts. Each case works through "handles": a handle is what
 * one process would open on the stored data, so a crash is "drop the handle, open another".
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSyncEngine,
  initialModelState,
  RunInProgressError,
  type Checkpoint,
  type ModelState,
  type RecordEntry,
  type StateKey,
  type StateStore,
} from '../../../src/sync/index.js';
import { ValidationError } from '../../../src/core/errors.js';
import { memoryConnector, type MemoryModel } from './memory-connector.js';
import { MemoryProvider } from './memory-provider.js';
import { MemorySink } from './memory-sink.js';

/** The stored data of one test, and how to open handles on it. */
export interface StoreBacking {
  /** A new handle on the same data (what a restarted process, or a second worker, opens). */
  open(): StateStore;
  /** Closes every handle and removes the data. */
  dispose(): Promise<void>;
}

const key: StateKey = { connectionId: 'conformance', model: 'tags' };

/** Every optional field present, so round trips compare exactly whatever a store does with absent ones. */
function entry(id: string, extra: Partial<RecordEntry> = {}): RecordEntry {
  return { id, remoteId: `r-${id}`, hash: `h-${id}`, changedAt: 1_700_000_000_000, deletedAt: null, scan: null, missingSince: null, stageId: null, deliveredAt: null, ...extra };
}

/** Missing optional fields read as null: a store may omit them or return them as null. */
function normalised(entries: readonly RecordEntry[]): RecordEntry[] {
  return entries.map((one) => ({ missingSince: null, stageId: null, deliveredAt: null, ...one })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function everyEntry(store: StateStore, options?: { unmarkedBy?: string }): Promise<RecordEntry[]> {
  const out: RecordEntry[] = [];
  for await (const batch of store.listEntries(key, options)) out.push(...batch);
  return normalised(out);
}

/**
 * A store wrapper recording every committed cursor, failing the chosen commit (a process dying
 * while it writes the checkpoint) and forwarding the optional methods.
 */
class Watched implements StateStore {
  readonly cursors: (number | null)[] = [];
  commits = 0;
  failCommit: number | null = null;
  readonly inner: StateStore;
  readonly countEntries: StateStore['countEntries'];
  readonly acquireRunLock: StateStore['acquireRunLock'];
  readonly commitEntries: StateStore['commitEntries'];
  constructor(inner: StateStore) {
    this.inner = inner;
    this.commitEntries = inner.commitEntries?.bind(inner);
    this.countEntries = inner.countEntries?.bind(inner);
    this.acquireRunLock = inner.acquireRunLock?.bind(inner);
  }
  getState = (stateKey: StateKey) => this.inner.getState(stateKey);
  getEntries = (stateKey: StateKey, ids: readonly string[]) => this.inner.getEntries(stateKey, ids);
  listEntries = (stateKey: StateKey, options?: { unmarkedBy?: string }) => this.inner.listEntries(stateKey, options);
  async commit(stateKey: StateKey, checkpoint: Checkpoint): Promise<void> {
    this.commits += 1;
    if (this.commits === this.failCommit) throw new Error('the process died while writing this checkpoint');
    await this.inner.commit(stateKey, checkpoint);
    this.cursors.push(checkpoint.state.cursor === null ? null : Date.parse(checkpoint.state.cursor));
  }
  wentBack(): boolean {
    return this.cursors.some((cursor, index) => index > 0 && this.cursors[index - 1] !== null && (cursor === null || cursor < this.cursors[index - 1]!));
  }
}

/** A provider of `count` tags (or jobs, with a getter) read with keyset paging, page size 4. */
function world(count: number, options: { model?: MemoryModel['model']; lookups?: boolean; pagination?: MemoryModel['pagination'] } = {}) {
  const provider = new MemoryProvider();
  for (let index = 0; index < count; index += 1) {
    provider.add();
    provider.advance(1_000);
  }
  const model = options.model ?? 'tags';
  const connector = memoryConnector([{ model, provider, pagination: options.pagination ?? 'keyset', lookups: options.lookups }], { pageSize: 4 });
  const engine = (store: StateStore) => createSyncEngine({ connector, store, connectionId: key.connectionId, models: [model] });
  return { provider, connector, engine, sink: new MemorySink() };
}

/** Registers the suite for one store. `skip` (a missing service) skips it with the reason printed once by the caller. */
export function describeStateStoreConformance(name: string, create: () => Promise<StoreBacking>, options: { skip?: boolean } = {}): void {
  describe.skipIf(options.skip === true)(`state-store conformance: ${name}`, () => {
    let backing: StoreBacking | null = null;
    const fresh = async () => {
      backing = await create();
      return backing;
    };
    afterEach(async () => {
      await backing?.dispose();
      backing = null;
    });

    it('stores states and entries (every field) and hands out copies; a new handle reads them back', async () => {
      const store = (await fresh()).open();
      expect(await store.getState(key)).toBeNull();
      const full = entry('a', { hash: null, deletedAt: '2024-01-02T03:04:05Z', scan: 's1', missingSince: 's0', stageId: 'applications-stage:7', deliveredAt: '2024-05-01T00:00:00.000Z' });
      const state: ModelState = { version: 1, cursor: '2024-01-01T00:00:00.000Z', highWater: '2024-01-01T00:00:01.000Z', lastFullScanAt: '2024-01-01T00:00:02.000Z', readStartedAt: '2024-01-01T00:00:03.000Z' };
      await store.commit(key, { state, entries: [full, entry('b')] });
      const [found] = await store.getEntries(key, ['b']);
      found!.hash = 'mutated';
      (await store.getState(key))!.cursor = 'mutated';
      const reopened = backing!.open();
      expect(await reopened.getState(key)).toEqual(state);
      expect(normalised(await reopened.getEntries(key, ['b', 'missing', 'a']))).toEqual([full, entry('b')]);
      expect(await reopened.getEntries({ ...key, model: 'jobs' }, ['a'])).toEqual([]);
      expect(await reopened.getEntries({ ...key, connectionId: 'other' }, ['a'])).toEqual([]);
      // A later checkpoint replaces what it names and keeps the rest.
      await reopened.commit(key, { state: initialModelState(), entries: [entry('b', { hash: 'v2' })] });
      expect(await everyEntry(backing!.open())).toEqual([full, entry('b', { hash: 'v2' })]);
    });

    it('commitEntries writes entries without touching the state; a new handle reads both back', async () => {
      const store = (await fresh()).open();
      expect(store.commitEntries).toBeTypeOf('function');
      // Before any state: entries only, the state stays absent.
      await store.commitEntries!(key, [entry('a', { stageId: 'stage-1', deliveredAt: '2024-05-01T00:00:00.000Z' })]);
      expect(await store.getState(key)).toBeNull();
      const state: ModelState = { version: 1, cursor: '2024-01-01T00:00:00.000Z', highWater: '2024-01-01T00:00:00.000Z', lastFullScanAt: null };
      await store.commit(key, { state, entries: [entry('b')] });
      await store.commitEntries!(key, [entry('a', { stageId: 'stage-2', hash: 'v2' }), entry('c')]);
      const reopened = backing!.open();
      expect(await reopened.getState(key)).toEqual(state);
      expect(await everyEntry(reopened)).toEqual([entry('a', { stageId: 'stage-2', hash: 'v2' }), entry('b'), entry('c')]);
    });

    it('lists every entry in batches (only the sweep suspects when asked), and counts live and unmarked ones', async () => {
      const store = (await fresh()).open();
      const entries = Array.from({ length: 2_500 }, (_, index) =>
        entry(`e${String(index).padStart(4, '0')}`, { scan: index % 2 === 0 ? 'scan-now' : 'scan-before', deletedAt: index % 5 === 0 ? '2024-01-01T00:00:00.000Z' : null }),
      );
      for (let start = 0; start < entries.length; start += 1_000) await store.commit(key, { state: initialModelState(), entries: entries.slice(start, start + 1_000) });
      const sizes: number[] = [];
      for await (const batch of store.listEntries(key)) sizes.push(batch.length);
      expect(sizes.every((size) => size > 0 && size <= 1_000)).toBe(true);
      expect(await everyEntry(store)).toEqual(entries);
      // A store may return more than the suspects (the engine filters again), never fewer.
      const suspects = entries.filter((one) => one.deletedAt === null && one.scan !== 'scan-now');
      const listed = (await everyEntry(store, { unmarkedBy: 'scan-now' })).filter((one) => one.deletedAt === null && one.scan !== 'scan-now');
      expect(listed).toEqual(suspects);
      if (store.countEntries) expect(await store.countEntries(key, 'scan-now')).toEqual({ live: 2_000, unmarked: suspects.length });
    });

    it('the cursor moves only after onBatch resolved: a failing onBatch keeps the last acknowledged checkpoint, and a new handle resumes from it', async () => {
      const { provider, engine, sink } = world(20);
      const first = new Watched((await fresh()).open());
      let batches = 0;
      const failing = await engine(first).run({
        mode: 'delta',
        onBatch: async (batch) => {
          batches += 1;
          if (batches === 3) throw new Error('the database is down');
          await sink.onBatch(batch);
        },
      });
      expect(failing.status).toBe('failed');
      // The first page's records recorded as in flight (decision 0079), then two pages' checkpoints.
      expect(first.commits).toBe(3);
      const resumed = backing!.open();
      const stored = await resumed.getState(key);
      expect(stored!.cursor).toBe(failing.models[0]!.cursorAfter);
      expect(Date.parse(stored!.cursor!)).toBe(first.cursors[2]);
      // The entries of the page that failed were not written; its records are listed as in flight.
      expect((await everyEntry(resumed)).map((one) => one.id)).toEqual([...sink.rows.keys()].sort());
      expect(stored!.inFlight?.map((one) => one.remoteId)).toEqual(['r0009', 'r0010', 'r0011', 'r0012']);
      const second = await engine(resumed).run({ mode: 'delta', onBatch: sink.onBatch });
      expect(second.status).toBe('ok');
      expect(second.models[0]!.cursorBefore).toBe(stored!.cursor);
      expect(sink.names()).toEqual(provider.truth());
    });

    it('the cursor never moves backwards, across runs with updates, replays and touches', async () => {
      const { provider, engine, sink } = world(12);
      const store = new Watched((await fresh()).open());
      for (let round = 0; round < 5; round += 1) {
        const report = await engine(store).run({ mode: round === 3 ? 'full' : 'delta', onBatch: sink.onBatch });
        expect(report.status).toBe('ok');
        provider.advance(2_000);
        provider.update(`r${String(1 + round).padStart(4, '0')}`, `changed in round ${round}`);
        provider.touch(`r${String(7 + round).padStart(4, '0')}`);
        provider.add();
      }
      await engine(store).run({ mode: 'delta', onBatch: sink.onBatch });
      expect(store.cursors.length).toBeGreaterThan(5);
      expect(store.wentBack()).toBe(false);
      expect(sink.names()).toEqual(provider.truth());
      expect(sink.backwards).toBe(0);
    });

    it('content hashes: a new handle does not deliver unchanged records again, and delivers changed ones', async () => {
      const { provider, engine, sink } = world(10);
      await engine((await fresh()).open()).run({ mode: 'full', onBatch: sink.onBatch });
      provider.advance(5_000);
      provider.touch('r0002');
      provider.update('r0003', 'renamed');
      const replay = await engine(backing!.open()).run({ mode: 'full', onBatch: sink.onBatch });
      expect(replay.models[0]).toMatchObject({ upserted: 1, unchanged: 9, deleted: 0 });
      expect(sink.upsertedIds.filter((id) => id === 'tags:r0003')).toHaveLength(2);
      expect(sink.upsertedIds.filter((id) => id === 'tags:r0002')).toHaveLength(1);
    });

    for (const lookups of [true, false]) {
      it(`mark and sweep: a record gone from complete scans is deleted (${lookups ? 'one lookup, with a getter' : 'two scans, without a getter'})`, async () => {
        const { provider, engine, sink } = world(8, { model: lookups ? 'jobs' : 'tags', lookups });
        const model = lookups ? 'jobs' : 'tags';
        const handle = (await fresh()).open();
        await engine(handle).run({ mode: 'full', onBatch: sink.onBatch });
        provider.remove('r0004');
        const first = await engine(backing!.open()).run({ mode: 'full', onBatch: sink.onBatch });
        const second = await engine(backing!.open()).run({ mode: 'full', onBatch: sink.onBatch });
        expect(first.models[0]!.deleted + second.models[0]!.deleted, `lookups ${lookups}`).toBe(1);
        expect((lookups ? first : second).models[0]!.deleted).toBe(1);
        expect(sink.deletedIds).toEqual([`${model}:r0004`]);
        const [tombstone] = await backing!.open().getEntries({ ...key, model }, [`${model}:r0004`]);
        expect(tombstone).toMatchObject({ hash: null, deletedAt: expect.any(String) });
        expect(sink.names()).toEqual(provider.truth());
      });

      it(`quarantine: a record that keeps failing validation is reported, never delivered, never swept, over four full scans (${lookups ? 'with' : 'without'} a getter)`, async () => {
        const { provider, connector, engine, sink } = world(8, { model: lookups ? 'jobs' : 'tags', lookups });
        await engine((await fresh()).open()).run({ mode: 'full', onBatch: sink.onBatch });
        provider.advance(1_000);
        provider.corrupt('r0005');
        // A lookup of it would fail validation too.
        connector.options.lookupFails = (id) => (id.endsWith('r0005') ? new ValidationError('bad record', { provider: 'memory', operation: 'getJob', issues: [] }) : null);
        for (let scan = 0; scan < 4; scan += 1) {
          const report = await engine(backing!.open()).run({ mode: 'full', onBatch: sink.onBatch });
          expect(report.status, `scan ${scan}`).toBe('ok');
          expect(report.quarantined).toBe(1);
          expect(report.models[0]).toMatchObject({ fullScan: 'complete', deleted: 0, deletionsPending: 0, deletionLookups: 0 });
          expect(report.models[0]!.quarantined).toEqual([expect.objectContaining({ remote_id: 'r0005' })]);
        }
        expect(sink.deletedIds).toEqual([]);
      });
    }

    it('a crash between two checkpoints (while writing the next one): a new handle holds the previous checkpoint whole, and resuming loses nothing', async () => {
      const { provider, engine, sink } = world(24);
      const dying = new Watched((await fresh()).open());
      // Commit 1 records the first page as in flight (decision 0079); commits 2–4 checkpoint pages 1–3.
      dying.failCommit = 5;
      const crashed = await engine(dying).run({ mode: 'delta', onBatch: sink.onBatch });
      expect(crashed.status).toBe('failed');
      const reopened = backing!.open();
      const state = await reopened.getState(key);
      expect(Date.parse(state!.cursor!)).toBe(dying.cursors[3]);
      // Three pages of four were checkpointed; the fourth was delivered but never recorded, and is in flight.
      expect(await everyEntry(reopened)).toHaveLength(12);
      expect(state!.inFlight).toHaveLength(4);
      const delivered = sink.upsertedIds.length;
      const resumed = new Watched(reopened);
      const report = await engine(resumed).run({ mode: 'delta', onBatch: sink.onBatch });
      expect(report.status).toBe('ok');
      expect(sink.names()).toEqual(provider.truth());
      // At most the page in flight comes again (plus the inclusive lower bound's tie).
      expect(sink.upsertedIds.length - delivered).toBeLessThanOrEqual(24 - 12 + 1);
      expect(resumed.wentBack()).toBe(false);
    });

    it('concurrent runs: a second run on the same connection and model gets RunInProgressError while the first runs; other models and later runs go on', async () => {
      const { engine, sink } = world(12);
      const handle = (await fresh()).open();
      const other = backing!.open();
      let entered!: () => void;
      const inFirstBatch = new Promise<void>((resolve) => (entered = resolve));
      let proceed!: () => void;
      const gate = new Promise<void>((resolve) => (proceed = resolve));
      const first = engine(handle).run({
        mode: 'delta',
        onBatch: async (batch) => {
          entered();
          await gate;
          await sink.onBatch(batch);
        },
      });
      await inFirstBatch;
      const refused = await engine(other)
        .run({ mode: 'delta', onBatch: sink.onBatch })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(RunInProgressError);
      expect((refused as RunInProgressError).models).toEqual(['tags']);
      // Another model of the same connection is not blocked.
      const { engine: jobsEngine } = world(2, { model: 'jobs' });
      expect((await jobsEngine(other).run({ mode: 'delta', onBatch: async () => {} })).status).toBe('ok');
      proceed();
      expect((await first).status).toBe('ok');
      const later = await engine(other).run({ mode: 'delta', onBatch: sink.onBatch });
      expect(later.status).toBe('ok');
      expect(later.models[0]!.cursorBefore).toBe((await first).models[0]!.cursorAfter);
    });
  });
}
