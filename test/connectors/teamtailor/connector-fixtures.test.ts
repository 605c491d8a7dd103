/**
 * The Teamtailor connector through its real undici transport, against the fixtures served on a
 * loopback server: reads (pagination, delta filter, includes), actions (the exact request each
 * one sends) and the documented error answers mapped to typed errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/core/ids.js';
import { AuthError, ConfigError, NotFoundError, ProviderError, RateLimitError, UnsupportedError, ValidationError } from '../../../src/core/errors.js';
import { collect, fixture, pagedListHandler, serveFixtures, type FixtureServer } from './fixture-server.js';

const id = (kind: string, ...parts: string[]) => encodeId('teamtailor', kind, ...parts);
let served: FixtureServer | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

/** Requests the loopback saw, as `METHOD path?query` relative to the base URL. */
const seen = (server: FixtureServer) =>
  server.server.requests.map((request) => {
    const url = new URL(request.url);
    return `${request.method} ${url.pathname.replace(/^\/v1/, '')}${url.search ? decodeURIComponent(url.search) : ''}`;
  });

describe('reads over the fixtures', () => {
  it('syncCandidates reads both pages of the fixture (2 + 1 records) and stops at the end', async () => {
    served = await serveFixtures([]);
    served.server.use(await pagedListHandler('/candidates', ['candidates.page-1', 'candidates.page-2']));
    const candidates = await collect(served.connector.syncCandidates(undefined, { pageSize: 2 }));
    // Each candidate once, in updated-at order, whichever paging the connector uses.
    expect(candidates.map((candidate) => candidate.remote_id)).toEqual(['24810318', '24810317', '24810320']);
    expect(candidates.every((candidate) => candidate.remote_data !== null)).toBe(true);
    expect(served.server.unhandled).toEqual([]);
    expect(served.server.requests.length).toBeGreaterThanOrEqual(2);
    expect(served.server.requests.length).toBeLessThanOrEqual(4);
    const [first] = served.server.requests;
    expect(first!.headers.authorization).toBe('Token token=tt-fixture-key');
    expect(first!.headers['x-api-version']).toBe('20240904');
    expect(first!.headers.accept).toBe('application/vnd.api+json');
    expect(seen(served)[0]).toContain('include=custom-field-values,custom-field-values.custom-field');
    expect(seen(served)[0]).toContain('sort=updated-at');
    expect(seen(served)[0]).toContain('page[number]=1');
  });

  it('candidates.page-1 links.next is followed verbatim by the JSON:API strategy', async () => {
    served = await serveFixtures(['candidates.page-1', 'candidates.page-2']);
    const next = (await fixture('candidates.page-1')).response.body as { links: { next: string } };
    const nextUrl = new URL(next.links.next);
    expect(nextUrl.searchParams.get('page[number]')).toBe('2');
    const response = await served.connector.passthrough({ method: 'GET', path: `${served.baseUrl}/candidates${nextUrl.search}` });
    expect((response.body as { data: { id: string }[]; links: Record<string, string> }).data.map((item) => item.id)).toEqual(['24810320']);
    expect((response.body as { links: Record<string, string> }).links.next).toBeUndefined();
  });

  it('pages() gives a resume checkpoint on this ordered stream', async () => {
    served = await serveFixtures([]);
    served.server.use(await pagedListHandler('/candidates', ['candidates.page-1', 'candidates.page-2']));
    const pages = await collect(served.connector.syncCandidates(undefined, { pageSize: 2 }).pages());
    expect(pages.flatMap((page) => page.quarantined)).toEqual([]);
    expect(pages.at(-1)!.checkpoint).toBe('2024-05-06T08:15:00.000Z');
  });

  it('syncCandidates(since) sends filter[updated-at][from] as an ISO instant', async () => {
    served = await serveFixtures(['candidates.delta']);
    const candidates = await collect(served.connector.syncCandidates('2024-05-01T02:00:00+02:00'));
    expect(candidates.map((candidate) => candidate.first_name)).toEqual(['Lena', 'Ines']);
    // One millisecond before `since`: complete whether the filter is inclusive or not (decision 0004).
    expect(seen(served)[0]).toContain('filter[updated-at][from]=2024-04-30T23:59:59.999Z');
    expect(served.server.unhandled).toEqual([]);
  });

  it('syncApplications reads one page with candidate, job, stage and reject reason included', async () => {
    served = await serveFixtures(['job-applications.list']);
    const applications = await collect(served.connector.syncApplications());
    expect(applications.map((application) => [application.remote_id, application.outcome])).toEqual([
      ['51230990', 'DECLINED'],
      ['51230987', 'PENDING'],
      ['51230995', 'HIRED'],
    ]);
    expect(seen(served)[0]).toContain('include=candidate,job,stage,reject-reason,candidate.answers,candidate.answers.question');
  });

  it('syncJobs reads both feeds with filter[status]=all; syncJobStages reads each job pipeline', async () => {
    served = await serveFixtures(['jobs.public-feed', 'jobs.internal-feed', 'job-stages.backend-engineer', 'job-stages.internal-tools-lead']);
    const jobs = await collect(served.connector.syncJobs());
    expect(jobs.map((job) => [job.name, job.status])).toEqual([
      ['Backend Engineer', 'OPEN'],
      ['Internal Tools Lead', 'OPEN'],
    ]);
    const stages = await collect(served.connector.syncJobStages());
    expect(stages.map((stage) => stage.index)).toEqual([0, 1, 2, 0, 1]);
    const team = await collect(served.connector.syncHiringTeam());
    expect(team.map((member) => member.roles[0])).toEqual(['RECRUITER', 'HIRING_MANAGER', 'RECRUITER']);
    expect(seen(served).filter((line) => line.startsWith('GET /jobs?')).every((line) => line.includes('filter[status]=all'))).toBe(true);
    expect(served.server.unhandled).toEqual([]);
  });

  it('syncUsers, syncApplicationStages, syncRejectionReasons', async () => {
    served = await serveFixtures(['users.list', 'stages.list', 'reject-reasons.list']);
    expect((await collect(served.connector.syncUsers())).map((user) => user.status)).toEqual(['ACTIVE', 'ACTIVE', 'INACTIVE']);
    expect(await collect(served.connector.syncApplicationStages())).toHaveLength(5);
    expect((await collect(served.connector.syncRejectionReasons())).map((reason) => reason.name)).toEqual(['Not enough experience', 'Accepted another offer']);
  });

  it('getCandidate and getApplication read one record with its includes', async () => {
    served = await serveFixtures(['candidates.get', 'job-applications.get']);
    expect((await served.connector.getCandidate(id('candidate', '24810317'))).custom_fields).toEqual({ notice_period: '3 months' });
    expect((await served.connector.getApplication(id('application', '51230987'))).outcome).toBe('PENDING');
  });
});

