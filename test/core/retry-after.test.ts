/**
 * T1–T3 (reliability.md §2.1): Retry-After in both forms, measured against the response's own
 * Date header, and waits longer than `maxRetryAfter` surfaced instead of slept. These use real
 * time (2 s and 3 s): Retry-After has whole-second resolution, so it cannot be scaled down.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/core/errors.js';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { trackEventLoopLag } from '../helpers/event-loop-lag.js';
import { createTestClient, gapsBetween, timed } from '../helpers/test-client.js';

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

describe('Retry-After', () => {
  it('T1: 429 with Retry-After: 2 then 200 waits 2 s, sends exactly 2 requests and returns the result', async () => {
    const { client } = createTestClient(server.url);
    server.script(
      { kind: 'respond', status: 429, headers: { 'retry-after': '2' }, body: '{"error":"slow down"}' },
      { kind: 'json', body: { data: [1, 2, 3] } },
    );
    const lag = trackEventLoopLag();
    const response = await client.request<{ data: number[] }>({ method: 'GET', path: '/candidates', operation: 'T1' });
    const { max: lateBy } = lag();
    await client.close();

    expect(response.body.data).toEqual([1, 2, 3]);
    expect(server.stats.requests).toBe(2);
    const [gap] = gapsBetween(server.requests);
    // Retry-After is honoured exactly (no jitter on a provider-given wait); the upper band is
    // scheduling slack only, widened by event-loop lag on a busy machine.
    expect(gap).toBeGreaterThanOrEqual(1_995);
    expect(gap).toBeLessThanOrEqual(2_100 + lateBy);
  });

  it('T2: an HTTP-date Retry-After is measured against the response Date header, not a client clock skewed by +10 min', async () => {
    const skewMs = 10 * 60 * 1000;
    const { client } = createTestClient(server.url, { now: () => Date.now() + skewMs });
    // The server's clock runs 1–2 s behind real time. Against the real local clock the wait would
    // come out 1–2 s; against the skewed client clock it would be 0. Only the Date header gives 3 s.
    const serverNow = Math.floor(Date.now() / 1000) * 1000 - 1000;
    server.script(
      {
        kind: 'respond',
        status: 429,
        headers: { date: new Date(serverNow).toUTCString(), 'retry-after': new Date(serverNow + 3_000).toUTCString() },
      },
      { kind: 'json', body: { ok: true } },
    );
    const lag = trackEventLoopLag();
    await client.request({ method: 'GET', path: '/jobs', operation: 'T2' });
    const { max: lateBy } = lag();
    await client.close();

    expect(server.stats.requests).toBe(2);
    const [gap] = gapsBetween(server.requests);
    expect(gap).toBeGreaterThanOrEqual(2_995);
    expect(gap).toBeLessThanOrEqual(3_100 + lateBy);
  });

  it('T3: Retry-After: 3600 (over maxRetryAfter) throws RateLimitError at once, with 1 request and no sleep', async () => {
    const { client } = createTestClient(server.url);
    // Warm the connection so the timing below measures the SDK, not the TCP handshake.
    await client.request({ method: 'GET', path: '/warm-up', operation: 'warm-up' });
    server.script({ kind: 'respond', status: 429, headers: { 'retry-after': '3600' } });
    const lag = trackEventLoopLag();
    const outcome = await timed(() => client.request({ method: 'GET', path: '/jobs', operation: 'T3' }));
    const { max: lateBy } = lag();
    await client.close();

    expect(outcome.error).toBeInstanceOf(RateLimitError);
    const error = outcome.error as RateLimitError;
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(error.retryable).toBe(true);
    expect(outcome.ms).toBeLessThan(50 + lateBy);
    expect(server.stats.requests).toBe(2); // the warm-up and exactly one attempt
  });
});
