/**
 * Every string an error carries is redacted at construction: message, operation, URL, request
 * id, headers, body excerpt, provider code and the `cause` chain, and strings are cut only after
 * they are redacted, with a fragment of a secret left at the cut masked too. Every error built
 * from a provider's answer carries status, request id, redacted URL and headers, and the
 * provider's own error code.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AtsError,
  AuthError,
  NotFoundError,
  ProviderError,
  ProviderUnavailableError,
  RateLimitError,
  TransportError,
} from '../../src/core/errors.js';
import { redactAndCut, redactText } from '../../src/core/redact.js';
import { assertNoCanary, canarySecret } from '../../src/testing/canary.js';
import { startFaultServer, type FaultServer, type RecordedRequest } from '../../src/testing/fault-server.js';
import { createTestClient, timed } from '../helpers/test-client.js';

let server: FaultServer;
const routes: Record<string, (request: RecordedRequest) => Parameters<FaultServer['script']>[0]> = {};

beforeAll(async () => {
  server = await startFaultServer({
    respond: (request) => {
      const path = new URL(request.path, 'http://x').pathname;
      const route = routes[path];
      return route ? route(request) : { kind: 'json', body: { ok: true } };
    },
  });
});
afterAll(async () => {
  await server.close();
});

/** Every rendering of a value a user could log: JSON, toJSON, inspect (unlimited depth), the cause chain. */
function renderings(value: unknown): string[] {
  const out = [JSON.stringify(value), inspect(value, { depth: Infinity, showHidden: true, getters: true })];
  let current: unknown = value;
  for (let depth = 0; depth < 10 && current instanceof Error; depth += 1) {
    out.push(current.message, String(current.stack), JSON.stringify(current), inspect(current, { depth: Infinity }));
    if (current instanceof AtsError) out.push(JSON.stringify(current.toJSON()));
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

/** Fails when any 8-character piece of `secret` shows in any rendering of `value`. */
function assertNoFragment(value: unknown, secret: string): void {
  const texts = renderings(value);
  for (let start = 0; start + 8 <= secret.length; start += 1) {
    const piece = secret.slice(start, start + 8);
    const where = texts.findIndex((text) => text.includes(piece));
    expect(where, `a piece of the secret (from character ${start}) leaked in rendering ${where}`).toBe(-1);
  }
}

describe('a provider that echoes the credential', () => {
  it('the Authorization value echoed into x-request-id never reaches requestId, toJSON, JSON.stringify, inspect or the cause chain', async () => {
    routes['/echo-id'] = (request) => ({
      kind: 'respond',
      status: 500,
      headers: { 'content-type': 'application/json', 'x-request-id': request.headers.authorization ?? '' },
      body: '{"message":"upstream failed"}',
    });
    const { client, secret } = createTestClient(server.url, { retry: { maxRetries: 1, baseDelayMs: 5 } });
    const { error } = await timed(() => client.request({ method: 'GET', path: '/echo-id', operation: 'echo' }));
    await client.close();
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    const unavailable = error as ProviderUnavailableError;
    // The id was there, and only the credential in it was masked.
    expect(unavailable.requestId).toBe('Bearer [REDACTED]');
    expect((unavailable.cause as ProviderError).requestId).toBe('Bearer [REDACTED]');
    expect(unavailable.headers?.['x-request-id']).toBe('Bearer [REDACTED]');
    assertNoCanary(error, secret);
    assertNoCanary(unavailable.toJSON(), secret);
  });

  for (const status of [401, 404, 429]) {
    it(`a ${status} carries the redacted request id, URL and headers too`, async () => {
      routes[`/echo-${status}`] = (request) => ({
        kind: 'respond',
        status,
        headers: { 'content-type': 'application/json', 'x-request-id': `id-1 ${request.headers.authorization ?? ''}`, 'retry-after': '3600' },
        body: JSON.stringify({ message: `rejected ${request.headers.authorization ?? ''}` }),
      });
      const { client, secret } = createTestClient(server.url, { retry: { maxRetries: 0 } });
      const { error } = await timed(() => client.request({ method: 'GET', path: `/echo-${status}`, query: { api_key: secret, page: 2 }, operation: 'echo' }));
      await client.close();
      const typed = error as AuthError | NotFoundError | RateLimitError;
      expect(typed).toBeInstanceOf({ 401: AuthError, 404: NotFoundError, 429: RateLimitError }[status] as typeof AtsError);
      expect(typed.status).toBe(status);
      expect(typed.requestId).toBe('id-1 Bearer [REDACTED]');
      expect(typed.url).toContain(`/echo-${status}?`);
      expect(typed.url).toContain('page=2');
      expect(typed.headers?.['content-type']).toBe('application/json');
      assertNoCanary(error, secret);
      assertNoFragment(error, secret);
    });
  }
});

describe('redact first, then cut', () => {
  it('a key straddling the 200-character cut of the message leaves no piece of itself', async () => {
    routes['/straddle-message'] = (request) => ({
      kind: 'respond',
      status: 400,
      headers: { 'content-type': 'application/json' },
      // The key starts at character 190 of the provider's message: the cut at 200 falls inside it.
      body: JSON.stringify({ message: `${'m'.repeat(190)}${(request.headers.authorization ?? '').replace('Bearer ', '')}` }),
    });
    const { client, secret } = createTestClient(server.url);
    const { error } = await timed(() => client.request({ method: 'GET', path: '/straddle-message', operation: 'straddle' }));
    await client.close();
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toContain('m'.repeat(150));
    assertNoFragment(error, secret);
  });

  it('a key straddling the 512-character cut of the body excerpt leaves no piece of itself', async () => {
    routes['/straddle-body'] = (request) => ({
      kind: 'respond',
      status: 502,
      headers: { 'content-type': 'text/plain' },
      body: `${'b'.repeat(500)}${(request.headers.authorization ?? '').replace('Bearer ', '')} and more text after it`,
    });
    const { client, secret } = createTestClient(server.url, { retry: { maxRetries: 0 } });
    const { error } = await timed(() => client.request({ method: 'GET', path: '/straddle-body', operation: 'straddle' }));
    await client.close();
    expect(error).toBeInstanceOf(ProviderError);
    const excerpt = (error as ProviderError).bodyExcerpt ?? '';
    expect(excerpt.length).toBeLessThanOrEqual(512);
    expect(excerpt.startsWith('b'.repeat(500))).toBe(true);
    assertNoFragment(error, secret);
  });

  it('a piece of a key that the provider itself cut, left at the end of the text, is masked', async () => {
    routes['/provider-cut'] = (request) => ({
      kind: 'respond',
      status: 400,
      headers: { 'content-type': 'text/plain' },
      body: `invalid key ${(request.headers.authorization ?? '').replace('Bearer ', '').slice(0, 24)}`,
    });
    const { client, secret } = createTestClient(server.url);
    const { error } = await timed(() => client.request({ method: 'GET', path: '/provider-cut', operation: 'cut' }));
    await client.close();
    expect((error as ProviderError).bodyExcerpt).toBe('invalid key [REDACTED]');
    assertNoFragment(error, secret);
  });

  it('redactAndCut and redactText mask an 8+ character piece at either end, and leave shorter ones', () => {
    const secret = 'sk_live_0123456789abcdefghij';
    expect(redactAndCut(`${'x'.repeat(20)}${secret}`, 30, [secret])).toBe(`${'x'.repeat(20)}[REDACTED]`);
    expect(redactText(`${secret.slice(-9)} tail`, [secret])).toBe('[REDACTED] tail');
    expect(redactText(`head ${secret.slice(0, 7)}`, [secret])).toBe(`head ${secret.slice(0, 7)}`);
  });
});

describe('the provider error code and the cause chain', () => {
  it('every error built from a response carries the provider code from the body (Stripe, JSON:API and plain shapes)', async () => {
    routes['/code-stripe'] = () => ({ kind: 'respond', status: 401, headers: { 'content-type': 'application/json' }, body: '{"error":{"code":"invalid_api_key","message":"bad key"}}' });
    routes['/code-jsonapi'] = () => ({ kind: 'respond', status: 422, headers: { 'content-type': 'application/json' }, body: '{"errors":[{"code":"taken","detail":"email has already been taken"}]}' });
    routes['/code-plain'] = () => ({ kind: 'respond', status: 404, headers: { 'content-type': 'application/json' }, body: '{"code":40401,"message":"no such candidate"}' });
    routes['/code-none'] = () => ({ kind: 'respond', status: 404, headers: { 'content-type': 'text/plain' }, body: 'not here' });
    const { client } = createTestClient(server.url);
    const codeOf = async (path: string) => ((await timed(() => client.request({ method: 'GET', path, operation: 'code' }))).error as { code: unknown }).code;
    expect(await codeOf('/code-stripe')).toBe('invalid_api_key');
    expect(await codeOf('/code-jsonapi')).toBe('taken');
    expect(await codeOf('/code-plain')).toBe('40401');
    expect(await codeOf('/code-none')).toBeNull();
    await client.close();
  });

  it('a cause chain is redacted at every link, including an AtsError built without the secrets', () => {
    const secret = canarySecret('cause');
    const inner = new Error(`socket said ${secret}`, { cause: new Error(`deeper ${secret}`) });
    const middle = new TransportError(`transport failed: ${secret}`, { provider: 'p', operation: 'op', cause: inner });
    const outer = new ProviderError(`outer ${secret}`, {
      provider: 'p',
      operation: `passthrough GET /x?token=${secret}`,
      secrets: [secret],
      status: 500,
      url: `https://api.test/x?key=${secret}`,
      requestId: secret,
      headers: { authorization: `Bearer ${secret}`, 'x-trace': secret },
      body: `{"echo":"${secret}"}`,
      code: secret,
      cause: middle,
    });
    expect(outer.requestId).toBe('[REDACTED]');
    expect(outer.headers).toEqual({ authorization: '[REDACTED]', 'x-trace': '[REDACTED]' });
    assertNoCanary(outer, secret);
    assertNoFragment(outer, secret);
    // The chain is still there to debug with.
    expect(outer.cause).toBe(middle);
    expect((middle.cause as Error).message).toBe('socket said [REDACTED]');
  });
});
