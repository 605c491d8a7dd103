/**
 * The Jarvi connector against its sandbox (the provider's wire format on loopback): full and delta
 * syncs, the request budget of a full sync, the quirks (capped pages, leaked contacts, strict
 * `_gt`, the hourly execution budget), every supported action changing sandbox state, and every
 * unsupported one throwing `UnsupportedError`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJarviConnector } from '../../../src/connectors/jarvi/index.js';
import { JARVI_SANDBOX_KEY, JARVI_SANDBOX_PUBLIC_KEY, jarviSandbox } from '../../../src/testing/sandboxes/jarvi/sandbox.js';
import { AuthError, ConfigError, RateLimitError, UnsupportedError } from '../../../src/core/errors.js';
import { decodeId, encodeId } from '../../../src/core/ids.js';
import { modelSchemas, type ModelName, type ModelRecord } from '../../../src/models/registry.js';
import { startSandboxServer, type Sandbox } from '../../../src/testing/sandbox/server.js';
import type { SandboxProvider, SandboxRequest } from '../../../src/testing/sandbox/types.js';
import { serveFile } from '../../helpers/file-server.js';

const RECORDS = 450;
let sandbox: Sandbox;
const seen: SandboxRequest[] = [];
/** The sandbox wire format, recording what it received. */
const recording: SandboxProvider = { ...jarviSandbox, handle: (request, context) => (seen.push(request), jarviSandbox.handle(request, context)) };

const connect = (overrides: Partial<Parameters<typeof createJarviConnector>[0]> = {}) =>
  createJarviConnector({ apiKey: JARVI_SANDBOX_KEY, publicKey: JARVI_SANDBOX_PUBLIC_KEY, baseUrl: sandbox.url, retry: { maxRetries: 2, baseDelayMs: 10 }, ...overrides });

async function collect<M extends ModelName>(ats: ReturnType<typeof connect>, model: M, since?: string): Promise<ModelRecord<M>[]> {
  const records: ModelRecord<M>[] = [];
  for await (const record of ats.syncModel(model, since)) records.push(record);
  return records;
}

const talents = () => sandbox.store.list('profiles').filter((p) => p.isTalent === true);

