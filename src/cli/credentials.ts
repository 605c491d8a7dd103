/**
 * Which options each provider needs, and where the CLI finds them: a flag, or an environment
 * variable. This is the only place that reads `process.env` for credentials.
 */
import type { ProviderName } from '../connectors/index.js';
import { UsageError } from './exit-codes.js';

/** One option of a provider's factory. */
interface OptionSource {
  /** The factory option name. */
  option: string;
  /** The flag (`--api-key`). */
  flag: string;
  /** The environment variable. */
  env: string;
  required: boolean;
}

const option = (name: string, flag: string, env: string, required = false): OptionSource => ({ option: name, flag, env, required });

/** Options per provider: the option name, CLI flag and environment variable of each. */
export const providerOptionSources: Record<string, OptionSource[]> = {
  teamtailor: [
    option('apiKey', 'api-key', 'TEAMTAILOR_API_KEY', true),
    option('region', 'region', 'TEAMTAILOR_REGION'),
    option('apiVersion', 'api-version', 'TEAMTAILOR_API_VERSION'),
    option('baseUrl', 'base-url', 'TEAMTAILOR_BASE_URL'),
  ],
  gem: [
    option('apiKey', 'api-key', 'GEM_API_KEY', true),
    option('applicationSecret', 'application-secret', 'GEM_APPLICATION_SECRET'),
    option('onBehalfOfUserId', 'on-behalf-of-user-id', 'GEM_ON_BEHALF_OF_USER_ID'),
    option('baseUrl', 'base-url', 'GEM_BASE_URL'),
  ],
  crelate: [option('apiKey', 'api-key', 'CRELATE_API_KEY', true), option('baseUrl', 'base-url', 'CRELATE_BASE_URL')],
  flatchr: [
    option('apiKey', 'api-key', 'FLATCHR_API_KEY', true),
    option('companyId', 'company-id', 'FLATCHR_COMPANY_ID', true),
    option('companySlug', 'company-slug', 'FLATCHR_COMPANY_SLUG'),
    option('userEmail', 'user-email', 'FLATCHR_USER_EMAIL'),
    option('userPassword', 'user-password', 'FLATCHR_USER_PASSWORD'),
    option('baseUrl', 'base-url', 'FLATCHR_BASE_URL'),
  ],
  jarvi: [
    option('apiKey', 'api-key', 'JARVI_API_KEY', true),
    option('publicKey', 'public-key', 'JARVI_PUBLIC_KEY'),
    option('baseUrl', 'base-url', 'JARVI_BASE_URL'),
  ],
};

/** Every flag any provider takes (for the argument parser). */
export const credentialFlags = [...new Set(Object.values(providerOptionSources).flat().map((source) => source.flag))];

/** Builds a provider's factory options from flags, then the environment. */
export function resolveProviderOptions(
  provider: ProviderName,
  flags: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const sources = providerOptionSources[provider] ?? [];
  const options: Record<string, string> = {};
  const missing: string[] = [];
  for (const source of sources) {
    const fromFlag = flags[source.flag];
    const value = typeof fromFlag === 'string' ? fromFlag : env[source.env];
    if (value !== undefined && value !== '') options[source.option] = value;
    else if (source.required) missing.push(`--${source.flag} (or ${source.env})`);
  }
  if (missing.length > 0) throw new UsageError(`Missing credentials for ${provider}: ${missing.join(', ')}`);
  return options;
}
