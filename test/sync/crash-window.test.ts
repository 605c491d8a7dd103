/**
 * A crash between a page's delivery and its checkpoint (decision 0079): records first delivered on
 * that page must still get their deletion from a later full run, though their entries were lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../src/connectors/index.js';
import { createSyncEngine, MemoryStateStore, type AnySyncBatch, type Checkpoint, type StateKey } from '../../src/sync/index.js';
import { startSandbox, type Sandbox } from '../../src/testing/index.js';
import { setup, type Harness } from './helpers/setup.js';
import { classifyPage } from '../../src/sync/classify.js';
import { defaultVolatileFields } from '../../src/sync/content-hash.js';
import { Eligibility } from '../../src/sync/eligibility.js';
import { recordInFlight } from '../../src/sync/in-flight.js';

/** A memory store whose next commit carrying entries throws once, as a process dying there would. */
class CrashingStore extends MemoryStateStore {
  crashAt: number | null = null;
  #entryCommits = 0;
  override async commit(key: StateKey, checkpoint: Checkpoint): Promise<void> {
    if (checkpoint.entries.length > 0) {
      this.#entryCommits += 1;
      if (this.#entryCommits === this.crashAt) throw new Error('simulated crash');
    }
    return super.commit(key, checkpoint);
  }
}

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  for (const sandbox of sandboxes.splice(0)) await sandbox.close();
});

async function setUp(crashAt: number) {
  const sandbox = await startSandbox('teamtailor', { records: 40, seed: 3 });
  sandboxes.push(sandbox);
  const store = new CrashingStore();
  store.crashAt = crashAt;
  const connector = createConnector('teamtailor', { ...sandbox.connectorOptions, rateLimit: false });
  const engine = createSyncEngine({ connector, store, connectionId: 'c', models: ['candidates'], pageSize: 10 });
  const delivered = new Map<string, string>();
  const deleted: string[] = [];
  let lastBatch: string[] = [];
  const onBatch = async (batch: AnySyncBatch) => {
    lastBatch = batch.upserted.map((record) => record.id).filter((id) => !delivered.has(id));
    for (const record of batch.upserted) delivered.set(record.id, record.remote_id);
    for (const deletion of batch.deleted) deleted.push(deletion.id);
  };
  return { sandbox, store, engine, delivered, deleted, onBatch, lastBatch: () => lastBatch };
}

describe('a crash between delivery and checkpoint', () => {
  it.each([
    ['the first page', 1],
    ['a later page', 3],
  ])('a record first delivered on %s and deleted before the next run gets its deletion', async (_, crashAt) => {
    const { sandbox, engine, delivered, deleted, onBatch, store, lastBatch } = await setUp(crashAt);
    const crashed = await engine.run({ mode: 'full', onBatch });
    expect(crashed.status).not.toBe('ok');
    // The crashed page's records were delivered for the first time; the engine holds no entry for them.
    expect(lastBatch().length).toBeGreaterThan(5);
    const victimId = lastBatch()[4]!;
    const victimRemote = delivered.get(victimId)!;
    expect(await store.getEntries({ connectionId: 'c', model: 'candidates' }, [victimId])).toEqual([]);
    sandbox.remove('candidates', victimRemote);
    const next = await engine.run({ mode: 'full', onBatch });
    expect(next.status).toBe('ok');
    expect(deleted).toEqual([victimId]);
    // Nothing else was deleted, and a further run delivers nothing more.
    const again = await engine.run({ mode: 'full', onBatch });
    expect(again.status).toBe('ok');
    expect(deleted).toEqual([victimId]);
    expect(again.models[0]).toMatchObject({ model: 'candidates', upserted: 0, deleted: 0 });
  });
});

