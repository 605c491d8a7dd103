/**
 * createWebhookHandler on a real loopback server: accepted requests are answered 200 before
 * `onEvents` runs, in order; every bad request gets its status and never reaches `onEvents`; a
 * failing `onEvents` goes to `onError` and the server keeps serving.
 */
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, UnsupportedError } from '../../src/core/errors.js';
import { encodeId } from '../../src/core/ids.js';
import { canarySecret } from '../../src/testing/canary.js';
import { createWebhookHandler, signTeamtailorWebhook, type WebhookContext, type WebhookEvent, type WebhookHandlerOptions } from '../../src/webhooks/index.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { startHookServer, type HookServer } from './helpers.js';

const secret = canarySecret('tt-hook-key');
const servers: HookServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function body(id: string, event = 'candidate.update', attributes: Record<string, unknown> = {}): string {
  return JSON.stringify({ payload: { event_name: event, data: { id, type: 'candidates', attributes } } });
}
const signed = (text: string | Buffer, at = Math.floor(Date.now() / 1000), key = secret) => ({ 'tt-signature': signTeamtailorWebhook(text, key, at) });

async function serve(options: Partial<WebhookHandlerOptions> = {}) {
  const received: { events: WebhookEvent[]; context: WebhookContext }[] = [];
  const logger = captureLogger();
  const handler = createWebhookHandler({
    provider: 'teamtailor',
    secret,
    connectionId: 'acme-tt',
    logger,
    onEvents: (events, context) => {
      received.push({ events, context });
    },
    ...options,
  });
  const server = await startHookServer(handler);
  servers.push(server);
  return { handler, server, received, logger };
}

describe('webhook handler: accepted requests', () => {
  it('answers 200, then gives onEvents the typed events with the connection id', async () => {
    const { handler, server, received } = await serve();
    const text = body('42');
    const response = await server.post('/hooks/teamtailor', text, signed(text));
    expect(response).toMatchObject({ status: 200, body: '{"received":1}' });
    await handler.idle();
    expect(received).toHaveLength(1);
    expect(received[0]?.events[0]).toMatchObject({ provider: 'teamtailor', model: 'candidates', kind: 'updated', remote_id: '42', id: encodeId('teamtailor', 'candidate', '42'), connection_id: 'acme-tt' });
    expect(received[0]?.context).toMatchObject({ provider: 'teamtailor', connectionId: 'acme-tt', verified: { scheme: 'teamtailor-v2' } });
  });

  it('answers before onEvents finishes, and runs onEvents one request at a time in arrival order', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let running = 0;
    let maxRunning = 0;
    const { handler, server } = await serve({
      onEvents: async (events) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await gate;
        order.push(events[0]?.remote_id ?? '?');
        running -= 1;
      },
    });
    for (const id of ['1', '2', '3']) {
      const text = body(id);
      // Each answer arrives while onEvents is still blocked on the gate.
      expect((await server.post('/', text, signed(text))).status).toBe(200);
    }
    expect(handler.pending).toBe(3);
    release();
    await handler.idle();
    expect(order).toEqual(['1', '2', '3']);
    expect(maxRunning).toBe(1);
    expect(handler.pending).toBe(0);
  });

  it('sends what onEvents throws to onError, logs without onError, and keeps serving', async () => {
    const errors: unknown[] = [];
    const first = await serve({
      onEvents: () => {
        throw new Error('database down');
      },
      onError: (error) => errors.push(error),
    });
    const text = body('9');
    expect((await first.server.post('/', text, signed(text))).status).toBe(200);
    await first.handler.idle();
    expect(errors).toEqual([new Error('database down')]);
    expect((await first.server.post('/', body('10'), signed(body('10')))).status).toBe(200);
    await first.handler.idle();
    expect(errors).toHaveLength(2);

    const second = await serve({
      onEvents: async () => Promise.reject(new Error('queue full')),
      onError: () => {
        throw new Error('the hook itself fails');
      },
    });
    expect((await second.server.post('/', text, signed(text))).status).toBe(200);
    await second.handler.idle();
    expect(second.logger.lines.some((line) => line.includes('webhook onError failed'))).toBe(true);
    const third = await serve({ onEvents: () => Promise.reject(new Error('boom')) });
    expect((await third.server.post('/', text, signed(text))).status).toBe(200);
    await third.handler.idle();
    expect(third.logger.lines.some((line) => line.includes('webhook onEvents failed') && line.includes('boom'))).toBe(true);
  });
});

