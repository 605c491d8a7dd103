/**
 * The conformance suite: runs over every registered connector against its sandbox and checks the
 * things every connector must share — folder layout, capabilities that validate and agree with
 * behaviour, records that parse against the unified schemas, unique and stable ids, and ids that
 * round-trip through the get* methods and the actions, in their unified and provider forms. Each
 * test reads the records it needs itself, so any test passes or fails alone.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providers } from '../../src/connectors/index.js';
import { actionNames, attachmentActionNames, CapabilitiesSchema } from '../../src/core/capabilities.js';
import { AtsError, UnsupportedError, ValidationError } from '../../src/core/errors.js';
import { filterNamesOf } from '../../src/core/list-filters.js';
import { tryDecode } from '../../src/core/ids.js';
import { syncMethodOf } from '../../src/core/reader.js';
import { AttachmentSchema } from '../../src/models/misc.js';
import type { Attachment } from '../../src/models/index.js';
import { modelNames, modelSchemas } from '../../src/models/registry.js';
import { unifiedId, type RecordKind } from '../../src/index.js';
import { callAction, requireRecord, sampleIds, sampleInput, sandboxed, type SandboxedConnector } from './helpers/connectors.js';

const REQUIRED_FILES = ['index.ts', 'descriptor.ts', 'capabilities.ts', 'wire.ts', 'reads.ts', 'actions.ts', 'ids.ts'];

/** The kind in the unified ids of each model's records. */
const kindOf: Record<(typeof modelNames)[number], RecordKind> = {
  users: 'user',
  jobs: 'job',
  job_postings: 'job_posting',
  application_stages: 'stage',
  job_stages: 'job_stage',
  hiring_team: 'hiring_team',
  candidates: 'candidate',
  applications: 'application',
  interviews: 'interview',
  interviewers: 'interviewer',
  tags: 'tag',
  rejection_reasons: 'rejection_reason',
  roles: 'role',
  offers: 'offer',
};