/** Runs a full sync whose `batch`-th batch reaches the sink, then fails (the process died after the consumer stored it). */
async function crashAfterBatch(harness: Harness, batch: number) {
  let batches = 0;
  const report = await harness.engine.run({
    mode: 'full',
    onBatch: async (delivered) => {
      await harness.sink.onBatch(delivered);
      batches += 1;
      if (batches === batch) throw new Error('the process died here');
    },
  });
  expect(report.status).toBe('failed');
  expect(batches).toBe(batch);
}

describe('records in flight, over the in-memory provider', () => {
  const key = { connectionId: 'test', model: 'tags' as const };

  it('without a getter, a record in flight and then deleted is deleted after two complete scans, like any record', async () => {
    const harness = setup({ records: 6, connector: { pageSize: 2 } });
    await crashAfterBatch(harness, 2);
    expect((await harness.store.getState(key))?.inFlight?.map((one) => one.remoteId)).toEqual(['r0003', 'r0004']);
    harness.provider.remove('r0003');
    const first = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    expect(first.models[0]).toMatchObject({ status: 'ok', deleted: 0, deletionsPending: 1 });
    // The run that found the list turned it into placeholders and cleared it.
    expect((await harness.store.getState(key))?.inFlight).toBeUndefined();
    const second = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    expect(second.models[0]).toMatchObject({ deleted: 1, deletionsPending: 0 });
    expect(harness.sink.deletedIds).toEqual(['tags:r0003']);
    expect(harness.sink.names()).toEqual(harness.provider.truth());
  });

  it('a record in flight that still exists is delivered once more, then known: no deletion, nothing delivered again', async () => {
    const harness = setup({ records: 6, connector: { pageSize: 2 } });
    await crashAfterBatch(harness, 2);
    const resumed = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    expect(resumed.models[0]).toMatchObject({ status: 'ok', deleted: 0, deletionsPending: 0 });
    expect(harness.sink.upsertedIds.filter((id) => id === 'tags:r0004')).toHaveLength(2);
    const [entry] = await harness.store.getEntries(key, ['tags:r0004']);
    expect(entry).toMatchObject({ hash: expect.any(String), deletedAt: null });
    const quiet = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    expect(quiet.models[0]).toMatchObject({ upserted: 0, deleted: 0, unchanged: 6 });
    expect(harness.sink.deletedIds).toEqual([]);
  });

  it('a malformed in-flight list in a stored state is dropped with a warning; its valid items still become placeholders', async () => {
    const harness = setup({ records: 2, provider: {} });
    const state = { version: 1 as const, cursor: null, highWater: null, lastFullScanAt: null, inFlight: [{ id: 'tags:gone', remoteId: 'gone' }, { id: 7 }, 'x'] as never };
    await harness.store.commit(key, { state, entries: [] });
    const report = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    expect(report.models[0]!.warnings).toContain('the stored state listed malformed in-flight records; they were dropped');
    // The placeholder of the valid item is a suspect of this scan, held for a second miss (no getter).
    expect(report.models[0]).toMatchObject({ deleted: 0, deletionsPending: 1 });
    const again = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    expect(again.models[0]).toMatchObject({ deleted: 1 });
    expect(harness.sink.deletedIds).toEqual(['tags:gone']);
  });

  it('a store that hands the empty list back as null gets no warning and no store call', async () => {
    const untouched = (): never => {
      throw new Error('no store call expected');
    };
    const store = { getState: untouched, getEntries: untouched, listEntries: untouched, commit: untouched };
    const state = { version: 1 as const, cursor: null, highWater: null, lastFullScanAt: null, inFlight: null as never };
    expect(await recordInFlight(store, key, state, (message) => expect.fail(message))).toBe(state);
  });
});

