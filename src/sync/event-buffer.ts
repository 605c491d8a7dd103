/**
 * `bufferEvents`: coalescing across webhook requests. A webhook handler receives one event per
 * request, and `applyEvents` coalesces only within one call; the buffer collects events for a short
 * window and applies them in one call, so a burst of edits to one record costs one read.
 * @module
 */
import { ConfigError } from '../core/errors.js';
import type { AnySyncBatch, ApplyEventsResult, SyncEngine, SyncEvent } from './types.js';

/** Options of {@link bufferEvents}. */
export interface EventBufferOptions {
  /** The engine applying the events. */
  engine: Pick<SyncEngine, 'applyEvents'>;
  /** Receives the batches, as for `applyEvents`. */
  onBatch: (batch: AnySyncBatch) => Promise<void>;
  /** How long the first event of a window waits for others, in ms (default 250). */
  windowMs?: number;
  /** A window is applied as soon as it holds this many events (default 1,000). */
  maxEvents?: number;
  /** Receives each window's result. */
  onResult?: (result: ApplyEventsResult) => void;
  /** Receives what a window's `applyEvents` threw (default: rethrown by the next `flush()` / `close()`). */
  onError?: (error: unknown, events: readonly SyncEvent[]) => void;
}

/** A buffer of events applied in windows, one window at a time. */
export interface EventBuffer {
  /** Adds events (what `createWebhookHandler`'s `onEvents` receives); returns at once. */
  push(events: readonly SyncEvent[]): void;
  /** Applies what is buffered now and waits for every window to finish. */
  flush(): Promise<void>;
  /** Flushes, then refuses further events. */
  close(): Promise<void>;
  /** Events waiting for their window. */
  readonly pending: number;
}

/**
 * Collects events for `windowMs` and applies them with one `applyEvents` call.
 *
 * Events wait in memory until their window is applied: a process that dies in between loses them
 * (as a handler that died before applying would). Run a delta sync on a schedule as the safety net.
 *
 * @example
 * ```ts
 * const buffer = bufferEvents({ engine, onBatch, windowMs: 500 });
 * const handler = createWebhookHandler({ provider: 'teamtailor', secret, onEvents: (events) => buffer.push(events) });
 * ```
 */
export function bufferEvents(options: EventBufferOptions): EventBuffer {
  const windowMs = options.windowMs ?? 250;
  const maxEvents = options.maxEvents ?? 1000;
  const configError = (message: string) => new ConfigError(message, { provider: 'sync', operation: 'bufferEvents' });
  if (!Number.isFinite(windowMs) || windowMs < 0) throw configError('windowMs must be a non-negative number');
  if (!Number.isInteger(maxEvents) || maxEvents < 1) throw configError('maxEvents must be a positive integer');
  if (typeof options.onBatch !== 'function') throw configError('bufferEvents needs an onBatch function');
  let buffered: SyncEvent[] = [];
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  let closed = false;

  const apply = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (buffered.length === 0) return;
    const events = buffered;
    buffered = [];
    // One window at a time, in order: a later window never overtakes an earlier one.
    chain = chain.then(async () => {
      try {
        const result = await options.engine.applyEvents(events, { onBatch: options.onBatch });
        options.onResult?.(result);
      } catch (error) {
        if (options.onError) options.onError(error, events);
        else failure ??= { error };
      }
    });
  };

  const flush = async () => {
    apply();
    await chain;
    if (failure) {
      const { error } = failure;
      failure = null;
      throw error;
    }
  };

  return {
    push(events) {
      if (closed) throw configError('This event buffer is closed');
      buffered.push(...events);
      if (buffered.length >= maxEvents) apply();
      else if (timer === null && buffered.length > 0) {
        timer = setTimeout(apply, windowMs);
        timer.unref?.();
      }
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
    get pending() {
      return buffered.length;
    },
  };
}
