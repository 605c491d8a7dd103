/**
 * Shared helpers of the Flatchr tests: a connector on a sandbox, and fixture loading.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFlatchrConnector, type FlatchrConnectorOptions } from '../../../src/connectors/flatchr/index.js';
import { flatchrSandbox } from '../../../src/testing/sandboxes/flatchr/sandbox.js';
import { startSandboxServer, type Sandbox } from '../../../src/testing/sandbox/server.js';
import type { SandboxOptions, SandboxProvider } from '../../../src/testing/sandbox/types.js';

/** The fixtures folder of this provider. */
export const FIXTURES = join(import.meta.dirname, '../../../fixtures/flatchr');

/** An exchange fixture (reconstructed from the docs). */
export interface Exchange {
  request: { method: string; path: string; query?: Record<string, string>; body?: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

/** Reads `fixtures/flatchr/<name>.json`. */
export function fixture(name: string): Exchange {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Exchange;
}

/** Every fixture name. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES).filter((file) => file.endsWith('.json')).map((file) => file.replace(/\.json$/, ''));
}

/** A started sandbox and a connector pointed at it (user credentials included unless `withUser` is false). */
export async function sandboxConnector(options: SandboxOptions & { withUser?: boolean; provider?: SandboxProvider; connector?: Partial<FlatchrConnectorOptions> } = {}) {
  const sandbox: Sandbox = await startSandboxServer(options.provider ?? flatchrSandbox, { records: options.records ?? 40, ...options });
  const credentials = sandbox.credentials as { apiKey: string; companyId: string; userEmail: string; userPassword: string };
  const connector = createFlatchrConnector({
    apiKey: credentials.apiKey,
    companyId: credentials.companyId,
    ...(options.withUser === false ? {} : { userEmail: credentials.userEmail, userPassword: credentials.userPassword }),
    baseUrl: sandbox.url,
    careersBaseUrl: sandbox.url,
    rateLimit: false,
    retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 50, random: () => 0.5 },
    ...options.connector,
  });
  return { sandbox, connector, close: async () => { await connector.close(); await sandbox.close(); } };
}

/** Collects a stream. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
}