describe.each(providers)('conformance: %s', (provider) => {
  let run: SandboxedConnector;

  beforeAll(async () => {
    run = await sandboxed(provider);
  });
  afterAll(async () => {
    await run?.close();
  });

  it('has the connector folder layout and a docs page', () => {
    for (const file of REQUIRED_FILES) expect(existsSync(`src/connectors/${provider}/${file}`), file).toBe(true);
    expect(existsSync(`src/connectors/${provider}/mappers`) || existsSync(`src/connectors/${provider}/mappers.ts`)).toBe(true);
    expect(existsSync(`docs/connectors/${provider}.md`)).toBe(true);
    // The fake server lives with the test layer, never in the connector's folder.
    expect(existsSync(`src/testing/sandboxes/${provider}/sandbox.ts`)).toBe(true);
    expect(existsSync(`src/connectors/${provider}/sandbox.ts`)).toBe(false);
  });

  it('declares capabilities that validate and cover every model and action', () => {
    const { connector } = run;
    const parsed = CapabilitiesSchema.safeParse(connector.capabilities);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(Object.keys(connector.capabilities.models).sort()).toEqual([...modelNames].sort());
    expect(Object.keys(connector.capabilities.actions).sort()).toEqual([...actionNames].sort());
    expect(JSON.parse(JSON.stringify(connector.capabilities))).toEqual(connector.capabilities);
  });

  it.each(modelNames)('model %s: capability agrees with behaviour; records parse, ids unique, unifiedId(remote_id) is the id', async (model) => {
    const { connector } = run;
    const capability = connector.capabilities.models[model];
    const stream = connector.syncModel(model);
    expect(typeof connector[syncMethodOf[model]]).toBe('function');
    if (!capability.read) {
      await expect(async () => {
        for await (const _ of stream) break;
      }).rejects.toBeInstanceOf(UnsupportedError);
      return;
    }
    const ids = new Set<string>();
    let count = 0;
    for await (const record of stream) {
      count += 1;
      expect(count).toBeLessThan(10_000);
      const parsed = modelSchemas[model].safeParse(record);
      expect(parsed.success, `${model} ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(ids.has(record.id), `duplicate ${model} id ${record.remote_id}`).toBe(false);
      ids.add(record.id);
      expect(record.remote_data).not.toBeNull();
      expect(tryDecode(record.id)?.slice(0, 2)).toEqual([provider, kindOf[model]]);
      // A caller who stored the remote id gets the same unified id back; a Flatchr application's
      // remote id is the applicant alone, so its documented form adds the vacancy's integer id.
      const remote = provider === 'flatchr' && model === 'applications' ? `${record.remote_id}:${String(tryDecode(record.id)?.[3])}` : record.remote_id;
      expect(unifiedId(provider, kindOf[model], remote), `${model} ${record.remote_id}`).toBe(record.id);
    }
    if (model === 'candidates' || model === 'applications' || model === 'jobs') expect(count).toBeGreaterThan(0);
  });

  it('every page of every readable model carries the provider clock (serverTime)', async () => {
    const { connector } = run;
    let checked = 0;
    for (const model of modelNames) {
      if (!connector.capabilities.models[model].read) continue;
      let pages = 0;
      for await (const page of connector.syncModel(model).pages()) {
        pages += 1;
        checked += 1;
        expect(page.serverTime, `${model} page ${pages}`).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
        if (pages >= 3) break;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it.each(['candidates', 'applications', 'jobs'] as const)('get* of a %s record returns it, by its unified id and by the provider id', async (model) => {
    const { connector } = run;
    const get = { candidates: connector.getCandidate, applications: connector.getApplication, jobs: connector.getJob }[model].bind(connector);
    const record = await requireRecord(connector, model);
    const byUnified = await get(record.id);
    expect(byUnified.id).toBe(record.id);
    expect(modelSchemas[model].safeParse(byUnified).success).toBe(true);
    // The provider's own id is accepted too (a recruiter copies it from the ATS screen).
    expect((await get(record.remote_id)).id).toBe(record.id);
  });

  it('states, per model, every list filter it takes and whether the provider applies it', () => {
    const { connector } = run;
    for (const model of modelNames) {
      const filters = connector.capabilities.models[model].filters;
      expect(filters, `${model} filters`).toBeDefined();
      expect(Object.keys(filters ?? {}).sort(), model).toEqual([...filterNamesOf(model)].sort());
    }
  });

  it('states its webhooks, and which attachment forms each supported attachment action takes', () => {
    const { connector } = run;
    expect(connector.capabilities.webhooks).toMatchObject({ supported: expect.any(Boolean), signed: expect.any(Boolean), note: expect.any(String) });
    if (connector.capabilities.webhooks?.signed) expect(connector.capabilities.webhooks.supported).toBe(true);
    for (const action of attachmentActionNames) {
      const capability = connector.capabilities.actions[action];
      if (capability.supported) expect(capability.accepts?.length, action).toBeGreaterThan(0);
    }
  });

  it('bytes given to a URL-only attachment action are UnsupportedError, before any request', async () => {
    const { connector } = run;
    const ids = await sampleIds(connector);
    let checked = 0;
    for (const action of attachmentActionNames) {
      const capability = connector.capabilities.actions[action];
      if (!capability.supported || capability.accepts?.includes('data')) continue;
      const before = connector.requestCount;
      const error = await callAction(connector, action, sampleInput(action, ids, 'data')).catch((caught: unknown) => caught);
      expect(error, action).toBeInstanceOf(UnsupportedError);
      expect(connector.requestCount).toBe(before);
      checked += 1;
    }
    // Only a provider that takes URLs alone has something to refuse here.
    const urlOnly = attachmentActionNames.filter((action) => connector.capabilities.actions[action].supported && !connector.capabilities.actions[action].accepts?.includes('data'));
    expect(checked).toBe(urlOnly.length);
  });

  it('list filters: ids narrows every readable model to that record; an unknown filter is a ValidationError', async () => {
    const { connector } = run;
    for (const model of ['candidates', 'applications', 'jobs'] as const) {
      if (!connector.capabilities.models[model].read) continue;
      const record = await requireRecord(connector, model);
      const records = [];
      for await (const found of connector.syncModel(model, undefined, { ids: [record.id] })) records.push(found);
      expect(records.map((found) => found.id), model).toEqual([record.id]);
    }
    expect(() => connector.syncModel('candidates', undefined, { jobIds: ['x'] } as never)).toThrow(ValidationError);
  });

  it('syncOffers and syncRoles exist and agree with the capabilities', async () => {
    const { connector } = run;
    for (const model of ['offers', 'roles'] as const) {
      const method = syncMethodOf[model];
      expect(typeof connector[method]).toBe('function');
      const stream = connector[method]();
      if (connector.capabilities.models[model].read) {
        for await (const record of stream) expect(modelSchemas[model].safeParse(record).success).toBe(true);
      } else {
        await expect(async () => {
          for await (const _ of stream) break;
        }).rejects.toBeInstanceOf(UnsupportedError);
      }
    }
  });

  it.each(actionNames)('action %s: unsupported ones throw UnsupportedError; supported ones succeed or fail with a typed error', async (action) => {
    const { connector } = run;
    const capability = connector.capabilities.actions[action];
    const ids = await sampleIds(connector);
    const attempt = (form: 'data' | 'url') =>
      callAction(connector, action, sampleInput(action, ids, form)).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    if (!capability.supported) {
      const refused = await attempt('data');
      expect(refused.ok ? null : refused.error).toBeInstanceOf(UnsupportedError);
      expect(String(refused.ok ? '' : refused.error)).toMatch(/does not support/);
      return;
    }
    let outcome = await attempt('data');
    // A provider that takes attachments in one form only refuses the other; the supported form is tried next.
    if (!outcome.ok && action.startsWith('addAttachment') && outcome.error instanceof UnsupportedError) outcome = await attempt('url');
    if (!outcome.ok) {
      // A supported action may still fail on this sandbox input, but with a typed error of this
      // provider, never as an unsupported action.
      expect(outcome.error).toBeInstanceOf(AtsError);
      expect(String(outcome.error)).not.toMatch(/does not support/);
      expect((outcome.error as AtsError).provider).toBe(provider);
      return;
    }
    if (action === 'getCandidateAttachments' || action === 'getApplicationAttachments') {
      expect(Array.isArray(outcome.value)).toBe(true);
      for (const attachment of outcome.value as Attachment[]) {
        const { download, ...metadata } = attachment;
        expect(typeof download).toBe('function');
        expect(AttachmentSchema.safeParse(metadata).success, JSON.stringify(AttachmentSchema.safeParse(metadata).error?.issues)).toBe(true);
      }
    } else if (action === 'findCandidatesByEmail') {
      expect(Array.isArray(outcome.value)).toBe(true);
      for (const candidate of outcome.value as unknown[]) expect(modelSchemas.candidates.safeParse(candidate).success).toBe(true);
    } else if (action === 'pushCandidate') {
      expect(outcome.value).toMatchObject({ status: expect.stringMatching(/^(created|reused)$/), warnings: expect.any(Array) });
    } else if (action === 'createCandidate') {
      expect(outcome.value).toMatchObject({ warnings: expect.any(Array), candidate: { first_name: 'Con', last_name: 'Formance' } });
      expect(modelSchemas.candidates.safeParse((outcome.value as { candidate: unknown }).candidate).success).toBe(true);
    } else {
      expect(outcome.value).toMatchObject({ warnings: expect.any(Array) });
      const remoteId = (outcome.value as { remote_id: unknown }).remote_id;
      expect(remoteId === null || typeof remoteId === 'string').toBe(true);
    }
  });
});
