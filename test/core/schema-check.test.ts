/**
 * `checkedParse` against zod: the compiled check may only vouch for a value zod accepts unchanged.
 * Records of every model come from every sandbox through the real connectors (transport, wire
 * schemas, mappers); each is then mutated field by field (wrong types, empty strings, impossible
 * dates, unsafe numbers, missing and extra keys) and both sides judge every mutant. The wire schemas
 * get the same treatment with the raw items the records kept in `remote_data`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createConnector } from '../../src/connectors/index.js';
import { acceptorOf, checkedParse, closureAcceptorOf, uncheckedParts } from '../../src/core/schema-check.js';
import { modelSchemas, type ModelName } from '../../src/models/index.js';
import { createSyncEngine, MemoryStateStore, type AnySyncBatch } from '../../src/sync/index.js';
import { sandboxProviders, startSandbox, type SandboxProviderName } from '../../src/testing/index.js';
import * as crelateWire from '../../src/connectors/crelate/wire.js';
import * as flatchrWire from '../../src/connectors/flatchr/wire.js';
import * as gemWire from '../../src/connectors/gem/wire.js';
import * as jarviWire from '../../src/connectors/jarvi/wire.js';
import * as teamtailorWire from '../../src/connectors/teamtailor/wire.js';
import { crelatePipelines } from '../../src/connectors/crelate/reads.js';
import { flatchrPipelines } from '../../src/connectors/flatchr/reads.js';
import { gemPipelines } from '../../src/connectors/gem/reads.js';
import { jarviPipelines } from '../../src/connectors/jarvi/reads.js';
import { teamtailorPipelines } from '../../src/connectors/teamtailor/reads.js';

const providers = Object.keys(sandboxProviders) as SandboxProviderName[];
const records = new Map<ModelName, unknown[]>();
const rawItems: unknown[] = [];

beforeAll(async () => {
  for (const provider of providers) {
    const sandbox = await startSandbox(provider, { records: 12, seed: 5 });
    const ats = createConnector(provider, { ...sandbox.connectorOptions, rateLimit: false } as never);
    try {
      const engine = createSyncEngine({ connector: ats, store: new MemoryStateStore(), connectionId: `check-${provider}` });
      const report = await engine.run({
        mode: 'full',
        onBatch: async (batch: AnySyncBatch) => {
          const list = records.get(batch.model) ?? [];
          list.push(...batch.upserted);
          records.set(batch.model, list);
          for (const record of batch.upserted) if (record.remote_data) rawItems.push(record.remote_data);
        },
      });
      expect(report.status).toBe('ok');
    } finally {
      await ats.close();
      await sandbox.close();
    }
  }
}, 120_000);

/** Values that break one field in as many ways as zod distinguishes. */
const PALETTE: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 60,
  '',
  'x',
  'ABC-Upper',
  'OTHER',
  '2024-05-02T14:40:03.880Z',
  '2024-02-30T10:00:00Z',
  '2024-05-02T14:40:03+02:00',
  true,
  [],
  [1],
  ['x'],
  {},
  { id: 'x' },
  new Date(0),
];

/** Every path to a value inside `value` (objects and arrays), at most `limit` of them. */
function paths(value: unknown, limit: number, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (out.length >= limit || value === null || typeof value !== 'object') return out;
  for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
    const path = [...prefix, key];
    out.push(path);
    paths((value as Record<string | number, unknown>)[key], limit, path, out);
  }
  return out;
}

/** A deep copy of `value` with the value at `path` replaced (deleted from an object when `next` is undefined and `remove` is set). */
function mutate(value: unknown, path: (string | number)[], next: unknown, remove: boolean): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove && !Array.isArray(parent)) delete parent[last];
  else parent[last] = next;
  return copy;
}

/**
 * Both sides judge `value`; the fast path must never vouch for what zod rejects or changes, and its
 * two backends (the generated function and the closures used where generated code is refused)
 * must give the same verdict.
 */
function judge(schema: z.ZodType, value: unknown): { fast: boolean; zod: boolean } {
  const fast = acceptorOf(schema)(value);
  expect(closureAcceptorOf(schema)(value), 'the generated check and the closures disagree').toBe(fast);
  const parsed = schema.safeParse(value);
  if (fast) {
    expect(parsed.success, 'the fast path vouched for a value zod rejects').toBe(true);
    expect(checkedParse(schema, value).data).toStrictEqual(parsed.data);
  }
  return { fast, zod: parsed.success };
}

