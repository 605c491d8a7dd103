/**
 * The cheaper paths of the Teamtailor candidate mapping give what the schema-and-copy paths gave:
 * the `included` index (entries in schema form indexed as they are, the rest through
 * `includedSchema`), the candidate's custom fields and tag ids. Pure; the
 * same code over loopback is in sandbox-reads.test.ts and real-payloads.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { indexIncluded } from '../../../src/connectors/teamtailor/jsonapi.js';
import { tagId, toCandidate } from '../../../src/connectors/teamtailor/mappers/to-candidate.js';
import { nameTagId } from '../../../src/connectors/shared/tags.js';
import * as wire from '../../../src/connectors/teamtailor/wire.js';
import { CandidateSchema } from '../../../src/models/index.js';

/** What `includedSchema` gives for an entry (the reference the fast path must equal). */
function viaSchema(entry: unknown) {
  const parsed = wire.includedSchema.safeParse(entry);
  return parsed.success ? parsed.data : undefined;
}

const entries: Record<string, unknown> = {
  plain: { id: '1', type: 'custom-fields', attributes: { name: 'Notice', 'api-name': 'notice' }, relationships: { owner: { data: { type: 'users', id: '9' } }, tags: { data: [] }, none: { data: null }, linkOnly: { links: { self: 'x' } } }, links: { self: 'y' } },
  numericId: { id: 2, type: 'custom-fields', attributes: { name: 'Numeric' } },
  numericLinkage: { id: '3', type: 'custom-field-values', attributes: { value: 'x' }, relationships: { 'custom-field': { data: { type: 'custom-fields', id: 2 } } } },
  noAttributes: { id: '4', type: 'custom-fields' },
  nullAttributes: { id: '5', type: 'custom-fields', attributes: null },
  arrayAttributes: { id: '6', type: 'custom-fields', attributes: ['a'] },
  emptyId: { id: '', type: 'custom-fields', attributes: {} },
  noType: { id: '7', attributes: {} },
  brokenRelationship: { id: '8', type: 'custom-field-values', attributes: {}, relationships: 'broken' },
  brokenLinkage: { id: '9', type: 'custom-field-values', attributes: {}, relationships: { 'custom-field': { data: 'broken' } } },
  linkageWithoutType: { id: '10', type: 'custom-field-values', attributes: {}, relationships: { 'custom-field': { data: [{ id: '1' }] } } },
  arrayEntry: ['not', 'a', 'resource'],
  nullEntry: null,
  text: 'text',
  protoKey: JSON.parse('{"id":"11","type":"custom-fields","attributes":{"__proto__":{"polluted":"yes"},"name":"Proto"}}'),
  protoRelationship: JSON.parse('{"id":"12","type":"custom-field-values","attributes":{},"relationships":{"__proto__":{"data":{"type":"x","id":"1"}}}}'),
};

describe('indexIncluded', () => {
  it('indexes exactly the entries includedSchema accepts, each equal to its parse', () => {
    const index = indexIncluded(Object.values(entries));
    const expected = new Map<string, unknown>();
    for (const entry of Object.values(entries)) {
      const parsed = viaSchema(entry);
      if (parsed) expected.set(`${parsed.type}:${parsed.id}`, parsed);
    }
    expect([...index.keys()]).toEqual([...expected.keys()]);
    for (const [key, resource] of index) expect(resource).toStrictEqual(expected.get(key));
    // Converted by the schema: numeric ids become strings, missing or null attributes become {}.
    expect(index.get('custom-fields:2')?.id).toBe('2');
    expect(index.get('custom-field-values:3')?.relationships?.['custom-field']?.data).toEqual({ type: 'custom-fields', id: '2' });
    expect(index.get('custom-fields:4')?.attributes).toEqual({});
    expect(index.get('custom-fields:5')?.attributes).toEqual({});
    expect(index.has('custom-fields:6')).toBe(false);
    // A `__proto__` key is dropped by the schema, never indexed as it came.
    expect(index.get('custom-fields:11')).not.toBe(entries.protoKey);
    expect(Object.getPrototypeOf(index.get('custom-fields:11')?.attributes)).toBe(Object.prototype);
    expect(index.get('custom-fields:1')).toBe(entries.plain);
  });

  it('is empty for null, undefined and an empty array', () => {
    expect(indexIncluded(null).size).toBe(0);
    expect(indexIncluded(undefined).size).toBe(0);
    expect(indexIncluded([]).size).toBe(0);
  });
});

