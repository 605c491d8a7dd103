/**
 * Crelate provider-fidelity fixes of the hardening issue, each against the sandbox or a loopback
 * server: jobs on several workflow types (their own stages), the short last page, contacts with
 * `RecordType: null`, and attachments given as a URL.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, ValidationError } from '../../../src/core/errors.js';
import { decodeId, encodeId } from '../../../src/core/ids.js';
import { EXECUTIVE_WORKFLOW } from '../../../src/testing/sandboxes/crelate/sandbox-data.js';
import type { Sandbox } from '../../../src/testing/sandbox/server.js';
import { collect, serveFixtures, startCrelate, type Harness } from './helpers.js';

let run: (Harness & { sandbox: Sandbox }) | undefined;
let served: Harness | undefined;
afterEach(async () => {
  await run?.close();
  await served?.close();
  run = undefined;
  served = undefined;
});

/** `count` candidate contacts, numbered from 0. */
const contacts = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ Id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, FirstName: `C${i}`, LastName: 'Test', RecordType: 1 }));

/**
 * A loopback `/contacts` list over `all`, answering `limit`/`offset` slices with the metadata that
 * `meta` gives for a page (null fields by default, as on writes).
 */
async function serveContacts(all: unknown[], meta: (offset: number, page: unknown[]) => Record<string, unknown> = () => ({ TotalRecords: null, MoreRecords: null })) {
  const harness = await serveFixtures([], 'fixture-key');
  harness.server.use(
    http.get(`${harness.server.url}/api3/contacts`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const offset = Number(query.get('offset'));
      const page = all.slice(offset, offset + Number(query.get('limit')));
      return HttpResponse.json({ Data: page, Errors: [], Metadata: meta(offset, page) });
    }),
  );
  served = harness;
  return harness;
}

const executiveId = EXECUTIVE_WORKFLOW.Id.toLowerCase();
const remoteOf = (id: string, kind: string) => decodeId(id, 'crelate', kind)[0];

describe('jobs on several workflow types (issue 12 item 15)', () => {
  it("each job's stages are its own type's statuses in SortOrder; applications point at synced stages", async () => {
    run = await startCrelate({ records: 60, seed: 21 });
    const { store } = run.sandbox;
    const executiveJob = store.list('jobs').find((job) => String((job.WorkflowTypeId as { Id: string }).Id).toLowerCase() === executiveId)!;
    const recruitingJob = store.list('jobs').find((job) => job.id !== executiveJob.id)!;
    const statusName = (id: string) => String(store.get('workflowstatuses', id)?.Name);

    const jobStages = await collect(run.connector.syncJobStages());
    const stagesOf = (jobId: string) =>
      jobStages
        .filter((stage) => remoteOf(stage.job_id, 'job') === jobId)
        .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
        .map((stage) => statusName(remoteOf(stage.stage_id, 'stage')!));
    expect(stagesOf(executiveJob.id)).toEqual(['Longlist', 'Client Interview', 'Offer', 'Hired', 'Withdrawn']);
    expect(stagesOf(recruitingJob.id)).toEqual(['New Candidates', 'Screening', 'Submitted to Client', 'Placed', 'Not a Fit']);
    // Each type's statuses were asked for by type, once.
    expect(run.requests.filter((request) => request.startsWith('GET /workflowstatuses')).sort()).toEqual([
      `GET /workflowstatuses?workflow_type_ids=${executiveId}&offset=0&limit=100`,
      'GET /workflowstatuses?workflow_type_ids=f6ef012f-998d-4132-b38b-a17a00b2b958&offset=0&limit=100',
    ]);

    const stages = await collect(run.connector.syncApplicationStages());
    expect(stages.map((stage) => [stage.name, stage.global_index])).toEqual([
      ['New Candidates', 0],
      ['Screening', 1],
      ['Submitted to Client', 2],
      ['Placed', 3],
      ['Not a Fit', 4],
      ['Longlist', 5],
      ['Client Interview', 6],
      ['Offer', 7],
      ['Hired', 8],
      ['Withdrawn', 9],
    ]);
    const stageIds = new Set(stages.map((stage) => stage.id));
    const applications = await collect(run.connector.syncApplications());
    const onExecutive = applications.filter((application) => remoteOf(application.job_id!, 'job') === executiveJob.id);
    expect(onExecutive.length).toBeGreaterThan(0);
    for (const application of applications) expect(stageIds.has(application.current_stage_id!)).toBe(true);
    // Outcomes come from the executive type's stage types.
    for (const application of onExecutive) {
      const name = statusName(remoteOf(application.current_stage_id!, 'stage')!);
      expect(application.outcome).toBe(name === 'Hired' ? 'HIRED' : name === 'Withdrawn' ? 'DECLINED' : 'PENDING');
    }
  });

  it("rejectApplication moves into the Done-Negative status of the job's own workflow type", async () => {
    run = await startCrelate({ records: 60, seed: 22 });
    const { store } = run.sandbox;
    const item = store.list('pipeline').find((entry) => String((store.get('jobs', String(entry._jobId))!.WorkflowTypeId as { Id: string }).Id).toLowerCase() === executiveId)!;
    await run.connector.rejectApplication({ application_id: encodeId('crelate', 'application', String(item._jobId), String(item._contactId)) });
    expect(store.get('workflowstatuses', String(store.get('pipeline', item.id)!._statusId))?.Name).toBe('Withdrawn');
  });
});

