/**
 * The Flatchr sandbox's typed edits take and return remote ids: the ids the connector puts in
 * `remote_id` (issue: `editCandidate()` returned the sandbox's storage id, which no synced record carries).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src/testing/sandbox/random.js';
import type { SandboxContext } from '../../../src/testing/sandbox/types.js';
import { flatchrEdits } from '../../../src/testing/sandboxes/flatchr/edits.js';
import { flatchrSandbox } from '../../../src/testing/sandboxes/flatchr/sandbox.js';
import { collect, sandboxConnector } from './helpers.js';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function setup(connector: Parameters<typeof sandboxConnector>[0] = {}) {
  const built = await sandboxConnector({ records: 15, seed: 5, ...connector });
  cleanup = built.close;
  const context = { store: built.sandbox.store, now: built.sandbox.now, random: new SeededRandom(1) } as SandboxContext;
  return { ...built, context };
}

describe('flatchr sandbox edits return remote ids', () => {
  it('the provider carries the typed hooks', () => {
    expect((flatchrSandbox as { edits?: unknown }).edits).toBe(flatchrEdits);
  });

  it('editCandidate(position) returns the Candidate.remote_id of the edited person', async () => {
    const { sandbox, connector } = await setup();
    const before = { ...sandbox.store.list('candidates')[2]! };
    const remoteId = sandbox.editCandidate(2);
    expect(remoteId).toBe(String(before.email).toLowerCase());
    const candidate = (await collect(connector.syncCandidates())).find((c) => c.remote_id === remoteId);
    expect(candidate?.first_name).toBe(`${String(before.firstname)}-edited`);
  });

  it('editCandidate by remote id with unified changes; a new email is the new remote id', async () => {
    const { sandbox, connector, context } = await setup();
    const stored = sandbox.store.list('candidates')[4]!;
    const newId = flatchrEdits.editCandidate(context, String(stored.email).toUpperCase(), { last_name: 'Hopper', email: 'Grace.New@Example.test', phone: '+33 1 02 03 04 05' });
    expect(newId).toBe('grace.new@example.test');
    const candidate = await connector.getCandidate(newId);
    expect(candidate).toMatchObject({ remote_id: newId, last_name: 'Hopper', phone_numbers: [{ phone_number: '+33 1 02 03 04 05', type: null }] });
  });

  it('editJob returns the Job.remote_id; name and status are written as Flatchr keeps them', async () => {
    const { sandbox, connector, context } = await setup();
    const vacancy = sandbox.store.list('vacancies')[1]!;
    const title = String(vacancy.title);
    expect(flatchrEdits.editJob(context, 1, {})).toBe(vacancy.id);
    expect((await connector.getJob(vacancy.id)).name).toBe(`${title} (edited)`);
    expect(flatchrEdits.editJob(context, vacancy.id, { name: 'Data engineer', status: 'CLOSED' })).toBe(vacancy.id);
    expect(await connector.getJob(vacancy.id)).toMatchObject({ remote_id: vacancy.id, name: 'Data engineer', status: 'CLOSED' });
    expect(() => flatchrEdits.editJob(context, vacancy.id, { status: 'DRAFT' })).toThrow(/OPEN.*CLOSED/);
    expect(() => flatchrEdits.editJob(context, 'nope', {})).toThrow(/No vacancy/);
  });

  it('moveApplication takes and returns the Application.remote_id and the stage remote id', async () => {
    const { connector, context } = await setup();
    const [application] = await collect(connector.syncApplications());
    const stages = await collect(connector.syncApplicationStages());
    const target = stages.find((stage) => stage.id !== application!.current_stage_id)!;
    expect(flatchrEdits.moveApplication(context, application!.remote_id, target.remote_id)).toBe(application!.remote_id);
    expect((await connector.getApplication(application!.id)).current_stage_id).toBe(target.id);
  });

  it('removeCandidate (and deleteCandidate) take the Candidate.remote_id and return it', async () => {
    const { sandbox, connector, context } = await setup();
    const candidates = await collect(connector.syncCandidates());
    const [first, second] = candidates;
    expect(flatchrEdits.removeCandidate(context, first!.remote_id)).toBe(first!.remote_id);
    sandbox.deleteCandidate(second!.remote_id);
    const left = (await collect(connector.syncCandidates())).map((c) => c.remote_id);
    expect(left).not.toContain(first!.remote_id);
    expect(left).not.toContain(second!.remote_id);
    expect(left).toHaveLength(candidates.length - 2);
    expect(() => flatchrEdits.removeCandidate(context, 'nobody@example.test')).toThrow(/No candidate/);
  });
});

describe('flatchr sandbox wire: job fields and questions', () => {
  it('getJob asks fields=…,questions and maps the seeded questions, salary range and address', async () => {
    const { sandbox, connector } = await setup();
    const vacancy = sandbox.store.list('vacancies')[0]!;
    const job = await connector.getJob(vacancy.id);
    expect(job).toMatchObject({ salary_amount_from: 45000, salary_amount_to: 55000, salary_period: 'YEAR', employment_type: 'FULL_TIME', remote_work_status: 'ON_SITE', experience_level: 'Less than 1 year', location: { zip_code: '75001', street_1: '1 Rue de Rivoli' } });
    expect(job.screening_questions.map((q) => [q.remote_id, q.type, q.options.map((o) => o.name)])).toEqual([
      ['530', 'BOOLEAN', []],
      ['600', 'MULTI_SELECT', ['Anglais', 'Espagnol']],
    ]);
    // The list endpoint does not take `questions`: synced jobs have none.
    const synced = (await collect(connector.syncJobs())).find((j) => j.remote_id === vacancy.id);
    expect(synced?.screening_questions).toEqual([]);
  });
});

describe('flatchr getApplicationAttachments', () => {
  it('lists the CV and the comment files of that applicant only, owned by the application', async () => {
    // Comment files are pre-signed URLs, here on the loopback sandbox: downloads refuse loopback unless allowed.
    const { sandbox, connector } = await setup({ connector: { downloads: { allowPrivateNetwork: true } } });
    const applications = (await collect(connector.syncApplications())).filter((a) => a.outcome === 'PENDING');
    const [target, other] = applications;
    await connector.addAttachmentToApplication({ application_id: target!.id, attachment: { name: 'scorecard.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF s') } });
    await connector.addAttachmentToApplication({ application_id: other!.id, attachment: { name: 'other.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF o') } });
    const files = await connector.getApplicationAttachments({ application_id: target!.id });
    expect(files.map((file) => [file.type, file.owner, file.owner_id])).toEqual([
      ['CV', 'application', target!.id],
      ['OTHER', 'application', target!.id],
    ]);
    expect(files[1]?.file_name).toBe('scorecard.pdf');
    const chunks: Uint8Array[] = [];
    for await (const chunk of await files[1]!.download()) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toMatch(/sandbox file comments\/.*scorecard\.pdf/);
    expect(sandbox.store.count('comments')).toBe(2);
  });
});
