/**
 * The push flow on Jarvi through its sandbox: `findCandidatesByEmail` (a `where` on the addresses,
 * exact and case-insensitive), `createApplication` (a talent linked to a project with
 * `POST /profiles { id, projectId }`, a `DuplicateError` when already linked), list filters sent in
 * the Hasura `where`, and `pushCandidate` end to end: created, reused, a CV given by URL downloaded
 * and uploaded as bytes, and a retry after a write that timed out once it had landed (one
 * candidate, one application). On Jarvi a second create silently makes a second person, so the
 * lookup is what keeps the push free of duplicates.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/core/ids.js';
import { DuplicateError, NotFoundError, ProviderError, ValidationError } from '../../../src/core/errors.js';
import { createJarviConnector, type JarviConnectorOptions } from '../../../src/connectors/jarvi/index.js';
import { MAX_LOOKUP_PAGES } from '../../../src/connectors/jarvi/push-actions.js';
import { startSandbox, type Sandbox, type StoredRecord } from '../../../src/testing/index.js';
import { startSandboxServer } from '../../../src/testing/sandbox/server.js';
import type { SandboxProvider, SandboxRequest } from '../../../src/testing/sandbox/types.js';
import { jarviSandbox } from '../../../src/testing/sandboxes/jarvi/sandbox.js';
import { serveFile, type FileServer } from '../../helpers/file-server.js';

const id = (kind: string, ...parts: string[]) => encodeId('jarvi', kind, ...parts);

let sandbox: Sandbox<'jarvi'>;
let ats: ReturnType<typeof createJarviConnector>;
let file: FileServer | null = null;
const connect = (options: Partial<JarviConnectorOptions> = {}) => createJarviConnector({ ...sandbox.connectorOptions, retry: { baseDelayMs: 5 }, ...options });

beforeEach(async () => {
  sandbox = await startSandbox('jarvi', { records: 30, seed: 21 });
  ats = connect();
});
afterEach(async () => {
  await ats.close();
  await sandbox.close();
  await file?.close();
  file = null;
});

const talents = () => sandbox.store.list('profiles').filter((profile) => profile.isTalent === true && !profile.deletedAt);
const openProject = () => sandbox.store.list('projects').find((project) => project.isMadeForRecruitment === true && !project.deletedAt)!;
const links = (profileId: string) => sandbox.store.list('applications').filter((row) => row.profileId === profileId);
const withEmail = (email: string) =>
  sandbox.store.list('profiles').filter((profile) => ((profile.emailAddresses as { email: string }[]) ?? []).some((entry) => entry.email.toLowerCase() === email.toLowerCase()));
const person = (email: string) => ({ first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: email }] });
const statusNamed = (name: string) => sandbox.store.list('statuses').find((status) => status.name === name)!;
const emailOf = (profile: StoredRecord) => (profile.emailAddresses as { email: string }[])[0]!.email;
const notOn = (projectId: string) => talents().find((profile) => !links(profile.id).some((row) => row.projectId === projectId))!;

/** A sandbox whose wire format records what it received. */
async function recordingSandbox(seen: SandboxRequest[], provider: SandboxProvider = jarviSandbox) {
  return startSandboxServer({ ...provider, handle: (request, context) => (seen.push(request), provider.handle(request, context)) }, { records: 20, seed: 4 });
}

