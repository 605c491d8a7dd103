/**
 * X2 (reliability.md §2.5): a provider answering with a redirect to another origin (a second
 * loopback "attacker" server) must not make the SDK carry credentials there. API calls do not
 * follow redirects at all (§3), and pagination links to another origin are refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, ProviderError } from '../../src/core/errors.js';
import { jsonApiLinksNext, paginate } from '../../src/core/pagination.js';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { createTestClient, timed } from '../helpers/test-client.js';

let provider: FaultServer;
let attacker: FaultServer;
beforeEach(async () => {
  provider = await startFaultServer();
  attacker = await startFaultServer();
});
afterEach(async () => {
  await provider.close();
  await attacker.close();
});

const credentialHeaders = (secret: string) => ({
  authorization: `Bearer ${secret}`,
  cookie: `session=${secret}`,
  'x-api-key': secret,
});

describe('cross-origin redirects', () => {
  for (const [status, method] of [
    [302, 'GET'],
    [301, 'GET'],
    [307, 'POST'],
    [308, 'PUT'],
  ] as const) {
    it(`X2: a ${status} on ${method} pointing at another origin is not followed, and that origin receives nothing`, async () => {
      const { client, secret } = createTestClient(provider.url);
      provider.respondWith(() => ({ kind: 'respond', status, headers: { location: `${attacker.url}/steal?next=1` } }));
      const outcome = await timed(() =>
        client.request({
          method,
          path: '/candidates',
          headers: credentialHeaders(secret),
          ...(method === 'GET' ? {} : { json: { a: 1 }, idempotent: true }),
          operation: 'X2',
        }),
      );
      await client.close();

      expect(outcome.error).toBeInstanceOf(ProviderError);
      expect((outcome.error as ProviderError).status).toBe(status);
      expect(provider.stats.requests).toBe(1);
      expect(attacker.stats.connections).toBe(0);
      expect(attacker.requests).toHaveLength(0);
    });
  }

  it('X2: a pagination link to another origin is refused before any connection to it', async () => {
    const { client } = createTestClient(provider.url);
    provider.respondWith(() => ({ kind: 'json', body: { data: [{ id: 1 }], links: { next: `${attacker.url}/candidates?page[number]=2` } } }));
    const pages: unknown[] = [];
    const outcome = await timed(async () => {
      for await (const page of paginate({
        client,
        strategy: jsonApiLinksNext,
        path: '/candidates',
        pageSize: 1,
        items: (body) => (body as { data: unknown[] }).data,
        operation: 'X2-pagination',
      })) {
        pages.push(page);
      }
    });
    await client.close();

    expect(pages).toHaveLength(1);
    expect(outcome.error).toBeInstanceOf(ConfigError);
    expect(attacker.stats.connections).toBe(0);
  });
});
