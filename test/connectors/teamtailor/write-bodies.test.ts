/**
 * The exact request body of every Teamtailor write action, captured by the sandbox, against the
 * documented shapes (POST /v1/candidates, /v1/job-applications, /v1/notes, /v1/uploads, PATCH
 * /v1/job-applications/{id} and /v1/candidates/{id}): no welcome email to a created candidate, no
 * reply or team notification for an application, uploads kept internal, stage moves and
 * rejections as relationships. `toEqual` on whole bodies: an added attribute fails as surely as a
 * changed one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/core/ids.js';
import { ValidationError } from '../../../src/core/errors.js';
import { startSandbox, type Sandbox, type StoredRecord } from '../../../src/testing/index.js';
import { sandboxConnector, type SandboxConnector } from './sandbox-helpers.js';

const id = (kind: string, ...parts: string[]) => encodeId('teamtailor', kind, ...parts);
type Rel = Record<string, string | string[] | null>;
const rel = (record: StoredRecord | undefined) => (record?.rel ?? {}) as Rel;
const JSON_API = 'application/vnd.api+json';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let sandbox: Sandbox<'teamtailor'>;
let ats: SandboxConnector;
beforeEach(async () => {
  sandbox = await startSandbox('teamtailor', { records: 20, seed: 31 });
  ats = sandboxConnector(sandbox);
});
afterEach(async () => {
  await ats.close();
  await sandbox.close();
});

/** The writes the sandbox received since the last `resetStats()`: method, path, body. */
function writes() {
  return sandbox.requests.filter((request) => request.method !== 'GET').map(({ method, path, body }) => ({ method, path, body }));
}
/** Every write was sent as JSON:API. */
function expectJsonApiWrites() {
  const sent = sandbox.requests.filter((request) => request.method !== 'GET');
  expect(sent.length).toBeGreaterThan(0);
  for (const request of sent) expect(request.headers['content-type']).toContain(JSON_API);
}
function openApplication() {
  const application = sandbox.store.list('job-applications').find((record) => record['rejected-at'] === null)!;
  const stage = sandbox.store.list('stages').find((record) => rel(record).job === rel(application).job && record.id !== rel(application).stage)!;
  return { application, stage, candidateId: rel(application).candidate as string, jobId: rel(application).job as string };
}
const adminId = () => sandbox.store.list('users').find((user) => user.role === 'admin')!.id;
const openJob = () => sandbox.store.list('jobs').find((job) => job.status === 'open')!;
const candidateRel = (candidateId: string) => ({ candidate: { data: { type: 'candidates', id: candidateId } } });

