/**
 * Test helpers for the Jarvi connector: read a fixture, and serve chosen fixtures from a small
 * `node:http` server on 127.0.0.1:0 under Jarvi's base path, so the connector runs through its
 * real undici transport. A request no fixture matches gets a 501 and is recorded in `unhandled`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** One exchange fixture (reconstructed from the docs). */
export interface JarviFixture {
  request: { method: string; path: string; query?: Record<string, string>; body?: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

const ROOT = join(import.meta.dirname, '../../../fixtures/jarvi');
/** The path prefix of Jarvi's documented base URL. */
export const BASE_PATH = '/v1/public-api/rest/v2';

/** Reads `fixtures/jarvi/<name>.json`. */
export function fixture(name: string): JarviFixture {
  return JSON.parse(readFileSync(join(ROOT, `${name}.json`), 'utf8')) as JarviFixture;
}

/** The `data` rows of a list fixture. */
export function rows(name: string): Record<string, unknown>[] {
  return (fixture(name).response.body as { data: Record<string, unknown>[] }).data;
}

/** A request the fixture server saw. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** Serves the named fixtures (first match in list order wins); `requests` keep the full path. */
export function serveFixtures(names: string[]) {
  const fixtures = names.map(fixture);
  return serve('full', (seen) => {
    const match = fixtures.find(
      (f) =>
        f.request.method === seen.method &&
        `${BASE_PATH}${f.request.path}` === seen.path &&
        Object.entries(f.request.query ?? {}).every(([key, value]) => seen.query.get(key) === value),
    );
    return match ? { status: match.response.status, headers: match.response.headers, body: match.response.body } : null;
  });
}

/** Answers one request: a status and a JSON body, or null for a 501 (recorded in `unhandled`). */
export type RouteAnswer = (request: SeenRequest) => { status: number; body: unknown } | null;

/** Serves answers computed per request (the real-payload tests serve bodies read at test time); `requests` keep the path below the base path. */
export function serveRoutes(answer: RouteAnswer) {
  return serve('relative', (seen) => (seen.matchedBase ? answer(seen) : null));
}

/** What the shared server hands an answerer: the request, and whether it came under the base path. */
type ServedRequest = SeenRequest & { matchedBase: boolean };

/**
 * The one loopback server behind both helpers: records every request (`path` in full or below the
 * base path), answers with what `answer` returns, and a 501 recorded in `unhandled` otherwise.
 */
async function serve(paths: 'full' | 'relative', answer: (seen: ServedRequest) => { status: number; headers?: Record<string, string>; body: unknown } | null) {
  const requests: SeenRequest[] = [];
  const unhandled: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture.local');
      const text = Buffer.concat(chunks).toString('utf8');
      const matchedBase = url.pathname.startsWith(BASE_PATH);
      const path = paths === 'full' ? url.pathname : url.pathname.slice(BASE_PATH.length);
      const seen: SeenRequest = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body: text ? (JSON.parse(text) as unknown) : null };
      requests.push(seen);
      const found = answer({ ...seen, matchedBase });
      if (!found) unhandled.push(seen);
      const body = JSON.stringify(found ? found.body : { message: 'no fixture' });
      res.writeHead(found ? found.status : 501, { 'content-type': 'application/json', ...(found?.headers ?? {}), 'content-length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    requests,
    unhandled,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
