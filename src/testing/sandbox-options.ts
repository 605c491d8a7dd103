/**
 * Each sandbox's connector options, typed as its provider's factory takes them, so
 * `createConnector(provider, sandbox.connectorOptions)` compiles under `strict` for any provider.
 */
import type { ConnectorOptionsByProvider } from '../connectors/index.js';
import { CRELATE_SANDBOX_KEY } from './sandboxes/crelate/sandbox.js';
import { FLATCHR_SANDBOX_COMPANY_ID, FLATCHR_SANDBOX_KEY, FLATCHR_SANDBOX_USER } from './sandboxes/flatchr/sandbox.js';
import { GEM_SANDBOX_KEY } from './sandboxes/gem/sandbox.js';
import { JARVI_SANDBOX_KEY, JARVI_SANDBOX_PUBLIC_KEY } from './sandboxes/jarvi/sandbox.js';
import { TEAMTAILOR_SANDBOX_KEY, TEAMTAILOR_SANDBOX_PUBLIC_KEY } from './sandboxes/teamtailor/sandbox.js';
import type { SandboxProviderName } from './providers.js';

/** The options of one sandbox: full access, and (where keys have scopes) a restricted key. */
interface SandboxOptionsOf<Options> {
  full(baseUrl: string): Options;
  restricted: ((baseUrl: string) => Options) | null;
}

/** Connector options of every sandbox, by provider. */
export const sandboxConnectorOptions: { [P in SandboxProviderName]: SandboxOptionsOf<ConnectorOptionsByProvider[P]> } = {
  teamtailor: {
    full: (baseUrl) => ({ apiKey: TEAMTAILOR_SANDBOX_KEY, baseUrl }),
    restricted: (baseUrl) => ({ apiKey: TEAMTAILOR_SANDBOX_PUBLIC_KEY, baseUrl }),
  },
  jarvi: {
    full: (baseUrl) => ({ apiKey: JARVI_SANDBOX_KEY, publicKey: JARVI_SANDBOX_PUBLIC_KEY, baseUrl }),
    restricted: (baseUrl) => ({ apiKey: JARVI_SANDBOX_PUBLIC_KEY, baseUrl }),
  },
  flatchr: {
    full: (baseUrl) => ({
      apiKey: FLATCHR_SANDBOX_KEY,
      companyId: FLATCHR_SANDBOX_COMPANY_ID,
      userEmail: FLATCHR_SANDBOX_USER.email,
      userPassword: FLATCHR_SANDBOX_USER.password,
      baseUrl,
      careersBaseUrl: baseUrl,
    }),
    restricted: null,
  },
  crelate: { full: (baseUrl) => ({ apiKey: CRELATE_SANDBOX_KEY, baseUrl }), restricted: null },
  gem: { full: (baseUrl) => ({ apiKey: GEM_SANDBOX_KEY, baseUrl }), restricted: null },
};
