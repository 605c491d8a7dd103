/**
 * The Crelate connector through the real undici transport, against the fixtures served on a
 * loopback server: paging, the delta filter, the envelope (errors inside a 200 included), the
 * error table, writes as sent on the wire, B3, B8 and the X1 canary.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/core/ids.js';
import { AuthError, NotFoundError, ProviderError, ProviderUnavailableError, RateLimitError } from '../../../src/core/errors.js';
import { assertNoCanary, canarySecret } from '../../../src/testing/canary.js';
import { CandidateSchema } from '../../../src/models/index.js';
import { collect, serveFixtures, type Harness } from './helpers.js';

const MARIA = '6b1e0c52-4f3a-4d8e-a1c2-19f3c7a2dd08';
const JOB = '0b6c1d2e-7a1f-4a2b-9c3d-5e6f7a8bdd08';
const application = (jobId: string, contactId: string) => encodeId('crelate', 'application', jobId, contactId);

let harness: (Harness & { server: { unhandled: unknown[] } }) | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function rejects(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('reads', () => {
  it('pages with limit/offset until MoreRecords is false, keeps only candidates, key only in X-Api-Key', async () => {
    const key = canarySecret('crelate');
    harness = await serveFixtures(['contacts.page-2', 'contacts.page-1'], key);
    const candidates = await collect(harness.connector.syncCandidates());
    // 103 contacts: a client contact and a lead are skipped.
    expect(candidates).toHaveLength(101);
    expect(candidates.every((candidate) => CandidateSchema.safeParse(candidate).success)).toBe(true);
    expect(harness.requests).toEqual(['GET /contacts?offset=0&limit=100', 'GET /contacts?offset=100&limit=100']);
    expect(harness.headers.every((headers) => headers['x-api-key'] === key)).toBe(true);
    expect(harness.requests.some((request) => request.includes(key) || /api_key/i.test(request))).toBe(false);
    expect(harness.server.unhandled).toEqual([]);
  });

  it('E1/E7: since is sent as modified_after floored to the second minus 1 s; older records are dropped client-side', async () => {
    harness = await serveFixtures(['contacts.delta'], 'fixture-key');
    const candidates = await collect(harness.connector.syncCandidates('2025-01-06T12:00:00.000Z'));
    expect(harness.requests[0]).toContain('modified_after=2025-01-06T11:59:59Z');
    expect(candidates.map((candidate) => candidate.changed_at)).toEqual(['2025-01-06T13:15:00.123Z']);
  });

  it('getCandidate, getJob, getApplication; a client contact is NotFound for getCandidate', async () => {
    harness = await serveFixtures(['pipeline.list', 'workflowstatuses.list', 'contacts.get-candidate', 'contacts.get-client-contact', 'jobs.get'], 'fixture-key');
    const candidate = await harness.connector.getCandidate(encodeId('crelate', 'candidate', MARIA));
    expect(candidate.first_name).toBe('Maria');
    expect((await harness.connector.getJob(encodeId('crelate', 'job', JOB))).name).toContain('Senior Data Engineer');
    const found = await harness.connector.getApplication(application(JOB, MARIA));
    expect(found).toMatchObject({ outcome: 'PENDING', remote_id: `${JOB}:${MARIA}` });
    const error = await rejects(harness.connector.getCandidate(encodeId('crelate', 'candidate', '7C2F1D63-5A4B-4E9F-B2D3-2A4E8D3BDD08')));
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('B3: a record with a wrong type and one with a bad date are quarantined with paths, the rest delivered', async () => {
    harness = await serveFixtures(['contacts.bad-record'], 'fixture-key');
    const pages = await collect(harness.connector.syncCandidates().pages());
    expect(pages[0]?.records).toHaveLength(2);
    expect(pages[0]?.quarantined.map((entry) => [entry.reason, entry.issues[0]?.path])).toEqual([
      ['wire_schema', ['RecordType']],
      ['mapping', []],
    ]);
    expect(JSON.stringify(pages[0]?.quarantined)).not.toContain('example.com');
  });

  it('B8: __proto__ and constructor keys do not pollute prototypes or the unified record', async () => {
    harness = await serveFixtures(['contacts.proto-keys'], 'fixture-key');
    const [candidate] = await collect(harness.connector.syncCandidates());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect((candidate as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(candidate?.tags.map((tag) => tag.name)).toEqual(['Python']);
  });
});

describe('errors', () => {
  it('401 → AuthError, and checkConnection says invalid_credentials', async () => {
    harness = await serveFixtures(['contacts.unauthorized'], 'fixture-key');
    expect(await rejects(collect(harness.connector.syncCandidates()))).toBeInstanceOf(AuthError);
    await harness.close();
    harness = await serveFixtures(['jobs.unauthorized'], 'fixture-key');
    expect((await harness.connector.checkConnection()).status).toBe('invalid_credentials');
  });

  it('404 → NotFoundError carrying the envelope message', async () => {
    harness = await serveFixtures(['contacts.not-found'], 'fixture-key');
    const error = await rejects(harness.connector.getCandidate(encodeId('crelate', 'candidate', '00000000-dead-4bee-8f00-000000000404')));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('The requested record was not found.');
  });

  it('429 → RateLimitError with Retry-After when retries are off', async () => {
    harness = await serveFixtures(['contacts.rate-limited'], 'fixture-key');
    const error = await rejects(collect(harness.connector.syncCandidates()));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(1000);
  });

  it('500 → retried, then ProviderUnavailableError', async () => {
    harness = await serveFixtures(['jobs.server-error'], 'fixture-key', { retry: { maxRetries: 1, baseDelayMs: 1 } });
    const error = await rejects(collect(harness.connector.syncJobs()));
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(harness.requests).toHaveLength(2);
  });

  it('errors inside a 200 envelope are typed errors (classify hook)', async () => {
    harness = await serveFixtures(['pipeline.move-error-in-200'], 'fixture-key');
    const error = await rejects(
      harness.connector.moveApplicationToStage({ application_id: application('1c7d2e3f-8b2a-4b3c-8d4e-6f7a8b9cdd08', MARIA), stage_id: encodeId('crelate', 'stage', '99999999-9999-4999-8999-999999999999') }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('inside a 200');
  });

  it('a failed create is not retried: 500 with the missing required field', async () => {
    harness = await serveFixtures(['contacts.create-missing-name'], 'fixture-key', { retry: { maxRetries: 3, baseDelayMs: 1 } });
    const error = await rejects(harness.connector.createCandidate({ candidate: { first_name: 'Ann', last_name: 'Lee', email_addresses: [{ email_address: 'ann@example.com' }] } }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toContain('LastName is required.');
    expect(harness.requests).toHaveLength(1);
  });

  it('X1: the API key never appears in errors, inspect output or the connector', async () => {
    const key = canarySecret('crelate');
    harness = await serveFixtures(['contacts.unauthorized'], key);
    const error = await rejects(collect(harness.connector.syncCandidates()));
    assertNoCanary(error, key);
    assertNoCanary(inspect(error, { depth: Infinity }), key);
    assertNoCanary(inspect(harness.connector, { depth: Infinity }), key);
    assertNoCanary(harness.connector.capabilities, key);
  });
});

describe('writes on the wire', () => {
  it('createCandidate: POST /contacts { entity } with RecordType 1 and slots, then the pipeline at the given status', async () => {
    harness = await serveFixtures(['pipeline.list', 'pipeline.add', 'workflowstatuses.list', 'contacts.get-created', 'contacts.create', 'jobs.get'], 'fixture-key');
    const stage = encodeId('crelate', 'stage', '1e0c7f3a-2b4d-4c6e-8a9b-0d1e2f3add08');
    const result = await harness.connector.createCandidate({
      candidate: { first_name: 'Ann', last_name: 'Lee', email_addresses: [{ email_address: 'ann@example.com', type: 'PERSONAL' }], phone_numbers: [{ phone_number: '(919) 555-1234', type: 'MOBILE' }], company: 'Contoso' },
      application: { job_id: encodeId('crelate', 'job', JOB), stage_id: stage },
    });
    expect(result.candidate.remote_id).toBe('450bf96e-eb32-42bc-d11f-6ce89035dd08');
    expect(result.warnings.join(' ')).toContain('Company not written');
    expect(harness.requests.slice(0, 3)).toEqual(['POST /contacts', 'GET /contacts/450bf96e-eb32-42bc-d11f-6ce89035dd08', `POST /jobs/${JOB}/contacts?contact_ids=450bf96e-eb32-42bc-d11f-6ce89035dd08`]);
    // The fixture pipeline does not list the new contact: the read-back says so in a warning.
    expect(result.application).toBeNull();
    expect(result.warnings.join(' ')).toContain('did not show it yet');
  });

  it('notes and result links go to POST /notes with ParentId and RegardingId', async () => {
    harness = await serveFixtures(['notes.create'], 'fixture-key');
    const result = await harness.connector.addResultLinkToApplication({ application_id: application(JOB, MARIA), label: 'AI screening', url: 'https://results.example.com/r/7f3a' });
    expect(result.remote_id).toBe('8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7bdd08');
    expect(result.warnings[0]).toContain('note');
    expect(harness.requests).toEqual(['POST /notes']);
  });

  it('getCandidateAttachments lists artifacts and download() streams the raw bytes', async () => {
    harness = await serveFixtures(['artifacts.content', 'artifacts.list', 'contacts.get-candidate'], 'fixture-key');
    const attachments = await harness.connector.getCandidateAttachments({ candidate_id: encodeId('crelate', 'candidate', MARIA) });
    expect(attachments.map((item) => item.type)).toEqual(['CV', 'COVER_LETTER', 'OTHER']);
    const chunks: Uint8Array[] = [];
    for await (const chunk of await attachments[0]!.download()) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toMatch(/^%PDF-1\.4/);
  });
});
