/**
 * The Teamtailor connector against the Teamtailor sandbox (a fake JSON:API on loopback): full and
 * delta syncs, request counts at scale, and bad provider data (B3, B5, B8).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/testing/index.js';
import type { Page } from '../../../src/core/stream.js';
import { ApplicationSchema, CandidateSchema, type Candidate } from '../../../src/models/index.js';
import { collect } from './fixture-server.js';
import { sandboxConnector, type SandboxConnector } from './sandbox-helpers.js';

let sandbox: Sandbox | undefined;
let ats: SandboxConnector | undefined;
afterEach(async () => {
  await ats?.close();
  await sandbox?.close();
  ats = undefined;
  sandbox = undefined;
});

/** Stored candidates in the order the connector asks for them (`sort=updated-at`). */
const byUpdatedAt = (box: Sandbox) => [...box.store.list('candidates')].sort((a, b) => a.updated_at - b.updated_at || Number(a.id) - Number(b.id));

describe('full and delta sync', () => {
  it('syncCandidates returns every sandbox candidate, fully mapped, with remote_data', async () => {
    sandbox = await startSandbox('teamtailor', { records: 75, seed: 3 });
    ats = sandboxConnector(sandbox);
    const candidates = await collect(ats.connector.syncCandidates());
    const stored = sandbox.store.list('candidates');
    expect(candidates).toHaveLength(stored.length);
    expect(new Set(candidates.map((candidate) => candidate.remote_id))).toEqual(new Set(stored.map((record) => record.id)));
    for (const candidate of candidates) {
      expect(() => CandidateSchema.parse(candidate)).not.toThrow();
      const raw = candidate.remote_data as { id: string; attributes: Record<string, unknown> };
      expect(raw.id).toBe(candidate.remote_id);
      const record = sandbox.store.get('candidates', candidate.remote_id)!;
      expect(candidate.first_name).toBe(record['first-name']);
      expect(candidate.email_addresses[0]?.email_address).toBe(record.email);
      expect(candidate.custom_fields).toHaveProperty('notice_period');
      expect(candidate.remote_updated_at).toBe(new Date(record.updated_at).toISOString());
    }
  });

  it('with since: the request carries filter[updated-at][from] and only changed candidates return', async () => {
    sandbox = await startSandbox('teamtailor', { records: 60, seed: 4 });
    ats = sandboxConnector(sandbox);
    const since = new Date(sandbox.now());
    const changed = sandbox.store.list('candidates').slice(10, 13).map((record) => record.id);
    for (const id of changed) sandbox.update('candidates', id, { 'first-name': 'Changed' });
    const candidates = await collect(ats.connector.syncCandidates(since));
    expect(candidates.map((candidate) => candidate.remote_id).sort()).toEqual([...changed].sort());
    expect(candidates.every((candidate) => candidate.first_name === 'Changed')).toBe(true);
    expect(ats.requests[0]).toContain(`filter[updated-at][from]=${new Date(Math.floor(since.getTime() / 1000) * 1000).toISOString().slice(0, 19)}`);
    expect(ats.requests.every((request) => request.includes('filter[updated-at][from]='))).toBe(true);
  });

  it('syncApplications(since) returns only the application whose stage moved', async () => {
    sandbox = await startSandbox('teamtailor', { records: 40, seed: 5 });
    ats = sandboxConnector(sandbox);
    const since = sandbox.now();
    const application = sandbox.store.list('job-applications')[7]!;
    sandbox.update('job-applications', application.id, {});
    const applications = await collect(ats.connector.syncApplications(new Date(since).toISOString()));
    expect(applications.map((item) => item.remote_id)).toEqual([application.id]);
    expect(ats.requests[0]).toContain('filter[updated-at][from]=');
  });
});

describe('request counts at scale', () => {
  it('5,000 candidates and 5,000 applications take at most ceil(5000/29) + 3 requests each (time keyset)', async () => {
    sandbox = await startSandbox('teamtailor', { records: 5_000, seed: 6 });
    ats = sandboxConnector(sandbox);
    // Time-keyset paging (docs/decisions/0004) re-reads each page's boundary record, so a page
    // brings 29 new records, not 30: ceil(5000/30) + 3 = 170 would fail by 3 (173 measured).
    const budget = Math.ceil(5_000 / 29) + 3;

    let candidates = 0;
    for await (const candidate of ats.connector.syncCandidates()) {
      if (candidate.remote_data) candidates += 1;
    }
    expect(candidates).toBe(5_000);
    const candidateRequests = sandbox.stats.byRoute.get('GET /candidates') ?? 0;
    expect(candidateRequests).toBeLessThanOrEqual(budget);

    const seen = new Set<string>();
    for await (const application of ats.connector.syncApplications()) seen.add(application.remote_id);
    expect(seen.size).toBe(5_000);
    const applicationRequests = sandbox.stats.byRoute.get('GET /job-applications') ?? 0;
    expect(applicationRequests).toBeLessThanOrEqual(budget);
    // Every list request asks for the maximum page size.
    expect(ats.requests.every((request) => request.includes('page[size]=30'))).toBe(true);
    expect(sandbox.stats.requests).toBe(candidateRequests + applicationRequests);
  }, 60_000);
});

