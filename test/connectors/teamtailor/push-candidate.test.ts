/**
 * The push flow on Teamtailor, the reference connector, through its sandbox: find by email,
 * create an application for an existing candidate, list filters sent as `filter[...]`, and
 * `pushCandidate` end to end, including a retry after a write that timed out once it had landed
 * (one candidate, one application).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/core/ids.js';
import { AmbiguousWriteError, DuplicateError, UnsupportedError, ValidationError } from '../../../src/core/errors.js';
import { startSandbox, type Sandbox, type StoredRecord } from '../../../src/testing/index.js';
import { startSandboxServer } from '../../../src/testing/sandbox/server.js';
import type { SandboxProvider } from '../../../src/testing/sandbox/types.js';
import { teamtailorSandbox } from '../../../src/testing/sandboxes/teamtailor/sandbox.js';
import { serveFile, type FileServer } from '../../helpers/file-server.js';
import { collect } from './fixture-server.js';
import { sandboxConnector, type SandboxConnector } from './sandbox-helpers.js';

const id = (kind: string, ...parts: string[]) => encodeId('teamtailor', kind, ...parts);
type Rel = Record<string, string | string[] | null>;
const rel = (record: StoredRecord | undefined) => (record?.rel ?? {}) as Rel;

let sandbox: Sandbox<'teamtailor'>;
let ats: SandboxConnector;
let file: FileServer | null = null;
beforeEach(async () => {
  sandbox = await startSandbox('teamtailor', { records: 20, seed: 21 });
  ats = sandboxConnector(sandbox);
});
afterEach(async () => {
  await ats.close();
  await sandbox.close();
  await file?.close();
  file = null;
});

/** An open job and its stages in order. */
function openJob() {
  const job = sandbox.store.list('jobs').find((record) => record.status === 'open')!;
  const stages = sandbox.store
    .list('stages')
    .filter((stage) => rel(stage).job === job.id)
    .sort((a, b) => Number(a['row-order']) - Number(b['row-order']));
  return { job, stages };
}
const applicationsOf = (candidateId: string) => sandbox.store.list('job-applications').filter((application) => rel(application).candidate === candidateId);
const candidatesWith = (email: string) => sandbox.store.list('candidates').filter((candidate) => String(candidate.email).toLowerCase() === email.toLowerCase());
const person = (email: string) => ({ first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: email }] });

describe('findCandidatesByEmail', () => {
  it('asks filter[email] once and returns the exact match, whatever the case', async () => {
    const existing = sandbox.store.list('candidates')[3]!;
    const found = await ats.connector.findCandidatesByEmail(String(existing.email).toUpperCase());
    expect(found.map((candidate) => candidate.remote_id)).toEqual([existing.id]);
    expect(ats.requests.filter((request) => request.startsWith('GET /candidates'))).toHaveLength(1);
    expect(ats.requests[0]).toContain(`filter[email]=${String(existing.email).toLowerCase()}`);
    expect(await ats.connector.findCandidatesByEmail('nobody@example.test')).toEqual([]);
  });

  it('refuses a value that is not an email before any request', async () => {
    const error = await ats.connector.findCandidatesByEmail('not an email').catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(UnsupportedError);
    expect((error as Error).message).toMatch(/findCandidatesByEmail/);
    expect(ats.requests).toEqual([]);
  });
});

describe('createApplication', () => {
  it('applies an existing candidate to a job, straight into the stage, without notifications', async () => {
    const { job, stages } = openJob();
    const candidate = sandbox.store.list('candidates').find((record) => !applicationsOf(record.id).some((application) => rel(application).job === job.id))!;
    const target = stages[1]!;
    const result = await ats.connector.createApplication({ candidate_id: id('candidate', candidate.id), job_id: id('job', job.id), stage_id: id('stage', target.id) });
    expect(result.application).toMatchObject({ candidate_id: id('candidate', candidate.id), job_id: id('job', job.id), current_stage_id: id('stage', target.id), outcome: 'PENDING' });
    const stored = sandbox.store.get('job-applications', result.application.remote_id)!;
    expect(rel(stored)).toMatchObject({ candidate: candidate.id, job: job.id, stage: target.id });
    expect(result.remote_id).toBe(stored.id);
  });

  it('accepts the provider ids as they are, and warns about screening answers it cannot write', async () => {
    const { job } = openJob();
    const candidate = sandbox.store.list('candidates')[0]!;
    const result = await ats.connector.createApplication({ candidate_id: id('candidate', candidate.id), job_id: id('job', job.id), screening_question_answers: [{ question_id: 'q1', answer: 'yes' }] });
    expect(result.warnings.join(' ')).toMatch(/screening_question_answers was not written/);
  });
});

