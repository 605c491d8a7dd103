/**
 * Teamtailor actions against the sandbox: each one changes the sandbox's state the way the real
 * API would (checked by reading the store after), unsupported ones throw a readable
 * `UnsupportedError`, and the write-safety scenarios T7 (reset on a create) and T9 (replayed
 * stage move).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/core/ids.js';
import { AmbiguousWriteError, UnsupportedError } from '../../../src/core/errors.js';
import { startSandbox, type Sandbox, type StoredRecord } from '../../../src/testing/index.js';
import { collect } from './fixture-server.js';
import { sandboxConnector, type SandboxConnector } from './sandbox-helpers.js';

const id = (kind: string, ...parts: string[]) => encodeId('teamtailor', kind, ...parts);
type Rel = Record<string, string | string[] | null>;
const rel = (record: StoredRecord | undefined) => (record?.rel ?? {}) as Rel;

let sandbox: Sandbox;
let ats: SandboxConnector;
beforeEach(async () => {
  sandbox = await startSandbox('teamtailor', { records: 20, seed: 11 });
  ats = sandboxConnector(sandbox);
});
afterEach(async () => {
  await ats.close();
  await sandbox.close();
});

/** An application that is not rejected, and another stage of its job. */
function openApplication() {
  const application = sandbox.store.list('job-applications').find((record) => record['rejected-at'] === null)!;
  const stages = sandbox.store.list('stages').filter((stage) => rel(stage).job === rel(application).job);
  const other = stages.find((stage) => stage.id !== rel(application).stage)!;
  return { application, other };
}
const admin = () => sandbox.store.list('users').find((user) => user.role === 'admin')!;
const notesOf = (candidateId: string) => sandbox.store.list('notes').filter((note) => rel(note).candidate === candidateId);

describe('actions change sandbox state', () => {
  it('moveApplicationToStage moves the application to the stage', async () => {
    const { application, other } = openApplication();
    await ats.connector.moveApplicationToStage({ application_id: id('application', application.id), stage_id: id('stage', other.id) });
    expect(rel(sandbox.store.get('job-applications', application.id)).stage).toBe(other.id);
  });

  it('rejectApplication sets rejected-at and the reason, and writes the note on the candidate', async () => {
    const { application } = openApplication();
    const reason = sandbox.store.list('reject-reasons')[0]!;
    const result = await ats.connector.rejectApplication({
      application_id: id('application', application.id),
      rejection_reason_id: id('rejection_reason', reason.id),
      note: 'Not this time',
    });
    const after = sandbox.store.get('job-applications', application.id)!;
    expect(typeof after['rejected-at']).toBe('string');
    expect(rel(after)['reject-reason']).toBe(reason.id);
    expect(notesOf(rel(application).candidate as string).map((note) => note.note)).toEqual(['Not this time']);
    expect(result.warnings).toHaveLength(1);
    const [mapped] = (await collect(ats.connector.syncApplications())).filter((item) => item.remote_id === application.id);
    expect(mapped).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: reason.reason });
  });

  it('addNoteToCandidate writes a note authored by the first admin', async () => {
    const candidate = sandbox.store.list('candidates')[0]!;
    const result = await ats.connector.addNoteToCandidate({ candidate_id: id('candidate', candidate.id), content: 'Great call' });
    const [note] = notesOf(candidate.id);
    expect(note).toMatchObject({ id: result.remote_id, note: 'Great call' });
    expect(rel(note).user).toBe(admin().id);
  });

  it('addNoteToApplication and addResultLinkToApplication write candidate notes naming the job', async () => {
    const { application } = openApplication();
    const job = sandbox.store.get('jobs', rel(application).job as string)!;
    const candidateId = rel(application).candidate as string;
    await ats.connector.addNoteToApplication({ application_id: id('application', application.id), content: 'Strong' });
    await ats.connector.addResultLinkToApplication({
      application_id: id('application', application.id),
      label: 'Coding test',
      url: 'https://assess.example/r/1',
      details: { attributes: [{ key: 'score', value: '87' }] },
    });
    expect(notesOf(candidateId).map((note) => note.note)).toEqual([`[${job.title}] Strong`, `[${job.title}] Coding test: https://assess.example/r/1\nscore: 87`]);
  });

  it('addResultLinkToCandidate writes the link as a note', async () => {
    const candidate = sandbox.store.list('candidates')[3]!;
    const result = await ats.connector.addResultLinkToCandidate({ candidate_id: id('candidate', candidate.id), label: 'Report', url: 'https://assess.example/r/2' });
    expect(notesOf(candidate.id).map((note) => note.note)).toEqual(['Report: https://assess.example/r/2']);
    expect(result.warnings[0]).toMatch(/Partner API/);
  });

  it('addAttachmentToCandidate/Application create uploads from a URL; getCandidateAttachments lists them', async () => {
    const { application } = openApplication();
    const candidateId = rel(application).candidate as string;
    await ats.connector.addAttachmentToCandidate({
      candidate_id: id('candidate', candidateId),
      attachment: { name: 'report.pdf', content_type: 'application/pdf', url: 'https://files.example/report.pdf' },
    });
    await ats.connector.addAttachmentToApplication({
      application_id: id('application', application.id),
      attachment: { name: 'cover-letter.pdf', content_type: 'application/pdf', url: 'https://files.example/cover.pdf' },
    });
    const uploads = sandbox.store.list('uploads').filter((upload) => rel(upload).candidate === candidateId);
    expect(uploads.map((upload) => [upload['file-name'], upload.url, rel(upload).job])).toEqual([
      ['report.pdf', 'https://files.example/report.pdf', null],
      ['cover-letter.pdf', 'https://files.example/cover.pdf', rel(application).job],
    ]);
    const attachments = await ats.connector.getCandidateAttachments({ candidate_id: id('candidate', candidateId) });
    expect(attachments.map((attachment) => [attachment.file_name, attachment.type])).toEqual([
      ['report.pdf', 'OTHER'],
      ['cover-letter.pdf', 'COVER_LETTER'],
    ]);
  });

  it('addTagToCandidate and removeTagFromCandidate replace the tags array', async () => {
    const candidate = sandbox.store.list('candidates')[5]!;
    const before = [...(candidate.tags as string[])];
    await ats.connector.addTagToCandidate({ candidate_id: id('candidate', candidate.id), tag: { name: 'Shortlist' } });
    expect(sandbox.store.get('candidates', candidate.id)!.tags).toEqual([...before, 'Shortlist']);
    await ats.connector.removeTagFromCandidate({ candidate_id: id('candidate', candidate.id), tag: { name: 'shortlist' } });
    expect(sandbox.store.get('candidates', candidate.id)!.tags).toEqual(before);
  });

  it('createCandidate creates the candidate and its application in the chosen stage', async () => {
    const job = sandbox.store.list('jobs')[0]!;
    const stage = sandbox.store.list('stages').find((item) => rel(item).job === job.id && item.name === 'Interview')!;
    const count = sandbox.store.count('candidates');
    const result = await ats.connector.createCandidate({
      candidate: { first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'ada@example.com' }, { email_address: 'ada2@example.com' }] },
      application: { job_id: id('job', job.id), stage_id: id('stage', stage.id) },
    });
    expect(sandbox.store.count('candidates')).toBe(count + 1);
    const created = sandbox.store.get('candidates', result.remote_id!)!;
    expect(created).toMatchObject({ 'first-name': 'Ada', email: 'ada@example.com', sourced: true });
    expect(result.candidate.first_name).toBe('Ada');
    const application = sandbox.store.get('job-applications', result.application!.remote_id)!;
    expect(rel(application)).toMatchObject({ candidate: created.id, job: job.id, stage: stage.id });
    expect(result.warnings[0]).toMatch(/one email/);
  });
});

