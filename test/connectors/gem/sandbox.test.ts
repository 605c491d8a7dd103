/**
 * The Gem connector against its sandbox (the generic fake server with Gem's wire format): full
 * syncs return every record schema-valid, deltas ask the server with Gem's filters and return only
 * what changed, a full candidate sync takes about one request per 500 records, every supported
 * action changes the sandbox, every unsupported one throws UnsupportedError, plus B3 and X1.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createGemConnector } from '../../../src/connectors/gem/index.js';
import { GEM_SANDBOX_APPLICATION_SECRET, GEM_SANDBOX_KEY, gemSandbox } from '../../../src/testing/sandboxes/gem/sandbox.js';
import { AuthError, ConfigError, ProviderError, RateLimitError, UnsupportedError } from '../../../src/core/errors.js';
import { modelNames, modelSchemas } from '../../../src/models/registry.js';
import type { SandboxRequest } from '../../../src/testing/sandbox/types.js';
import { startSandboxServer, type Sandbox } from '../../../src/testing/sandbox/server.js';
import { collect, uid } from './helpers.js';

let sandbox: Sandbox | undefined;
let connector: ReturnType<typeof createGemConnector> | undefined;
afterEach(async () => {
  await connector?.close();
  await sandbox?.close();
  sandbox = undefined;
  connector = undefined;
});

/** A sandbox that also records every request it answered (path and query), for assertions. */
async function start(records: number, options: { rateLimit?: { requests: number; intervalMs: number } } = {}) {
  const received: SandboxRequest[] = [];
  sandbox = await startSandboxServer({ ...gemSandbox, handle: (request, context) => (received.push(request), gemSandbox.handle(request, context)) }, { records, ...options });
  connector = createGemConnector({ apiKey: GEM_SANDBOX_KEY, baseUrl: sandbox.url, rateLimit: false, retry: { maxRetries: 0 } });
  return { sandbox, connector, received };
}

const live = (box: Sandbox, collection: string) => box.store.list(collection).filter((record) => !record.deleted_at);

describe('full sync', () => {
  it('every model returns every sandbox record, schema-valid, with remote_data', async () => {
    const { sandbox: box, connector: ats } = await start(120);
    const counts: Record<string, number> = {};
    // Offers and roles are not read from Gem yet (capabilities say why).
    for (const model of modelNames.filter((name) => ats.capabilities.models[name].read)) {
      const pages = await collect(ats.syncModel(model).pages());
      const records = pages.flatMap((page) => page.records);
      expect(pages.flatMap((page) => page.quarantined), model).toEqual([]);
      for (const record of records) {
        expect(() => modelSchemas[model].parse(record), model).not.toThrow();
        expect(record.remote_data, model).not.toBeNull();
      }
      expect(new Set(records.map((record) => record.id)).size, `${model} ids are unique`).toBe(records.length);
      counts[model] = records.length;
    }
    const templates = box.store.list('jobs').filter((job) => job.is_template).length;
    expect(counts.candidates).toBe(live(box, 'candidates').length);
    expect(counts.applications).toBe(live(box, 'applications').length);
    expect(counts.users).toBe(box.store.count('users'));
    expect(counts.jobs).toBe(box.store.count('jobs') - templates);
    expect(counts.job_postings).toBe(box.store.count('job_posts'));
    expect(counts.application_stages).toBe(box.store.count('job_stages'));
    expect(counts.job_stages).toBe(box.store.count('job_stages') - 4 * templates);
    expect(counts.interviews).toBe(box.store.count('scheduled_interviews'));
    expect(counts.interviewers).toBe(box.store.list('scheduled_interviews').reduce((sum, interview) => sum + (interview.interviewer_ids as string[]).length, 0));
    expect(counts.rejection_reasons).toBeGreaterThan(0);
    expect(counts.tags).toBeGreaterThan(0);
  });

  it('jobs carry the live post description and URL, and job stages follow priority', async () => {
    const { connector: ats } = await start(20);
    const jobs = await collect(ats.syncJobs());
    const open = jobs.find((job) => job.status === 'OPEN')!;
    expect(open.description).toMatch(/^<p>Join us as /);
    expect(open.post_url).toContain('https://jobs.gem.example/acme/');
    const stages = (await collect(ats.syncJobStages())).filter((stage) => stage.job_id === open.id);
    const names = new Map((await collect(ats.syncApplicationStages())).map((stage) => [stage.id, stage.name]));
    expect(stages.map((stage) => names.get(stage.stage_id))).toEqual(['Application Review', 'Phone Screen', 'Technical Interview', 'Offer']);
  });

  it('a full candidate sync of 1,200 records takes ceil(1200 / 500) + 1 requests at most', async () => {
    const { sandbox: box, connector: ats } = await start(1_200);
    box.resetStats();
    const candidates = await collect(ats.syncCandidates());
    expect(candidates).toHaveLength(1_200);
    expect(box.stats.requests).toBeLessThanOrEqual(Math.ceil(1_200 / 500) + 1);
  });
});

