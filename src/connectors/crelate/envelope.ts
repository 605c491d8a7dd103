/**
 * The `{ Data, Errors, Metadata }` envelope of every Crelate response (A.3), and the `classify`
 * hook that turns errors delivered inside a success status into typed errors (A.10: clients read
 * `Errors[].Message`; a 200 can carry them). Pure helpers; no I/O.
 *
 * Tags such as A.3 are defined in docs/connectors/sources/crelate.md.
 */
import { rawField } from '../../core/raw-fields.js';
import { AuthError, NotFoundError, ProviderError, RateLimitError, ValidationError, type AtsError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/http.js';
import { responseDetails } from '../../core/response-errors.js';
import { crelateDescriptor as descriptor } from './descriptor.js';
import { envelopeSchema } from './wire.js';

const PROVIDER = descriptor.provider;

/** The messages of a body's `Errors` array (empty when there are none or the body is not an envelope). */
export function envelopeErrors(body: unknown): string[] {
  const errors = rawField(body, 'Errors');
  if (!Array.isArray(errors)) return [];
  return errors.map((entry) => {
    const message = rawField(entry, 'Message');
    return typeof message === 'string' && message.trim() !== '' ? message : 'unspecified error';
  });
}

/** `Data` of an envelope; anything that is not an envelope is a typed error, never a crash. */
export function envelopeData(body: unknown, operation: string): unknown {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success || !Object.hasOwn(parsed.data, 'Data')) {
    throw new ValidationError('Crelate response is not a { Data, Errors, Metadata } envelope', {
      provider: PROVIDER,
      operation,
      issues: parsed.success ? [{ path: ['Data'], code: 'invalid_type' }] : parsed.error.issues.map((issue) => ({ path: issue.path.map(String), code: issue.code })),
    });
  }
  return parsed.data.Data;
}

/** The `Data` array of a list envelope (`null` is an empty list). */
export function listData(body: unknown, operation = 'list'): unknown[] {
  const data = envelopeData(body, operation);
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) {
    throw new ValidationError('Crelate list response has no Data array', { provider: PROVIDER, operation, issues: [{ path: ['Data'], code: 'invalid_type' }] });
  }
  return data;
}

/**
 * The list length the offset strategy stops at: 0 when `Metadata.MoreRecords` is false (so the
 * strategy stops at once), else `Metadata.TotalRecords` when it is a number, else unknown (the
 * list then ends on an empty page). Some clients read `TotalCount` instead (A.3).
 */
export function listTotal(body: unknown): number | null {
  const metadata = rawField(body, 'Metadata');
  if (!metadata) return null;
  if (rawField(metadata, 'MoreRecords') === false) return 0;
  const total = rawField(metadata, 'TotalRecords') ?? rawField(metadata, 'TotalCount');
  return typeof total === 'number' && Number.isFinite(total) ? total : null;
}

/**
 * The `classify` hook: a 2xx JSON body whose `Errors` is non-empty is a failure. The message picks
 * the class (INFERRED wording: no catalogue of Crelate messages exists); the rest are
 * `ProviderError`s carrying the status, the redacted URL and the first message.
 */
export function classifyEnvelope(secrets: readonly string[]) {
  return (response: HttpResponse, operation: string): AtsError | undefined => {
    const messages = envelopeErrors(response.body);
    if (messages.length === 0) return undefined;
    const first = messages[0] ?? 'unspecified error';
    const text = `Crelate reported an error inside a ${response.status} for ${operation}: ${first.slice(0, 200)}`;
    const base = { provider: PROVIDER, operation, secrets, ...responseDetails(response) };
    if (/not\s*found|does not exist|no such/i.test(first)) return new NotFoundError(text, { ...base, status: 404 });
    if (/unauthori[sz]ed|api key|not allowed|access denied|permission/i.test(first)) return new AuthError(text, { ...base, status: /permission|not allowed|denied/i.test(first) ? 403 : 401 });
    if (/too many requests|rate limit/i.test(first)) return new RateLimitError(text, { ...base, retryAfterMs: null });
    return new ProviderError(text, { ...base, retryable: false });
  };
}
