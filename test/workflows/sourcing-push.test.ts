/**
 * The sourcing product's flow end to end on the Teamtailor sandbox (real transport): an approved
 * candidate is pushed into a job and stage; the first push's create lands but its answer comes
 * after the client's timeout; the product retries. One candidate, one application at the provider,
 * and the product's own sync (the engine, with the stage watchdog) sees exactly those two records
 * and one entry into the stage.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unifiedId } from '../../src/index.js';
import { createSyncEngine, MemoryStateStore, watchStage, type StageChange } from '../../src/sync/index.js';
import { startSandbox, type Sandbox } from '../../src/testing/index.js';
import { sandboxConnector, type SandboxConnector } from '../connectors/teamtailor/sandbox-helpers.js';

type Rel = Record<string, string | null>;
let sandbox: Sandbox<'teamtailor'>;
let ats: SandboxConnector;

beforeEach(async () => {
  sandbox = await startSandbox('teamtailor', { records: 10, seed: 9 });
  // A client timeout shorter than the sandbox's late answer below.
  ats = sandboxConnector(sandbox, { timeoutMs: 150 });
});

afterEach(async () => {
  await ats.close();
  await sandbox.close();
});

describe('push twice with a timeout in between', () => {
  it('one candidate, one application; the sync sees them once, entering the chosen stage', async () => {
    const job = sandbox.store.list('jobs').find((record) => record.status === 'open')!;
    const stage = sandbox.store.list('stages').filter((record) => (record.rel as Rel).job === job.id)[1]!;
    const engine = createSyncEngine({ connector: ats.connector, store: new MemoryStateStore(), connectionId: 'sourcing', models: ['candidates', 'applications'] });
    const entered: StageChange[] = [];
    const upserted: string[] = [];
    const watcher = watchStage({
      engine,
      jobId: unifiedId('teamtailor', 'job', job.id),
      stageId: unifiedId('teamtailor', 'stage', stage.id),
      includeInitial: false,
      onEnter: (change) => void entered.push(change),
      onBatch: async (batch) => void upserted.push(...batch.upserted.map((record) => `${batch.model}:${record.id}`)),
    });
    await watcher.run();
    upserted.length = 0;

    const input = {
      candidate: { first_name: 'Grace', last_name: 'Hopper', email_addresses: [{ email_address: 'grace.hopper@example.test' }] },
      job_id: unifiedId('teamtailor', 'job', job.id),
      stage_id: unifiedId('teamtailor', 'stage', stage.id),
      dedupe: 'email' as const,
    };
    sandbox.setFaults({ slowWriteAnswers: { delayMs: 400, count: 1 } });
    const first = await ats.connector.pushCandidate(input);
    // The retry a product makes after a timeout (here the first call already recovered by looking up).
    const second = await ats.connector.pushCandidate(input);
    expect(second).toMatchObject({ status: 'reused', candidate_id: first.candidate_id, application_id: first.application_id, application_created: false });

    const candidates = sandbox.store.list('candidates').filter((record) => String(record.email).toLowerCase() === 'grace.hopper@example.test');
    expect(candidates).toHaveLength(1);
    const applications = sandbox.store.list('job-applications').filter((record) => (record.rel as Rel).candidate === candidates[0]!.id);
    expect(applications).toHaveLength(1);
    expect((applications[0]!.rel as Rel).stage).toBe(stage.id);

    // The product's next sync: the two new records, and no entry event for a first sighting
    // (includeInitial: false), since the application was created in the stage.
    await watcher.run();
    expect(upserted.sort()).toEqual([`applications:${first.application_id}`, `candidates:${first.candidate_id}`].sort());
    expect(entered).toEqual([]);
    // A recruiter moves it on and back: one entry.
    const other = sandbox.store.list('stages').find((record) => (record.rel as Rel).job === job.id && record.id !== stage.id)!;
    sandbox.moveApplication(applications[0]!.id, other.id);
    await watcher.run();
    sandbox.moveApplication(applications[0]!.id, stage.id);
    await watcher.run();
    expect(entered).toEqual([expect.objectContaining({ application_id: first.application_id, initial: false })]);
  });
});