describe('actions over the fixtures: the request each one sends', () => {
  /** The JSON bodies the loopback received for one method and path. */
  const bodies = async (server: FixtureServer, method: string, path: string) => {
    const recorded = server.server.requests.filter((r) => r.method === method && new URL(r.url).pathname === `/v1${path}`);
    return recorded.length;
  };

  it('moveApplicationToStage PATCHes the stage relationship (job-applications.move-stage)', async () => {
    served = await serveFixtures(['job-applications.move-stage']);
    const result = await served.connector.moveApplicationToStage({ application_id: id('application', '51230987'), stage_id: id('stage', '3305124') });
    expect(result.remote_id).toBe('51230987');
    expect(result.warnings.join(' ')).toMatch(/asynchronously/);
    expect(await bodies(served, 'PATCH', '/job-applications/51230987')).toBe(1);
    expect(served.server.requests[0]!.headers['content-type']).toBe('application/vnd.api+json');
  });

  it('moveApplicationToStage accepts a job stage id (stage X of job Y)', async () => {
    served = await serveFixtures(['job-applications.move-stage']);
    await served.connector.moveApplicationToStage({ application_id: id('application', '51230987'), stage_id: id('job_stage', '632859', '3305124') });
    expect(served.server.unhandled).toEqual([]);
  });

  it('rejectApplication PATCHes rejected-at and the reason (job-applications.reject)', async () => {
    served = await serveFixtures(['job-applications.reject']);
    await served.connector.rejectApplication({ application_id: id('application', '51230990'), rejection_reason_id: id('rejection_reason', '12') });
    expect(await bodies(served, 'PATCH', '/job-applications/51230990')).toBe(1);
  });

  it('addNoteToCandidate finds the first admin as author, then POSTs /notes (notes.create)', async () => {
    served = await serveFixtures(['users.list', 'notes.create']);
    const result = await served.connector.addNoteToCandidate({ candidate_id: id('candidate', '24810317'), content: 'Assessment completed: https://assess.example.com/r/abc' });
    expect(result.remote_id).toBe('6120044');
    expect(seen(served)).toEqual(['GET /users?page[size]=30', 'POST /notes']);
  });

  it('addResultLinkToApplication writes a candidate note naming the job, with a warning', async () => {
    served = await serveFixtures(['job-applications.get', 'notes.create'], { noteAuthorUserId: '819' });
    const result = await served.connector.addResultLinkToApplication({
      application_id: id('application', '51230987'),
      label: 'Assessment',
      url: 'https://assess.example.com/r/abc',
    });
    expect(result.warnings.join(' ')).toMatch(/Partner API/);
    expect(seen(served)).toEqual(['GET /job-applications/51230987?include=candidate,job', 'POST /notes']);
  });

  it('addAttachmentToCandidate POSTs /uploads with a public URL (uploads.create)', async () => {
    served = await serveFixtures(['uploads.create']);
    const result = await served.connector.addAttachmentToCandidate({
      candidate_id: id('candidate', '24810317'),
      attachment: { name: 'lena_portfolio.pdf', content_type: 'application/pdf', url: 'https://files.example.com/public/lena_portfolio.pdf' },
    });
    expect(result.remote_id).toBe('446900');
  });

  it('getCandidateAttachments returns the resume and the uploads (candidates.get-with-uploads)', async () => {
    served = await serveFixtures(['candidates.get-with-uploads']);
    const attachments = await served.connector.getCandidateAttachments({ candidate_id: id('candidate', '24810317') });
    expect(attachments.map((attachment) => [attachment.type, attachment.file_name])).toEqual([
      ['CV', 'resume.pdf'],
      ['COVER_LETTER', 'cover_letter.pdf'],
    ]);
    expect(typeof attachments[0]!.download).toBe('function');
  });

  it('addTagToCandidate reads the tags and PATCHes the whole array (candidates.update-tags)', async () => {
    served = await serveFixtures(['candidates.update-tags', 'candidates.get']);
    await served.connector.addTagToCandidate({ candidate_id: id('candidate', '24810317'), tag: { name: 'shortlist' } });
    expect(seen(served)).toEqual(['GET /candidates/24810317', 'PATCH /candidates/24810317']);
  });

  it('createCandidate POSTs the candidate, then the application, and reads both back', async () => {
    served = await serveFixtures(['candidates.create', 'candidates.get-created', 'job-applications.create', 'job-applications.get-created']);
    const result = await served.connector.createCandidate({
      candidate: { first_name: 'Maja', last_name: 'Novak', email_addresses: [{ email_address: 'maja.novak@example.com' }], phone_numbers: [{ phone_number: '+46709876543' }] },
      application: { job_id: id('job', '632859'), stage_id: id('stage', '3305121') },
    });
    expect(result.remote_id).toBe('24810400');
    expect(result.candidate.first_name).toBe('Maja');
    expect(result.application?.remote_id).toBe('51231000');
    expect(seen(served).map((line) => line.split('?')[0])).toEqual([
      'POST /candidates',
      'GET /candidates/24810400',
      'POST /job-applications',
      'GET /job-applications/51231000',
    ]);
  });
});

