/**
 * Rate limits shared by every worker: one bottleneck limiter per credential in Redis
 * (bottleneck's clustering, `datastore: 'ioredis'`), keyed by provider and a hash of the
 * credential, so N workers on one account together keep to its budget. Bottleneck computes the
 * spacing (`minTime`) and the concurrency (`maxConcurrent`) in Redis with Redis's clock; a client
 * that dies is forgotten after its heartbeat times out, and its running slots are freed.
 *
 * A provider that answers 429 with `Retry-After`, or says its budget is spent
 * (`X-Rate-Limit-Remaining: 0`), pauses the credential for every worker: the pause is a Redis key
 * with that expiry, checked before each request leaves. Bottleneck has no pause of its own, and
 * an expiring key cannot outlive the wait even when the worker that set it dies.
 * @module
 */
import Bottleneck from 'bottleneck';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Redis as RedisClient } from 'ioredis';
import type { Logger } from '../core/logger.js';
import type { RateLimitOptions } from '../core/rate-limit.js';
import { sleep } from '../core/sleep.js';
import type { Limiter, LimiterContext, LimiterFactory } from './limiter-contract.js';

/**
 * Spacing headroom: 10 % wider spacing than the budget allows. The connector's own limiter uses
 * 5 %; requests released by one Redis clock but sent by several processes arrive with more jitter
 * (each process's event loop and its round trip to Redis add their own delay), and a rolling
 * window at the provider counts arrivals.
 */
const spacingHeadroom = 1.1;
/** Extra wait after a provider-announced reset, so a clock edge never costs a 429. */
const resetGuardMs = 1_000;
/** Most pause checks per request (another worker may extend the pause while this one waits). */
const maxPauseRounds = 10;

/** Options of {@link SharedLimiters}. */
export interface SharedLimitersOptions {
  /** A connection of its own: bottleneck duplicates it for its subscriber and quits both on close. */
  client: RedisClient;
  /** The ioredis class (given to bottleneck so it never requires ioredis by itself). */
  Redis: unknown;
  /** Prefix of every limiter id and pause key (the fleet's prefix and name). */
  keyPrefix: string;
  /** How long an unused limiter stays connected in this process, in ms (default 60,000). */
  idleMs?: number;
  /** How long the limiter's state stays in Redis after the last request, in ms (default 1 h). */
  stateTtlMs?: number;
  logger: Logger;
}

interface SharedEntry {
  /** The clustered limiter, or null when the provider has no client-side budget. */
  bottleneck: Bottleneck | null;
  ready: Promise<void>;
  pauseKey: string;
  /** The latest pause end this process knows of (epoch ms), to skip Redis while it lasts. */
  pausedUntil: number;
  refs: number;
  idleTimer: NodeJS.Timeout | null;
}

/** The shared limiters of one process, one per credential. */
export class SharedLimiters {
  private connection: Bottleneck.IORedisConnection | null = null;
  private readonly entries = new Map<string, SharedEntry>();
  private readonly idleMs: number;
  private readonly stateTtlMs: number;
  private closed = false;

  constructor(private readonly options: SharedLimitersOptions) {
    this.idleMs = options.idleMs ?? 60_000;
    this.stateTtlMs = options.stateTtlMs ?? 3_600_000;
  }

  /** The factory handed to `resolve` (`tools.limiter`). */
  readonly factory: LimiterFactory = (context) => this.open(context);

