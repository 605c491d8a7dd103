/**
 * One record must never stop a connection: a record nested deeper than the content hash's limit
 * (5,000 and more levels used to overflow the recursive serialiser with a RangeError, failing the
 * model, leaving later models not run and the cursor stuck for good), an invalid `changed_at`, a
 * value JSON cannot hold, or anything else one record does, is quarantined with its reason and
 * counted against the quarantine limit; the run completes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createConnector } from '../../src/connectors/index.js';
import { mapItems } from '../../src/core/record-pipeline.js';
import {
  contentHash,
  createSyncEngine,
  defaultVolatileFields,
  maxContentDepth,
  MemoryStateStore,
  QuarantineLimitError,
  RecordContentError,
  stableStringify,
} from '../../src/sync/index.js';
import { startFaultServer, startSandbox, type FaultServer, type Sandbox } from '../../src/testing/index.js';
import { propertySeed } from './helpers/mutations.js';
import { page, scriptedConnector, tag } from './helpers/scripted-connector.js';
import { recursiveReference } from './helpers/serialise-reference.js';

const volatile = new Set(defaultVolatileFields);

/** `{ a: { a: … { a: 'leaf' } } }`, `depth` objects deep, built without recursion. */
function nested(depth: number, kind: 'object' | 'array' = 'object'): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = kind === 'object' ? { a: value } : [value];
  return value;
}


describe('content hash: no depth overflows', () => {
  it('refuses content nested 5,000 and 200,000 levels deep with RecordContentError (too_deep), not a RangeError', () => {
    for (const depth of [5_000, 200_000]) {
      for (const kind of ['object', 'array'] as const) {
        const record = { id: 'x', remote_id: '1', custom_fields: { deep: nested(depth, kind) } };
        const error = (() => {
          try {
            contentHash(record, volatile);
            return null;
          } catch (caught) {
            return caught;
          }
        })();
        expect(error, `${kind} ${depth}`).toBeInstanceOf(RecordContentError);
        expect(error).toMatchObject({ code: 'too_deep', field: 'custom_fields' });
      }
    }
  });

  it(`hashes content up to the documented limit (${maxContentDepth} levels) and refuses one level more`, () => {
    // custom_fields is level 1, its value level 2, …
    const atLimit = { id: 'x', custom_fields: nested(maxContentDepth - 1) };
    expect(contentHash(atLimit, volatile)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(() => contentHash({ id: 'x', custom_fields: nested(maxContentDepth) }, volatile)).toThrow(RecordContentError);
  });

  it('serialises exactly like the recursive serialiser did (hashes stored by earlier releases stay valid)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.date({ noInvalidDate: true }), (value, date) => {
        const withDate = { value, date, list: [value, undefined, date] };
        expect(stableStringify(withDate)).toBe(recursiveReference(withDate));
      }),
      { seed: propertySeed, numRuns: 1_000 },
    );
  });

  it('refuses a BigInt (JSON cannot hold it) with RecordContentError, not a TypeError', () => {
    expect(() => contentHash({ id: 'x', custom_fields: { big: 10n } }, volatile)).toThrow(RecordContentError);
  });
});

describe('the engine quarantines a record it cannot process, and the run goes on', () => {
  it('a too-deep record, an invalid changed_at, a BigInt and a null record are quarantined; the others are delivered, the cursor moves, the next run is ok', async () => {
    const deep = { ...tag('deep', '2024-01-01T00:00:05Z'), custom: nested(5_000) };
    const badDate = { ...tag('bad-date', null), changed_at: '2024-02-31T00:00:00Z' };
    const big = { ...tag('big', '2024-01-01T00:00:03Z'), size: 10n };
    const first = [page([tag('a', '2024-01-01T00:00:01Z'), deep, badDate, big, null as never, tag('b', '2024-01-01T00:00:02Z')])];
    const second = [page([tag('c', '2024-01-01T00:00:06Z')])];
    const connector = scriptedConnector([first, second]);
    const delivered: string[] = [];
    // Four bad records of six on one page would trip the default page share; this test is about each kind.
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'c', quarantineLimit: { pageShare: 1 } });
    const report = await engine.run({ mode: 'delta', onBatch: async (batch) => void delivered.push(...batch.upserted.map((record) => record.id)) });
    expect(report.status, String(report.error?.stack)).toBe('ok');
    expect(delivered).toEqual(['tags:a', 'tags:b']);
    expect(report.quarantined).toBe(4);
    expect(report.models[0]!.quarantined).toEqual([
      { remote_id: 'deep', reason: 'content', issues: [{ path: ['custom'], code: 'too_deep' }] },
      { remote_id: 'bad-date', reason: 'content', issues: [{ path: ['changed_at'], code: 'invalid_date' }] },
      { remote_id: 'big', reason: 'content', issues: [{ path: ['size'], code: 'not_serialisable' }] },
      { remote_id: null, reason: 'content', issues: [{ path: [], code: 'unprocessable' }] },
    ]);
    // The deep record was read: the cursor moves past it (its changed_at is the page's greatest).
    expect(report.models[0]!.cursorAfter).toBe('2024-01-01T00:00:05.000Z');
    const next = await engine.run({ mode: 'delta', onBatch: async (batch) => void delivered.push(...batch.upserted.map((record) => record.id)) });
    expect(next.status).toBe('ok');
    expect(delivered).toEqual(['tags:a', 'tags:b', 'tags:c']);
  });

  it('records the engine quarantines count against the quarantine limit (the page is then not delivered)', async () => {
    const deepOne = { ...tag('deep-1', '2024-01-01T00:00:05Z'), custom: nested(500) };
    const deepTwo = { ...tag('deep-2', '2024-01-01T00:00:06Z'), custom: nested(500) };
    const connector = scriptedConnector([[page([tag('a', '2024-01-01T00:00:01Z'), deepOne, deepTwo])]]);
    const delivered: string[] = [];
    const report = await createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'c', quarantineLimit: 1 }).run({
      mode: 'delta',
      onBatch: async (batch) => void delivered.push(...batch.upserted.map((record) => record.id)),
    });
    expect(report.status).toBe('failed');
    expect(report.error).toBeInstanceOf(QuarantineLimitError);
    expect(delivered).toEqual([]);
    expect(report.models[0]!.cursorAfter).toBeNull();
  });
});

