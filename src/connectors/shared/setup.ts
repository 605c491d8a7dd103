/**
 * What every connector factory does before it has a connector: check the options it was given
 * (a `ConfigError` naming the option, never its value) and build its transport from the common
 * options and the provider's descriptor.
 */
import { ConfigError } from '../../core/errors.js';
import { HttpClient, type HttpClientOptions } from '../../core/http.js';
import type { RateLimitOptions } from '../../core/rate-limit.js';
import { transportOptions, type CommonConnectorOptions } from './options.js';

/** Checks factory options for one provider. */
export interface OptionChecks {
  /** Throws `ConfigError` unless `value` is a non-empty string. `what` says what the option is. */
  requireText(value: unknown, option: string, what: string): void;
  /** The same for an option that may be left out. */
  optionalText(value: unknown, option: string, what: string): void;
  /** Throws `ConfigError` with `message`. */
  fail(message: string): never;
}

/** Option checks for `factory` (`'createGemConnector'`) of `provider`. */
export function optionChecks(provider: string, factory: string, options: unknown): OptionChecks {
  const fail = (message: string): never => {
    throw new ConfigError(message, { provider, operation: factory });
  };
  if (options === null || typeof options !== 'object') fail(`${factory} needs an options object with an apiKey.`);
  const isText = (value: unknown) => typeof value === 'string' && value.trim() !== '';
  return {
    fail,
    requireText(value, option, what) {
      if (!isText(value)) fail(`${factory} needs ${option} (${what}).`);
    },
    optionalText(value, option, what) {
      if (value !== undefined && !isText(value)) fail(`${option}, when given, must be a non-empty string (${what}).`);
    },
  };
}

/** The rate limit in force: the caller's, `false` for none, else the provider's documented one. */
export function effectiveRateLimit<R extends RateLimitOptions | false>(option: RateLimitOptions | false | undefined, documented: R): RateLimitOptions | false {
  return option === undefined ? documented : option;
}

/** What differs between providers when building a transport. */
export interface TransportSettings extends Pick<HttpClientOptions, 'provider' | 'headers' | 'secrets' | 'requestIdHeader' | 'jsonContentType' | 'classify'> {
  /** The base URL when the caller gave none. */
  defaultBaseUrl: string;
  /** The rate limit of this transport (from {@link effectiveRateLimit}). */
  rateLimit: RateLimitOptions | false;
  /** Another base URL than the caller's `baseUrl` (a second host of the same provider). */
  baseUrl?: string;
}

/** One transport built from the common options and the provider's settings. */
export function createTransport(options: CommonConnectorOptions, settings: TransportSettings): HttpClient {
  const { defaultBaseUrl, baseUrl, ...rest } = settings;
  return new HttpClient({ ...transportOptions(options), ...rest, baseUrl: baseUrl ?? options.baseUrl ?? defaultBaseUrl });
}
