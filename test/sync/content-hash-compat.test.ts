/**
 * Content hashes stay what earlier releases stored: the serialiser was rewritten for speed (a
 * depth-bounded recursion, the record's sorted keys reused across records of one shape, nested
 * keys quoted once; decision 0070), and a hash that moved would make every record of every
 * connection look changed once after an upgrade. Hashes pinned from the previous serialiser, a
 * reference built from the recursive serialiser it replaced, and real Teamtailor candidates read
 * through the connector over loopback must all agree.
 */
import { hash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../src/connectors/index.js';
import { contentHash, createSyncEngine, defaultVolatileFields, maxContentNodes, MemoryStateStore, RecordContentError, stableStringify } from '../../src/sync/index.js';
import { startSandbox, type Sandbox } from '../../src/testing/index.js';
import { propertySeed } from './helpers/mutations.js';
import { recursiveReference } from './helpers/serialise-reference.js';

const volatile = new Set(defaultVolatileFields);


/** The content hash as the first releases computed it. */
function referenceHash(record: object, volatileFields: ReadonlySet<string>): string {
  const kept = Object.fromEntries(Object.entries(record).filter(([key]) => !volatileFields.has(key)));
  return hash('sha256', recursiveReference(kept), 'base64url').slice(0, 22);
}

/** Records whose hashes were computed by the serialiser before the rewrite (and are pinned below). */
const candidate = {
  id: 'WyJ0ZWFtdGFpbG9yIiwiY2FuZGlkYXRlIiwiMTE4MSJd',
  remote_id: '1181',
  changed_at: '2025-11-21T15:19:29.944Z',
  remote_deleted_at: null,
  remote_created_at: '2025-10-13T00:00:00.000Z',
  remote_updated_at: '2025-11-21T15:19:29.944Z',
  remote_data: { id: '1181', attributes: { 'first-name': 'Mira' } },
  first_name: 'Mira',
  last_name: 'Larsen',
  company: null,
  title: null,
  confidential: null,
  source: 'Teamtailor',
  phone_numbers: [],
  email_addresses: [{ email_address: 'mira.larsen.49@example.com', type: null }],
  social_media: [],
  tags: [{ id: 'WyJ0ZWFtdGFpbG9yIiwidGFnIiwicnVieSJd', name: 'ruby' }],
  location: null,
  remote_url: null,
  custom_fields: { notice_period: '2 months' },
  integration_fields: [{ id: '1180', key: 'notice_period', type: 'CustomField::Text', value: '2 months', label: 'Notice period' }],
};
const odd = {
  id: 'odd',
  remote_id: 'o',
  changed_at: null,
  remote_deleted_at: '2025-01-01T00:00:00.000Z',
  text: 'quote " backslash \\ newline \n tab \t nul \u0000 lone \ud800 emoji 😀 é',
  numbers: [0, -0, 1.5, -2e-7, 1e21, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER],
  holes: [undefined, () => 1, null, true, false],
  skipped: undefined,
  method: () => 2,
  when: new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 5)),
  wrapped: { toJSON: () => ({ z: 1, a: [new Date(0)] }) },
  keys: { b: 1, a: 2, 10: 'ten', 2: 'two', B: 3, _: 4, é: 5, '"q"': 6 },
  nested: { list: [{ y: [[], {}], x: { deep: [1, [2, [3]]] } }] },
};
const proto = JSON.parse('{"id":"p","custom_fields":{"__proto__":{"admin":true}}}') as object;