describe('checkedParse', () => {
  it('every unified schema compiles without a part that always defers to zod', () => {
    for (const [model, schema] of Object.entries(modelSchemas)) expect([model, uncheckedParts(schema)]).toEqual([model, []]);
  });

  it('vouches for every record the sandboxes deliver, with zod’s output and key order', () => {
    expect(records.size).toBeGreaterThanOrEqual(10);
    for (const [model, list] of records) {
      const schema: z.ZodType = modelSchemas[model];
      for (const record of list) {
        expect(acceptorOf(schema)(record), `${model} ${JSON.stringify(record).slice(0, 200)}`).toBe(true);
        expect(JSON.stringify(checkedParse(schema, record).data)).toBe(JSON.stringify(schema.parse(record)));
      }
    }
  });

  it('never vouches for a mutant zod rejects or changes (every model, every field, every palette value)', () => {
    let mutants = 0;
    let rejected = 0;
    for (const [model, list] of records) {
      const schema: z.ZodType = modelSchemas[model];
      for (const record of list.slice(0, 4)) {
        for (const path of paths(record, 80)) {
          if (path[0] === 'remote_data' && path.length > 2) continue;
          for (const next of PALETTE) {
            const verdict = judge(schema, mutate(record, path, next, false));
            mutants += 1;
            if (!verdict.zod) rejected += 1;
          }
          judge(schema, mutate(record, path, undefined, true));
        }
        judge(schema, { ...(record as object), unexpected: 1 });
        judge(schema, Object.assign(Object.create({ inherited: true }) as object, record));
      }
    }
    // The mutants are not vacuous: zod rejects a good share of them and the fast path is exercised.
    expect(mutants).toBeGreaterThan(5_000);
    expect(rejected).toBeGreaterThan(mutants / 4);
  });

  it('wire schemas: vouches only for raw items zod accepts unchanged, mutated the same way', () => {
    const schemas = [teamtailorWire, gemWire, crelateWire, flatchrWire, jarviWire].flatMap((module) =>
      Object.values(module).filter((value): value is z.ZodType => value instanceof z.ZodType),
    );
    let vouched = 0;
    for (const schema of schemas) {
      const seeds = rawItems.filter((item) => schema.safeParse(item).success).slice(0, 3);
      for (const seed of seeds) {
        if (judge(schema, seed).fast) vouched += 1;
        for (const path of paths(seed, 40)) for (const next of PALETTE) judge(schema, mutate(seed, path, next, false));
      }
    }
    expect(vouched).toBeGreaterThan(20);
  });

  it('ids: a lower-case Jarvi id and a string provider id pass unchanged; other forms go through zod', () => {
    const jarvi = jarviWire.userSchema;
    expect(acceptorOf(jarvi)({ id: 'a1b2' })).toBe(true);
    expect(acceptorOf(jarvi)({ id: 'A1B2' })).toBe(false);
    expect(checkedParse(jarvi, { id: 'A1B2' }).data).toEqual({ id: 'a1b2' });
    const candidate = { id: 12, type: 'candidates', attributes: {} };
    expect(acceptorOf(teamtailorWire.candidateSchema)(candidate)).toBe(false);
    expect(checkedParse(teamtailorWire.candidateSchema, candidate).data?.id).toBe('12');
    expect(checkedParse(teamtailorWire.candidateSchema, { ...candidate, id: 2 ** 60 }).success).toBe(false);
  });

  it('a record built in the schema key order is returned as it is; any other order is copied into that order', () => {
    const schema = z.strictObject({ id: z.string(), name: z.string().nullable(), tags: z.array(z.string()) });
    const inOrder = { id: 'a', name: null, tags: ['x'] };
    expect(checkedParse(schema, inOrder).data).toBe(inOrder);
    const shuffled = { tags: ['x'], id: 'a', name: null };
    const parsed = checkedParse(schema, shuffled).data;
    expect(parsed).not.toBe(shuffled);
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(schema.parse(shuffled)));
    expect(Object.keys(parsed!)).toEqual(['id', 'name', 'tags']);
  });

  it('a refinement is vouched for only when it answers exactly true; a throwing one defers to zod', () => {
    const truthy = z.string().refine((value) => (value === 'ok' ? 1 : 0) as unknown as boolean);
    expect(acceptorOf(truthy)('ok')).toBe(false);
    expect(checkedParse(truthy, 'ok')).toEqual({ success: true, data: 'ok' });
    const throwing = z.number().refine(() => {
      throw new Error('boom');
    });
    expect(acceptorOf(throwing)(1)).toBe(false);
    expect(() => checkedParse(throwing, 1)).toThrow('boom');
  });
});

