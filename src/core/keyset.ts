/**
 * Time-keyset paging over an "updated since" filter (docs/decisions/0004-time-keyset-paging.md). Page-number paging over a list
 * that changes while it is read skips rows: a record updated during the scan leaves its place and
 * every later row shifts one slot towards the pages already read. When the API can filter by
 * "updated at or after" and sort ascending by it, each next page is asked for as a fresh query
 * from the last timestamp seen instead of "page k+1": stepped back by the filter's granularity
 * while its inclusivity is unknown, and the timestamp itself once a row stamped exactly at the
 * bound has come back (the filter is then "at or after", decision 0067). Rows at the boundary come
 * back twice and are dropped by id; a record updated during the run moves to the end and is read
 * again later. Only when a whole page shares one timestamp (or one precision unit) does it fall
 * back to the next page number.
 */
import { PaginationLoopError } from './errors.js';
import type { HttpClient } from './http.js';
import { ProgressGuard } from './loop-guard.js';
import { stalledListingError, type Query, type RawPage } from './pagination.js';

/** How to page one resource by time keyset. */
export interface TimeKeysetOptions<Item> {
  client: HttpClient;
  path: string;
  /** Query without paging and without the time filter. */
  query: Query;
  pageSize: number;
  /** Names of the page number and page size parameters. */
  pageParams: { number: string; size: string };
  /** The "updated at or after" filter parameter. */
  filterParam: string;
  /** Renders a bound for the provider (ISO 8601 by default). */
  formatBound?: (ms: number) => string;
  /** The precision of the filter value in ms (1 for milliseconds, 1,000 for seconds): bounds are floored to it. */
  granularityMs: number;
  /** Pulls items out of a page body. */
  items: (body: unknown) => unknown[];
  /** The updated time of a raw item in epoch ms, or null. */
  itemTime: (item: unknown) => number | null;
  /** The provider id of a raw item, or null. */
  itemId: (item: unknown) => string | null;
  /** Where to start (null: from the beginning). */
  sinceMs: number | null;
  operation: string;
  signal?: AbortSignal;
  /** Hard cap on requests (default 100,000). */
  maxPages?: number;
  /**
   * Whether the provider says more rows follow this page under the same query (a JSON:API
   * `links.next`), or null when the body does not say. A full page that the provider calls the
   * last one ends the listing without asking for an empty next page.
   */
  hasMore?: (body: unknown) => boolean | null;
}

/**
 * Reads pages by time keyset; yields each page's items minus boundary repeats. If a page comes back
 * unsorted (the provider ignored the sort), it stops moving the bound and pages on by number under
 * the same filter, which is still complete, and reports it through `onWarning`.
 */
export async function* timeKeysetPages<Item>(
  options: TimeKeysetOptions<Item>,
  onWarning: (message: string) => void = () => undefined,
): AsyncGenerator<RawPage<unknown>> {
  const format = options.formatBound ?? ((ms: number) => new Date(ms).toISOString());
  const maxPages = options.maxPages ?? 100_000;
  let bound: number | null = options.sinceMs === null ? null : floor(options.sinceMs - 1, options.granularityMs);
  let pageNumber = 1;
  // Ids already delivered whose time is at or after the current bound: they may come back.
  let recent = new Map<string, number>();
  const asked = new Set<string>();
  const progress = new ProgressGuard();
  let sorted = true;
  // Whether the filter is known to be inclusive ("at or after"): a row stamped exactly at the
  // bound came back. Until then each next bound is 1 ms (one precision unit) before the last
  // timestamp, which is complete for an exclusive filter too but re-reads the rows stamped
  // there; once known, the bound is the last timestamp itself.
  let inclusive = false;
  for (let requestIndex = 0; ; requestIndex += 1) {
    const query: Query = { ...options.query, [options.pageParams.size]: options.pageSize, [options.pageParams.number]: pageNumber };
    if (bound !== null) query[options.filterParam] = format(bound);
    const key = `${bound}:${pageNumber}`;
    if (asked.has(key) || requestIndex >= maxPages) {
      throw new PaginationLoopError(`${options.client.provider} keyset paging did not advance (${options.operation})`, {
        provider: options.client.provider,
        operation: options.operation,
        status: null,
      });
    }
    asked.add(key);
    const response = await options.client.request({ method: 'GET', path: options.path, query, operation: options.operation, signal: options.signal });
    const all = options.items(response.body);
    // A provider that ignores both the filter and the page number answers the same rows forever
    // under ever new (bound, page) keys: only the ids show it.
    // Each item's id once: the guard, the repeat filter and the bookkeeping below share it.
    const ids = all.map((item) => options.itemId(item));
    if (progress.stalledAfter(ids)) throw stalledListingError(options.client, options.operation);
    const fresh = recent.size === 0 ? all : all.filter((_, index) => {
      const id = ids[index] as string | null;
      return id === null || !recent.has(id);
    });
    yield { items: fresh, response, request: { path: options.path, query } };
    if (all.length < options.pageSize || options.hasMore?.(response.body) === false) return;
    let high: number | null = null;
    for (let index = 0; index < all.length; index += 1) {
      const item = all[index];
      const time = options.itemTime(item);
      if (time !== null && high !== null && time < high && sorted) {
        sorted = false;
        onWarning(`${options.client.provider} ignored the ascending sort of ${options.path}; paging by number instead (${options.operation})`);
      }
      if (time !== null && (high === null || time > high)) high = time;
      if (time !== null && time === bound) inclusive = true;
      const id = ids[index] as string | null;
      if (id !== null && time !== null) recent.set(id, time);
    }
    const next = high === null ? null : floor(inclusive ? high : high - 1, options.granularityMs);
    if (sorted && next !== null && (bound === null || next > bound)) {
      bound = next;
      pageNumber = 1;
      // Forget ids that can no longer come back (older than the new bound): bounded memory.
      recent = new Map([...recent].filter(([, time]) => time >= next));
    } else {
      // A whole page inside one granularity window: the bound cannot move, so page on within it.
      pageNumber += 1;
    }
  }
}

function floor(ms: number, granularity: number): number {
  return Math.floor(ms / granularity) * granularity;
}
