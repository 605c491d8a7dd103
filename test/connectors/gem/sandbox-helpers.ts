/**
 * Helpers for Gem sandbox tests: a sandbox that records every request it answered (method, path,
 * query and the parsed JSON body, so write bodies can be asserted exactly) and a connector on it.
 */
import { createGemConnector, type GemConnectorOptions } from '../../../src/connectors/gem/index.js';
import { encodeId } from '../../../src/core/ids.js';
import { startSandboxServer, type Sandbox } from '../../../src/testing/sandbox/server.js';
import type { SandboxProvider, SandboxRequest } from '../../../src/testing/sandbox/types.js';
import type { SandboxOptions } from '../../../src/testing/sandbox/types.js';
import { GEM_SANDBOX_KEY, gemSandbox } from '../../../src/testing/sandboxes/gem/sandbox.js';

/** A recording Gem sandbox and a connector on it. */
export interface GemSandbox {
  sandbox: Sandbox;
  connector: ReturnType<typeof createGemConnector>;
  /** Every request the sandbox answered, in order. */
  received: SandboxRequest[];
  /** `METHOD path?query` of every request (query decoded), in order. */
  requests(): string[];
  /** The requests other than GET. */
  writes(): SandboxRequest[];
  close(): Promise<void>;
}

/** A unified Gem id. */
export const gid = (kind: string, ...parts: string[]) => encodeId('gem', kind, ...parts);

/** Starts a recording Gem sandbox (`provider` overrides parts of the wire format) with a connector on it. */
export async function startGemSandbox(
  options: SandboxOptions & { connector?: Partial<GemConnectorOptions>; provider?: Partial<SandboxProvider> } = {},
): Promise<GemSandbox> {
  const received: SandboxRequest[] = [];
  const { connector: connectorOptions, provider, ...sandboxOptions } = options;
  const base: SandboxProvider = { ...gemSandbox, ...provider };
  const sandbox = await startSandboxServer({ ...base, handle: (request, context) => (received.push(request), base.handle(request, context)) }, { records: 20, seed: 7, ...sandboxOptions });
  const connector = createGemConnector({ apiKey: GEM_SANDBOX_KEY, baseUrl: sandbox.url, rateLimit: false, retry: { maxRetries: 0 }, ...connectorOptions });
  return {
    sandbox,
    connector,
    received,
    requests: () => received.map((request) => `${request.method} ${request.path}${[...request.query].length > 0 ? `?${decodeURIComponent(request.query.toString())}` : ''}`),
    writes: () => received.filter((request) => request.method !== 'GET'),
    close: async () => {
      await connector.close();
      await sandbox.close();
    },
  };
}
