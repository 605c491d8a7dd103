/**
 * The Gem sandbox's typed edit helpers (#18.9): each makes a recruiter's edit and answers the
 * remote id the connector's records carry, and the next delta sync shows the change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/testing/index.js';
import { createGemConnector } from '../../../src/connectors/gem/index.js';
import { collect } from './helpers.js';
import { gid } from './sandbox-helpers.js';

let sandbox: Sandbox<'gem'>;
let connector: ReturnType<typeof createGemConnector>;
afterEach(async () => {
  await connector?.close();
  await sandbox?.close();
});

async function start() {
  sandbox = await startSandbox('gem', { records: 20, seed: 5 });
  connector = createGemConnector({ ...sandbox.connectorOptions, rateLimit: false });
  // Everything before the edits; deltas from just before them.
  await collect(connector.syncCandidates());
  return new Date(sandbox.now() - 1_000);
}

describe('Gem sandbox edits', () => {
  it('editCandidate returns the remote id of the changed candidate, which the next delta carries', async () => {
    const since = await start();
    const remoteId = sandbox.editCandidate(2);
    const changed = await collect(connector.syncCandidates(since));
    expect(changed.map((candidate) => candidate.remote_id)).toEqual([remoteId]);
    expect(changed[0]!.first_name).toMatch(/-edited$/);
  });

  it('moveApplication moves by remote ids; a stage of another job is refused', async () => {
    const since = await start();
    const application = sandbox.store.list('applications').find((record) => !record.deleted_at)!;
    const target = sandbox.store.list('job_stages').find((stage) => stage.job_id === application.job_id && stage.id !== application.current_stage_id)!;
    sandbox.moveApplication(application.id, target.id);
    const moved = (await collect(connector.syncApplications(since))).find((record) => record.remote_id === application.id)!;
    expect(moved.current_stage_id).toBe(gid('stage', target.id));
    const foreign = sandbox.store.list('job_stages').find((stage) => stage.job_id !== application.job_id)!;
    expect(() => sandbox.moveApplication(application.id, foreign.id)).toThrow(/not a stage of job/);
  });

  it('removeCandidate soft-deletes the candidate and their applications, as Gem does; deleteCandidate is its alias', async () => {
    const since = await start();
    const [first, second] = sandbox.store.list('candidates');
    sandbox.removeCandidate(first!.id);
    sandbox.deleteCandidate(second!.id);
    const changed = await collect(connector.syncCandidates(since));
    expect(changed.filter((candidate) => candidate.remote_deleted_at !== null).map((candidate) => candidate.remote_id).sort()).toEqual([first!.id, second!.id].sort());
    const applications = (await collect(connector.syncApplications(since))).filter((application) => application.candidate_id === gid('candidate', first!.id));
    expect(applications.length).toBeGreaterThan(0);
    expect(applications.every((application) => application.remote_deleted_at !== null)).toBe(true);
    expect(() => sandbox.removeCandidate(first!.id)).toThrow(/No candidate/);
  });

  it('editJob returns the remote id of the renamed job', async () => {
    const since = await start();
    const remoteId = sandbox.editJob(1);
    const jobs = await collect(connector.syncJobs(since));
    expect(jobs.map((job) => job.remote_id)).toEqual([remoteId]);
    expect(jobs[0]!.name).toMatch(/\(edited\)$/);
  });
});