describe('end of a list (issue 12 item 16, issue 20 item 4)', () => {
  it('a short page ends the list when MoreRecords and TotalRecords are null: no extra empty request', async () => {
    const harness = await serveContacts(contacts(150));
    expect(await collect(harness.connector.syncCandidates())).toHaveLength(150);
    expect(harness.requests).toEqual(['GET /contacts?offset=0&limit=100', 'GET /contacts?offset=100&limit=100']);
  });

  it('MoreRecords: false ends the list even on a full page', async () => {
    // The server has more rows than it says: a connector ignoring MoreRecords would read them.
    const harness = await serveContacts(contacts(250), (offset) => ({ TotalRecords: null, MoreRecords: offset >= 100 ? false : true }));
    expect(await collect(harness.connector.syncCandidates())).toHaveLength(200);
    expect(harness.requests).toEqual(['GET /contacts?offset=0&limit=100', 'GET /contacts?offset=100&limit=100']);
  });

  it('MoreRecords: true goes on after a short page (a server that pages smaller than asked)', async () => {
    const all = contacts(120);
    const harness = await serveFixtures([], 'fixture-key');
    harness.server.use(
      http.get(`${harness.server.url}/api3/contacts`, ({ request }) => {
        const offset = Number(new URL(request.url).searchParams.get('offset'));
        const page = all.slice(offset, offset + 50);
        return HttpResponse.json({ Data: page, Errors: [], Metadata: { TotalRecords: null, MoreRecords: offset + page.length < all.length } });
      }),
    );
    served = harness;
    expect(await collect(harness.connector.syncCandidates())).toHaveLength(120);
    expect(harness.requests.map((request) => /offset=(\d+)/.exec(request)?.[1])).toEqual(['0', '50', '100']);
  });

  it('TotalRecords ends the list at offset >= total', async () => {
    const harness = await serveContacts(contacts(300), () => ({ TotalRecords: 200, MoreRecords: null }));
    expect(await collect(harness.connector.syncCandidates())).toHaveLength(200);
    expect(harness.requests).toHaveLength(2);
  });

  it('the page size is capped at 100: asking for 500 sends limit=100', async () => {
    const harness = await serveContacts(contacts(150));
    expect(await collect(harness.connector.syncCandidates(undefined, { pageSize: 500 }))).toHaveLength(150);
    expect(harness.requests).toEqual(['GET /contacts?offset=0&limit=100', 'GET /contacts?offset=100&limit=100']);
  });
});