describe('toCandidate custom fields', () => {
  const candidate = (valueIds: unknown[]) =>
    wire.candidateSchema.parse({
      id: '100',
      type: 'candidates',
      attributes: { 'first-name': 'Ada', 'updated-at': '2024-05-02T16:40:03.902+02:00', 'created-at': '2024-03-11T09:14:52.318+01:00', tags: [] },
      relationships: { 'custom-field-values': { data: valueIds.map((id) => ({ type: 'custom-field-values', id })) } },
    });
  const included = indexIncluded([
    { id: '1', type: 'custom-field-values', attributes: { value: '3 months', 'field-type': 'CustomField::Text' }, relationships: { 'custom-field': { data: { type: 'custom-fields', id: '10' } } } },
    { id: '2', type: 'custom-field-values', attributes: { value: ['a', 'b'] }, relationships: { 'custom-field': { data: { type: 'custom-fields', id: 11 } } } },
    { id: '3', type: 'custom-field-values', attributes: { value: null }, relationships: { 'custom-field': { data: { type: 'custom-fields', id: '404' } } } },
    { id: '4', type: 'custom-field-values', attributes: { value: 'proto' }, relationships: { 'custom-field': { data: { type: 'custom-fields', id: '12' } } } },
    { id: '5', type: 'custom-field-values', attributes: { value: 'later' }, relationships: { 'custom-field': { data: { type: 'custom-fields', id: '10' } } } },
    { id: '10', type: 'custom-fields', attributes: { name: 'Notice period', 'api-name': 'notice_period', 'field-type': 'CustomField::Select' } },
    { id: '11', type: 'custom-fields', attributes: { name: 'Languages' } },
    { id: '12', type: 'custom-fields', attributes: { 'api-name': '__proto__' } },
  ]);

  it('keys by api-name, then name, then the value id; a value not included is left out; a later value of the same key wins', () => {
    const mapped = toCandidate(candidate(['1', '2', '3', '99', '5']), included);
    expect(mapped.custom_fields).toStrictEqual({ notice_period: 'later', Languages: ['a', 'b'], '3': null });
    expect(Object.keys(mapped.custom_fields)).toEqual(['3', 'notice_period', 'Languages']);
    expect(mapped.integration_fields).toEqual([
      { id: '1', key: 'notice_period', type: 'CustomField::Text', value: '3 months', label: 'Notice period' },
      { id: '2', key: 'Languages', type: null, value: ['a', 'b'], label: 'Languages' },
      { id: '3', key: '3', type: null, value: null, label: null },
      { id: '5', key: 'notice_period', type: 'CustomField::Select', value: 'later', label: 'Notice period' },
    ]);
    expect(() => CandidateSchema.parse(mapped)).not.toThrow();
  });

  it('a field whose api-name is __proto__ becomes an own key, not the prototype', () => {
    const mapped = toCandidate(candidate(['4']), included);
    expect(Object.getPrototypeOf(mapped.custom_fields)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(mapped.custom_fields, '__proto__')?.value).toBe('proto');
    expect(JSON.stringify(mapped.custom_fields)).toBe('{"__proto__":"proto"}');
  });

  it('no custom-field-values relationship gives {} and [] (fresh objects per record)', () => {
    const raw = wire.candidateSchema.parse({ id: '7', type: 'candidates', attributes: {} });
    const first = toCandidate(raw, included);
    const second = toCandidate(raw, included);
    expect(first.custom_fields).toStrictEqual({});
    expect(first.integration_fields).toEqual([]);
    expect(first.custom_fields).not.toBe(second.custom_fields);
    expect(first).toMatchObject({ changed_at: null, remote_created_at: null, tags: [] });
  });
});

describe('tagId', () => {
  it('is nameTagId for Teamtailor: trimmed, lower-cased, any characters', () => {
    for (const name of ['ruby', ' Senior ', 'C++', 'Göteborg', 'ÅÄÖ', '"quoted"', 'a\\b', '  ', '😀 emoji', 'İstanbul']) {
      expect(tagId(name)).toBe(nameTagId('teamtailor', name));
    }
  });
});
