/**
 * Pagination: each provider style is one small pure strategy that, given the request just made and
 * what came back, says which request comes next (or that the list is over). `paginate` drives a
 * strategy as an AsyncIterable of pages with two loop guards (a page URL asked twice; pages that
 * bring no new record id several times in a row, see `loop-guard.ts`) and a hard page cap, and
 * ends cleanly on an empty page even when the provider still offers a next link.
 */
import { PaginationLoopError } from './errors.js';
import type { HttpClient, HttpRequest, HttpResponse } from './http.js';
import { ProgressGuard, STALLED_PAGE_LIMIT } from './loop-guard.js';

/** Query parameters of a page request. */
export type Query = NonNullable<HttpRequest['query']>;

/** Where a page request goes. */
export interface PageRequest {
  /** A path under the base URL, or an absolute URL on its origin (a `links.next`). */
  path: string;
  query: Query;
}

/** What a strategy sees after a page arrived. */
export interface PageContext {
  request: PageRequest;
  response: HttpResponse;
  /** How many items the page actually held (not how many were asked for). */
  itemCount: number;
  pageSize: number;
}

/** One pagination style. */
export interface PaginationStrategy {
  /** The first request, from the resource path and its filters. */
  first(path: string, query: Query, pageSize: number): PageRequest;
  /** The next request, or null when the list is over. */
  next(context: PageContext): PageRequest | null;
}

/** JSON:API: `page[number]`/`page[size]` first, then follow `links.next` until it is absent. */
export const jsonApiLinksNext: PaginationStrategy = {
  first: (path, query, pageSize) => ({ path, query: { ...query, 'page[size]': pageSize, 'page[number]': 1 } }),
  next: ({ response }) => {
    const next = (response.body as { links?: { next?: unknown } } | null)?.links?.next;
    return typeof next === 'string' && next !== '' ? { path: next, query: {} } : null;
  },
};

/** `page`/`per_page` page numbers (names configurable); a short page ends the list. */
export function pageNumber(names: { page: string; size: string } = { page: 'page', size: 'per_page' }, firstPage = 1): PaginationStrategy {
  return {
    first: (path, query, pageSize) => ({ path, query: { ...query, [names.page]: firstPage, [names.size]: pageSize } }),
    next: ({ request, itemCount, pageSize }) =>
      itemCount < pageSize
        ? null
        : { path: request.path, query: { ...request.query, [names.page]: Number(request.query[names.page]) + 1 } },
  };
}

/**
 * `offset`/`limit`: the next offset moves by what actually came back, never by what was asked
 * (a provider that silently caps the page size would otherwise skip rows). An empty page, or a
 * known total reached, ends the list.
 */
export function offsetLimit(
  names: { offset: string; limit: string } = { offset: 'offset', limit: 'limit' },
  total?: (body: unknown) => number | null,
): PaginationStrategy {
  return {
    first: (path, query, pageSize) => ({ path, query: { ...query, [names.offset]: 0, [names.limit]: pageSize } }),
    next: ({ request, response, itemCount }) => {
      if (itemCount === 0) return null;
      const offset = Number(request.query[names.offset]) + itemCount;
      const known = total?.(response.body);
      if (known !== null && known !== undefined && offset >= known) return null;
      return { path: request.path, query: { ...request.query, [names.offset]: offset } };
    },
  };
}

/** An opaque cursor token read from the body and sent back as a query parameter. */
export function cursorToken(param: string, read: (body: unknown) => string | null | undefined): PaginationStrategy {
  return {
    first: (path, query, pageSize) => ({ path, query: { ...query, limit: pageSize } }),
    next: ({ request, response }) => {
      const token = read(response.body);
      return token ? { path: request.path, query: { ...request.query, [param]: token } } : null;
    },
  };
}

