/**
 * The one factory from an HTTP answer (status, headers, body) to an error class. Connectors may
 * add a `classify` hook for provider quirks (errors inside a 200, a 403 that means "rate limited"),
 * but the table below is the default for every provider.
 */
import {
  AtsError,
  AuthError,
  NotFoundError,
  ProviderError,
  RateLimitError,
} from './errors.js';
import { parseRetryAfter } from './retry-policy.js';

/** What the factory needs to know about one exchange. */
export interface ResponseContext {
  provider: string;
  operation: string;
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  requestId: string | null;
  secrets: readonly string[];
  now?: () => number;
}

/** Statuses that are worth another attempt (reliability.md §3). */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Builds the typed error for a non-success response. */
export function errorFromResponse(context: ResponseContext): AtsError {
  const { provider, operation, status, secrets } = context;
  const detail = describeBody(context.body);
  const base = { provider, operation, secrets };
  const where = `${context.method} ${context.url}`;
  if (status === 401 || status === 403) {
    const what = status === 401 ? 'rejected the credentials' : 'denied permission';
    return new AuthError(`${provider} ${what} (${status}) for ${where}${detail}`, { ...base, status });
  }
  if (status === 404 || status === 410) {
    return new NotFoundError(`${provider} has no such record (${status}) for ${where}${detail}`, {
      ...base,
      status,
    });
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(context.headers['retry-after'], context.headers.date, context.now);
    const wait = retryAfterMs === null ? '' : ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)`;
    return new RateLimitError(`${provider} rate limit reached${wait} for ${where}`, {
      ...base,
      retryAfterMs,
    });
  }
  return new ProviderError(`${provider} answered ${status} for ${where}${detail}`, {
    ...base,
    retryable: RETRYABLE_STATUSES.has(status),
    status,
    url: context.url,
    requestId: context.requestId,
    body: context.body,
  });
}

/** A short human summary of an error body: JSON:API `errors[].detail`, `message`, or the text. */
function describeBody(body: string): string {
  if (!body) return '';
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const errors = parsed.errors ?? parsed.Errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const first = errors[0] as Record<string, unknown>;
      const text = first.detail ?? first.title ?? first.message ?? first.Message;
      if (typeof text === 'string') return `: ${text.slice(0, 200)}`;
    }
    for (const key of ['message', 'error', 'detail', 'Message']) {
      if (typeof parsed[key] === 'string') return `: ${(parsed[key] as string).slice(0, 200)}`;
    }
  } catch {
    // not JSON; fall through to a plain excerpt
  }
  return `: ${body.replace(/\s+/g, ' ').slice(0, 120)}`;
}
