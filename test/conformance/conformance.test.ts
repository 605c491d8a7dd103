/**
 * The conformance suite: runs over every registered connector against its sandbox and checks the
 * things every connector must share — folder layout, capabilities that validate and agree with
 * behaviour, records that parse against the unified schemas, unique and stable ids, and ids that
 * round-trip through the get* methods and the actions.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector, providers } from '../../src/connectors/index.js';
import { actionNames, attachmentActionNames, CapabilitiesSchema } from '../../src/core/capabilities.js';
import { UnsupportedError, ValidationError } from '../../src/core/errors.js';
import { filterNamesOf } from '../../src/core/list-filters.js';
import { syncMethodOf } from '../../src/core/reader.js';
import { modelNames, modelSchemas } from '../../src/models/registry.js';
import { sandboxProviders } from '../../src/testing/providers.js';
import { startSandboxServer, type Sandbox } from '../../src/testing/sandbox/server.js';
import type { Connector } from '../../src/actions/results.js';

const REQUIRED_FILES = ['index.ts', 'descriptor.ts', 'capabilities.ts', 'wire.ts', 'reads.ts', 'actions.ts'];

/** Placeholder inputs: enough to reach the connector (and its UnsupportedError) for every action. */
function sampleInput(action: string, ids: { candidate: string; application: string; job: string }): unknown {
  const attachment = { name: 'report.pdf', content_type: 'application/pdf', url: 'https://files.example/report.pdf' };
  switch (action) {
    case 'moveApplicationToStage':
      return { application_id: ids.application, stage_id: ids.application };
    case 'rejectApplication':
      return { application_id: ids.application };
    case 'addResultLinkToApplication':
      return { application_id: ids.application, label: 'Report', url: 'https://files.example/r' };
    case 'addResultLinkToCandidate':
      return { candidate_id: ids.candidate, label: 'Report', url: 'https://files.example/r' };
    case 'addNoteToApplication':
      return { application_id: ids.application, content: 'conformance' };
    case 'addNoteToCandidate':
      return { candidate_id: ids.candidate, content: 'conformance' };
    case 'addAttachmentToApplication':
      return { application_id: ids.application, attachment };
    case 'addAttachmentToCandidate':
      return { candidate_id: ids.candidate, attachment };
    case 'getCandidateAttachments':
      return { candidate_id: ids.candidate };
    case 'addTagToCandidate':
    case 'removeTagFromCandidate':
      return { candidate_id: ids.candidate, tag: { name: 'conformance' } };
    case 'getApplicationAttachments':
      return { application_id: ids.application };
    case 'createApplication':
      return { candidate_id: ids.candidate, job_id: ids.job };
    case 'findCandidatesByEmail':
      return 'conformance@example.com';
    case 'pushCandidate':
      return { candidate: { first_name: 'Con', last_name: 'Formance', email_addresses: [{ email_address: 'conformance.push@example.com' }] }, job_id: ids.job, dedupe: 'email' };
    default:
      return { candidate: { first_name: 'Con', last_name: 'Formance', email_addresses: [{ email_address: 'conformance@example.com' }] } };
  }
}

