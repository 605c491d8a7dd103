/**
 * T13–T15 (reliability.md §2.1): cancelling during a backoff sleep, the per-connection retry
 * budget (AWS standard mode: 500 tokens, 5 per retry, 1 back per clean success), and keep-alive.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { trackEventLoopLag } from '../helpers/event-loop-lag.js';
import { createTestClient, timed } from '../helpers/test-client.js';

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

const failing = { kind: 'json', status: 500, body: { error: 'internal' } } as const;

/** Waits (bounded: 200 × 5 ms) until the server has seen `count` requests. */
async function requestsReach(count: number): Promise<void> {
  for (let round = 0; round < 200 && server.stats.requests < count; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('abort', () => {
  it('T13: an AbortSignal fired during a backoff sleep rejects with AbortError within 10 ms and no further request is sent', async () => {
    const { client } = createTestClient(server.url, { retry: { baseDelayMs: 1_000 } });
    server.respondWith(() => ({ kind: 'respond', status: 503 }));
    const controller = new AbortController();
    let rejection: unknown;
    const pending = client.request({ method: 'GET', path: '/jobs', operation: 'T13', signal: controller.signal });
    const settled = pending.then(
      () => performance.now(),
      (error: unknown) => {
        rejection = error;
        return performance.now();
      },
    );
    await requestsReach(1);
    // Let the 503 arrive and the 1 s backoff sleep begin.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lag = trackEventLoopLag();
    const abortedAt = performance.now();
    controller.abort();
    const settledAt = await settled;
    const { max: lateBy } = lag();
    // Give a stray retry time to show up, if the sleep were not really cancelled.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.close();

    expect((rejection as Error).name).toBe('AbortError');
    expect(settledAt - abortedAt).toBeLessThan(10 + lateBy);
    expect(server.stats.requests).toBe(1);
  });
});

describe('retry budget', () => {
  it('T14: 200 concurrent calls against a server that always answers 500 spend at most 500/5 = 100 retries', async () => {
    const { client } = createTestClient(server.url, { retry: { baseDelayMs: 20 } });
    server.respondWith(() => failing);
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        timed(() => client.request({ method: 'GET', path: `/jobs/${index}`, operation: 'T14' })),
      ),
    );
    const retries = server.stats.requests - 200;
    const exhaustedAt = server.stats.requests;

    // Once the budget is empty, a failing call fails at the first answer, without sleeping.
    const lag = trackEventLoopLag();
    const failFast = await timed(() => client.request({ method: 'GET', path: '/jobs/fast', operation: 'T14-fast' }));
    const { max: lateBy } = lag();
    expect(server.stats.requests - exhaustedAt).toBe(1);
    expect(failFast.error).toBeInstanceOf(ProviderError);
    expect(failFast.ms).toBeLessThan(20 + lateBy);
    await client.close();

    expect(outcomes.every((outcome) => outcome.error instanceof ProviderError)).toBe(true);
    expect(retries).toBeLessThanOrEqual(100);
    // The budget is really used, not bypassed: 100 retries were affordable and taken.
    expect(retries).toBe(100);
  });

  it('T14: the budget refills after successes that needed no retry (1 token each)', async () => {
    const { client } = createTestClient(server.url, { retry: { baseDelayMs: 5, budget: 10 } });
    server.respondWith(() => failing);
    // Spend the whole budget: 2 retries of 5 tokens.
    await timed(() => client.request({ method: 'GET', path: '/spend', operation: 'spend' }));
    expect(server.stats.requests).toBe(3);
    await timed(() => client.request({ method: 'GET', path: '/empty', operation: 'empty' }));
    expect(server.stats.requests).toBe(4); // no token left: no retry

    // Five clean successes refund 5 tokens: enough for exactly one retry.
    server.respondWith(() => ({ kind: 'json', body: { ok: true } }));
    for (let index = 0; index < 5; index += 1) await client.request({ method: 'GET', path: '/ok', operation: 'refill' });
    server.respondWith(() => failing);
    const before = server.stats.requests;
    await timed(() => client.request({ method: 'GET', path: '/again', operation: 'again' }));
    await client.close();

    expect(server.stats.requests - before).toBe(2);
  });
});

describe('keep-alive', () => {
  it('T15: 1,000 sequential GETs use no more TCP connections than the pool size (8)', async () => {
    const { client } = createTestClient(server.url);
    for (let index = 0; index < 1_000; index += 1) {
      await client.request({ method: 'GET', path: `/candidates?page=${index}`, operation: 'T15' });
    }
    await client.close();

    expect(server.stats.requests).toBe(1_000);
    expect(server.stats.connections).toBeLessThanOrEqual(8);
  });
});
