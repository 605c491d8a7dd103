/**
 * The Jarvi connector through its real undici transport, against the fixtures served on loopback:
 * offset pagination with `total`, the delta filter sent and verified, leaked non-talents and an
 * ignored filter dropped client-side, quarantine (B3), `__proto__` (B8), errors (401 with the key
 * hint, 403, 404, 422, 429 with a long Retry-After, 500), the legacy envelope, the writes, and the
 * canary (X1).
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createJarviConnector } from '../../../src/connectors/jarvi/index.js';
import { AuthError, ConfigError, NotFoundError, ProviderError, RateLimitError } from '../../../src/core/errors.js';
import { encodeId } from '../../../src/core/ids.js';
import { assertNoCanary, canarySecret } from '../../../src/testing/canary.js';
import type { Page } from '../../../src/core/stream.js';
import { serveFixtures } from './helpers.js';

type Server = Awaited<ReturnType<typeof serveFixtures>>;
let server: Server | null = null;
const apiKey = canarySecret('jarvi_private');
const publicKey = canarySecret('jarvi_public');

async function connect(names: string[], extra: { publicKey?: string } = {}) {
  server = await serveFixtures(names);
  return createJarviConnector({ apiKey, baseUrl: server.url, retry: { maxRetries: 0 }, timeoutMs: 2_000, ...extra });
}

async function allPages<T>(pages: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

afterEach(async () => {
  await server?.close();
  server = null;
});

describe('jarvi connector over fixtures', () => {
  it('reads every page of profiles by offset, sends the talent filter and the X-API-KEY header', async () => {
    const ats = await connect(['profiles.page-1', 'profiles.page-2']);
    const pages = await allPages(ats.syncCandidates().pages());
    expect(server!.requests.map((r) => r.query.get('offset'))).toEqual(['0', '100']);
    expect(server!.requests[0]?.headers['x-api-key']).toBe(apiKey);
    expect(JSON.parse(server!.requests[0]!.query.get('where')!)).toEqual({ isTalent: { _eq: true } });
    expect(JSON.parse(server!.requests[0]!.query.get('orderBy')!)).toEqual({ createdAt: 'asc' });
    // 130 rows: one leaked contact dropped, one broken row quarantined.
    expect(pages.flatMap((p) => p.records)).toHaveLength(128);
    expect(pages[0]?.warnings.join(' ')).toMatch(/1 non-talent profile/);
    expect(pages.every((p) => p.checkpoint === null)).toBe(true);
    expect(server!.unhandled).toEqual([]);
    await ats.close();
  });

  it('B3: one bad record in a page is quarantined with its issue paths, the rest delivered', async () => {
    const ats = await connect(['profiles.page-1', 'profiles.page-2']);
    const [first] = await allPages(ats.syncCandidates().pages());
    expect(first?.quarantined).toHaveLength(1);
    expect(first?.quarantined[0]).toMatchObject({ reason: 'wire_schema', issues: [{ path: ['emailAddresses'] }] });
    expect(first?.quarantined[0]?.remote_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first?.records).toHaveLength(98);
    expect(JSON.stringify(first?.quarantined)).not.toContain('example.fr');
    await ats.close();
  });

  it('B8: __proto__ keys in a page do not pollute Object.prototype', async () => {
    const ats = await connect(['profiles.page-1', 'profiles.page-2']);
    const records = [];
    for await (const candidate of ats.syncCandidates()) records.push(candidate);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(records.every((r) => Object.getPrototypeOf(r.custom_fields) === Object.prototype)).toBe(true);
    await ats.close();
  });

  it('delta: asks for updatedAt _gt since − 1 ms (strict comparison) and drops rows an ignored filter let through', async () => {
    const ats = await connect(['profiles.delta']);
    const pages = await allPages(ats.syncCandidates('2025-01-08T00:00:00.000Z').pages());
    const where = JSON.parse(server!.requests[0]!.query.get('where')!);
    expect(where).toEqual({ isTalent: { _eq: true }, updatedAt: { _gt: '2025-01-07T23:59:59.999Z' } });
    const records = pages.flatMap((p) => p.records);
    // The row exactly at `since` is kept; the stale one is dropped client-side.
    expect(records.map((r) => r.changed_at)).toEqual(['2025-01-08T00:00:00.000Z', '2025-01-08T09:12:03.110Z', '2025-01-09T17:45:12.000Z', '2025-01-10T08:00:01.500Z']);
    expect(pages[0]?.warnings.join(' ')).toMatch(/ignored upstream/);
    await ats.close();
  });

  it('reads jobs (recruitment projects only), postings, users and hiring teams from projects and offers', async () => {
    const ats = await connect(['projects.page-1', 'projects.all', 'offers.page-1']);
    const jobs = [];
    for await (const job of ats.syncJobs()) jobs.push(job);
    expect(jobs.map((j) => j.name)).toEqual(['Dev JAVA - IDF', 'Data engineer - Lyon', 'Développeur Java senior (H/F)']);
    const postings = [];
    for await (const posting of ats.syncJobPostings()) postings.push(posting);
    expect(postings).toHaveLength(2);
    const users = [];
    for await (const user of ats.syncUsers()) users.push(user);
    expect(users.map((u) => u.email)).toEqual(['sarah@jarvi.example', 'johan@jarvi.example']);
    const team = [];
    for await (const member of ats.syncHiringTeam()) team.push(member);
    expect(team).toHaveLength(6);
    await ats.close();
  });

  it('accepts the older entity-named envelope ({ projects: [...] }, quirk 7)', async () => {
    const ats = await connect(['projects.legacy-envelope']);
    const jobs = [];
    for await (const job of ats.syncJobs()) jobs.push(job);
    expect(jobs.map((j) => j.remote_id)).toEqual(['0c48cc86-352e-4098-9f34-5785e3aeafa3']);
    await ats.close();
  });

  it('getCandidate, getJob and getApplication go through where id _eq', async () => {
    const ats = await connect(['profiles.by-id', 'projects.by-id']);
    const candidate = await ats.getCandidate(encodeId('jarvi', 'candidate', '9ef1c5db-9c40-4329-aec6-d3b3230b45b9'));
    expect(candidate.last_name).toBe('Moreau');
    const job = await ats.getJob(encodeId('jarvi', 'job', '5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c0d'));
    expect(job.job_code).toBe('JARVI001');
    const application = await ats.getApplication(encodeId('jarvi', 'application', '9ef1c5db-9c40-4329-aec6-d3b3230b45b9', '0c48cc86-352e-4098-9f34-5785e3aeafa3'));
    expect(application.candidate_id).toBe(candidate.id);
    await expect(ats.getApplication(encodeId('jarvi', 'application', '9ef1c5db-9c40-4329-aec6-d3b3230b45b9', '11111111-1111-4111-8111-111111111111'))).rejects.toBeInstanceOf(NotFoundError);
    await ats.close();
  });

  it('429 with Retry-After: 1800 surfaces at once as RateLimitError with retryAfterMs, no sleep', async () => {
    const ats = await connect(['profiles.rate-limited']);
    const started = Date.now();
    const error = await allPages(ats.syncCandidates().pages()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(1_800_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    await ats.close();
  });

  it('401 on a private route says the private key is needed, and checkConnection classifies it', async () => {
    const ats = await connect(['profiles.unauthorized']);
    const error = await allPages(ats.syncCandidates().pages()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/GET \/profiles needs the Jarvi private API key/);
    expect((await ats.checkConnection()).status).toBe('invalid_credentials');
    await ats.close();
  });

  it('403 (public key on a private route) is missing_permissions; 500 is a ProviderError', async () => {
    const ats = await connect(['profiles.public-key-forbidden']);
    expect((await ats.checkConnection()).status).toBe('missing_permissions');
    await ats.close();
    await server!.close();
    const again = await connect(['profiles.limit-orderby-error']);
    const error = await again.passthrough({ method: 'GET', path: '/profiles', query: { limit: 1000, orderBy: '{"createdAt":"asc"}' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(500);
    await again.close();
  });

  it('404 and 422 from POST /profiles surface as NotFoundError and a ProviderError with the message', async () => {
    const ats = await connect(['profiles.not-found']);
    const missing = await ats.addNoteToCandidate({ candidate_id: encodeId('jarvi', 'candidate', '00000000-0000-4000-8000-000000000000'), content: 'hello' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    await ats.close();
    await server!.close();
    const again = await connect(['profiles.validation-error']);
    const invalid = await again.passthrough({ method: 'POST', path: '/profiles', body: { headline: 'No name, no email' } }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ProviderError);
    expect((invalid as ProviderError).status).toBe(422);
    expect((invalid as Error).message).toMatch(/needs a name/);
    await again.close();
  });

  it('createCandidate posts comma-separated emails and phones, then re-reads the profile', async () => {
    const ats = await connect(['profiles.create', 'profiles.by-id-created']);
    const result = await ats.createCandidate({
      candidate: {
        first_name: 'Camille',
        last_name: 'Lefèvre',
        email_addresses: [{ email_address: 'camille.lefevre@example.fr' }, { email_address: 'c.lefevre@example.com' }],
        phone_numbers: [{ phone_number: '+33612345678' }, { phone_number: '0240493773' }],
        title: 'Développeuse Java senior',
        company: 'Acme SAS',
      },
    });
    const post = server!.requests.find((r) => r.method === 'POST');
    expect(post?.body).toMatchObject({ emailAddresses: 'camille.lefevre@example.fr, c.lefevre@example.com', phoneNumbers: '+33612345678,0240493773', headline: 'Développeuse Java senior', currentCompanyName: 'Acme SAS' });
    expect(result.remote_id).toBe('d730cca9-d8b0-49e7-b2e0-c58c1bb7af9f');
    expect(result.candidate.last_name).toBe('Lefèvre');
    expect(result.application).toBeNull();
    await ats.close();
  });

  it('createCandidate with an application uses POST /applicants with the public key when one is set', async () => {
    const ats = await connect(['applicants.create', 'profiles.by-id-created'], { publicKey });
    const result = await ats.createCandidate({
      candidate: { first_name: 'Camille', last_name: 'Lefèvre', email_addresses: [{ email_address: 'camille.lefevre@example.fr' }] },
      application: { job_id: encodeId('jarvi', 'job', '0c48cc86-352e-4098-9f34-5785e3aeafa3') },
    });
    const post = server!.requests.find((r) => r.method === 'POST');
    expect(post?.path).toMatch(/\/applicants$/);
    expect(post?.headers['x-api-key']).toBe(publicKey);
    expect(post?.body).toMatchObject({ projectId: '0c48cc86-352e-4098-9f34-5785e3aeafa3' });
    expect(server!.requests.find((r) => r.method === 'GET')?.headers['x-api-key']).toBe(apiKey);
    expect(result.application?.job_id).toBe(encodeId('jarvi', 'job', '0c48cc86-352e-4098-9f34-5785e3aeafa3'));
    await ats.close();
  });

  it('notes, result links and attachments are POST /profiles with id (history entry, files as data:@file URL)', async () => {
    const ats = await connect(['profiles.history-entry']);
    const candidate_id = encodeId('jarvi', 'candidate', '9ef1c5db-9c40-4329-aec6-d3b3230b45b9');
    const link = await ats.addResultLinkToCandidate({ candidate_id, label: 'AI screening result', url: 'https://results.example.com/r/7f3a', details: { attributes: [{ key: 'score', value: '82/100' }] } });
    expect(link.warnings[0]).toMatch(/history entry/);
    await ats.addAttachmentToCandidate({ candidate_id, attachment: { name: 'report.pdf', content_type: 'application/pdf', data: new TextEncoder().encode('%PDF-1.4\n') } });
    const [linkPost, filePost] = server!.requests;
    expect(linkPost?.body).toEqual({ id: '9ef1c5db-9c40-4329-aec6-d3b3230b45b9', historyEntrySubject: 'AI screening result', historyEntryMessage: 'AI screening result: https://results.example.com/r/7f3a\nscore: 82/100' });
    expect(filePost?.body).toEqual({ id: '9ef1c5db-9c40-4329-aec6-d3b3230b45b9', files: [{ fileName: 'report.pdf', data: 'data:@file/pdf;base64,JVBERi0xLjQK' }] });
    await ats.close();
  });

  it('X1: neither key appears in errors, util.inspect(err) or util.inspect(connector)', async () => {
    const ats = await connect(['profiles.unauthorized', 'profiles.rate-limited'], { publicKey });
    const errors: unknown[] = [];
    errors.push(await allPages(ats.syncCandidates().pages()).catch((e: unknown) => e));
    errors.push(await ats.createCandidate({ candidate: { first_name: 'A', last_name: 'B', email_addresses: [{ email_address: 'a@example.com' }] }, application: { job_id: encodeId('jarvi', 'job', 'x') } }).catch((e: unknown) => e));
    errors.push(await ats.passthrough({ method: 'GET', path: '/profiles', query: { key: apiKey } }).catch((e: unknown) => e));
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    for (const secret of [apiKey, publicKey]) {
      for (const error of errors) {
        assertNoCanary(error, secret);
        expect(inspect(error, { depth: Infinity })).not.toContain(secret);
      }
      assertNoCanary(ats, secret);
      expect(inspect(ats, { depth: Infinity, showHidden: true })).not.toContain(secret);
    }
    await ats.close();
  });

  it('validates options: apiKey is required, publicKey must be a non-empty string', () => {
    expect(() => createJarviConnector({ apiKey: '' })).toThrow(ConfigError);
    expect(() => createJarviConnector(undefined as never)).toThrow(/apiKey/);
    expect(() => createJarviConnector({ apiKey, publicKey: ' ' })).toThrow(/publicKey/);
    expect(() => createJarviConnector({ apiKey, baseUrl: 'ftp://nope' })).toThrow(ConfigError);
  });
});
