/**
 * The provider's clock (its `Date` header), carried on each response and each page. The sync
 * engine caps its cursor with it, so it must be the clock of the responses that served the page:
 * never a value shared by the whole transport, which another request running at the same time
 * would overwrite.
 *
 * Every stream sets each page's `serverTime` itself, from the responses its data came from
 * (decision 0012): a page read from one response takes `response.serverTime`; a page built from
 * several (a fan-out, a join, a whole list handed out in chunks, a cached lookup) takes the
 * earliest of their clocks ({@link earliestServerTime}), including the responses of data it
 * serves from memory, which is the safe bound for a cursor. Nothing is collected behind the
 * stream's back: no AsyncLocalStorage, whose first `run` would turn on Node's promise hooks for
 * the whole process.
 * @module
 */

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
