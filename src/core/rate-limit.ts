/**
 * Client-side rate limiting: one limiter per connector (that is, per credential), seeded from
 * the provider's documented limit and adapted from the `X-Rate-Limit-*` / `RateLimit-*` headers
 * the provider sends back. Reads and writes are separate groups (writes one at a time) that share
 * the credential's budget.
 *
 * The limiter is pluggable: a connector's `limiter` option is a {@link LimiterFactory}, so several
 * processes can share one budget per credential (the fleet's Redis-backed limiter). The transport
 * never waits out a pause blindly: it asks {@link Limiter.pauseRemainingMs} and checks the wait
 * against its retry budget first, so a long pause becomes a `RateLimitError` instead of a sleep.
 */
import { createHash } from 'node:crypto';
import Bottleneck from 'bottleneck';
import pLimit from 'p-limit';

/** A rate-limit budget; every connector accepts it as its `rateLimit` option. */
export interface RateLimitOptions {
  /** Requests allowed per `intervalMs`. */
  requests: number;
  /** The window, in ms. */
  intervalMs: number;
  /** Requests in flight at once (default 4). */
  maxConcurrent?: number;
}

/** Whether a request reads or writes: writes go one at a time. */
export type RequestKind = 'read' | 'write';

/**
 * What the transport needs from a rate limiter. The built-in {@link RateLimiter} implements it in
 * memory, per connector instance; a fleet can implement it over shared storage.
 */
export interface Limiter {
  /**
   * Runs `task` when the budget allows (spacing, concurrency; writes one at a time). It does not
   * wait out a pause: the transport does that itself, after checking the wait against its budget.
   * Rejects with the signal's reason when `signal` aborts before the task starts.
   */
  schedule<T>(kind: RequestKind, task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Learns from a response's headers (a `Remaining: 0` announces a pause until the reset). */
  observe(headers: Record<string, string>): void;
  /** Pauses every request of this credential for `ms` (after a 429 that said how long). */
  pauseFor(ms: number): void;
  /** How long requests are paused from now, in ms (0 when they are not). */
  pauseRemainingMs(): number | Promise<number>;
  /** Releases timers and connections. */
  stop(): Promise<void>;
}

/** What a {@link LimiterFactory} is told about the transport it serves. */
export interface LimiterContext {
  /** The provider (`'teamtailor'`, ...). */
  provider: string;
  /**
   * A short, non-reversible fingerprint of the credential ({@link credentialFingerprint}): the key
   * to share a budget under, so two processes using the same key share one limit.
   */
  fingerprint: string;
  /**
   * The transport's base URL (origin and path prefix). One connector can hold several transports
   * with one credential and different budgets (Flatchr's CV route has its own limit).
   */
  baseUrl: string;
  /** The client-side budget of this transport, or `false` for none. */
  rateLimit: RateLimitOptions | false;
  /** The transport's clock. */
  now: () => number;
}

/** Builds the limiter of one transport (one connector instance, one credential). */
export type LimiterFactory = (context: LimiterContext) => Limiter;

/** The limiter every transport uses unless a `limiter` factory is given. */
export const defaultLimiterFactory: LimiterFactory = (context) => new RateLimiter(context.rateLimit, context.now);

/**
 * A short hex fingerprint of a credential: SHA-256 over the provider and every secret, cut to 16
 * hex characters (64 bits). It names a credential in shared storage (a Redis key) without
 * revealing it: a hash cannot be turned back into an API key, and the cut leaves too few bits to
 * check a guess against a full hash elsewhere.
 * @param provider the provider, so one key used at two providers gives two fingerprints
 * @param secrets every credential value of the connection
 */
export function credentialFingerprint(provider: string, secrets: readonly string[]): string {
  const hash = createHash('sha256').update('unified-ats credential v1\0').update(provider);
  for (const secret of secrets) hash.update('\0').update(secret);
  return hash.digest('hex').slice(0, 16);
}

/** Extra wait after a provider-announced reset, so a clock edge never costs a 429. */
const RESET_GUARD_MS = 1_000;

/**
 * Spacing headroom. Requests spaced at exactly `intervalMs / requests` do not arrive that way:
 * connection setup and network jitter move arrivals by milliseconds, and the provider's window
 * then holds one request too many (a 429 in the rolling-window test). 5 % wider spacing leaves 5 % of the window as
 * slack for jitter and still uses 95 % of the budget.
 */
const SPACING_HEADROOM = 1.05;

/** Spaces requests to stay under a budget and pauses when the provider says the budget is spent. */
export class RateLimiter implements Limiter {
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
      // made 1,000 sequential loopback GETs take 14 s instead of well under one).
      this.groups = null;
      return;
    }
    const maxConcurrent = options.maxConcurrent ?? 4;
    // Even spacing (minTime) rather than a refilling reservoir: a reservoir lets a full budget
    // go out at the end of one window and again at the start of the next, which breaks a
    // provider's rolling window.
    const shared = new Bottleneck({ minTime: Math.ceil((options.intervalMs / options.requests) * SPACING_HEADROOM), maxConcurrent });
    this.groups = {
      shared,
      reads: new Bottleneck({ maxConcurrent }).chain(shared),
      writes: new Bottleneck({ maxConcurrent: 1 }).chain(shared),
    };
  }

  /** Runs `task` when the budget allows, in the read or the write group. */
  schedule<T>(kind: RequestKind, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = async () => {
      signal?.throwIfAborted();
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

  /** How long requests are paused from now, in ms (0 when they are not). */
  pauseRemainingMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
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
