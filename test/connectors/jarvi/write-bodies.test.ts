/**
 * The exact request of every Jarvi write action, captured by the sandbox, against the documented
 * shape of `POST /profiles` and `POST /applicants` (https://api-docs.jarvi.tech/en/api-reference/profiles/post):
 * camelCase keys, emails and phones as comma-separated strings, notes as `historyEntrySubject` /
 * `historyEntryMessage`, files as `data:@file/<subtype>;base64,…`, nothing else (no stray key that
 * Jarvi could apply silently). HTML notes are converted to text with their links kept.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJarviConnector } from '../../../src/connectors/jarvi/index.js';
import { encodeId } from '../../../src/core/ids.js';
import { startSandboxServer, type Sandbox } from '../../../src/testing/sandbox/server.js';
import type { SandboxRequest } from '../../../src/testing/sandbox/types.js';
import { JARVI_SANDBOX_KEY, JARVI_SANDBOX_PUBLIC_KEY, jarviSandbox } from '../../../src/testing/sandboxes/jarvi/sandbox.js';

const id = (kind: string, ...parts: string[]) => encodeId('jarvi', kind, ...parts);
let sandbox: Sandbox;
let ats: ReturnType<typeof createJarviConnector>;
const seen: SandboxRequest[] = [];
/** The writes the sandbox received, as `METHOD path`, key, and body. */
const writes = () => seen.filter((request) => request.method !== 'GET').map((request) => ({ route: `${request.method} ${request.path}`, key: request.headers['x-api-key'], body: request.body }));

beforeAll(async () => {
  sandbox = await startSandboxServer({ ...jarviSandbox, handle: (request, context) => (seen.push(request), jarviSandbox.handle(request, context)) }, { records: 20, seed: 5 });
  ats = createJarviConnector({ apiKey: JARVI_SANDBOX_KEY, publicKey: JARVI_SANDBOX_PUBLIC_KEY, baseUrl: sandbox.url });
});
afterAll(async () => {
  await ats.close();
  await sandbox.close();
});
beforeEach(() => {
  seen.length = 0;
});

const talent = () => sandbox.store.list('profiles').find((profile) => profile.isTalent === true && !profile.deletedAt)!;
const row = () => sandbox.store.list('applications')[1]!;
const applicationId = () => id('application', String(row().profileId), String(row().projectId));
const project = () => sandbox.store.list('projects').find((record) => record.isMadeForRecruitment === true && !record.deletedAt)!;

