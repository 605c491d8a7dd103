/**
 * X1 (reliability.md §2.5): a canary secret, sent as a bearer token, a Basic password, an
 * X-API-Key header, or an `api_key=` / `token=` query parameter, appears 0 times in any error
 * (JSON, util.inspect, the cause chain), in the captured logs, or in `util.inspect(client)`, on
 * every error path. The fake provider is hostile: it echoes every credential back in its bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtsError } from '../../src/core/errors.js';
import type { HttpClient, HttpClientOptions, HttpRequest } from '../../src/core/http.js';
import { assertNoCanary, canarySecret } from '../../src/testing/canary.js';
import { startFaultServer, type FaultBehaviour, type FaultServer, type RecordedRequest } from '../../src/testing/fault-server.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { createTestClient, timed } from '../helpers/test-client.js';

let server: FaultServer;
let refusedUrl: string;

/** Everything the request carried, echoed the way a careless provider would. */
function echo(request: RecordedRequest): string {
  const authorization = request.headers.authorization ?? '';
  // The bare base64 of a Basic credential too, without its "Basic " prefix.
  const bareBasic = authorization.startsWith('Basic ') ? authorization.slice(6) : '';
  // Short and credential-first, so every echo lands inside the 512-character body excerpt.
  return JSON.stringify({
    credential: bareBasic,
    message: `${request.method} ${request.path} with ${authorization} rejected; key ${request.headers['x-api-key'] ?? ''}`,
  });
}

/** The error path each request path triggers. */
const paths: Record<string, (request: RecordedRequest) => FaultBehaviour> = {
  '/unauthorized': (request) => ({ kind: 'respond', status: 401, headers: { 'content-type': 'application/json' }, body: echo(request) }),
  '/server-error': (request) => ({ kind: 'respond', status: 500, headers: { 'content-type': 'application/json' }, body: echo(request) }),
  '/rate-limited': (request) => ({ kind: 'respond', status: 429, headers: { 'retry-after': '3600' }, body: echo(request) }),
  '/timeout': () => ({ kind: 'stall' }),
  '/parse-error': (request) => ({ kind: 'respond', status: 200, headers: { 'content-type': 'application/json' }, body: `${echo(request)},,,` }),
  '/html': (request) => ({ kind: 'html', body: `<html><body><pre>${echo(request)}</pre></body></html>` }),
  '/reset-write': () => ({ kind: 'reset' }),
};

beforeAll(async () => {
  server = await startFaultServer({
    respond: (request) => {
      const path = new URL(request.path, 'http://x').pathname;
      return (paths[path] ?? (() => ({ kind: 'json', body: { ok: true } })))(request);
    },
  });
  // A port that refuses connections: open one, note it, close it.
  const closed = await startFaultServer();
  refusedUrl = closed.url;
  await closed.close();
});
afterAll(async () => {
  await server.close();
});

/** How a credential travels, and the client options that make it do so. */
const placements: Record<string, (secret: string) => { options: Partial<HttpClientOptions>; query?: Record<string, string> }> = {
  'Authorization: Bearer': () => ({ options: {} }),
  'Basic credentials': (secret) => ({
    options: { headers: { authorization: `Basic ${Buffer.from(`integration-user:${secret}`).toString('base64')}` } },
  }),
  'X-API-Key': (secret) => ({ options: { headers: { 'x-api-key': secret } } }),
  'api_key= in the URL': (secret) => ({ options: { headers: {} }, query: { api_key: secret } }),
  'token= in the URL': (secret) => ({ options: { headers: {} }, query: { token: secret } }),
};

const errorPaths: { name: string; request: Omit<HttpRequest, 'operation' | 'query'>; base?: 'refused' }[] = [
  { name: '401', request: { method: 'GET', path: '/unauthorized' } },
  { name: '500 with retries exhausted', request: { method: 'GET', path: '/server-error' } },
  { name: '429 beyond maxRetryAfter', request: { method: 'GET', path: '/rate-limited' } },
  { name: 'timeout', request: { method: 'GET', path: '/timeout' } },
  { name: 'connection refused', request: { method: 'GET', path: '/anything' }, base: 'refused' },
  { name: 'parse error', request: { method: 'GET', path: '/parse-error' } },
  { name: 'unexpected HTML', request: { method: 'GET', path: '/html' } },
  { name: 'ambiguous write', request: { method: 'POST', path: '/reset-write', json: { note: 'x' } } },
];

describe('secret canary', () => {
  for (const [placement, place] of Object.entries(placements)) {
    it(`X1: a canary sent as ${placement} never leaks from any error path, the logs or util.inspect(client)`, async () => {
      const secret = canarySecret(placement);
      const { options, query } = place(secret);
      const logger = captureLogger();
      const clients: HttpClient[] = [];
      const build = (baseUrl: string) => {
        const { client } = createTestClient(baseUrl, {
          ...options,
          headers: { accept: 'application/json', ...(options.headers ?? {}), ...(placement === 'Authorization: Bearer' ? { authorization: `Bearer ${secret}` } : {}) },
          secrets: [secret],
          logger,
          timeoutMs: 100,
          retry: { maxRetries: 1, baseDelayMs: 5 },
        });
        clients.push(client);
        return client;
      };
      const client = build(server.url);
      const refused = build(refusedUrl);

      for (const errorPath of errorPaths) {
        const target = errorPath.base === 'refused' ? refused : client;
        const outcome = await timed(() => target.request({ ...errorPath.request, query, operation: `X1 ${errorPath.name}` }));
        // Each path really failed with one of ours, so the check below is not vacuous.
        expect(outcome.error, errorPath.name).toBeInstanceOf(AtsError);
        assertNoCanary(outcome.error, secret);
      }
      // The credential did reach the server (in some form), so there was something to leak.
      expect(server.requests.some((request) => JSON.stringify(request).includes(secret) || JSON.stringify(request).includes('Basic '))).toBe(true);
      expect(logger.lines.length).toBeGreaterThan(0);
      assertNoCanary(logger.lines, secret);
      for (const each of clients) {
        assertNoCanary(each, secret);
        await each.close();
      }
    });
  }
});
