/**
 * Pagination strategies (architecture habit 11) and the loop guard (S11, S12, E14), driven over
 * the real transport: msw handlers served on loopback by `startMswLoopback`.
 */
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { PaginationLoopError } from '../../src/core/errors.js';
import type { HttpClient } from '../../src/core/http.js';
import {
  bareArrayUntilShortPage,
  cursorToken,
  jsonApiLinksNext,
  linkHeader,
  offsetLimit,
  pageNumber,
  paginate,
  parseLinkHeader,
  type PaginationStrategy,
} from '../../src/core/pagination.js';
import { startMswLoopback, type MswLoopback } from '../../src/testing/msw-loopback.js';
import { createTestClient } from '../helpers/test-client.js';

const ids = (from: number, count: number) => Array.from({ length: count }, (_, index) => ({ id: String(from + index) }));

let mock: MswLoopback | undefined;
let client: HttpClient | undefined;
afterEach(async () => {
  await client?.close();
  // Every request reached a handler: the loopback equivalent of onUnhandledRequest: 'error'.
  expect(mock?.unhandled ?? []).toEqual([]);
  await mock?.close();
  mock = undefined;
  client = undefined;
});

/** Serves `handlers`, then reads every page of `/items` with `strategy`. */
async function readAll(
  handlers: Parameters<typeof startMswLoopback>[0],
  strategy: PaginationStrategy,
  options: { pageSize?: number; items?: (body: unknown) => unknown[]; maxPages?: number } = {},
) {
  mock = await startMswLoopback(handlers);
  client = createTestClient(`${mock.url}/api/v1`).client;
  const pages: unknown[][] = [];
  const warnings: string[] = [];
  let error: unknown;
  try {
    for await (const page of paginate({
      client,
      strategy,
      path: '/items',
      pageSize: options.pageSize ?? 2,
      items: options.items ?? ((body) => (body as { data: unknown[] }).data),
      operation: 'list items',
      maxPages: options.maxPages,
      onWarning: (message) => warnings.push(message),
    })) {
      pages.push(page.items);
    }
  } catch (caught) {
    error = caught;
  }
  return { pages, warnings, error, requests: mock.requests };
}

describe('strategies', () => {
  it('JSON:API links.next: follows the link until it is absent', async () => {
    const { pages, requests } = await readAll(
      [
        http.get('/api/v1/items', ({ request }) => {
          const page = Number(new URL(request.url).searchParams.get('page[number]'));
          const next = page < 3 ? `${new URL(request.url).origin}/api/v1/items?page[size]=2&page[number]=${page + 1}` : undefined;
          return HttpResponse.json({ data: ids(page * 10, page < 3 ? 2 : 1), links: next ? { next } : {} });
        }),
      ],
      jsonApiLinksNext,
    );
    expect(pages.flat()).toEqual([...ids(10, 2), ...ids(20, 2), ...ids(30, 1)]);
    expect(requests.map((request) => new URL(request.url).searchParams.get('page[number]'))).toEqual(['1', '2', '3']);
  });

  it('page number: asks page by page and stops at a short page', async () => {
    const all = ids(1, 5);
    const { pages } = await readAll(
      [
        http.get('/api/v1/items', ({ request }) => {
          const url = new URL(request.url);
          const page = Number(url.searchParams.get('page'));
          const size = Number(url.searchParams.get('per_page'));
          return HttpResponse.json({ data: all.slice((page - 1) * size, page * size) });
        }),
      ],
      pageNumber(),
    );
    expect(pages).toEqual([all.slice(0, 2), all.slice(2, 4), all.slice(4)]);
  });

  it('offset/limit: moves by what came back, not by what was asked (a provider that caps the page)', async () => {
    const all = ids(1, 7);
    const { pages, requests } = await readAll(
      [
        http.get('/api/v1/items', ({ request }) => {
          const offset = Number(new URL(request.url).searchParams.get('offset'));
          // Asked for 3, silently serves at most 2.
          return HttpResponse.json({ data: all.slice(offset, offset + 2), total: all.length });
        }),
      ],
      offsetLimit(undefined, (body) => (body as { total: number }).total),
      { pageSize: 3 },
    );
    expect(pages.flat()).toEqual(all);
    expect(requests.map((request) => new URL(request.url).searchParams.get('offset'))).toEqual(['0', '2', '4', '6']);
  });

  it('cursor token: sends back the token from the body until there is none', async () => {
    const { pages, requests } = await readAll(
      [
        http.get('/api/v1/items', ({ request }) => {
          const cursor = new URL(request.url).searchParams.get('cursor');
          return HttpResponse.json(cursor === null ? { data: ids(1, 2), next: 'c2' } : { data: ids(3, 1), next: null });
        }),
      ],
      cursorToken('cursor', (body) => (body as { next: string | null }).next),
    );
    expect(pages.flat()).toEqual(ids(1, 3));
    expect(requests.map((request) => new URL(request.url).searchParams.get('cursor'))).toEqual([null, 'c2']);
  });

  it('Link header: follows rel="next", and falls back to short-page detection without a header', async () => {
    const { pages } = await readAll(
      [
        http.get('/api/v1/items', ({ request }) => {
          const url = new URL(request.url);
          if (url.searchParams.get('after') === 'b') return HttpResponse.json(ids(3, 1));
          return HttpResponse.json(ids(1, 2), {
            headers: { link: `<${url.origin}/api/v1/items?after=b>; rel="next", <${url.origin}/api/v1/items>; rel="first"` },
          });
        }),
      ],
      linkHeader(),
      { items: (body) => body as unknown[] },
    );
    expect(pages).toEqual([ids(1, 2), ids(3, 1)]);
  });

  it('bare array: page numbers until a short page', async () => {
    const { pages } = await readAll(
      [http.get('/api/v1/items', ({ request }) => HttpResponse.json(new URL(request.url).searchParams.get('page') === '1' ? ids(1, 2) : []))],
      bareArrayUntilShortPage,
      { items: (body) => body as unknown[] },
    );
    expect(pages).toEqual([ids(1, 2), []]);
  });

  it('parseLinkHeader reads several relations, quoted or not, and ignores junk', () => {
    expect(parseLinkHeader('garbage, <https://a.test/?p=2>; rel="next", <https://a.test/?p=9>; rel=last')).toEqual({
      next: 'https://a.test/?p=2',
      last: 'https://a.test/?p=9',
    });
    expect(parseLinkHeader('<https://a.test/x>; rel="prev first"')).toEqual({ prev: 'https://a.test/x', first: 'https://a.test/x' });
  });
});

