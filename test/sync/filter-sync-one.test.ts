/**
 * The screening product's flow on the Crelate sandbox (real transport, real mappers): the engine
 * delivers only the jobs its rules accept and reports the others as `filtered` with reasons; a job
 * that stops matching is delivered once in `ineligible`; an admin checks one job given by its raw
 * Crelate id with `syncOne` (fresh read, evaluation, same hashes and state as a run); `lastSynced`
 * answers by unified and provider id; `createdAfter` holds back older records.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCrelateConnector } from '../../src/connectors/crelate/index.js';
import { unifiedId } from '../../src/index.js';
import { ConfigError, NotFoundError, ValidationError } from '../../src/core/errors.js';
import type { Job } from '../../src/models/index.js';
import type { Rule } from '../../src/rules/index.js';
import { createSyncEngine, MemoryStateStore, RecordNotFoundError, type AnySyncBatch, type SyncEngineOptions } from '../../src/sync/index.js';
import { startSandbox, type Sandbox } from '../../src/testing/index.js';

const rules: Rule[] = [
  {
    id: 'chicago-engineering',
    name: 'Engineering jobs in Chicago or remote',
    active: true,
    when: { all: [{ path: 'location.city', op: 'one_of', values: ['Chicago', 'Remote'] }, { path: 'name', op: 'contains', value: 'Engineer' }] },
  },
];

let sandbox: Sandbox<'crelate'>;
let ats: ReturnType<typeof createCrelateConnector>;
let store: MemoryStateStore;

beforeEach(async () => {
  sandbox = await startSandbox('crelate', { records: 12, seed: 3 });
  ats = createCrelateConnector({ ...sandbox.connectorOptions, rateLimit: false });
  store = new MemoryStateStore();
});

afterEach(async () => {
  await ats.close();
  await sandbox.close();
});

function engine(options: Partial<SyncEngineOptions> = {}) {
  return createSyncEngine({ connector: ats, store, connectionId: 'acme-crelate', models: ['jobs'], filter: { jobs: rules }, ...options });
}

function sink() {
  const batches: AnySyncBatch[] = [];
  const upserted = () => batches.flatMap((batch) => batch.upserted as Job[]);
  return { batches, upserted, onBatch: async (batch: AnySyncBatch) => void batches.push(batch) };
}

const sandboxJobs = () => sandbox.store.list('jobs');

describe('filter: rules per model', () => {
  it('delivers only matching jobs; the others are counted as filtered with their reasons', async () => {
    const first = sink();
    const report = await engine().run({ mode: 'delta', onBatch: first.onBatch });
    const jobs = report.models[0]!;
    const engineering = sandboxJobs().filter((job) => String(job.Name).includes('Engineer'));
    expect(engineering.length).toBeGreaterThan(0);
    expect(engineering.length).toBeLessThan(sandboxJobs().length);
    expect(first.upserted().map((job) => job.remote_id).sort()).toEqual(engineering.map((job) => job.id.toLowerCase()).sort());
    expect(jobs.filtered).toBe(sandboxJobs().length - engineering.length);
    expect(jobs.fetched).toBe(sandboxJobs().length);
    expect(jobs.filteredRecords).toHaveLength(jobs.filtered);
    expect(jobs.filteredRecords[0]?.reasons[0]).toMatch(/^rule "Engineering jobs in Chicago or remote": name is '.*', expected to contain 'Engineer'$/);
    // A second run: nothing new, nothing filtered is delivered.
    const second = sink();
    const again = await engine().run({ mode: 'full', onBatch: second.onBatch });
    expect(second.batches).toEqual([]);
    expect(again.models[0]?.filtered).toBe(jobs.filtered);
  });

  it('a job that stops matching is delivered once as ineligible, and comes back when it matches again', async () => {
    await engine().run({ mode: 'delta', onBatch: async () => {} });
    const target = sandboxJobs().find((job) => String(job.Name).includes('Engineer'))!;
    sandbox.update('jobs', target.id, { PortalCity: 'Lyon' });
    const moved = sink();
    const report = await engine().run({ mode: 'delta', onBatch: moved.onBatch });
    expect(report.models[0]?.ineligible).toBe(1);
    const ineligible = moved.batches.flatMap((batch): unknown[] => batch.ineligible);
    expect(ineligible).toEqual([{ id: expect.any(String), remote_id: target.id.toLowerCase(), record: expect.objectContaining({ name: target.Name }), reasons: [expect.stringContaining("location.city is 'Lyon'")] }]);
    expect(moved.upserted()).toEqual([]);
    // Seen again while still ineligible: filtered, not withdrawn twice.
    const quiet = sink();
    const full = await engine().run({ mode: 'full', onBatch: quiet.onBatch });
    expect(quiet.batches).toEqual([]);
    expect(full.models[0]?.deleted).toBe(0);
    // Matching again: an upsert.
    sandbox.update('jobs', target.id, { PortalCity: 'Chicago' });
    const back = sink();
    await engine().run({ mode: 'delta', onBatch: back.onBatch });
    expect(back.upserted().map((job) => job.remote_id)).toEqual([target.id.toLowerCase()]);
  });

  it('invalid rules are a ConfigError when the engine is created', () => {
    expect(() => engine({ filter: { jobs: [{ id: 'x', name: 'x', active: true, when: { path: 'name', op: 'sounds_like', value: 'x' } }] as unknown as Rule[] } })).toThrow(ConfigError);
    expect(() => engine({ filter: { candidates: rules } })).toThrow(/filter: "candidates" is not one of this engine's models/);
  });
});

describe('syncOne and lastSynced', () => {
  it('checks one Crelate job by its raw id (upper case, as copied from the Crelate screen): evaluation, delivery, then unchanged', async () => {
    const target = sandboxJobs().find((job) => String(job.Name).includes('Engineer'))!;
    const rawId = target.id.toUpperCase();
    const eng = engine();
    expect(await eng.lastSynced('jobs', rawId)).toBeNull();
    const first = sink();
    const result = await eng.syncOne('jobs', rawId, { onBatch: first.onBatch });
    expect(result.record.remote_id).toBe(target.id.toLowerCase());
    expect(result.eligible).toBe(true);
    expect(result.changed).toBe(true);
    expect(result.evaluation?.matched).toEqual([{ id: 'chicago-engineering', name: 'Engineering jobs in Chicago or remote' }]);
    expect(first.batches).toEqual([{ model: 'jobs', upserted: [result.record], deleted: [], stageChanges: [], ineligible: [] }]);
    const when = await eng.lastSynced('jobs', result.record.id);
    expect(when).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await eng.lastSynced('jobs', target.id.toLowerCase())).toBe(when);
    expect(await eng.lastSynced('jobs', rawId)).toBe(when);

    // Same content again: nothing delivered; and the next run does not deliver it either.
    const second = sink();
    expect((await eng.syncOne('jobs', result.record.id, { onBatch: second.onBatch })).changed).toBe(false);
    expect(second.batches).toEqual([]);
    const run = sink();
    await eng.run({ mode: 'delta', onBatch: run.onBatch });
    expect(run.upserted().map((job) => job.id)).not.toContain(result.record.id);
    // The cursor was set by the run, not by syncOne.
    expect((await store.getState({ connectionId: 'acme-crelate', model: 'jobs' }))?.cursor).not.toBeNull();
  });

  it('explains a job that does not match, and does not deliver it', async () => {
    const other = sandboxJobs().find((job) => !String(job.Name).includes('Engineer'))!;
    const calls = sink();
    const result = await engine().syncOne('jobs', other.id, { onBatch: calls.onBatch });
    expect(result.eligible).toBe(false);
    expect(result.changed).toBe(false);
    expect(result.evaluation?.unmatched[0]?.failed[0]).toMatchObject({ path: 'name', op: 'contains' });
    expect(result.reasons[0]).toContain("expected to contain 'Engineer'");
    expect(calls.batches).toEqual([]);
    expect(await engine().lastSynced('jobs', other.id)).toBeNull();
  });

  it('an unknown id is a NotFoundError naming the id; a model the engine does not sync or a malformed id is a ValidationError', async () => {
    const missing = '0A0A0A0A-1111-4222-8333-444444444444';
    const error = await engine().syncOne('jobs', missing, { onBatch: async () => {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(RecordNotFoundError);
    expect((error as RecordNotFoundError).id).toBe(missing);
    expect((error as Error).message).toContain(missing);
    await expect(engine().syncOne('candidates', missing, { onBatch: async () => {} })).rejects.toBeInstanceOf(ValidationError);
    // Another provider's unified id is refused by the connector before any request.
    await expect(engine().syncOne('jobs', unifiedId('teamtailor', 'job', '42'), { onBatch: async () => {} })).rejects.toBeInstanceOf(ValidationError);
    await expect(engine().syncOne('jobs', '', { onBatch: async () => {} })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('createdAfter', () => {
  it('records created before it are not delivered, counted as filtered; newer ones are delivered', async () => {
    const cutoff = new Date(sandbox.now());
    const created = sandbox.add('jobs', { ...sandboxJobs()[0], id: 'b1b2b3b4-0000-4000-8000-000000000001', Name: 'Northwind - Platform Engineer new', created_at: sandbox.now() + 1000 });
    const calls = sink();
    const report = await createSyncEngine({ connector: ats, store, connectionId: 'acme-crelate', models: ['jobs'], createdAfter: { jobs: cutoff } }).run({ mode: 'delta', onBatch: calls.onBatch });
    expect(calls.upserted().map((job) => job.remote_id)).toEqual([created]);
    expect(report.models[0]?.filtered).toBe(sandboxJobs().length - 1);
    expect(report.models[0]?.filteredRecords[0]?.reasons[0]).toMatch(/^created .*, before createdAfter /);
    expect(() => createSyncEngine({ connector: ats, store, connectionId: 'x', createdAfter: 'not a date' })).toThrow(ConfigError);
  });
});