describe('list filters', () => {
  it('syncApplications(since, { jobId }) sends filter[job] and returns only that job\'s applications', async () => {
    const { job } = openJob();
    const expected = sandbox.store.list('job-applications').filter((application) => rel(application).job === job.id).map((application) => application.id).sort();
    const records = await collect(ats.connector.syncApplications(undefined, { jobId: id('job', job.id) }));
    expect(records.map((record) => record.remote_id).sort()).toEqual(expected);
    expect(ats.requests.every((request) => request.includes(`filter[job]=${job.id}`))).toBe(true);
    // The provider's own id works as well.
    ats.requests.length = 0;
    expect((await collect(ats.connector.syncApplications(undefined, { jobId: job.id }))).length).toBe(expected.length);
    expect(ats.requests[0]).toContain(`filter[job]=${job.id}`);
  });

  it('{ candidateId } sends filter[candidate]; several job ids are checked client-side on the records', async () => {
    const application = sandbox.store.list('job-applications')[2]!;
    const byCandidate = await collect(ats.connector.syncApplications(undefined, { candidateId: id('candidate', String(rel(application).candidate)) }));
    expect(byCandidate.map((record) => record.remote_id)).toContain(application.id);
    expect(ats.requests[0]).toContain(`filter[candidate]=${String(rel(application).candidate)}`);
    const jobs = [...new Set(sandbox.store.list('job-applications').map((record) => String(rel(record).job)))].slice(0, 2);
    ats.requests.length = 0;
    const both = await collect(ats.connector.syncApplications(undefined, { job_ids: jobs.map((job) => id('job', job)) }));
    expect(ats.requests.some((request) => request.includes('filter[job]'))).toBe(false);
    expect(new Set(both.map((record) => record.job_id))).toEqual(new Set(jobs.map((job) => id('job', job))));
  });

  it('filters without a Teamtailor parameter (outcomes, statuses, name) are checked client-side; a wrong key is a ValidationError', async () => {
    const declined = await collect(ats.connector.syncApplications(undefined, { outcomes: ['DECLINED'] }));
    expect(declined.length).toBeGreaterThan(0);
    expect(declined.every((record) => record.outcome === 'DECLINED')).toBe(true);
    expect(ats.connector.capabilities.models.applications.filters).toMatchObject({ job_ids: 'server', candidate_ids: 'server', outcomes: 'client' });
    const open = await collect(ats.connector.syncJobs(undefined, { statuses: ['OPEN'], name_contains: '1' }));
    expect(open.every((job) => job.status === 'OPEN' && (job.name ?? '').includes('1'))).toBe(true);
    expect(() => ats.connector.syncApplications(undefined, { jobID: '1' } as never)).toThrow(ValidationError);
  });
});

