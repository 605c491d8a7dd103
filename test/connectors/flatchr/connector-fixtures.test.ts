import { inspect } from 'node:util';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createFlatchrConnector } from '../../../src/connectors/flatchr/index.js';
import { AuthError, ConfigError, NotFoundError, ProviderError, RateLimitError, ValidationError } from '../../../src/core/errors.js';
import { encodeId } from '../../../src/core/ids.js';
import { collect } from './helpers.js';
import { serveFixtures } from './fixture-server.js';
import { serveFile } from '../../helpers/file-server.js';

const COMPANY = 'Wy3EOp2NP3p1KMq8';
let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

/** A connector over fixtures, with a canary API key. */
async function setup(names: string[], extra: Record<string, unknown> = {}) {
  const server = await serveFixtures(names);
  const apiKey = `sk_canary_flatchr_${randomBytes(12).toString('hex')}`;
  const connector = createFlatchrConnector({
    apiKey,
    companyId: COMPANY,
    baseUrl: server.url,
    careersBaseUrl: server.url,
    rateLimit: false,
    retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 10, random: () => 0.5 },
    ...extra,
  });
  stop = async () => {
    await connector.close();
    await server.close();
  };
  return { server, connector, apiKey };
}

/** X1: the key is in no rendering of `value`. */
function expectNoSecret(value: unknown, secret: string) {
  const renderings = [inspect(value, { depth: Infinity, showHidden: true }), JSON.stringify(value) ?? ''];
  for (let error: unknown = value, depth = 0; error instanceof Error && depth < 10; error = error.cause, depth += 1) renderings.push(error.message, error.stack ?? '');
  for (const text of renderings) expect(text.includes(secret)).toBe(false);
}

const SEARCH = ['applicants.search-full', 'applicants.search-archived', 'applicants.search-delta', 'applicants.search-delta-archived'];

