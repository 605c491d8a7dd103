/**
 * Unified ids (contract §4): stable, opaque, URL-safe, carrying the provider's identity so every
 * action accepts back the ids reads return; a wrong kind or provider, or an unusable part, is the
 * caller's input error (ValidationError with source 'input'), never a ConfigError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { decodeId, encodeId, resolveId, tryDecode, unifiedIdOf, type IdScheme } from '../../src/core/ids.js';

const scheme: IdScheme = {
  provider: 'acme',
  label: 'Acme',
  normalise: (part) => part.toLowerCase(),
  kinds: { application: { parts: 2, form: '<jobId>:<candidateId>' } },
};
const where = { field: 'application_id', operation: 'test' };

describe('ids', () => {
  it('round-trips any identity, and the id is URL- and file-name-safe', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.oneof(fc.string(), fc.integer()), (provider, part) => {
        const id = encodeId(provider, 'candidate', part);
        expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(tryDecode(id)).toEqual([provider, 'candidate', String(part)]);
      }),
      { numRuns: 200 },
    );
  });

  it('is stable: the same identity always gives the same id, and different ones differ', () => {
    expect(encodeId('teamtailor', 'job', '42')).toBe(encodeId('teamtailor', 'job', 42));
    expect(encodeId('teamtailor', 'job', '42')).not.toBe(encodeId('teamtailor', 'job', '43'));
    expect(encodeId('teamtailor', 'job', '42')).not.toBe(encodeId('gem', 'job', '42'));
  });

  it('encodes composite identities (stage X of job Y) and returns every part in order, as a tuple of the kind', () => {
    const id = encodeId('flatchr', 'job_stage', 'job-7', 'stage-2');
    const [job, stage] = decodeId(id, 'flatchr', 'job_stage', { parts: 2 });
    expect([job, stage]).toEqual(['job-7', 'stage-2']);
    // A separator inside a part cannot be confused with the boundary between parts.
    const tricky = encodeId('flatchr', 'job_stage', 'a","b', 'c');
    expect(decodeId(tricky, 'flatchr', 'job_stage', { parts: 2 })).toEqual(['a","b', 'c']);
    expect(() => decodeId(id, 'flatchr', 'job_stage')).toThrow(/expected 1 identity part/);
  });

  it('refuses an id of another kind or provider with an input ValidationError naming the field and what it got', () => {
    const candidateId = encodeId('teamtailor', 'candidate', '1');
    expect(() => decodeId(candidateId, 'teamtailor', 'application')).toThrow(ValidationError);
    const error = (() => {
      try {
        decodeId(candidateId, 'gem', 'candidate', { field: 'candidate_id', operation: 'addNoteToCandidate' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ source: 'input', field: 'candidate_id', operation: 'addNoteToCandidate' });
    expect((error as Error).message).toMatch(/candidate_id: expected a gem candidate id, got a teamtailor candidate id/);
  });

  it('refuses strings that are not ids, and parts that are empty, "." or ".."', () => {
    for (const bad of ['', 'not an id!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      expect(tryDecode(bad)).toBeNull();
      expect(() => decodeId(bad, 'teamtailor', 'candidate')).toThrow(ValidationError);
    }
    for (const part of ['', '.', '..', '  ']) expect(() => decodeId(encodeId('gem', 'candidate', part), 'gem', 'candidate')).toThrow(/empty, "\." or "\.\."/);
    expect(() => encodeId('teamtailor', 'candidate')).toThrow(TypeError);
  });

  it('resolveId takes a unified id or the provider id of the kind, normalised, and unifiedIdOf gives back the same id', () => {
    const unified = encodeId('acme', 'application', 'j1', 'c1');
    expect(resolveId(scheme, 'application', 2, unified, where)).toEqual(['j1', 'c1']);
    expect(resolveId(scheme, 'application', 2, 'J1:C1', where)).toEqual(['j1', 'c1']);
    expect(unifiedIdOf(scheme, 'application', 'J1:C1')).toBe(unified);
    expect(resolveId(scheme, 'job', 1, 'J9', { field: 'id', operation: 'getJob' })).toEqual(['j9']);
    for (const bad of ['no-colon', 'a:b:c', ':c1', 'j1:..', encodeId('acme', 'candidate', 'x'), encodeId('other', 'application', 'a', 'b')]) {
      expect(() => resolveId(scheme, 'application', 2, bad, where), bad).toThrow(ValidationError);
    }
    expect(() => unifiedIdOf(scheme, 'application', 'missing-part')).toThrow(/remoteId: not a Acme application id of the form <jobId>:<candidateId>/);
  });
});

describe('encodeId text', () => {
  it('writes the same JSON text as JSON.stringify for parts that need escaping and parts that do not', () => {
    const reference = (provider: string, kind: string, ...parts: (string | number)[]) =>
      Buffer.from(JSON.stringify([provider, kind, ...parts.map(String)]), 'utf8').toString('base64url');
    const samples: (string | number)[] = ['abc', 'a"b', 'a\\b', 'tab\there', 'é漢字', '\ud83d\ude00', 'lone\ud800', '\u2028', 12, 0, 'x\u001fy', '\u007f', '4e9bf50a-c5f3'];
    for (const a of samples) for (const b of samples) expect(encodeId('prov"ider', 'kind', a, b)).toBe(reference('prov"ider', 'kind', a, b));
    for (const a of samples) expect(encodeId('teamtailor', 'candidate', a)).toBe(reference('teamtailor', 'candidate', a));
    expect(tryDecode(encodeId('gem', 'tag', 'a"b'))).toEqual(['gem', 'tag', 'a"b']);
  });

  it('ids of one and several parts, of every kind and shape (the cached envelope and the ASCII encoding) equal the JSON.stringify and Buffer text', () => {
    const reference = (provider: string, kind: string, ...parts: string[]) => Buffer.from(JSON.stringify([provider, kind, ...parts]), 'utf8').toString('base64url');
    const kinds = ['candidate', 'job', 'application', 'stage', 'user', 'role', 'tag', 'attachment', 'screening_question', 'job_stage', 'x', 'ab', 'é', 'q"uote'];
    const parts = ['1', '24810317', '576', 'resume:1184', 'a b', '9'.repeat(20), 'quote"inside', 'back\\slash', 'tab\tchar', 'naïve', '😀', '', '~!#$%&()*+,-./:;<=>?@[]^_`{|}'];
    for (const provider of ['teamtailor', 'gem', 'jarvi', 'crelate', 'flatchr', 'p', 'ü']) {
      for (const kind of kinds) {
        for (const part of parts) expect(encodeId(provider, kind, part)).toBe(reference(provider, kind, part));
        expect(encodeId(provider, kind, '12', '3')).toBe(reference(provider, kind, '12', '3'));
        for (const part of parts) {
          expect(encodeId(provider, kind, 'email', part)).toBe(reference(provider, kind, 'email', part));
          expect(encodeId(provider, kind, part, 'x', part)).toBe(reference(provider, kind, part, 'x', part));
        }
        expect(encodeId(provider, kind, 12)).toBe(reference(provider, kind, '12'));
      }
    }
  });
});

