/**
 * The model fields Crelate exposes (issue 19) through the sandbox: job visibility, employment type,
 * full location and app URL; candidate location and app URL; create inputs written where Crelate
 * takes them (location) and warned about where not; the attachment type choosing the primary
 * upload; offers and roles unsupported with their reasons.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../../src/core/errors.js';
import { encodeId } from '../../../src/core/ids.js';
import type { Sandbox } from '../../../src/testing/sandbox/server.js';
import { collect, startCrelate, type Harness } from './helpers.js';

let run: (Harness & { sandbox: Sandbox }) | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('job fields', () => {
  it('visibility from OnPortal/IsHidden, employment type from unambiguous job types only, location with zip, remote_url', async () => {
    run = await startCrelate({ records: 20, seed: 51 });
    const jobs = await collect(run.connector.syncJobs());
    for (const job of jobs) {
      const stored = run.sandbox.store.get('jobs', job.remote_id)!;
      expect(job.visibility).toBe(stored.OnPortal === true && stored.IsHidden !== true ? 'PUBLIC' : 'INTERNAL');
      const type = (stored.JobTypeIds as { Title: string }[])[0]!.Title;
      // "Direct Hire" says permanent, not full- or part-time: not invented.
      expect(job.employment_type).toBe(type === 'Contract' ? 'CONTRACT' : null);
      expect(job.location).toMatchObject({ city: 'Chicago', state: 'IL', zip_code: '60654', name: 'Chicago, IL' });
      expect(job.remote_url).toBe(`https://app.crelate.com/go#stage/_Jobs/DefaultView/${stored.id}/summary`);
      expect(job.salary_amount).toBeNull();
    }
    expect(new Set(jobs.map((job) => job.employment_type))).toEqual(new Set(['CONTRACT', null]));
  });
});

describe('candidate fields and create inputs', () => {
  it('location from the primary address slot; remote_url is the contact page', async () => {
    run = await startCrelate({ records: 20, seed: 52 });
    const candidates = await collect(run.connector.syncCandidates());
    const withAddress = candidates.filter((candidate) => run!.sandbox.store.get('contacts', candidate.remote_id)!.Addresses_Home);
    expect(withAddress.length).toBeGreaterThan(0);
    for (const candidate of candidates) {
      const stored = run.sandbox.store.get('contacts', candidate.remote_id)!;
      const address = stored.Addresses_Home as { Line1: string } | null;
      expect(candidate.location).toEqual(
        address ? { name: 'Chicago, IL', street_1: address.Line1, street_2: null, city: 'Chicago', state: 'IL', zip_code: '60654', country: 'United States', raw: null } : null,
      );
      expect(candidate.remote_url).toBe(`https://app.crelate.com/go#stage/_Contacts/DefaultView/${stored.id}/summary`);
    }
  });

  it('createCandidate writes street, city, state and zip to Addresses_Home; country, availability and salary come back as warnings', async () => {
    run = await startCrelate({ records: 5, seed: 53 });
    const result = await run.connector.createCandidate({
      candidate: {
        first_name: 'Ann',
        last_name: 'Lee',
        email_addresses: [{ email_address: 'ann.location@example.test' }],
        location: { street_1: '18 W Erie St', city: 'Chicago', state: 'IL', zip_code: '60654', country: 'US' },
        availability_date: '2026-09-01',
        salary_expectations: { amount: 90_000, currency: 'USD', period: 'YEAR' },
      },
    });
    expect(run.sandbox.store.get('contacts', result.candidate.remote_id)?.Addresses_Home).toEqual({ Line1: '18 W Erie St', City: 'Chicago', State: 'IL', ZipCode: '60654', IsPrimary: true });
    expect(result.candidate.location).toMatchObject({ city: 'Chicago', zip_code: '60654', country: null });
    const text = result.warnings.join('\n');
    expect(text).toContain('candidate.location.country was not written');
    expect(text).toContain('candidate.availability_date was not written');
    expect(text).toContain('candidate.salary_expectations was not written');
    expect(text).not.toContain('candidate.location was not written');
  });

  it('the attachment type decides the primary upload: a CV named anything is primary, a cover letter named resume is not', async () => {
    run = await startCrelate({ records: 5, seed: 54 });
    const contact = run.sandbox.store.list('contacts').find((record) => Number(record.RecordType) & 1)!;
    const candidate_id = encodeId('crelate', 'candidate', contact.id);
    await run.connector.addAttachmentToCandidate({ candidate_id, attachment: { name: 'ann.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF'), type: 'CV' } });
    await run.connector.addAttachmentToCandidate({ candidate_id, attachment: { name: 'resume-cover.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF'), type: 'COVER_LETTER' } });
    expect(run.requests.filter((request) => request.startsWith('POST')).map((request) => request.split('?')[0])).toEqual(['POST /artifacts/primary', 'POST /artifacts']);
  });
});

describe('offers and roles', () => {
  it('are unsupported with the reason, before any request', async () => {
    run = await startCrelate({ records: 5, seed: 55 });
    for (const stream of [run.connector.syncOffers(), run.connector.syncRoles()] as AsyncIterable<unknown>[]) {
      const error = await collect(stream).then(() => null, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnsupportedError);
    }
    expect(run.connector.capabilities.models.offers.note).toMatch(/placements/);
    expect(run.sandbox.stats.requests).toBe(0);
  });
});
