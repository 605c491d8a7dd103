/**
 * Test tooling for users of unified-ats: provider sandboxes (fake ATS servers on loopback that
 * speak each provider's wire format) and fixture helpers.
 *
 * ```ts
 * import { startSandbox } from 'unified-ats/testing';
 * import { createTeamtailorConnector } from 'unified-ats/teamtailor';
 *
 * const sandbox = await startSandbox('teamtailor', { records: 200, seed: 7 });
 * const ats = createTeamtailorConnector(sandbox.connectorOptions);
 * ```
 * @module
 */
import type { ConnectorOptionsByProvider } from '../connectors/index.js';
import { ConfigError } from '../core/errors.js';
import { sandboxProviders, type SandboxProviderName } from './providers.js';
import { sandboxConnectorOptions } from './sandbox-options.js';
import { startSandboxServer, type Sandbox as SandboxServer } from './sandbox/server.js';
import type { SandboxOptions } from './sandbox/types.js';

/** A running sandbox of provider `P`, its connector options typed as that provider's factory takes them. */
export interface ProviderSandbox<P extends SandboxProviderName> extends Omit<SandboxServer, 'provider' | 'connectorOptions' | 'restrictedConnectorOptions'> {
  /** The provider this sandbox speaks. */
  readonly provider: P;
  /** Everything `createConnector(provider, …)` needs: credentials, `baseUrl`, address-dependent options. */
  readonly connectorOptions: ConnectorOptionsByProvider[P];
  /**
   * The same with a key that authenticates but may not read everything a sync needs (a Teamtailor
   * Public-scope key), or null when the provider's keys have no scopes.
   */
  readonly restrictedConnectorOptions: ConnectorOptionsByProvider[P] | null;
}

/**
 * A running sandbox: `Sandbox<'teamtailor'>` for one provider, or `Sandbox` for any (a union
 * discriminated by `provider`, so narrowing on it types `connectorOptions`).
 */
export type Sandbox<P extends SandboxProviderName = SandboxProviderName> = { [K in P]: ProviderSandbox<K> }[P];

/** Starts a sandbox for `provider` on 127.0.0.1 with a deterministic dataset. */
export async function startSandbox<P extends SandboxProviderName>(provider: P, options: SandboxOptions = {}): Promise<Sandbox<P>> {
  if (!Object.hasOwn(sandboxProviders, provider)) {
    throw new ConfigError(`No sandbox for "${String(provider)}". Available: ${Object.keys(sandboxProviders).join(', ')}`, {
      provider: String(provider),
      operation: 'startSandbox',
    });
  }
  const sandbox = await startSandboxServer(sandboxProviders[provider], options);
  const typed = sandboxConnectorOptions[provider];
  // Sandboxes serve files on loopback, which downloads refuse unless the connector opts in.
  const downloads = { allowPrivateNetwork: true };
  const restricted = typed.restricted?.(sandbox.url) ?? null;
  return {
    ...sandbox,
    provider,
    connectorOptions: { ...typed.full(sandbox.url), downloads },
    restrictedConnectorOptions: restricted && { ...restricted, downloads },
  };
}

export { sandboxProviders, type SandboxProviderName } from './providers.js';
export { startSandboxServer, type Sandbox as SandboxServer, type SandboxConnectorOptions } from './sandbox/server.js';
export type {
  SandboxCandidateEdit,
  SandboxEditHooks,
  SandboxJobEdit,
  SandboxRecordRef,
  SandboxRecordedRequest,
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
export type { RemoveOptions, StoreChange, StoredRecord } from './sandbox/store.js';
export type { SandboxWebhooks, WebhookDeliveryRecord, WebhookSubscription } from './sandbox/webhooks.js';
export { TEAMTAILOR_SANDBOX_COMPANY_UUID } from './sandboxes/teamtailor/webhooks.js';
export { FixtureMethodSchema, RecordedExchangeSchema, loadFixture, loadFixtures, parseFixture, type Fixture, type RecordedExchange } from './fixtures.js';
export { assertNoCanary, canaryForms, canarySecret } from './canary.js';
export { startFaultServer } from './fault-server.js';
export type { FaultBehaviour, FaultServer, FaultServerOptions, RecordedRequest } from './fault-server.js';
