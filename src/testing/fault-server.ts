/**
 * A fault-injection HTTP server on loopback (127.0.0.1, port 0) for transport tests: each request
 * gets a scripted behaviour (a normal answer, a reset, a stall, a truncated or oversize body...),
 * and the server counts connections, requests and concurrency and records every request. Socket
 * faults cannot be mocked above the socket (mswjs/msw#2165), so they need a real server.
 *
 * Every loop here is bounded in bytes or chunks, and `close()` destroys every socket, so a test
 * that forgets a stalled request still ends.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What the server does with one request. */
export type FaultBehaviour =
  /** A JSON answer (status 200 unless given). */
  | { kind: 'json'; body: unknown; status?: number; headers?: Record<string, string>; delayMs?: number }
  /** Any status, headers and raw body. */
  | { kind: 'respond'; status: number; headers?: Record<string, string>; body?: string | Uint8Array; delayMs?: number }
  /** A TCP reset after the request arrived and before any response byte. */
  | { kind: 'reset' }
  /** Accepts the request and never answers (until `close()`). */
  | { kind: 'stall' }
  /** Sends the headers and the first half of `body`, then goes silent. */
  | { kind: 'stall-body'; body: string; status?: number; headers?: Record<string, string> }
  /** Declares `declaredBytes` in Content-Length, sends `sentBytes`, then closes the connection. */
  | { kind: 'truncate'; declaredBytes: number; sentBytes: number }
  /** Sends `body` in chunks of `chunkBytes`, one every `intervalMs`. */
  | { kind: 'drip'; body: string; chunkBytes: number; intervalMs: number; headers?: Record<string, string> }
  /**
   * A body of `bytes` bytes, either declared up front in Content-Length (`declared`) or sent
   * chunked with no length (`chunked`); sending stops as soon as the client goes away.
   */
  | { kind: 'oversize'; mode: 'declared' | 'chunked'; bytes: number; chunkBytes?: number }
  /** An HTML page (a maintenance or login page) with status 200 unless given. */
  | { kind: 'html'; body?: string; status?: number };

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path and query string, as sent. */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The request body as text (cut at 1 MB). */
  body: string;
  /** Arrival time, from `performance.now()` (ms, monotonic). */
  at: number;
  /** Which TCP connection carried it (1-based, in accept order). */
  connection: number;
}

/** Counters of a fault server. */
export interface FaultServerStats {
  /** TCP connections accepted. */
  connections: number;
  /** Requests received. */
  requests: number;
  /** Requests being handled right now. */
  inFlight: number;
  /** The most requests ever handled at once. */
  maxInFlight: number;
  /** Response body bytes written (all requests). */
  bytesSent: number;
}

/** Decides the behaviour of one request; `index` counts requests from 0. */
export type FaultResponder = (request: RecordedRequest, index: number) => FaultBehaviour | Promise<FaultBehaviour>;

/** A running fault server. */
export interface FaultServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Live counters. */
  readonly stats: FaultServerStats;
  /** Every request so far, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Queues behaviours for the next requests, in order; after them the responder answers. */
  script(...behaviours: FaultBehaviour[]): void;
  /** Replaces the responder used once the script is empty. */
  respondWith(responder: FaultResponder): void;
  /** Stops listening and destroys every socket (stalled ones included). */
  close(): Promise<void>;
}

/** Options of {@link startFaultServer}. */
export interface FaultServerOptions {
  /** The answer when no scripted behaviour is queued (default: `{ ok: true }` as JSON). */
  respond?: FaultResponder;
}

const MAX_RECORDED_BODY = 1024 * 1024;
const DEFAULT_CHUNK = 64 * 1024;
/** Upper bound on chunks any one body may take, whatever the arguments. */
const MAX_CHUNKS = 100_000;

