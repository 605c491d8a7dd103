/**
 * A small `node:http` server on 127.0.0.1:0 that answers with exchange fixtures (reconstructed from the docs): a request
 * matches a fixture when the method and path are equal, the fixture's query is a subset of the
 * request's, and (for JSON object bodies) the bodies are deep-equal. Unmatched requests get a 501
 * and are recorded, so a test can assert that nothing unexpected was asked.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { fixture, type Exchange } from './helpers.js';

/** A request the server saw. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The fixture body with its `"<API_KEY>"` placeholders replaced by what the request sent there. */
function withKey(expected: unknown, actual: unknown): unknown {
  if (expected === '<API_KEY>') return actual;
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected)) return expected;
  const sent = (actual ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(expected).map(([key, value]) => [key, withKey(value, sent[key])]));
}

/** Starts the server with fixtures by name (first match wins). */
export async function serveFixtures(names: string[]) {
  const exchanges: Exchange[] = names.map(fixture);
  const seen: SeenRequest[] = [];
  const unmatched: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture.local');
      const request: SeenRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      let json: unknown;
      try {
        json = request.body ? JSON.parse(request.body) : undefined;
      } catch {
        json = undefined;
      }
      const match = exchanges.find(({ request: wanted }) =>
        wanted.method === request.method &&
        wanted.path === request.path &&
        Object.entries(wanted.query ?? {}).every(([key, value]) => url.searchParams.get(key) === value) &&
        (typeof wanted.body !== 'object' || wanted.body === null || isDeepStrictEqual(withKey(wanted.body, json), json)),
      );
      if (!match) {
        unmatched.push(request);
        res.writeHead(501, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ statusCode: 501, error: 'Not Implemented', message: `no fixture for ${request.method} ${request.path}` }));
        return;
      }
      const { status, headers, body } = match.response;
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, headers);
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    seen,
    unmatched,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