describe('candidate and application creation', () => {
  it('createCandidate: POST /candidates with the documented attributes, sourced, send-welcome-message false', async () => {
    sandbox.resetStats();
    await ats.connector.createCandidate({
      candidate: {
        first_name: 'Lena',
        last_name: 'Holm',
        email_addresses: [{ email_address: 'lena.holm@example.com' }],
        phone_numbers: [{ phone_number: '+46701234567' }],
        social_media: [{ type: 'LINKEDIN', link: 'https://www.linkedin.com/in/lena-holm-example' }],
      },
    });
    expect(writes()).toEqual([
      {
        method: 'POST',
        path: '/candidates',
        body: {
          data: {
            type: 'candidates',
            attributes: {
              'first-name': 'Lena',
              'last-name': 'Holm',
              email: 'lena.holm@example.com',
              phone: '+46701234567',
              'linkedin-url': 'https://www.linkedin.com/in/lena-holm-example',
              sourced: true,
              'send-welcome-message': false,
            },
          },
        },
      },
    ]);
    expectJsonApiWrites();
  });

  it('createCandidate with an application: the application is created silent too (no default reply, no team notification)', async () => {
    const job = openJob();
    const stage = sandbox.store.list('stages').find((record) => rel(record).job === job.id && record.name === 'Interview')!;
    sandbox.resetStats();
    const result = await ats.connector.createCandidate({
      candidate: { first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'ada@example.com' }] },
      application: { job_id: id('job', job.id), stage_id: id('stage', stage.id) },
    });
    expect(writes()).toEqual([
      {
        method: 'POST',
        path: '/candidates',
        body: { data: { type: 'candidates', attributes: { 'first-name': 'Ada', 'last-name': 'Lovelace', email: 'ada@example.com', sourced: true, 'send-welcome-message': false } } },
      },
      {
        method: 'POST',
        path: '/job-applications',
        body: {
          data: {
            type: 'job-applications',
            attributes: { sourced: true, 'send-user-notifications': false, 'send-default-reply': false },
            relationships: {
              ...candidateRel(result.remote_id!),
              job: { data: { type: 'jobs', id: job.id } },
              stage: { data: { type: 'stages', id: stage.id } },
            },
          },
        },
      },
    ]);
  });

  it('remote_fields attributes are added, but cannot turn a notification on (ValidationError before any write)', async () => {
    sandbox.resetStats();
    await ats.connector.createCandidate({
      candidate: { first_name: 'Bo', last_name: 'Ek', email_addresses: [{ email_address: 'bo@example.com' }] },
      remote_fields: { teamtailor: { candidate_attributes: { pitch: 'Backend developer', 'send-welcome-message': false } } },
    });
    expect(writes()[0]?.body).toEqual({
      data: { type: 'candidates', attributes: { pitch: 'Backend developer', 'first-name': 'Bo', 'last-name': 'Ek', email: 'bo@example.com', sourced: true, 'send-welcome-message': false } },
    });
    sandbox.resetStats();
    const welcome = await ats.connector
      .createCandidate({
        candidate: { first_name: 'Cy', last_name: 'Ek', email_addresses: [{ email_address: 'cy@example.com' }] },
        remote_fields: { teamtailor: { candidate_attributes: { 'send-welcome-message': true } } },
      })
      .catch((caught: unknown) => caught);
    expect(welcome).toBeInstanceOf(ValidationError);
    expect(welcome).toMatchObject({ source: 'input', field: 'remote_fields.teamtailor.candidate_attributes.send-welcome-message' });
    const job = openJob();
    const reply = await ats.connector
      .createCandidate({
        candidate: { first_name: 'Di', last_name: 'Ek', email_addresses: [{ email_address: 'di@example.com' }] },
        application: { job_id: id('job', job.id) },
        remote_fields: { teamtailor: { application_attributes: { 'send-default-reply': true } } },
      })
      .catch((caught: unknown) => caught);
    expect(reply).toMatchObject({ source: 'input', field: 'remote_fields.teamtailor.application_attributes.send-default-reply' });
    const candidate = sandbox.store.list('candidates')[0]!;
    const notify = await ats.connector
      .createApplication({ candidate_id: id('candidate', candidate.id), job_id: id('job', job.id), remote_fields: { teamtailor: { application_attributes: { 'send-user-notifications': true } } } })
      .catch((caught: unknown) => caught);
    expect(notify).toBeInstanceOf(ValidationError);
    expect(writes()).toEqual([]);
  });

  it('createApplication: POST /job-applications with candidate, job, stage and the silent attributes (plus remote_fields ones)', async () => {
    const job = openJob();
    const stage = sandbox.store.list('stages').find((record) => rel(record).job === job.id && record.name === 'Phone screen')!;
    const candidate = sandbox.store.list('candidates').find((record) => !sandbox.store.list('job-applications').some((a) => rel(a).candidate === record.id && rel(a).job === job.id))!;
    sandbox.resetStats();
    await ats.connector.createApplication({
      candidate_id: id('candidate', candidate.id),
      job_id: id('job', job.id),
      stage_id: id('stage', stage.id),
      remote_fields: { teamtailor: { application_attributes: { 'cover-letter': 'Hi' } } },
    });
    expect(writes()).toEqual([
      {
        method: 'POST',
        path: '/job-applications',
        body: {
          data: {
            type: 'job-applications',
            attributes: { 'cover-letter': 'Hi', sourced: true, 'send-user-notifications': false, 'send-default-reply': false },
            relationships: { ...candidateRel(candidate.id), job: { data: { type: 'jobs', id: job.id } }, stage: { data: { type: 'stages', id: stage.id } } },
          },
        },
      },
    ]);
    expectJsonApiWrites();
  });
});