describe('the record pipeline quarantines whatever one item throws', () => {
  it('a schema that throws, and a changed_at the unified schema let through but no parser reads, quarantine that item only', () => {
    const wire = z.object({ id: z.string(), explode: z.boolean().optional() }).transform((item) => {
      if (item.explode) throw new Error('a schema transform that throws');
      return item;
    });
    const unified = z.object({ id: z.string(), changed_at: z.string().nullable() });
    const pipeline = {
      wire,
      unified,
      map: (item: { id: string }) => ({ id: item.id, changed_at: item.id === 'bad-date' ? '2024-02-31T00:00:00Z' : '2024-01-01T00:00:00Z' }),
      remoteId: (item: unknown) => {
        const id = (item as { id?: string }).id;
        if (id === 'unreadable') throw new Error('an id getter that throws');
        return id ?? null;
      },
    };
    const { records, quarantined } = mapItems([{ id: 'a' }, { id: 'boom', explode: true }, { id: 'bad-date' }, { id: 'unreadable', explode: true }, { id: 'b' }], pipeline, null, 0);
    expect(records.map((record) => record.id)).toEqual(['a', 'b']);
    expect(quarantined).toEqual([
      { remote_id: 'boom', reason: 'mapping', issues: [{ path: [], code: 'mapping_failed' }] },
      { remote_id: 'bad-date', reason: 'mapping', issues: [{ path: [], code: 'invalid_date' }] },
      { remote_id: null, reason: 'mapping', issues: [{ path: [], code: 'mapping_failed' }] },
    ]);
  });
});

describe('end to end: a Teamtailor candidate whose custom field nests 5,000 objects', () => {
  let sandbox: Sandbox;
  let proxy: FaultServer;
  /** The raw JSON a hostile provider sends: `JSON.stringify` itself cannot write it (it recurses). */
  const deepJson = `${'{"a":'.repeat(5_000)}"leaf"${'}'.repeat(5_000)}`;
  const marker = 'deep-value-marker';
  beforeAll(async () => {
    sandbox = await startSandbox('teamtailor', { records: 12, seed: 3 });
    const origin = new URL(sandbox.url).origin;
    // Between the connector and the sandbox: passes every exchange through, and puts the deep
    // value, as raw text, where the sandbox wrote the marker.
    proxy = await startFaultServer({
      respond: async (request) => {
        const upstream = await fetch(`${origin}${request.path}`, { method: request.method, headers: { ...request.headers, host: new URL(origin).host } });
        const text = await upstream.text();
        return { kind: 'respond', status: upstream.status, headers: { 'content-type': upstream.headers.get('content-type') ?? 'application/json', date: upstream.headers.get('date') ?? new Date().toUTCString() }, body: text.replaceAll(`"${marker}"`, deepJson) };
      },
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
  });

  it('is quarantined; the run is ok, applications still run, the cursor moves, and the next run is ok', async () => {
    const options = sandbox.connectorOptions as { apiKey: string; baseUrl: string };
    const baseUrl = `${proxy.url}${new URL(options.baseUrl).pathname}`;
    const connector = createConnector('teamtailor', { ...options, baseUrl, rateLimit: false });
    try {
      const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'deep', models: ['candidates', 'applications'] });
      const noop = async () => {};
      expect((await engine.run({ mode: 'delta', onBatch: noop })).status).toBe('ok');
      const [value] = sandbox.store.list('custom-field-values');
      const owner = (value!.rel as { owner: string }).owner;
      sandbox.update('custom-field-values', value!.id, { value: marker });
      sandbox.update('candidates', owner, {});
      const report = await engine.run({ mode: 'delta', onBatch: noop });
      expect(report.status, String(report.models.map((model) => model.error?.stack))).toBe('ok');
      const [candidates, applications] = report.models;
      expect(candidates!.quarantined).toEqual([{ remote_id: owner, reason: 'content', issues: [{ path: ['custom_fields'], code: 'too_deep' }] }]);
      expect(Date.parse(candidates!.cursorAfter!)).toBeGreaterThan(Date.parse(candidates!.cursorBefore!));
      expect(applications!.status).toBe('ok');
      expect(report.quarantined).toBe(1);
      const next = await engine.run({ mode: 'delta', onBatch: noop });
      expect(next.status).toBe('ok');
    } finally {
      await connector.close();
    }
  });
});
