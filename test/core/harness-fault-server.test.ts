/**
 * The fault server itself (src/testing/fault-server.ts): each scripted behaviour does what it
 * says at the socket level, the counters are right, and close() ends stalled connections.
 * Checked with a plain `node:http` client, independent of the SDK under test.
 */
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

interface RawOutcome {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body: Buffer;
  error?: NodeJS.ErrnoException;
}

/** One request with node:http; resolves with whatever arrived before the end or the error. */
function fetchRaw(path: string, options: { method?: string; body?: string; timeoutMs?: number } = {}): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const outcome: RawOutcome = { body: Buffer.alloc(0) };
    const finish = (error?: NodeJS.ErrnoException) => {
      outcome.body = Buffer.concat(chunks);
      if (error) outcome.error = error;
      resolve(outcome);
    };
    const req = request(`${server.url}${path}`, { method: options.method ?? 'GET', agent: false }, (response) => {
      outcome.status = response.statusCode;
      outcome.headers = response.headers;
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => finish());
      response.on('error', (error) => finish(error));
      response.on('aborted', () => finish(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    });
    req.setTimeout(options.timeoutMs ?? 2_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error) => finish(error));
    req.end(options.body);
  });
}

describe('fault server', () => {
  it('answers JSON by default and records method, path, headers, body and arrival time', async () => {
    const outcome = await fetchRaw('/items?a=1', { method: 'POST', body: '{"x":1}' });
    expect(outcome.status).toBe(200);
    expect(JSON.parse(outcome.body.toString())).toEqual({ ok: true });
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/items?a=1', body: '{"x":1}', connection: 1 });
    expect(server.requests[0]?.headers.host).toBe(server.url.replace('http://', ''));
    expect(server.stats).toMatchObject({ connections: 1, requests: 1, inFlight: 0, maxInFlight: 1 });
  });

  it('plays scripted behaviours in order, then falls back to the responder', async () => {
    server.script({ kind: 'respond', status: 503, headers: { 'retry-after': '1' }, body: 'busy' });
    server.respondWith((_request, index) => ({ kind: 'json', status: 201, body: { index } }));
    const first = await fetchRaw('/a');
    const second = await fetchRaw('/b');
    expect([first.status, first.headers?.['retry-after'], first.body.toString()]).toEqual([503, '1', 'busy']);
    expect([second.status, JSON.parse(second.body.toString())]).toEqual([201, { index: 1 }]);
  });

  it('reset: the connection is reset before any response byte', async () => {
    server.script({ kind: 'reset' });
    const outcome = await fetchRaw('/a');
    expect(outcome.status).toBeUndefined();
    expect(outcome.error?.code).toBe('ECONNRESET');
  });

  it('stall: nothing arrives until the client gives up, and close() frees the socket', async () => {
    server.script({ kind: 'stall' });
    const outcome = await fetchRaw('/a', { timeoutMs: 100 });
    expect(outcome.status).toBeUndefined();
    expect(outcome.error?.code).toBe('ETIMEDOUT');
  });

  it('stall-body: headers and half the body arrive, then silence', async () => {
    server.script({ kind: 'stall-body', body: '0123456789' });
    const outcome = await fetchRaw('/a', { timeoutMs: 150 });
    expect(outcome.status).toBe(200);
    expect(outcome.headers?.['content-length']).toBe('10');
    expect(outcome.body.toString()).toBe('01234');
    expect(outcome.error).toBeDefined();
  });

  it('truncate: declares 10,000 bytes, sends 5,000, then closes', async () => {
    server.script({ kind: 'truncate', declaredBytes: 10_000, sentBytes: 5_000 });
    const outcome = await fetchRaw('/a');
    expect(outcome.headers?.['content-length']).toBe('10000');
    expect(outcome.body.length).toBe(5_000);
    expect(outcome.error).toBeDefined();
  });

  it('drip: sends the body in chunks spaced by the interval', async () => {
    server.script({ kind: 'drip', body: 'abcdef', chunkBytes: 2, intervalMs: 30 });
    const started = performance.now();
    const outcome = await fetchRaw('/a');
    expect(outcome.body.toString()).toBe('abcdef');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('oversize: declared mode announces the size; chunked mode sends no length; both stop when the client leaves', async () => {
    server.script({ kind: 'oversize', mode: 'declared', bytes: 1_000 }, { kind: 'oversize', mode: 'chunked', bytes: 3_000, chunkBytes: 1_000 });
    const declared = await fetchRaw('/a');
    const chunked = await fetchRaw('/b');
    expect([declared.headers?.['content-length'], declared.body.length]).toEqual(['1000', 1_000]);
    expect([chunked.headers?.['content-length'], chunked.headers?.['transfer-encoding'], chunked.body.length]).toEqual([undefined, 'chunked', 3_000]);
    expect(server.stats.bytesSent).toBe(4_000);
  });

  it('html: a 200 with text/html', async () => {
    server.script({ kind: 'html' });
    const outcome = await fetchRaw('/a');
    expect(outcome.status).toBe(200);
    expect(outcome.headers?.['content-type']).toMatch(/^text\/html/);
    expect(outcome.body.toString()).toMatch(/<html>/);
  });

  it('counts concurrent requests in flight and separate connections', async () => {
    server.respondWith(() => ({ kind: 'json', body: {}, delayMs: 50 }));
    await Promise.all([fetchRaw('/1'), fetchRaw('/2'), fetchRaw('/3')]);
    expect(server.stats.maxInFlight).toBe(3);
    expect(server.stats.connections).toBe(3);
    expect(server.stats.inFlight).toBe(0);
  });
});