describe('delta', () => {
  it('candidates: asks with updated_after and include_deleted, returns only what changed, including a soft deletion', async () => {
    const { sandbox: box, connector: ats, received } = await start(60);
    const since = new Date(box.now()).toISOString();
    const [edited, deleted] = box.store.list('candidates');
    box.update('candidates', edited!.id, { first_name: 'Ada' });
    box.update('candidates', deleted!.id, { deleted_at: box.now() });
    received.length = 0;
    const changed = await collect(ats.syncCandidates(since));
    expect(received[0]!.query.get('updated_after')).toBe(since);
    expect(received[0]!.query.get('include_deleted')).toBe('true');
    expect(changed.map((candidate) => candidate.remote_id).sort()).toEqual([edited!.id, deleted!.id].sort());
    expect(changed.find((candidate) => candidate.remote_id === edited!.id)!.first_name).toBe('Ada');
    expect(changed.find((candidate) => candidate.remote_id === deleted!.id)!.remote_deleted_at).not.toBeNull();
  });

  it('applications: asks with last_activity_after (never updated_after) and returns only what changed', async () => {
    const { sandbox: box, connector: ats, received } = await start(60);
    const since = new Date(box.now()).toISOString();
    const application = box.store.list('applications')[3]!;
    box.update('applications', application.id, { status: 'hired' });
    received.length = 0;
    const changed = await collect(ats.syncApplications(since));
    expect(received[0]!.query.get('last_activity_after')).toBe(since);
    expect(received[0]!.query.has('updated_after')).toBe(false);
    expect(changed.map((record) => [record.remote_id, record.outcome])).toEqual([[application.id, 'HIRED']]);
  });

  it('users, jobs, job posts and interviews use updated_after', async () => {
    const { sandbox: box, connector: ats, received } = await start(30);
    const since = new Date(box.now()).toISOString();
    received.length = 0;
    await collect(ats.syncUsers(since));
    await collect(ats.syncJobPostings(since));
    await collect(ats.syncInterviewers(since));
    expect(received.map((request) => request.query.get('updated_after'))).toEqual([since, since, since]);
  });
});

