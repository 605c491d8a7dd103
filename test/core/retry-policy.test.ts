/**
 * The retry policy's pure parts (reliability.md §3): Retry-After in both forms, which delay wins,
 * and the budget's costs.
 */
import { describe, expect, it } from 'vitest';
import { RateLimitError, TimeoutError, TransportError } from '../../src/core/errors.js';
import { parseRetryAfter, resolveRetryOptions, retryDelay, RetryBudget } from '../../src/core/retry-policy.js';

const base = { provider: 'p', operation: 'o' };

describe('parseRetryAfter', () => {
  it('T1: reads delta-seconds, including fractions', () => {
    expect(parseRetryAfter('2', null)).toBe(2_000);
    expect(parseRetryAfter(' 0.25 ', null)).toBe(250);
  });

  it('T2: measures an HTTP-date against the response Date header, ignoring the local clock', () => {
    const date = 'Wed, 01 May 2024 10:00:00 GMT';
    const skewedClock = () => Date.parse(date) + 10 * 60 * 1000;
    expect(parseRetryAfter('Wed, 01 May 2024 10:00:03 GMT', date, skewedClock)).toBe(3_000);
    // Without a Date header, the local clock is all there is; a past date means "now".
    expect(parseRetryAfter('Wed, 01 May 2024 10:00:03 GMT', null, skewedClock)).toBe(0);
  });

  it('returns null for a missing or unreadable value', () => {
    expect(parseRetryAfter(undefined, null)).toBeNull();
    expect(parseRetryAfter('soon', null)).toBeNull();
  });
});

describe('retryDelay', () => {
  it('T1: a provider-given Retry-After wins over backoff; without one, backoff applies', () => {
    const policy = resolveRetryOptions({ random: () => 0 });
    const limited = new RateLimitError('slow down', { ...base, retryAfterMs: 2_000 });
    const unknown = new RateLimitError('slow down', { ...base, retryAfterMs: null });
    expect(retryDelay(limited, 1, policy)).toBe(2_000);
    expect(retryDelay(unknown, 1, policy)).toBe(500);
  });
});

describe('RetryBudget', () => {
  it('T14: a retry costs 5 tokens, a timeout 10, a clean success refunds 1, never above capacity', () => {
    const budget = new RetryBudget(20);
    expect(budget.take(new TransportError('reset', base))).toBe(true);
    expect(budget.remaining).toBe(15);
    expect(budget.take(new TimeoutError('slow', { ...base, phase: 'headers' }))).toBe(true);
    expect(budget.remaining).toBe(5);
    expect(budget.take(new TimeoutError('slow', { ...base, phase: 'body' }))).toBe(false);
    expect(budget.remaining).toBe(5);
    expect(budget.take(new TransportError('reset', base))).toBe(true);
    expect(budget.take(new TransportError('reset', base))).toBe(false);
    for (let index = 0; index < 30; index += 1) budget.refund();
    expect(budget.remaining).toBe(20);
  });
});