describe('content hashes: compatible with stored ones', () => {
  it('give the hashes the previous serialiser gave (pinned values)', () => {
    expect(contentHash(candidate, volatile)).toBe('i3HqwO4NdINvi1rP0y0be9');
    expect(contentHash(candidate, new Set())).toBe('76xK7o7SohiCS041MAy7wh');
    expect(contentHash(odd, volatile)).toBe('KKNlxZxstO3qYd4v3SO8hT');
    expect(contentHash(odd, new Set())).toBe('En9qxAbKCt7l5i2uxWVH3V');
    expect(contentHash(proto, volatile)).toBe('E7keiyGPHrIjtVD73l6bb_');
    expect(stableStringify(odd)).toBe(
      '{"changed_at":null,"holes":[null,null,null,true,false],"id":"odd","keys":{"\\"q\\"":6,"10":"ten","2":"two","B":3,"_":4,"a":2,"b":1,"é":5},"nested":{"list":[{"x":{"deep":[1,[2,[3]]]},"y":[[],{}]}]},"numbers":[0,0,1.5,-2e-7,1e+21,null,null,9007199254740991],"remote_deleted_at":"2025-01-01T00:00:00.000Z","remote_id":"o","text":"quote \\" backslash \\\\ newline \\n tab \\t nul \\u0000 lone \\ud800 emoji 😀 é","when":"2024-02-29T12:00:00.005Z","wrapped":{"a":["1970-01-01T00:00:00.000Z"],"z":1}}',
    );
  });

  it('match the reference for any sequence of records, shapes and volatile sets (the per-shape key cache never leaks between records)', () => {
    const key = fc.constantFrom('id', 'name', 'changed_at', 'remote_data', 'tags', 'b', 'a', '10', '2', '__proto__', 'é', 'x"y');
    const record = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });
    const volatileSet = fc.subarray(['changed_at', 'remote_data', 'name', 'a']).map((fields) => new Set(fields));
    fc.assert(
      fc.property(fc.array(fc.tuple(record, volatileSet), { minLength: 1, maxLength: 12 }), (sequence) => {
        for (const [value, fields] of sequence) {
          expect(contentHash(value, fields)).toBe(referenceHash(value, fields));
          // The same keys in another order, right after: the cached order must not be reused.
          const reversed = Object.fromEntries(Object.entries(value).reverse());
          expect(contentHash(reversed, fields)).toBe(referenceHash(value, fields));
        }
      }),
      { seed: propertySeed, numRuns: 500 },
    );
  });

  it('match the reference when one volatile set is refilled in place between records, and nested objects repeat one key set in changing orders (decision 0081)', () => {
    const key = fc.constantFrom('id', 'name', 'changed_at', 'remote_data', 'b', 'a', '10', 'é');
    const flat = fc.dictionary(key, fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { minKeys: 1, maxKeys: 6 });
    const members = fc.subarray(['changed_at', 'remote_data', 'name', 'a', 'b', 'id']);
    // One set object for the whole run, as the engine passes one set per engine.
    const fields = new Set<string>();
    fc.assert(
      fc.property(fc.array(fc.tuple(flat, members, members, fc.boolean()), { minLength: 1, maxLength: 12 }), (sequence) => {
        for (const [value, before, after, reverse] of sequence) {
          const nested = reverse ? Object.fromEntries(Object.entries(value).reverse()) : value;
          const record = { ...value, items: [nested, { ...nested }], custom: nested };
          // The same record shape twice in a row, the set refilled in between.
          for (const chosen of [before, after]) {
            fields.clear();
            for (const member of chosen) fields.add(member);
            expect(contentHash(record, fields)).toBe(referenceHash(record, fields));
          }
          expect(contentHash(nested, fields)).toBe(referenceHash(nested, fields));
        }
      }),
      { seed: propertySeed, numRuns: 500 },
    );
  });

  it('write any string, number and boolean as JSON.stringify does (controls, quotes, lone and paired surrogates, -0, NaN, exponents)', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udc00', 'a', 'é') }));
    const scalarValue = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(scalarValue, { maxLength: 6 }), text, (values, key) => {
        expect(stableStringify(values)).toBe(JSON.stringify(values));
        expect(stableStringify({ [key]: values })).toBe(JSON.stringify({ [key]: values }));
      }),
      { seed: propertySeed, numRuns: 2_000 },
    );
  });

  it('read the volatile set on every call (a set changed between two records of one shape is honoured)', () => {
    const fields = new Set(['name']);
    const first = { id: 'x', name: 'a', note: 'n' };
    const second = { id: 'x', name: 'b', note: 'n' };
    expect(contentHash(first, fields)).toBe(contentHash(second, fields));
    fields.delete('name');
    fields.add('note');
    expect(contentHash(first, fields)).not.toBe(contentHash(second, fields));
    expect(contentHash(second, fields)).toBe(referenceHash(second, fields));
  });

  it('match the reference for records larger than the reused buffer, and again for a small one right after', () => {
    const long = 'x'.repeat(3_000_000);
    const large = { id: 'big', text: long, list: Array.from({ length: 20_000 }, (_, index) => ({ n: index, s: `é${index}` })) };
    expect(contentHash(large, volatile)).toBe(referenceHash(large, volatile));
    expect(contentHash(candidate, volatile)).toBe('i3HqwO4NdINvi1rP0y0be9');
    expect(stableStringify(large)).toBe(recursiveReference(large));
  });

  it('match the reference when a toJSON inside a record hashes another record (the writer in use is not reused)', () => {
    const inner = { id: 'inner', name: 'Zoë "Z" \\ \ud83d\ude00' };
    const outer = { id: 'outer', custom_fields: { nested: { toJSON: () => ({ hashed: contentHash(inner, volatile), text: stableStringify(inner) }) } } };
    expect(contentHash(outer, volatile)).toBe(referenceHash(outer, volatile));
    expect(contentHash(inner, volatile)).toBe(referenceHash(inner, volatile));
  });

  it('write non-ASCII text that JSON.stringify makes of a function or BigInt with its own toJSON as UTF-8, as earlier releases hashed it', () => {
    const viaFunction = { a: { toJSON: () => Object.assign(() => 0, { toJSON: () => ['\u2028', 'é'] }) } };
    expect(contentHash(viaFunction, new Set())).toBe(referenceHash(viaFunction, new Set()));
    // Pinned from the serialiser before decision 0080.
    expect(contentHash({ a: { toJSON: () => Object.assign(() => 0, { toJSON: () => ['\u2028'] }) } }, new Set())).toBe('suZLi4s-7HJh-BqZcf7Z2g');
    expect(stableStringify(viaFunction)).toBe(recursiveReference(viaFunction));
    const prototype = BigInt.prototype as { toJSON?: () => unknown };
    prototype.toJSON = function (this: bigint) {
      return { amount: `${this.toString()} €`, name: 'Zoë' };
    };
    try {
      const withBigInt = { id: 'b', custom_fields: { total: 12n, list: [1n] } };
      expect(contentHash(withBigInt, volatile)).toBe(referenceHash(withBigInt, volatile));
      expect(stableStringify([1n])).toBe(recursiveReference([1n]));
    } finally {
      delete prototype.toJSON;
    }
  });

  it('leave the writer usable after a record it refused (too deep)', () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 150; level += 1) deep = [deep];
    expect(() => contentHash({ id: 'deep', custom_fields: deep as object }, volatile)).toThrow(RecordContentError);
    expect(contentHash(candidate, volatile)).toBe('i3HqwO4NdINvi1rP0y0be9');
  });

  it(`stop an endless chain of toJSON results at the node budget (${maxContentNodes}) with too_large, not a RangeError`, () => {
    const endless = (): object => ({ toJSON: endless });
    const error = (() => {
      try {
        contentHash({ id: 'x', custom_fields: endless() }, volatile);
        return null;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(RecordContentError);
    expect(error).toMatchObject({ code: 'too_large', field: 'custom_fields' });
  });
});

describe('content hashes of real records', () => {
  let sandbox: Sandbox<'teamtailor'>;
  beforeAll(async () => {
    sandbox = await startSandbox('teamtailor', { records: 120, seed: 17 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('Teamtailor candidates read through the connector: every stored entry holds the reference hash of the record delivered', async () => {
    const ats = createConnector('teamtailor', { ...sandbox.connectorOptions, rateLimit: false });
    try {
      const store = new MemoryStateStore();
      const engine = createSyncEngine({ connector: ats, store, connectionId: 'compat', models: ['candidates'] });
      const delivered: object[] = [];
      const report = await engine.run({ mode: 'full', onBatch: async (batch) => void delivered.push(...batch.upserted) });
      expect(report.status).toBe('ok');
      expect(delivered).toHaveLength(120);
      const entries = await store.getEntries({ connectionId: 'compat', model: 'candidates' }, delivered.map((record) => (record as { id: string }).id));
      const byId = new Map(entries.map((entry) => [entry.id, entry.hash]));
      for (const record of delivered) expect(byId.get((record as { id: string }).id)).toBe(referenceHash(record, volatile));
    } finally {
      await ats.close();
    }
  });
});
