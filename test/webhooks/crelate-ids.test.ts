/**
 * Crelate webhook events name records with the ids the Crelate connector's sync delivers (GUIDs
 * lower-cased), checked against records synced from the Crelate sandbox. Crelate's payload shape
 * is inferred (its docs show none), so the body here uses the inferred field names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Candidate, Job } from '../../src/models/index.js';
import { parseWebhook } from '../../src/webhooks/index.js';
import { collect, startCrelate } from '../connectors/crelate/helpers.js';

let harness: Awaited<ReturnType<typeof startCrelate>>;
let candidates: Candidate[];
let jobs: Job[];

beforeAll(async () => {
  harness = await startCrelate({ records: 6 });
  candidates = await collect(harness.connector.syncCandidates());
  jobs = await collect(harness.connector.syncJobs());
});
afterAll(() => harness.close());

describe('Crelate webhook ids', () => {
  it('match the synced candidate and job ids, whatever the GUID case', () => {
    const candidate = candidates[0] as Candidate;
    const job = jobs[0] as Job;
    const [contactEvent, jobEvent] = parseWebhook('crelate', [
      { EntityName: 'Contacts', OperationType: 'Update', Id: candidate.remote_id.toUpperCase() },
      { EntityName: 'Jobs', OperationType: 'Delete', Id: job.remote_id },
    ]);
    expect(contactEvent).toMatchObject({ model: 'candidates', kind: 'updated', id: candidate.id, remote_id: candidate.remote_id });
    expect(jobEvent).toMatchObject({ model: 'jobs', kind: 'deleted', id: job.id, remote_id: job.remote_id });
  });
});