describe('application updates', () => {
  it('moveApplicationToStage: PATCH /job-applications/{id} with only the stage relationship', async () => {
    const { application, stage } = openApplication();
    sandbox.resetStats();
    await ats.connector.moveApplicationToStage({ application_id: id('application', application.id), stage_id: id('stage', stage.id) });
    expect(writes()).toEqual([
      {
        method: 'PATCH',
        path: `/job-applications/${application.id}`,
        body: { data: { id: application.id, type: 'job-applications', relationships: { stage: { data: { type: 'stages', id: stage.id } } } } },
      },
    ]);
    expectJsonApiWrites();
  });

  it('rejectApplication: PATCH rejected-at (now, ISO) and the reject-reason; without a reason, rejected-at only', async () => {
    const { application } = openApplication();
    const reason = sandbox.store.list('reject-reasons')[0]!;
    sandbox.resetStats();
    const before = Date.now();
    await ats.connector.rejectApplication({ application_id: id('application', application.id), rejection_reason_id: id('rejection_reason', reason.id) });
    const [sent] = writes();
    expect(sent).toEqual({
      method: 'PATCH',
      path: `/job-applications/${application.id}`,
      body: {
        data: {
          id: application.id,
          type: 'job-applications',
          attributes: { 'rejected-at': expect.stringMatching(ISO) },
          relationships: { 'reject-reason': { data: { type: 'reject-reasons', id: reason.id } } },
        },
      },
    });
    const rejectedAt = Date.parse((sent!.body as { data: { attributes: { 'rejected-at': string } } }).data.attributes['rejected-at']);
    expect(rejectedAt).toBeGreaterThanOrEqual(before - 1000);
    const other = sandbox.store.list('job-applications').find((record) => record['rejected-at'] === null && record.id !== application.id)!;
    sandbox.resetStats();
    await ats.connector.rejectApplication({ application_id: id('application', other.id) });
    expect(writes()).toEqual([
      { method: 'PATCH', path: `/job-applications/${other.id}`, body: { data: { id: other.id, type: 'job-applications', attributes: { 'rejected-at': expect.stringMatching(ISO) } } } },
    ]);
  });
});

describe('notes', () => {
  it('addNoteToCandidate: POST /notes with note, candidate and the author (first admin); private-note only when asked', async () => {
    const candidate = sandbox.store.list('candidates')[2]!;
    sandbox.resetStats();
    await ats.connector.addNoteToCandidate({ candidate_id: id('candidate', candidate.id), content: 'Assessment completed: https://assess.example.com/r/abc' });
    const author = sandbox.store.list('users').find((user) => user.role === 'recruiter')!;
    await ats.connector.addNoteToCandidate({ candidate_id: id('candidate', candidate.id), content: 'Private', remote_fields: { teamtailor: { user_id: author.id, private_note: true } } });
    expect(writes()).toEqual([
      {
        method: 'POST',
        path: '/notes',
        body: {
          data: {
            type: 'notes',
            attributes: { note: 'Assessment completed: https://assess.example.com/r/abc' },
            relationships: { ...candidateRel(candidate.id), user: { data: { type: 'users', id: adminId() } } },
          },
        },
      },
      {
        method: 'POST',
        path: '/notes',
        body: { data: { type: 'notes', attributes: { note: 'Private', 'private-note': true }, relationships: { ...candidateRel(candidate.id), user: { data: { type: 'users', id: author.id } } } } },
      },
    ]);
    expectJsonApiWrites();
  });

  it('addNoteToApplication, addResultLinkToApplication and the rejection note: candidate notes naming the job', async () => {
    const { application, candidateId, jobId } = openApplication();
    const title = String(sandbox.store.get('jobs', jobId)!.title);
    sandbox.resetStats();
    await ats.connector.addNoteToApplication({ application_id: id('application', application.id), content: 'Strong' });
    await ats.connector.addResultLinkToApplication({ application_id: id('application', application.id), label: 'Coding test', url: 'https://assess.example/r/1', details: { attributes: [{ key: 'score', value: '87' }] } });
    await ats.connector.addResultLinkToCandidate({ candidate_id: id('candidate', candidateId), label: 'Report', url: 'https://assess.example/r/2' });
    await ats.connector.rejectApplication({ application_id: id('application', application.id), note: 'Not this time' });
    const note = (text: string) => ({
      method: 'POST',
      path: '/notes',
      body: { data: { type: 'notes', attributes: { note: text }, relationships: { ...candidateRel(candidateId), user: { data: { type: 'users', id: adminId() } } } } },
    });
    expect(writes()).toEqual([
      note(`[${title}] Strong`),
      note(`[${title}] Coding test: https://assess.example/r/1\nscore: 87`),
      note('Report: https://assess.example/r/2'),
      { method: 'PATCH', path: `/job-applications/${application.id}`, body: { data: { id: application.id, type: 'job-applications', attributes: { 'rejected-at': expect.stringMatching(ISO) } } } },
      note('Not this time'),
    ]);
  });
});

