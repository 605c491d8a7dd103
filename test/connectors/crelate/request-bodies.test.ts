/**
 * The exact request of every Crelate write action, as the sandbox received it, against the shape
 * the API notes document: `{ entity }` wrappers, lookups by id only, `{ statusId }` on the pipeline
 * call, note `Display`/`ParentId`/`RegardingId`, multipart part `file` with its target query.
 * A stray field (a notification flag, a name-only lookup that would create a record) fails here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/core/ids.js';
import { decodeMultipart } from '../../../src/testing/multipart.js';
import type { Sandbox } from '../../../src/testing/sandbox/server.js';
import { startCrelate, type Harness, type ReceivedWrite } from './helpers.js';

let run: (Harness & { sandbox: Sandbox; writes: ReceivedWrite[] }) | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const id = (kind: string, ...parts: string[]) => encodeId('crelate', kind, ...parts);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const statusNamed = (sandbox: Sandbox, name: string) => sandbox.store.list('workflowstatuses').find((status) => status.Name === name)!;
/** A pipeline item on the recruiting workflow (the seed's first job). */
const recruitingItem = (sandbox: Sandbox) => sandbox.store.list('pipeline').find((item) => item._jobId === sandbox.store.list('jobs')[0]!.id)!;

describe('exact request bodies of Crelate writes', () => {
  it('createCandidate: POST /contacts { entity } (slots, RecordType 1, source by id only), then the pipeline { statusId }', async () => {
    run = await startCrelate({ records: 10, seed: 41 });
    const job = run.sandbox.store.list('jobs')[0]!;
    const source = run.sandbox.store.list('contactsources').find((record) => record.Name === 'LinkedIn')!;
    const stage = statusNamed(run.sandbox, 'Screening');
    const result = await run.connector.createCandidate({
      candidate: {
        first_name: 'Ann',
        last_name: 'Lee',
        email_addresses: [{ email_address: 'ann@example.com', type: 'PERSONAL' }],
        phone_numbers: [{ phone_number: '(919) 555-1234', type: 'MOBILE' }],
        social_media: [{ link: 'https://www.linkedin.com/in/ann-lee', type: 'LINKEDIN' }],
        title: 'Data Engineer',
        company: 'Contoso',
        source: 'linkedin',
      },
      application: { job_id: id('job', job.id), stage_id: id('stage', stage.id) },
    });
    const contactId = result.candidate.remote_id;
    expect(run.writes).toEqual([
      {
        method: 'POST',
        path: '/contacts',
        query: {},
        contentType: 'application/json',
        body: {
          entity: {
            FirstName: 'Ann',
            LastName: 'Lee',
            RecordType: 1,
            EmailAddresses_Personal: { Value: 'ann@example.com', IsPrimary: true },
            PhoneNumbers_Mobile: { Value: '+19195551234', IsPrimary: true },
            Websites_LinkedIn: { Value: 'https://www.linkedin.com/in/ann-lee', IsPrimary: true },
            CurrentPosition: { JobTitle: 'Data Engineer', IsPrimary: true },
            // By id: a name-only lookup would create a source (and the company is not sent at all).
            ContactSourceId: { Id: source.id },
          },
        },
      },
      { method: 'POST', path: `/jobs/${job.id}/contacts`, query: { contact_ids: contactId }, contentType: 'application/json', body: { statusId: stage.id } },
    ]);
  });

  it('createApplication, moveApplicationToStage and rejectApplication: the pipeline call with { statusId } only; the rejection note', async () => {
    run = await startCrelate({ records: 10, seed: 42 });
    const { sandbox } = run;
    const item = recruitingItem(sandbox);
    const [jobId, contactId] = [String(item._jobId), String(item._contactId)];
    const screening = statusNamed(sandbox, 'Screening');
    await run.connector.moveApplicationToStage({ application_id: id('application', jobId, contactId), stage_id: id('stage', screening.id) });
    await run.connector.rejectApplication({ application_id: id('application', jobId, contactId), note: 'Not enough SQL.' });
    const other = sandbox.store.list('contacts').find((contact) => Number(contact.RecordType) & 1 && !sandbox.store.get('pipeline', `${jobId}:${contact.id}`))!;
    await run.connector.createApplication({ candidate_id: id('candidate', other.id), job_id: id('job', jobId) });
    const pipelineCall = (contact: string, statusId: string) => ({ method: 'POST', path: `/jobs/${jobId}/contacts`, query: { contact_ids: contact }, contentType: 'application/json', body: { statusId } });
    expect(run.writes).toEqual([
      pipelineCall(contactId, screening.id),
      pipelineCall(contactId, statusNamed(sandbox, 'Not a Fit').id),
      {
        method: 'POST',
        path: '/notes',
        query: {},
        contentType: 'application/json',
        body: { entity: { Display: 'Not enough SQL.', ParentId: { Id: contactId, EntityName: 'Contacts' }, RegardingId: { Id: jobId }, When: expect.stringMatching(ISO) } },
      },
      pipelineCall(other.id, statusNamed(sandbox, 'New Candidates').id),
    ]);
  });

  it('notes: HTML is sent as text with the link target kept (and a warning); result links are notes with label, url and attributes', async () => {
    run = await startCrelate({ records: 10, seed: 43 });
    const item = recruitingItem(run.sandbox);
    const [jobId, contactId] = [String(item._jobId), String(item._contactId)];
    const note = await run.connector.addNoteToCandidate({
      candidate_id: id('candidate', contactId),
      content: '<p>Interview done. Score 87/100. <a href="https://results.example/r/9">Results</a></p>',
      content_type: 'HTML',
    });
    expect(note.warnings.join(' ')).toContain('HTML was converted');
    await run.connector.addResultLinkToApplication({
      application_id: id('application', jobId, contactId),
      label: 'AI screening',
      url: 'https://results.example/r/9',
      details: { attributes: [{ key: 'score', value: '87' }] },
    });
    expect(run.writes.map((write) => write.body)).toEqual([
      { entity: { Display: 'Interview done. Score 87/100. Results (https://results.example/r/9)', ParentId: { Id: contactId, EntityName: 'Contacts' }, When: expect.stringMatching(ISO) } },
      { entity: { Display: 'AI screening: https://results.example/r/9\nscore: 87', ParentId: { Id: contactId, EntityName: 'Contacts' }, RegardingId: { Id: jobId }, When: expect.stringMatching(ISO) } },
    ]);
    expect(run.writes.map((write) => `${write.method} ${write.path}`)).toEqual(['POST /notes', 'POST /notes']);
  });

  it('tags: PATCH /contacts/{id} with the whole Tags map, the new tag by name in the default category', async () => {
    run = await startCrelate({ records: 10, seed: 44 });
    const contact = run.sandbox.store.list('contacts').find((record) => Number(record.RecordType) & 1 && record.Tags)!;
    const before = contact.Tags as Record<string, { Id: string; Title: string }[]>;
    await run.connector.addTagToCandidate({ candidate_id: id('candidate', contact.id), tag: { name: 'Senior' } });
    const expected: Record<string, unknown[]> = Object.fromEntries(Object.entries(before).map(([category, entries]) => [category, entries.map((entry) => ({ Id: entry.Id, Title: entry.Title }))]));
    expected['00000000-0000-0000-0000-000000000000'] = [...(expected['00000000-0000-0000-0000-000000000000'] ?? []), { Title: 'Senior' }];
    expect(run.writes).toEqual([{ method: 'PATCH', path: `/contacts/${contact.id}`, query: {}, contentType: 'application/json', body: { entity: { Tags: expected } } }]);
  });

  it('uploads: multipart part "file" with name and type, to /artifacts/primary for a CV, /artifacts otherwise, target in the query', async () => {
    run = await startCrelate({ records: 10, seed: 45 });
    const contact = run.sandbox.store.list('contacts').find((record) => Number(record.RecordType) & 1)!;
    await run.connector.addAttachmentToCandidate({ candidate_id: id('candidate', contact.id), attachment: { name: 'Ann_Lee_Resume.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF-1.4 cv') } });
    await run.connector.addAttachmentToCandidate({ candidate_id: id('candidate', contact.id), attachment: { name: 'notes.txt', content_type: 'text/plain', data: Buffer.from('hello') } });
    expect(run.writes.map((write) => [write.method, write.path, write.query])).toEqual([
      ['POST', '/artifacts/primary', { target_entity_name: 'Contacts', target_record_id: contact.id }],
      ['POST', '/artifacts', { target_entity_name: 'Contacts', target_record_id: contact.id }],
    ]);
    const parts = run.writes.map((write) => decodeMultipart(String(write.body), String(write.contentType)));
    expect(parts.map((part) => Object.keys(part ?? {}))).toEqual([['file'], ['file']]);
    const files = parts.map((part) => part?.file as { fileName: string; contentType?: string; data: Buffer });
    expect(files.map((file) => [file.fileName, file.contentType, file.data.toString('utf8')])).toEqual([
      ['Ann_Lee_Resume.pdf', 'application/pdf', '%PDF-1.4 cv'],
      ['notes.txt', 'text/plain', 'hello'],
    ]);
  });
});

describe('the rejection note', () => {
  it('an HTML rejection note is sent as text with its link kept, with a warning', async () => {
    run = await startCrelate({ records: 10, seed: 46 });
    const item = recruitingItem(run.sandbox);
    const result = await run.connector.rejectApplication({
      application_id: id('application', String(item._jobId), String(item._contactId)),
      note: '<p>Weak SQL. <a href="https://results.example/r/1">Report</a></p>',
    });
    expect(result.warnings.join(' ')).toContain('HTML was converted');
    expect(run.writes.find((write) => write.path === '/notes')?.body).toMatchObject({ entity: { Display: 'Weak SQL. Report (https://results.example/r/1)' } });
  });
});
