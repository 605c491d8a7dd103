/**
 * The one factory from an HTTP answer (status, headers, body) to an error class. Connectors may
 * add a `classify` hook for provider quirks (errors inside a 200, a 403 that means "rate limited"),
 * but the table below is the default for every provider. Every error built here carries the
 * status, the redacted URL, request id and headers, the provider's own error code when the body
 * has one, and the start of the body.
 */
import {
  AtsError,
  AuthError,
  NotFoundError,
  ProviderError,
  RateLimitError,
  type ResponseDetails,
} from './errors.js';
import { redactAndCut, redactUrl } from './redact.js';
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

/** Statuses that are worth another attempt (408, 429 and the transient 5xx). */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Longest provider message quoted in an error message (cut after redaction). */
const MAX_DETAIL = 200;

/** Builds the typed error for a non-success response. */
export function errorFromResponse(context: ResponseContext): AtsError {
  const { provider, operation, status, secrets } = context;
  const parsed = parseJson(context.body);
  const detail = describeBody(context.body, parsed, secrets);
  const base = {
    provider,
    operation,
    secrets,
    status,
    url: context.url,
    requestId: context.requestId,
    headers: context.headers,
    body: context.body,
    code: providerErrorCode(parsed),
  };
  const where = `${context.method} ${redactUrl(context.url, secrets)}`;
  if (status === 401 || status === 403) {
    const what = status === 401 ? 'rejected the credentials' : 'denied permission';
    return new AuthError(`${provider} ${what} (${status}) for ${where}${detail}`, base);
  }
  if (status === 404 || status === 410) {
    return new NotFoundError(`${provider} has no such record (${status}) for ${where}${detail}`, base);
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(context.headers['retry-after'], context.headers.date, context.now);
    const wait = retryAfterMs === null ? '' : ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)`;
    return new RateLimitError(`${provider} rate limit reached${wait} for ${where}`, { ...base, retryAfterMs });
  }
  return new ProviderError(`${provider} answered ${status} for ${where}${detail}`, {
    ...base,
    retryable: RETRYABLE_STATUSES.has(status),
  });
}

/**
 * The response details of a success that a connector still turns into an error (an error inside
 * a 200): spread them into the error's options.
 */
export function responseDetails(response: {
  status: number;
  url: string;
  requestId: string | null;
  headers: Record<string, string>;
  body?: unknown;
}): ResponseDetails & { status: number } {
  const body = response.body === undefined ? null : typeof response.body === 'string' ? response.body : safeStringify(response.body);
  return {
    status: response.status,
    url: response.url,
    requestId: response.requestId,
    headers: response.headers,
    body,
    code: providerErrorCode(typeof response.body === 'string' ? parseJson(response.body) : response.body),
  };
}

/**
 * The provider's own error code, where common API shapes put it: `code`, `error_code`,
 * `errorCode`, `error.code` (Stripe style), `errors[0].code` (JSON:API), `Errors[0].Code`.
 * Numbers become strings; anything else is null.
 */
export function providerErrorCode(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  const errors = record.errors ?? record.Errors;
  const first = Array.isArray(errors) && errors[0] !== null && typeof errors[0] === 'object' ? (errors[0] as Record<string, unknown>) : null;
  const nested = record.error !== null && typeof record.error === 'object' ? (record.error as Record<string, unknown>) : null;
  for (const value of [record.code, record.error_code, record.errorCode, nested?.code, first?.code, first?.Code]) {
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return null;
}

function parseJson(body: string): unknown {
  if (!body) return null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}

function safeStringify(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}

/**
 * A short human summary of an error body: JSON:API `errors[].detail`, `message`, or the text.
 * Redacted before it is cut, so a secret straddling the cut is never half kept.
 */
function describeBody(body: string, parsed: unknown, secrets: readonly string[]): string {
  if (!body) return '';
  const cut = (text: string) => `: ${redactAndCut(text, MAX_DETAIL, secrets)}`;
  if (parsed !== null && typeof parsed === 'object') {
    const record = parsed as Record<string, unknown>;
    const errors = record.errors ?? record.Errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const first = (errors[0] ?? {}) as Record<string, unknown>;
      const text = first.detail ?? first.title ?? first.message ?? first.Message;
      if (typeof text === 'string') return cut(text);
    }
    for (const key of ['message', 'error', 'detail', 'Message']) {
      if (typeof record[key] === 'string') return cut(record[key] as string);
    }
  }
  return `: ${redactAndCut(body.replace(/\s+/g, ' '), 120, secrets)}`;
}
