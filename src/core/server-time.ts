/**
 * The provider's clock (its `Date` header), carried on each response and each page. The sync
 * engine caps its cursor with it, so it must be the clock of the responses that served the page:
 * never a value shared by the whole transport, which another request running at the same time
 * would overwrite.
 *
 * Streams built from one response per page read `response.serverTime`. Streams whose pages come
 * from several responses (fan-out, whole lists) are read inside {@link collectServerTime}: every
 * response received while one page is produced, and in the work it starts, reports its clock to
 * that page's collector (AsyncLocalStorage), and the page takes the earliest, which is the safe
 * bound for a cursor.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** A response's `Date` header as a UTC ISO string, or null: the provider's clock, never ours. */
export function serverTimeOf(header: string | undefined | null): string | null {
  // A `Date` header changes once a second: consecutive responses mostly repeat the last one.
  if (header === lastHeader) return lastServerTime;
  const ms = header === undefined || header === null ? Number.NaN : Date.parse(header);
  const serverTime = Number.isNaN(ms) ? null : new Date(ms).toISOString();
  lastHeader = header;
  lastServerTime = serverTime;
  return serverTime;
}

/**
 * The earliest of some provider clocks (UTC ISO strings from {@link serverTimeOf}), skipping unknown
 * ones; null when none is known. A page built from several responses (a fan-out, a join, a whole
 * list handed out in chunks) takes the earliest clock of the responses its data came from: every
 * record on it was served at or after that time, so it is the safe bound for a cursor.
 */
export function earliestServerTime(...clocks: readonly (string | null | undefined)[]): string | null {
  let earliest: string | null = null;
  for (const clock of clocks) if (clock && (earliest === null || clock < earliest)) earliest = clock;
  return earliest;
}

/** The last header {@link serverTimeOf} read and its value (a pure function, so sharing is safe). */
let lastHeader: string | undefined | null;
let lastServerTime: string | null = null;

/** Collects the clocks of the responses of one unit of work. */
export class ServerTimeCollector {
  earliest: string | null = null;
  note(serverTime: string): void {
    if (this.earliest === null || serverTime < this.earliest) this.earliest = serverTime;
  }
}

const collectors = new AsyncLocalStorage<ServerTimeCollector>();

/**
 * The collector of the work running now, if any. The transport takes it when a request is made,
 * before the rate limiter queues the attempt: a queued job may start from another caller's
 * context, so the context at send time is not reliable.
 */
export function currentServerTimeCollector(): ServerTimeCollector | undefined {
  return collectors.getStore();
}

/**
 * Runs `work` and returns its value with the earliest provider clock among the responses it
 * received (null when none carried one).
 */
export async function collectServerTime<T>(work: () => Promise<T>): Promise<{ value: T; serverTime: string | null }> {
  const collector = new ServerTimeCollector();
  const value = await collectors.run(collector, work);
  return { value, serverTime: collector.earliest };
}
