/**
 * Client-side rate limiting: one limiter per connector (that is, per credential), seeded from
 * the provider's documented limit and adapted from the `X-Rate-Limit-*` / `RateLimit-*` headers
 * the provider sends back. Reads and writes are separate groups (writes one at a time) that share
 * the credential's budget.
 */
import Bottleneck from 'bottleneck';
import pLimit from 'p-limit';
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

/**
 * Spacing headroom. Requests spaced at exactly `intervalMs / requests` do not arrive that way:
 * connection setup and network jitter move arrivals by milliseconds, and the provider's window
 * then holds one request too many (a 429 in R1). 5 % wider spacing leaves 5 % of the window as
 * slack for jitter and still uses 95 % of the budget.
 */
const SPACING_HEADROOM = 1.05;

/** Spaces requests to stay under a budget and pauses when the provider says the budget is spent. */
export class RateLimiter {
  /** The budgeted groups; null when there is no client-side budget. */
  private readonly groups: { shared: Bottleneck; reads: Bottleneck; writes: Bottleneck } | null;
  /** Writes one at a time when there is no budget (with one, the write group does it). */
  private readonly serialWrites = pLimit(1);
  private pausedUntil = 0;

  /**
   * @param options the budget, or `false` for no client-side limit (header adaptation stays on)
   * @param now the clock (injectable for tests)
   */
  constructor(
    options: RateLimitOptions | false,
    private readonly now: () => number = Date.now,
  ) {
    if (!options) {
      // No budget to enforce: Bottleneck would only add latency (it yields to the event loop with
      // setTimeout several times per job, ~14 ms per request through two chained groups, which
      // made 1,000 sequential loopback GETs take 14 s instead of well under one, T15).
      this.groups = null;
      return;
    }
    const maxConcurrent = options.maxConcurrent ?? 4;
    // Even spacing (minTime) rather than a refilling reservoir: a reservoir lets a full budget
    // go out at the end of one window and again at the start of the next, which breaks a
    // provider's rolling window (R1).
    const shared = new Bottleneck({ minTime: Math.ceil((options.intervalMs / options.requests) * SPACING_HEADROOM), maxConcurrent });
    this.groups = {
      shared,
      reads: new Bottleneck({ maxConcurrent }).chain(shared),
      writes: new Bottleneck({ maxConcurrent: 1 }).chain(shared),
    };
  }

  /** Runs `task` when the budget allows, in the read or the write group. */
  schedule<T>(kind: 'read' | 'write', task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = async () => {
      await this.waitForReset(signal);
      return task();
    };
    if (!this.groups) return kind === 'write' ? this.serialWrites(run) : run();
    return (kind === 'write' ? this.groups.writes : this.groups.reads).schedule(run);
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
    this.serialWrites.clearQueue();
    if (!this.groups) return;
    await Promise.all([
      this.groups.reads.stop({ dropWaitingJobs: true }),
      this.groups.writes.stop({ dropWaitingJobs: true }),
      this.groups.shared.stop({ dropWaitingJobs: true }),
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
