/**
 * A loopback server that answers every request with one fixed answer (status, body, headers) or
 * with an answer computed from the request, so a test can feed every endpoint of a connector the
 * same malformed body, or make a "provider" echo what it received.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** What the server answers. */
export interface FixedAnswer {
  status: number;
  headers?: Record<string, string>;
  /** The raw body text. */
  body: string;
}

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A running server. */
export interface FixedAnswerServer {
  origin: string;
  seen: SeenRequest[];
  /** Replaces the answer. */
  answer(next: FixedAnswer | ((request: SeenRequest) => FixedAnswer)): void;
  close(): Promise<void>;
}

/** Starts a server answering `initial` to everything. */
export async function startFixedAnswerServer(initial: FixedAnswer | ((request: SeenRequest) => FixedAnswer)): Promise<FixedAnswerServer> {
  let current = initial;
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      const answer = typeof current === 'function' ? current(request) : current;
      res.writeHead(answer.status, { 'content-type': 'application/json', date: new Date().toUTCString(), ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
      res.end(answer.body);
    });
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
    seen,
    answer: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