describe('pushCandidate', () => {
  it('creates the candidate, applies it to the job in the stage and attaches the CV from its URL', async () => {
    const { job, stages } = openJob();
    file = await serveFile('ada-cv.pdf', Buffer.from('%PDF cv'));
    const result = await ats.connector.pushCandidate({
      candidate: person('ada.push@example.test'),
      job_id: id('job', job.id),
      stage_id: id('stage', stages[2]!.id),
      attachments: [{ name: 'ada-cv.pdf', content_type: 'application/pdf', url: file.url, type: 'CV' }],
      dedupe: 'email',
    });
    const [created] = candidatesWith('ada.push@example.test');
    expect(result).toMatchObject({ status: 'created', candidate_id: id('candidate', created!.id), application_created: true, attachments: [{ name: 'ada-cv.pdf', status: 'uploaded' }] });
    const [application] = applicationsOf(created!.id);
    expect(result.application_id).toBe(id('application', application!.id));
    expect(rel(application)).toMatchObject({ job: job.id, stage: stages[2]!.id });
    expect(sandbox.store.list('uploads').filter((upload) => rel(upload).candidate === created!.id).map((upload) => [upload.url, rel(upload).job])).toEqual([[file.url, job.id]]);
  });

  it('pushed twice with a timeout in between (the create landed, its answer was late): one candidate, one application', async () => {
    const { job, stages } = openJob();
    await ats.close();
    ats = sandboxConnector(sandbox, { timeoutMs: 150 });
    // The next write (POST /candidates) is carried out but answered after the connector gave up.
    sandbox.setFaults({ slowWriteAnswers: { delayMs: 400, count: 1 } });
    const input = { candidate: person('grace.retry@example.test'), job_id: id('job', job.id), stage_id: id('stage', stages[1]!.id) };
    const first = await ats.connector.pushCandidate(input);
    expect(first.status).toBe('created');
    expect(first.warnings.join(' ')).toMatch(/timed out, but the candidate was found afterwards/);
    const second = await ats.connector.pushCandidate(input);
    expect(second).toMatchObject({ status: 'reused', candidate_id: first.candidate_id, application_id: first.application_id, application_created: false });
    const candidates = candidatesWith('grace.retry@example.test');
    expect(candidates).toHaveLength(1);
    expect(applicationsOf(candidates[0]!.id)).toHaveLength(1);
  });

  it('a timed-out createApplication that landed is found by the lookup, not created again', async () => {
    const { job } = openJob();
    await ats.close();
    ats = sandboxConnector(sandbox, { timeoutMs: 150 });
    const existing = sandbox.store.list('candidates').find((candidate) => !applicationsOf(candidate.id).some((application) => rel(application).job === job.id))!;
    sandbox.setFaults({ slowWriteAnswers: { delayMs: 400, count: 1 } });
    const result = await ats.connector.pushCandidate({ candidate: person(String(existing.email)), job_id: id('job', job.id) });
    expect(result).toMatchObject({ status: 'reused', application_created: true });
    expect(result.warnings.join(' ')).toMatch(/Creating the application timed out, but the application was found afterwards/);
    expect(applicationsOf(existing.id).filter((application) => rel(application).job === job.id)).toHaveLength(1);
  });

  it('when the lookup cannot find what a timed-out write did, it raises AmbiguousWriteError instead of guessing', async () => {
    // A provider that accepts the create but does not show it yet (it is dropped from the lists).
    const hiding: SandboxProvider = {
      ...teamtailorSandbox,
      handle(request, context) {
        const response = teamtailorSandbox.handle(request, context);
        const created = (response.body as { data?: { id?: string } } | null)?.data?.id;
        if (request.method === 'POST' && request.path === '/candidates' && response.status === 201 && created) context.store.remove('candidates', created);
        return response;
      },
    };
    const hidden = await startSandboxServer(hiding, { records: 5, seed: 3, faults: { slowWriteAnswers: { delayMs: 400, count: 1 } } });
    const connector = sandboxConnector(hidden, { timeoutMs: 150 });
    try {
      const job = hidden.store.list('jobs')[0]!;
      const error = await connector.connector.pushCandidate({ candidate: person('lost.write@example.test'), job_id: id('job', job.id) }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AmbiguousWriteError);
      // It looked before writing and after the timeout, and wrote nothing else.
      expect(connector.requests.filter((request) => request.startsWith('GET /candidates?'))).toHaveLength(2);
      expect(connector.requests.filter((request) => request.startsWith('POST'))).toEqual(['POST /candidates']);
    } finally {
      await connector.close();
      await hidden.close();
    }
  });

  it('reuses an existing candidate and leaves an existing application in its stage (with a warning)', async () => {
    const application = sandbox.store.list('job-applications').find((record) => record['rejected-at'] === null)!;
    const candidate = sandbox.store.get('candidates', String(rel(application).candidate))!;
    const stages = sandbox.store.list('stages').filter((stage) => rel(stage).job === rel(application).job);
    const other = stages.find((stage) => stage.id !== rel(application).stage)!;
    const result = await ats.connector.pushCandidate({ candidate: person(String(candidate.email)), job_id: id('job', String(rel(application).job)), stage_id: id('stage', other.id) });
    expect(result).toMatchObject({ status: 'reused', candidate_id: id('candidate', candidate.id), application_id: id('application', application.id), application_created: false });
    expect(result.warnings.join(' ')).toMatch(/already applied to this job: the application was left in its current stage/);
    expect(rel(sandbox.store.get('job-applications', application.id))).toMatchObject({ stage: rel(application).stage });
    expect(ats.requests.filter((request) => request.startsWith('POST'))).toEqual([]);
  });

  it('an attachment given as bytes cannot go to Teamtailor: the push goes on and says so', async () => {
    const { job } = openJob();
    const result = await ats.connector.pushCandidate({
      candidate: person('bytes.only@example.test'),
      job_id: id('job', job.id),
      attachments: [{ name: 'cv.pdf', content_type: 'application/pdf', data: new Uint8Array([37, 80, 68, 70]) }],
    });
    expect(result.status).toBe('created');
    expect(result.attachments).toEqual([{ name: 'cv.pdf', status: 'failed', remote_id: null }]);
    expect(result.warnings.join(' ')).toMatch(/cv\.pdf was not attached: teamtailor takes only url/);
  });
});

