/**
 * Helpers for webhook tests: a real `node:http` server on loopback running a handler, counting the
 * bytes it read, and a client that posts through undici.
 */
import { createServer, type Server } from 'node:http';
import type { Readable } from 'node:stream';
import { request } from 'undici';
import type { WebhookHandler } from '../../src/webhooks/index.js';

/** A loopback server around a webhook handler. */
export interface HookServer {
  url: string;
  server: Server;
  /** Bytes the server read from closed connections so far. */
  bytesRead(): number;
  post(path: string, body: string | Buffer | Readable, headers?: Record<string, string>): Promise<{ status: number; body: string; elapsedMs: number }>;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 on a free port. */
export async function startHookServer(handler: WebhookHandler): Promise<HookServer> {
  const server = createServer(handler);
  let bytes = 0;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      bytes += socket.bytesRead;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    server,
    bytesRead: () => bytes + [...sockets].reduce((sum, socket) => sum + socket.bytesRead, 0),
    async post(path, body, headers = {}) {
      const started = performance.now();
      const response = await request(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
      const text = await response.body.text();
      return { status: response.statusCode, body: text, elapsedMs: performance.now() - started };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves when `predicate` holds, polling every 5 ms, or rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
