/**
 * X1 on the Teamtailor connector: built with a canary key, the key never appears in an error or
 * in the connector, on any error path (401, 404, 406, 422, 429, transport reset, ambiguous write,
 * bad input).
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamtailorConnector } from '../../../src/connectors/teamtailor/index.js';
import { AtsError } from '../../../src/core/errors.js';
import { encodeId } from '../../../src/core/ids.js';
import { startSandbox, type Sandbox } from '../../../src/testing/index.js';
import { collect, serveFixtures, type FixtureServer } from './fixture-server.js';
import { startFixedAnswerServer } from '../../conformance/helpers/fixed-answer-server.js';

const canary = `sk_canary_tt_${randomBytes(12).toString('hex')}`;
const forms = [canary, encodeURIComponent(canary), Buffer.from(canary).toString('base64').slice(0, 24), `Token token=${canary}`];

/** Every rendering the brief names, checked for every form of the canary. */
function expectNoCanary(value: unknown, label: string): void {
  const renderings = {
    'String()': String(value),
    'JSON.stringify': JSON.stringify(value) ?? '',
    'util.inspect': inspect(value, { depth: Infinity, showHidden: true, getters: true }),
  };
  for (const [where, text] of Object.entries(renderings)) {
    for (const form of forms) expect(text.includes(form), `${label}: canary found in ${where}`).toBe(false);
  }
}

let served: FixtureServer | undefined;
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await served?.close();
  await sandbox?.close();
  served = undefined;
  sandbox = undefined;
});

describe('X1: the API key never leaks (canary)', () => {
  it('X1: 401 from the sandbox (a wrong key): the key is in no rendering of the error or the connector', async () => {
    sandbox = await startSandbox('teamtailor', { records: 3 });
    const connector = createTeamtailorConnector({ apiKey: canary, baseUrl: sandbox.url, rateLimit: false });
    const error = await collect(connector.syncCandidates()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AtsError);
    expect((error as AtsError).name).toBe('AuthError');
    expectNoCanary(error, '401');
    expectNoCanary((error as Error).cause, '401 cause');
    expectNoCanary(connector, 'connector');
    expectNoCanary(await connector.checkConnection(), 'checkConnection');
    await connector.close();
  });

  it('X1: 404, 406, 422 and 429 answers: the key is in no rendering of the error', async () => {
    served = await serveFixtures(['candidates.not-found', 'candidates.missing-version', 'candidates.validation-error'], { apiKey: canary });
    const errors = [
      await served.connector.getCandidate(encodeId('teamtailor', 'candidate', '99999999')).catch((caught: unknown) => caught),
      await collect(served.connector.syncCandidates()).catch((caught: unknown) => caught),
      await served.connector
        .createCandidate({ candidate: { first_name: 'A', last_name: 'B', email_addresses: [{ email_address: 'a@example.com' }] } })
        .catch((caught: unknown) => caught),
    ];
    expect(errors.map((error) => (error as AtsError).name)).toEqual(['NotFoundError', 'ProviderError', 'ProviderError']);
    errors.forEach((error, index) => expectNoCanary(error, `error ${index}`));
    await served.close();
    served = await serveFixtures(['candidates.rate-limited'], { apiKey: canary });
    const limited = await collect(served.connector.syncCandidates()).catch((caught: unknown) => caught);
    expect((limited as AtsError).name).toBe('RateLimitError');
    expectNoCanary(limited, '429');
    expectNoCanary(served.connector, 'connector');
  });

  it('X1: a reset on a read (TransportError after retries) and on a create (AmbiguousWriteError)', async () => {
    sandbox = await startSandbox('teamtailor', { records: 3, faults: { resetRate: 1 } });
    const connector = createTeamtailorConnector({ apiKey: canary, baseUrl: sandbox.url, rateLimit: false, retry: { maxRetries: 1, baseDelayMs: 1 } });
    const read = await collect(connector.syncUsers()).catch((caught: unknown) => caught);
    const write = await connector
      .createCandidate({ candidate: { first_name: 'A', last_name: 'B', email_addresses: [{ email_address: 'a@example.com' }] } })
      .catch((caught: unknown) => caught);
    expect((read as AtsError).name).toMatch(/TransportError|ProviderUnavailableError/);
    expect((write as AtsError).name).toBe('AmbiguousWriteError');
    expectNoCanary(read, 'reset read');
    expectNoCanary(write, 'reset write');
    expectNoCanary(connector, 'connector');
    await connector.close();
  });

  it('X1: bad input and a wrong-kind id (an input ValidationError) carry no key', async () => {
    const connector = createTeamtailorConnector({ apiKey: canary, baseUrl: 'http://127.0.0.1:9/v1', rateLimit: false });
    const error = await connector
      .moveApplicationToStage({ application_id: encodeId('teamtailor', 'candidate', '1'), stage_id: 'x' })
      .catch((caught: unknown) => caught);
    expect((error as AtsError).name).toBe('ValidationError');
    expectNoCanary(error, 'config');
    expectNoCanary(connector, 'connector');
    await connector.close();
  });

  it('X1: a Teamtailor that echoes the key it received (JSON:API error detail, 401/404/422/500) gets it back redacted everywhere', async () => {
    const statuses = [401, 404, 422, 500];
    let next = 0;
    const server = await startFixedAnswerServer((request) => {
      const key = String(request.headers.authorization ?? '').replace(/^Token token=/, '');
      const status = statuses[next++ % statuses.length] as number;
      return { status, headers: { 'content-type': 'application/vnd.api+json' }, body: JSON.stringify({ errors: [{ status: String(status), title: `bad key ${key}`, detail: `received token ${key}` }] }) };
    });
    const connector = createTeamtailorConnector({ apiKey: canary, baseUrl: `${server.origin}/v1`, rateLimit: false, retry: { maxRetries: 0 } });
    const outcomes = [
      await collect(connector.syncCandidates()).catch((caught: unknown) => caught),
      await connector.getCandidate(encodeId('teamtailor', 'candidate', '1')).catch((caught: unknown) => caught),
      await connector.createCandidate({ candidate: { first_name: 'A', last_name: 'B', email_addresses: [{ email_address: 'a@example.com' }] } }).catch((caught: unknown) => caught),
      await collect(connector.syncUsers()).catch((caught: unknown) => caught),
    ];
    const status = await connector.checkConnection();
    expect(outcomes.map((outcome) => (outcome as { status?: number }).status)).toEqual([401, 404, 422, 500]);
    // The server did receive and echo the key: the redaction, not luck, keeps it out.
    expect(server.seen.every((request) => request.headers.authorization === `Token token=${canary}`)).toBe(true);
    expect(outcomes.map((outcome) => (outcome as Error).message).join(' ')).toContain('[REDACTED]');
    outcomes.forEach((outcome, index) => {
      expectNoCanary(outcome, `echo ${index}`);
      expectNoCanary((outcome as AtsError & { body?: unknown }).body, `echo ${index} body`);
    });
    expectNoCanary(status, 'checkConnection');
    expectNoCanary(connector, 'connector');
    await connector.close();
    await server.close();
  });
});
