/**
 * Client-side rate limiting: one limiter per connector (that is, per credential), seeded from
 * the provider's documented limit and adapted from the `X-Rate-Limit-*` / `RateLimit-*` headers
 * the provider sends back. Reads and writes are separate groups (writes one at a time) that share
 * the credential's budget.
 */
import Bottleneck from 'bottleneck';
import { sleep } from './sleep.js';

/** A rate-limit budget; every connector accepts it as its `rateLimit` option. */
export interface RateLimitOptions {
  /** Requests allowed per `intervalMs`. */
  requests: number;
  /** The window, in ms. */
  intervalMs: number;
  /** Requests in flight at once (default 4). */
  maxConcurrent?: number;
}

/** Extra wait after a provider-announced reset, so a clock edge never costs a 429 (R2). */
const RESET_GUARD_MS = 1_000;

/** Spaces requests to stay under a budget and pauses when the provider says the budget is spent. */
export class RateLimiter {
  private readonly shared: Bottleneck;
  private readonly reads: Bottleneck;
  private readonly writes: Bottleneck;
  private pausedUntil = 0;

  /**
   * @param options the budget, or `false` for no client-side limit (header adaptation stays on)
   * @param now the clock (injectable for tests)
   */
  constructor(
    options: RateLimitOptions | false,
    private readonly now: () => number = Date.now,
  ) {
    const maxConcurrent = options ? (options.maxConcurrent ?? 4) : null;
    // Even spacing (minTime) rather than a refilling reservoir: a reservoir lets a full budget
    // go out at the end of one window and again at the start of the next, which breaks a
    // provider's rolling window (R1).
    this.shared = new Bottleneck({
      minTime: options ? Math.ceil(options.intervalMs / options.requests) : 0,
      maxConcurrent,
    });
    this.reads = new Bottleneck({ maxConcurrent }).chain(this.shared);
    this.writes = new Bottleneck({ maxConcurrent: 1 }).chain(this.shared);
  }

  /** Runs `task` when the budget allows, in the read or the write group. */
  schedule<T>(kind: 'read' | 'write', task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const group = kind === 'write' ? this.writes : this.reads;
    return group.schedule(async () => {
      await this.waitForReset(signal);
      return task();
    });
  }

  /** Learns from a response's headers; pauses every request until the announced reset. */
  observe(headers: Record<string, string>): void {
    const remaining = firstNumber(headers, ['x-rate-limit-remaining', 'x-ratelimit-remaining', 'ratelimit-remaining']);
    if (remaining === null || remaining > 0) return;
    const reset = firstNumber(headers, ['x-rate-limit-reset', 'x-ratelimit-reset', 'ratelimit-reset']);
    const resetAt = reset === null ? this.now() + 1_000 : resetToEpochMs(reset, this.now());
    this.pausedUntil = Math.max(this.pausedUntil, resetAt + RESET_GUARD_MS);
  }

  /** Pauses every request for `ms` (after a 429 that said how long). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** Releases the limiter's timers. */
  async stop(): Promise<void> {
    await Promise.all([
      this.reads.stop({ dropWaitingJobs: true }),
      this.writes.stop({ dropWaitingJobs: true }),
      this.shared.stop({ dropWaitingJobs: true }),
    ]).catch(() => undefined);
  }

  private async waitForReset(signal?: AbortSignal): Promise<void> {
    // A loop, because another response may push the reset further while we wait.
    for (let round = 0; round < 10; round += 1) {
      const wait = this.pausedUntil - this.now();
      if (wait <= 0) return;
      await sleep(wait, signal);
    }
  }
}

function firstNumber(headers: Record<string, string>, names: string[]): number | null {
  for (const name of names) {
    const value = headers[name];
    if (value !== undefined && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  }
  return null;
}

/**
 * A reset header is either seconds until the reset (IETF `RateLimit-Reset`, small numbers) or an
 * epoch time in seconds (GitHub style, large numbers). Values above 10^9 are taken as epoch.
 */
function resetToEpochMs(value: number, now: number): number {
  return value > 1e9 ? value * 1000 : now + value * 1000;
}