describe.each(providers)('conformance: %s', (provider) => {
  let sandbox: Sandbox;
  let connector: Connector;
  const firstIds: Record<string, string> = {};

  beforeAll(async () => {
    const wire = (sandboxProviders as Record<string, Parameters<typeof startSandboxServer>[0]>)[provider];
    if (!wire) throw new Error(`${provider} has no sandbox registered in src/testing/providers.ts`);
    sandbox = await startSandboxServer(wire, { records: 40, seed: 3 });
    connector = createConnector(provider, { ...sandbox.connectorOptions, rateLimit: false } as never);
  });
  afterAll(async () => {
    await connector?.close();
    await sandbox?.close();
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
    const parsed = CapabilitiesSchema.safeParse(connector.capabilities);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(Object.keys(connector.capabilities.models).sort()).toEqual([...modelNames].sort());
    expect(Object.keys(connector.capabilities.actions).sort()).toEqual([...actionNames].sort());
    expect(JSON.parse(JSON.stringify(connector.capabilities))).toEqual(connector.capabilities);
  });

  it.each(modelNames)('model %s: capability agrees with behaviour; records parse, ids unique', async (model) => {
    const capability = connector.capabilities.models[model];
    const stream = connector.syncModel(model);
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
      firstIds[model] ??= record.id;
    }
    if (model === 'candidates' || model === 'applications' || model === 'jobs') expect(count).toBeGreaterThan(0);
    expect(typeof connector[syncMethodOf[model]]).toBe('function');
  });

  it('every page of every readable model carries the provider clock (serverTime, E2/E4)', async () => {
    for (const model of modelNames) {
      if (!connector.capabilities.models[model].read) continue;
      let pages = 0;
      for await (const page of connector.syncModel(model).pages()) {
        pages += 1;
        expect(page.serverTime, `${model} page ${pages}`).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
        if (pages >= 3) break;
      }
    }
  });

  it('returns the same ids from get* as from sync*', async () => {
    for (const [model, get] of [
      ['candidates', (id: string) => connector.getCandidate(id)],
      ['applications', (id: string) => connector.getApplication(id)],
      ['jobs', (id: string) => connector.getJob(id)],
    ] as const) {
      const id = firstIds[model];
      if (!id) continue;
      try {
        expect((await get(id)).id).toBe(id);
      } catch (error) {
        expect(error).toBeInstanceOf(UnsupportedError);
      }
    }
  });

  it.each(actionNames)('action %s: unsupported ones throw UnsupportedError', async (action) => {
    const capability = connector.capabilities.actions[action];
    const input = sampleInput(action, { candidate: firstIds.candidates ?? 'x', application: firstIds.applications ?? 'x', job: firstIds.jobs ?? 'x' });
    const call = (connector[action] as (input: unknown) => Promise<unknown>)(input);
    if (!capability.supported) {
      await expect(call).rejects.toBeInstanceOf(UnsupportedError);
      await expect(call).rejects.toThrow(/does not support/);
    } else {
      // Supported: it must not claim to be unsupported (it may still fail on placeholder input).
      await call.catch((error: unknown) => expect(error).not.toBeInstanceOf(UnsupportedError));
    }
  });

  it('states, per model, every list filter it takes and whether the provider applies it', () => {
    for (const model of modelNames) {
      const filters = connector.capabilities.models[model].filters;
      expect(filters, `${model} filters`).toBeDefined();
      expect(Object.keys(filters ?? {}).sort(), model).toEqual([...filterNamesOf(model)].sort());
    }
  });

  it('states its webhooks, and which attachment forms each supported attachment action takes', () => {
    expect(connector.capabilities.webhooks).toMatchObject({ supported: expect.any(Boolean), signed: expect.any(Boolean), note: expect.any(String) });
    if (connector.capabilities.webhooks?.signed) expect(connector.capabilities.webhooks.supported).toBe(true);
    for (const action of attachmentActionNames) {
      const capability = connector.capabilities.actions[action];
      if (capability.supported) expect(capability.accepts?.length, action).toBeGreaterThan(0);
    }
  });

  it('bytes given to a URL-only attachment action are UnsupportedError, before any request', async () => {
    for (const action of attachmentActionNames) {
      const capability = connector.capabilities.actions[action];
      if (!capability.supported || capability.accepts?.includes('data')) continue;
      const before = connector.requestCount;
      const owner = action === 'addAttachmentToApplication' ? { application_id: firstIds.applications ?? 'x' } : { candidate_id: firstIds.candidates ?? 'x' };
      const error = await (connector[action] as (input: unknown) => Promise<unknown>)({ ...owner, attachment: { name: 'a.pdf', content_type: 'application/pdf', data: new Uint8Array([1]) } }).catch((caught: unknown) => caught);
      expect(error, action).toBeInstanceOf(UnsupportedError);
      expect(connector.requestCount).toBe(before);
    }
  });

  it('list filters: ids narrows every readable model to that record; an unknown filter is a ValidationError', async () => {
    for (const model of ['candidates', 'applications', 'jobs'] as const) {
      const id = firstIds[model];
      if (!id || !connector.capabilities.models[model].read) continue;
      const records = [];
      for await (const record of connector.syncModel(model, undefined, { ids: [id] })) records.push(record);
      expect(records.map((record) => record.id), model).toEqual([id]);
    }
    expect(() => connector.syncModel('candidates', undefined, { jobIds: ['x'] } as never)).toThrow(ValidationError);
  });

  it('syncOffers and syncRoles exist and agree with the capabilities', async () => {
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
});
