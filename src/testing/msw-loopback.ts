/**
 * msw request handlers served over a real loopback HTTP server, so that code using the `undici`
 * package (which msw cannot intercept: mswjs/msw#2165) is tested through its real transport.
 * Each Node request becomes a Fetch `Request`, is resolved with msw's `getResponse()`, and the
 * `Response` is written back. A request no handler answers gets a 501 and is recorded, which is
 * the loopback equivalent of `onUnhandledRequest: 'error'`: assert `unhandled` is empty.
 * See docs/decisions/0001-transport-tests.md.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/** A request as the loopback server saw it. */
export interface LoopbackRequest {
  method: string;
  /** The full URL (`http://127.0.0.1:<port>/path?query`). */
  url: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
}

/** A running msw loopback server. */
export interface MswLoopback {
  /** `http://127.0.0.1:<port>` (no trailing slash): use it, plus any path prefix, as a base URL. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: LoopbackRequest[];
  /** Requests no handler answered (each got a 501). */
  readonly unhandled: LoopbackRequest[];
  /** Errors thrown by handlers (each request got a 500). */
  readonly errors: { request: LoopbackRequest; message: string }[];
  /** Puts handlers in front of the current ones (msw's `server.use`). */
  use(...handlers: RequestHandler[]): void;
  /** Drops handlers added with `use`, keeping the initial ones. */
  resetHandlers(): void;
  /** Stops the server and destroys open connections. */
  close(): Promise<void>;
}

/** Largest request body the loopback server reads (a test server, not a file store). */
const MAX_REQUEST_BODY = 16 * 1024 * 1024;

/**
 * Serves `handlers` on 127.0.0.1 (ephemeral port). Handler paths may be absolute URLs, `*`
 * patterns, or paths relative to the server (`/candidates`), which resolve against its own URL.
 * @param handlers msw handlers (`http.get(...)`, `http.post(...)`, ...)
 */
export async function startMswLoopback(handlers: RequestHandler[]): Promise<MswLoopback> {
  const initial = [...handlers];
  let current = [...handlers];
  const requests: LoopbackRequest[] = [];
  const unhandled: LoopbackRequest[] = [];
  const errors: { request: LoopbackRequest; message: string }[] = [];
  const sockets = new Set<Socket>();
  let origin = '';

  const server = createServer((incoming, outgoing) => {
    void handle(incoming, outgoing).catch(() => outgoing.destroy());
  });

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const body = await readBody(incoming);
    const url = new URL(incoming.url ?? '/', origin).toString();
    const seen: LoopbackRequest = { method: incoming.method ?? 'GET', url, headers: flatten(incoming.headers) };
    requests.push(seen);
    const request = new Request(url, {
      method: seen.method,
      headers: toFetchHeaders(incoming.headers),
      body: body.length > 0 && seen.method !== 'GET' && seen.method !== 'HEAD' ? body : undefined,
    });
    let response: Response | undefined;
    try {
      response = await getResponse(current, request, { baseUrl: origin });
    } catch (error) {
      errors.push({ request: seen, message: error instanceof Error ? error.message : String(error) });
      return reply(outgoing, 500, { 'content-type': 'text/plain' }, Buffer.from('msw handler threw'));
    }
    if (!response) {
      unhandled.push(seen);
      return reply(outgoing, 501, { 'content-type': 'text/plain' }, Buffer.from(`No msw handler for ${seen.method} ${url}`));
    }
    const headers: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) headers['set-cookie'] = cookies;
    // The body was decoded by fetch, so a content-encoding or stale length must not be repeated.
    delete headers['content-encoding'];
    delete headers['content-length'];
    const payload = Buffer.from(await response.arrayBuffer());
    reply(outgoing, response.status, headers, payload);
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    requests,
    unhandled,
    errors,
    use: (...extra) => {
      current = [...extra, ...current];
    },
    resetHandlers: () => {
      current = [...initial];
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(outgoing: ServerResponse, status: number, headers: Record<string, string | string[]>, body: Buffer): void {
  outgoing.writeHead(status, { ...headers, 'content-length': String(body.length) });
  outgoing.end(body);
}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BODY) throw new Error('request body too large for the msw loopback server');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function flatten(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function toFetchHeaders(headers: IncomingMessage['headers']): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) out.append(name, item);
  }
  return out;
}