beforeAll(async () => {
  sandbox = await startSandboxServer(recording, { records: RECORDS, seed: 8 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('jarvi sandbox: reads', () => {
  it('full sync returns every readable sandbox record, schema-valid, with remote_data', async () => {
    const ats = connect();
    const expected: Partial<Record<ModelName, number>> = {
      candidates: talents().length,
      applications: sandbox.store.list('applications').length,
      jobs: sandbox.store.list('projects').filter((p) => p.isMadeForRecruitment === true).length,
      job_postings: sandbox.store.list('projects').filter((p) => p.published === true).length,
      users: sandbox.store.list('users').length,
    };
    for (const [model, count] of Object.entries(expected) as [ModelName, number][]) {
      const records = await collect(ats, model);
      expect(records, model).toHaveLength(count);
      for (const record of records) {
        expect(modelSchemas[model].safeParse(record).success, model).toBe(true);
        expect(record.remote_data, model).not.toBeNull();
      }
      expect(new Set(records.map((r) => r.id)).size, model).toBe(count);
    }
    const candidates = await collect(ats, 'candidates');
    const remoteIds = new Set(candidates.map((c) => c.remote_id));
    expect(talents().every((t) => remoteIds.has(t.id))).toBe(true);
    // Soft-deleted talents are delivered with remote_deleted_at (deletes: 'flag').
    expect(candidates.filter((c) => c.remote_deleted_at !== null)).toHaveLength(talents().filter((t) => t.deletedAt).length);
    expect((await collect(ats, 'hiring_team')).length).toBeGreaterThan(0);
    await ats.close();
  });

  it('a full candidate sync takes at most ceil(N / 100) + 2 requests, each page at most 100 rows', async () => {
    const ats = connect();
    sandbox.resetStats();
    let pages = 0;
    for await (const page of ats.syncCandidates().pages()) {
      pages += 1;
      expect(page.records.length).toBeLessThanOrEqual(100);
    }
    expect(sandbox.stats.requests).toBe(pages);
    expect(sandbox.stats.requests).toBeLessThanOrEqual(Math.ceil(RECORDS / 100) + 2);
    await ats.close();
  });

  it('pages by what came back when the server caps lower than asked (quirk 3)', async () => {
    const ats = connect();
    sandbox.add('settings', { id: 'profiles-cap', value: 37 });
    seen.length = 0;
    try {
      expect(await collect(ats, 'candidates')).toHaveLength(talents().length);
      const offsets = seen.map((r) => Number(r.query.get('offset')));
      expect(offsets.slice(0, 3)).toEqual([0, 37, 74]);
      expect(seen.every((r) => r.query.get('limit') === '100')).toBe(true);
    } finally {
      sandbox.remove('settings', 'profiles-cap');
      await ats.close();
    }
  });

  it('delta: sends where updatedAt _gt since − 1 ms and returns only what changed', async () => {
    const ats = connect();
    const since = new Date(sandbox.now() + 1).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const changed = talents().slice(10, 13).map((t) => t.id);
    for (const id of changed) sandbox.update('profiles', id, { headline: 'Staff engineer' });
    seen.length = 0;
    const records = await collect(ats, 'candidates', since);
    expect(records.map((r) => r.remote_id).sort()).toEqual([...changed].sort());
    expect(records.every((r) => r.title === 'Staff engineer')).toBe(true);
    const where = JSON.parse(seen[0]!.query.get('where')!);
    expect(where).toEqual({ isTalent: { _eq: true }, updatedAt: { _gt: new Date(Date.parse(since) - 1).toISOString() } });
    await ats.close();
  });

  it('delta: a record changed exactly at since is delivered despite the strict comparison (quirk 5)', async () => {
    const ats = connect();
    const target = talents()[20]!;
    sandbox.update('profiles', target.id, { headline: 'Exactly at since' });
    const exact = new Date(sandbox.store.get('profiles', target.id)!.updated_at).toISOString();
    const records = await collect(ats, 'candidates', exact);
    expect(records.map((r) => r.remote_id)).toContain(target.id);
    expect(records.every((r) => Date.parse(r.changed_at!) >= Date.parse(exact))).toBe(true);
    await ats.close();
  });

  it('applications and jobs deltas follow the profile and project updatedAt', async () => {
    const ats = connect();
    const since = new Date(sandbox.now() + 1).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const project = sandbox.store.list('projects').find((p) => p.isMadeForRecruitment === true && !p.deletedAt)!;
    sandbox.update('projects', project.id, { name: 'Renamed job' });
    const jobs = await collect(ats, 'jobs', since);
    expect(jobs.map((j) => j.remote_id)).toEqual([project.id]);
    const applicant = sandbox.store.list('applications')[0]!;
    sandbox.update('profiles', String(applicant.profileId), { statusId: sandbox.store.list('statuses')[4]!.id });
    const applications = await collect(ats, 'applications', since);
    expect(applications.map((a) => a.remote_id)).toContain(`${applicant.profileId}:${applicant.projectId}`);
    await ats.close();
  });

  it('a merged (hard-removed) profile is missing from the next full scan', async () => {
    const ats = connect();
    const gone = sandbox.add('profiles', { id: '99999999-9999-4999-8999-999999999999', isTalent: true, firstName: 'Dupe', lastName: 'Profile', fieldsValues: [], files: [] });
    expect((await collect(ats, 'candidates')).some((c) => c.remote_id === gone)).toBe(true);
    sandbox.remove('profiles', gone);
    expect((await collect(ats, 'candidates')).some((c) => c.remote_id === gone)).toBe(false);
    await ats.close();
  });
});

describe('jarvi sandbox: rate limit and keys', () => {
  it('a spent hourly budget (Retry-After 1800) throws RateLimitError with retryAfterMs at once', async () => {
    const ats = connect();
    sandbox.add('budget', { id: 'hourly', retryAfterSeconds: 1800 });
    try {
      const started = Date.now();
      const error = await collect(ats, 'candidates').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterMs).toBe(1_800_000);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await ats.checkConnection()).status).toBe('rate_limited');
    } finally {
      sandbox.remove('budget', 'hourly');
      await ats.close();
    }
  });

  it('a short Retry-After from a rolling window is waited out and the sync completes', async () => {
    const limited = await startSandboxServer(jarviSandbox, { records: 120, seed: 3, rateLimit: { requests: 1, intervalMs: 600 } });
    const ats = createJarviConnector({ apiKey: JARVI_SANDBOX_KEY, baseUrl: limited.url, retry: { maxRetries: 3, baseDelayMs: 10 } });
    try {
      let count = 0;
      for await (const _ of ats.syncCandidates()) count += 1;
      expect(count).toBe(120);
      expect(limited.stats.rateLimited).toBeGreaterThan(0);
    } finally {
      await ats.close();
      await limited.close();
    }
  });

  it('the public key passed as apiKey: private reads fail with a message naming the private key', async () => {
    const ats = connect({ apiKey: JARVI_SANDBOX_PUBLIC_KEY, publicKey: undefined });
    const error = await collect(ats, 'candidates').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/needs the Jarvi private API key \(apiKey\)/);
    // Offers are documented for the public key: they still work.
    expect((await collect(ats, 'job_postings')).length).toBeGreaterThan(0);
    await ats.close();
  });
});

