/**
 * The push flow on Crelate, through its sandbox: find by email (exact, `emails=`), add an existing
 * contact to a job's pipeline, list filters sent to Crelate, and `pushCandidate` end to end,
 * including a retry after a create that timed out once it had landed (one candidate, one
 * application), and a URL attachment downloaded and uploaded as bytes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DuplicateError } from '../../../src/core/errors.js';
import { encodeId } from '../../../src/core/ids.js';
import type { StoredRecord } from '../../../src/testing/sandbox/store.js';
import type { Sandbox } from '../../../src/testing/sandbox/server.js';
import { EXECUTIVE_WORKFLOW } from '../../../src/testing/sandboxes/crelate/sandbox-data.js';
import { serveFile, type FileServer } from '../../helpers/file-server.js';
import { collect, startCrelate, type Harness } from './helpers.js';

const id = (kind: string, ...parts: string[]) => encodeId('crelate', kind, ...parts);
const person = (email: string) => ({ first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: email, type: 'PERSONAL' as const }] });

let run: (Harness & { sandbox: Sandbox }) | undefined;
let file: FileServer | null = null;
afterEach(async () => {
  await run?.close();
  await file?.close();
  run = undefined;
  file = null;
});

async function start(connectorOptions: Parameters<typeof startCrelate>[1] = {}) {
  run = await startCrelate({ records: 30, seed: 31 }, { downloads: { allowPrivateNetwork: true }, ...connectorOptions });
  return run;
}

const emailOf = (contact: StoredRecord) => String((contact.EmailAddresses_Personal as { Value: string }).Value);
const candidates = (sandbox: Sandbox) => sandbox.store.list('contacts').filter((contact) => Number(contact.RecordType) & 1);
const contactsWith = (sandbox: Sandbox, email: string) => sandbox.store.list('contacts').filter((contact) => emailOf(contact).toLowerCase() === email.toLowerCase());
const pipelineOf = (sandbox: Sandbox, contactId: string) => sandbox.store.list('pipeline').filter((item) => item._contactId === contactId);
const statusNamed = (sandbox: Sandbox, name: string) => sandbox.store.list('workflowstatuses').find((status) => status.Name === name)!;
/** An open job on the recruiting workflow. */
const openJob = (sandbox: Sandbox) =>
  sandbox.store.list('jobs').find((job) => !job.ClosedOn && String((job.WorkflowTypeId as { Id: string }).Id).toLowerCase() !== EXECUTIVE_WORKFLOW.Id.toLowerCase())!;

describe('findCandidatesByEmail', () => {
  it('sends emails= once and returns the exact match whatever the case; a client contact with the address is not a candidate', async () => {
    const { sandbox, connector, requests } = await start();
    const existing = candidates(sandbox)[4]!;
    const client = sandbox.store.list('contacts').find((contact) => contact.RecordType === 2)!;
    sandbox.store.update('contacts', client.id, { EmailAddresses_Work: { Value: emailOf(existing), IsPrimary: false } });
    const found = await connector.findCandidatesByEmail(emailOf(existing).toUpperCase());
    expect(found.map((candidate) => candidate.remote_id)).toEqual([existing.id]);
    expect(requests).toEqual([`GET /contacts?emails=${emailOf(existing)}&offset=0&limit=100`]);
    expect(await connector.findCandidatesByEmail('nobody@example.test')).toEqual([]);
  });
});