describe('jarvi write bodies', () => {
  it('createCandidate: POST /profiles with the documented keys only, emails and phones comma-separated', async () => {
    await ats.createCandidate({
      candidate: {
        first_name: 'Ada',
        last_name: 'Lovelace',
        email_addresses: [{ email_address: 'ada@example.com' }, { email_address: 'ada.l@example.org' }],
        phone_numbers: [{ phone_number: '+33612345678' }, { phone_number: '0240493773' }],
        social_media: [{ link: 'https://www.linkedin.com/in/ada/', type: 'LINKEDIN' }],
        title: 'Engineer',
        company: 'Analytical',
      },
    });
    expect(writes()).toEqual([
      {
        route: 'POST /profiles',
        key: JARVI_SANDBOX_KEY,
        body: {
          firstName: 'Ada',
          lastName: 'Lovelace',
          emailAddresses: 'ada@example.com, ada.l@example.org',
          phoneNumbers: '+33612345678,0240493773',
          linkedinUrl: 'https://www.linkedin.com/in/ada/',
          headline: 'Engineer',
          currentCompanyName: 'Analytical',
        },
      },
    ]);
  });

  it('createCandidate: location as one line, remote_fields.jarvi (externalId, custom fields); details Jarvi has no key for are warnings', async () => {
    const field = '00da911c-e3e1-46c1-86cc-0c1ec53e3213';
    const result = await ats.createCandidate({
      candidate: {
        first_name: 'Lin',
        last_name: 'Chen',
        email_addresses: [{ email_address: 'lin@example.com' }],
        location: { city: 'Nantes', zip_code: '44000', country: 'France' },
        availability_date: '2026-03-01',
      },
      gdpr_consent: { given: true },
      remote_fields: { jarvi: { external_id: 'sdk-cand-1', profile_fields: { [field]: 'Java, Kotlin' } } },
    });
    expect(writes()).toEqual([
      {
        route: 'POST /profiles',
        key: JARVI_SANDBOX_KEY,
        body: { firstName: 'Lin', lastName: 'Chen', emailAddresses: 'lin@example.com', location: '44000 Nantes, France', externalId: 'sdk-cand-1', [field]: 'Java, Kotlin' },
      },
    ]);
    expect(result.warnings.join(' ')).toMatch(/candidate\.availability_date was not written/);
    expect(result.warnings.join(' ')).toMatch(/gdpr_consent was not written/);
    expect(result.warnings.join(' ')).not.toMatch(/candidate\.location/);
    expect(result.candidate.location).toMatchObject({ name: '44000 Nantes, France' });
    await expect(ats.createCandidate({ candidate: { first_name: 'X', last_name: 'Y', email_addresses: [{ email_address: 'x@example.com' }] }, remote_fields: { jarvi: { profile_fields: { notAUuid: 'v' } } } })).rejects.toThrow(/remote_fields/);
  });

  it('createCandidate with an application: POST /applicants with projectId, on the public key', async () => {
    await ats.createCandidate({ candidate: { first_name: 'Grace', last_name: 'Hopper', email_addresses: [{ email_address: 'grace@example.com' }] }, application: { job_id: project().id } });
    expect(writes()).toEqual([
      { route: 'POST /applicants', key: JARVI_SANDBOX_PUBLIC_KEY, body: { firstName: 'Grace', lastName: 'Hopper', emailAddresses: 'grace@example.com', projectId: project().id } },
    ]);
  });

  it('notes: a history entry { id, historyEntrySubject, historyEntryMessage }; HTML converted with its links kept, and a warning', async () => {
    const profile = talent();
    const plain = await ats.addNoteToCandidate({ candidate_id: profile.id, content: 'Strong Java background' });
    expect(plain.warnings).toEqual([]);
    const html = await ats.addNoteToCandidate({ candidate_id: profile.id, content: '<p>Score 87/100. <a href="https://results.example.com/r/9">Results</a></p>', content_type: 'HTML' });
    expect(html.warnings.join(' ')).toMatch(/Jarvi notes are plain text: the HTML was converted/);
    const onApplication = await ats.addNoteToApplication({ application_id: applicationId(), content: 'Booked <b>Tuesday</b>' });
    expect(onApplication.warnings.join(' ')).toMatch(/HTML was converted/);
    expect(writes()).toEqual([
      { route: 'POST /profiles', key: JARVI_SANDBOX_KEY, body: { id: profile.id, historyEntrySubject: 'Note', historyEntryMessage: 'Strong Java background' } },
      { route: 'POST /profiles', key: JARVI_SANDBOX_KEY, body: { id: profile.id, historyEntrySubject: 'Note', historyEntryMessage: 'Score 87/100. Results (https://results.example.com/r/9)' } },
      { route: 'POST /profiles', key: JARVI_SANDBOX_KEY, body: { id: String(row().profileId), historyEntrySubject: `Note (project ${String(row().projectId)})`, historyEntryMessage: 'Booked Tuesday' } },
    ]);
  });

  it('remote_fields.jarvi.history_entry_type sets the history subtype of a note and a result link', async () => {
    const profile = talent();
    const type = '2788baea-1119-46d9-8e60-af9d6a1268e1';
    await ats.addNoteToCandidate({ candidate_id: profile.id, content: 'Call done', remote_fields: { jarvi: { history_entry_type: type } } });
    await ats.addResultLinkToCandidate({ candidate_id: profile.id, label: 'Report', url: 'https://r.example.com/1', remote_fields: { jarvi: { history_entry_type: type } } });
    expect(writes().map((write) => write.body)).toEqual([
      { id: profile.id, historyEntrySubject: 'Note', historyEntryMessage: 'Call done', historyEntryType: type },
      { id: profile.id, historyEntrySubject: 'Report', historyEntryMessage: 'Report: https://r.example.com/1', historyEntryType: type },
    ]);
  });

  it('result links: a history entry with the label as subject and "label: url" plus attributes as message', async () => {
    const profile = talent();
    await ats.addResultLinkToCandidate({ candidate_id: profile.id, label: 'AI interview', url: 'https://results.example.com/r/1', details: { attributes: [{ key: 'score', value: '87' }] } });
    await ats.addResultLinkToApplication({ application_id: applicationId(), label: 'AI interview', url: 'https://results.example.com/r/2' });
    expect(writes()).toEqual([
      { route: 'POST /profiles', key: JARVI_SANDBOX_KEY, body: { id: profile.id, historyEntrySubject: 'AI interview', historyEntryMessage: 'AI interview: https://results.example.com/r/1\nscore: 87' } },
      {
        route: 'POST /profiles',
        key: JARVI_SANDBOX_KEY,
        body: { id: String(row().profileId), historyEntrySubject: `AI interview (project ${String(row().projectId)})`, historyEntryMessage: 'AI interview: https://results.example.com/r/2' },
      },
    ]);
  });

  it('attachments: files[] with the base name and a data:@file URL, on the profile', async () => {
    const profile = talent();
    await ats.addAttachmentToCandidate({ candidate_id: profile.id, attachment: { name: 'report.pdf', content_type: 'application/pdf', data: new Uint8Array([37, 80, 68, 70]) } });
    await ats.addAttachmentToApplication({ application_id: applicationId(), attachment: { name: 'letter.docx', content_type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: new Uint8Array([1, 2, 3]) } });
    expect(writes()).toEqual([
      { route: 'POST /profiles', key: JARVI_SANDBOX_KEY, body: { id: profile.id, files: [{ fileName: 'report.pdf', data: 'data:@file/pdf;base64,JVBERg==' }] } },
      {
        route: 'POST /profiles',
        key: JARVI_SANDBOX_KEY,
        body: { id: String(row().profileId), files: [{ fileName: 'letter.docx', data: 'data:@file/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,AQID' }] },
      },
    ]);
  });

  it('an attachment of type CV goes to resumesFiles (parsed as the resume); the others to files', async () => {
    const profile = talent();
    await ats.addAttachmentToCandidate({ candidate_id: profile.id, attachment: { name: 'cv.pdf', content_type: 'application/pdf', data: new Uint8Array([37]), type: 'CV' } });
    await ats.addAttachmentToCandidate({ candidate_id: profile.id, attachment: { name: 'letter.pdf', content_type: 'application/pdf', data: new Uint8Array([37]), type: 'COVER_LETTER' } });
    expect(writes().map((write) => write.body)).toEqual([
      { id: profile.id, resumesFiles: [{ fileName: 'cv.pdf', data: 'data:@file/pdf;base64,JQ==' }] },
      { id: profile.id, files: [{ fileName: 'letter.pdf', data: 'data:@file/pdf;base64,JQ==' }] },
    ]);
  });

  it('moveApplicationToStage: { id, statusId } only; createApplication: { id, projectId } then { id, statusId }', async () => {
    const status = sandbox.store.list('statuses').find((record) => record.name === 'Interview')!;
    await ats.moveApplicationToStage({ application_id: applicationId(), stage_id: status.id });
    const target = project();
    const profile = sandbox.store.list('profiles').find((record) => record.isTalent === true && !sandbox.store.list('applications').some((a) => a.profileId === record.id && a.projectId === target.id))!;
    await ats.createApplication({ candidate_id: profile.id, job_id: target.id, stage_id: status.id });
    expect(writes()).toEqual([
      { route: 'POST /profiles', key: JARVI_SANDBOX_KEY, body: { id: String(row().profileId), statusId: status.id } },
      { route: 'POST /profiles', key: JARVI_SANDBOX_KEY, body: { id: profile.id, projectId: target.id } },
      { route: 'POST /profiles', key: JARVI_SANDBOX_KEY, body: { id: profile.id, statusId: status.id } },
    ]);
  });
});
