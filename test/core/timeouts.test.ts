/**
 * T10–T12 (reliability.md §2.1): a server that never answers, a body that stalls half way, and a
 * body shorter than its Content-Length. Each must become a typed, retryable transport error, never
 * a ParseError, and a page that failed must not be delivered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ParseError, TimeoutError, TransportError } from '../../src/core/errors.js';
import { paginate, pageNumber } from '../../src/core/pagination.js';
import { listStream } from '../../src/core/record-pipeline.js';
import type { Page } from '../../src/core/stream.js';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { trackEventLoopLag } from '../helpers/event-loop-lag.js';
import { createTestClient, timed } from '../helpers/test-client.js';

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

/** Sockets, servers and (ref'd) timers alive now; Node does not count unref'd timers. */
function activeResources(): { sockets: number; servers: number; timers: number } {
  const names = process.getActiveResourcesInfo();
  const count = (name: string) => names.filter((item) => item === name).length;
  return { sockets: count('TCPSocketWrap'), servers: count('TCPServerWrap'), timers: count('Timeout') };
}

/** Polls (bounded: 50 × 10 ms) until no more resources are alive than at `baseline`. */
async function settledTo(baseline: ReturnType<typeof activeResources>): Promise<ReturnType<typeof activeResources>> {
  let now = activeResources();
  for (let round = 0; round < 50; round += 1) {
    if (now.sockets <= baseline.sockets && now.servers <= baseline.servers && now.timers <= baseline.timers) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
    now = activeResources();
  }
  return now;
}

describe('headers never arrive', () => {
  it('T10: rejects with TimeoutError(phase headers) between 200 and 240 ms, and close() leaves no open handle', async () => {
    await server.close();
    const baseline = activeResources();
    server = await startFaultServer();
    const { client } = createTestClient(server.url, { timeoutMs: 200, retry: { maxRetries: 0 } });
    // Warm the keep-alive connection so the 200 ms measure only the wait for headers.
    await client.request({ method: 'GET', path: '/warm-up', operation: 'warm-up' });
    server.script({ kind: 'stall' });
    const lag = trackEventLoopLag();
    const outcome = await timed(() => client.request({ method: 'GET', path: '/candidates', operation: 'T10' }));
    const { max: lateBy } = lag();

    expect(outcome.error).toBeInstanceOf(TimeoutError);
    expect((outcome.error as TimeoutError).phase).toBe('headers');
    expect(outcome.ms).toBeGreaterThanOrEqual(199);
    expect(outcome.ms).toBeLessThanOrEqual(240 + lateBy);

    // A pooled keep-alive connection is open again; close() must release it and every timer.
    await client.request({ method: 'GET', path: '/after', operation: 'after' });
    expect(activeResources().sockets).toBeGreaterThan(baseline.sockets);
    await client.close();
    const afterClient = await settledTo({ ...baseline, servers: baseline.servers + 1 });
    expect(afterClient.sockets).toBeLessThanOrEqual(baseline.sockets);
    expect(afterClient.timers).toBeLessThanOrEqual(baseline.timers);
    await server.close();
    expect((await settledTo(baseline)).servers).toBeLessThanOrEqual(baseline.servers);
    server = await startFaultServer(); // for afterEach
  });
});

