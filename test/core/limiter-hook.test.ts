/**
 * The pluggable limiter: a connector's `limiter` factory replaces the built-in one, is told the
 * provider, a credential fingerprint that never reveals the key, the budget and the clock, and
 * every request goes through its `schedule`. Pauses it reports are waited out by the transport.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../src/connectors/index.js';
import { credentialFingerprint, RateLimiter, type Limiter, type LimiterContext, type RequestKind } from '../../src/index.js';
import { assertNoCanary, canarySecret } from '../../src/testing/canary.js';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { RateLimitError } from '../../src/core/errors.js';
import { createTestClient, timed } from '../helpers/test-client.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

/** A limiter that records what it is asked and otherwise behaves like the built-in one. */
function recordingLimiter(context: LimiterContext, log: { kinds: RequestKind[]; contexts: LimiterContext[] }): Limiter {
  log.contexts.push(context);
  const inner = new RateLimiter(context.rateLimit, context.now);
  return {
    schedule: (kind, task, signal) => {
      log.kinds.push(kind);
      return inner.schedule(kind, task, signal);
    },
    observe: (headers) => inner.observe(headers),
    pauseFor: (ms) => inner.pauseFor(ms),
    pauseRemainingMs: () => inner.pauseRemainingMs(),
    stop: () => inner.stop(),
  };
}

describe('credentialFingerprint', () => {
  it('is short hex, stable for one credential, different per provider and per key, and never contains the key', () => {
    const secret = canarySecret('fingerprint');
    const once = credentialFingerprint('teamtailor', [secret]);
    expect(once).toMatch(/^[0-9a-f]{16}$/);
    expect(credentialFingerprint('teamtailor', [secret])).toBe(once);
    expect(credentialFingerprint('gem', [secret])).not.toBe(once);
    expect(credentialFingerprint('teamtailor', [`${secret}x`])).not.toBe(once);
    assertNoCanary(once, secret);
  });
});

describe('limiter option', () => {
  it('a connector built with a limiter factory sends every request through it, with the credential fingerprint', async () => {
    const log = { kinds: [] as RequestKind[], contexts: [] as LimiterContext[] };
    server.respondWith(() => ({ kind: 'json', body: { data: [], links: {} }, headers: { 'content-type': 'application/vnd.api+json' } }));
    const apiKey = canarySecret('limiter');
    const connector = createConnector('teamtailor', {
      apiKey,
      baseUrl: `${server.url}/v1`,
      limiter: (context) => recordingLimiter(context, log),
    });
    try {
      await connector.passthrough({ method: 'GET', path: '/jobs' });
      await connector.passthrough({ method: 'POST', path: '/notes', body: { x: 1 } });
    } finally {
      await connector.close();
    }
    expect(log.contexts).toHaveLength(1);
    const context = log.contexts[0] as LimiterContext;
    expect(context.provider).toBe('teamtailor');
    expect(context.fingerprint).toBe(credentialFingerprint('teamtailor', [apiKey]));
    expect(context.rateLimit).toMatchObject({ requests: expect.any(Number), intervalMs: expect.any(Number) });
    expect(context.baseUrl).toBe(`${server.url}/v1`);
    expect(log.kinds).toEqual(['read', 'write']);
    server.respondWith(() => ({ kind: 'json', body: { ok: true } }));
  });

  it("the transport waits out a pause the limiter reports before sending, and the limiter's schedule does not", async () => {
    let pausedUntil = 0;
    const now = () => performance.now();
    const limiter: Limiter = {
      schedule: (_kind, task) => task(),
      observe: () => undefined,
      pauseFor: (ms) => {
        pausedUntil = now() + ms;
      },
      pauseRemainingMs: async () => Math.max(0, pausedUntil - now()),
      stop: async () => undefined,
    };
    const { client } = createTestClient(server.url, { limiter: () => limiter });
    limiter.pauseFor(150);
    const started = performance.now();
    const before = server.requests.length;
    await client.request({ method: 'GET', path: '/ping', operation: 'paused' });
    expect(server.requests.length).toBe(before + 1);
    expect((server.requests.at(-1)?.at ?? 0) - started).toBeGreaterThanOrEqual(140);
    await client.close();
  });
});

describe('every wait passes the same budget', () => {
  const pausing = (resetSeconds: number) => ({
    kind: 'json' as const,
    body: { ok: true },
    headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetSeconds) },
  });

  it('a header pause longer than maxRetryAfterMs is a RateLimitError with retryAfterMs, without waiting or sending', async () => {
    const { client } = createTestClient(server.url, { retry: { maxRetryAfterMs: 2_000 } });
    server.script(pausing(30));
    await client.request({ method: 'GET', path: '/first', operation: 'first' });
    const before = server.requests.length;
    const { error, ms } = await timed(() => client.request({ method: 'GET', path: '/second', operation: 'second' }));
    await client.close();
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(29_000);
    expect((error as RateLimitError).status).toBeNull();
    expect(ms).toBeLessThan(1_000);
    expect(server.requests.length).toBe(before);
  });

  it('a header pause that would end past maxRetryTimeMs is refused the same way, though it fits maxRetryAfterMs', async () => {
    const { client } = createTestClient(server.url, { retry: { maxRetryTimeMs: 1_000 } });
    server.script(pausing(3));
    await client.request({ method: 'GET', path: '/first', operation: 'first' });
    const { error, ms } = await timed(() => client.request({ method: 'GET', path: '/second', operation: 'second' }));
    await client.close();
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as Error).message).toContain('maxRetryTimeMs');
    expect(ms).toBeLessThan(1_000);
  });

  it('a short pause within the budget is waited out, then the request goes', async () => {
    const { client } = createTestClient(server.url);
    server.script(pausing(0));
    await client.request({ method: 'GET', path: '/first', operation: 'first' });
    const { error, ms } = await timed(() => client.request({ method: 'GET', path: '/second', operation: 'second' }));
    await client.close();
    expect(error).toBeUndefined();
    // Reset "0 s" plus the 1 s guard.
    expect(ms).toBeGreaterThanOrEqual(900);
  });
});
