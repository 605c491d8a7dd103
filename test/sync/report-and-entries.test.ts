/**
 * What a run leaves behind besides the sink: the report's top-level totals (a status light need not
 * walk every model; quarantines keep `status: 'ok'`), bounded warning lists, and the entry fields
 * the stage-change watchdog and one-record syncs will read (`stageId`, `deliveredAt`).
 */
import { describe, expect, it } from 'vitest';
import { createSyncEngine, MemoryStateStore } from '../../src/sync/index.js';
import { validRecords } from '../helpers/model-samples.js';
import { memoryConnector } from './helpers/memory-connector.js';
import { MemoryProvider } from './helpers/memory-provider.js';
import { MemorySink } from './helpers/memory-sink.js';
import { page, scriptedConnector, tag } from './helpers/scripted-connector.js';

describe('report totals', () => {
  it('counts quarantined records over every model and keeps status ok', async () => {
    const tags = new MemoryProvider();
    const jobs = new MemoryProvider();
    for (let index = 0; index < 12; index += 1) {
      tags.add();
      jobs.add();
    }
    tags.corrupt('r0003');
    jobs.corrupt('r0004');
    jobs.corrupt('r0009');
    const connector = memoryConnector(
      [
        { model: 'tags', provider: tags, pagination: 'keyset' },
        { model: 'jobs', provider: jobs, pagination: 'keyset' },
      ],
      { pageSize: 6 },
    );
    const report = await createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'c', models: ['tags', 'jobs'] }).run({ mode: 'delta', onBatch: new MemorySink().onBatch });
    expect(report.status).toBe('ok');
    expect(report.quarantined).toBe(3);
    expect(report.models.map((model) => model.quarantined.length)).toEqual([1, 2]);
    expect(report.warnings).toBe(0);
  });

  it('counts every warning raised; each model lists a warning once, and at most 100 of them', async () => {
    const pages = Array.from({ length: 160 }, (_, index) =>
      page([tag(`t${index}`, `2024-01-01T00:00:${String(index % 60).padStart(2, '0')}Z`)], { warnings: ['the same note on every page', `note ${index}`] }),
    );
    const report = await createSyncEngine({ connector: scriptedConnector([pages], { ordered: false }), store: new MemoryStateStore(), connectionId: 'c' }).run({
      mode: 'delta',
      onBatch: async () => {},
    });
    expect(report.status).toBe('ok');
    expect(report.warnings).toBe(320);
    const listed = report.models[0]!.warnings;
    expect(listed).toHaveLength(100);
    expect(listed.filter((warning) => warning === 'the same note on every page')).toHaveLength(1);
    expect(listed.slice(0, 3)).toEqual(['the same note on every page', 'note 0', 'note 1']);
  });
});

describe('entries remember the delivered stage and the delivery time', () => {
  const application = (key: string, changedAt: string, stage: string | null) => ({
    ...validRecords.applications,
    id: `applications:${key}`,
    remote_id: key,
    changed_at: changedAt,
    remote_updated_at: changedAt,
    remote_deleted_at: null,
    current_stage_id: stage,
  });

  it('stageId is the current_stage_id last delivered and deliveredAt when; a replay changes neither', async () => {
    const runs = [
      [page([application('a', '2024-01-01T00:00:01Z', 'stage-1'), application('b', '2024-01-01T00:00:02Z', null)])],
      [page([application('a', '2024-01-01T00:00:01Z', 'stage-1'), application('b', '2024-01-01T00:00:05Z', 'stage-2')])],
    ];
    const store = new MemoryStateStore();
    let now = Date.UTC(2024, 5, 1);
    const engine = createSyncEngine({ connector: scriptedConnector(runs, {}, 'applications'), store, connectionId: 'c', clock: () => now, lookbackMs: 10_000 });
    await engine.run({ mode: 'delta', onBatch: async () => {} });
    const key = { connectionId: 'c', model: 'applications' } as const;
    const first = new Date(now).toISOString();
    expect(await store.getEntries(key, ['applications:a', 'applications:b'])).toEqual([
      expect.objectContaining({ id: 'applications:a', stageId: 'stage-1', deliveredAt: first }),
      expect.objectContaining({ id: 'applications:b', stageId: null, deliveredAt: first }),
    ]);
    now += 60_000;
    const report = await engine.run({ mode: 'delta', onBatch: async () => {} });
    expect(report.models[0]).toMatchObject({ upserted: 1, unchanged: 1 });
    expect(await store.getEntries(key, ['applications:a', 'applications:b'])).toEqual([
      expect.objectContaining({ id: 'applications:a', stageId: 'stage-1', deliveredAt: first }),
      expect.objectContaining({ id: 'applications:b', stageId: 'stage-2', deliveredAt: new Date(now).toISOString() }),
    ]);
  });

  it('other models record no stage; a sweep records when the deletion was delivered', async () => {
    const provider = new MemoryProvider();
    for (let index = 0; index < 3; index += 1) provider.add();
    const connector = memoryConnector([{ model: 'jobs', provider, pagination: 'keyset', lookups: true }], { pageSize: 5 });
    const store = new MemoryStateStore();
    let now = Date.UTC(2024, 5, 1);
    const engine = createSyncEngine({ connector, store, connectionId: 'c', clock: () => now });
    await engine.run({ mode: 'full', onBatch: async () => {} });
    provider.remove('r0002');
    now += 3_600_000;
    await engine.run({ mode: 'full', onBatch: async () => {} });
    const [gone, live] = await store.getEntries({ connectionId: 'c', model: 'jobs' }, ['jobs:r0002', 'jobs:r0001']);
    expect(gone).toMatchObject({ deletedAt: new Date(now).toISOString(), deliveredAt: new Date(now).toISOString() });
    expect(live).toMatchObject({ deliveredAt: new Date(now - 3_600_000).toISOString() });
    expect(gone!.stageId ?? null).toBeNull();
    expect(live!.stageId ?? null).toBeNull();
  });
});