describe('loop guard', () => {
  it('S11: a links.next pointing back at the current page stops with PaginationLoopError after ≤ 2 repeats', async () => {
    const { pages, error, requests } = await readAll(
      [
        http.get('/api/v1/items', ({ request }) =>
          HttpResponse.json({ data: ids(1, 2), links: { next: request.url } }),
        ),
      ],
      jsonApiLinksNext,
    );
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(requests.length).toBeLessThanOrEqual(3);
    expect(pages.length).toBe(requests.length);
  });

  it('S11: a cursor that repeats stops with PaginationLoopError after ≤ 2 repeats', async () => {
    const { error, requests } = await readAll(
      [http.get('/api/v1/items', () => HttpResponse.json({ data: ids(1, 2), next: 'same-cursor' }))],
      cursorToken('cursor', (body) => (body as { next: string }).next),
    );
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(requests.length).toBeLessThanOrEqual(3);
  });

  it('S11: a provider that never stops (always a new next page with new records) hits the hard page cap', async () => {
    let served = 0;
    const { pages, error } = await readAll(
      [
        http.get('/api/v1/items', () => {
          served += 2;
          return HttpResponse.json({ data: ids(served - 1, 2), next: `c${served}` });
        }),
      ],
      cursorToken('cursor', (body) => (body as { next: string }).next),
      { maxPages: 5 },
    );
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect((error as Error).message).toMatch(/past 5 pages/);
    expect(pages).toHaveLength(5);
  });

  it('S12: links.next present with empty data ends cleanly with a warning, without following the link', async () => {
    const { pages, warnings, error, requests } = await readAll(
      [
        http.get('/api/v1/items', ({ request }) => {
          const page = Number(new URL(request.url).searchParams.get('page[number]'));
          const next = `${new URL(request.url).origin}/api/v1/items?page[size]=2&page[number]=${page + 1}`;
          return HttpResponse.json({ data: page === 1 ? ids(1, 2) : [], links: { next } });
        }),
      ],
      jsonApiLinksNext,
    );
    expect(error).toBeUndefined();
    expect(pages).toEqual([ids(1, 2), []]);
    expect(requests).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/next page after an empty one/);
  });

  it('S12: a total count that disagrees with the data (says 100, data runs out at 3) ends cleanly', async () => {
    const all = ids(1, 3);
    const { pages, error } = await readAll(
      [
        http.get('/api/v1/items', ({ request }) => {
          const offset = Number(new URL(request.url).searchParams.get('offset'));
          return HttpResponse.json({ data: all.slice(offset, offset + 2), total: 100 });
        }),
      ],
      offsetLimit(undefined, (body) => (body as { total: number }).total),
    );
    expect(error).toBeUndefined();
    expect(pages.flat()).toEqual(all);
  });
});
