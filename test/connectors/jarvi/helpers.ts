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

/** Serves the named fixtures (first match in list order wins). */
export async function serveFixtures(names: string[]) {
  const fixtures = names.map(fixture);
  const requests: SeenRequest[] = [];
  const unhandled: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture.local');
      const text = Buffer.concat(chunks).toString('utf8');
      const seen: SeenRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: text ? (JSON.parse(text) as unknown) : null };
      requests.push(seen);
      const match = fixtures.find(
        (f) =>
          f.request.method === seen.method &&
          `${BASE_PATH}${f.request.path}` === seen.path &&
          Object.entries(f.request.query ?? {}).every(([key, value]) => url.searchParams.get(key) === value),
      );
      if (!match) {
        unhandled.push(seen);
        res.writeHead(501, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'no fixture' }));
        return;
      }
      const body = JSON.stringify(match.response.body);
      res.writeHead(match.response.status, { ...match.response.headers, 'content-length': String(Buffer.byteLength(body)) });
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

/** Answers one request: a status and a JSON body, or null for a 501 (recorded in `unhandled`). */
export type RouteAnswer = (request: SeenRequest) => { status: number; body: unknown } | null;

/** Serves answers computed per request (the real-payload tests serve bodies read at test time). */
export async function serveRoutes(answer: RouteAnswer) {
  const requests: SeenRequest[] = [];
  const unhandled: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fixture.local');
      const text = Buffer.concat(chunks).toString('utf8');
      const seen: SeenRequest = { method: req.method ?? 'GET', path: url.pathname.slice(BASE_PATH.length), query: url.searchParams, headers: req.headers, body: text ? (JSON.parse(text) as unknown) : null };
      requests.push(seen);
      const found = url.pathname.startsWith(BASE_PATH) ? answer(seen) : null;
      if (!found) unhandled.push(seen);
      const body = JSON.stringify(found ? found.body : { message: 'no route' });
      res.writeHead(found ? found.status : 501, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
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
