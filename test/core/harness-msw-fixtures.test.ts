/**
 * The msw loopback server and the recorded-exchange fixtures (src/testing/msw-loopback.ts,
 * fixtures.ts): msw handlers reach the real undici transport over a socket, unhandled requests
 * are caught, and fixtures are validated, loaded and served by method, path and query subset.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError, ProviderError } from '../../src/core/errors.js';
import { loadFixtures, parseFixture, queryMatches, type RecordedExchange } from '../../src/testing/fixtures.js';
import { fixtureHandlers } from '../../src/testing/fixtures-msw.js';
import { startMswLoopback, type MswLoopback } from '../../src/testing/msw-loopback.js';
import { createTestClient, timed } from '../helpers/test-client.js';

let mock: MswLoopback | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const exchange = (query: Record<string, string> | undefined, body: unknown, status = 200): RecordedExchange => ({
  request: { method: 'GET', path: '/candidates', ...(query ? { query } : {}) },
  response: { status, headers: { 'x-request-id': `req-${status}` }, body },
});

describe('msw loopback', () => {
  it('serves msw handlers to the real transport: relative paths, headers, JSON bodies in and out', async () => {
    mock = await startMswLoopback([
      http.post('/v1/notes', async ({ request }) =>
        HttpResponse.json({ echoed: await request.json(), auth: request.headers.get('authorization') !== null }, { status: 201, headers: { 'x-request-id': 'abc' } }),
      ),
    ]);
    const { client } = createTestClient(`${mock.url}/v1`);
    const response = await client.request({ method: 'POST', path: '/notes', json: { text: 'hi' }, idempotent: true, operation: 'note' });
    await client.close();

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ echoed: { text: 'hi' }, auth: true });
    expect(response.requestId).toBe('abc');
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]).toMatchObject({ method: 'POST', url: `${mock.url}/v1/notes` });
    expect(mock.unhandled).toEqual([]);
  });

  it('answers an unhandled request with 501 and records it (onUnhandledRequest: error)', async () => {
    mock = await startMswLoopback([http.get('/known', () => HttpResponse.json({}))]);
    const { client } = createTestClient(mock.url, { retry: { maxRetries: 0 } });
    const outcome = await timed(() => client.request({ method: 'GET', path: '/unknown?x=1', operation: 'unhandled' }));
    await client.close();

    expect(outcome.error).toBeInstanceOf(ProviderError);
    expect((outcome.error as ProviderError).status).toBe(501);
    expect(mock.unhandled.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual(['GET /unknown']);
  });

  it('records a handler that throws and answers 500; use() and resetHandlers() layer handlers like server.use', async () => {
    mock = await startMswLoopback([http.get('/a', () => HttpResponse.json({ from: 'initial' }))]);
    const { client } = createTestClient(mock.url, { retry: { maxRetries: 0 } });
    mock.use(http.get('/a', () => HttpResponse.json({ from: 'override' })), http.get('/boom', () => { throw new Error('handler bug'); }));
    expect((await client.request({ method: 'GET', path: '/a', operation: 'a' })).body).toEqual({ from: 'override' });
    const boom = await timed(() => client.request({ method: 'GET', path: '/boom', operation: 'boom' }));
    mock.resetHandlers();
    expect((await client.request({ method: 'GET', path: '/a', operation: 'a' })).body).toEqual({ from: 'initial' });
    await client.close();

    expect((boom.error as ProviderError).status).toBe(500);
    expect(mock.errors.map((error) => error.message)).toEqual(['handler bug']);
  });
});

describe('fixtures', () => {
  it('serves fixtures by method, path and query subset, first match first, under any base-URL prefix', async () => {
    mock = await startMswLoopback(
      fixtureHandlers([
        exchange({ 'page[number]': '2' }, { data: ['second page'] }),
        exchange(undefined, { data: ['first page'] }),
        { request: { method: 'GET', path: '/candidates/404' }, response: { status: 404, headers: {}, body: { errors: [{ detail: 'gone' }] } } },
      ]),
    );
    const { client } = createTestClient(`${mock.url}/api/v3`);
    const page2 = await client.request({ method: 'GET', path: '/candidates', query: { 'page[number]': 2, 'page[size]': 30 }, operation: 'list' });
    const page1 = await client.request({ method: 'GET', path: '/candidates', query: { 'page[number]': 1 }, operation: 'list' });
    const missing = await timed(() => client.request({ method: 'GET', path: '/candidates/404', operation: 'get' }));
    await client.close();

    expect(page2.body).toEqual({ data: ['second page'] });
    expect(page2.requestId).toBe('req-200');
    expect(page1.body).toEqual({ data: ['first page'] });
    expect(missing.error).toBeInstanceOf(NotFoundError);
    expect(mock.unhandled).toEqual([]);
  });

  it('serves a string body as-is (an HTML page, a malformed body)', async () => {
    mock = await startMswLoopback(
      fixtureHandlers([{ request: { method: 'GET', path: '/x' }, response: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html></html>' } }]),
    );
    const response = await fetch(`${mock.url}/x`);
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([200, 'text/html', '<html></html>']);
  });

  it('queryMatches needs every listed key with the same values, in order for repeated keys, and ignores the rest', () => {
    const url = new URL('https://a.test/x?status=open&tag=a&tag=b&extra=1');
    expect(queryMatches(url, { status: 'open' })).toBe(true);
    expect(queryMatches(url, { tag: ['a', 'b'] })).toBe(true);
    expect(queryMatches(url, { tag: ['b', 'a'] })).toBe(false);
    expect(queryMatches(url, { status: 'closed' })).toBe(false);
    expect(queryMatches(url, undefined)).toBe(true);
  });

  it('loads <resource>.<scenario>.json files of one provider, sorted, and rejects an invalid one naming its paths', async () => {
    const root = await mkdtemp(join(tmpdir(), 'fixtures-'));
    try {
      await mkdir(join(root, 'acme'));
      await writeFile(join(root, 'acme', 'jobs.page-2.json'), JSON.stringify(exchange(undefined, [2])));
      await writeFile(join(root, 'acme', 'jobs.page-1.json'), JSON.stringify(exchange(undefined, [1])));
      await writeFile(join(root, 'acme', 'users.list.json'), JSON.stringify(exchange(undefined, [])));
      await writeFile(join(root, 'acme', 'README.md'), 'not a fixture');
      const jobs = await loadFixtures(root, 'acme', 'jobs');
      expect(jobs.map((fixture) => fixture.name)).toEqual(['jobs.page-1', 'jobs.page-2']);
      expect(jobs[0]?.response.body).toEqual([1]);
      expect(await loadFixtures(root, 'acme')).toHaveLength(3);

      await writeFile(join(root, 'acme', 'jobs.broken.json'), JSON.stringify({ request: { method: 'GET', path: 'no-slash' }, response: { status: 200, headers: {}, body: null }, extra: 1 }));
      await expect(loadFixtures(root, 'acme', 'jobs')).rejects.toThrow(/jobs\.broken\.json: .*request\.path/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('parseFixture is strict about keys and types', () => {
    expect(() => parseFixture({ request: { method: 'FETCH', path: '/x' }, response: { status: 200, headers: {}, body: null } }, 'x.y')).toThrow(/request\.method/);
    expect(() => parseFixture({ request: { method: 'GET', path: '/x', typo: 1 }, response: { status: 200, headers: {}, body: null } }, 'x.y')).toThrow(/Invalid fixture x\.y/);
    expect(parseFixture(exchange({ a: '1' }, {}), 'x.y').name).toBe('x.y');
  });
});
