/**
 * Every Crelate action against the sandbox: each supported one changes the sandbox's state the way
 * the notes say the real API does; attachment URLs are downloaded and uploaded as bytes (Crelate takes bytes only).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { encodeId } from '../../../src/core/ids.js';
import type { Sandbox } from '../../../src/testing/sandbox/server.js';
import { startCrelate, type Harness } from './helpers.js';
import { serveFile } from '../../helpers/file-server.js';

let run: (Harness & { sandbox: Sandbox }) | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const status = (sandbox: Sandbox, name: string) => sandbox.store.list('workflowstatuses').find((entry) => entry.Name === name)!;
const firstItem = (sandbox: Sandbox) => sandbox.store.list('pipeline')[0]!;
const applicationId = (item: Record<string, unknown>) => encodeId('crelate', 'application', String(item._jobId), String(item._contactId));
const candidateId = (id: string) => encodeId('crelate', 'candidate', id);

describe('pipeline actions', () => {
  it('moveApplicationToStage sets the pipeline status (job-stage ids work too) and warns that the endpoint is inferred', async () => {
    run = await startCrelate({ records: 20, seed: 11 });
    const item = firstItem(run.sandbox);
    const target = status(run.sandbox, 'Submitted to Client');
    const result = await run.connector.moveApplicationToStage({ application_id: applicationId(item), stage_id: encodeId('crelate', 'stage', target.id.toUpperCase()) });
    expect(run.sandbox.store.get('pipeline', item.id)?._statusId).toBe(target.id);
    expect(result.warnings.join(' ')).toContain('inferred');
    const screening = status(run.sandbox, 'Screening');
    await run.connector.moveApplicationToStage({ application_id: applicationId(item), stage_id: encodeId('crelate', 'job_stage', String(item._jobId), screening.id) });
    expect(run.sandbox.store.get('pipeline', item.id)?._statusId).toBe(screening.id);
    const application = await run.connector.getApplication(applicationId(item));
    expect(application.current_stage_id).toBe(encodeId('crelate', 'stage', screening.id));
  });

  it('rejectApplication moves to the Done-Negative status and writes the note regarding the job', async () => {
    run = await startCrelate({ records: 20, seed: 12 });
    const item = firstItem(run.sandbox);
    const result = await run.connector.rejectApplication({ application_id: applicationId(item), note: 'Not enough SQL.' });
    expect(run.sandbox.store.get('pipeline', item.id)?._statusId).toBe(status(run.sandbox, 'Not a Fit').id);
    const [note] = run.sandbox.store.list('notes');
    expect(note).toMatchObject({ Display: 'Not enough SQL.', ParentId: { Id: item._contactId }, RegardingId: { Id: item._jobId } });
    expect(result.warnings[0]).toContain('Not a Fit');
    const application = await run.connector.getApplication(applicationId(item));
    expect(application).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: 'Not a Fit' });
  });

  it('createCandidate creates a candidate contact, adds it to the job at the New status, and reads both back', async () => {
    run = await startCrelate({ records: 10, seed: 13 });
    const job = run.sandbox.store.list('jobs')[0]!;
    const result = await run.connector.createCandidate({
      candidate: {
        first_name: 'Ada',
        last_name: 'Byron',
        email_addresses: [{ email_address: 'ada@example.com', type: 'PERSONAL' }, { email_address: 'ada@work.example', type: 'WORK' }],
        phone_numbers: [{ phone_number: '312-555-0101', type: 'MOBILE' }, { phone_number: '12', type: 'HOME' }],
        social_media: [{ link: 'https://www.linkedin.com/in/ada', type: 'LINKEDIN' }],
        title: 'Analyst',
        source: 'referral',
      },
      application: { job_id: encodeId('crelate', 'job', job.id) },
    });
    const stored = run.sandbox.store.get('contacts', result.remote_id!)!;
    expect(stored).toMatchObject({
      RecordType: 1,
      EmailAddresses_Personal: { Value: 'ada@example.com', IsPrimary: true },
      EmailAddresses_Work: { Value: 'ada@work.example', IsPrimary: false },
      PhoneNumbers_Mobile: { Value: '+13125550101' },
      Websites_LinkedIn: { Value: 'https://www.linkedin.com/in/ada' },
      ContactSourceId: { Id: run.sandbox.store.list('contactsources').find((source) => source.Name === 'Referral')!.id },
    });
    expect(stored.PhoneNumbers_Home).toBeUndefined();
    expect(result.warnings.join(' ')).toContain('not convertible to E.164');
    expect(result.candidate).toMatchObject({ first_name: 'Ada', title: 'Analyst', source: 'Referral' });
    expect(run.sandbox.store.get('pipeline', `${job.id}:${result.remote_id}`)?._statusId).toBe(status(run.sandbox, 'New Candidates').id);
    expect(result.application).toMatchObject({ outcome: 'PENDING', candidate_id: result.candidate.id });
  });
});

describe('notes, result links, tags', () => {
  it('notes and result links become notes on the contact, regarding the job for applications', async () => {
    run = await startCrelate({ records: 10, seed: 14 });
    const item = firstItem(run.sandbox);
    const contact = String(item._contactId);
    await run.connector.addNoteToCandidate({ candidate_id: candidateId(contact), content: '<p>Great <b>call</b></p>', content_type: 'HTML' });
    await run.connector.addNoteToApplication({ application_id: applicationId(item), content: 'Second round booked.' });
    const link = await run.connector.addResultLinkToCandidate({ candidate_id: candidateId(contact), label: 'AI interview', url: 'https://results.example.com/r/1', details: { attributes: [{ key: 'Score', value: '82' }] } });
    await run.connector.addResultLinkToApplication({ application_id: applicationId(item), label: 'Report', url: 'https://results.example.com/r/2' });
    const notes = run.sandbox.store.list('notes').map((note) => [note.Display, (note.RegardingId as { Id?: string } | null)?.Id ?? null]);
    expect(notes).toEqual([
      ['Great call', null],
      ['Second round booked.', item._jobId],
      ['AI interview: https://results.example.com/r/1\nScore: 82', null],
      ['Report: https://results.example.com/r/2', item._jobId],
    ]);
    expect(link.warnings[0]).toContain('note');
  });

  it('addTagToCandidate / removeTagFromCandidate rewrite the whole Tags map (no duplicate on repeat)', async () => {
    run = await startCrelate({ records: 10, seed: 15 });
    const contact = run.sandbox.store.list('contacts')[0]!;
    await run.connector.addTagToCandidate({ candidate_id: candidateId(contact.id), tag: { name: 'Snowflake' } });
    await run.connector.addTagToCandidate({ candidate_id: candidateId(contact.id), tag: { name: 'snowflake' } });
    const titles = () => Object.values((run!.sandbox.store.get('contacts', contact.id)!.Tags ?? {}) as Record<string, { Title: string }[]>).flat().map((tag) => tag.Title);
    expect(titles().filter((title) => title === 'Snowflake')).toHaveLength(1);
    const candidate = await run.connector.getCandidate(candidateId(contact.id));
    expect(candidate.tags.map((tag) => tag.name)).toContain('Snowflake');
    await run.connector.removeTagFromCandidate({ candidate_id: candidateId(contact.id), tag: { name: 'SNOWFLAKE' } });
    expect(titles()).not.toContain('Snowflake');
  });
});

describe('attachments', () => {
  it('a CV becomes the primary artifact, another file a plain one; both are listed and downloadable', async () => {
    run = await startCrelate({ records: 10, seed: 16 });
    const item = firstItem(run.sandbox);
    const contact = String(item._contactId);
    const cv = await run.connector.addAttachmentToCandidate({ candidate_id: candidateId(contact), attachment: { name: 'Ada_Resume.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF-1.4 cv') } });
    expect(run.sandbox.store.get('contacts', contact)?.PrimaryDocumentAttachmentId).toEqual({ Id: cv.remote_id, Title: 'Ada_Resume.pdf' });
    const report = await run.connector.addAttachmentToApplication({ application_id: applicationId(item), attachment: { name: 'ai-report.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF-1.4 report') } });
    expect(report.warnings.join(' ')).toContain('INFERRED');
    const attachments = await run.connector.getCandidateAttachments({ candidate_id: candidateId(contact) });
    const byName = new Map(attachments.map((attachment) => [attachment.file_name, attachment]));
    expect(byName.get('Ada_Resume.pdf')?.type).toBe('CV');
    expect(byName.get('ai-report.pdf')?.type).toBe('OTHER');
    const chunks: Uint8Array[] = [];
    for await (const chunk of await byName.get('ai-report.pdf')!.download()) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('%PDF-1.4 report');
  });

  it('an attachment given as a URL is downloaded (no credentials, loopback here) and uploaded as bytes, with a warning', async () => {
    // The file server is on loopback, which downloads refuse unless the connector opts in.
    run = await startCrelate({ records: 5, seed: 17 }, { downloads: { allowPrivateNetwork: true } });
    const contact = run.sandbox.store.list('contacts')[0]!.id;
    const file = await serveFile('report.pdf', Buffer.from('%PDF-1.4 from a url'));
    try {
      const result = await run.connector.addAttachmentToCandidate({ candidate_id: candidateId(contact), attachment: { name: 'r.pdf', content_type: 'application/pdf', url: file.url } });
      expect(file.requests).toBe(1);
      expect(result.warnings.join(' ')).toMatch(/downloaded from attachment\.url/);
      const [listed] = (await run.connector.getCandidateAttachments({ candidate_id: candidateId(contact) })).filter((attachment) => attachment.file_name === 'r.pdf');
      const chunks: Uint8Array[] = [];
      for await (const chunk of await listed!.download()) chunks.push(chunk);
      expect(Buffer.concat(chunks).toString('utf8')).toBe('%PDF-1.4 from a url');
    } finally {
      await file.close();
    }
  });

});