describe('a placeholder entry reads as unknown, except to the sweep and the filter', () => {
  const placeholder = (id: string, remoteId: string) => ({ id, remoteId, hash: null, changedAt: null, deletedAt: null, scan: null, missingSince: null, deliveredAt: null });
  const application = { id: 'applications:a1', remote_id: 'a1', changed_at: '2026-12-01T10:00:00.000Z', remote_deleted_at: null, current_stage_id: 'stages:s2', candidate_id: 'candidates:c1', job_id: 'jobs:j1' };

  it('an application seen again after a crash is delivered as new, with an initial stage change', () => {
    const known = new Map([[application.id, placeholder(application.id, 'a1')]]);
    const outcome = classifyPage([application], known, { volatileFields: new Set(defaultVolatileFields), now: Date.parse('2026-12-02T00:00:00Z'), scanId: 'scan', driftBefore: null, stages: true });
    expect(outcome.upserted).toEqual([application]);
    expect(outcome.stageChanges).toEqual([expect.objectContaining({ application_id: application.id, from_stage_id: null, to_stage_id: 'stages:s2', initial: true })]);
    expect(outcome.entries).toEqual([expect.objectContaining({ id: application.id, hash: expect.any(String), deletedAt: null, stageId: 'stages:s2' })]);
  });

  it('a record the filter now rejects is delivered as ineligible, since it may have been delivered', () => {
    const eligibility = new Eligibility(undefined, '2026-12-02T00:00:00Z', ['applications'], () => Date.parse('2026-12-03T00:00:00Z'), 'test');
    const record = { ...application, remote_created_at: '2026-11-01T00:00:00.000Z' };
    const screened = eligibility.screen('applications', [record], new Map([[record.id, placeholder(record.id, 'a1')]]), null);
    expect(screened.ineligible.map((one) => one.id)).toEqual([record.id]);
    expect(screened.entries).toEqual([expect.objectContaining({ id: record.id, hash: null, deletedAt: '2026-12-03T00:00:00.000Z' })]);
    // Without any entry it is only filtered.
    expect(eligibility.screen('applications', [record], new Map(), null).filtered.map((one) => one.id)).toEqual([record.id]);
  });
});

describe('syncOne writes a placeholder before it delivers a record the engine does not know', () => {
  it('a record synced one by one, whose entry a crash lost, gets its deletion from the next full run', async () => {
    const harness = setup({ model: 'jobs', lookups: true, records: 3 });
    const key = { connectionId: 'test', model: 'jobs' as const };
    await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    const added = harness.provider.add('created after the run');
    const failed = await harness.engine
      .syncOne('jobs', added, {
        onBatch: async (batch) => {
          await harness.sink.onBatch(batch);
          throw new Error('the process died here');
        },
      })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect(harness.sink.upsertedIds).toContain(`jobs:${added}`);
    expect(await harness.store.getEntries(key, [`jobs:${added}`])).toEqual([expect.objectContaining({ hash: null, deletedAt: null })]);
    harness.provider.remove(added);
    const report = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
    expect(report.models[0]).toMatchObject({ deleted: 1, deletionLookups: 1 });
    expect(harness.sink.deletedIds).toEqual([`jobs:${added}`]);
    expect(harness.sink.names()).toEqual(harness.provider.truth());
  });
});

