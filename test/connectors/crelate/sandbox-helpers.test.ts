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

  it('editCandidate with changes by remote id (either case) writes the unified names; the connector reads them back', async () => {
    run = await startCrelate({ records: 10, seed: 64 });
    const [first] = await collect(run.connector.syncCandidates());
    const remoteId = run.sandbox.editCandidate(first!.remote_id.toUpperCase(), { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone: '+13125550100' });
    expect(remoteId).toBe(first!.remote_id);
    const edited = await run.connector.getCandidate(remoteId);
    expect([edited.first_name, edited.last_name]).toEqual(['Ada', 'Lovelace']);
    expect(edited.email_addresses.map((email) => email.email_address)).toContain('ada@example.com');
    expect(edited.phone_numbers.map((phone) => phone.phone_number)).toContain('+13125550100');
    expect(() => run!.sandbox.editCandidate('00000000-0000-4000-8000-000000000000')).toThrow(/No candidate/);
  });

  it('editJob renames or closes a job and returns its remote id; a closed job reads CLOSED', async () => {
    run = await startCrelate({ records: 10, seed: 65 });
    const openJob = (await collect(run.connector.syncJobs())).find((job) => job.status === 'OPEN')!;
    expect(run.sandbox.editJob(openJob.remote_id, { status: 'CLOSED' })).toBe(openJob.remote_id);
    expect((await run.connector.getJob(openJob.remote_id)).status).toBe('CLOSED');
    const renamed = run.sandbox.editJob(0);
    expect((await run.connector.getJob(renamed)).name).toMatch(/\(edited\)$/);
  });

  it('removeCandidate is the same deletion as deleteCandidate and returns the remote id', async () => {
    run = await startCrelate({ records: 10, seed: 66 });
    const [first] = await collect(run.connector.syncCandidates());
    expect(run.sandbox.removeCandidate(first!.remote_id)).toBe(first!.remote_id);
    expect((await collect(run.connector.syncCandidates())).some((candidate) => candidate.remote_id === first!.remote_id)).toBe(false);
  });
});