describe('actions change the sandbox', () => {
  it('addNoteToCandidate and addResultLinkToCandidate add notes by the acting user', async () => {
    const { sandbox: box, connector: ats } = await start(10);
    const candidate = box.store.list('candidates')[0]!;
    const note = await ats.addNoteToCandidate({ candidate_id: uid('candidate', candidate.id), content: '<p>Strong <b>fit</b></p>', content_type: 'HTML' });
    const link = await ats.addResultLinkToCandidate({ candidate_id: uid('candidate', candidate.id), label: 'Report', url: 'https://assess.example/r/9' });
    const notes = box.store.list('notes');
    expect(notes.map((entry) => entry.body)).toEqual(['Strong fit', 'Report: https://assess.example/r/9']);
    // The default acting user is the first active site admin of the seed.
    const admin = box.store.list('users').find((user) => user.site_admin && !user.disabled)!;
    expect(notes.every((entry) => entry.user_id === admin.id && entry.candidate_id === candidate.id)).toBe(true);
    expect(note.remote_id).toBe(notes[0]!.id);
    expect(link.warnings.length).toBeGreaterThan(0);
  });

  it('addNoteToApplication and addResultLinkToApplication write to the application candidate, naming the job', async () => {
    const { sandbox: box, connector: ats } = await start(10);
    const application = box.store.list('applications')[0]!;
    const job = box.store.get('jobs', String(application.job_id))!;
    await ats.addNoteToApplication({ application_id: uid('application', application.id), content: 'Called back' });
    await ats.addResultLinkToApplication({ application_id: uid('application', application.id), label: 'Test', url: 'https://assess.example/r/1' });
    const notes = box.store.list('notes');
    expect(notes.map((entry) => entry.candidate_id)).toEqual([application.candidate_id, application.candidate_id]);
    expect(notes[0]!.body).toBe(`[${String(job.name)}] Called back`);
  });

  it('moveApplicationToStage moves an active application within its job (ids with "=" padding round-trip)', async () => {
    const { sandbox: box, connector: ats } = await start(40);
    const application = box.store.list('applications').find((entry) => entry.status === 'active' && String(entry.id).endsWith('='))
      ?? box.store.list('applications').find((entry) => entry.status === 'active')!;
    const target = box.store.list('job_stages').find((stage) => stage.job_id === application.job_id && stage.id !== application.current_stage_id)!;
    const result = await ats.moveApplicationToStage({ application_id: uid('application', application.id), stage_id: uid('stage', target.id) });
    expect(box.store.get('applications', application.id)!.current_stage_id).toBe(target.id);
    expect(result.warnings[0]).toMatch(/inferred/);
    // A stage of another job is refused by the API (422) and nothing changes.
    const foreign = box.store.list('job_stages').find((stage) => stage.job_id !== application.job_id)!;
    await expect(ats.moveApplicationToStage({ application_id: uid('application', application.id), stage_id: uid('stage', foreign.id) })).rejects.toBeInstanceOf(ProviderError);
    expect(box.store.get('applications', application.id)!.current_stage_id).toBe(target.id);
  });

  it('createCandidate creates the candidate and its application; getCandidateAttachments lists files', async () => {
    const { sandbox: box, connector: ats } = await start(30);
    const before = { candidates: box.store.count('candidates'), applications: box.store.count('applications') };
    const job = box.store.list('jobs').find((entry) => !entry.is_template)!;
    const result = await ats.createCandidate({
      candidate: { first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'ada@example.com' }], social_media: [{ link: 'https://www.linkedin.com/in/ada' }] },
      application: { job_id: uid('job', job.id) },
    });
    expect(box.store.count('candidates')).toBe(before.candidates + 1);
    expect(box.store.count('applications')).toBe(before.applications + 1);
    expect(result.candidate).toMatchObject({ first_name: 'Ada', social_media: [{ link: 'https://www.linkedin.com/in/ada', type: 'LINKEDIN', username: null }] });
    expect(result.application).toMatchObject({ job_id: uid('job', job.id), outcome: 'PENDING' });
    const withFiles = box.store.list('candidates').find((candidate) => (candidate.attachments as unknown[]).length > 0)!;
    const files = await ats.getCandidateAttachments({ candidate_id: uid('candidate', withFiles.id) });
    expect(files[0]).toMatchObject({ type: 'CV', content_type: 'application/pdf' });
    await expect(ats.createCandidate({ candidate: { first_name: 'No', last_name: 'Job', email_addresses: [{ email_address: 'n@example.com' }] } })).rejects.toMatchObject({ name: 'ValidationError', source: 'input', field: 'application' });
  });

  it('every unsupported action throws UnsupportedError with a readable reason, before any request', async () => {
    const { sandbox: box, connector: ats } = await start(5);
    const candidateId = uid('candidate', box.store.list('candidates')[0]!.id);
    const applicationId = uid('application', box.store.list('applications')[0]!.id);
    const attachment = { name: 'r.pdf', content_type: 'application/pdf', url: 'https://files.example/r.pdf' };
    box.resetStats();
    const calls: [string, () => Promise<unknown>][] = [
      ['rejectApplication', () => ats.rejectApplication({ application_id: applicationId })],
      ['addAttachmentToApplication', () => ats.addAttachmentToApplication({ application_id: applicationId, attachment })],
      ['addAttachmentToCandidate', () => ats.addAttachmentToCandidate({ candidate_id: candidateId, attachment })],
      ['addTagToCandidate', () => ats.addTagToCandidate({ candidate_id: candidateId, tag: { name: 'x' } })],
      ['removeTagFromCandidate', () => ats.removeTagFromCandidate({ candidate_id: candidateId, tag: { name: 'x' } })],
    ];
    for (const [name, call] of calls) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error, name).toBeInstanceOf(UnsupportedError);
      expect((error as Error).message).toMatch(new RegExp(`gem does not support ${name}: .{20,}`));
      expect(ats.capabilities.actions[name as keyof typeof ats.capabilities.actions].supported).toBe(false);
    }
    expect(box.stats.requests).toBe(0);
  });
});