describe('unsupported operations', () => {
  it('syncInterviews and syncInterviewers throw UnsupportedError explaining why, without a request', async () => {
    const interviews = await collect(ats.connector.syncInterviews()).catch((error: unknown) => error);
    expect(interviews).toBeInstanceOf(UnsupportedError);
    expect((interviews as Error).message).toMatch(/syncInterviews.*scheduled/);
    const interviewers = await collect(ats.connector.syncInterviewers()).catch((error: unknown) => error);
    expect(interviewers).toBeInstanceOf(UnsupportedError);
    expect((interviewers as Error).message).toMatch(/interviewer/i);
    expect(ats.connector.capabilities.models.interviews.read).toBe(false);
    expect(sandbox.stats.requests).toBe(0);
  });

  it('a binary attachment throws UnsupportedError saying to pass a public URL', async () => {
    const candidate = sandbox.store.list('candidates')[0]!;
    const error = await ats.connector
      .addAttachmentToCandidate({ candidate_id: id('candidate', candidate.id), attachment: { name: 'cv.pdf', content_type: 'application/pdf', data: new Uint8Array([37, 80, 68, 70]) } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsupportedError);
    expect((error as Error).message).toMatch(/public URL.*attachment\.url/);
    expect(sandbox.store.count('uploads')).toBe(0);
    expect(sandbox.stats.requests).toBe(0);
  });
});

describe('write safety', () => {
  it('T7: a socket reset on the createCandidate POST → AmbiguousWriteError with an operation id; the server saw exactly one POST', async () => {
    sandbox.setFaults({ resetRate: 1 });
    const error = await ats.connector
      .createCandidate({ candidate: { first_name: 'Reset', last_name: 'Case', email_addresses: [{ email_address: 'reset@example.com' }] } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AmbiguousWriteError);
    expect((error as AmbiguousWriteError).operationId).toMatch(/[0-9a-f-]{36}/);
    expect((error as Error).message).toContain((error as AmbiguousWriteError).operationId);
    expect(sandbox.stats.byRoute.get('POST /candidates')).toBe(1);
    expect(sandbox.stats.requests).toBe(1);
    expect(ats.requests.filter((request) => request.startsWith('POST'))).toHaveLength(1);
  });

  it('T9: "move to stage X" replayed twice → both succeed, the final stage is X', async () => {
    const { application, other } = openApplication();
    const input = { application_id: id('application', application.id), stage_id: id('stage', other.id) };
    const first = await ats.connector.moveApplicationToStage(input);
    const second = await ats.connector.moveApplicationToStage(input);
    expect([first.remote_id, second.remote_id]).toEqual([application.id, application.id]);
    expect(rel(sandbox.store.get('job-applications', application.id)).stage).toBe(other.id);
    expect(sandbox.stats.byRoute.get('PATCH /job-applications/:id')).toBe(2);
  });

  it('T9: a stage move is idempotent, so a reset on the PATCH is retried and lands once in stage X', async () => {
    const { application, other } = openApplication();
    sandbox.setFaults({ resetRate: 0.5 });
    await ats.connector.moveApplicationToStage({ application_id: id('application', application.id), stage_id: id('stage', other.id) });
    expect(rel(sandbox.store.get('job-applications', application.id)).stage).toBe(other.id);
    expect(sandbox.stats.byRoute.get('PATCH /job-applications/:id')).toBeGreaterThanOrEqual(1);
  });
});
