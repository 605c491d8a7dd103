/**
 * The stage watchdog end to end on the Teamtailor sandbox (real transport, real mappers): the
 * engine remembers each application's stage in its state, reports `stageChanges` in every
 * applications batch, reports a change once (across delta runs, restarts on the file store and on
 * PostgreSQL, and a failed onBatch), and again when an application leaves a stage and comes back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unifiedId } from '../../src/index.js';
import type { Application } from '../../src/models/index.js';
import { PostgresStateStore } from '../../src/postgres/index.js';
import { createSyncEngine, FileStateStore, MemoryStateStore, watchStage, type AnySyncBatch, type StageChange, type StateStore, type SyncEngine } from '../../src/sync/index.js';
import { startSandbox, type Sandbox } from '../../src/testing/index.js';
import { sandboxConnector, type SandboxConnector } from '../connectors/teamtailor/sandbox-helpers.js';
import { postgresBackends } from '../helpers/postgres-backends.js';

type Rel = Record<string, string>;
let sandbox: Sandbox<'teamtailor'>;
let ats: SandboxConnector;

beforeEach(async () => {
  sandbox = await startSandbox('teamtailor', { records: 12, seed: 5 });
  ats = sandboxConnector(sandbox);
});

afterEach(async () => {
  await ats.close();
  await sandbox.close();
});

function engineOn(store: StateStore): SyncEngine {
  return createSyncEngine({ connector: ats.connector, store, connectionId: 'acme-tt', models: ['jobs', 'applications'] });
}

/** An application of the sandbox, its job and two stages of that job it is not in. */
function pickApplication() {
  const application = sandbox.store.list('job-applications')[0]!;
  const rel = application.rel as Rel;
  const others = sandbox.store.list('stages').filter((stage) => (stage.rel as Rel).job === rel.job && stage.id !== rel.stage);
  expect(others.length).toBeGreaterThanOrEqual(2);
  return {
    remoteId: application.id,
    id: unifiedId('teamtailor', 'application', application.id),
    jobId: unifiedId('teamtailor', 'job', rel.job!),
    from: unifiedId('teamtailor', 'stage', rel.stage!),
    watchedRemote: others[0]!.id,
    watched: unifiedId('teamtailor', 'stage', others[0]!.id),
    otherRemote: others[1]!.id,
    other: unifiedId('teamtailor', 'stage', others[1]!.id),
  };
}

/** A recording onBatch: every applications batch's stage changes, and the batches' shape. */
function recorder() {
  const changes: StageChange[] = [];
  const batches: AnySyncBatch[] = [];
  const onBatch = async (batch: AnySyncBatch) => {
    batches.push(batch);
    expect(Array.isArray(batch.stageChanges)).toBe(true);
    if (batch.model !== 'applications') expect(batch.stageChanges).toEqual([]);
    else changes.push(...batch.stageChanges);
  };
  return { changes, batches, onBatch };
}