describe('robustness', () => {
  it('B3: one bad candidate in a page is quarantined with issue paths; the rest are delivered', async () => {
    const { sandbox: box, connector: ats } = await start(30);
    const bad = box.store.list('candidates')[7]!;
    box.update('candidates', bad.id, { first_name: 42, email_addresses: 'not-a-list' });
    const pages = await collect(ats.syncCandidates().pages());
    expect(pages.flatMap((page) => page.records)).toHaveLength(29);
    const quarantined = pages.flatMap((page) => page.quarantined);
    expect(quarantined).toEqual([{ remote_id: bad.id, reason: 'wire_schema', issues: expect.arrayContaining([expect.objectContaining({ path: ['first_name'] }), expect.objectContaining({ path: ['email_addresses'] })]) }]);
  });

  it('B4: an unknown application status maps to outcome null with the raw status kept', async () => {
    const { sandbox: box, connector: ats } = await start(10);
    const application = box.store.list('applications')[0]!;
    box.update('applications', application.id, { status: 'transferred' });
    const record = await ats.getApplication(uid('application', application.id));
    expect(record.outcome).toBeNull();
    expect((record.remote_data as { status: string }).status).toBe('transferred');
  });

  it('B8: a __proto__ key in a sandbox record does not pollute', async () => {
    const { sandbox: box, connector: ats } = await start(5);
    const candidate = box.store.list('candidates')[0]!;
    box.update('candidates', candidate.id, JSON.parse('{"__proto__": {"polluted": true}, "tags": ["__proto__"]}') as Record<string, unknown>);
    const records = await collect(ats.syncCandidates());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(records.every((record) => Object.getPrototypeOf(record) === Object.prototype)).toBe(true);
    expect(records.find((record) => record.remote_id === candidate.id)!.tags.map((tag) => tag.name)).toEqual(['__proto__']);
  });

  it('X1: a wrong key gets the gateway 403 as AuthError; neither the key nor the secret appears in errors or inspect output', async () => {
    const { sandbox: box } = await start(5);
    const wrongKey = 'sk_canary_gem_wrong_key_00000000000000000';
    const secret = 'sk_canary_gem_app_secret_0000000000000000';
    const ats = createGemConnector({ apiKey: wrongKey, applicationSecret: secret, baseUrl: box.url, rateLimit: false, retry: { maxRetries: 0 } });
    const error = await collect(ats.syncUsers()).catch((caught: unknown) => caught);
    const status = await ats.checkConnection();
    await ats.close();
    expect(error).toBeInstanceOf(AuthError);
    for (const text of [inspect(error, { depth: Infinity }), JSON.stringify(error), inspect(ats, { depth: Infinity }), JSON.stringify(status)]) {
      expect(text).not.toContain(wrongKey);
      expect(text).not.toContain(secret);
    }
    // The partner secret the sandbox knows is accepted next to the key.
    const partner = createGemConnector({ apiKey: GEM_SANDBOX_KEY, applicationSecret: GEM_SANDBOX_APPLICATION_SECRET, baseUrl: box.url, rateLimit: false });
    expect((await partner.checkConnection()).status).toBe('connected');
    await partner.close();
  });

  it('a 429 from the sandbox surfaces as RateLimitError when retries are off; per_page over 500 is a 422', async () => {
    const { connector: ats } = await start(5, { rateLimit: { requests: 1, intervalMs: 60_000 } });
    await collect(ats.syncUsers());
    await expect(collect(ats.syncUsers())).rejects.toBeInstanceOf(RateLimitError);
    await ats.close();
    await sandbox!.close();
    const fresh = await start(5);
    const error = await fresh.connector.passthrough({ method: 'GET', path: '/users/', query: { per_page: 1000 } }).catch((caught: unknown) => caught);
    expect((error as ProviderError).status).toBe(422);
  });
});
