/**
 * Helpers for Crelate tests: fixtures served over the msw loopback server (so the real undici
 * transport runs), a sandbox with a connector on it, and a request log taken on the wire.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, type Dispatcher } from 'undici';
import { createCrelateConnector, type CrelateConnectorOptions } from '../../../src/connectors/crelate/index.js';
import { crelateSandbox } from '../../../src/testing/sandboxes/crelate/sandbox.js';
import { loadFixture, type Fixture } from '../../../src/testing/fixtures.js';
import { fixtureHandlers } from '../../../src/testing/fixtures-msw.js';
import { startMswLoopback, type MswLoopback } from '../../../src/testing/msw-loopback.js';
import { startSandboxServer, type Sandbox } from '../../../src/testing/sandbox/server.js';
import type { SandboxContext, SandboxOptions, SandboxRequest } from '../../../src/testing/sandbox/types.js';

/** Where the fixtures live. */
export const FIXTURE_ROOT = fileURLToPath(new URL('../../../fixtures', import.meta.url));

/** Loads one Crelate fixture by `<resource>.<scenario>`. */
export function fixture(name: string): Promise<Fixture> {
  return loadFixture(join(FIXTURE_ROOT, 'crelate', `${name}.json`));
}

/** The `Data` of a fixture's response body. */
export async function fixtureData(name: string): Promise<unknown> {
  return ((await fixture(name)).response.body as { Data: unknown }).Data;
}

/** A connector plus the request log (`METHOD /path?query`, decoded, below `/api3`). */
export interface Harness {
  connector: ReturnType<typeof createCrelateConnector>;
  requests: string[];
  /** Request headers in send order. */
  headers: Record<string, string>[];
  close(): Promise<void>;
}

function recordingConnector(baseUrl: string, apiKey: string, options: Partial<CrelateConnectorOptions>, extraClose: () => Promise<void>): Harness {
  const requests: string[] = [];
  const headers: Record<string, string>[] = [];
  const agent = new Agent();
  const recording: Dispatcher = agent.compose((dispatch) => (request, handler) => {
    requests.push(`${request.method} ${decodeURIComponent(String(request.path)).replace(/^\/api3/, '')}`);
    headers.push(Object.fromEntries(Object.entries((request.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), String(v)])));
    return dispatch(request, handler);
  });
  const connector = createCrelateConnector({ apiKey, baseUrl, rateLimit: false, retry: { baseDelayMs: 5 }, dispatcher: recording, ...options });
  return {
    connector,
    requests,
    headers,
    close: async () => {
      await connector.close();
      await agent.close();
      await extraClose();
    },
  };
}

/** Serves the named fixtures (first match wins: put specific paths first) and a connector on them. */
export async function serveFixtures(names: readonly string[], apiKey: string, options: Partial<CrelateConnectorOptions> = {}): Promise<Harness & { server: MswLoopback }> {
  const server = await startMswLoopback([]);
  server.use(...fixtureHandlers(await Promise.all(names.map(fixture))));
  const harness = recordingConnector(`${server.url}/api3`, apiKey, { retry: { maxRetries: 0 }, ...options }, () => server.close());
  return { ...harness, server };
}

/** A write as the sandbox received it: method, path, query and the parsed body (raw text for multipart). */
export interface ReceivedWrite {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | null;
  body: unknown;
}

/** Starts a Crelate sandbox and a connector on it; `writes` lists every non-GET request the sandbox received. */
export async function startCrelate(
  options: SandboxOptions = {},
  connectorOptions: Partial<CrelateConnectorOptions> = {},
): Promise<Harness & { sandbox: Sandbox; writes: ReceivedWrite[] }> {
  const writes: ReceivedWrite[] = [];
  const recording = {
    ...crelateSandbox,
    handle: (request: SandboxRequest, context: SandboxContext) => {
      if (request.method !== 'GET') {
        writes.push({ method: request.method, path: request.path, query: Object.fromEntries(request.query), contentType: String(request.headers['content-type'] ?? '') || null, body: request.body });
      }
      return crelateSandbox.handle(request, context);
    },
  };
  const sandbox = await startSandboxServer(recording, options);
  const harness = recordingConnector(sandbox.url, String(sandbox.credentials.apiKey), connectorOptions, () => sandbox.close());
  return { ...harness, sandbox, writes };
}

/** Collects an async iterable (bounded by the source). */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