describe('body stalls', () => {
  it('T11: headers plus half the body then silence is TimeoutError(phase body), retryable, not ParseError, and the page is not yielded', async () => {
    const { client } = createTestClient(server.url, { timeoutMs: 150, retry: { maxRetries: 0 } });
    server.script({ kind: 'stall-body', body: JSON.stringify({ data: [{ id: 1 }, { id: 2 }] }) });
    const pages: unknown[] = [];
    const outcome = await timed(async () => {
      for await (const page of paginate({
        client,
        strategy: pageNumber(),
        path: '/candidates',
        pageSize: 2,
        items: (body) => (body as { data: unknown[] }).data,
        operation: 'T11',
      })) {
        pages.push(page);
      }
    });
    await client.close();

    expect(outcome.error).toBeInstanceOf(TimeoutError);
    expect(outcome.error).not.toBeInstanceOf(ParseError);
    expect((outcome.error as TimeoutError).phase).toBe('body');
    expect((outcome.error as TimeoutError).retryable).toBe(true);
    expect(pages).toHaveLength(0);
  });

  it('T11: with retries on, a stalled body is retried and the next attempt succeeds', async () => {
    const { client } = createTestClient(server.url, { timeoutMs: 150 });
    server.script({ kind: 'stall-body', body: JSON.stringify({ data: [1] }) }, { kind: 'json', body: { data: [1] } });
    const response = await client.request<{ data: number[] }>({ method: 'GET', path: '/jobs', operation: 'T11-retry' });
    await client.close();

    expect(response.body.data).toEqual([1]);
    expect(server.stats.requests).toBe(2);
  });
});

describe('body shorter than its Content-Length', () => {
  const Item = z.object({ id: z.string(), changed_at: z.string() });
  type Item = z.infer<typeof Item>;
  const stream = (client: ReturnType<typeof createTestClient>['client']) =>
    listStream<unknown, Item, null, Item>({
      client,
      strategy: pageNumber(),
      path: '/candidates',
      pageSize: 1,
      items: (body) => (body as { data: unknown[] }).data,
      operation: 'T12',
      pipeline: { wire: Item, unified: Item, map: (item) => item, remoteId: () => null },
      pageContext: () => null,
      sinceMs: null,
      ordered: true,
    });
  const page = (id: string, changed: string) => ({ kind: 'json', body: { data: [{ id, changed_at: changed }] } }) as const;

  it('T12: Content-Length 10,000 with 5,000 bytes sent is a retryable TransportError and the checkpoint stays at the last good page', async () => {
    const { client } = createTestClient(server.url, { retry: { maxRetries: 0 } });
    server.script(page('1', '2024-01-01T00:00:00.000Z'), { kind: 'truncate', declaredBytes: 10_000, sentBytes: 5_000 });
    const delivered: Page<Item>[] = [];
    const outcome = await timed(async () => {
      for await (const item of stream(client).pages()) delivered.push(item);
    });
    await client.close();

    expect(outcome.error).toBeInstanceOf(TransportError);
    expect((outcome.error as TransportError).retryable).toBe(true);
    expect(outcome.error).not.toBeInstanceOf(ParseError);
    expect(delivered.map((item) => item.checkpoint)).toEqual(['2024-01-01T00:00:00.000Z']);
  });

  it('T12: the truncated page is retried and the listing recovers with every record', async () => {
    const { client } = createTestClient(server.url);
    server.script(
      page('1', '2024-01-01T00:00:00.000Z'),
      { kind: 'truncate', declaredBytes: 10_000, sentBytes: 5_000 },
      page('2', '2024-01-02T00:00:00.000Z'),
      { kind: 'json', body: { data: [] } },
    );
    const ids: string[] = [];
    for await (const item of stream(client)) ids.push(item.id);
    await client.close();

    expect(ids).toEqual(['1', '2']);
    expect(server.stats.requests).toBe(4);
  });
});

describe('overall deadline of one attempt', () => {
  it('a JSON body trickled a byte at a time never goes quiet for bodyMs, and fails at totalMs with TimeoutError(phase total)', async () => {
    server.script({ kind: 'drip', body: JSON.stringify({ data: 'x'.repeat(60) }), chunkBytes: 1, intervalMs: 50 });
    const { client } = createTestClient(server.url, { timeoutMs: { headersMs: 1_000, bodyMs: 1_000, totalMs: 400 }, retry: { maxRetries: 0 } });
    const outcome = await timed(() => client.request({ method: 'GET', path: '/trickle', operation: 'trickle' }));
    await client.close();
    expect(outcome.error).toBeInstanceOf(TimeoutError);
    expect((outcome.error as TimeoutError).phase).toBe('total');
    expect((outcome.error as TimeoutError).retryable).toBe(true);
  });

});
