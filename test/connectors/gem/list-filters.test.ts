/**
 * List filters on Gem sync streams: the ones Gem has a parameter for are sent (`job_id`, `email`,
 * `status`, `created_after`, one value each), the others are checked on the records; either way
 * only matching records come back (#18.8, #19.7).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { gemSandbox } from '../../../src/testing/sandboxes/gem/sandbox.js';
import { collect } from './helpers.js';
import { gid, startGemSandbox, type GemSandbox } from './sandbox-helpers.js';

let box: GemSandbox;
afterEach(async () => {
  await box?.close();
});

const store = () => box.sandbox.store;
const liveApplications = () => store().list('applications').filter((application) => !application.deleted_at);
const listRequests = (path: string) => box.requests().filter((request) => request.startsWith(`GET ${path}`));

describe('applications', () => {
  it('syncApplications(since, { jobId }) sends job_id and returns only that job\'s applications', async () => {
    box = await startGemSandbox({ records: 40 });
    const jobId = String(liveApplications()[0]!.job_id);
    const expected = liveApplications().filter((application) => application.job_id === jobId).map((application) => application.id).sort();
    const records = await collect(box.connector.syncApplications(undefined, { jobId: gid('job', jobId) }));
    expect(records.map((record) => record.remote_id).sort()).toEqual(expected);
    expect(expected.length).toBeLessThan(liveApplications().length);
    expect(listRequests('/applications/')).toEqual([`GET /applications/?include_deleted=true&job_id=${jobId}&page=1&per_page=500`]);
    // The provider's own id works as well.
    box.received.length = 0;
    expect((await collect(box.connector.syncApplications(undefined, { jobId }))).length).toBe(expected.length);
    expect(listRequests('/applications/')[0]).toContain(`job_id=${jobId}`);
  });

  it('{ candidateId } has no Gem parameter: checked on the records, never sent', async () => {
    box = await startGemSandbox({ records: 40 });
    const application = liveApplications()[4]!;
    const candidateId = String(application.candidate_id);
    const records = await collect(box.connector.syncApplications(undefined, { candidateId: gid('candidate', candidateId) }));
    expect(records.map((record) => record.remote_id).sort()).toEqual(liveApplications().filter((entry) => entry.candidate_id === candidateId).map((entry) => entry.id).sort());
    expect(box.requests().some((request) => request.includes('candidate'))).toBe(false);
  });

  it('one outcome is sent as status, created_after as created_after; several job ids are checked client-side', async () => {
    box = await startGemSandbox({ records: 40 });
    const declined = await collect(box.connector.syncApplications(undefined, { outcomes: ['DECLINED'] }));
    expect(declined.length).toBe(liveApplications().filter((application) => application.status === 'rejected').length);
    expect(declined.every((record) => record.outcome === 'DECLINED')).toBe(true);
    expect(listRequests('/applications/')[0]).toContain('status=rejected');

    box.received.length = 0;
    const times = liveApplications().map((application) => Number(application.created_at)).sort((a, b) => a - b);
    const cut = times[Math.floor(times.length / 2)]!;
    const recent = await collect(box.connector.syncApplications(undefined, { created_after: new Date(cut) }));
    expect(recent.length).toBe(times.filter((time) => time >= cut).length);
    expect(listRequests('/applications/')[0]).toContain(`created_after=${new Date(cut).toISOString()}`);

    box.received.length = 0;
    const jobs = [...new Set(liveApplications().map((application) => String(application.job_id)))].slice(0, 2);
    const both = await collect(box.connector.syncApplications(undefined, { job_ids: jobs.map((job) => gid('job', job)) }));
    expect(box.requests().some((request) => request.includes('job_id='))).toBe(false);
    expect(new Set(both.map((record) => record.job_id))).toEqual(new Set(jobs.map((job) => gid('job', job))));
  });

  it('a Gem that ignores a sent filter still cannot leak records: the client-side check runs too', async () => {
    box = await startGemSandbox({ records: 40, provider: { handle: (request, context) => (request.query.delete('job_id'), gemSandbox.handle(request, context)) } });
    const jobId = String(liveApplications()[0]!.job_id);
    const records = await collect(box.connector.syncApplications(undefined, { jobId }));
    expect(records.length).toBe(liveApplications().filter((application) => application.job_id === jobId).length);
    expect(records.every((record) => record.job_id === gid('job', jobId))).toBe(true);
  });
});

describe('candidates, users and jobs', () => {
  it('emails are sent as email=; ids and remote_ids are checked on the records', async () => {
    box = await startGemSandbox({ records: 30 });
    const candidate = store().list('candidates')[7]!;
    const email = (candidate.email_addresses as { value: string }[])[0]!.value;
    const found = await collect(box.connector.syncCandidates(undefined, { emails: [email.toUpperCase()] }));
    expect(found.map((record) => record.remote_id)).toEqual([candidate.id]);
    expect(listRequests('/candidates/')[0]).toContain(`email=${email}`);
    const user = store().list('users')[2]!;
    const users = await collect(box.connector.syncUsers(undefined, { emails: [String(user.primary_email_address)] }));
    expect(users.map((record) => record.remote_id)).toEqual([user.id]);
    expect(listRequests('/users/')[0]).toContain(`email=${String(user.primary_email_address)}`);
    const byIds = await collect(box.connector.syncCandidates(undefined, { remote_ids: [candidate.id], ids: [gid('candidate', candidate.id)] }));
    expect(byIds.map((record) => record.remote_id)).toEqual([candidate.id]);
  });

  it('OPEN is sent as status=open; DRAFT (three Gem statuses) and name_contains are checked client-side', async () => {
    box = await startGemSandbox({ records: 200 });
    const open = await collect(box.connector.syncJobs(undefined, { statuses: ['OPEN'] }));
    expect(open.length).toBe(store().list('jobs').filter((job) => job.status === 'open' && !job.is_template).length);
    expect(listRequests('/jobs/')[0]).toContain('status=open');
    box.received.length = 0;
    const drafts = await collect(box.connector.syncJobs(undefined, { statuses: ['DRAFT'], name_contains: '4' }));
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((job) => job.status === 'DRAFT' && (job.name ?? '').includes('4'))).toBe(true);
    expect(drafts.length).toBe(store().list('jobs').filter((job) => job.status === 'draft' && String(job.name).includes('4')).length);
    expect(box.requests().some((request) => request.includes('status='))).toBe(false);
  });

  it('capabilities say which filters are sent; a wrong key is a ValidationError before any request', async () => {
    box = await startGemSandbox();
    const models = box.connector.capabilities.models;
    expect(models.applications.filters).toMatchObject({ job_ids: 'server', outcomes: 'server', created_after: 'server', candidate_ids: 'client', current_stage_ids: 'client' });
    expect(models.candidates.filters).toMatchObject({ emails: 'server', ids: 'client' });
    expect(models.jobs.filters).toMatchObject({ statuses: 'server', name_contains: 'client' });
    expect(() => box.connector.syncApplications(undefined, { jobID: '1' } as never)).toThrow(ValidationError);
    expect(box.received).toEqual([]);
  });
});
