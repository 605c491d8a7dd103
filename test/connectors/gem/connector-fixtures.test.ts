/**
 * The Gem connector through its real undici transport, against the fixtures on a loopback server:
 * auth headers, the end-of-list rule under each signal (Link header, X-Pagination header, short
 * page), delta filters, the exact request each action sends, and the documented error answers
 * mapped to typed errors without leaking the key (X1).
 */
import { inspect } from 'node:util';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { createGemConnector } from '../../../src/connectors/gem/index.js';
import { AuthError, ConfigError, DuplicateError, NotFoundError, ProviderError, RateLimitError, ValidationError } from '../../../src/core/errors.js';
import { collect, FIXTURE_KEY, fixtureBody, ids, serveFixtures, uid, type FixtureServer } from './helpers.js';

let served: FixtureServer | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe('auth and options', () => {
  it('sends X-API-Key, and X-Application-Secret only when configured', async () => {
    served = await serveFixtures(['users.list'], { applicationSecret: 'partner-secret-value' });
    await collect(served.connector.syncUsers());
    const [first] = served.server.requests;
    expect(first!.headers['x-api-key']).toBe(FIXTURE_KEY);
    expect(first!.headers['x-application-secret']).toBe('partner-secret-value');
    expect(first!.headers.authorization).toBeUndefined();
  });

  it('rejects a missing apiKey or an empty applicationSecret with ConfigError, and preconfigures 20 req/s', () => {
    expect(() => createGemConnector({ apiKey: '' })).toThrow(ConfigError);
    expect(() => createGemConnector({ apiKey: 'k', applicationSecret: ' ' })).toThrow(ConfigError);
    expect(() => createGemConnector({ apiKey: 'k', onBehalfOfUserId: '' })).toThrow(ConfigError);
    const connector = createGemConnector({ apiKey: 'k' });
    expect(connector.capabilities.rate_limit).toEqual({ requests: 20, interval_ms: 1_000 });
    expect(connector.capabilities.page_size).toBe(500);
    expect(createGemConnector({ apiKey: 'k', rateLimit: false }).capabilities.rate_limit).toBeNull();
  });
});

describe('pagination: the end-of-list rule works under every signal', () => {
  it('follows a Link header rel="next" and stops when the Link header has none', async () => {
    served = await serveFixtures(['candidates.page-2', 'candidates.page-1']);
    const candidates = await collect(served.connector.syncCandidates(undefined, { pageSize: 2 }));
    expect(candidates.map((candidate) => candidate.remote_id)).toEqual([ids.C1, ids.C2, ids.C3]);
    expect(served.seen()).toEqual([
      'GET /candidates/?include_deleted=true&page=1&per_page=2',
      'GET /candidates/?include_deleted=true&page=2&per_page=2',
    ]);
    expect(served.server.unhandled).toEqual([]);
  });

  it('stops on an X-Pagination header with next_page null even though the page is full', async () => {
    served = await serveFixtures(['applications.list']);
    const applications = await collect(served.connector.syncApplications(undefined, { pageSize: 3 }));
    expect(applications).toHaveLength(3);
    expect(served.server.requests).toHaveLength(1);
  });

  it('without any header, a short page ends the list; a full page asks for the next one', async () => {
    served = await serveFixtures([]);
    const users = await fixtureBody<unknown[]>('users.list');
    served.server.use(
      http.get('*/ats/v0/users/', ({ request }) => {
        const url = new URL(request.url);
        const page = Number(url.searchParams.get('page'));
        const size = Number(url.searchParams.get('per_page'));
        return HttpResponse.json(users.slice((page - 1) * size, page * size));
      }),
    );
    expect(await collect(served.connector.syncUsers(undefined, { pageSize: 2 }))).toHaveLength(3);
    expect(served.server.requests).toHaveLength(2);
    served.server.requests.length = 0;
    // 3 users, page size 3: a full page, then an empty one ends it.
    expect(await collect(served.connector.syncUsers(undefined, { pageSize: 3 }))).toHaveLength(3);
    expect(served.server.requests).toHaveLength(2);
  });

  it('asks per_page=500 by default (the documented maximum)', async () => {
    served = await serveFixtures(['users.list']);
    await collect(served.connector.syncUsers());
    expect(served.seen()[0]).toBe('GET /users/?include_deleted=true&page=1&per_page=500');
  });
});

