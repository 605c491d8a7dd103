/**
 * Options every connector factory takes, with the same names everywhere.
 */
import type { Dispatcher } from 'undici';
import type { DownloadOptions } from '../../core/download.js';
import type { TimeoutOptions } from '../../core/http.js';
import type { Logger } from '../../core/logger.js';
import type { LimiterFactory, RateLimitOptions } from '../../core/rate-limit.js';
import type { RetryOptions } from '../../core/retry-policy.js';

/** Options shared by every `create*Connector` factory. */
export interface CommonConnectorOptions {
  /** Replaces the documented base URL, including its path prefix (region, sandbox, tests). */
  baseUrl?: string;
  /** Request timeouts in ms; a number sets the headers and body timeouts. */
  timeoutMs?: number | TimeoutOptions;
  /** Retry policy overrides. */
  retry?: RetryOptions;
  /** Client-side rate limit; defaults to the provider's documented limit. `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Builds the rate limiter of each of the connector's transports (default: an in-memory limiter
   * per connector instance). Pass a shared one (the fleet's) to hold one budget per credential
   * across processes.
   */
  limiter?: LimiterFactory;
  /** Structured logger; the SDK never logs a credential. */
  logger?: Logger;
  /** An undici dispatcher (a proxy agent, a MockAgent) instead of the connector's pooled Agent. */
  dispatcher?: Dispatcher;
  /** A private CA for TLS (a self-hosted or test server). */
  tls?: { ca?: string | Buffer };
  /** Largest JSON response accepted, in bytes (default 20 MB). */
  maxResponseBytes?: number;
  /**
   * Attachment files: size cap (default 50 MB, downloads and uploads), deadline (default 5 min),
   * and which networks a provider's file URL may reach (by default no loopback, private,
   * link-local or cloud metadata address: `allowPrivateNetwork` or `allowHosts` opt in).
   */
  downloads?: DownloadOptions;
}

/** The transport settings of the common options, as `HttpClient` takes them. */
export function transportOptions(options: CommonConnectorOptions) {
  return {
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    logger: options.logger,
    dispatcher: options.dispatcher,
    tls: options.tls,
    maxResponseBytes: options.maxResponseBytes,
    limiter: options.limiter,
    downloads: options.downloads,
  };
}

/** The fields of `capabilities` that come straight from a connector's descriptor. */
export function descriptorCapabilities(
  descriptor: { provider: string; pageSize: number; lookbackMs: number },
  rateLimit: { requests: number; intervalMs: number } | null,
) {
  return {
    provider: descriptor.provider,
    page_size: descriptor.pageSize,
    rate_limit: rateLimit ? { requests: rateLimit.requests, interval_ms: rateLimit.intervalMs } : null,
    delta_lookback_ms: descriptor.lookbackMs,
  };
}