describe('createApplication', () => {
  it('adds an existing contact to the job in the given stage', async () => {
    const { sandbox, connector, requests } = await start();
    const job = openJob(sandbox);
    const contact = candidates(sandbox).find((record) => !pipelineOf(sandbox, record.id).some((item) => item._jobId === job.id))!;
    const stage = statusNamed(sandbox, 'Screening');
    const result = await connector.createApplication({ candidate_id: id('candidate', contact.id), job_id: id('job', job.id), stage_id: id('stage', stage.id) });
    expect(result.application).toMatchObject({ id: id('application', job.id, contact.id), candidate_id: id('candidate', contact.id), job_id: id('job', job.id), current_stage_id: id('stage', stage.id), outcome: 'PENDING' });
    expect(result.remote_id).toBe(`${job.id}:${contact.id}`);
    expect(sandbox.store.get('pipeline', `${job.id}:${contact.id}`)?._statusId).toBe(stage.id);
    expect(requests.filter((request) => request.startsWith('POST'))).toEqual([`POST /jobs/${job.id}/contacts?contact_ids=${contact.id}`]);
  });

  it("without a stage: the New status of the job's own workflow type; the provider's raw ids work", async () => {
    const { sandbox, connector } = await start();
    const job = sandbox.store.list('jobs').find((record) => String((record.WorkflowTypeId as { Id: string }).Id) === EXECUTIVE_WORKFLOW.Id)!;
    const contact = candidates(sandbox).find((record) => !pipelineOf(sandbox, record.id).some((item) => item._jobId === job.id))!;
    const result = await connector.createApplication({ candidate_id: contact.id.toUpperCase(), job_id: job.id });
    expect(sandbox.store.get('workflowstatuses', String(sandbox.store.get('pipeline', `${job.id}:${contact.id}`)?._statusId))?.Name).toBe('Longlist');
    expect(result.application.current_stage_id).toBe(id('stage', statusNamed(sandbox, 'Longlist').id));
  });

  it('a contact already on the job is a DuplicateError with the existing application, and it is not moved', async () => {
    const { sandbox, connector, requests } = await start();
    const item = sandbox.store.list('pipeline')[0]!;
    const before = item._statusId;
    const other = sandbox.store.list('workflowstatuses').find((status) => status.id !== before && status.Name === 'Placed')!;
    const error = await connector
      .createApplication({ candidate_id: id('candidate', String(item._contactId)), job_id: id('job', String(item._jobId)), stage_id: id('stage', other.id) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DuplicateError);
    expect(error).toMatchObject({ kind: 'application', existingId: id('application', String(item._jobId), String(item._contactId)), existingRemoteId: item.id });
    expect(sandbox.store.get('pipeline', item.id)?._statusId).toBe(before);
    expect(requests.filter((request) => request.startsWith('POST'))).toEqual([]);
  });
});

describe('list filters sent to Crelate', () => {
  it('syncApplications(since, { jobId }) reads only that job: no job list, one pipeline', async () => {
    const { sandbox, connector, requests } = await start();
    const job = openJob(sandbox);
    const expected = sandbox.store.list('pipeline').filter((item) => item._jobId === job.id).map((item) => item.id).sort();
    const records = await collect(connector.syncApplications(undefined, { jobId: id('job', job.id) }));
    expect(records.map((record) => record.remote_id).sort()).toEqual(expected);
    expect(requests.filter((request) => request.startsWith('GET /jobs'))).toEqual([`GET /jobs/${job.id}`, `GET /jobs/${job.id}/contacts?offset=0&limit=100`]);
    expect(connector.capabilities.models.applications.filters).toMatchObject({ job_ids: 'server', candidate_ids: 'client' });
  });

  it('application ids name their job: { ids } and { remote_ids } read only those jobs and return exactly those items', async () => {
    const { sandbox, connector, requests } = await start();
    const [first, second] = sandbox.store.list('pipeline').slice(0, 2);
    const byIds = await collect(connector.syncApplications(undefined, { ids: [id('application', String(first!._jobId), String(first!._contactId))] }));
    expect(byIds.map((record) => record.remote_id)).toEqual([first!.id]);
    const byRemote = await collect(connector.syncApplications(undefined, { remote_ids: [second!.id] }));
    expect(byRemote.map((record) => record.remote_id)).toEqual([second!.id]);
    // No job list was read: only the named jobs, by id.
    expect(requests.some((request) => request.startsWith('GET /jobs?'))).toBe(false);
    expect(connector.capabilities.models.applications.filters).toMatchObject({ ids: 'server', remote_ids: 'server' });
  });

  it('syncCandidates(since, { emails: [one] }) sends emails=', async () => {
    const { sandbox, connector, requests } = await start();
    const existing = candidates(sandbox)[2]!;
    const records = await collect(connector.syncCandidates(undefined, { emails: [emailOf(existing)] }));
    expect(records.map((record) => record.remote_id)).toEqual([existing.id]);
    expect(requests).toEqual([`GET /contacts?emails=${emailOf(existing)}&offset=0&limit=100`]);
  });
});

describe('pushCandidate', () => {
  it('creates the contact, adds it to the job in the stage and uploads the CV downloaded from its URL', async () => {
    const { sandbox, connector } = await start();
    const job = openJob(sandbox);
    const stage = statusNamed(sandbox, 'Submitted to Client');
    file = await serveFile('ada-cv.pdf', Buffer.from('%PDF cv of ada'));
    const result = await connector.pushCandidate({
      candidate: person('ada.push@example.test'),
      job_id: id('job', job.id),
      stage_id: id('stage', stage.id),
      attachments: [{ name: 'ada-cv.pdf', content_type: 'application/pdf', url: file.url, type: 'CV' }],
      dedupe: 'email',
    });
    const [created] = contactsWith(sandbox, 'ada.push@example.test');
    expect(result).toMatchObject({ status: 'created', candidate_id: id('candidate', created!.id), application_id: id('application', job.id, created!.id), application_created: true });
    expect(result.attachments).toMatchObject([{ name: 'ada-cv.pdf', status: 'uploaded' }]);
    expect(sandbox.store.get('pipeline', `${job.id}:${created!.id}`)?._statusId).toBe(stage.id);
    const artifacts = sandbox.store.list('artifacts').filter((artifact) => artifact._parentId === created!.id);
    expect(artifacts.map((artifact) => [artifact.FileName, artifact._content])).toEqual([['ada-cv.pdf', '%PDF cv of ada']]);
    expect(file.requests).toBe(1);
  });

  it('pushed twice with a timeout in between (the create landed, its answer was late): one candidate, one application', async () => {
    const { sandbox, connector, requests } = await start({ timeoutMs: 150 });
    const job = openJob(sandbox);
    const stage = statusNamed(sandbox, 'Screening');
    // The next write (POST /contacts) is carried out but answered after the connector gave up.
    sandbox.setFaults({ slowWriteAnswers: { delayMs: 400, count: 1 } });
    const input = { candidate: person('grace.retry@example.test'), job_id: id('job', job.id), stage_id: id('stage', stage.id) };
    const first = await connector.pushCandidate(input);
    expect(first.status).toBe('created');
    expect(first.warnings.join(' ')).toMatch(/timed out, but the candidate was found afterwards/);
    const second = await connector.pushCandidate(input);
    expect(second).toMatchObject({ status: 'reused', candidate_id: first.candidate_id, application_id: first.application_id, application_created: false });
    const people = contactsWith(sandbox, 'grace.retry@example.test');
    expect(people).toHaveLength(1);
    expect(pipelineOf(sandbox, people[0]!.id)).toHaveLength(1);
    expect(requests.filter((request) => request.startsWith('POST /contacts'))).toHaveLength(1);
  });

  it('reuses an existing candidate and leaves an existing application in its stage (with a warning), writing nothing', async () => {
    const { sandbox, connector, requests } = await start();
    const item = sandbox.store.list('pipeline').find((entry) => Number(sandbox.store.get('contacts', String(entry._contactId))?.RecordType) & 1)!;
    const contact = sandbox.store.get('contacts', String(item._contactId))!;
    const other = sandbox.store.list('workflowstatuses').find((status) => status.id !== item._statusId)!;
    const result = await connector.pushCandidate({ candidate: person(emailOf(contact)), job_id: id('job', String(item._jobId)), stage_id: id('stage', other.id) });
    expect(result).toMatchObject({ status: 'reused', candidate_id: id('candidate', contact.id), application_id: id('application', String(item._jobId), contact.id), application_created: false });
    expect(result.warnings.join(' ')).toMatch(/already applied to this job/);
    expect(sandbox.store.get('pipeline', item.id)?._statusId).toBe(item._statusId);
    expect(requests.filter((request) => !request.startsWith('GET'))).toEqual([]);
  });
});

describe('a second createCandidate with the same email', () => {
  it('creates a second contact: Crelate has no duplicate check (documented); pushCandidate looks up first', async () => {
    const { sandbox, connector } = await start();
    const first = await connector.createCandidate({ candidate: person('twice@example.test') });
    const second = await connector.createCandidate({ candidate: person('twice@example.test') });
    expect(second.candidate.id).not.toBe(first.candidate.id);
    expect(contactsWith(sandbox, 'twice@example.test')).toHaveLength(2);
  });
});

describe('getApplicationAttachments', () => {
  it("lists the contact's files, owned by the application (Crelate files belong to the contact)", async () => {
    const { sandbox, connector } = await start();
    const item = sandbox.store.list('pipeline').find((entry) => sandbox.store.list('artifacts').some((artifact) => artifact._parentId === entry._contactId))!;
    const [jobId, contactId] = [String(item._jobId), String(item._contactId)];
    const files = await connector.getApplicationAttachments({ application_id: id('application', jobId, contactId) });
    const stored = sandbox.store.list('artifacts').filter((artifact) => artifact._parentId === contactId);
    expect(files.map((file) => file.remote_id).sort()).toEqual(stored.map((artifact) => artifact.id).sort());
    expect(files.every((file) => file.owner === 'application' && file.owner_id === id('application', jobId, contactId))).toBe(true);
    expect(files.find((file) => file.type === 'CV')?.file_name).toMatch(/_Resume\.pdf$/);
    const chunks: Uint8Array[] = [];
    for await (const chunk of await files[0]!.download()) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toMatch(/^%PDF-1\.4/);
  });
});