describe('attachments given as a URL (issue 12 item 18)', () => {
  /** A loopback file server answering `body` on every path. */
  async function fileServer(body: string): Promise<{ url: string; close(): Promise<void> }> {
    const server: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/pdf' });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/files/cv.pdf`, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it('the file is downloaded through the download path and uploaded as bytes, with a warning', async () => {
    const files = await fileServer('%PDF-1.4 downloaded resume');
    try {
      run = await startCrelate({ records: 5, seed: 23 }, { downloads: { allowPrivateNetwork: true } });
      const contact = run.sandbox.store.list('contacts').find((record) => Number(record.RecordType) & 1)!;
      const result = await run.connector.addAttachmentToCandidate({
        candidate_id: encodeId('crelate', 'candidate', contact.id),
        attachment: { name: 'Ada_Resume.pdf', content_type: 'application/pdf', url: files.url },
      });
      expect(result.warnings.join(' ')).toContain('downloaded from attachment.url and uploaded');
      const artifact = run.sandbox.store.get('artifacts', result.remote_id!)!;
      expect(artifact).toMatchObject({ FileName: 'Ada_Resume.pdf', _parentId: contact.id, _content: '%PDF-1.4 downloaded resume', IsPrimary: true });
      expect(run.requests.filter((request) => request.startsWith('POST /artifacts'))).toEqual([`POST /artifacts/primary?target_entity_name=Contacts&target_record_id=${contact.id}`]);
    } finally {
      await files.close();
    }
  });

  it('a URL the download path refuses (loopback, not allowed) is a typed input error, not ConfigError, and nothing is uploaded', async () => {
    const files = await fileServer('%PDF-1.4');
    try {
      run = await startCrelate({ records: 5, seed: 24 });
      const contact = run.sandbox.store.list('contacts').find((record) => Number(record.RecordType) & 1)!;
      const error = await run.connector
        .addAttachmentToCandidate({ candidate_id: encodeId('crelate', 'candidate', contact.id), attachment: { name: 'cv.pdf', content_type: 'application/pdf', url: files.url } })
        .then(() => null, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/private|loopback|address/i);
      expect(run.requests.filter((request) => request.startsWith('POST'))).toEqual([]);
    } finally {
      await files.close();
    }
  });
});

describe("the provider's own ids and the delta bound (issue 15 item 1, issue 20 item 4)", () => {
  it("getJob takes Crelate's raw GUID in any case; a malformed id is a ValidationError before any request", async () => {
    run = await startCrelate({ records: 5, seed: 25 });
    const stored = run.sandbox.store.list('jobs')[1]!;
    const job = await run.connector.getJob(stored.id.toUpperCase());
    expect(job).toMatchObject({ id: encodeId('crelate', 'job', stored.id), remote_id: stored.id, name: stored.Name });
    run.requests.length = 0;
    for (const bad of ['..', '.', '']) await expect(run.connector.getJob(bad)).rejects.toBeInstanceOf(ValidationError);
    expect(run.requests).toEqual([]);
  });

  it('a provider id that is not a GUID (every Crelate id is one) is a ValidationError naming the form, before any request', async () => {
    run = await startCrelate({ records: 5, seed: 27 });
    run.requests.length = 0;
    for (const bad of ['not a crelate id', 'D7C00478-140B', '12345']) {
      const error = await run.connector.getJob(bad).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toMatch(/not a GUID/);
    }
    const stored = run.sandbox.store.list('contacts')[0]!;
    await expect(run.connector.getApplication(`${stored.id}:nope`)).rejects.toBeInstanceOf(ValidationError);
    expect(run.requests).toEqual([]);
  });

  it('modified_after is stepped back: a contact changed exactly at since is delivered by a server whose filter is exclusive', async () => {
    run = await startCrelate({ records: 10, seed: 26 });
    const contact = run.sandbox.store.list('contacts').find((record) => Number(record.RecordType) & 1)!;
    run.sandbox.update('contacts', contact.id, { FirstName: 'AtTheBound' });
    // On a whole second, so flooring the bound to the second does not step it back by itself.
    const at = Math.floor(run.sandbox.store.get('contacts', contact.id)!.updated_at / 1000) * 1000;
    run.sandbox.store.get('contacts', contact.id)!.updated_at = at;
    // The sandbox's modified_after is strictly after; a bound sent as `since` itself would miss it.
    const candidates = await collect(run.connector.syncCandidates(new Date(at).toISOString()));
    expect(candidates.map((candidate) => candidate.remote_id)).toEqual([contact.id]);
  });
});