describe('stageChanges on the Teamtailor sandbox', () => {
  it('first sightings are initial, a move is reported once with from and to, then nothing', async () => {
    const engine = engineOn(new MemoryStateStore());
    const first = recorder();
    const report = await engine.run({ mode: 'delta', onBatch: first.onBatch });
    expect(report.status).toBe('ok');
    const applications = first.batches.filter((batch) => batch.model === 'applications').flatMap((batch) => batch.upserted as Application[]);
    expect(applications.length).toBeGreaterThan(0);
    // Every application seen for the first time: one initial change each, to its current stage.
    expect(first.changes).toHaveLength(applications.length);
    for (const application of applications) {
      expect(first.changes).toContainEqual(
        expect.objectContaining({ application_id: application.id, candidate_id: application.candidate_id, job_id: application.job_id, from_stage_id: null, to_stage_id: application.current_stage_id, initial: true }),
      );
    }
    expect(report.models.find((model) => model.model === 'applications')?.stageChanges).toBe(applications.length);

    const target = pickApplication();
    sandbox.moveApplication(target.remoteId, target.watchedRemote);
    const second = recorder();
    await engine.run({ mode: 'delta', onBatch: second.onBatch });
    expect(second.changes).toEqual([
      { application_id: target.id, candidate_id: expect.any(String), job_id: target.jobId, from_stage_id: target.from, to_stage_id: target.watched, changed_at: expect.any(String), detected_at: expect.any(String), initial: false },
    ]);

    // An edit that is not a move: the application is delivered, without a stage change.
    sandbox.update('job-applications', target.remoteId, { 'referring-site': 'https://jobs.example.org/updated' });
    const third = recorder();
    await engine.run({ mode: 'delta', onBatch: third.onBatch });
    expect(third.batches.some((batch) => batch.model === 'applications' && batch.upserted.some((record) => record.id === target.id))).toBe(true);
    expect(third.changes).toEqual([]);
    // A full run re-reads everything: still no change to report.
    const full = recorder();
    await engine.run({ mode: 'full', onBatch: full.onBatch });
    expect(full.changes).toEqual([]);
  });

  it('a change whose batch was not acknowledged is delivered again, then never', async () => {
    const engine = engineOn(new MemoryStateStore());
    await engine.run({ mode: 'delta', onBatch: async () => {} });
    const target = pickApplication();
    sandbox.moveApplication(target.remoteId, target.watchedRemote);
    const failed = await engine.run({
      mode: 'delta',
      onBatch: async (batch) => {
        if (batch.model === 'applications' && batch.stageChanges.length > 0) throw new Error('database down');
      },
    });
    expect(failed.status).toBe('failed');
    const retry = recorder();
    await engine.run({ mode: 'delta', onBatch: retry.onBatch });
    expect(retry.changes).toEqual([expect.objectContaining({ application_id: target.id, from_stage_id: target.from, to_stage_id: target.watched, initial: false })]);
    const after = recorder();
    await engine.run({ mode: 'delta', onBatch: after.onBatch });
    expect(after.changes).toEqual([]);
  });
});

