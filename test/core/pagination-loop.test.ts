/**
 * A provider that ignores both the time filter and the page number and keeps answering the same
 * 30 records with "more" never repeats a URL, so only the record ids show the loop. `paginate`
 * and the time-keyset source stop with PaginationLoopError once 3 pages in a row bring no new
 * id, after a handful of requests instead of 100,000.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../src/connectors/index.js';
import { PaginationLoopError } from '../../src/core/errors.js';
import { timeKeysetPages } from '../../src/core/keyset.js';
import { STALLED_PAGE_LIMIT } from '../../src/core/loop-guard.js';
import { jsonApiLinksNext, paginate } from '../../src/core/pagination.js';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { createTestClient, timed } from '../helpers/test-client.js';

const PAGE = 30;
/** The same 30 JSON:API candidates every time, ascending by updated-at, with a next link that never repeats. */
function sameThirty(requestIndex: number) {
  return {
    data: Array.from({ length: PAGE }, (_, index) => ({
      id: String(1000 + index),
      type: 'candidates',
      attributes: { 'first-name': `First${index}`, 'last-name': 'Last', 'updated-at': new Date(Date.UTC(2025, 0, 1, 0, index)).toISOString(), 'created-at': '2024-01-01T00:00:00.000Z' },
    })),
    links: { next: `/v1/candidates?page%5Bnumber%5D=${requestIndex + 2}&page%5Bsize%5D=${PAGE}` },
    meta: { 'record-count': 100_000 },
  };
}

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer({
    respond: (_request, index) => ({ kind: 'json', body: sameThirty(index), headers: { 'content-type': 'application/vnd.api+json' } }),
  });
});
afterEach(async () => {
  await server.close();
});

describe('pages that bring no new record', () => {
  it(`paginate stops with PaginationLoopError after ${STALLED_PAGE_LIMIT} such pages in a row`, async () => {
    const { client } = createTestClient(`${server.url}/v1`);
    let pages = 0;
    const outcome = await timed(async () => {
      for await (const page of paginate({ client, strategy: jsonApiLinksNext, path: '/candidates', pageSize: PAGE, items: (body) => (body as { data: unknown[] }).data, operation: 'loop', maxPages: 1_000 })) {
        pages += page.items.length > 0 ? 1 : 0;
      }
    });
    await client.close();
    expect(outcome.error).toBeInstanceOf(PaginationLoopError);
    expect(server.stats.requests).toBe(1 + STALLED_PAGE_LIMIT);
    expect(pages).toBe(STALLED_PAGE_LIMIT);
  });

  it('the time-keyset source stops the same way, though every request has a new bound or page number', async () => {
    const { client } = createTestClient(`${server.url}/v1`);
    const outcome = await timed(async () => {
      for await (const page of timeKeysetPages({
        client,
        path: '/candidates',
        query: {},
        pageSize: PAGE,
        pageParams: { number: 'page[number]', size: 'page[size]' },
        filterParam: 'filter[updated-at][from]',
        granularityMs: 1,
        items: (body) => (body as { data: unknown[] }).data,
        itemTime: (item) => Date.parse((item as { attributes: { 'updated-at': string } }).attributes['updated-at']),
        itemId: (item) => (item as { id: string }).id,
        sinceMs: Date.UTC(2024, 0, 1),
        operation: 'loop',
        maxPages: 1_000,
      })) {
        void page;
      }
    });
    await client.close();
    expect(outcome.error).toBeInstanceOf(PaginationLoopError);
    expect(server.stats.requests).toBeLessThanOrEqual(1 + STALLED_PAGE_LIMIT);
  });

  it('a Teamtailor sync of candidates against such a server ends with PaginationLoopError after a few requests', async () => {
    const connector = createConnector('teamtailor', { apiKey: 'tt-loop-key-0123456789', baseUrl: `${server.url}/v1`, rateLimit: false });
    const outcome = await timed(async () => {
      for await (const candidate of connector.syncCandidates('2024-06-01T00:00:00Z')) void candidate;
    });
    await connector.close();
    expect(outcome.error).toBeInstanceOf(PaginationLoopError);
    expect(server.stats.requests).toBeLessThanOrEqual(2 + STALLED_PAGE_LIMIT);
  });

  it('a listing whose pages each bring new ids is not stopped, however long', async () => {
    server.respondWith((_request, index) => ({
      kind: 'json',
      body: { data: index < 10 ? Array.from({ length: 5 }, (_, item) => ({ id: `${index}-${item}` })) : [], links: index < 10 ? { next: `/v1/x?page=${index + 2}` } : {} },
    }));
    const { client } = createTestClient(`${server.url}/v1`);
    let items = 0;
    for await (const page of paginate({ client, strategy: jsonApiLinksNext, path: '/x', pageSize: 5, items: (body) => (body as { data: unknown[] }).data, operation: 'fine' })) {
      items += page.items.length;
    }
    await client.close();
    expect(items).toBe(50);
  });
});
