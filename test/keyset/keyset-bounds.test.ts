/**
 * Where time-keyset paging puts each next bound. Until a row stamped exactly at the bound comes
 * back, the filter may be exclusive, so the bound is 1 ms before the last timestamp (complete
 * either way); once such a row proves the filter inclusive, the bound is the last timestamp
 * itself and each page re-reads only the rows stamped there. A provider that calls a full page
 * the last one (`hasMore` false) is not asked for an empty next page. Against a loopback server
 * whose filter is inclusive or exclusive, rows 1 ms apart (the densest a burst of edits gets).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { timeKeysetPages } from '../../src/core/keyset.js';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { createTestClient } from '../helpers/test-client.js';

const PAGE = 30;
const START = Date.UTC(2025, 0, 1);
const FILTER = 'filter[updated-at][from]';

/** `count` rows 1 ms apart from START, ascending; ids `r0`, `r1`... */
function rows(count: number) {
  return Array.from({ length: count }, (_, index) => ({ id: `r${index}`, time: START + index }));
}

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A list endpoint with an "updated from" filter (inclusive or exclusive), page number and size, and a next link. */
async function listServer(all: { id: string; time: number }[], mode: 'inclusive' | 'exclusive') {
  const started = await startFaultServer({
    respond: (request) => {
      const url = new URL(request.path, 'http://localhost');
      const from = url.searchParams.get(FILTER);
      const bound = from === null ? null : Date.parse(from);
      const size = Number(url.searchParams.get('page[size]'));
      const number = Number(url.searchParams.get('page[number]'));
      const matching = all.filter((row) => bound === null || (mode === 'inclusive' ? row.time >= bound : row.time > bound));
      const data = matching.slice((number - 1) * size, number * size).map((row) => ({ id: row.id, updated: new Date(row.time).toISOString() }));
      const more = matching.length > number * size;
      return { kind: 'json', body: { data, links: more ? { next: `/items?page=${number + 1}` } : {} } };
    },
  });
  server = started;
  return started;
}

async function read(url: string, sinceMs: number | null, hasMore?: (body: unknown) => boolean | null) {
  const { client } = createTestClient(url);
  const delivered: string[] = [];
  try {
    for await (const page of timeKeysetPages({
      client,
      path: '/items',
      query: {},
      pageSize: PAGE,
      pageParams: { number: 'page[number]', size: 'page[size]' },
      filterParam: FILTER,
      granularityMs: 1,
      items: (body) => (body as { data: unknown[] }).data,
      itemTime: (item) => Date.parse((item as { updated: string }).updated),
      itemId: (item) => (item as { id: string }).id,
      sinceMs,
      operation: 'bounds',
      maxPages: 1_000,
      ...(hasMore ? { hasMore } : {}),
    })) {
      for (const item of page.items) delivered.push((item as { id: string }).id);
    }
  } finally {
    await client.close();
  }
  return delivered;
}

const bounds = (requests: readonly { path: string }[]) =>
  requests.map((request) => {
    const from = new URL(request.path, 'http://localhost').searchParams.get(FILTER);
    return from === null ? null : Date.parse(from) - START;
  });

describe('time-keyset bounds', () => {
  it('an inclusive filter: once a row at the bound comes back, the next bound is the last timestamp (one repeat per page)', async () => {
    const all = rows(200);
    const fake = await listServer(all, 'inclusive');
    const delivered = await read(fake.url, START);
    expect(delivered).toEqual(all.map((row) => row.id));
    // First bound 1 ms before `since`; second 1 ms before the last timestamp (rows 28 and 29 come
    // back: row 28 sits at the bound, which proves the filter inclusive); from then on the bound
    // is the last timestamp seen, so each page re-reads one row.
    expect(bounds(fake.requests)).toEqual([-1, 28, 57, 86, 115, 144, 173]);
    // 200 rows: 30 + 28 + 5 × 29 = 203 row slots, the last page short, so no empty page after it.
    expect(fake.stats.requests).toBe(7);
  });

  it('an exclusive filter: the bound stays 1 ms before the last timestamp and no row is skipped', async () => {
    const all = rows(200);
    const fake = await listServer(all, 'exclusive');
    const delivered = await read(fake.url, START);
    expect(delivered).toEqual(all.map((row) => row.id));
    // Never a row at the bound (the filter excludes it): every step is "last timestamp − 1 ms".
    expect(bounds(fake.requests)).toEqual([-1, 28, 57, 86, 115, 144, 173]);
    // Had the bound moved to the last timestamp here, row 29, 58... would have been skipped.
    expect(new Set(delivered).size).toBe(200);
  });

  it('a full last page that the provider calls the last (no next link) ends the listing without an empty request', async () => {
    // 30 + 28 + 29 × 2 = 116 rows: the fourth page is full (1 repeat + 29 new) and the last.
    const all = rows(30 + 28 + 29 * 2);
    const withoutHint = await listServer(all, 'inclusive');
    expect(await read(withoutHint.url, START)).toHaveLength(all.length);
    const askedWithoutHint = withoutHint.stats.requests;
    await withoutHint.close();
    server = undefined;

    const withHint = await listServer(all, 'inclusive');
    const hasMore = (body: unknown) => Boolean((body as { links?: { next?: string } }).links?.next);
    expect(await read(withHint.url, START, hasMore)).toHaveLength(all.length);
    expect(askedWithoutHint).toBe(5);
    expect(withHint.stats.requests).toBe(4);
  });
});
