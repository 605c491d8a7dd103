/**
 * Every credential a factory takes is redacted wherever it can come back: a "provider" here echoes
 * every credential it received (the API key from its header, the partner secret, the public key,
 * the Flatchr user's password from the login body) into the error bodies it answers, and every
 * error, status and connector rendering is checked for each canary. Removing a credential from a
 * factory's `secrets` makes this fail for that connector.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/actions/results.js';
import { actionNames } from '../../src/core/capabilities.js';
import { createConnector, providers, type ConnectorOptionsByProvider, type ProviderName } from '../../src/connectors/index.js';
import { AtsError } from '../../src/core/errors.js';
import { encodeId } from '../../src/core/ids.js';
import { modelNames } from '../../src/models/registry.js';
import { assertNoCanary, canarySecret } from '../../src/testing/canary.js';
import { sandboxConnectorOptions } from '../../src/testing/sandbox-options.js';
import { callAction, sampleInput } from './helpers/connectors.js';
import { startFixedAnswerServer, type FixedAnswerServer, type SeenRequest } from './helpers/fixed-answer-server.js';

/** The credential options of each factory, to fill with canaries. */
const credentialOptions: Record<ProviderName, string[]> = {
  teamtailor: ['apiKey'],
  gem: ['apiKey', 'applicationSecret'],
  crelate: ['apiKey'],
  flatchr: ['apiKey', 'userPassword'],
  jarvi: ['apiKey', 'publicKey'],
};

/** Every credential in a request, bare (without `Token token=` or `Bearer`, which redaction masks by shape). */
function credentialsIn(request: SeenRequest): string[] {
  const values: string[] = [];
  for (const name of ['authorization', 'x-api-key', 'x-application-secret']) {
    const value = request.headers[name];
    if (typeof value === 'string') values.push(value.replace(/^(Token token=|Bearer )/i, ''));
  }
  // The Flatchr login sends the user's password in its body.
  values.push(...(request.body.match(/sk_canary_[a-z0-9_]+/g) ?? []));
  return values;
}

/** A 400 whose body repeats every credential of the request, in the fields providers put messages in. */
function echo(request: SeenRequest) {
  const text = `received ${credentialsIn(request).join(' and ')}`;
  return { status: 400, body: JSON.stringify({ message: text, error: text, errors: [{ detail: text }], Errors: [{ Message: text }] }) };
}

describe.each(providers)('canary echo: %s', (provider) => {
  let server: FixedAnswerServer;
  let connector: Connector;
  const canaries: Record<string, string> = {};

  beforeAll(async () => {
    server = await startFixedAnswerServer(echo);
    for (const option of credentialOptions[provider]) canaries[option] = canarySecret(`${provider}_${option}`);
    const options: ConnectorOptionsByProvider[typeof provider] = { ...sandboxConnectorOptions[provider].full(server.origin), ...canaries, rateLimit: false, retry: { maxRetries: 0 } };
    connector = createConnector(provider, options);
  });
  afterAll(async () => {
    await connector?.close();
    await server?.close();
  });

  it('no credential the provider echoes appears in any error, status or the connector', async () => {
    const outcomes: unknown[] = [];
    const capture = async (call: () => Promise<unknown>) => {
      try {
        outcomes.push(await call());
      } catch (error) {
        expect(error).toBeInstanceOf(AtsError);
        outcomes.push(error);
      }
    };
    for (const model of modelNames) {
      if (!connector.capabilities.models[model].read) continue;
      await capture(async () => {
        for await (const page of connector.syncModel(model).pages()) return page;
        return null;
      });
    }
    const ids = {
      candidate: provider === 'flatchr' ? encodeId('flatchr', 'candidate', 'email', 'a@example.com') : encodeId(provider, 'candidate', '1'),
      application: ['crelate', 'jarvi', 'flatchr'].includes(provider) ? encodeId(provider, 'application', '1', '2') : encodeId(provider, 'application', '1'),
      job: encodeId(provider, 'job', '1'),
      stage: encodeId(provider, 'stage', '1'),
    };
    await capture(() => connector.getCandidate(ids.candidate));
    await capture(() => connector.checkConnection());
    for (const action of actionNames) {
      if (connector.capabilities.actions[action].supported) await capture(() => callAction(connector, action, sampleInput(action, ids, 'url')));
    }
    // The provider did receive (and echo) every credential...
    const received = server.seen.flatMap(credentialsIn).join(' ');
    for (const [option, canary] of Object.entries(canaries)) expect(received.includes(canary), `${option} never reached the server`).toBe(true);
    expect(outcomes.some((outcome) => JSON.stringify(outcome)?.includes('[REDACTED]'))).toBe(true);
    // ...and none of it came back out.
    for (const canary of Object.values(canaries)) {
      for (const outcome of outcomes) assertNoCanary(outcome, canary);
      assertNoCanary(connector, canary);
    }
  }, 60_000);
});
