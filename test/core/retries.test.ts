/**
 * T4–T6 (reliability.md §2.1): exponential backoff with seeded jitter, giving up with a typed
 * error, and statuses that must never be retried. Base delays are scaled down (Octokit pattern):
 * gaps are asserted within bands.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  NotFoundError,
  ProviderError,
  ProviderUnavailableError,
} from '../../src/core/errors.js';
import { backoffDelay, resolveRetryOptions } from '../../src/core/retry-policy.js';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { trackEventLoopLag } from '../helpers/event-loop-lag.js';
import { createTestClient, gapsBetween, timed } from '../helpers/test-client.js';

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

const unavailable = { kind: 'respond', status: 503, body: '{"error":"unavailable"}', headers: { 'content-type': 'application/json' } } as const;

describe('backoff', () => {
  it('T4: 503, 503, 503 then 200 makes 4 requests with delays in [B, B], [B, 2B], [2B, 4B] (B scaled to 100 ms)', async () => {
    const base = 100;
    const { client } = createTestClient(server.url, { retry: { baseDelayMs: base, random: seededRandom(7) } });
    server.script(unavailable, unavailable, unavailable, { kind: 'json', body: { ok: true } });
    const lag = trackEventLoopLag();
    const response = await client.request({ method: 'GET', path: '/applications', operation: 'T4' });
    const { max: lateBy } = lag();
    await client.close();

    expect(response.status).toBe(200);
    expect(server.stats.requests).toBe(4);
    const gaps = gapsBetween(server.requests);
    const bands = [
      [base, base],
      [base, 2 * base],
      [2 * base, 4 * base],
    ] as const;
    // The seeded jitter makes each delay exact; the gap adds one loopback round trip (and any
    // event-loop lag of a busy machine).
    const policy = resolveRetryOptions({ baseDelayMs: base, random: seededRandom(7) });
    gaps.forEach((gap, index) => {
      const [low, high] = bands[index] as readonly [number, number];
      const expected = backoffDelay(index + 1, policy);
      expect(expected).toBeGreaterThanOrEqual(low);
      expect(expected).toBeLessThanOrEqual(high);
      expect(gap).toBeGreaterThanOrEqual(expected - 2);
      expect(gap).toBeLessThanOrEqual(expected + 25 + lateBy);
    });
  });

  it('T4: no backoff step ever exceeds the 20 s cap, and none falls below the base', () => {
    for (const random of [() => 0, () => 0.5, () => 0.999999]) {
      const policy = resolveRetryOptions({ random });
      for (let retry = 1; retry <= 30; retry += 1) {
        const delay = backoffDelay(retry, policy);
        expect(delay).toBeLessThanOrEqual(20_000);
        expect(delay).toBeGreaterThanOrEqual(500);
      }
    }
  });
});

describe('giving up', () => {
  it('T5: 503 forever makes maxRetries + 1 = 4 attempts, then throws ProviderUnavailableError {attempts: 4, lastStatus: 503}', async () => {
    const { client } = createTestClient(server.url, { retry: { baseDelayMs: 10 } });
    server.respondWith(() => unavailable);
    const outcome = await timed(() => client.request({ method: 'GET', path: '/jobs', operation: 'T5' }));
    await client.close();

    expect(server.stats.requests).toBe(4);
    expect(outcome.error).toBeInstanceOf(ProviderUnavailableError);
    const error = outcome.error as ProviderUnavailableError;
    expect(error.attempts).toBe(4);
    expect(error.lastStatus).toBe(503);
    expect(error.retryable).toBe(true);
    expect(outcome.ms).toBeLessThan(120_000);
  });

  it('T5: the whole call stays within maxRetryTime even when a backoff step would overshoot it', async () => {
    const maxRetryTimeMs = 300;
    const { client } = createTestClient(server.url, {
      retry: { baseDelayMs: 200, maxRetries: 10, maxRetryTimeMs },
    });
    server.respondWith(() => unavailable);
    const outcome = await timed(() => client.request({ method: 'GET', path: '/jobs', operation: 'T5-deadline' }));
    await client.close();

    expect(outcome.error).toBeInstanceOf(ProviderUnavailableError);
    expect(outcome.ms).toBeLessThanOrEqual(maxRetryTimeMs);
    // One 200 ms wait fits in 300 ms; the next step (200–400 ms) would not, so it is not taken.
    expect(server.stats.requests).toBe(2);
  });
});

describe('statuses that are never retried', () => {
  const cases = [
    { status: 400, type: ProviderError },
    { status: 401, type: AuthError },
    { status: 403, type: AuthError },
    { status: 404, type: NotFoundError },
    { status: 410, type: NotFoundError },
    { status: 422, type: ProviderError },
  ] as const;

  for (const { status, type } of cases) {
    it(`T6: ${status} is sent exactly once and surfaces as ${type.name}`, async () => {
      const { client } = createTestClient(server.url);
      server.script({ kind: 'json', status, body: { errors: [{ detail: `status ${status}` }] } });
      const outcome = await timed(() => client.request({ method: 'GET', path: '/candidates/1', operation: 'T6' }));
      await client.close();

      expect(server.stats.requests).toBe(1);
      expect(outcome.error).toBeInstanceOf(type);
      const error = outcome.error as ProviderError | AuthError | NotFoundError;
      expect(error.retryable).toBe(false);
      expect((error as { status: number | null }).status).toBe(status);
      // 401 and 403 mark the connection as needing new credentials.
      expect((error as Partial<AuthError>).needsReauth === true).toBe(status === 401 || status === 403);
    });
  }
});