describe('jarvi sandbox: actions', () => {
  const history = () => sandbox.store.list('history');
  const someApplication = () => sandbox.store.list('applications')[5]!;
  const applicationId = () => encodeId('jarvi', 'application', String(someApplication().profileId), String(someApplication().projectId));

  it('createCandidate creates a profile; with an application it goes through /applicants', async () => {
    const ats = connect();
    const before = sandbox.store.count('profiles');
    const created = await ats.createCandidate({ candidate: { first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'ada@example.com' }, { email_address: 'ada.l@example.org' }], company: 'Analytical' } });
    expect(sandbox.store.count('profiles')).toBe(before + 1);
    const stored = sandbox.store.get('profiles', created.remote_id!)!;
    expect(stored.emailAddresses).toEqual([{ email: 'ada@example.com', __typename: 'emails' }, { email: 'ada.l@example.org', __typename: 'emails' }]);
    expect(created.candidate).toMatchObject({ first_name: 'Ada', company: 'Analytical' });
    const job = sandbox.store.list('projects').find((p) => p.isMadeForRecruitment === true)!;
    const applied = await ats.createCandidate({
      candidate: { first_name: 'Grace', last_name: 'Hopper', email_addresses: [{ email_address: 'grace@example.com' }] },
      application: { job_id: encodeId('jarvi', 'job', job.id), stage_id: encodeId('jarvi', 'stage', 'whatever') },
    });
    expect(sandbox.store.list('applications').some((a) => a.profileId === applied.remote_id && a.projectId === job.id)).toBe(true);
    expect(applied.application?.job_id).toBe(encodeId('jarvi', 'job', job.id));
    expect(applied.warnings.join(' ')).toMatch(/stage_id was ignored/);
    await ats.close();
  });

  it('notes and result links become history entries on the profile', async () => {
    const ats = connect();
    const profile = talents()[0]!;
    const candidate_id = encodeId('jarvi', 'candidate', profile.id);
    const count = history().length;
    await ats.addNoteToCandidate({ candidate_id, content: 'Strong Java background' });
    await ats.addNoteToApplication({ application_id: applicationId(), content: 'Phone screen booked' });
    const link = await ats.addResultLinkToCandidate({ candidate_id, label: 'AI interview', url: 'https://results.example.com/r/1' });
    await ats.addResultLinkToApplication({ application_id: applicationId(), label: 'AI interview', url: 'https://results.example.com/r/2' });
    const added = history().slice(count);
    expect(added.map((h) => h.profileId)).toEqual([profile.id, someApplication().profileId, profile.id, someApplication().profileId]);
    expect(added[0]).toMatchObject({ subject: 'Note', message: 'Strong Java background' });
    expect(String(added[1]!.subject)).toContain(String(someApplication().projectId));
    expect(added[2]).toMatchObject({ subject: 'AI interview', message: 'AI interview: https://results.example.com/r/1' });
    expect(link.warnings).toHaveLength(1);
    await ats.close();
  });

  it('attachments are uploaded as data:@file URLs onto the profile; a URL is downloaded and uploaded the same way', async () => {
    // The file server is on loopback, which downloads refuse unless the connector opts in.
    const ats = connect({ downloads: { allowPrivateNetwork: true } });
    const profile = talents()[1]!;
    const candidate_id = encodeId('jarvi', 'candidate', profile.id);
    await ats.addAttachmentToCandidate({ candidate_id, attachment: { name: 'report.pdf', content_type: 'application/pdf', data: new Uint8Array([37, 80, 68, 70]) } });
    const result = await ats.addAttachmentToApplication({ application_id: applicationId(), attachment: { name: 'cv.pdf', content_type: 'application/pdf', data: new Uint8Array([1, 2, 3]) } });
    expect(result.warnings.join(' ')).toMatch(/belong to profiles/);
    const files = sandbox.store.get('profiles', profile.id)!.files as { file: { name: string; size: number; mimeType: string } }[];
    expect(files.at(-1)?.file).toMatchObject({ name: 'report.pdf', size: 4, mimeType: 'application/pdf' });
    const file = await serveFile('x.pdf', new Uint8Array([37, 80, 68, 70, 45]));
    try {
      const fromUrl = await ats.addAttachmentToCandidate({ candidate_id, attachment: { name: 'x.pdf', content_type: 'application/pdf', url: file.url } });
      expect(fromUrl.warnings.join(' ')).toMatch(/downloaded from attachment\.url/);
      const after = sandbox.store.get('profiles', profile.id)!.files as { file: { name: string; size: number } }[];
      expect(after.at(-1)?.file).toMatchObject({ name: 'x.pdf', size: 5 });
    } finally {
      await file.close();
      await ats.close();
    }
  });

  it('moveApplicationToStage sets the profile status (experimental) and says when it did not apply', async () => {
    const ats = connect();
    const target = sandbox.store.list('statuses').find((s) => s.name === 'Interview')!;
    const result = await ats.moveApplicationToStage({ application_id: applicationId(), stage_id: encodeId('jarvi', 'stage', target.id) });
    expect(sandbox.store.get('profiles', String(someApplication().profileId))!.statusId).toBe(target.id);
    expect(result.warnings.join(' ')).not.toMatch(/not visible/);
    const application = await ats.getApplication(applicationId());
    expect(decodeId(application.current_stage_id!, 'jarvi', 'stage')).toEqual([target.id]);
    const ignored = await ats.moveApplicationToStage({ application_id: applicationId(), stage_id: encodeId('jarvi', 'stage', '00000000-0000-4000-8000-000000000000') });
    expect(ignored.warnings.join(' ')).toMatch(/not visible on re-read/);
    await ats.close();
  });

  it('every unsupported action and model throws UnsupportedError with the reason', async () => {
    const ats = connect();
    const candidate_id = encodeId('jarvi', 'candidate', talents()[0]!.id);
    const calls: [string, () => Promise<unknown>][] = [
      ['rejectApplication', () => ats.rejectApplication({ application_id: applicationId() })],
      ['getCandidateAttachments', () => ats.getCandidateAttachments({ candidate_id })],
      ['addTagToCandidate', () => ats.addTagToCandidate({ candidate_id, tag: { name: 'java' } })],
      ['removeTagFromCandidate', () => ats.removeTagFromCandidate({ candidate_id, tag: { name: 'java' } })],
    ];
    for (const [name, call] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(UnsupportedError);
      expect((error as Error).message, name).toContain(`jarvi does not support ${name}: `);
      expect(ats.capabilities.actions[name as keyof typeof ats.capabilities.actions].supported).toBe(false);
    }
    for (const model of ['application_stages', 'job_stages', 'rejection_reasons', 'tags', 'interviews', 'interviewers'] as const) {
      const error = await collect(ats, model).catch((e: unknown) => e);
      expect(error, model).toBeInstanceOf(UnsupportedError);
      expect((error as Error).message.length, model).toBeGreaterThan(40);
      expect(ats.capabilities.models[model].read).toBe(false);
    }
    await ats.close();
  });
});
