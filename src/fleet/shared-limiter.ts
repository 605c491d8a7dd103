/**
 * Rate limits shared by every worker: one bottleneck limiter per credential in Redis
 * (bottleneck's clustering, `datastore: 'ioredis'`), keyed by provider and a hash of the
 * credential, so N workers on one account together keep to its budget. Bottleneck computes the
 * spacing (`minTime`) and the concurrency (`maxConcurrent`) in Redis with Redis's clock; a client
 * that dies is forgotten after its heartbeat times out, and its running slots are freed.
 *
 * A provider that answers 429 with `Retry-After`, or says its budget is spent
 * (`X-Rate-Limit-Remaining: 0`), pauses the credential for every worker: the pause is a Redis key
 * with that expiry, which the transport reads (`pauseRemainingMs`) before each request leaves and
 * waits out within its retry budget. Bottleneck has no pause of its own, and an expiring key
 * cannot outlive the wait even when the worker that set it dies.
 * @module
 */
import Bottleneck from 'bottleneck';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Redis as RedisClient } from 'ioredis';
import type { Logger } from '../core/logger.js';
import { createHash } from 'node:crypto';
import type { Limiter, LimiterContext, LimiterFactory, RateLimitOptions, RequestKind } from '../core/rate-limit.js';

/**
 * Spacing headroom. Bottleneck's cluster computes each request's start in Redis, but the request
 * leaves when that process's timer fires and reaches the provider after its own event loop and
 * network delays: arrivals from several processes are less evenly spaced than the starts. The
 * provider's rolling window counts arrivals, so the spacing leaves room for `jitterToleranceMs`
 * of compression per window (and at least 5 %, as the connector's own limiter does): a 20 per
 * second budget is spaced at 63 ms (about 16 a second), a 50 per 10 seconds one at 210 ms.
 */
const minimumHeadroom = 1.05;

/** The spacing of a shared budget, in ms. */
export function sharedSpacingMs(rateLimit: RateLimitOptions, jitterToleranceMs: number): number {
  return Math.ceil(Math.max(rateLimit.intervalMs * minimumHeadroom, rateLimit.intervalMs + jitterToleranceMs) / rateLimit.requests);
}

/** Extra wait after a provider-announced reset, so a clock edge never costs a 429. */
const resetGuardMs = 1_000;

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
  /** Arrival jitter the spacing absorbs per window, in ms (default 250; see {@link sharedSpacingMs}). */
  jitterToleranceMs?: number;
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
  private readonly jitterToleranceMs: number;
  private closed = false;

  constructor(private readonly options: SharedLimitersOptions) {
    this.idleMs = options.idleMs ?? 60_000;
    this.stateTtlMs = options.stateTtlMs ?? 3_600_000;
    this.jitterToleranceMs = options.jitterToleranceMs ?? 250;
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
    // One credential can hold transports with their own budgets (another host or route of the
    // provider), so the base URL is part of the key; hashed, as it is of no use in Redis.
    const route = createHash('sha256').update(context.baseUrl).digest('hex').slice(0, 8);
    const key = `${context.provider}:${context.fingerprint}:${route}`;
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
      minTime: sharedSpacingMs(rateLimit, this.jitterToleranceMs),
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
      void disconnect(entry);
    }, this.idleMs);
    entry.idleTimer.unref();
  }

  /** Disconnects every limiter and the Redis connections (bottleneck's and its subscriber). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.entries.values()) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      await disconnect(entry);
    }
    this.entries.clear();
    if (this.connection) await this.connection.disconnect(true).catch(() => undefined);
    else await this.options.client.quit().catch(() => undefined);
  }
}

/**
 * Disconnects one limiter from the shared connection. On a shared connection bottleneck's
 * `disconnect` only unsubscribes, and returns nothing rather than a promise.
 */
async function disconnect(entry: SharedEntry): Promise<void> {
  try {
    await entry.bottleneck?.disconnect(false);
  } catch {
    // The connection is already gone: nothing is left to release.
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

  schedule<T>(kind: RequestKind, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = () => (signal?.aborted ? Promise.reject(signal.reason) : task());
    const throttled = async () => {
      const { bottleneck } = this.entry;
      if (!bottleneck) return run();
      await this.entry.ready;
      return untilAborted(bottleneck.schedule(run), signal);
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

  /** How long this credential is paused, as this process knows it or as Redis says (another worker's 429). */
  async pauseRemainingMs(): Promise<number> {
    const local = this.entry.pausedUntil - Date.now();
    if (local > 0) return local;
    const remaining = await this.redis.pttl(this.entry.pauseKey);
    if (remaining > 0) this.entry.pausedUntil = Math.max(this.entry.pausedUntil, Date.now() + remaining);
    return Math.max(0, remaining);
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
