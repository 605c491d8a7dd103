/**
 * Shared helpers of the Gem tests: fixture loading, a loopback server serving fixtures through
 * msw (so the real undici transport is used), and the ids the fixtures use.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGemConnector, type GemConnectorOptions } from '../../../src/connectors/gem/index.js';
import { encodeId } from '../../../src/core/ids.js';
import { loadFixture, type Fixture } from '../../../src/testing/fixtures.js';
import { fixtureHandlers } from '../../../src/testing/fixtures-msw.js';
import { startMswLoopback, type MswLoopback } from '../../../src/testing/msw-loopback.js';

/** Where the fixtures live. */
export const FIXTURE_ROOT = fileURLToPath(new URL('../../../fixtures', import.meta.url));
/** The documented base URL, as it appears in fixture `Link` headers. */
export const DOCUMENTED_BASE = 'https://api.gem.com/ats/v0';
/** The API key the fixture tests use (a recognisable canary, not a real key). */
export const FIXTURE_KEY = 'sk_canary_gem_fixture_key_0123456789abcdef';

/** Ids used by the fixtures (base64 of `Type:number`). */
export const ids = {
  U1: 'VXNlcjo2MDEw', U2: 'VXNlcjo2MDIw', U3: 'VXNlcjo2MDMw',
  J1: 'Sm9iOjMwMTAw', J2: 'Sm9iOjMwMjAw', JT: 'Sm9iOjM5OTAw',
  S1: 'Sm9iU3RhZ2U6NTAx', S2: 'Sm9iU3RhZ2U6NTAy', S3: 'Sm9iU3RhZ2U6NTAz',
  C1: 'Q2FuZGlkYXRlOjEwMDAx', C2: 'Q2FuZGlkYXRlOjEwMDAy', C3: 'Q2FuZGlkYXRlOjEwMDAz', C4: 'Q2FuZGlkYXRlOjEwMDA0',
  A1: 'QXBwbGljYXRpb246MjAwMDAx', A2: 'QXBwbGljYXRpb246MjAwMDAy', A3: 'QXBwbGljYXRpb246MjAwMDAz',
  P2: 'Sm9iUG9zdDo0MDIw', I1: 'U2NoZWR1bGVkSW50ZXJ2aWV3OjkwMTAw',
} as const;

/** A unified Gem id. */
export const uid = (kind: string, ...parts: string[]) => encodeId('gem', kind, ...parts);

/** Loads one Gem fixture by `<resource>.<scenario>`. */
export function fixture(name: string): Promise<Fixture> {
  return loadFixture(join(FIXTURE_ROOT, 'gem', `${name}.json`));
}

/** The body of a fixture, typed loosely. */
export async function fixtureBody<T = unknown>(name: string): Promise<T> {
  return (await fixture(name)).response.body as T;
}

/** A fixture whose headers point at `base` instead of the documented host. */
function rebase(item: Fixture, base: string): Fixture {
  const headers = Object.fromEntries(Object.entries(item.response.headers).map(([key, value]) => [key, value.split(DOCUMENTED_BASE).join(base)]));
  return { ...item, response: { ...item.response, headers } };
}

/** A loopback server with fixtures plus a Gem connector pointed at it. */
export interface FixtureServer {
  server: MswLoopback;
  baseUrl: string;
  connector: ReturnType<typeof createGemConnector>;
  /** Requests seen, as `METHOD path?query` below the base URL. */
  seen(): string[];
  close(): Promise<void>;
}

/** Starts a loopback server answering with the named fixtures (first match wins). */
export async function serveFixtures(names: readonly string[], options: Partial<GemConnectorOptions> = {}): Promise<FixtureServer> {
  const server = await startMswLoopback([]);
  const baseUrl = `${server.url}/ats/v0`;
  const loaded = await Promise.all(names.map(fixture));
  server.use(...fixtureHandlers(loaded.map((item) => rebase(item, baseUrl))));
  const connector = createGemConnector({ apiKey: FIXTURE_KEY, baseUrl, rateLimit: false, retry: { maxRetries: 0 }, ...options });
  return {
    server,
    baseUrl,
    connector,
    seen: () =>
      server.requests.map((request) => {
        const url = new URL(request.url);
        return `${request.method} ${url.pathname.replace(/^\/ats\/v0/, '')}${url.search ? decodeURIComponent(url.search) : ''}`;
      }),
    close: async () => {
      await connector.close();
      await server.close();
    },
  };
}

/** Drains an async iterable (a bounded stream) into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