describe('watchStage across restarts', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'ats-watch-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('invites once per entry over several delta runs and a restart on the same FileStateStore; leaving and re-entering invites again', async () => {
    const target = pickApplication();
    const entered: StageChange[] = [];
    const watch = (engine: SyncEngine, includeInitial = true) => watchStage({ engine, jobId: target.jobId, stageId: target.watched, includeInitial, onEnter: (change) => void entered.push(change) });

    // Nobody of the job is in the watched stage yet (the application is elsewhere).
    const alreadyIn = sandbox.store.list('job-applications').filter((application) => (application.rel as Rel).stage === target.watchedRemote).length;
    let watcher = watch(engineOn(new FileStateStore(directory)));
    await watcher.run();
    expect(entered).toHaveLength(alreadyIn);
    expect(entered.every((change) => change.initial)).toBe(true);
    entered.length = 0;

    sandbox.moveApplication(target.remoteId, target.watchedRemote);
    await watcher.run();
    await watcher.run();
    expect(entered).toEqual([expect.objectContaining({ application_id: target.id, job_id: target.jobId, from_stage_id: target.from, to_stage_id: target.watched, initial: false })]);

    // Restart: a new engine on the same folder remembers the stage.
    watcher = watch(engineOn(new FileStateStore(directory)));
    await watcher.run();
    await watcher.run({ mode: 'full' });
    expect(entered).toHaveLength(1);

    // Leave (no invite), come back (invited again).
    sandbox.moveApplication(target.remoteId, target.otherRemote);
    await watcher.run();
    expect(entered).toHaveLength(1);
    watcher = watch(engineOn(new FileStateStore(directory)));
    sandbox.moveApplication(target.remoteId, target.watchedRemote);
    await watcher.run();
    expect(entered).toHaveLength(2);
    expect(entered[1]).toMatchObject({ application_id: target.id, from_stage_id: target.other, to_stage_id: target.watched, initial: false });
  });

  it('a crash after onBatch but before the checkpoint: the restarted engine reports the same change (same changed_at) again, then never', async () => {
    const target = pickApplication();
    await engineOn(new FileStateStore(directory)).run({ mode: 'delta', onBatch: async () => {} });
    sandbox.moveApplication(target.remoteId, target.watchedRemote);
    // The process dies while writing the checkpoint of the page carrying the change.
    const dying = new FileStateStore(directory);
    const crashing: StateStore = {
      getState: (key) => dying.getState(key),
      getEntries: (key, ids) => dying.getEntries(key, ids),
      listEntries: (key, options) => dying.listEntries(key, options),
      commit: async (key, checkpoint) => {
        if (checkpoint.entries.some((entry) => entry.id === target.id)) throw new Error('process killed');
        await dying.commit(key, checkpoint);
      },
    };
    const seen: StageChange[] = [];
    const collect = async (batch: AnySyncBatch) => void seen.push(...batch.stageChanges);
    expect((await engineOn(crashing).run({ mode: 'delta', onBatch: collect })).status).toBe('failed');
    expect(seen).toHaveLength(1);
    const restarted = engineOn(new FileStateStore(directory));
    await restarted.run({ mode: 'delta', onBatch: collect });
    await restarted.run({ mode: 'delta', onBatch: collect });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual({ ...seen[0], detected_at: expect.any(String) });
    expect(seen[1]).toMatchObject({ application_id: target.id, from_stage_id: target.from, to_stage_id: target.watched, initial: false });
  });

  it('includeInitial: false skips applications already in the stage at the first sighting; another job is ignored', async () => {
    const target = pickApplication();
    // Put the application in the watched stage before the engine ever sees it.
    sandbox.moveApplication(target.remoteId, target.watchedRemote);
    const entered: StageChange[] = [];
    const engine = engineOn(new FileStateStore(directory));
    const newcomers = watchStage({ engine, jobId: target.jobId, stageId: target.watched, includeInitial: false, onEnter: (change) => void entered.push(change) });
    await newcomers.run();
    expect(entered).toEqual([]);
    const elsewhere: StageChange[] = [];
    const otherJob = watchStage({ engine, jobId: unifiedId('teamtailor', 'job', 'not-this-job'), stageId: target.other, onEnter: (change) => void elsewhere.push(change) });
    sandbox.moveApplication(target.remoteId, target.otherRemote);
    await otherJob.run();
    expect(elsewhere).toEqual([]);
  });
});

for (const backend of postgresBackends()) {
  describe.skipIf(!backend.available)(`watchStage across a restart on PostgresStateStore (${backend.name})`, () => {
    it('a new engine on the same tables reports the move once', async () => {
      const tablePrefix = backend.prefix();
      const open = () => new PostgresStateStore({ pool: backend.pool(), schema: backend.schema(), tablePrefix });
      const target = pickApplication();
      const entered: StageChange[] = [];
      const onEnter = (change: StageChange) => void entered.push(change);
      await watchStage({ engine: engineOn(open()), jobId: target.jobId, stageId: target.watched, onEnter }).run();
      const before = entered.length;
      sandbox.moveApplication(target.remoteId, target.watchedRemote);
      // Restart: another store object, another engine, the same tables.
      const restarted = watchStage({ engine: engineOn(open()), jobId: target.jobId, stageId: target.watched, onEnter });
      await restarted.run();
      await restarted.run();
      await watchStage({ engine: engineOn(open()), jobId: target.jobId, stageId: target.watched, onEnter }).run();
      expect(entered.slice(before)).toEqual([expect.objectContaining({ application_id: target.id, from_stage_id: target.from, to_stage_id: target.watched, initial: false })]);
    }, 60_000);
  });
}