describe('delta', () => {
  it('candidates: updated_after + include_deleted, deleted_at → remote_deleted_at', async () => {
    served = await serveFixtures(['candidates.delta']);
    const candidates = await collect(served.connector.syncCandidates('2025-04-05T00:00:00Z'));
    expect(served.seen()[0]).toContain('updated_after=2025-04-05T00:00:00.000Z');
    expect(candidates.map((candidate) => [candidate.remote_id, candidate.remote_deleted_at])).toEqual([
      [ids.C2, null],
      [ids.C3, '2025-04-06T10:00:00.000Z'],
    ]);
  });

  it('applications: last_activity_after, never updated_after (which Gem rejects with 422)', async () => {
    served = await serveFixtures(['applications.delta', 'applications.updated-after-not-allowed']);
    const applications = await collect(served.connector.syncApplications(new Date('2025-04-05T00:00:00Z')));
    expect(served.seen()[0]).toContain('last_activity_after=2025-04-05T00:00:00.000Z');
    expect(served.seen()[0]).not.toContain('updated_after');
    expect(applications.map((application) => application.remote_id)).toEqual([ids.A2, ids.A3]);
  });
});

describe('joined reads', () => {
  it('syncJobs reads the live posts once, then the jobs; the template job is skipped', async () => {
    served = await serveFixtures(['job-posts.live', 'jobs.list']);
    const pages = await collect(served.connector.syncJobs().pages());
    const jobs = pages.flatMap((page) => page.records);
    expect(jobs.map((job) => job.remote_id)).toEqual([ids.J1, ids.J2]);
    expect(jobs[0]!.description).toBe('<p>We are looking for a backend engineer.</p>');
    expect(pages[0]!.requests).toBe(2);
    expect(served.seen()).toEqual(['GET /job_posts/?live=true&active=true&page=1&per_page=500', 'GET /jobs/?include_deleted=true&page=1&per_page=500']);
  });

  it('syncInterviews places interviews in stages through the job stages interview items', async () => {
    served = await serveFixtures(['job-stages.list', 'scheduled-interviews.list']);
    const interviews = await collect(served.connector.syncInterviews());
    expect(interviews[0]!.stage_id).toBe(uid('stage', ids.S2));
    expect(served.server.requests).toHaveLength(2);
  });

  it('syncJobStages: one request per (non-template) job, pipeline ordered by priority', async () => {
    served = await serveFixtures(['jobs.list', 'jobs.stages']);
    served.server.use(http.get(`*/ats/v0/jobs/${ids.J2}/stages`, () => HttpResponse.json([])));
    const stages = await collect(served.connector.syncJobStages());
    expect(stages.map((stage) => stage.index)).toEqual([0, 1, 2]);
    expect(served.seen().filter((line) => line.includes('/stages'))).toHaveLength(2);
  });

  it('syncRejectionReasons collects distinct reasons from rejected applications', async () => {
    served = await serveFixtures(['applications.rejected']);
    const reasons = await collect(served.connector.syncRejectionReasons());
    expect(reasons.map((reason) => reason.name)).toEqual(['Not enough experience']);
    expect(served.seen()[0]).toContain('status=rejected');
  });

  it('getJob, getCandidate and getApplication fetch one record', async () => {
    served = await serveFixtures(['job-posts.live', 'jobs.get', 'candidates.get', 'applications.get']);
    expect((await served.connector.getJob(uid('job', ids.J1))).post_url).toContain(ids.P2);
    expect((await served.connector.getCandidate(uid('candidate', ids.C1))).first_name).toBe('Frank');
    expect((await served.connector.getApplication(uid('application', ids.A1))).outcome).toBe('PENDING');
    await expect(served.connector.getCandidate(uid('application', ids.A1))).rejects.toThrow(ValidationError);
  });
});

