/**
 * The content hash covers every unified field: changing any one field of any model (at the top
 * level, or any value nested in it, such as one email address) changes the hash, so the change is
 * delivered; changing only a volatile field does not. A hash that ignored `email_addresses` would
 * never re-deliver a changed email: this is the test that catches it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelNames, modelSchemas } from '../../src/models/registry.js';
import { contentHash, defaultVolatileFields, stableStringify } from '../../src/sync/index.js';
import { validRecords } from '../helpers/model-samples.js';
import { propertySeed } from './helpers/mutations.js';

const volatile = new Set(defaultVolatileFields);

/** Every path to a leaf (a primitive, or an empty object or array) of a JSON-like value. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  if (keys.length === 0) return [prefix];
  return keys.flatMap((key) => leafPaths((value as Record<string | number, unknown>)[key], [...prefix, key]));
}

/** A copy of `record` with the value at `path` replaced. */
function withValueAt(record: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(record);
  let holder: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) holder = holder[part] as Record<string | number, unknown>;
  holder[path.at(-1)!] = value;
  return copy;
}

describe('content hash: field by field', () => {
  it('the samples cover every field of every unified schema (so a new field is tested too)', () => {
    for (const model of modelNames) {
      const fields = Object.keys((modelSchemas[model] as unknown as { shape: Record<string, unknown> }).shape);
      expect(Object.keys(validRecords[model]).sort(), model).toEqual(fields.sort());
    }
  });

  for (const model of modelNames) {
    const sample = validRecords[model];
    const hashed = Object.keys(sample).filter((field) => !volatile.has(field));

    it(`${model}: a new value in any one non-volatile field (${hashed.length} fields) changes the hash`, () => {
      const before = contentHash(sample, volatile);
      fc.assert(
        fc.property(fc.constantFrom(...hashed), fc.jsonValue({ maxDepth: 3 }), (field, value) => {
          fc.pre(stableStringify(value) !== stableStringify(sample[field]) && value !== undefined);
          expect(contentHash({ ...sample, [field]: value }, volatile)).not.toBe(before);
        }),
        { seed: propertySeed, numRuns: 300 },
      );
    });

    it(`${model}: a change to any nested value (one email address, one custom field, one location part) changes the hash`, () => {
      const before = contentHash(sample, volatile);
      const paths = leafPaths(sample).filter((path) => !volatile.has(String(path[0])));
      expect(paths.length).toBeGreaterThanOrEqual(hashed.length);
      fc.assert(
        fc.property(fc.constantFrom(...paths), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), (path, value) => {
          const old = path.reduce<unknown>((held, part) => (held as Record<string | number, unknown>)[part], sample);
          fc.pre(stableStringify(value) !== stableStringify(old));
          expect(contentHash(withValueAt(sample, path, value), volatile), path.join('.')).not.toBe(before);
        }),
        { seed: propertySeed, numRuns: 300 },
      );
    });

    it(`${model}: changing only volatile fields (${defaultVolatileFields.join(', ')}) keeps the hash`, () => {
      const before = contentHash(sample, volatile);
      fc.assert(
        fc.property(fc.constantFrom(...defaultVolatileFields), fc.jsonValue({ maxDepth: 3 }), (field, value) => {
          expect(contentHash({ ...sample, [field]: value }, volatile)).toBe(before);
        }),
        { seed: propertySeed, numRuns: 100 },
      );
    });
  }

  it('an email address change in particular is a change (the mutation the review found surviving)', () => {
    const candidate = validRecords.candidates;
    const changed = { ...candidate, email_addresses: [{ email_address: 'other@example.test', type: 'WORK' }] };
    expect(contentHash(changed, volatile)).not.toBe(contentHash(candidate, volatile));
  });
});