describe('bad provider data', () => {
  it('B3: one candidate with a wrong type in a page of 30 is quarantined with paths only; 29 are delivered', async () => {
    sandbox = await startSandbox('teamtailor', { records: 60, seed: 7 });
    ats = sandboxConnector(sandbox);
    const victim = byUpdatedAt(sandbox)[4]!;
    // Direct store mutation: the record keeps its place (no updated_at bump), as corrupt data would.
    victim['first-name'] = { secret: 'SENSITIVE-VALUE' };
    const pages = ats.connector.syncCandidates().pages();
    const iterator = pages[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as Page<Candidate>;
    await iterator.return?.();
    expect(first.records).toHaveLength(29);
    expect(first.quarantined).toHaveLength(1);
    const [quarantined] = first.quarantined;
    expect(quarantined!.remote_id).toBe(victim.id);
    expect(quarantined!.reason).toBe('wire_schema');
    expect(quarantined!.issues.map((issue) => issue.path.join('.'))).toContain('attributes.first-name');
    expect(JSON.stringify(first.quarantined)).not.toContain('SENSITIVE-VALUE');
    expect(first.records.some((record) => record.remote_id === victim.id)).toBe(false);
  });

  it('B3: a wrong type in an included resource does not drop the candidate (the custom field is left out)', async () => {
    sandbox = await startSandbox('teamtailor', { records: 5, seed: 8 });
    ats = sandboxConnector(sandbox);
    const value = sandbox.store.list('custom-field-values')[0]!;
    value.attributes = 'not-an-object';
    value.rel = 'broken';
    const candidates = await collect(ats.connector.syncCandidates());
    expect(candidates).toHaveLength(5);
  });

  it('B5: extra unknown fields are accepted and kept in remote_data only', async () => {
    sandbox = await startSandbox('teamtailor', { records: 10, seed: 9 });
    ats = sandboxConnector(sandbox);
    const target = sandbox.store.list('candidates')[2]!;
    sandbox.update('candidates', target.id, { 'hologram-profile': { url: 'https://holo.example/x', level: 3 }, 'ai-score': 0.93 });
    const application = sandbox.store.list('job-applications')[2]!;
    sandbox.update('job-applications', application.id, { 'nps-score': 9 });
    const candidate = (await collect(ats.connector.syncCandidates())).find((item) => item.remote_id === target.id)!;
    expect(CandidateSchema.parse(candidate)).toBeTruthy();
    expect((candidate.remote_data as { attributes: Record<string, unknown> }).attributes).toMatchObject({ 'ai-score': 0.93, 'hologram-profile': { level: 3 } });
    expect(Object.keys(candidate)).not.toContain('ai-score');
    const mapped = (await collect(ats.connector.syncApplications())).find((item) => item.remote_id === application.id)!;
    expect(ApplicationSchema.parse(mapped)).toBeTruthy();
    expect((mapped.remote_data as { attributes: Record<string, unknown> }).attributes['nps-score']).toBe(9);
  });

  it('B8: __proto__ and constructor.prototype keys in a payload leave Object.prototype unchanged', async () => {
    sandbox = await startSandbox('teamtailor', { records: 10, seed: 10 });
    ats = sandboxConnector(sandbox);
    const target = sandbox.store.list('candidates')[1]!;
    // Own enumerable keys named __proto__ / constructor, exactly as JSON text would carry them.
    Object.defineProperty(target, '__proto__', { value: { polluted: 'yes', 'first-name': 'Injected' }, enumerable: true, configurable: true, writable: true });
    Object.assign(target, { constructor: { prototype: { polluted: 'yes' } } });
    const value = sandbox.store.list('custom-field-values')[1]!;
    Object.defineProperty(value, '__proto__', { value: { polluted: 'yes' }, enumerable: true, configurable: true, writable: true });
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const candidates = await collect(ats.connector.syncCandidates());
    expect(candidates).toHaveLength(10);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const mapped = candidates.find((candidate) => candidate.remote_id === target.id)!;
    expect((mapped as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(mapped.first_name).toBe(target['first-name']);
    expect(Object.getPrototypeOf(mapped)).toBe(Object.prototype);
    for (const candidate of candidates) expect((candidate.custom_fields as Record<string, unknown>).polluted).toBeUndefined();
  });
});