describe('candidate mappers', () => {
  it('Teamtailor, Gem, Crelate, Flatchr and Jarvi build candidates in the schema key order, so the check returns them without a copy', () => {
    const schemaKeys = Object.keys(modelSchemas.candidates.shape);
    const pipelines = { teamtailor: [teamtailorPipelines.candidates, new Map()], gem: [gemPipelines.candidates, null], crelate: [crelatePipelines.candidates, null], flatchr: [flatchrPipelines.candidates, null], jarvi: [jarviPipelines.candidates, null] } as const;
    for (const [provider, [pipeline, context]] of Object.entries(pipelines)) {
      let mapped = 0;
      for (const item of rawItems) {
        const wire = (pipeline.wire as z.ZodType).safeParse(item);
        if (!wire.success) continue;
        let record: unknown;
        try {
          record = (pipeline.map as (item: unknown, context: unknown) => unknown)(wire.data, context);
        } catch {
          continue;
        }
        if (record === null || Array.isArray(record) || !modelSchemas.candidates.safeParse(record).success) continue;
        expect([provider, Object.keys(record as object)]).toEqual([provider, schemaKeys]);
        expect(checkedParse(modelSchemas.candidates, record).data).toBe(record);
        mapped += 1;
      }
      expect([provider, mapped > 0]).toEqual([provider, true]);
    }
  });
});

describe('checkedParse backends', () => {
  it('z.custom is vouched for when its function answers exactly true, and the value passes unchanged', () => {
    const any = z.custom<{ row: number }>();
    const row = { row: 1 };
    expect(acceptorOf(any)(row)).toBe(true);
    expect(checkedParse(any, row).data).toBe(row);
    const strings = z.custom<string>((value) => typeof value === 'string');
    expect(acceptorOf(strings)('a')).toBe(true);
    expect(acceptorOf(strings)(1)).toBe(false);
    expect(checkedParse(strings, 1).success).toBe(false);
    const refined = z.custom<string>(() => true).refine(() => false);
    expect(acceptorOf(refined)('a')).toBe(false);
    expect(checkedParse(refined, 'a').success).toBe(false);
    for (const schema of [any, strings, refined]) for (const value of ['a', 1, null, row]) judge(schema, value);
  });

  it('key names that are not identifiers (quotes, new lines, __proto__, numbers) are checked as keys, not code', () => {
    const schema = z.strictObject({ 'a"b': z.string(), 'line\nbreak': z.number(), "x'); return true; //": z.boolean(), '0': z.null(), 'with space': z.string().optional() });
    const good = { 'a"b': 'x', 'line\nbreak': 1, "x'); return true; //": false, '0': null };
    expect(acceptorOf(schema)(good)).toBe(true);
    expect(acceptorOf(schema)({ ...good, 'with space': 's' })).toBe(true);
    expect(acceptorOf(schema)({ ...good, "x'); return true; //": 'no' })).toBe(false);
    expect(acceptorOf(schema)({ ...good, '0': 0 })).toBe(false);
    expect(acceptorOf(schema)({ ...good, 'with space': undefined })).toBe(false);
    expect(checkedParse(schema, { ...good, 'with space': undefined }).success).toBe(true);
    for (const value of [good, { ...good, extra: 1 }, { ...good, 'a"b': 2 }, JSON.parse('{"__proto__": 1}')]) judge(schema, value);
  });

  it('under zod\'s jitless setting the checks are closures, with the same verdicts', async () => {
    z.config({ jitless: true });
    try {
      vi.resetModules();
      const fresh = await import('../../src/core/schema-check.js');
      const schema = modelSchemas.candidates;
      const generated = acceptorOf(schema);
      const interpreted = fresh.acceptorOf(schema);
      expect(generated.name).toBe('check');
      expect(interpreted.name).not.toBe('check');
      const list = records.get('candidates') ?? [];
      expect(list.length).toBeGreaterThan(0);
      for (const record of list) {
        expect(interpreted(record)).toBe(true);
        expect(interpreted({ ...(record as object), id: '' })).toBe(false);
      }
    } finally {
      z.config({ jitless: false });
    }
  });
});

afterAll(() => {
  records.clear();
});
