/**
 * Pick a connector at run time: `createConnector('teamtailor', options)`. This entry imports every
 * connector; import a single one (`unified-ats/teamtailor`) to keep bundles small.
 * @module
 */
import type { Connector } from '../actions/results.js';
import { ConfigError } from '../core/errors.js';
import { createGemConnector, type GemConnectorOptions } from './gem/index.js';
import { createCrelateConnector, type CrelateConnectorOptions } from './crelate/index.js';
import { createFlatchrConnector, type FlatchrConnectorOptions } from './flatchr/index.js';
import { createJarviConnector, type JarviConnectorOptions } from './jarvi/index.js';
import { createTeamtailorConnector, type TeamtailorConnectorOptions } from './teamtailor/index.js';

/** Options of each provider's factory. */
export interface ConnectorOptionsByProvider {
  teamtailor: TeamtailorConnectorOptions;
  jarvi: JarviConnectorOptions;
  flatchr: FlatchrConnectorOptions;
  crelate: CrelateConnectorOptions;
  gem: GemConnectorOptions;
}

/** A provider name. */
export type ProviderName = keyof ConnectorOptionsByProvider;

const factories: { [P in ProviderName]: (options: ConnectorOptionsByProvider[P]) => Connector } = {
  teamtailor: createTeamtailorConnector,
  jarvi: createJarviConnector,
  flatchr: createFlatchrConnector,
  crelate: createCrelateConnector,
  gem: createGemConnector,
};

/** Every provider with a connector. */
export const providers = Object.keys(factories) as ProviderName[];

/** Creates the connector of `provider`. */
export function createConnector<P extends ProviderName>(provider: P, options: ConnectorOptionsByProvider[P]): Connector {
  const factory = factories[provider] as ((options: ConnectorOptionsByProvider[P]) => Connector) | undefined;
  if (!factory) {
    throw new ConfigError(`Unknown provider "${String(provider)}". Available: ${providers.join(', ')}`, {
      provider: String(provider),
      operation: 'createConnector',
    });
  }
  return factory(options);
}
