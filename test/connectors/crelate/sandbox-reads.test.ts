/**
 * The Crelate connector against the Crelate sandbox (a fake api3 on loopback): full and delta
 * syncs of every supported model, request counts, B3, unsupported models, and the X1 canary.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, UnsupportedError } from '../../../src/core/errors.js';
import { assertNoCanary, canarySecret } from '../../../src/testing/canary.js';
import { modelSchemas } from '../../../src/models/index.js';
import { collect, startCrelate, type Harness } from './helpers.js';
import type { Sandbox } from '../../../src/testing/sandbox/server.js';

let run: (Harness & { sandbox: Sandbox }) | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

const candidatesIn = (sandbox: Sandbox) => sandbox.store.list('contacts').filter((contact) => (Number(contact.RecordType) & 1) === 1);

describe('full and delta sync', () => {
  it('syncCandidates returns every candidate contact (not client contacts), schema-valid with remote_data', async () => {
    run = await startCrelate({ records: 150, seed: 3 });
    const candidates = await collect(run.connector.syncCandidates());
    const stored = candidatesIn(run.sandbox);
    expect(stored).toHaveLength(150);
    expect(run.sandbox.store.count('contacts')).toBeGreaterThan(150);
    expect(new Set(candidates.map((candidate) => candidate.remote_id))).toEqual(new Set(stored.map((contact) => contact.id)));
    for (const candidate of candidates) {
      expect(modelSchemas.candidates.safeParse(candidate).success).toBe(true);
      const record = run.sandbox.store.get('contacts', candidate.remote_id)!;
      expect(candidate.first_name).toBe(record.FirstName);
      expect(candidate.email_addresses[0]?.email_address).toBe((record.EmailAddresses_Personal as { Value: string }).Value);
      expect(candidate.remote_updated_at).toBe(new Date(record.updated_at).toISOString());
      expect((candidate.remote_data as { Id: string }).Id).toBe(record.id);
    }
  });

  it('with since: the request carries modified_after and only the changed candidates return', async () => {
    run = await startCrelate({ records: 120, seed: 4 });
    const since = new Date(run.sandbox.now());
    const changed = candidatesIn(run.sandbox).slice(10, 13).map((contact) => contact.id);
    for (const id of changed) run.sandbox.update('contacts', id, { FirstName: 'Changed' });
    const candidates = await collect(run.connector.syncCandidates(since));
    expect(candidates.map((candidate) => candidate.remote_id).sort()).toEqual([...changed].sort());
    expect(candidates.every((candidate) => candidate.first_name === 'Changed')).toBe(true);
    expect(run.requests).toEqual([`GET /contacts?modified_after=${new Date(Math.floor(since.getTime() / 1000) * 1000 - 1000).toISOString().replace('.000Z', 'Z')}&offset=0&limit=100`]);
  });

  it('every supported model reads schema-valid records; statuses of another workflow are left out', async () => {
    run = await startCrelate({ records: 60, seed: 5 });
    const jobs = run.sandbox.store.count('jobs');
    const counts: Record<string, number> = {};
    for (const model of ['jobs', 'job_postings', 'hiring_team', 'application_stages', 'job_stages', 'applications', 'tags'] as const) {
      const records = await collect(run.connector.syncModel(model));
      for (const record of records) expect(modelSchemas[model].safeParse(record).success).toBe(true);
      counts[model] = records.length;
    }
    // Two job workflow types in use (recruiting and executive search), five statuses each.
    expect(counts).toMatchObject({ jobs, application_stages: 10, job_stages: jobs * 5, applications: 60, tags: 3 });
    expect(counts.job_postings).toBeGreaterThan(0);
    expect(counts.hiring_team).toBeGreaterThanOrEqual(jobs);
  });

  it('applications delta re-reads open jobs only (plus recently modified ones) and returns the moved item', async () => {
    run = await startCrelate({ records: 80, seed: 6 });
    const since = run.sandbox.now();
    const item = run.sandbox.store.list('pipeline').find((entry) => !run!.sandbox.store.get('jobs', String(entry._jobId))!.ClosedOn)!;
    const contactBefore = run.sandbox.store.get('contacts', String(item._contactId))!.updated_at;
    run.sandbox.update('pipeline', item.id, { _statusId: run.sandbox.store.list('workflowstatuses')[2]!.id });
    // Quirk 8: the move does not touch the contact.
    expect(run.sandbox.store.get('contacts', String(item._contactId))!.updated_at).toBe(contactBefore);
    const applications = await collect(run.connector.syncApplications(new Date(since).toISOString()));
    expect(applications.map((application) => application.remote_id)).toEqual([item.id]);
    const openJobs = run.sandbox.store.list('jobs').filter((job) => !job.ClosedOn).length;
    expect(run.sandbox.stats.byRoute.get('GET /jobs/:id/contacts')).toBe(openJobs);
  });
});

describe('request counts', () => {
  it('a full candidate sync of 1,000 candidates takes ceil(contacts / 100) requests', async () => {
    run = await startCrelate({ records: 1_000, seed: 7 });
    run.sandbox.resetStats();
    let count = 0;
    for await (const candidate of run.connector.syncCandidates()) if (candidate.remote_data) count += 1;
    expect(count).toBe(1_000);
    const contacts = run.sandbox.store.count('contacts');
    expect(run.sandbox.stats.byRoute.get('GET /contacts')).toBe(Math.ceil(contacts / 100));
    expect(run.sandbox.stats.requests).toBeLessThanOrEqual(Math.ceil(1_000 / 100) + 3);
  });
});

describe('bad data and unsupported models', () => {
  it('B3: one broken contact in a page is quarantined with its issue path, the rest delivered', async () => {
    run = await startCrelate({ records: 40, seed: 8 });
    const broken = candidatesIn(run.sandbox)[5]!;
    run.sandbox.update('contacts', broken.id, { FirstName: 42 });
    const pages = await collect(run.connector.syncCandidates().pages());
    const records = pages.flatMap((page) => page.records);
    const quarantined = pages.flatMap((page) => page.quarantined);
    expect(records).toHaveLength(39);
    expect(quarantined).toEqual([{ remote_id: broken.id, reason: 'wire_schema', issues: [{ path: ['FirstName'], code: 'invalid_type' }] }]);
  });

  it('users, interviews, interviewers and rejection reasons throw UnsupportedError with the capability note', async () => {
    run = await startCrelate({ records: 5 });
    const streams: AsyncIterable<unknown>[] = [run.connector.syncUsers(), run.connector.syncInterviews(), run.connector.syncInterviewers(), run.connector.syncRejectionReasons()];
    for (const stream of streams) {
      const error = await collect(stream).then(() => null, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnsupportedError);
      expect((error as Error).message).toMatch(/^crelate does not support sync\w+: .{20,}/);
    }
    expect(run.sandbox.stats.requests).toBe(0);
  });

  it('X1: a wrong key gives AuthError and the key appears in no error, inspect output or connector', async () => {
    const key = canarySecret('crelate');
    run = await startCrelate({ records: 5 }, { apiKey: key });
    const error = await collect(run.connector.syncCandidates()).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    assertNoCanary(error, key);
    assertNoCanary(inspect(run.connector, { depth: Infinity, showHidden: true }), key);
    expect((await run.connector.checkConnection()).status).toBe('invalid_credentials');
  });
});