describe('what a placeholder keeps, and what is never in flight', () => {
  it('a restored application whose tombstone became a placeholder still reports its stage change from the stage it left', async () => {
    const store = new MemoryStateStore();
    const key = { connectionId: 'c', model: 'applications' as const };
    const tombstone = { id: 'applications:a1', remoteId: 'a1', hash: null, changedAt: 1, deletedAt: '2026-11-01T00:00:00.000Z', scan: null, missingSince: null, deliveredAt: '2026-11-01T00:00:00.000Z', stageId: 'stages:s1' };
    const state = { version: 1 as const, cursor: null, highWater: null, lastFullScanAt: null, inFlight: [{ id: 'applications:a1', remoteId: 'a1' }, { id: 'applications:a2', remoteId: 'a2' }] };
    await store.commit(key, { state, entries: [tombstone] });
    const cleared = await recordInFlight(store, key, (await store.getState(key))!, () => undefined);
    expect(cleared.inFlight).toBeUndefined();
    const [kept, fresh] = await store.getEntries(key, ['applications:a1', 'applications:a2']);
    expect(kept).toMatchObject({ hash: null, deletedAt: null, stageId: 'stages:s1', deliveredAt: tombstone.deliveredAt });
    // The memory store leaves out a null deliveredAt and an unset stageId.
    expect(fresh).toMatchObject({ hash: null, deletedAt: null });
    expect(fresh?.deliveredAt ?? null).toBeNull();
    expect(fresh).not.toHaveProperty('stageId');
    const application = (id: string) => ({ id: `applications:${id}`, remote_id: id, changed_at: '2026-12-01T10:00:00.000Z', remote_deleted_at: null, current_stage_id: 'stages:s2' });
    const outcome = classifyPage([application('a1'), application('a2')], new Map([kept!, fresh!].map((entry) => [entry.id, entry])), { volatileFields: new Set(defaultVolatileFields), now: Date.parse('2026-12-02T00:00:00Z'), scanId: null, driftBefore: null, stages: true });
    expect(outcome.stageChanges.map(({ application_id, from_stage_id, initial }) => ({ application_id, from_stage_id, initial }))).toEqual([
      { application_id: 'applications:a1', from_stage_id: 'stages:s1', initial: false },
      { application_id: 'applications:a2', from_stage_id: null, initial: true },
    ]);
  });

  it('a placeholder reads the same from every store: PostgreSQL gives an unset stage as null, the file store drops nulls', () => {
    const placeholder = (id: string, extra: object) => ({ id: `applications:${id}`, remoteId: id, hash: null, changedAt: null, deletedAt: null, scan: null, missingSince: null, ...extra });
    const known = new Map(
      [
        placeholder('new-pg', { stageId: null, deliveredAt: null }), // never recorded, as PostgreSQL reads it back
        placeholder('new-file', {}), // never recorded, as the file and memory stores keep it
        placeholder('restored-pg', { stageId: null, deliveredAt: '2026-11-01T00:00:00.000Z' }), // from a tombstone without a stage
        placeholder('restored-file', { deliveredAt: '2026-11-01T00:00:00.000Z' }),
      ].map((entry) => [entry.id, entry]),
    );
    const records = [...known.values()].map((entry) => ({ id: entry.id, remote_id: entry.remoteId, changed_at: '2026-12-01T10:00:00.000Z', remote_deleted_at: null, current_stage_id: 'stages:s2' }));
    const outcome = classifyPage(records, known, { volatileFields: new Set(defaultVolatileFields), now: Date.parse('2026-12-02T00:00:00Z'), scanId: null, driftBefore: null, stages: true });
    expect(outcome.stageChanges.map(({ application_id, from_stage_id, initial }) => [application_id, from_stage_id, initial])).toEqual([
      ['applications:new-pg', null, true],
      ['applications:new-file', null, true],
      ['applications:restored-pg', null, false],
      ['applications:restored-file', null, false],
    ]);
  });

  it('a record the filter rejects is never in flight: after a failed run it is still only filtered, never delivered as ineligible', async () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const harness = setup({ provider: { startMs: start }, connector: { pageSize: 2 }, engine: { createdAfter: new Date(start + 50_000).toISOString() } });
    harness.provider.advance(60_000);
    const created = harness.provider.add('new');
    const old = harness.provider.add('created before the cut-off');
    harness.provider.records.get(old)!.createdAt = start;
    await crashAfterBatch(harness, 1);
    expect((await harness.store.getState({ connectionId: 'test', model: 'tags' }))?.inFlight?.map((one) => one.remoteId)).toEqual([created]);
    const ineligible: string[] = [];
    const next = await harness.engine.run({ mode: 'full', onBatch: async (batch) => void ineligible.push(...batch.ineligible.map((record) => record.id)) });
    expect(next.models[0]).toMatchObject({ status: 'ok', filtered: 1, ineligible: 0 });
    expect(ineligible).toEqual([]);
  });
});
