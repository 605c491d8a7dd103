/**
 * The Crelate sandbox's typed edit helpers take and return the ids the connector's `remote_id`
 * fields carry: a candidate's contact GUID, an application's `<jobId>:<contactId>`, a stage's
 * workflow status GUID.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/testing/sandbox/server.js';
import { collect, startCrelate, type Harness } from './helpers.js';

let run: (Harness & { sandbox: Sandbox }) | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('sandbox edit helpers', () => {
  it('editCandidate returns the remote_id of the candidate it changed', async () => {
    run = await startCrelate({ records: 10, seed: 61 });
    const remoteId = run.sandbox.editCandidate(2);
    const all = await collect(run.connector.syncCandidates());
    const edited = all.find((candidate) => candidate.remote_id === remoteId);
    expect(edited?.first_name).toMatch(/-edited$/);
  });

  it('moveApplication(application remote_id, stage remote_id) moves the pipeline item; a status of another workflow type is refused', async () => {
    run = await startCrelate({ records: 20, seed: 62 });
    const [application] = await collect(run.connector.syncApplications(undefined, { jobId: run.sandbox.store.list('jobs')[0]!.id }));
    const stages = await collect(run.connector.syncJobStages());
    const target = stages.find((stage) => stage.job_id === application!.job_id && stage.stage_id !== application!.current_stage_id)!;
    const stageRemoteId = target.remote_id.split(':')[1]!;
    run.sandbox.moveApplication(application!.remote_id, stageRemoteId);
    expect((await run.connector.getApplication(application!.remote_id)).current_stage_id).toBe(target.stage_id);
    const foreign = stages.find((stage) => stage.job_id !== application!.job_id && !stages.some((own) => own.job_id === application!.job_id && own.stage_id === stage.stage_id))!;
    expect(() => run!.sandbox.moveApplication(application!.remote_id, foreign.remote_id.split(':')[1]!)).toThrow(/workflow type/);
  });

  it('deleteCandidate(remote_id) removes the contact and its pipeline items', async () => {
    run = await startCrelate({ records: 20, seed: 63 });
    const [application] = await collect(run.connector.syncApplications());
    const contactId = application!.remote_id.split(':')[1]!;
    run.sandbox.deleteCandidate(contactId);
    expect((await collect(run.connector.syncCandidates())).some((candidate) => candidate.remote_id === contactId)).toBe(false);
    expect((await collect(run.connector.syncApplications())).some((record) => record.remote_id.endsWith(`:${contactId}`))).toBe(false);
    expect(() => run!.sandbox.deleteCandidate(contactId)).toThrow();
  });
});
