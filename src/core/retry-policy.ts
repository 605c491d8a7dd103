/**
 * The retry policy: which failures are retried, how long to wait between attempts, and a
 * per-connection retry budget so a failing provider is not hammered. `HttpClient.request` runs
 * the attempts in its own loop (docs/decisions/0008-retry-loop-and-wait-budget.md).
 */
import { AtsError, RateLimitError } from './errors.js';

/** Retry settings; every connector accepts them as its `retry` option. */
export interface RetryOptions {
  /** Retries after the first attempt, for reads and idempotent writes (default 3). */
  maxRetries?: number;
  /** First backoff step in ms (default 500). */
  baseDelayMs?: number;
  /** Largest backoff step in ms (default 20,000). */
  maxDelayMs?: number;
  /**
   * Longest rate-limit wait the SDK sleeps for (a `Retry-After`, or a pause announced by
   * `X-Rate-Limit-Remaining: 0`); longer waits throw `RateLimitError` (default 60,000).
   */
  maxRetryAfterMs?: number;
  /** Stop retrying once a call has taken this long, in ms (default 120,000). */
  maxRetryTimeMs?: number;
  /** Retry-budget tokens per connection (default 500; a retry costs 5, a timeout 10). */
  budget?: number;
  /** Random source in [0, 1) for jitter; inject a seeded one in tests. */
  random?: () => number;
}

/** The policy with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** Fills in the defaults. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxRetries: options.maxRetries ?? 3,
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 20_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    maxRetryTimeMs: options.maxRetryTimeMs ?? 120_000,
    budget: options.budget ?? 500,
    random: options.random ?? Math.random,
  };
}

/**
 * Exponential backoff with jitter drawn from [0.5, 1], never below the base and never above the
 * cap: attempt 1 waits in [base, base], attempt 2 in [base, 2·base], attempt 3 in [2·base, 4·base]...
 */
export function backoffDelay(retryNumber: number, policy: ResolvedRetryOptions): number {
  const exponential = policy.baseDelayMs * 2 ** (retryNumber - 1);
  const jittered = exponential * (0.5 + 0.5 * policy.random());
  return Math.min(policy.maxDelayMs, Math.max(policy.baseDelayMs, Math.round(jittered)));
}

/**
 * How long to wait before the next attempt after `error`: the provider's `Retry-After` when it
 * gave one, otherwise the backoff step.
 */
export function retryDelay(error: unknown, retryNumber: number, policy: ResolvedRetryOptions): number {
  if (error instanceof RateLimitError && error.retryAfterMs !== null) return error.retryAfterMs;
  return backoffDelay(retryNumber, policy);
}

/**
 * A token bucket per connection (AWS "standard" retry mode): each retry spends tokens, a success
 * without retries refunds one. When it is empty, calls fail fast instead of sleeping and retrying.
 */
export class RetryBudget {
  private tokens: number;
  constructor(private readonly capacity: number) {
    this.tokens = capacity;
  }

  /** Takes the cost of one retry of `error`; false when the budget cannot pay for it. */
  take(error: unknown): boolean {
    const cost = error instanceof AtsError && error.name === 'TimeoutError' ? 10 : 5;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** Refunds one token after a call that succeeded at the first attempt. */
  refund(): void {
    this.tokens = Math.min(this.capacity, this.tokens + 1);
  }

  /** Tokens left (for tests and metrics). */
  get remaining(): number {
    return this.tokens;
  }
}

/**
 * Parses `Retry-After` in both forms: delta-seconds, or an HTTP-date measured against the
 * response's own `Date` header (so a skewed client clock does not matter). Returns ms or null.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  responseDate: string | null | undefined,
  now: () => number = Date.now,
): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  const serverNow = responseDate ? Date.parse(responseDate) : Number.NaN;
  const reference = Number.isNaN(serverNow) ? now() : serverNow;
  return Math.max(0, at - reference);
}
