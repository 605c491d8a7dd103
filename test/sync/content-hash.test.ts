/**
 * Content hashes (E9): stable under key order, blind to volatile fields, sensitive to content.
 */
import { describe, expect, it } from 'vitest';
import { contentHash, defaultVolatileFields, stableStringify } from '../../src/sync/index.js';
import { setup } from './helpers/setup.js';

const volatile = new Set(defaultVolatileFields);
const base = {
  id: 'c1',
  remote_id: '1',
  changed_at: '2024-01-01T00:00:00.000Z',
  remote_deleted_at: null,
  remote_updated_at: '2024-01-01T00:00:00.000Z',
  remote_data: { signed_url: 'https://cdn/x?sig=1' },
  custom_fields: { b: 1, a: { y: 2, x: 1 } },
};

describe('content hashes', () => {
  it('E9: do not depend on key order, at any depth', () => {
    const reordered = { custom_fields: { a: { x: 1, y: 2 }, b: 1 }, remote_data: base.remote_data, remote_updated_at: base.remote_updated_at, remote_deleted_at: null, changed_at: base.changed_at, remote_id: '1', id: 'c1' };
    expect(contentHash(reordered, volatile)).toBe(contentHash(base, volatile));
    expect(stableStringify({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });

  it('E9: ignore changed_at, remote_updated_at and remote_data by default, but not a deletion or a content change', () => {
    const touched = { ...base, changed_at: '2024-02-01T00:00:00.000Z', remote_updated_at: '2024-02-01T00:00:00.000Z', remote_data: { signed_url: 'https://cdn/x?sig=2' } };
    expect(contentHash(touched, volatile)).toBe(contentHash(base, volatile));
    expect(contentHash({ ...base, remote_deleted_at: '2024-02-01T00:00:00.000Z' }, volatile)).not.toBe(contentHash(base, volatile));
    expect(contentHash({ ...base, custom_fields: { b: 2, a: { y: 2, x: 1 } } }, volatile)).not.toBe(contentHash(base, volatile));
    expect(contentHash(base, volatile)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('hash a `__proto__` key like any other key (B8)', () => {
    const first = JSON.parse('{"id":"x","custom_fields":{"__proto__":{"admin":true}}}') as object;
    const second = JSON.parse('{"id":"x","custom_fields":{"__proto__":{"admin":false}}}') as object;
    expect(contentHash(first, volatile)).not.toBe(contentHash(second, volatile));
    expect(({} as { admin?: boolean }).admin).toBeUndefined();
  });

  it('E9: follow the volatileFields option: with none, a touch is a change', async () => {
    const harness = setup({ records: 2, engine: { volatileFields: [] } });
    await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    harness.provider.advance(3_000);
    harness.provider.touch('r0001');
    const report = await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
    expect(report.models[0]!.upserted).toBe(1);
  });
});
