/**
 * Test tooling for users of unified-ats: provider sandboxes (fake ATS servers on loopback that
 * speak each provider's wire format) and fixture helpers.
 *
 * ```ts
 * import { startSandbox } from 'unified-ats/testing';
 * import { createTeamtailorConnector } from 'unified-ats/teamtailor';
 *
 * const sandbox = await startSandbox('teamtailor', { records: 200, seed: 7 });
 * const ats = createTeamtailorConnector({ ...sandbox.credentials, baseUrl: sandbox.url } as never);
 * ```
 * @module
 */
import { ConfigError } from '../core/errors.js';
import { sandboxProviders, type SandboxProviderName } from './providers.js';
import { startSandboxServer, type Sandbox } from './sandbox/server.js';
import type { SandboxOptions } from './sandbox/types.js';

/** Starts a sandbox for `provider` on 127.0.0.1 with a deterministic dataset. */
export function startSandbox(provider: SandboxProviderName, options: SandboxOptions = {}): Promise<Sandbox> {
  const wire = sandboxProviders[provider];
  if (!wire) {
    throw new ConfigError(`No sandbox for "${String(provider)}". Available: ${Object.keys(sandboxProviders).join(', ')}`, {
      provider: String(provider),
      operation: 'startSandbox',
    });
  }
  return startSandboxServer(wire, options);
}

export { sandboxProviders, type SandboxProviderName } from './providers.js';
export { startSandboxServer, type Sandbox } from './sandbox/server.js';
export type {
  SandboxFaults,
  SandboxOptions,
  SandboxProvider,
  SandboxRequest,
  SandboxResponse,
  SandboxStats,
  SandboxContext,
  SandboxWebhookPayload,
  SandboxWebhookShapes,
  WebhookSubscribeOptions,
} from './sandbox/types.js';
export { SandboxStore, type RemoveOptions, type StoreChange, type StoredRecord } from './sandbox/store.js';
export type { SandboxWebhooks, WebhookDeliveryRecord, WebhookSubscription } from './sandbox/webhooks.js';
export { TEAMTAILOR_SANDBOX_COMPANY_UUID } from './sandboxes/teamtailor/webhooks.js';
export { SeededRandom } from './sandbox/random.js';
export {
  FixtureMethodSchema,
  RecordedExchangeSchema,
  loadFixture,
  loadFixtures,
  parseFixture,
  queryMatches,
  type Fixture,
  type RecordedExchange,
} from './fixtures.js';
export { assertNoCanary, canaryForms, canarySecret } from './canary.js';
export { startFaultServer } from './fault-server.js';
export type { FaultBehaviour, FaultServer, FaultServerOptions, RecordedRequest } from './fault-server.js';
