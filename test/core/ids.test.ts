/**
 * Unified ids (contract §4): stable, opaque, URL-safe, carrying the provider's identity so every
 * action accepts back the ids reads return; a wrong kind or provider is a ConfigError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { decodeId, encodeId, tryDecode } from '../../src/core/ids.js';

describe('ids', () => {
  it('round-trips any identity, and the id is URL- and file-name-safe', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.oneof(fc.string(), fc.integer()), (provider, part) => {
        const id = encodeId(provider, 'candidate', part);
        expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeId(id, provider, 'candidate')).toEqual([String(part)]);
      }),
      { numRuns: 200 },
    );
  });

  it('is stable: the same identity always gives the same id, and different ones differ', () => {
    expect(encodeId('teamtailor', 'job', '42')).toBe(encodeId('teamtailor', 'job', 42));
    expect(encodeId('teamtailor', 'job', '42')).not.toBe(encodeId('teamtailor', 'job', '43'));
    expect(encodeId('teamtailor', 'job', '42')).not.toBe(encodeId('gem', 'job', '42'));
  });

  it('encodes composite identities (stage X of job Y) and returns every part in order', () => {
    const id = encodeId('flatchr', 'job_stage', 'job-7', 'stage-2');
    expect(decodeId(id, 'flatchr', 'job_stage')).toEqual(['job-7', 'stage-2']);
    // A separator inside a part cannot be confused with the boundary between parts.
    const tricky = encodeId('flatchr', 'job_stage', 'a","b', 'c');
    expect(decodeId(tricky, 'flatchr', 'job_stage')).toEqual(['a","b', 'c']);
  });

  it('throws ConfigError for an id of another kind or provider, naming what it got', () => {
    const candidateId = encodeId('teamtailor', 'candidate', '1');
    expect(() => decodeId(candidateId, 'teamtailor', 'application')).toThrow(ConfigError);
    expect(() => decodeId(candidateId, 'gem', 'candidate')).toThrow(/Expected a gem candidate id, got a teamtailor candidate id/);
  });

  it('throws ConfigError for strings that are not ids, and tryDecode returns null for them', () => {
    for (const bad of ['', 'not an id!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      expect(tryDecode(bad)).toBeNull();
      expect(() => decodeId(bad, 'teamtailor', 'candidate')).toThrow(ConfigError);
    }
    expect(() => encodeId('teamtailor', 'candidate')).toThrow(TypeError);
  });
});
