/**
 * Both Jarvi keys are redacted wherever a provider could send them back: a server that repeats the
 * `X-API-KEY` it received in every error body answers each read and each write (the push actions
 * included), on the private key's routes and on the public key's (`GET /offers`,
 * `POST /applicants`). Removing either key from the factory's `secrets` fails this test.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createJarviConnector } from '../../../src/connectors/jarvi/index.js';
import { AtsError } from '../../../src/core/errors.js';
import { assertNoCanary, canarySecret } from '../../../src/testing/canary.js';
import { serveRoutes } from './helpers.js';

const apiKey = canarySecret('jarvi_echo_private');
const publicKey = canarySecret('jarvi_echo_public');
let server: Awaited<ReturnType<typeof serveRoutes>> | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('jarvi canary echo', () => {
  it('no key the provider echoes appears in any error or in the connector', async () => {
    server = await serveRoutes((request) => {
      const key = String(request.headers['x-api-key'] ?? '');
      return { status: 400, body: { message: `invalid request for key ${key}`, error: key } };
    });
    const ats = createJarviConnector({ apiKey, publicKey, baseUrl: server.url, retry: { maxRetries: 0 } });
    const person = { first_name: 'A', last_name: 'B', email_addresses: [{ email_address: 'a@example.com' }] };
    const profile = '00000000-0000-4000-8000-000000000001';
    const project = '00000000-0000-4000-8000-000000000002';
    const calls: (() => Promise<unknown>)[] = [
      async () => { for await (const page of ats.syncCandidates().pages()) return page; },
      async () => { for await (const page of ats.syncJobPostings().pages()) return page; },
      () => ats.createCandidate({ candidate: person }),
      () => ats.createCandidate({ candidate: person, application: { job_id: project } }),
      () => ats.createApplication({ candidate_id: profile, job_id: project }),
      () => ats.findCandidatesByEmail('a@example.com'),
      () => ats.pushCandidate({ candidate: person, job_id: project }),
      () => ats.addNoteToCandidate({ candidate_id: profile, content: 'x' }),
      () => ats.checkConnection(),
    ];
    const outcomes: unknown[] = [];
    for (const call of calls) outcomes.push(await call().catch((error: unknown) => error));
    const errors = outcomes.filter((outcome) => outcome instanceof Error);
    // Every call but checkConnection (which answers a status) failed with a typed error.
    expect(errors).toHaveLength(calls.length - 1);
    expect(errors.every((error) => error instanceof AtsError)).toBe(true);
    // The server did echo both keys.
    const sent = new Set(server.requests.map((request) => request.headers['x-api-key']));
    expect(sent).toEqual(new Set([apiKey, publicKey]));
    for (const secret of [apiKey, publicKey]) {
      for (const outcome of outcomes) {
        assertNoCanary(outcome, secret);
        expect(inspect(outcome, { depth: Infinity })).not.toContain(secret);
      }
      assertNoCanary(ats, secret);
    }
    await ats.close();
  });
});