describe('the other new Teamtailor behaviour', () => {
  it('bytes to a URL-only provider are UnsupportedError before any request', async () => {
    const candidate = sandbox.store.list('candidates')[0]!;
    const error = await ats.connector
      .addAttachmentToCandidate({ candidate_id: id('candidate', candidate.id), attachment: { name: 'a.pdf', content_type: 'application/pdf', data: new Uint8Array([1]) } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsupportedError);
    expect((error as Error).message).toMatch(/pass attachment\.url/);
    expect(ats.requests).toEqual([]);
    expect(ats.connector.capabilities.actions.addAttachmentToCandidate.accepts).toEqual(['url']);
  });

  it('createCandidate with a taken email is a DuplicateError carrying the existing candidate', async () => {
    const existing = sandbox.store.list('candidates')[1]!;
    const error = await ats.connector.createCandidate({ candidate: person(String(existing.email)) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DuplicateError);
    expect(error).toMatchObject({ status: 422, existingId: id('candidate', existing.id), existingRemoteId: existing.id });
  });

  it('createCandidate warns about every detail Teamtailor does not take, and uploads its attachments after', async () => {
    file = await serveFile('cv.pdf', Buffer.from('%PDF'));
    const result = await ats.connector.createCandidate({
      candidate: { ...person('details@example.test'), location: { city: 'Lyon', country: 'FR' }, availability_date: '2026-09-01', salary_expectations: { amount: 50_000, currency: 'EUR', period: 'YEAR' } },
      gdpr_consent: { given: true },
      attachments: [{ name: 'cv.pdf', content_type: 'application/pdf', url: file.url }],
    });
    const text = result.warnings.join('\n');
    for (const path of ['candidate.location', 'candidate.availability_date', 'candidate.salary_expectations', 'gdpr_consent']) expect(text).toContain(`${path} was not written`);
    expect(sandbox.store.list('uploads').filter((upload) => rel(upload).candidate === result.candidate.remote_id)).toHaveLength(1);
  });

  it('an HTML note keeps its link target as text, says it converted, and takes the author and privacy from remote_fields', async () => {
    const candidate = sandbox.store.list('candidates')[0]!;
    const author = sandbox.store.list('users').find((user) => user.role === 'recruiter')!;
    const result = await ats.connector.addNoteToCandidate({
      candidate_id: id('candidate', candidate.id),
      content: '<p>Interview done. Score 87/100. <a href="https://results.example/r/9">Results</a></p>',
      content_type: 'HTML',
      remote_fields: { teamtailor: { user_id: author.id, private_note: true } },
    });
    const note = sandbox.store.list('notes').at(-1)!;
    expect(note.note).toBe('Interview done. Score 87/100. Results (https://results.example/r/9)');
    expect(rel(note).user).toBe(author.id);
    expect(note['private-note']).toBe(true);
    expect(result.warnings.join(' ')).toMatch(/HTML was converted/);
    const unknown = await ats.connector
      .addNoteToCandidate({ candidate_id: id('candidate', candidate.id), content: 'x', remote_fields: { teamtailor: { author: '1' } } } as never)
      .catch((caught: unknown) => caught);
    expect((unknown as Error).message).toMatch(/remote_fields/);
  });

  it('getApplicationAttachments lists the uploads linked to the application\'s job', async () => {
    const application = sandbox.store.list('job-applications')[0]!;
    file = await serveFile('report.pdf', Buffer.from('%PDF'));
    await ats.connector.addAttachmentToApplication({ application_id: id('application', application.id), attachment: { name: 'report.pdf', content_type: 'application/pdf', url: file.url } });
    await ats.connector.addAttachmentToCandidate({ candidate_id: id('candidate', String(rel(application).candidate)), attachment: { name: 'other.pdf', content_type: 'application/pdf', url: file.url } });
    const attachments = await ats.connector.getApplicationAttachments({ application_id: id('application', application.id) });
    expect(attachments.map((attachment) => [attachment.file_name, attachment.owner, attachment.owner_id])).toEqual([['report.pdf', 'application', id('application', application.id)]]);
  });

  it('syncRoles lists the user roles once each; users carry them as system roles', async () => {
    const roles = await collect(ats.connector.syncRoles());
    const expected = [...new Set(sandbox.store.list('users').map((user) => String(user.role)))].sort();
    expect(roles.map((role) => role.remote_id).sort()).toEqual(expected);
    expect(roles.find((role) => role.remote_id === 'admin')).toMatchObject({ scope: 'SYSTEM', unified_type: 'ADMIN' });
    const users = await collect(ats.connector.syncUsers());
    const admin = users.find((user) => user.system_roles.some((role) => role.remote_id === 'admin'))!;
    expect(admin.system_roles).toEqual([{ role_id: id('role', 'admin'), remote_id: 'admin', remote_label: 'admin', scope: 'SYSTEM', unified_type: 'ADMIN' }]);
  });
});