describe('findCandidatesByEmail', () => {
  it('sends the exact address (pattern characters escaped) in the where and returns the exact match, whatever the case', async () => {
    const seen: SandboxRequest[] = [];
    const server = await recordingSandbox(seen);
    const connector = createJarviConnector({ apiKey: 'jarvi-sandbox-private-key', baseUrl: server.url });
    try {
      const profile = server.store.list('profiles').find((record) => record.isTalent === true)!;
      const email = (profile.emailAddresses as { email: string }[])[0]!.email;
      const found = await connector.findCandidatesByEmail(email.toUpperCase());
      expect(found.map((candidate) => candidate.remote_id)).toEqual([profile.id]);
      expect(seen).toHaveLength(1);
      expect(JSON.parse(seen[0]!.query.get('where')!)).toEqual({
        isTalent: { _eq: true },
        _or: [{ preferredEmailAddress: { _ilike: email } }, { emailAddresses: { email: { _ilike: email } } }],
      });
      // `_` is a one-character wildcard in ILIKE: escaped, so a_b@x does not match axb@x.
      server.store.update('profiles', profile.id, { emailAddresses: [{ email: 'axb@example.test' }], preferredEmailAddress: 'axb@example.test' });
      expect(await connector.findCandidatesByEmail('a_b@example.test')).toEqual([]);
      expect(JSON.parse(seen.at(-1)!.query.get('where')!)._or[0]).toEqual({ preferredEmailAddress: { _ilike: 'a\\_b@example.test' } });
      expect(await connector.findCandidatesByEmail('nobody@example.test')).toEqual([]);
    } finally {
      await connector.close();
      await server.close();
    }
  });

  it('finds a talent by a secondary address, and never returns a client contact', async () => {
    const profile = talents()[2]!;
    sandbox.store.update('profiles', profile.id, { emailAddresses: [{ email: emailOf(profile) }, { email: 'second@example.test' }] });
    expect((await ats.findCandidatesByEmail('Second@Example.test')).map((candidate) => candidate.remote_id)).toEqual([profile.id]);
    const contact = sandbox.store.list('profiles').find((record) => record.isTalent === false && record._leaksTalentFilter === true)!;
    expect(await ats.findCandidatesByEmail(emailOf(contact))).toEqual([]);
  });

  it('stops with a ProviderError when Jarvi ignored the email filter (it answers every profile), instead of scanning', async () => {
    const seen: SandboxRequest[] = [];
    // A Jarvi that ignores the email part of the where (as it does for any filter it does not know).
    const ignoring: SandboxProvider = {
      ...jarviSandbox,
      handle(request, context) {
        const where = request.query.get('where');
        if (where?.includes('_ilike')) request.query.set('where', JSON.stringify({ isTalent: { _eq: true } }));
        return jarviSandbox.handle(request, context);
      },
    };
    const server = await startSandboxServer({ ...ignoring, handle: (request, context) => (seen.push(request), ignoring.handle(request, context)) }, { records: 700, seed: 4 });
    const connector = createJarviConnector({ apiKey: 'jarvi-sandbox-private-key', baseUrl: server.url });
    try {
      const error = await connector.findCandidatesByEmail('someone@example.test').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as Error).message).toMatch(/ignored the email filter/);
      expect(seen.length).toBe(MAX_LOOKUP_PAGES + 1);
    } finally {
      await connector.close();
      await server.close();
    }
  });
});

