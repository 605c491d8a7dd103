/**
 * Each value of the Gem descriptor matters (#20.4), shown through the sandbox and the real
 * transport: the page size is capped at Gem's maximum (the sandbox answers 422 above 500, as
 * webargs does), every end-of-pages signal ends the list (`next_page == page` included, the
 * X-Pagination form of "this is the last page"), and a delta run re-reads the 5-minute lookback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { gemDescriptor } from '../../../src/connectors/gem/descriptor.js';
import { gemPagination } from '../../../src/connectors/gem/pagination.js';
import type { HttpResponse } from '../../../src/core/http.js';
import { createSyncEngine, MemoryStateStore } from '../../../src/sync/index.js';
import { forgetReadClock } from '../../helpers/forget-read-clock.js';
import { GEM_SANDBOX_KEY, gemSandbox } from '../../../src/testing/sandboxes/gem/sandbox.js';
import type { SandboxProvider } from '../../../src/testing/sandbox/types.js';
import { collect } from './helpers.js';
import { startGemSandbox, type GemSandbox } from './sandbox-helpers.js';

let box: GemSandbox;
afterEach(async () => {
  await box?.close();
});
const candidateLists = () => box.received.filter((request) => request.method === 'GET' && request.path === '/candidates/');

/** The Gem sandbox, answering every list with an X-Pagination header built by `header`. */
function withPaginationHeader(header: (page: number, perPage: number, total: number) => Record<string, unknown>): Partial<SandboxProvider> {
  return {
    handle(request, context) {
      const response = gemSandbox.handle(request, context);
      if (request.method !== 'GET' || !Array.isArray(response.body)) return response;
      const page = Number(request.query.get('page') ?? 1);
      const perPage = Number(request.query.get('per_page') ?? 100);
      const total = context.store.list(request.path.replace(/\//g, '')).length;
      return { ...response, headers: { ...response.headers, 'x-pagination': JSON.stringify(header(page, perPage, total)) } };
    },
  };
}

describe('page size', () => {
  it('is capped at 500: a larger pageSize still asks per_page=500, which the sandbox accepts (and 501 it refuses)', async () => {
    box = await startGemSandbox({ records: 1_100 });
    const candidates = await collect(box.connector.syncCandidates(undefined, { pageSize: 10_000 }));
    expect(candidates).toHaveLength(box.sandbox.store.list('candidates').length);
    expect(candidateLists().map((request) => request.query.get('per_page'))).toEqual(['500', '500', '500']);
    expect(box.connector.capabilities.page_size).toBe(500);
    const refused = await fetch(`${box.sandbox.url}/candidates/?per_page=501`, { headers: { 'x-api-key': GEM_SANDBOX_KEY } });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { errors: { query: Record<string, unknown> } }).errors.query).toHaveProperty('per_page');
    // A smaller page size is honoured as given.
    box.received.length = 0;
    await collect(box.connector.syncCandidates(undefined, { pageSize: 400 }));
    expect(candidateLists().map((request) => request.query.get('per_page'))).toEqual(['400', '400', '400']);
  });
});

describe('end of pages', () => {
  it('X-Pagination next_page == page ends the list even on a full page (no second request)', async () => {
    box = await startGemSandbox({ records: 1_100, provider: withPaginationHeader((page) => ({ page, next_page: page })) });
    const candidates = await collect(box.connector.syncCandidates());
    expect(candidates).toHaveLength(500);
    expect(candidateLists().map((request) => request.query.get('page'))).toEqual(['1']);
    // The rule itself, on the strategy: a next_page that does not move forward is the end.
    const request = { path: '/candidates/', query: { page: 3, per_page: 500 } };
    const response = (next_page: number) => ({ status: 200, headers: { 'x-pagination': JSON.stringify({ page: 3, next_page }) }, body: [], requestId: null, url: '', serverTime: null }) as HttpResponse;
    expect(gemPagination.next({ request, response: response(3), itemCount: 500, pageSize: 500 })).toBeNull();
    expect(gemPagination.next({ request, response: response(2), itemCount: 500, pageSize: 500 })).toBeNull();
    expect(gemPagination.next({ request, response: response(4), itemCount: 500, pageSize: 500 })).toEqual({ path: '/candidates/', query: { page: 4, per_page: 500 } });
  });

  it('X-Pagination next_page null, or page >= total_pages, ends the list on a full page', async () => {
    box = await startGemSandbox({ records: 1_100, provider: withPaginationHeader((page, perPage, total) => ({ page, total_pages: Math.min(2, Math.ceil(total / perPage)), next_page: page >= 2 ? null : page + 1 })) });
    const candidates = await collect(box.connector.syncCandidates());
    expect(candidates).toHaveLength(1_000);
    expect(candidateLists().map((request) => request.query.get('page'))).toEqual(['1', '2']);
  });

  it('X-Pagination next_page jumps are followed as given', async () => {
    box = await startGemSandbox({ records: 1_600, provider: withPaginationHeader((page) => ({ page, next_page: page === 1 ? 3 : null })) });
    const candidates = await collect(box.connector.syncCandidates());
    expect(candidates).toHaveLength(1_000);
    expect(candidateLists().map((request) => request.query.get('page'))).toEqual(['1', '3']);
  });

  it('without any header (the sandbox default), a short page is the end: ceil(n / 500) requests, one more when n is a multiple', async () => {
    box = await startGemSandbox({ records: 1_000 });
    const total = box.sandbox.store.list('candidates').length;
    await collect(box.connector.syncCandidates());
    expect(candidateLists()).toHaveLength(Math.floor(total / 500) + 1);
  });
});

describe('lookback', () => {
  it('a delta run asks updated_after 5 minutes before the cursor (bound inclusiveness is unknown)', async () => {
    box = await startGemSandbox({ records: 30 });
    expect(box.connector.capabilities.delta_lookback_ms).toBe(gemDescriptor.lookbackMs);
    expect(gemDescriptor.lookbackMs).toBe(300_000);
    const store = new MemoryStateStore();
    const engine = createSyncEngine({ connector: box.connector, store, connectionId: 'gem-lookback', models: ['candidates'] });
    await engine.run({ mode: 'delta', onBatch: async () => undefined });
    expect(candidateLists()[0]!.query.get('updated_after')).toBeNull();
    await forgetReadClock(store, { connectionId: 'gem-lookback', model: 'candidates' });
    const newest = Math.max(...box.sandbox.store.list('candidates').map((candidate) => Number(candidate.updated_at)));
    box.received.length = 0;
    await engine.run({ mode: 'delta', onBatch: async () => undefined });
    const bound = Date.parse(candidateLists()[0]!.query.get('updated_after')!);
    // The cursor is the newest change seen; the bound is 5 minutes earlier, floored to the second.
    expect(newest - bound).toBeGreaterThanOrEqual(300_000);
    expect(newest - bound).toBeLessThan(301_000);
  });
});