describe('error answers become typed errors', () => {
  it('401 with an empty body → AuthError 401, not retried', async () => {
    served = await serveFixtures(['candidates.unauthorized'], { retry: { maxRetries: 3, baseDelayMs: 1 } });
    const error = await collect(served.connector.syncCandidates()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect(served.server.requests).toHaveLength(1);
  });

  it('404 → NotFoundError', async () => {
    served = await serveFixtures(['candidates.not-found']);
    await expect(served.connector.getCandidate(id('candidate', '99999999'))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('406 (missing X-Api-Version) → ProviderError 406 naming the current version', async () => {
    served = await serveFixtures(['candidates.missing-version']);
    const error = await collect(served.connector.syncCandidates()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 406, retryable: false, requestId: '00000000-0000-4000-8000-0000000000ab' });
    expect((error as Error).message).toContain('Current version is: 20240904');
  });

  it('422 validation on createCandidate → ProviderError 422 with the detail, not retried', async () => {
    served = await serveFixtures(['candidates.validation-error']);
    const error = await served.connector
      .createCandidate({ candidate: { first_name: 'Tom', last_name: 'Smith', email_addresses: [{ email_address: 'tom@example.com' }] } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 422, retryable: false });
    expect((error as Error).message).toContain("email - can't be blank");
    expect(served.server.requests).toHaveLength(1);
  });

  it('429 with X-Rate-Limit-* headers → RateLimitError when no retry is allowed', async () => {
    served = await serveFixtures(['candidates.rate-limited']);
    const error = await collect(served.connector.syncCandidates()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryable).toBe(true);
    expect(served.server.requests).toHaveLength(1);
  });

  it('400 code 102 (uploads reject filters) → ProviderError 400 through passthrough', async () => {
    served = await serveFixtures(['uploads.filter-not-allowed']);
    const error = await served.connector
      .passthrough({ method: 'GET', path: '/uploads', query: { 'filter[updated-at][from]': '2024-05-01T00:00:00.000Z' } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toContain('updated-at is not allowed');
  });

  it('passthrough returns the raw document with the connector headers applied', async () => {
    served = await serveFixtures(['uploads.list']);
    const response = await served.connector.passthrough({ method: 'GET', path: '/uploads', query: { include: 'candidate', sort: '-updated-at', 'page[size]': '30', 'page[number]': '1' } });
    expect(response.status).toBe(200);
    expect(response.headers['x-rate-limit-limit']).toBe('50');
    expect((response.body as { data: unknown[] }).data).toHaveLength(1);
    expect((await fixture('uploads.list')).response.status).toBe(200);
  });

  it('ids of another kind are refused before any request', async () => {
    served = await serveFixtures([]);
    await expect(served.connector.moveApplicationToStage({ application_id: id('candidate', '1'), stage_id: id('stage', '2') })).rejects.toBeInstanceOf(ValidationError);
    await expect(collect(served.connector.syncInterviews())).rejects.toBeInstanceOf(UnsupportedError);
    expect(served.server.requests).toHaveLength(0);
  });
});
