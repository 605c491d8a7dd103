/**
 * The transport's settings with their defaults filled in.
 * @module
 */
import { ConfigError } from './errors.js';
import type { TimeoutOptions } from './http-types.js';
import { redactUrl } from './redact.js';

/** Largest JSON response accepted by default: 20 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
/** Default overall deadline of one attempt: 60 s (docs/decisions/0009-downloads-and-deadlines.md). */
export const DEFAULT_TOTAL_MS = 60_000;

/** Parses the base URL: absolute http(s), no credentials in it. */
export function parseBaseUrl(value: string, provider: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    if (url.username || url.password) throw new Error('userinfo');
    return url;
  } catch {
    throw new ConfigError(`baseUrl must be an absolute http(s) URL without credentials: ${redactUrl(value)}`, {
      provider,
      operation: 'createConnector',
    });
  }
}

/**
 * Fills in the timeouts: connect 10 s, headers 30 s, idle body 30 s, deadline 60 s. A number sets
 * headers and body (and caps connect at 10 s). The default deadline never undercuts a longer
 * phase timeout a caller chose (a 90 s headers timeout gets a 90 s deadline, not 60 s).
 */
export function resolveTimeouts(value: number | TimeoutOptions | undefined): Required<TimeoutOptions> {
  const phases =
    typeof value === 'number'
      ? { connectMs: Math.min(value, 10_000), headersMs: value, bodyMs: value }
      : { connectMs: value?.connectMs ?? 10_000, headersMs: value?.headersMs ?? 30_000, bodyMs: value?.bodyMs ?? 30_000 };
  const totalMs = (typeof value === 'object' ? value.totalMs : undefined) ?? Math.max(DEFAULT_TOTAL_MS, phases.headersMs, phases.bodyMs);
  return { ...phases, totalMs };
}