  /** Limiters connected in this process (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  private open(context: LimiterContext): Limiter {
    if (this.closed) throw new Error('The fleet worker is closed; no new limiter can be built.');
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(context.fingerprint)) throw new Error('A limiter fingerprint must be a hash (letters, digits, - and _).');
    const key = `${context.provider}:${context.fingerprint}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.createEntry(key, context.rateLimit);
      this.entries.set(key, entry);
    }
    entry.refs += 1;
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
    return new SharedLimiter(entry, this.options.client, () => this.release(key, entry!), this.options.logger);
  }

  private createEntry(key: string, rateLimit: RateLimitOptions | false): SharedEntry {
    const pauseKey = `${this.options.keyPrefix}:pause:${key}`;
    if (!rateLimit) return { bottleneck: null, ready: Promise.resolve(), pauseKey, pausedUntil: 0, refs: 0, idleTimer: null };
    this.connection ??= this.connect();
    const settings = {
      minTime: Math.ceil((rateLimit.intervalMs / rateLimit.requests) * spacingHeadroom),
      maxConcurrent: rateLimit.maxConcurrent ?? 4,
    };
    const bottleneck = new Bottleneck({
      id: `${this.options.keyPrefix}:limiter:${key}`,
      datastore: 'ioredis',
      connection: this.connection,
      // Joining limiters must not wipe the state of the workers already using it.
      clearDatastore: false,
      timeout: this.stateTtlMs,
      ...settings,
    });
    bottleneck.on('error', (error: unknown) => this.options.logger.warn?.('fleet limiter error', { key, error: String(error) }));
    // The first limiter in Redis sets the budget; a later deploy with another budget replaces it.
    const ready = bottleneck.ready().then(async () => {
      await (bottleneck.updateSettings(settings) as unknown as Promise<void>);
    });
    ready.catch(() => undefined);
    return { bottleneck, ready, pauseKey, pausedUntil: 0, refs: 0, idleTimer: null };
  }

  private connect(): Bottleneck.IORedisConnection {
    const connection = new Bottleneck.IORedisConnection({ client: this.options.client as never, Redis: this.options.Redis as never });
    connection.on('error', (error: unknown) => this.options.logger.warn?.('fleet limiter connection error', { error: String(error) }));
    return connection;
  }

  private release(key: string, entry: SharedEntry): void {
    entry.refs -= 1;
    if (entry.refs > 0 || this.closed) return;
    entry.idleTimer = setTimeout(() => {
      if (entry.refs > 0 || this.entries.get(key) !== entry) return;
      this.entries.delete(key);
      void entry.bottleneck?.disconnect(false).catch(() => undefined);
    }, this.idleMs);
    entry.idleTimer.unref();
  }

  /** Disconnects every limiter and the Redis connections (bottleneck's and its subscriber). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.entries.values()) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      await entry.bottleneck?.disconnect(false).catch(() => undefined);
    }
    this.entries.clear();
    if (this.connection) await this.connection.disconnect(true).catch(() => undefined);
    else await this.options.client.quit().catch(() => undefined);
  }
}

/** One connector's handle on a shared limiter. */
class SharedLimiter implements Limiter {
  /** Writes one at a time per connector, as the connector's own limiter does. */
  private readonly writes: LimitFunction = pLimit(1);
  private stopped = false;

  constructor(
    private readonly entry: SharedEntry,
    private readonly redis: RedisClient,
    private readonly onStop: () => void,
    private readonly logger: Logger,
  ) {}

  schedule<T>(kind: 'read' | 'write', task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = async () => {
      await this.waitForPause(signal);
      return task();
    };
    const throttled = async () => {
      const { bottleneck } = this.entry;
      if (!bottleneck) return run();
      await this.entry.ready;
      return untilAborted(bottleneck.schedule(() => (signal?.aborted ? Promise.reject(signal.reason) : run())), signal);
    };
    return kind === 'write' ? this.writes(throttled) : throttled();
  }

  observe(headers: Record<string, string>): void {
    const remaining = firstNumber(headers, ['x-rate-limit-remaining', 'x-ratelimit-remaining', 'ratelimit-remaining']);
    if (remaining === null || remaining > 0) return;
    const reset = firstNumber(headers, ['x-rate-limit-reset', 'x-ratelimit-reset', 'ratelimit-reset']);
    const now = Date.now();
    const resetAt = reset === null ? now + 1_000 : reset > 1e9 ? reset * 1000 : now + reset * 1000;
    this.pauseFor(resetAt + resetGuardMs - now);
  }

  pauseFor(ms: number): void {
    if (!(ms > 0)) return;
    const until = Date.now() + ms;
    this.entry.pausedUntil = Math.max(this.entry.pausedUntil, until);
    const milliseconds = Math.ceil(ms);
    // NX sets a new pause; PEXPIRE GT extends an existing one only when this one ends later.
    void this.redis
      .multi()
      .set(this.entry.pauseKey, String(until), 'PX', milliseconds, 'NX')
      .pexpire(this.entry.pauseKey, milliseconds, 'GT')
      .exec()
      .catch((error: unknown) => this.logger.warn?.('fleet limiter could not share a pause', { error: String(error) }));
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.writes.clearQueue();
    this.onStop();
  }

  /** Waits while this credential is paused, as this process knows it or as Redis says. */
  private async waitForPause(signal?: AbortSignal): Promise<void> {
    for (let round = 0; round < maxPauseRounds; round += 1) {
      const local = this.entry.pausedUntil - Date.now();
      const wait = local > 0 ? local : await this.redis.pttl(this.entry.pauseKey);
      if (wait <= 0) return;
      this.entry.pausedUntil = Math.max(this.entry.pausedUntil, Date.now() + wait);
      await sleep(wait, signal);
    }
  }
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function firstNumber(headers: Record<string, string>, names: string[]): number | null {
  for (const name of names) {
    const value = headers[name];
    if (value !== undefined && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  }
  return null;
}
