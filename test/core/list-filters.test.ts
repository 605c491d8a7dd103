/**
 * List filters on sync streams: validation names the key and the reason, and the one client-side
 * check matches unified ids and provider ids alike.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { encodeId } from '../../src/core/ids.js';
import { filterNamesOf, filterStream, matchesFilters, refMatches, resolveFilters } from '../../src/core/list-filters.js';
import { createSyncStream } from '../../src/core/stream.js';

const resolve = (model: Parameters<typeof resolveFilters>[0], options: object) => resolveFilters(model, options, 'teamtailor', 'syncTest');
const failure = (model: Parameters<typeof resolveFilters>[0], options: object) => {
  try {
    resolve(model, options);
  } catch (error) {
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
};

describe('resolveFilters', () => {
  it('returns null when only signal and pageSize are given', () => {
    expect(resolve('candidates', { pageSize: 10, signal: new AbortController().signal })).toBeNull();
  });

  it('merges the jobId / candidateId shorthands into job_ids / candidate_ids', () => {
    expect(resolve('applications', { jobId: 'j1', job_ids: ['j2', 'j1'], candidateId: 'c1' })).toEqual({ job_ids: ['j1', 'j2'], candidate_ids: ['c1'] });
  });

  it('lower-cases emails and name_contains, and reads created_after as epoch ms', () => {
    expect(resolve('users', { emails: [' Ada@Example.TEST '] })).toEqual({ emails: ['ada@example.test'] });
    expect(resolve('jobs', { name_contains: ' Engineer ', statuses: ['OPEN'] })).toEqual({ name_contains: 'engineer', statuses: ['OPEN'] });
    expect(resolve('applications', { created_after: '2024-05-01T00:00:00Z' })).toEqual({ created_after: Date.UTC(2024, 4, 1) });
  });

  it('refuses an unknown key with a suggestion, a filter of another model, an empty list and unknown values', () => {
    const typo = failure('applications', { jobIds: ['1'] });
    expect(typo).toBeInstanceOf(ValidationError);
    expect(typo.message).toMatch(/jobIds: unknown option; did you mean job_ids\?/);
    expect(typo.issues).toEqual([{ path: ['jobIds'], code: 'invalid_filter' }]);
    expect(failure('jobs', { emails: ['a@b.c'] }).message).toMatch(/jobs cannot be filtered by it/);
    expect(failure('candidates', { jobId: '1' }).message).toMatch(/only applications take it/);
    expect(failure('candidates', { ids: [] }).message).toMatch(/must not be empty/);
    expect(failure('applications', { outcomes: ['REJECTED'] }).message).toMatch(/unknown outcome "REJECTED"/);
    expect(failure('jobs', { statuses: 'OPEN' }).message).toMatch(/must be an array/);
    expect(failure('applications', { created_after: '' }).message).toMatch(/Date or an ISO 8601/);
    expect(failure('applications', { created_after: 'yesterday' }).message).toMatch(/Date or an ISO 8601/);
  });

  it('every model takes ids and remote_ids; only the documented ones take more', () => {
    expect(filterNamesOf('tags')).toEqual(['ids', 'remote_ids']);
    expect(filterNamesOf('applications')).toContain('current_stage_ids');
  });
});

describe('matchesFilters', () => {
  const jobId = encodeId('teamtailor', 'job', '632859');
  const application = {
    id: encodeId('teamtailor', 'application', '51'),
    remote_id: '51',
    job_id: jobId,
    candidate_id: encodeId('teamtailor', 'candidate', '7'),
    current_stage_id: encodeId('teamtailor', 'stage', '3305121'),
    outcome: 'PENDING',
    remote_created_at: '2024-05-02T00:00:00.000Z',
  };

  it('matches a reference given as a unified id or as the provider id, and a job stage id by its stage', () => {
    expect(refMatches(jobId, [jobId])).toBe(true);
    expect(refMatches(jobId, ['632859'])).toBe(true);
    expect(refMatches(jobId, ['63285'])).toBe(false);
    expect(matchesFilters(application, { current_stage_ids: [encodeId('teamtailor', 'job_stage', '632859', '3305121')] })).toBe(true);
    expect(matchesFilters(application, { current_stage_ids: [encodeId('teamtailor', 'job_stage', '632859', '999')] })).toBe(false);
    // An id of another kind never matches, even with the same provider identity.
    expect(refMatches(jobId, [encodeId('teamtailor', 'candidate', '632859')])).toBe(false);
    expect(matchesFilters(application, { ids: ['51'] })).toBe(true);
    expect(matchesFilters(application, { remote_ids: ['52'] })).toBe(false);
  });

  it('compares GUIDs case-insensitively', () => {
    const guid = 'd7c00478-140b-4c4e-9a4f-2f6e1c3b5a10';
    expect(refMatches(encodeId('crelate', 'job', guid), [guid.toUpperCase()])).toBe(true);
  });

  it('checks every filter: outcome, created_after (unknown creation time kept), email, name', () => {
    expect(matchesFilters(application, { outcomes: ['HIRED'] })).toBe(false);
    expect(matchesFilters(application, { created_after: Date.UTC(2024, 4, 3) })).toBe(false);
    expect(matchesFilters({ ...application, remote_created_at: null }, { created_after: Date.UTC(2024, 4, 3) })).toBe(true);
    const candidate = { id: 'x', remote_id: '1', email_addresses: [{ email_address: 'Ada@Example.test' }] };
    expect(matchesFilters(candidate, { emails: ['ada@example.test'] })).toBe(true);
    expect(matchesFilters({ id: 'y', remote_id: '2', email: null }, { emails: ['ada@example.test'] })).toBe(false);
    expect(matchesFilters({ id: 'j', remote_id: '3', name: 'Senior Engineer' }, { name_contains: 'engineer' })).toBe(true);
  });

  it('filterStream keeps page checkpoints and drops only the records that fail', async () => {
    const stream = createSyncStream(async function* () {
      yield { records: [{ id: 'a', remote_id: '1', status: 'OPEN' }, { id: 'b', remote_id: '2', status: 'CLOSED' }], quarantined: [], checkpoint: '2024-01-01T00:00:00.000Z', requests: 1, warnings: [] };
    });
    const pages = [];
    for await (const page of filterStream(stream, { statuses: ['OPEN'] }).pages()) pages.push(page);
    expect(pages).toEqual([{ records: [{ id: 'a', remote_id: '1', status: 'OPEN' }], quarantined: [], checkpoint: '2024-01-01T00:00:00.000Z', requests: 1, warnings: [] }]);
  });
});