describe('actions', () => {
  const body = async (server: FixtureServer, index: number) => {
    const request = server.server.requests[index]!;
    return request;
  };

  it('addNoteToCandidate posts user_id, body and visibility to the activity feed', async () => {
    served = await serveFixtures(['notes.create'], { onBehalfOfUserId: ids.U1 });
    let sent: unknown;
    served.server.use(
      http.post(`*/ats/v0/candidates/${ids.C1}/activity_feed/notes`, async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json((await fixtureBody('notes.create')) as object, { status: 201 });
      }),
    );
    const result = await served.connector.addNoteToCandidate({ candidate_id: uid('candidate', ids.C1), content: 'Assessment completed: https://assess.example/r/1' });
    expect(sent).toEqual({ user_id: ids.U1, body: 'Assessment completed: https://assess.example/r/1', visibility: 'public' });
    expect(result).toEqual({ warnings: [], remote_id: 'Tm90ZToxMzAx' });
    expect((await body(served, 0)).headers['content-type']).toBe('application/json');
  });

  it('without onBehalfOfUserId the first active site admin writes, with a warning; result links become notes naming the job', async () => {
    served = await serveFixtures(['users.list', 'applications.get']);
    let sent: { body?: string; user_id?: string } = {};
    served.server.use(
      http.post(`*/ats/v0/candidates/${ids.C1}/activity_feed/notes`, async ({ request }) => {
        sent = (await request.json()) as typeof sent;
        return HttpResponse.json({ id: 'note-1' }, { status: 201 });
      }),
    );
    const result = await served.connector.addResultLinkToApplication({
      application_id: uid('application', ids.A1), label: 'AI interview', url: 'https://assess.example/r/2',
      details: { attributes: [{ key: 'Score', value: '87' }] },
    });
    expect(sent.user_id).toBe(ids.U1);
    expect(sent.body).toBe('[Senior Backend Engineer] AI interview: https://assess.example/r/2\nScore: 87');
    expect(result.warnings.join(' ')).toMatch(/candidate note.*first active Gem site admin/s);
  });

  it('moveApplicationToStage reads the current stage, then calls the inferred move endpoint', async () => {
    served = await serveFixtures(['applications.get'], { onBehalfOfUserId: ids.U1 });
    let sent: unknown;
    served.server.use(
      http.post(`*/ats/v0/applications/${ids.A1}/move`, async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json((await fixtureBody('applications.move')) as object);
      }),
    );
    const result = await served.connector.moveApplicationToStage({ application_id: uid('application', ids.A1), stage_id: uid('job_stage', ids.J1, ids.S3) });
    expect(sent).toEqual({ from_stage_id: ids.S2, to_stage_id: ids.S3, user_id: ids.U1 });
    expect(result.warnings[0]).toMatch(/inferred/);
  });

  it('getCandidateAttachments maps attachments[] with a download()', async () => {
    served = await serveFixtures(['candidates.get']);
    const attachments = await served.connector.getCandidateAttachments({ candidate_id: uid('candidate', ids.C1) });
    expect(attachments.map((attachment) => [attachment.file_name, attachment.type])).toEqual([['Frank_Doe_CV.pdf', 'CV'], ['portfolio.zip', 'OTHER']]);
    expect(typeof attachments[0]!.download).toBe('function');
  });

  it('createCandidate posts to the deprecated /candidates/ with the job and returns the candidate and its application', async () => {
    served = await serveFixtures(['candidates.create', 'candidates.get-created']);
    const result = await served.connector.createCandidate({
      candidate: { first_name: 'Linus', last_name: 'Pauling', email_addresses: [{ email_address: 'linus@example.com' }], source: 'Agency' },
      application: { job_id: uid('job', ids.J1) },
    });
    expect(result.candidate.first_name).toBe('Linus');
    expect(result.application?.job_id).toBe(uid('job', ids.J1));
    expect(result.warnings.join(' ')).toMatch(/source/);
  });
});

describe('errors (X1: the key never leaks)', () => {
  const leaks = (value: unknown) => inspect(value, { depth: Infinity }).includes(FIXTURE_KEY) || JSON.stringify(value).includes(FIXTURE_KEY);

  it.each([
    ['candidates.forbidden', AuthError],
    ['candidates.unauthorized', AuthError],
    ['candidates.rate-limited', RateLimitError],
  ] as const)('%s → %s', async (name, type) => {
    served = await serveFixtures([name]);
    const error = await collect(served.connector.syncCandidates()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(type);
    expect(leaks(error)).toBe(false);
    expect((error as Error).message).not.toContain(FIXTURE_KEY);
  });

  it('404 → NotFoundError; 422 → ProviderError with the Gem message; the 400 "Duplicate candidate" → DuplicateError with the existing id', async () => {
    served = await serveFixtures(['candidates.not-found', 'notes.validation-error', 'candidates.create-duplicate'], { onBehalfOfUserId: 'unknown' });
    await expect(served.connector.getCandidate(uid('candidate', 'Q2FuZGlkYXRlOjk5OTk5'))).rejects.toBeInstanceOf(NotFoundError);
    const validation = await served.connector.addNoteToCandidate({ candidate_id: uid('candidate', ids.C2), content: 'x' }).catch((caught: unknown) => caught);
    expect(validation).toBeInstanceOf(ProviderError);
    expect((validation as ProviderError).status).toBe(422);
    expect(leaks(validation)).toBe(false);
    const duplicate = await served.connector.createCandidate({ candidate: { first_name: 'Frank', last_name: 'Doe', email_addresses: [{ email_address: 'frank.doe@example.com' }] }, application: { job_id: uid('job', ids.J1) } }).catch((caught: unknown) => caught);
    expect((duplicate as Error).message).toContain('Duplicate candidate');
    expect(duplicate).toBeInstanceOf(DuplicateError);
    expect(duplicate).toMatchObject({ status: 400, existingRemoteId: 'Q2FuZGlkYXRlOjEwMDAx', existingId: uid('candidate', 'Q2FuZGlkYXRlOjEwMDAx') });
    expect(leaks(duplicate)).toBe(false);
    expect(leaks(served.connector)).toBe(false);
  });

  it('checkConnection classifies the gateway 403 (its answer for a bad key) as an auth problem', async () => {
    served = await serveFixtures([]);
    served.server.use(http.get('*/ats/v0/users/', () => HttpResponse.json({ message: 'Forbidden' }, { status: 403 })));
    const status = await served.connector.checkConnection();
    expect(['invalid_credentials', 'missing_permissions']).toContain(status.status);
    expect(status.detail).not.toContain(FIXTURE_KEY);
  });
});
