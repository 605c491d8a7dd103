/**
 * T7–T9 (reliability.md §2.1, §1.4): writes are never retried blindly. A reset after a create's
 * body was sent is ambiguous and surfaces as `AmbiguousWriteError`; a write carrying an
 * idempotency key, or idempotent by design ("set stage to X"), is retried safely.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmbiguousWriteError } from '../../src/core/errors.js';
import { startFaultServer, type FaultServer, type RecordedRequest } from '../../src/testing/fault-server.js';
import { createTestClient, timed } from '../helpers/test-client.js';

let server: FaultServer;
beforeEach(async () => {
  server = await startFaultServer();
});
afterEach(async () => {
  await server.close();
});

describe('connection reset before the response headers', () => {
  it('T7: a GET is retried after the reset and succeeds', async () => {
    const { client } = createTestClient(server.url);
    server.script({ kind: 'reset' }, { kind: 'json', body: { data: ['ok'] } });
    const response = await client.request<{ data: string[] }>({ method: 'GET', path: '/jobs', operation: 'T7-get' });
    await client.close();

    expect(response.body.data).toEqual(['ok']);
    expect(server.stats.requests).toBe(2);
  });

  it('T7: a non-idempotent POST create is not retried and surfaces AmbiguousWriteError with its operation id', async () => {
    const { client } = createTestClient(server.url);
    server.script({ kind: 'reset' }, { kind: 'json', status: 201, body: { id: 'should-never-be-reached' } });
    const outcome = await timed(() =>
      client.request({
        method: 'POST',
        path: '/candidates',
        json: { first_name: 'Ada' },
        operation: 'createCandidate',
        operationId: 'op-7f3a',
      }),
    );
    await client.close();

    expect(outcome.error).toBeInstanceOf(AmbiguousWriteError);
    expect((outcome.error as AmbiguousWriteError).operationId).toBe('op-7f3a');
    expect((outcome.error as AmbiguousWriteError).retryable).toBe(false);
    expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('T7: a write with no operation id still gets one, so the caller can look the write up', async () => {
    const { client } = createTestClient(server.url);
    server.script({ kind: 'reset' });
    const outcome = await timed(() => client.request({ method: 'POST', path: '/notes', json: { body: 'hi' }, operation: 'addNote' }));
    await client.close();

    expect(outcome.error).toBeInstanceOf(AmbiguousWriteError);
    expect((outcome.error as AmbiguousWriteError).operationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.stats.requests).toBe(1);
  });
});

describe('idempotency keys', () => {
  it('T8: 500, 500 then 201 on a keyed write: all 3 attempts carry the same Idempotency-Key and the effect happens once', async () => {
    const { client } = createTestClient(server.url);
    // The fake provider applies a keyed write once, however often it is sent (Stripe semantics),
    // but fails the first two attempts after applying nothing.
    const applied = new Map<string, RecordedRequest>();
    server.respondWith((request, index) => {
      if (index < 2) return { kind: 'json', status: 500, body: { error: 'internal' } };
      const key = request.headers['idempotency-key'] ?? '';
      if (!applied.has(key)) applied.set(key, request);
      return { kind: 'json', status: 201, body: { id: 'note-1' } };
    });
    const operationId = 'op-8c1d';
    const response = await client.request({
      method: 'POST',
      path: '/applications/1/notes',
      json: { content: 'Strong candidate' },
      headers: { 'idempotency-key': operationId },
      idempotent: true,
      operationId,
      operation: 'addNoteToApplication',
    });
    await client.close();

    expect(response.status).toBe(201);
    expect(server.stats.requests).toBe(3);
    expect(new Set(server.requests.map((request) => request.headers['idempotency-key']))).toEqual(new Set([operationId]));
    expect(applied.size).toBe(1);
  });
});

describe('idempotent by design', () => {
  it('T9: "move to stage X" replayed twice, the replay answered "already in stage", resolves both times with the stage at X', async () => {
    const { client } = createTestClient(server.url);
    // A tiny provider: one application whose stage a PUT sets. The first attempt of the first
    // call is applied but its answer is lost (reset after the body arrived), so the SDK's
    // automatic retry and the caller's replay both meet "already in that stage".
    let stage = 'screening';
    let first = true;
    server.respondWith((request) => {
      const wanted = (JSON.parse(request.body) as { stage_id: string }).stage_id;
      const already = stage === wanted;
      stage = wanted;
      if (first) {
        first = false;
        return { kind: 'reset' };
      }
      return { kind: 'json', status: 200, body: { stage_id: stage, already_in_stage: already } };
    });
    const move = () =>
      client.request<{ stage_id: string; already_in_stage: boolean }>({
        method: 'PUT',
        path: '/applications/1/stage',
        json: { stage_id: 'interview' },
        idempotent: true,
        operation: 'moveApplicationToStage',
      });
    const firstCall = await move();
    const replay = await move();
    await client.close();

    expect(firstCall.body).toEqual({ stage_id: 'interview', already_in_stage: true });
    expect(replay.body).toEqual({ stage_id: 'interview', already_in_stage: true });
    expect(stage).toBe('interview');
    expect(server.stats.requests).toBe(3);
  });
});
