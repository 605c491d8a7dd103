/**
 * The push flow on Gem through its sandbox: find by email (`email=`), apply an existing candidate
 * to a job (the inferred Harvest-style route), `pushCandidate` end to end (Gem creates the person
 * together with the application, and takes files only on that create), a retry after a write that
 * timed out once it had landed (one candidate, one application), duplicates, HTML notes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DuplicateError, UnsupportedError } from '../../../src/core/errors.js';
import type { StoredRecord } from '../../../src/testing/index.js';
import { gemSandbox } from '../../../src/testing/sandboxes/gem/sandbox.js';
import { serveFile, type FileServer } from '../../helpers/file-server.js';
import { gid, startGemSandbox, type GemSandbox } from './sandbox-helpers.js';

let box: GemSandbox;
let file: FileServer | null = null;
afterEach(async () => {
  await box?.close();
  await file?.close();
  file = null;
});

const store = () => box.sandbox.store;
/** An open job and its stages by priority. */
function openJob() {
  const job = store().list('jobs').find((record) => record.status === 'open' && !record.is_template)!;
  const stages = store().list('job_stages').filter((stage) => stage.job_id === job.id).sort((a, b) => Number(a.priority) - Number(b.priority));
  return { job, stages };
}
const emailOf = (candidate: StoredRecord) => (candidate.email_addresses as { value: string }[])[0]!.value;
const candidatesWith = (email: string) => store().list('candidates').filter((candidate) => emailOf(candidate).toLowerCase() === email.toLowerCase());
const applicationsOf = (candidateId: string) => store().list('applications').filter((application) => application.candidate_id === candidateId);
const person = (email: string) => ({ first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: email }] });

describe('findCandidatesByEmail', () => {
  it('asks email= once and returns the exact match, whatever the case', async () => {
    box = await startGemSandbox();
    const existing = store().list('candidates')[3]!;
    const found = await box.connector.findCandidatesByEmail(emailOf(existing).toUpperCase());
    expect(found.map((candidate) => candidate.remote_id)).toEqual([existing.id]);
    expect(box.requests()).toEqual([`GET /candidates/?include_deleted=true&email=${emailOf(existing)}&page=1&per_page=500`]);
    expect(await box.connector.findCandidatesByEmail('nobody@example.test')).toEqual([]);
  });

  it('keeps exact matches only when Gem answers more (a partial match)', async () => {
    // A Gem that ignored the filter would return every candidate: only the exact one survives.
    box = await startGemSandbox({ provider: { handle: (request, context) => (request.query.delete('email'), gemSandbox.handle(request, context)) } });
    const existing = store().list('candidates')[5]!;
    const found = await box.connector.findCandidatesByEmail(emailOf(existing));
    expect(found.map((candidate) => candidate.remote_id)).toEqual([existing.id]);
  });
});

describe('createApplication', () => {
  it('applies an existing candidate to a job, straight into the stage, with the exact body', async () => {
    box = await startGemSandbox();
    const { job, stages } = openJob();
    const candidate = store().list('candidates').find((record) => !applicationsOf(record.id).some((application) => application.job_id === job.id))!;
    const result = await box.connector.createApplication({ candidate_id: gid('candidate', candidate.id), job_id: gid('job', job.id), stage_id: gid('stage', stages[2]!.id) });
    expect(box.writes().map((request) => [request.method, request.path, request.body])).toEqual([
      ['POST', `/candidates/${encodeURIComponent(candidate.id)}/applications`, { job_id: job.id, initial_stage_id: stages[2]!.id }],
    ]);
    const stored = store().get('applications', result.remote_id!)!;
    expect(stored).toMatchObject({ candidate_id: candidate.id, job_id: job.id, current_stage_id: stages[2]!.id, status: 'active' });
    expect(result.application).toMatchObject({ candidate_id: gid('candidate', candidate.id), job_id: gid('job', job.id), outcome: 'PENDING', remote_id: stored.id });
    expect(result.warnings.join(' ')).toMatch(/inferred/);
  });

  it('without a stage, Gem puts it in the job\'s first stage; the provider ids work as they are', async () => {
    box = await startGemSandbox();
    const { job, stages } = openJob();
    const candidate = store().list('candidates')[0]!;
    const result = await box.connector.createApplication({ candidate_id: candidate.id, job_id: job.id });
    expect(box.writes()[0]!.body).toEqual({ job_id: job.id });
    expect(store().get('applications', result.remote_id!)!.current_stage_id).toBe(stages[0]!.id);
  });
});

