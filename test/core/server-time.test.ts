/**
 * The provider's clock travels on each response and each page, never through state shared by the
 * transport: two streams on one connector, whose requests interleave, each get the clock of their
 * own responses, and a fan-out page takes the earliest clock of its responses. Every stream sets
 * its pages' clocks itself and the connector hands it out as it is (decision 0012); the pages of
 * every real stream are checked on the sandboxes in test/connectors/server-time.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamtailorCapabilities } from '../../src/connectors/teamtailor/capabilities.js';
import { defineConnector } from '../../src/connectors/shared/define-connector.js';
import { createSyncStream, type Page } from '../../src/core/stream.js';
import { listStream } from '../../src/core/record-pipeline.js';
import { bareArrayUntilShortPage } from '../../src/core/pagination.js';
import { z } from 'zod';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { earliestServerTime } from '../../src/core/server-time.js';
import { createTestClient } from '../helpers/test-client.js';
import { teamtailorIds } from '../../src/connectors/teamtailor/ids.js';

const clock: Record<string, string> = {
  '/a': 'Wed, 01 Jan 2020 00:00:00 GMT',
  '/b': 'Tue, 01 Jan 2030 00:00:00 GMT',
  '/fan-1': 'Sat, 01 Jun 2024 10:00:05 GMT',
  '/fan-2': 'Sat, 01 Jun 2024 10:00:01 GMT',
};

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer({
    respond: (request) => {
      const path = new URL(request.path, 'http://x').pathname;
      // /a answers late, so a request made meanwhile queues behind it in a one-at-a-time limiter.
      return { kind: 'json', body: { ok: true }, headers: { date: clock[path] ?? '' }, delayMs: path === '/a' ? 100 : 0 };
    },
  });
});
afterAll(async () => {
  await server.close();
});

const emptyPage = (): Page<never> => ({ records: [], quarantined: [], checkpoint: null, requests: 1, warnings: [] });

/** A promise and its resolver. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('serverTime', () => {
  it('no source file uses AsyncLocalStorage (its first run turns on promise hooks for the whole process)', () => {
    const root = join(import.meta.dirname, '../../src');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(50);
    const users = files.filter((file) => /AsyncLocalStorage|async_hooks/.test(readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')));
    expect(users).toEqual([]);
  });

  it('earliestServerTime: the earliest known clock, null when none is known', () => {
    expect(earliestServerTime()).toBeNull();
    expect(earliestServerTime(null, undefined)).toBeNull();
    expect(earliestServerTime(null, '2024-06-01T10:00:05.000Z', undefined, '2024-06-01T10:00:01.000Z')).toBe('2024-06-01T10:00:01.000Z');
    expect(earliestServerTime('2024-06-01T10:00:01.000Z', '2024-06-01T10:00:05.000Z')).toBe('2024-06-01T10:00:01.000Z');
  });

  it('is on every response', async () => {
    const { client } = createTestClient(server.url);
    const response = await client.request({ method: 'GET', path: '/a', operation: 'a' });
    await client.close();
    expect(response.serverTime).toBe('2020-01-01T00:00:00.000Z');
  });

  for (const [label, rateLimit] of [
    ['without a client-side budget', false],
    ['through the rate limiter, one request at a time', { requests: 1_000, intervalMs: 1_000, maxConcurrent: 1 }],
  ] as const) {
  it(`two streams of one connector whose requests interleave each carry the clock of their own responses (${label})`, async () => {
    const { client } = createTestClient(server.url, { rateLimit });
    const capabilities = teamtailorCapabilities(null);
    const aAnswered = signal();
    const bAnswered = signal();
    const connector = defineConnector({
      provider: 'teamtailor',
      ids: teamtailorIds,
      client,
      capabilities: { ...capabilities, models: { ...capabilities.models, tags: { ...capabilities.models.tags, read: true }, users: { ...capabilities.models.users, read: true } } },
      models: {
        // Stream A reads its page, then (like a fan-out waiting on a sibling) finishes only after
        // stream B's response has arrived on the same transport. B asks while A's request is in
        // flight: behind a one-at-a-time limiter its attempt starts when A's ends.
        tags: () =>
          createSyncStream(async function* () {
            const response = await client.request({ method: 'GET', path: '/a', operation: 'a' });
            aAnswered.resolve();
            await bAnswered.promise;
            yield { ...emptyPage(), serverTime: response.serverTime };
          }),
        users: () =>
          createSyncStream(async function* () {
            const response = await client.request({ method: 'GET', path: '/b', operation: 'b' });
            bAnswered.resolve();
            await aAnswered.promise;
            yield { ...emptyPage(), serverTime: response.serverTime };
          }),
      },
      checkRequest: { method: 'GET', path: '/a' },
      actions: {},
    });
    const pagesOf = async (stream: AsyncIterable<Page<unknown>>) => {
      const out: Page<unknown>[] = [];
      for await (const page of stream) out.push(page);
      return out;
    };
    const [a, b] = await Promise.all([pagesOf(connector.syncTags().pages()), pagesOf(connector.syncUsers().pages())]);
    await connector.close();
    expect(a.map((page) => page.serverTime)).toEqual(['2020-01-01T00:00:00.000Z']);
    expect(b.map((page) => page.serverTime)).toEqual(['2030-01-01T00:00:00.000Z']);
  });
  }

  it('a page built from several concurrent responses takes the earliest clock among them', async () => {
    const { client } = createTestClient(server.url);
    const capabilities = teamtailorCapabilities(null);
    const connector = defineConnector({
      provider: 'teamtailor',
      ids: teamtailorIds,
      client,
      capabilities: { ...capabilities, models: { ...capabilities.models, tags: { ...capabilities.models.tags, read: true } } },
      models: {
        tags: () =>
          createSyncStream(async function* () {
            const responses = await Promise.all(['/fan-1', '/fan-2'].map((path) => client.request({ method: 'GET', path, operation: 'fan' })));
            yield { ...emptyPage(), serverTime: earliestServerTime(...responses.map((response) => response.serverTime)) };
          }),
      },
      checkRequest: { method: 'GET', path: '/a' },
      actions: {},
    });
    const pages: Page<unknown>[] = [];
    for await (const page of connector.syncTags().pages()) pages.push(page);
    await connector.close();
    expect(pages.map((page) => page.serverTime)).toEqual(['2024-06-01T10:00:01.000Z']);
  });

  it('the connector hands every stream out as it is: a listStream with its own clocks, any other with the clocks it set, none added', async () => {
    const { client } = createTestClient(server.url);
    const capabilities = teamtailorCapabilities(null);
    const listed = listStream({
      client,
      path: '/b',
      operation: 'list',
      strategy: bareArrayUntilShortPage,
      pageSize: 10,
      items: () => [],
      pipeline: { wire: z.unknown(), unified: z.never(), map: () => null, remoteId: () => null },
      pageContext: () => null,
      sinceMs: null,
      ordered: false,
    });
    // A stream that sets no clock gets none: nothing collects the clocks of its responses for it.
    const unset = createSyncStream(async function* () {
      await client.request({ method: 'GET', path: '/a', operation: 'a' });
      yield emptyPage();
    });
    const connector = defineConnector({
      provider: 'teamtailor',
      ids: teamtailorIds,
      client,
      capabilities: { ...capabilities, models: { ...capabilities.models, tags: { ...capabilities.models.tags, read: true }, users: { ...capabilities.models.users, read: true } } },
      models: { tags: () => listed as never, users: () => unset as never },
      checkRequest: { method: 'GET', path: '/a' },
      actions: {},
    });
    expect(connector.syncTags()).toBe(listed);
    expect(connector.syncUsers()).toBe(unset);
    const pages: Page<unknown>[] = [];
    for await (const page of connector.syncTags().pages()) pages.push(page);
    for await (const page of connector.syncUsers().pages()) pages.push(page);
    await connector.close();
    expect(pages.map((page) => page.serverTime)).toEqual(['2030-01-01T00:00:00.000Z', undefined]);
  });
});