/** RFC 8288 `Link: <url>; rel="next"`; with no Link header, a short page ends the list. */
export function linkHeader(fallback: PaginationStrategy = pageNumber()): PaginationStrategy {
  return {
    first: fallback.first,
    next: (context) => {
      const header = context.response.headers.link;
      if (header !== undefined) {
        const next = parseLinkHeader(header).next;
        return next ? { path: next, query: {} } : null;
      }
      return fallback.next(context);
    },
  };
}

/** A bare JSON array with no paging metadata: ask page by page until a short page. */
export const bareArrayUntilShortPage: PaginationStrategy = pageNumber();

/** Parses an RFC 8288 Link header into `{ rel: url }`. */
export function parseLinkHeader(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (!match) continue;
    const rel = /rel="?([^";]+)"?/i.exec(match[2] ?? '');
    if (rel?.[1]) for (const name of rel[1].split(/\s+/)) out[name] = match[1] ?? '';
  }
  return out;
}

/** One page of raw items plus the response it came in. */
export interface RawPage<Item> {
  items: Item[];
  response: HttpResponse;
  request: PageRequest;
}

/** How to read a list resource. */
export interface PaginateOptions<Item> {
  client: HttpClient;
  strategy: PaginationStrategy;
  path: string;
  query?: Query;
  pageSize: number;
  /** Pulls the items out of a page body (`body.data`, the bare array...). */
  items: (body: unknown) => Item[];
  operation: string;
  signal?: AbortSignal;
  /** Hard cap on pages in one listing (default 100,000). */
  maxPages?: number;
  /** Called when the provider offered a next page after an empty one. */
  onWarning?: (message: string) => void;
  /** The provider id of a raw item, for the no-progress guard (default: its `id` or `Id`). */
  itemId?: (item: Item) => string | null;
}

/** The `id` (or `Id`) of a raw item as a string, or null. */
export function defaultItemId(item: unknown): string | null {
  const record = item as { id?: unknown; Id?: unknown } | null;
  const id = record?.id ?? record?.Id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/** The error of a listing whose pages stopped bringing new records. */
export function stalledListingError(client: HttpClient, operation: string, url?: string): PaginationLoopError {
  return new PaginationLoopError(
    `${client.provider} returned no new record on ${STALLED_PAGE_LIMIT} pages in a row while offering more; stopping instead of reading the same records again (${operation})`,
    { provider: client.provider, operation, status: null, url },
  );
}

/** Reads a list resource page by page, lazily: the next request is made when the caller asks. */
export async function* paginate<Item>(options: PaginateOptions<Item>): AsyncGenerator<RawPage<Item>> {
  const maxPages = options.maxPages ?? 100_000;
  const seen = new Set<string>();
  const progress = new ProgressGuard();
  const itemId = options.itemId ?? defaultItemId;
  let request: PageRequest | null = options.strategy.first(options.path, options.query ?? {}, options.pageSize);
  for (let pageIndex = 0; request !== null; pageIndex += 1) {
    const key = options.client.buildUrl({ ...request, operation: options.operation });
    if (seen.has(key) || pageIndex >= maxPages) {
      const why = seen.has(key) ? 'asked for a page it already returned' : `went past ${maxPages} pages`;
      throw new PaginationLoopError(`${options.client.provider} pagination ${why} (${options.operation})`, {
        provider: options.client.provider,
        operation: options.operation,
        status: null,
        url: key,
      });
    }
    seen.add(key);
    const response = await options.client.request({
      method: 'GET',
      path: request.path,
      query: request.query,
      operation: options.operation,
      signal: options.signal,
    });
    const items = options.items(response.body);
    if (progress.stalledAfter(items.map((item) => itemId(item)))) throw stalledListingError(options.client, options.operation, key);
    let next = options.strategy.next({ request, response, itemCount: items.length, pageSize: options.pageSize });
    if (next && items.length === 0) {
      options.onWarning?.(`${options.client.provider} offered a next page after an empty one; stopping (${options.operation})`);
      next = null;
    }
    yield { items, response, request };
    request = next;
  }
}