describe('pushCandidate', () => {
  it('a new candidate: one POST /candidates/ with the job, the stage and the CV downloaded from its URL', async () => {
    box = await startGemSandbox({ connector: { downloads: { allowPrivateNetwork: true } } });
    const { job, stages } = openJob();
    file = await serveFile('ada-cv.pdf', Buffer.from('%PDF cv'));
    const result = await box.connector.pushCandidate({
      candidate: person('ada.push@example.test'),
      job_id: gid('job', job.id),
      stage_id: gid('stage', stages[2]!.id),
      attachments: [{ name: 'ada-cv.pdf', content_type: 'application/pdf', url: file.url, type: 'CV' }],
      dedupe: 'email',
    });
    const [created] = candidatesWith('ada.push@example.test');
    const [application] = applicationsOf(created!.id);
    expect(result).toMatchObject({
      status: 'created',
      candidate_id: gid('candidate', created!.id),
      application_id: gid('application', application!.id),
      application_created: true,
      attachments: [{ name: 'ada-cv.pdf', status: 'uploaded' }],
    });
    expect(application).toMatchObject({ job_id: job.id, current_stage_id: stages[2]!.id });
    expect(result.warnings.join(' ')).toMatch(/downloaded from attachment\.url/);
    // Exactly one write, with Gem's documented create shape.
    expect(box.writes().map((request) => [request.method, request.path, request.body])).toEqual([
      ['POST', '/candidates/', {
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada.push@example.test',
        job_id: job.id,
        initial_stage_id: stages[2]!.id,
        attachments: [{ filename: 'ada-cv.pdf', type: 'resume', content: Buffer.from('%PDF cv').toString('base64'), content_type: 'application/pdf' }],
      }],
    ]);
    expect(store().list('received_files').map((entry) => [entry.candidate_id, entry.filename, entry.bytes])).toEqual([[created!.id, 'ada-cv.pdf', '%PDF cv']]);
    expect(file.requests).toBe(1);
  });

  it('pushed twice with a timeout in between (the create landed, its answer was late): one candidate, one application', async () => {
    box = await startGemSandbox({ connector: { timeoutMs: 150 }, faults: { slowWriteAnswers: { delayMs: 400, count: 1 } } });
    const { job, stages } = openJob();
    const input = { candidate: person('grace.retry@example.test'), job_id: gid('job', job.id), stage_id: gid('stage', stages[1]!.id) };
    const first = await box.connector.pushCandidate(input);
    expect(first.status).toBe('created');
    expect(first.warnings.join(' ')).toMatch(/timed out, but the candidate was found afterwards/);
    const second = await box.connector.pushCandidate(input);
    expect(second).toMatchObject({ status: 'reused', candidate_id: first.candidate_id, application_id: first.application_id, application_created: false });
    const candidates = candidatesWith('grace.retry@example.test');
    expect(candidates).toHaveLength(1);
    expect(applicationsOf(candidates[0]!.id)).toHaveLength(1);
    expect(applicationsOf(candidates[0]!.id)[0]!.current_stage_id).toBe(stages[1]!.id);
    // One create in all: the retry only looked.
    expect(box.writes().map((request) => `${request.method} ${request.path}`)).toEqual(['POST /candidates/']);
  });

  it('files sent with a create whose answer was lost are found on the candidate: uploaded, not failed, not sent again', async () => {
    box = await startGemSandbox({ connector: { timeoutMs: 150 }, faults: { slowWriteAnswers: { delayMs: 400, count: 1 } } });
    const { job } = openJob();
    const result = await box.connector.pushCandidate({
      candidate: person('lost.answer@example.test'),
      job_id: gid('job', job.id),
      attachments: [
        { name: 'cv.pdf', content_type: 'application/pdf', data: new Uint8Array([37, 80, 68, 70]), type: 'CV' },
      ],
    });
    expect(result).toMatchObject({ status: 'created', attachments: [{ name: 'cv.pdf', status: 'uploaded', remote_id: null }] });
    expect(result.warnings.join(' ')).not.toMatch(/not attached/);
    const [created] = candidatesWith('lost.answer@example.test');
    expect(store().list('received_files').filter((entry) => entry.candidate_id === created!.id)).toHaveLength(1);
    expect(box.writes()).toHaveLength(1);
  });

  it('an existing candidate is reused and applied to the job through createApplication (job_id filter to look first)', async () => {
    box = await startGemSandbox();
    const { job, stages } = openJob();
    const existing = store().list('candidates').find((candidate) => !applicationsOf(candidate.id).some((application) => application.job_id === job.id))!;
    const result = await box.connector.pushCandidate({ candidate: person(emailOf(existing)), job_id: gid('job', job.id), stage_id: gid('stage', stages[1]!.id) });
    expect(result).toMatchObject({ status: 'reused', candidate_id: gid('candidate', existing.id), application_created: true });
    expect(box.requests()).toContain(`GET /applications/?include_deleted=true&job_id=${job.id}&page=1&per_page=500`);
    expect(box.writes().map((request) => [request.path, request.body])).toEqual([[`/candidates/${encodeURIComponent(existing.id)}/applications`, { job_id: job.id, initial_stage_id: stages[1]!.id }]]);
    expect(applicationsOf(existing.id).filter((application) => application.job_id === job.id)).toHaveLength(1);
  });

  it('files for a candidate who already exists cannot be sent to Gem: the push goes on and says so', async () => {
    box = await startGemSandbox();
    const { job } = openJob();
    const existing = store().list('candidates')[2]!;
    const result = await box.connector.pushCandidate({
      candidate: person(emailOf(existing)),
      job_id: gid('job', job.id),
      attachments: [{ name: 'new-cv.pdf', content_type: 'application/pdf', data: new Uint8Array([37, 80, 68, 70]) }],
    });
    expect(result.attachments).toEqual([{ name: 'new-cv.pdf', status: 'failed', remote_id: null }]);
    expect(result.warnings.join(' ')).toMatch(/gem takes no attachments through its API: 1 file\(s\) not attached/);
  });

  it('capabilities say what the push is built on', async () => {
    box = await startGemSandbox();
    const actions = box.connector.capabilities.actions;
    expect(actions.pushCandidate.supported).toBe(true);
    expect(actions.createApplication.note).toMatch(/INFERRED/);
    expect(actions.findCandidatesByEmail.note).toMatch(/exact/);
    expect(actions.createCandidate.accepts).toEqual(['data']);
    const error = await box.connector.addAttachmentToCandidate({ candidate_id: gid('candidate', 'x1'), attachment: { name: 'a.pdf', content_type: 'application/pdf', data: new Uint8Array([1]) } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsupportedError);
  });
});

describe('duplicates and notes', () => {
  it('createCandidate with a taken email is a DuplicateError carrying the existing candidate (400 "Duplicate candidate")', async () => {
    box = await startGemSandbox();
    const existing = store().list('candidates')[1]!;
    const { job } = openJob();
    const error = await box.connector.createCandidate({ candidate: person(emailOf(existing)), application: { job_id: gid('job', job.id) } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DuplicateError);
    expect(error).toMatchObject({ status: 400, existingId: gid('candidate', existing.id), existingRemoteId: existing.id });
    expect(candidatesWith(emailOf(existing))).toHaveLength(1);
  });

  it('an HTML note keeps its link target as text and says it converted', async () => {
    box = await startGemSandbox();
    const candidate = store().list('candidates')[0]!;
    const result = await box.connector.addNoteToCandidate({
      candidate_id: gid('candidate', candidate.id),
      content: '<p>Interview done. Score 87/100. <a href="https://results.example/r/9">Results</a></p>',
      content_type: 'HTML',
    });
    const admin = store().list('users').find((user) => user.site_admin && !user.disabled)!;
    expect(box.writes().map((request) => request.body)).toEqual([
      { user_id: admin.id, body: 'Interview done. Score 87/100. Results (https://results.example/r/9)', visibility: 'public' },
    ]);
    expect(result.warnings.join(' ')).toMatch(/convert/i);
    expect(store().list('notes')[0]).toMatchObject({ candidate_id: candidate.id, body: 'Interview done. Score 87/100. Results (https://results.example/r/9)' });
  });
});
