/**
 * Provider "already exists" answers become one typed `DuplicateError`, with the existing record's
 * id when the provider gives it (Gem does; Teamtailor does not).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asDuplicate, mapDuplicate, withExisting } from '../../../src/connectors/shared/duplicates.js';
import { DuplicateError, ProviderError } from '../../../src/core/errors.js';
import { encodeId } from '../../../src/core/ids.js';

const providerError = (provider: string, status: number, body: unknown) =>
  new ProviderError(`${provider} answered ${status}`, { provider, operation: 'createCandidate', status, body: JSON.stringify(body) });

describe('asDuplicate', () => {
  it("maps Gem's 400 \"Duplicate candidate\" (recorded fixture) with the existing candidate's id", () => {
    const fixture = JSON.parse(readFileSync('fixtures/gem/candidates.create-duplicate.json', 'utf8')) as { response: { status: number; body: unknown } };
    const duplicate = asDuplicate(providerError('gem', fixture.response.status, fixture.response.body), {
      statuses: [400],
      body: /Duplicate candidate/,
      existingRemoteId: (body) => (body as { errors?: { duplicate_candidate?: { id?: string } } }).errors?.duplicate_candidate?.id ?? null,
    }, 'candidate');
    expect(duplicate).toBeInstanceOf(DuplicateError);
    expect(duplicate).toMatchObject({ status: 400, kind: 'candidate', existingRemoteId: 'Q2FuZGlkYXRlOjEwMDAx', existingId: encodeId('gem', 'candidate', 'Q2FuZGlkYXRlOjEwMDAx') });
  });

  it("maps Teamtailor's 422 \"has already been taken\" without an id, and leaves other errors alone", () => {
    const answer = { statuses: [422], body: /has already been taken/ };
    const taken = providerError('teamtailor', 422, { errors: [{ title: 'has already been taken', detail: 'email - has already been taken', code: '100', status: '422' }] });
    expect(asDuplicate(taken, answer, 'candidate')).toMatchObject({ existingId: null, existingRemoteId: null, provider: 'teamtailor' });
    expect(asDuplicate(providerError('teamtailor', 422, { errors: [{ detail: "email - can't be blank" }] }), answer, 'candidate')).toBeNull();
    expect(asDuplicate(providerError('teamtailor', 500, { errors: [{ detail: 'has already been taken' }] }), answer, 'candidate')).toBeNull();
    expect(asDuplicate(new Error('has already been taken'), answer, 'candidate')).toBeNull();
  });

  it('mapDuplicate rethrows the typed error; withExisting adds the id found by a lookup', async () => {
    const answer = { statuses: [422], body: /taken/ };
    const failing = () => Promise.reject(providerError('teamtailor', 422, { errors: [{ detail: 'email - has already been taken' }] }));
    const error = await mapDuplicate(failing, answer, 'candidate').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DuplicateError);
    const found = withExisting(error as DuplicateError, encodeId('teamtailor', 'candidate', '7'), '7');
    expect(found).toMatchObject({ existingId: encodeId('teamtailor', 'candidate', '7'), existingRemoteId: '7', status: 422 });
    expect(found.message).toMatch(/existing candidate 7/);
  });
});