describe('createApplication', () => {
  it('links an existing talent to a project and sets the stage: POST /profiles { id, projectId } then { id, statusId }', async () => {
    const project = openProject();
    const profile = notOn(project.id);
    const interview = statusNamed('Interview');
    const result = await ats.createApplication({ candidate_id: id('candidate', profile.id), job_id: project.id, stage_id: interview.id });
    expect(result.remote_id).toBe(`${profile.id}:${project.id}`);
    expect(result.application).toMatchObject({
      id: id('application', profile.id, project.id),
      candidate_id: id('candidate', profile.id),
      job_id: id('job', project.id),
      current_stage_id: id('stage', interview.id),
    });
    expect(links(profile.id).filter((row) => row.projectId === project.id)).toHaveLength(1);
    expect(sandbox.store.get('profiles', profile.id)?.statusId).toBe(interview.id);
    expect(result.warnings.join(' ')).toMatch(/statuses are per talent/);
  });

  it('a talent already on the project is a DuplicateError carrying the existing application id, and nothing is written', async () => {
    const row = sandbox.store.list('applications')[0]!;
    const before = sandbox.store.get('profiles', String(row.profileId))!.updated_at;
    const error = await ats.createApplication({ candidate_id: String(row.profileId), job_id: String(row.projectId) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DuplicateError);
    expect(error).toMatchObject({ kind: 'application', existingId: id('application', String(row.profileId), String(row.projectId)), existingRemoteId: `${String(row.profileId)}:${String(row.projectId)}` });
    expect(sandbox.store.get('profiles', String(row.profileId))!.updated_at).toBe(before);
  });

  it('an unknown profile is a NotFoundError; an id of another provider a ValidationError before any request', async () => {
    const project = openProject();
    await expect(ats.createApplication({ candidate_id: '00000000-0000-4000-8000-000000000000', job_id: project.id })).rejects.toBeInstanceOf(NotFoundError);
    const before = sandbox.stats.requests;
    await expect(ats.createApplication({ candidate_id: encodeId('teamtailor', 'candidate', '1'), job_id: project.id })).rejects.toBeInstanceOf(ValidationError);
    expect(sandbox.stats.requests).toBe(before);
  });
});

describe('list filters sent to Jarvi', () => {
  it('syncApplications(since, { jobId }) and { candidateId } send the filter in where and return only those applications', async () => {
    const seen: SandboxRequest[] = [];
    const server = await recordingSandbox(seen);
    const connector = createJarviConnector({ apiKey: 'jarvi-sandbox-private-key', baseUrl: server.url });
    try {
      const row = server.store.list('applications')[3]!;
      const projectId = String(row.projectId);
      const expected = server.store.list('applications').filter((a) => a.projectId === projectId && server.store.get('profiles', String(a.profileId))?.isTalent === true).map((a) => `${String(a.profileId)}:${projectId}`).sort();
      const byJob: string[] = [];
      for await (const application of connector.syncApplications(undefined, { jobId: id('job', projectId) })) byJob.push(application.remote_id);
      expect(byJob.sort()).toEqual(expected);
      expect(JSON.parse(seen[0]!.query.get('where')!)).toEqual({ isTalent: { _eq: true }, projects: { projectId: { _in: [projectId] } } });
      // The where left only the profiles on the project: one page, not the whole workspace.
      expect(seen).toHaveLength(1);
      seen.length = 0;
      const byCandidate: string[] = [];
      for await (const application of connector.syncApplications(undefined, { candidateId: String(row.profileId), jobId: projectId })) byCandidate.push(application.remote_id);
      expect(byCandidate).toEqual([`${String(row.profileId)}:${projectId}`]);
      expect(JSON.parse(seen[0]!.query.get('where')!)).toEqual({
        isTalent: { _eq: true },
        _and: [{ id: { _in: [String(row.profileId)] } }, { projects: { projectId: { _in: [projectId] } } }],
      });
      expect(connector.capabilities.models.applications.filters).toMatchObject({ job_ids: 'server', candidate_ids: 'server', outcomes: 'client', current_stage_ids: 'client' });
    } finally {
      await connector.close();
      await server.close();
    }
  });

  it('syncCandidates({ ids }) and syncJobs({ remote_ids }) send id _in; a value that is not a UUID stays a client-side check', async () => {
    const [a, b] = talents();
    const got: string[] = [];
    for await (const candidate of ats.syncCandidates(undefined, { ids: [id('candidate', a!.id), b!.id] })) got.push(candidate.remote_id);
    expect(got.sort()).toEqual([a!.id, b!.id].sort());
    const project = openProject();
    const jobs: string[] = [];
    for await (const job of ats.syncJobs(undefined, { remote_ids: [project.id] })) jobs.push(job.remote_id);
    expect(jobs).toEqual([project.id]);
    const none: string[] = [];
    for await (const job of ats.syncJobs(undefined, { remote_ids: ['not-a-uuid'] })) none.push(job.remote_id);
    expect(none).toEqual([]);
  });
});

describe('a second create with the same email (#18.5)', () => {
  it('createCandidate twice makes two profiles (Jarvi has no duplicate answer); pushCandidate reuses the existing one', async () => {
    const first = await ats.createCandidate({ candidate: person('twice@example.test') });
    const second = await ats.createCandidate({ candidate: person('twice@example.test') });
    expect(second.remote_id).not.toBe(first.remote_id);
    expect(withEmail('twice@example.test')).toHaveLength(2);
    const pushed = await ats.pushCandidate({ candidate: person('twice@example.test'), job_id: openProject().id });
    expect(pushed.status).toBe('reused');
    expect(pushed.warnings.join(' ')).toMatch(/2 candidates share this email/);
    expect(withEmail('twice@example.test')).toHaveLength(2);
  });

  it('remote_fields.jarvi.external_id and profile_fields are written with the profile and read back', async () => {
    const field = '00da911c-e3e1-46c1-86cc-0c1ec53e3213';
    const result = await ats.pushCandidate({
      candidate: person('fields@example.test'),
      job_id: openProject().id,
      remote_fields: { jarvi: { external_id: 'crm-42', profile_fields: { [field]: 'Java, Kotlin' } } },
    });
    const candidate = await ats.getCandidate(result.candidate_id);
    expect(candidate.custom_fields[field]).toBe('Java, Kotlin');
    expect(candidate.integration_fields.find((entry) => entry.key === 'externalId')?.value).toBe('crm-42');
  });
});

describe('pushCandidate', () => {
  it('creates the talent, links it to the project in the stage and uploads the CV downloaded from its URL', async () => {
    const project = openProject();
    const interview = statusNamed('Interview');
    file = await serveFile('ada-cv.pdf', Buffer.from('%PDF cv'));
    const result = await ats.pushCandidate({
      candidate: person('ada.push@example.test'),
      job_id: id('job', project.id),
      stage_id: id('stage', interview.id),
      attachments: [{ name: 'ada-cv.pdf', content_type: 'application/pdf', url: file.url }],
      dedupe: 'email',
    });
    const [created, ...others] = withEmail('ada.push@example.test');
    expect(others).toEqual([]);
    expect(result).toMatchObject({
      status: 'created',
      candidate_id: id('candidate', created!.id),
      application_id: id('application', created!.id, project.id),
      application_created: true,
      attachments: [{ name: 'ada-cv.pdf', status: 'uploaded' }],
    });
    expect(links(created!.id).map((row) => row.projectId)).toEqual([project.id]);
    const stored = sandbox.store.get('profiles', created!.id)!;
    expect(stored.statusId).toBe(interview.id);
    expect((stored.files as { file: { name: string; size: number } }[]).map((row) => [row.file.name, row.file.size])).toEqual([['ada-cv.pdf', 7]]);
    expect(result.warnings.join(' ')).toMatch(/downloaded from attachment\.url/);
    expect(file.requests).toBe(1);
  });

  it('pushed twice with a timeout in between (the create landed, its answer was late): one candidate, one application', async () => {
    const project = openProject();
    await ats.close();
    ats = connect({ timeoutMs: 150 });
    // The next write (POST /profiles, the create) is carried out but answered after the connector gave up.
    sandbox.setFaults({ slowWriteAnswers: { delayMs: 400, count: 1 } });
    const input = { candidate: person('grace.retry@example.test'), job_id: id('job', project.id), stage_id: id('stage', statusNamed('Contacted').id) };
    const first = await ats.pushCandidate(input);
    expect(first.status).toBe('created');
    expect(first.warnings.join(' ')).toMatch(/timed out, but the candidate was found afterwards/);
    const second = await ats.pushCandidate(input);
    expect(second).toMatchObject({ status: 'reused', candidate_id: first.candidate_id, application_id: first.application_id, application_created: false });
    const people = withEmail('grace.retry@example.test');
    expect(people).toHaveLength(1);
    expect(links(people[0]!.id)).toHaveLength(1);
  });

  it('a timed-out createApplication that landed is found by the lookup, not linked again', async () => {
    const project = openProject();
    const existing = notOn(project.id);
    await ats.close();
    ats = connect({ timeoutMs: 150 });
    sandbox.setFaults({ slowWriteAnswers: { delayMs: 400, count: 1 } });
    const result = await ats.pushCandidate({ candidate: person(emailOf(existing)), job_id: project.id });
    expect(result).toMatchObject({ status: 'reused', candidate_id: id('candidate', existing.id), application_created: true });
    expect(result.warnings.join(' ')).toMatch(/Creating the application timed out, but the application was found afterwards/);
    expect(links(existing.id).filter((row) => row.projectId === project.id)).toHaveLength(1);
  });

  it('reuses a talent already on the project and leaves its status alone (with a warning)', async () => {
    const row = sandbox.store.list('applications').find((record) => sandbox.store.get('profiles', String(record.profileId))?.isTalent === true)!;
    const profile = sandbox.store.get('profiles', String(row.profileId))!;
    const other = sandbox.store.list('statuses').find((status) => status.id !== profile.statusId)!;
    const result = await ats.pushCandidate({ candidate: person(emailOf(profile)), job_id: String(row.projectId), stage_id: other.id });
    expect(result).toMatchObject({ status: 'reused', candidate_id: id('candidate', profile.id), application_id: id('application', profile.id, String(row.projectId)), application_created: false });
    expect(result.warnings.join(' ')).toMatch(/already applied to this job: the application was left in its current stage/);
    expect(sandbox.store.get('profiles', profile.id)!.statusId).toBe(profile.statusId);
  });
});
