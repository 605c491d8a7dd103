/**
 * A loopback proxy in front of a sandbox that records every request exactly as it arrived (method
 * and raw request target, before any decoding), so a test can check the path a connector built.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** One request as it reached the server. */
export interface ArrivedRequest {
  method: string;
  /** The raw request target: path and query, still percent-encoded. */
  target: string;
  /** The path part of the target, still percent-encoded. */
  path: string;
  /** The query, parsed. */
  query: URLSearchParams;
}

/** A running proxy. */
export interface RecordingProxy {
  /** The proxy's origin (`http://127.0.0.1:port`). */
  origin: string;
  /** Every request so far, in arrival order. */
  arrived: ArrivedRequest[];
  close(): Promise<void>;
}

/** Starts a proxy that forwards everything to `targetOrigin` and records it. */
export async function startRecordingProxy(targetOrigin: string): Promise<RecordingProxy> {
  const target = new URL(targetOrigin);
  const arrived: ArrivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res) => {
    const raw = req.url ?? '/';
    const queryStart = raw.indexOf('?');
    arrived.push({
      method: req.method ?? 'GET',
      target: raw,
      path: queryStart === -1 ? raw : raw.slice(0, queryStart),
      query: new URLSearchParams(queryStart === -1 ? '' : raw.slice(queryStart + 1)),
    });
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: raw, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    arrived,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** `options` with every string that starts with `from` pointing at `to` instead (base URLs). */
export function rebased<T extends object>(options: T, from: string, to: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) out[key] = typeof value === 'string' && value.startsWith(from) ? to + value.slice(from.length) : value;
  return Object.assign(Object.create(Object.getPrototypeOf(options)), out);
}