/** Starts a fault server on 127.0.0.1 with an ephemeral port. */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const sockets = new Set<Socket>();
  const connectionIds = new WeakMap<Socket, number>();
  const timers = new Set<NodeJS.Timeout>();
  const queue: FaultBehaviour[] = [];
  const requests: RecordedRequest[] = [];
  const stats: FaultServerStats = { connections: 0, requests: 0, inFlight: 0, maxInFlight: 0, bytesSent: 0 };
  let responder: FaultResponder = options.respond ?? (() => ({ kind: 'json', body: { ok: true } }));
  let closing = false;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** Writes one chunk, waiting for drain under backpressure; false once the client is gone. */
  const writeChunk = async (response: ServerResponse, chunk: Buffer | string): Promise<boolean> => {
    if (closing || response.destroyed || response.socket?.destroyed) return false;
    stats.bytesSent += Buffer.byteLength(chunk);
    if (response.write(chunk)) return true;
    return new Promise<boolean>((resolve) => {
      const done = (value: boolean) => {
        response.off('drain', onDrain);
        response.off('close', onClose);
        resolve(value);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      response.on('drain', onDrain);
      response.on('close', onClose);
    });
  };

  const send = (response: ServerResponse, status: number, headers: Record<string, string>, body: string | Uint8Array) => {
    response.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
    stats.bytesSent += Buffer.byteLength(body);
    response.end(body);
  };

  const perform = async (behaviour: FaultBehaviour, request: IncomingMessage, response: ServerResponse) => {
    switch (behaviour.kind) {
      case 'json': {
        if (behaviour.delayMs) await wait(behaviour.delayMs);
        const headers = { 'content-type': 'application/json', ...behaviour.headers };
        return send(response, behaviour.status ?? 200, headers, JSON.stringify(behaviour.body));
      }
      case 'respond':
        if (behaviour.delayMs) await wait(behaviour.delayMs);
        return send(response, behaviour.status, behaviour.headers ?? {}, behaviour.body ?? '');
      case 'html':
        return send(response, behaviour.status ?? 200, { 'content-type': 'text/html; charset=utf-8' }, behaviour.body ?? maintenancePage);
      case 'reset':
        request.socket.resetAndDestroy();
        return;
      case 'stall':
        return; // the socket stays open until the client gives up or close() destroys it
      case 'stall-body': {
        const bytes = Buffer.from(behaviour.body);
        response.writeHead(behaviour.status ?? 200, {
          'content-type': 'application/json',
          'content-length': String(bytes.length),
          ...behaviour.headers,
        });
        await writeChunk(response, bytes.subarray(0, Math.floor(bytes.length / 2)));
        return; // the rest never comes
      }
      case 'truncate': {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(behaviour.declaredBytes) });
        await writeChunk(response, Buffer.alloc(Math.min(behaviour.sentBytes, behaviour.declaredBytes), 0x20));
        // A clean FIN once the bytes are flushed: the client sees the body end early.
        response.socket?.end();
        return;
      }
      case 'drip': {
        const bytes = Buffer.from(behaviour.body);
        const size = Math.max(1, behaviour.chunkBytes);
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length), ...behaviour.headers });
        for (let offset = 0, count = 0; offset < bytes.length && count < MAX_CHUNKS; offset += size, count += 1) {
          if (count > 0) await wait(behaviour.intervalMs);
          if (!(await writeChunk(response, bytes.subarray(offset, offset + size)))) return;
        }
        response.end();
        return;
      }
      case 'oversize': {
        const chunk = Buffer.alloc(Math.max(1, behaviour.chunkBytes ?? DEFAULT_CHUNK), 0x61);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (behaviour.mode === 'declared') headers['content-length'] = String(behaviour.bytes);
        response.writeHead(200, headers);
        let sent = 0;
        for (let count = 0; sent < behaviour.bytes && count < MAX_CHUNKS; count += 1) {
          const piece = chunk.subarray(0, Math.min(chunk.length, behaviour.bytes - sent));
          if (!(await writeChunk(response, piece))) return;
          sent += piece.length;
        }
        response.end();
        return;
      }
    }
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_RECORDED_BODY) chunks.push(chunk);
    });
    request.on('end', () => {
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        headers: flatten(request.headers),
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
        connection: connectionIds.get(request.socket) ?? 0,
      };
      const index = stats.requests;
      stats.requests += 1;
      requests.push(recorded);
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        stats.inFlight -= 1;
      };
      response.on('close', finish);
      response.on('finish', finish);
      Promise.resolve(queue.shift() ?? responder(recorded, index))
        .then((behaviour) => perform(behaviour, request, response))
        .catch(() => request.socket.destroy());
    });
  });
  server.on('connection', (socket) => {
    stats.connections += 1;
    connectionIds.set(socket, stats.connections);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A reset from either side must not crash the test process.
    socket.on('error', () => undefined);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    requests,
    script: (...behaviours) => void queue.push(...behaviours),
    respondWith: (next) => {
      responder = next;
    },
    close: async () => {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function flatten(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const maintenancePage =
  '<!DOCTYPE html><html><head><title>Down for maintenance</title></head><body><h1>We will be back soon</h1></body></html>';