describe('flatchr connector over recorded fixtures (real transport, loopback)', () => {
  it('full applications sync: lookups once per run, default + archived search, bounded pages', async () => {
    const { server, connector, apiKey } = await setup(['vacancies.list', 'columns.list', ...SEARCH]);
    const pages = await collect(connector.syncApplications(undefined, { pageSize: 2 }).pages());
    expect(pages.map((p) => p.records.length)).toEqual([2, 2, 1]);
    expect(server.seen.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      `GET /company/${COMPANY}/columns`,
      `GET /company/${COMPANY}/vacancies`,
      `POST /company/${COMPANY}/search/applicants`,
      `POST /company/${COMPANY}/search/applicants`,
    ]);
    expect(server.seen[0]?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(server.unmatched).toEqual([]);
    const outcomes = pages.flatMap((p) => p.records.map((r) => r.outcome));
    expect(outcomes.sort()).toEqual(['DECLINED', 'HIRED', 'PENDING', 'PENDING', null].sort());
  });

  it('delta sync sends start_update as MM/DD/YY, rounded down to the day', async () => {
    const { server, connector } = await setup(['vacancies.list', 'columns.list', ...SEARCH]);
    const records = await collect(connector.syncApplications('2024-04-01T15:30:00+00:00'));
    const bodies = server.seen.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as unknown);
    expect(bodies).toEqual([{ start_update: '04/01/24' }, { start_update: '04/01/24', status: 0 }]);
    // The day of `since` is kept whole (day granularity): 01/04 is delivered.
    expect(records.map((r) => r.remote_id).sort()).toEqual(['gQayv9LNBcd6LXE4', 'pX9m2LkQ8rT5vB3n', 'z7gWQnjXG77hJRak']);
  });

  it('candidates: one per person (email, case-insensitive), newest row wins', async () => {
    const { connector } = await setup(SEARCH);
    const candidates = await collect(connector.syncCandidates());
    expect(candidates).toHaveLength(4);
    const juliette = candidates.find((c) => c.first_name === 'Juliette');
    expect(juliette?.changed_at).toBe('2024-04-03T00:00:00.000Z');
  });

  it('B3: a bad record is quarantined with issue paths, the rest delivered; B8: __proto__ does not pollute', async () => {
    const { connector } = await setup(['vacancies.list', 'columns.list', 'applicants.search-bad-records', 'applicants.search-bad-records-archived']);
    const pages = await collect(connector.syncApplications('2024-03-15T00:00:00Z').pages());
    const records = pages.flatMap((p) => p.records);
    const quarantined = pages.flatMap((p) => p.quarantined);
    expect(records.map((r) => r.remote_id).sort()).toEqual(['Pr0t0P0llut10n001', 'z7gWQnjXG77hJRak']);
    expect(quarantined).toEqual(
      expect.arrayContaining([
        { remote_id: 'gQayv9LNBcd6LXE4', reason: 'mapping', issues: [{ path: [], code: 'invalid_date' }] },
        { remote_id: null, reason: 'wire_schema', issues: [{ path: ['applicant'], code: 'invalid_type' }] },
      ]),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const proto = records.find((r) => r.remote_id === 'Pr0t0P0llut10n001');
    expect(Object.getPrototypeOf(proto?.remote_data)).toBe(Object.prototype);
    expect((proto?.remote_data as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an expired key reads as invalid_credentials; the key is never printed (X1)', async () => {
    const { connector, apiKey } = await setup(['columns.expired-key']);
    const status = await connector.checkConnection();
    expect(status.status).toBe('invalid_credentials');
    expect(status.detail).toContain('Token expired');
    const error = await collect(connector.syncApplicationStages()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expectNoSecret(error, apiKey);
    expectNoSecret(status, apiKey);
    expectNoSecret(connector, apiKey);
  });

  it('maps 404, validation and 429 answers to typed errors without the key (X1)', async () => {
    const { connector, apiKey } = await setup(['vacancies.list', 'applicant.not-found', 'applicant.move-validation-error', 'applicants.search-rate-limited', 'vacancy.not-found']);
    const notFound = await connector
      .moveApplicationToStage({ application_id: encodeId('flatchr', 'application', 'unknownApplicant', '86913'), stage_id: encodeId('flatchr', 'stage', '695') })
      .catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(NotFoundError);
    const job = await connector.getJob(encodeId('flatchr', 'job', 'doesNotExist0000')).catch((e: unknown) => e);
    expect(job).toBeInstanceOf(NotFoundError);
    const limited = await collect(connector.syncCandidates()).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    for (const error of [notFound, job, limited]) expectNoSecret(error, apiKey);
  });

  it('surfaces a validation error (400) of the move with its message', async () => {
    const server = await serveFixtures(['vacancies.list', 'applicant.move-validation-error']);
    stop = server.close;
    const connector = createFlatchrConnector({ apiKey: 'k-1234567', companyId: COMPANY, baseUrl: server.url, rateLimit: false });
    // The fixture records a title sent as column_id; the connector always sends the integer, so
    // the fixture is served for any PUT body here by asking the passthrough directly.
    const error = await connector
      .passthrough({ method: 'PUT', path: `/company/${COMPANY}/vacancy/Vq5r6pYxam9AmMvP/applicant/z7gWQnjXG77hJRak`, body: { column_id: 'Entretien RH' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(400);
    expect((error as Error).message).toContain('column_id');
    await connector.close();
  });

  it('moves and archives through the documented endpoints', async () => {
    const { server, connector } = await setup(['vacancies.list', 'applicant.move', 'applicant.archive']);
    const application_id = encodeId('flatchr', 'application', 'z7gWQnjXG77hJRak', '86913');
    const moved = await connector.moveApplicationToStage({ application_id, stage_id: encodeId('flatchr', 'job_stage', 'Vq5r6pYxam9AmMvP', '695') });
    expect(moved.warnings).toEqual([]);
    const put = server.seen.find((r) => r.method === 'PUT');
    expect(JSON.parse(put?.body ?? '')).toEqual({ column_id: 695 });
    const rejected = await connector.rejectApplication({ application_id, rejection_reason_id: 'anything', note: 'Not this time' });
    expect(rejected.warnings.join(' ')).toMatch(/without a reason/);
    expect(rejected.warnings.join(' ')).toMatch(/note was not written/);
    expect(server.unmatched).toEqual([]);
  });

  it('writes a note as a comment with a user token from /user/login', async () => {
    const { server, connector } = await setup(['user.login', 'comment.create'], { userEmail: 'recruiter@example.fr', userPassword: 'fixture-password' });
    const result = await connector.addNoteToApplication({ application_id: encodeId('flatchr', 'application', 'z7gWQnjXG77hJRak', '86913'), content: 'Strong <candidate>', content_type: 'PLAIN_TEXT' });
    expect(result.remote_id).toBe('3701');
    const post = server.seen.find((r) => r.path.endsWith('/comment'));
    expect(post?.headers.authorization).toMatch(/^Bearer eyJ/);
    expect(String(post?.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(post?.body).toContain('<p>Strong &lt;candidate&gt;</p>');
    expect(post?.body).toContain('name="type"\r\n\r\nnote');
  });

  it('adds a tag as a trait on the newest application', async () => {
    const { server, connector } = await setup(['tags.list', 'applicants.search-by-email', 'applicants.search-by-email-archived', 'trait.create']);
    const result = await connector.addTagToCandidate({ candidate_id: encodeId('flatchr', 'candidate', 'email', 'juliette.martin@example.fr'), tag: { name: "niveau d'études: Bac +3" } });
    expect(result.remote_id).toBe('z7gWQnjXG77hJRak');
    expect(JSON.parse(server.seen.find((r) => r.path.endsWith('/trait'))?.body ?? '')).toEqual({ tag: '5gQayv9L1Qp6LXE4', value: 'Bac +3' });
    const missing = await connector.addTagToCandidate({ candidate_id: encodeId('flatchr', 'candidate', 'email', 'juliette.martin@example.fr'), tag: { name: 'MARKETING' } }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ValidationError);
    expect((missing as ValidationError).field).toBe('tag.name');
  });

  it('creates a candidate on the careers host and finds it by email (no id returned)', async () => {
    const { server, connector, apiKey } = await setup(['vacancy.get', 'candidate.create-precheck', 'candidate.create-precheck-archived', 'candidate.create', 'candidate.create-found', 'candidate.create-found-archived', 'vacancies.list', 'columns.list']);
    const result = await connector.createCandidate({
      candidate: { first_name: 'Johnny', last_name: 'Doe', email_addresses: [{ email_address: 'john.doe@example.fr' }], phone_numbers: [{ phone_number: '+33123456789' }], social_media: [{ link: 'https://www.linkedin.com/in/johndoe', type: 'LINKEDIN' }] },
      application: { job_id: encodeId('flatchr', 'job', 'z7gXQnjq6gdJRakA') },
    });
    expect(result.remote_id).toBe('NewApp1icant0001');
    expect(result.candidate).toMatchObject({ first_name: 'Johnny', email_addresses: [{ email_address: 'john.doe@example.fr', type: null }] });
    expect(result.application).toMatchObject({ outcome: 'PENDING' });
    const create = JSON.parse(server.seen.find((r) => r.path === '/vacancy/candidate/json')?.body ?? '{}') as Record<string, unknown>;
    expect(create).toMatchObject({ vacancy: 'z7gwqnjq6gdjraka-account-executive-saas-h-f', firstname: 'Johnny', token: apiKey, urls: { linkedin: 'https://www.linkedin.com/in/johndoe' } });
    expect(server.unmatched).toEqual([]);
  });

  it('lists candidate attachments (CV via the legacy GET, comment files) and downloads the CV via /files/expire', async () => {
    const { connector } = await setup(['applicants.search-by-email', 'applicants.search-by-email-archived', 'applicant.get-legacy', 'applicant.get-legacy-v41', 'comments.list', 'comments.list-v41', 'files.cv']);
    const attachments = await connector.getCandidateAttachments({ candidate_id: encodeId('flatchr', 'candidate', 'email', 'juliette.martin@example.fr') });
    expect(attachments.map((a) => [a.type, a.file_name])).toEqual([['CV', 'juliette-martin.pdf'], ['CV', 'CV_test.pdf']]);
    const chunks: Uint8Array[] = [];
    for await (const chunk of await (attachments[0] as (typeof attachments)[number]).download()) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('%PDF-1.4 fixture CV bytes');
  });

  it('reports a 429 of the CV route as RateLimitError', async () => {
    const { connector } = await setup(['applicants.search-by-email', 'applicants.search-by-email-archived', 'applicant.get-legacy', 'applicant.get-legacy-v41', 'comments.list', 'comments.list-v41', 'files.cv-rate-limited']);
    const [cv] = await connector.getCandidateAttachments({ candidate_id: encodeId('flatchr', 'candidate', 'email', 'juliette.martin@example.fr') });
    const error = await cv?.download().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
  });

  it('an attachment URL that cannot be downloaded (Flatchr takes bytes only) fails typed before any Flatchr request', async () => {
    const { server, connector } = await setup([], { userEmail: 'recruiter@example.fr', userPassword: 'fixture-password', downloads: { allowPrivateNetwork: true } });
    const file = await serveFile('r.pdf', new Uint8Array(), { status: 404 });
    try {
      const error = await connector
        .addAttachmentToApplication({ application_id: encodeId('flatchr', 'application', 'z7gWQnjXG77hJRak', '86913'), attachment: { name: 'r.pdf', content_type: 'application/pdf', url: file.url } })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).status).toBe(404);
      expect(file.requests).toBe(1);
      expect(server.seen).toEqual([]);
    } finally {
      await file.close();
    }
  });

  it('rejects bad options with ConfigError', () => {
    expect(() => createFlatchrConnector({ apiKey: '', companyId: COMPANY })).toThrow(ConfigError);
    expect(() => createFlatchrConnector({ apiKey: 'key-123', companyId: '' })).toThrow(/companyId/);
    expect(() => createFlatchrConnector({ apiKey: 'key-123', companyId: COMPANY, userEmail: 'a@b.c' })).toThrow(/together/);
  });
});
