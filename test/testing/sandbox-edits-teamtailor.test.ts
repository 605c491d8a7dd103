/**
 * The sandbox framework's typed edits and base path (#18.9), on the Teamtailor sandbox: a
 * `baseUrl` without `/v1` reaches nothing (as on a real account), and `editCandidate`, `editJob`,
 * `moveApplication`, `removeCandidate` change data in unified terms and return the ids the
 * connector's `remote_id` fields carry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../src/core/errors.js';
import { startSandbox, type Sandbox } from '../../src/testing/index.js';
import { collect } from '../connectors/teamtailor/fixture-server.js';
import { sandboxConnector, type SandboxConnector } from '../connectors/teamtailor/sandbox-helpers.js';

let sandbox: Sandbox<'teamtailor'> | undefined;
let ats: SandboxConnector | undefined;
afterEach(async () => {
  await ats?.close();
  await sandbox?.close();
  ats = undefined;
  sandbox = undefined;
});

describe('base path', () => {
  it('a baseUrl without /v1 gets a typed NotFoundError, not data', async () => {
    sandbox = await startSandbox('teamtailor', { records: 5, seed: 1 });
    const origin = new URL(sandbox.url).origin;
    expect(sandbox.url).toBe(`${origin}/v1`);
    ats = sandboxConnector({ url: origin });
    const error = await collect(ats.connector.syncCandidates()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
    expect((error as NotFoundError).code).toBe('404');
    const status = await ats.connector.checkConnection();
    expect(status.status).not.toBe('connected');
    expect(status.detail).toContain('404');
  });

  it('the prefix must be a whole path segment (/v1x is not /v1) and the same key reads data under /v1', async () => {
    sandbox = await startSandbox('teamtailor', { records: 5, seed: 1 });
    const origin = new URL(sandbox.url).origin;
    const headers = { authorization: 'Token token=tt-sandbox-key', 'x-api-version': '20240404' };
    const wrong = await fetch(`${origin}/v1x/candidates`, { headers });
    expect(wrong.status).toBe(404);
    await wrong.body?.cancel();
    const right = await fetch(`${sandbox.url}/candidates`, { headers });
    expect(right.status).toBe(200);
    expect(((await right.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });
});

describe('typed edits return remote ids', () => {
  it('editCandidate by remote id writes unified fields; a delta sync sees them on the same remote_id', async () => {
    sandbox = await startSandbox('teamtailor', { records: 12, seed: 2 });
    ats = sandboxConnector(sandbox);
    const before = await collect(ats.connector.syncCandidates());
    const target = before[4]!;
    const since = new Date(sandbox.now());
    const returned = sandbox.editCandidate(target.remote_id, { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone: '+46700000001' });
    expect(returned).toBe(target.remote_id);
    const changed = await collect(ats.connector.syncCandidates(since));
    expect(changed.map((candidate) => candidate.remote_id)).toEqual([target.remote_id]);
    expect(changed[0]).toMatchObject({ id: target.id, first_name: 'Ada', last_name: 'Lovelace' });
    expect(changed[0]!.email_addresses[0]?.email_address).toBe('ada@example.com');
    expect(changed[0]!.phone_numbers[0]?.phone_number).toBe('+46700000001');
  });

  it('editCandidate by position without changes appends -edited to the first name of that candidate', async () => {
    sandbox = await startSandbox('teamtailor', { records: 12, seed: 2 });
    ats = sandboxConnector(sandbox);
    const third = sandbox.store.list('candidates')[3]!;
    const since = new Date(sandbox.now());
    const returned = sandbox.editCandidate(3);
    expect(returned).toBe(third.id);
    const changed = await collect(ats.connector.syncCandidates(since));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.remote_id).toBe(returned);
    expect(changed[0]!.first_name).toBe(`${String(third['first-name']).replace(/-edited$/, '')}-edited`);
  });

  it('editJob renames and changes the unified status; the sync reads them back on the returned remote id', async () => {
    sandbox = await startSandbox('teamtailor', { records: 12, seed: 2 });
    ats = sandboxConnector(sandbox);
    const jobs = await collect(ats.connector.syncJobs());
    const open = jobs.find((job) => job.status === 'OPEN')!;
    const renamed = sandbox.editJob(open.remote_id, { name: 'Staff Engineer' });
    const archived = sandbox.editJob(open.remote_id, { status: 'ARCHIVED' });
    expect([renamed, archived]).toEqual([open.remote_id, open.remote_id]);
    const second = jobs.find((job) => job.status === 'OPEN' && job.remote_id !== open.remote_id)!;
    expect(sandbox.editJob(second.remote_id, { status: 'CLOSED' })).toBe(second.remote_id);
    const after = await collect(ats.connector.syncJobs());
    expect(after.find((job) => job.remote_id === open.remote_id)).toMatchObject({ name: 'Staff Engineer', status: 'ARCHIVED' });
    expect(after.find((job) => job.remote_id === second.remote_id)?.status).toBe('CLOSED');
    const firstStored = sandbox.store.list('jobs')[0]!;
    expect(sandbox.editJob(0)).toBe(firstStored.id);
    expect(sandbox.store.get('jobs', firstStored.id)?.title).toMatch(/ \(edited\)$/);
  });

  it('moveApplication returns the application remote id and the sync shows the new stage', async () => {
    sandbox = await startSandbox('teamtailor', { records: 12, seed: 2 });
    ats = sandboxConnector(sandbox);
    const applications = await collect(ats.connector.syncApplications());
    const stages = await collect(ats.connector.syncJobStages());
    const application = applications[0]!;
    const target = stages.find((stage) => stage.job_id === application.job_id && stage.stage_id !== application.current_stage_id)!;
    expect(sandbox.moveApplication(application.remote_id, target.remote_id)).toBe(application.remote_id);
    const moved = await ats.connector.getApplication(application.id);
    expect(moved.current_stage_id).toBe(target.stage_id);
    // The bare Teamtailor stage id works too.
    const back = stages.find((stage) => stage.job_id === application.job_id && stage.stage_id === application.current_stage_id)!;
    sandbox.moveApplication(application.remote_id, back.remote_id.split(":")[1]!);
    expect((await ats.connector.getApplication(application.id)).current_stage_id).toBe(application.current_stage_id);
    const foreign = stages.find((stage) => stage.job_id !== application.job_id)!;
    expect(() => sandbox!.moveApplication(application.remote_id, foreign.remote_id)).toThrow(/is not a stage of job/);
  });

  it('removeCandidate (and its alias deleteCandidate) return the remote id; the candidate is gone', async () => {
    sandbox = await startSandbox('teamtailor', { records: 12, seed: 2 });
    ats = sandboxConnector(sandbox);
    const candidates = await collect(ats.connector.syncCandidates());
    const [first, second] = candidates as [(typeof candidates)[0], (typeof candidates)[0]];
    expect(sandbox.removeCandidate(first.remote_id)).toBe(first.remote_id);
    expect(sandbox.deleteCandidate(second.remote_id)).toBe(second.remote_id);
    await expect(ats.connector.getCandidate(first.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ats.connector.getCandidate(second.id)).rejects.toBeInstanceOf(NotFoundError);
    const left = await collect(ats.connector.syncCandidates());
    expect(left.map((candidate) => candidate.remote_id)).not.toContain(first.remote_id);
    expect(left).toHaveLength(candidates.length - 2);
    const applications = await collect(ats.connector.syncApplications());
    expect(applications.some((application) => application.candidate_id === first.id)).toBe(false);
  });

  it('unknown targets are plain errors naming what is missing', async () => {
    sandbox = await startSandbox('teamtailor', { records: 3, seed: 2 });
    const box = sandbox;
    expect(() => box.editCandidate('999999', { first_name: 'x' })).toThrow(/No candidate with remote id "999999"/);
    expect(() => box.editCandidate(50)).toThrow(/no candidate #50/);
    expect(() => box.editCandidate(-1)).toThrow(/non-negative integer/);
    expect(() => box.editJob('nope')).toThrow(/No job with remote id "nope"/);
    expect(() => box.removeCandidate('999999')).toThrow(/No candidate 999999/);
    expect(() => box.moveApplication('999999', '1')).toThrow(/No job application 999999/);
  });
});

describe('request log', () => {
  it('keeps method, path without /v1, query, body and headers, never the credentials; resetStats empties it', async () => {
    sandbox = await startSandbox('teamtailor', { records: 3, seed: 2 });
    const headers = { authorization: 'Token token=tt-sandbox-key', 'x-api-version': '20240404', 'content-type': 'application/vnd.api+json', 'x-api-key': 'k', 'x-request-token': 't' };
    await (await fetch(`${sandbox.url}/candidates?page[size]=2`, { headers })).body?.cancel();
    await (await fetch(`${sandbox.url}/notes`, { method: 'POST', headers, body: JSON.stringify({ data: { type: 'notes' } }) })).body?.cancel();
    expect(sandbox.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'GET', path: '/candidates', body: null },
      { method: 'POST', path: '/notes', body: { data: { type: 'notes' } } },
    ]);
    expect(sandbox.requests[0]!.query.get('page[size]')).toBe('2');
    for (const request of sandbox.requests) {
      expect(request.headers['x-api-version']).toBe('20240404');
      expect(Object.keys(request.headers).filter((name) => /authorization|key|token/.test(name))).toEqual([]);
      expect(JSON.stringify(request.headers)).not.toContain('tt-sandbox-key');
    }
    sandbox.resetStats();
    expect(sandbox.requests).toEqual([]);
  });
});
