/**
 * Every parse of provider data goes through one helper: a 200 whose body has the wrong shape is an
 * `AtsError` (a `ValidationError` with issue paths, or a quarantined record), never a raw
 * `ZodError` or `TypeError`. Every endpoint of every connector — each model's reads, the get*
 * methods and every supported action — is fed each malformed body below by a server that answers
 * everything with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/actions/results.js';
import { actionNames } from '../../src/core/capabilities.js';
import { createConnector, providers, type ProviderName } from '../../src/connectors/index.js';
import { idSchemes } from '../../src/connectors/shared/unified-id.js';
import { AtsError, ValidationError } from '../../src/core/errors.js';
import { encodeId } from '../../src/core/ids.js';
import { modelNames } from '../../src/models/registry.js';
import { sandboxConnectorOptions } from '../../src/testing/sandbox-options.js';
import { callAction, sampleInput, type SampleIds } from './helpers/connectors.js';
import { startFixedAnswerServer, type FixedAnswerServer } from './helpers/fixed-answer-server.js';

/** 200 bodies of the wrong shape for every provider's endpoints. */
const MALFORMED = [
  '{"data":[]}',
  '[]',
  '{}',
  'null',
  '"just text"',
  '{"data":{"id":{}}}',
  '{"data":[{"id":{}}],"included":"nope"}',
  '[{"id":{}},1,null]',
  '{"Data":{"Id":5},"Errors":[],"Metadata":null}',
  '{"Data":[{"Id":null}],"Errors":null,"Metadata":{"MoreRecords":false}}',
  '{"id":"1","attachments":"none","applications":7}',
  '{"data":null,"total":"many"}',
];

/** Ids of the right kind and arity for `provider` (the server answers the same whatever the id). */
function idsFor(provider: ProviderName): SampleIds {
  const id = (kind: string) => encodeId(provider, kind, ...Array.from({ length: idSchemes[provider].kinds?.[kind]?.parts ?? 1 }, (_, index) => String(index + 1)));
  return {
    candidate: provider === 'flatchr' ? encodeId('flatchr', 'candidate', 'email', 'someone@example.com') : id('candidate'),
    application: id('application'),
    job: id('job'),
    stage: id('stage'),
  };
}

async function outcomeOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
    return null;
  } catch (error) {
    return error;
  }
}

describe.each(providers)('malformed 200 bodies: %s', (provider) => {
  let server: FixedAnswerServer;
  let connector: Connector;

  beforeAll(async () => {
    server = await startFixedAnswerServer({ status: 200, body: '{}' });
    connector = createConnector(provider, { ...sandboxConnectorOptions[provider].full(server.origin), rateLimit: false, retry: { maxRetries: 0 } });
  });
  afterAll(async () => {
    await connector?.close();
    await server?.close();
  });

  it.each(MALFORMED)('body %s: reads, get* and actions fail only with AtsError subclasses', async (body) => {
    server.answer({ status: 200, body });
    const failures: string[] = [];
    const expectTyped = (label: string, error: unknown) => {
      if (error !== null && !(error instanceof AtsError)) failures.push(`${label}: ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 120)}` : String(error)}`);
    };
    for (const model of modelNames) {
      if (!connector.capabilities.models[model].read) continue;
      expectTyped(
        `sync ${model}`,
        await outcomeOf(async () => {
          let pages = 0;
          // Bounded: a body that keeps offering "more" must not hold the test.
          for await (const _ of connector.syncModel(model).pages()) if ((pages += 1) >= 3) break;
        }),
      );
    }
    const ids = idsFor(provider);
    expectTyped('getJob', await outcomeOf(() => connector.getJob(ids.job)));
    expectTyped('getCandidate', await outcomeOf(() => connector.getCandidate(ids.candidate)));
    expectTyped('getApplication', await outcomeOf(() => connector.getApplication(ids.application)));
    for (const action of actionNames) {
      if (!connector.capabilities.actions[action].supported) continue;
      for (const form of ['data', 'url'] as const) expectTyped(`${action} (${form})`, await outcomeOf(() => callAction(connector, action, sampleInput(action, ids, form))));
    }
    const status = await connector.checkConnection();
    expect(['connected', 'unreachable', 'missing_permissions', 'invalid_credentials', 'rate_limited']).toContain(status.status);
    expect(failures).toEqual([]);
    expect(server.seen.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('the malformed answers the hardening review found', () => {
  it('Teamtailor getCandidateAttachments when GET /candidates/{id} answers {"data":[]}: ValidationError with the path', async () => {
    const server = await startFixedAnswerServer({ status: 200, body: '{"data":[]}' });
    const connector = createConnector('teamtailor', { ...sandboxConnectorOptions.teamtailor.full(server.origin), rateLimit: false });
    try {
      const error = await outcomeOf(() => connector.getCandidateAttachments({ candidate_id: encodeId('teamtailor', 'candidate', '7') }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ source: 'provider', operation: 'getCandidateAttachments' });
      expect((error as ValidationError).issues.length).toBeGreaterThan(0);
    } finally {
      await connector.close();
      await server.close();
    }
  });

  it('Flatchr write actions when POST /user/login answers 200 without a token: ValidationError naming the login answer', async () => {
    const server = await startFixedAnswerServer({ status: 200, body: '{"user":{"id":"u1"}}' });
    const connector = createConnector('flatchr', { ...sandboxConnectorOptions.flatchr.full(server.origin), rateLimit: false });
    try {
      const error = await outcomeOf(() => connector.addNoteToApplication({ application_id: encodeId('flatchr', 'application', 'abc', '12'), content: 'hello' }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ source: 'provider', operation: 'POST /user/login', issues: [{ path: ['token'], code: 'invalid_type' }] });
      expect(server.seen.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /user/login']);
    } finally {
      await connector.close();
      await server.close();
    }
  });
});