describe('webhook handler: refused requests never reach onEvents', () => {
  it('refuses tampered, wrongly signed, stale, future, replayed, malformed, oversized and foreign requests with their status', async () => {
    const { handler, server, received, logger } = await serve({ accountId: 'company-a' });
    const text = body('42');
    const now = Math.floor(Date.now() / 1000);
    const tampered = text.replace('42', '43');
    const malformed = '{"payload": {"event_name": "candidate.update", "data": ';
    const foreign = body('7', 'job_application.update', { 'company-uuid': 'company-b' });
    const cases: [string, string | Buffer, Record<string, string>, number, string][] = [
      ['tampered body', tampered, signed(text), 401, 'bad_signature'],
      ['wrong secret', text, signed(text, now, 'not-the-key'), 401, 'bad_signature'],
      ['no signature', text, {}, 401, 'missing_signature'],
      ['replayed old timestamp', text, signed(text, now - 600), 401, 'stale_timestamp'],
      ['future timestamp', text, signed(text, now + 600), 401, 'future_timestamp'],
      ['malformed JSON, validly signed', malformed, signed(malformed), 400, 'malformed_json'],
      ['event for another account', foreign, signed(foreign), 400, 'other_account'],
    ];
    for (const [label, payload, headers, status, reason] of cases) {
      const response = await server.post('/', payload, headers);
      expect([label, response.status, response.body]).toEqual([label, status, JSON.stringify({ error: reason })]);
    }
    // The same valid request twice: the second is a replay.
    const valid = signed(text, now);
    expect((await server.post('/', text, valid)).status).toBe(200);
    expect(await server.post('/', text, valid)).toMatchObject({ status: 409, body: '{"error":"replayed"}' });
    await handler.idle();
    expect(received).toHaveLength(1);
    expect(logger.lines.join('\n')).not.toContain(secret);
  });

  it('refuses a 10 MB body with 413 without reading it, declared or streamed', async () => {
    const { handler, server, received } = await serve();
    const big = Buffer.alloc(10 * 1024 * 1024, 0x20);
    expect(await server.post('/', big, signed(big))).toMatchObject({ status: 413, body: '{"error":"too_large"}' });
    const chunks = function* () {
      for (let i = 0; i < 160; i += 1) yield Buffer.alloc(64 * 1024, 0x20);
    };
    expect((await server.post('/', Readable.from(chunks()), { 'tt-signature': 'x' })).status).toBe(413);
    await server.close();
    // Both requests together: far less than one 10 MB body reached the server.
    expect(server.bytesRead()).toBeLessThan(3 * 1024 * 1024);
    await handler.idle();
    expect(received).toEqual([]);
  });

  it('answers 405 to other methods, 408 to a body that does not arrive, and 503 when closed or busy', async () => {
    const slow = await serve({ bodyTimeoutMs: 100 });
    const response = await fetch(`${slow.server.url}/`, { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    const trickle = new Readable({ read() {} });
    trickle.push('{"payload":');
    expect((await slow.server.post('/', trickle, {})).status).toBe(408);
    trickle.destroy();

    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const busy = await serve({ maxPending: 1, onEvents: () => gate });
    const text = body('1');
    expect((await busy.server.post('/', text, signed(text))).status).toBe(200);
    const second = body('2');
    expect(await busy.server.post('/', second, signed(second))).toMatchObject({ status: 503, body: '{"error":"busy"}' });
    const closing = busy.handler.close();
    const third = body('3');
    expect((await busy.server.post('/', third, signed(third))).status).toBe(503);
    release();
    await closing;
    expect(busy.handler.pending).toBe(0);
  });

  it('fails at creation for Gem, Jarvi, an unknown provider or an unusable secret', () => {
    const onEvents = () => undefined;
    expect(() => createWebhookHandler({ provider: 'gem', secret: 'x'.repeat(30), onEvents })).toThrow(UnsupportedError);
    expect(() => createWebhookHandler({ provider: 'jarvi', secret: 'x'.repeat(30), onEvents })).toThrow(UnsupportedError);
    expect(() => createWebhookHandler({ provider: 'nope', secret: 'x'.repeat(30), onEvents })).toThrow(ConfigError);
    expect(() => createWebhookHandler({ provider: 'teamtailor', secret: '', onEvents })).toThrow(ConfigError);
    expect(() => createWebhookHandler({ provider: 'flatchr', secret: 'too-short', onEvents })).toThrow(ConfigError);
  });
});

describe('webhook handler: shared-secret providers', () => {
  it('accepts a Flatchr request with the token in the URL and refuses one without', async () => {
    const token = canarySecret('flatchr-token-0123456789abcdef');
    const { handler, server, received } = await serve({ provider: 'flatchr', secret: token, accountId: 'G6KzqPnNLyp31m0l' });
    const payload = JSON.stringify({ event: 'new_vacancy', company_id: 60, data: { vacancy_id: 'a4JL2lpEbydwBXKe', company: { id: 'G6KzqPnNLyp31m0l' } } });
    expect((await server.post(`/hooks/flatchr?token=${encodeURIComponent(token)}`, payload)).status).toBe(200);
    expect(await server.post('/hooks/flatchr', payload)).toMatchObject({ status: 401, body: '{"error":"missing_token"}' });
    expect(await server.post('/hooks/flatchr?token=guess', payload)).toMatchObject({ status: 401, body: '{"error":"bad_token"}' });
    const other = payload.replaceAll('G6KzqPnNLyp31m0l', 'Zz9OtherCompany1');
    expect(await server.post(`/hooks/flatchr?token=${encodeURIComponent(token)}`, other)).toMatchObject({ status: 400, body: '{"error":"other_account"}' });
    await handler.idle();
    expect(received.map((entry) => entry.events[0]?.id)).toEqual([encodeId('flatchr', 'job', 'a4JL2lpEbydwBXKe')]);
  });
});
