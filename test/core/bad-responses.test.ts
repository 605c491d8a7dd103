/**
 * B1, B2, B7, B10 (reliability.md §2.4): what a provider sends when it is not well: an HTML page
 * with status 200, malformed or cut-off JSON, a body far over the size cap, and a BOM or invalid
 * UTF-8. Each becomes a typed error (or a deterministic decode), never a raw SyntaxError.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtsError, ParseError, ResponseTooLargeError, UnexpectedResponseError } from '../../src/core/errors.js';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { createTestClient, timed } from '../helpers/test-client.js';

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

describe('HTML instead of JSON', () => {
  it('B1: status 200 with text/html is an UnexpectedResponseError {status, contentType, redacted bodyExcerpt ≤ 512}, retried like a 503', async () => {
    const { client, secret } = createTestClient(server.url);
    // A login page that happens to echo the token back, and is far longer than the excerpt.
    const page = `<html><body><p>Session ${secret} expired</p>${'<div>padding</div>'.repeat(100)}</body></html>`;
    server.respondWith(() => ({ kind: 'html', body: page }));
    const outcome = await timed(() => client.request({ method: 'GET', path: '/candidates', operation: 'B1' }));
    await client.close();

    expect(outcome.error).toBeInstanceOf(UnexpectedResponseError);
    expect(outcome.error).not.toBeInstanceOf(SyntaxError);
    const error = outcome.error as UnexpectedResponseError;
    expect(error.status).toBe(200);
    expect(error.contentType).toBe('text/html; charset=utf-8');
    expect(error.bodyExcerpt?.length).toBeLessThanOrEqual(512);
    expect(error.bodyExcerpt).toContain('[REDACTED]');
    expect(error.bodyExcerpt).not.toContain(secret);
    expect(error.retryable).toBe(true);
    expect(server.stats.requests).toBe(4);
  });

  it('B1: an HTML page followed by JSON recovers on the retry', async () => {
    const { client } = createTestClient(server.url);
    server.script({ kind: 'html' }, { kind: 'json', body: { data: [] } });
    const response = await client.request({ method: 'GET', path: '/jobs', operation: 'B1-recover' });
    await client.close();
    expect(response.body).toEqual({ data: [] });
  });
});

describe('malformed JSON', () => {
  for (const [label, body] of [
    ['malformed', '{"data": [1, 2,, 3]}'],
    ['cut off', '{"data": [{"id": "1"}, {"id": "2"'],
  ] as const) {
    it(`B2: a ${label} application/json body is a ParseError carrying the request id`, async () => {
      const { client } = createTestClient(server.url);
      server.respondWith(() => ({
        kind: 'respond',
        status: 200,
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-b2-42' },
        body,
      }));
      const outcome = await timed(() => client.request({ method: 'GET', path: '/applications', operation: 'B2' }));
      await client.close();

      expect(outcome.error).toBeInstanceOf(ParseError);
      const error = outcome.error as ParseError;
      expect(error.requestId).toBe('req-b2-42');
      expect(error.message).toContain('req-b2-42');
      // The raw SyntaxError is reduced to a redacted copy in `cause`; it never escapes as such.
      expect(error).toBeInstanceOf(AtsError);
      expect((error.cause as Error).name).toBe('SyntaxError');
    });
  }
});

describe('oversize bodies', () => {
  // The default cap (reliability.md §3: 20 MB for JSON), so the default is what is tested. With a
  // small cap, loopback socket buffers (a few MB) would dominate the memory measure.
  const cap = 20 * 1024 * 1024;

  it('B7: a declared Content-Length of 200 MB is refused before the body is read', async () => {
    const { client } = createTestClient(server.url);
    server.script({ kind: 'oversize', mode: 'declared', bytes: 200 * 1024 * 1024 });
    const outcome = await timed(() => client.request({ method: 'GET', path: '/attachments', operation: 'B7-declared' }));
    await client.close();

    expect(outcome.error).toBeInstanceOf(ResponseTooLargeError);
    expect((outcome.error as ResponseTooLargeError).limitBytes).toBe(cap);
    expect(server.stats.requests).toBe(1);
    // The server stopped long before 200 MB: only what fit in socket buffers went out.
    expect(server.stats.bytesSent).toBeLessThan(cap);
  });

  it('B7: a chunked body growing past maxResponseBytes aborts at the cap; buffers held and RSS grow by less than twice the cap', async () => {
    const { client } = createTestClient(server.url);
    const oversize = { kind: 'oversize', mode: 'chunked', bytes: 200 * 1024 * 1024 } as const;
    // One warm-up run first: the allocator's first growth is process-wide, not the SDK's.
    server.script(oversize, oversize);
    await timed(() => client.request({ method: 'GET', path: '/attachments', operation: 'B7-warm-up' }));
    const sentBefore = server.stats.bytesSent;
    const before = process.memoryUsage();
    let peak = { rss: before.rss, arrayBuffers: before.arrayBuffers };
    const sample = () => {
      const now = process.memoryUsage();
      peak = { rss: Math.max(peak.rss, now.rss), arrayBuffers: Math.max(peak.arrayBuffers, now.arrayBuffers) };
    };
    const sampler = setInterval(sample, 2);
    const outcome = await timed(() => client.request({ method: 'GET', path: '/attachments', operation: 'B7-chunked' }));
    clearInterval(sampler);
    sample();
    await client.close();

    expect(outcome.error).toBeInstanceOf(ResponseTooLargeError);
    expect(server.stats.requests).toBe(2);
    // The server stopped far short of 200 MB: the cap plus what sat in socket buffers.
    expect(server.stats.bytesSent - sentBefore).toBeLessThan(2 * cap);
    expect(peak.arrayBuffers - before.arrayBuffers).toBeLessThan(2 * cap);
    expect(peak.rss - before.rss).toBeLessThan(2 * cap);
  });
});

describe('byte-order mark and invalid UTF-8', () => {
  it('B10: a JSON body starting with a BOM parses the same as without it', async () => {
    const { client } = createTestClient(server.url);
    const json = '{"name":"Zoë"}';
    server.script(
      { kind: 'respond', status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]) },
      { kind: 'respond', status: 200, headers: { 'content-type': 'application/json' }, body: json },
    );
    const withBom = await client.request({ method: 'GET', path: '/a', operation: 'B10' });
    const without = await client.request({ method: 'GET', path: '/b', operation: 'B10' });
    await client.close();

    expect(withBom.body).toEqual({ name: 'Zoë' });
    expect(withBom.body).toEqual(without.body);
  });

  it('B10: invalid UTF-8 becomes U+FFFD, the same way every time, without a crash', async () => {
    const { client } = createTestClient(server.url);
    const body = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xff, 0xc3]), Buffer.from('b"}')]);
    const answer = { kind: 'respond', status: 200, headers: { 'content-type': 'application/json' }, body } as const;
    server.script(answer, answer);
    const first = await client.request<{ name: string }>({ method: 'GET', path: '/a', operation: 'B10' });
    const second = await client.request<{ name: string }>({ method: 'GET', path: '/a', operation: 'B10' });
    await client.close();

    expect(first.body.name).toBe('a\uFFFD\uFFFDb');
    expect(second.body).toEqual(first.body);
  });
});