describe('uploads and tags', () => {
  it('addAttachmentToCandidate/Application: POST /uploads with url, file-name and internal: true (never public)', async () => {
    const { application, candidateId, jobId } = openApplication();
    sandbox.resetStats();
    await ats.connector.addAttachmentToCandidate({ candidate_id: id('candidate', candidateId), attachment: { name: 'report.pdf', content_type: 'application/pdf', url: 'https://files.example/report.pdf' } });
    await ats.connector.addAttachmentToApplication({ application_id: id('application', application.id), attachment: { name: 'cover.pdf', content_type: 'application/pdf', url: 'https://files.example/cover.pdf', type: 'COVER_LETTER' } });
    expect(writes()).toEqual([
      {
        method: 'POST',
        path: '/uploads',
        body: { data: { type: 'uploads', attributes: { url: 'https://files.example/report.pdf', 'file-name': 'report.pdf', internal: true }, relationships: candidateRel(candidateId) } },
      },
      {
        method: 'POST',
        path: '/uploads',
        body: {
          data: {
            type: 'uploads',
            attributes: { url: 'https://files.example/cover.pdf', 'file-name': 'cover.pdf', internal: true },
            relationships: { ...candidateRel(candidateId), job: { data: { type: 'jobs', id: jobId } } },
          },
        },
      },
    ]);
    expectJsonApiWrites();
  });

  it('addTagToCandidate/removeTagFromCandidate: PATCH /candidates/{id} with the whole tags array and nothing else', async () => {
    const candidate = sandbox.store.list('candidates')[5]!;
    const before = [...(candidate.tags as string[])];
    sandbox.resetStats();
    await ats.connector.addTagToCandidate({ candidate_id: id('candidate', candidate.id), tag: { name: 'Shortlist' } });
    await ats.connector.removeTagFromCandidate({ candidate_id: id('candidate', candidate.id), tag: { name: 'shortlist' } });
    const patch = (tags: string[]) => ({ method: 'PATCH', path: `/candidates/${candidate.id}`, body: { data: { id: candidate.id, type: 'candidates', attributes: { tags } } } });
    expect(writes()).toEqual([patch([...before, 'Shortlist']), patch(before)]);
  });
});

describe('pushCandidate', () => {
  it('new candidate: exactly the candidate, the silent application and the internal upload, in that order', async () => {
    const job = openJob();
    const stage = sandbox.store.list('stages').find((record) => rel(record).job === job.id && record.name === 'Interview')!;
    sandbox.resetStats();
    const result = await ats.connector.pushCandidate({
      candidate: { first_name: 'Ada', last_name: 'Push', email_addresses: [{ email_address: 'ada.push@example.com' }] },
      job_id: id('job', job.id),
      stage_id: id('stage', stage.id),
      attachments: [{ name: 'cv.pdf', content_type: 'application/pdf', url: 'https://files.example/cv.pdf', type: 'CV' }],
      dedupe: 'email',
    });
    const candidateId = sandbox.store.list('candidates').find((record) => record.email === 'ada.push@example.com')!.id;
    expect(result.candidate_id).toBe(id('candidate', candidateId));
    expect(writes()).toEqual([
      { method: 'POST', path: '/candidates', body: { data: { type: 'candidates', attributes: { 'first-name': 'Ada', 'last-name': 'Push', email: 'ada.push@example.com', sourced: true, 'send-welcome-message': false } } } },
      {
        method: 'POST',
        path: '/job-applications',
        body: {
          data: {
            type: 'job-applications',
            attributes: { sourced: true, 'send-user-notifications': false, 'send-default-reply': false },
            relationships: { ...candidateRel(candidateId), job: { data: { type: 'jobs', id: job.id } }, stage: { data: { type: 'stages', id: stage.id } } },
          },
        },
      },
      {
        method: 'POST',
        path: '/uploads',
        body: { data: { type: 'uploads', attributes: { url: 'https://files.example/cv.pdf', 'file-name': 'cv.pdf', internal: true }, relationships: { ...candidateRel(candidateId), job: { data: { type: 'jobs', id: job.id } } } } },
      },
    ]);
    expectJsonApiWrites();
  });
});
