/**
 * The error hierarchy. Every error the SDK throws extends {@link AtsError}. Every string an error
 * carries (message, operation, URL, request id, headers, body excerpt, provider code, the `cause`
 * chain) is redacted in one pass when the error is built, never later, and cut only after it is
 * redacted: an error can be logged, serialised or inspected without leaking a credential.
 * @module
 */
import { redactAndCut, redactHeaders, redactText, redactUrl } from './redact.js';

/** What every SDK error carries. */
export interface AtsErrorOptions {
  /** The provider (`'teamtailor'`, ...). */
  provider: string;
  /** What was being done (`'syncCandidates'`, `'GET /candidates'`, ...). */
  operation: string;
  /** Whether trying again later can succeed. */
  retryable?: boolean;
  /** Known secrets to scrub from every string of the error. */
  secrets?: readonly string[];
  /** The underlying error; it is copied with its strings redacted. */
  cause?: unknown;
}

/** What the provider answered, for errors built from a response. Redacted and cut by the error. */
export interface ResponseDetails {
  /** The HTTP status, or null when no response arrived. */
  status?: number | null;
  /** The request URL. */
  url?: string | null;
  /** The provider's request id header, when it sent one. */
  requestId?: string | null;
  /** The response headers (lower-cased names). */
  headers?: Readonly<Record<string, string>> | null;
  /** The response body (its start is kept). */
  body?: string | null;
  /** The provider's own error code, when its body has one (`invalid_api_key`, `RECORD_NOT_FOUND`). */
  code?: string | null;
}

/** The fields of every error built from a provider's answer (like stripe-node's errors). */
export interface ResponseErrorFields {
  /** The HTTP status, or null when no response arrived. */
  readonly status: number | null;
  /** The request URL, redacted. */
  readonly url: string | null;
  /** The provider's request id, redacted (a proxy may echo a header into it). */
  readonly requestId: string | null;
  /** The response headers, credential headers masked and the rest redacted; null without a response. */
  readonly headers: Readonly<Record<string, string>> | null;
  /** The provider's own error code from the body, redacted, or null. */
  readonly code: string | null;
  /** The first 512 characters of the response body, redacted before the cut. */
  readonly bodyExcerpt: string | null;
}

/** Longest body excerpt kept on an error. */
const MAX_BODY_EXCERPT = 512;
/** Longest provider error code kept on an error. */
const MAX_CODE = 100;
/** Longest request id kept on an error. */
const MAX_REQUEST_ID = 200;
/** How many `cause` links are kept (copied and redacted). */
const MAX_CAUSE_DEPTH = 5;
/** How deep a field's plain objects and arrays are redacted. */
const MAX_FIELD_DEPTH = 6;

/** The base class of every error thrown by unified-ats. */
export class AtsError extends Error {
  /** The provider the error came from. */
  readonly provider: string;
  /** The operation that failed. */
  readonly operation: string;
  /** Whether trying again later can succeed. */
  readonly retryable: boolean;

  /**
   * @param message what went wrong (redacted here)
   * @param options provider, operation, secrets, cause
   * @param fields the subclass's own fields: assigned here, after the same redaction, so no field
   *   can be added without being redacted
   */
  constructor(message: string, options: AtsErrorOptions, fields: Record<string, unknown> = {}) {
    const secrets = options.secrets ?? [];
    super(redactText(message, secrets), safeCause(options.cause, secrets));
    this.name = new.target.name;
    this.provider = options.provider;
    this.operation = redactText(options.operation, secrets);
    this.retryable = options.retryable ?? false;
    for (const [key, value] of Object.entries(fields)) {
      Object.defineProperty(this, key, { value: redactField(key, value, secrets), enumerable: true, writable: false, configurable: true });
    }
  }

  /** A plain, redacted object for logs and JSON. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause') out[key] = value;
    }
    return out;
  }
}

/** The response fields of a subclass, from its options. */
function responseFields(options: ResponseDetails, defaultStatus: number | null = null): Record<string, unknown> {
  return {
    status: options.status ?? defaultStatus,
    url: options.url ?? null,
    requestId: options.requestId ?? null,
    headers: options.headers ?? null,
    code: options.code ?? null,
    bodyExcerpt: options.body ?? null,
  };
}

/** Redacts one field by what it holds. */
function redactField(key: string, value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (key === 'url') return redactUrl(value, secrets);
    if (key === 'bodyExcerpt') return redactAndCut(value, MAX_BODY_EXCERPT, secrets);
    if (key === 'code') return redactAndCut(value, MAX_CODE, secrets);
    if (key === 'requestId') return redactAndCut(value, MAX_REQUEST_ID, secrets);
    return redactText(value, secrets);
  }
  if (key === 'headers' && typeof value === 'object' && depth === 0) {
    return Object.freeze(redactHeaders(value as Record<string, string>, secrets));
  }
  if (depth >= MAX_FIELD_DEPTH) return typeof value === 'object' ? '[truncated]' : value;
  if (Array.isArray(value)) return value.map((item) => redactField('', item, secrets, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) out[redactText(name, secrets)] = redactField(name, item, secrets, depth + 1);
    return out;
  }
  return value;
}

/**
 * The cause, with every string redacted: an `AtsError` cause is redacted again in place with this
 * error's secrets (it may have been built without them); any other error is copied (name, message,
 * code, its own cause), so no request object with headers survives.
 */
function safeCause(cause: unknown, secrets: readonly string[], depth = 0): { cause?: Error } | undefined {
  if (cause === undefined || depth >= MAX_CAUSE_DEPTH) return undefined;
  if (cause instanceof AtsError) {
    if (secrets.length > 0) redactInPlace(cause, secrets, depth);
    return { cause };
  }
  const source = cause instanceof Error ? cause : new Error(String(cause));
  const copy = new Error(redactText(source.message, secrets), safeCause((source as { cause?: unknown }).cause, secrets, depth + 1));
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
  copy.stack = `${copy.name}: ${copy.message}`;
  return { cause: copy };
}

/** Redacts an existing `AtsError` (and its causes) again with more secrets. */
function redactInPlace(error: AtsError, secrets: readonly string[], depth: number): void {
  const writable = error as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause' || key === 'provider') continue;
    Object.defineProperty(error, key, { value: redactField(key, value, secrets), enumerable: true, writable: false, configurable: true });
  }
  writable.message = redactText(error.message, secrets);
  if (typeof error.stack === 'string') writable.stack = redactText(error.stack, secrets);
  const inner = (error as { cause?: unknown }).cause;
  if (inner instanceof AtsError && depth + 1 < MAX_CAUSE_DEPTH) redactInPlace(inner, secrets, depth + 1);
  else if (inner !== undefined) Object.defineProperty(error, 'cause', { value: safeCause(inner, secrets, depth + 1)?.cause, enumerable: false, writable: true, configurable: true });
}

/** 401 or 403: the credentials are wrong, expired, or lack a permission. */
export class AuthError extends AtsError implements ResponseErrorFields {
  /** The HTTP status (401 or 403). */
  declare readonly status: number;
  declare readonly url: string | null;
  declare readonly requestId: string | null;
  declare readonly headers: Readonly<Record<string, string>> | null;
  declare readonly code: string | null;
  declare readonly bodyExcerpt: string | null;
  /** Always true: the connection needs new or broader credentials. */
  declare readonly needsReauth: true;
  constructor(message: string, options: AtsErrorOptions & ResponseDetails & { status: number }) {
    super(message, { ...options, retryable: false }, { ...responseFields(options), needsReauth: true });
  }
}

/** 404 or 410: the record does not exist (any more). */
export class NotFoundError extends AtsError implements ResponseErrorFields {
  /** The HTTP status (404 or 410; 404 when the record was found missing another way). */
  declare readonly status: number;
  declare readonly url: string | null;
  declare readonly requestId: string | null;
  declare readonly headers: Readonly<Record<string, string>> | null;
  declare readonly code: string | null;
  declare readonly bodyExcerpt: string | null;
  constructor(message: string, options: AtsErrorOptions & ResponseDetails) {
    super(message, { ...options, retryable: false }, responseFields(options, 404));
  }
}

/**
 * The provider's rate limit was hit (or the client-side limiter holds a pause) and the wait is
 * longer than the SDK may sleep for: past `retry.maxRetryAfterMs` or `retry.maxRetryTimeMs`, or
 * with `retry.maxRetries: 0`.
 */
export class RateLimitError extends AtsError implements ResponseErrorFields {
  /** How long to wait before trying again, in milliseconds (null when the provider did not say). */
  declare readonly retryAfterMs: number | null;
  /** 429 (or the status the provider used); null when the pause came from the limiter. */
  declare readonly status: number | null;
  declare readonly url: string | null;
  declare readonly requestId: string | null;
  declare readonly headers: Readonly<Record<string, string>> | null;
  declare readonly code: string | null;
  declare readonly bodyExcerpt: string | null;
  constructor(message: string, options: AtsErrorOptions & ResponseDetails & { retryAfterMs: number | null }) {
    super(message, { ...options, retryable: true }, { ...responseFields(options), retryAfterMs: options.retryAfterMs });
  }
}

/** Details of an HTTP exchange that went wrong. */
export interface ProviderErrorOptions extends AtsErrorOptions, ResponseDetails {
  /** The HTTP status, or null when no response arrived. */
  status: number | null;
}

/** The provider answered with a 5xx or something the SDK did not expect. */
export class ProviderError extends AtsError implements ResponseErrorFields {
  declare readonly status: number | null;
  declare readonly url: string | null;
  declare readonly requestId: string | null;
  declare readonly headers: Readonly<Record<string, string>> | null;
  declare readonly code: string | null;
  declare readonly bodyExcerpt: string | null;
  constructor(message: string, options: ProviderErrorOptions, fields: Record<string, unknown> = {}) {
    super(message, options, { ...responseFields(options), ...fields });
  }
}

/** Retries ran out against a failing provider (5xx, resets...). */
export class ProviderUnavailableError extends ProviderError {
  /** How many attempts were made. */
  declare readonly attempts: number;
  /** The status of the last attempt, or null when it had no response. */
  declare readonly lastStatus: number | null;
  constructor(message: string, options: ProviderErrorOptions & { attempts: number }) {
    super(message, { ...options, retryable: true }, { attempts: options.attempts, lastStatus: options.status });
  }
}

/** A success status with a body that is not what the API speaks (an HTML login page on a 200). */
export class UnexpectedResponseError extends ProviderError {
  /** The response's content type. */
  declare readonly contentType: string | null;
  constructor(message: string, options: ProviderErrorOptions & { contentType: string | null }) {
    super(message, { ...options, retryable: true }, { contentType: options.contentType });
  }
}

/** The body claimed to be JSON but did not parse (malformed or cut off). */
export class ParseError extends ProviderError {}

/** The response was larger than the configured cap. */
export class ResponseTooLargeError extends ProviderError {
  /** The cap in bytes. */
  declare readonly limitBytes: number;
  constructor(message: string, options: ProviderErrorOptions & { limitBytes: number }) {
    super(message, { ...options, retryable: false }, { limitBytes: options.limitBytes });
  }
}

/** Pagination went round in a circle (a `next` link to a page already read) or past the page cap. */
export class PaginationLoopError extends ProviderError {}

/** The connection failed below HTTP (reset, refused, body shorter than its Content-Length). */
export class TransportError extends AtsError {
  /** The low-level error code (`ECONNRESET`, `UND_ERR_SOCKET`, ...), when known. */
  declare readonly code: string | null;
  constructor(message: string, options: AtsErrorOptions & { code?: string | null }) {
    super(message, { ...options, retryable: options.retryable ?? true }, { code: options.code ?? null });
  }
}

/** A timeout: while connecting, waiting for headers, or between body chunks. */
export class TimeoutError extends AtsError {
  /** Which phase timed out (`total`: the overall deadline of one attempt or download). */
  declare readonly phase: 'connect' | 'headers' | 'body' | 'total';
  constructor(message: string, options: AtsErrorOptions & { phase: TimeoutError['phase'] }) {
    super(message, { ...options, retryable: true }, { phase: options.phase });
  }
}

/** A zod issue, reduced to where it is and what is wrong: never the value. */
export interface IssueSummary {
  /** Path to the offending field. */
  path: (string | number)[];
  /** The zod issue code (`invalid_type`, ...). */
  code: string;
}

/** Where the refused data came from. */
export type ValidationSource = 'input' | 'provider';

/** Options of a {@link ValidationError}. */
export interface ValidationErrorOptions extends AtsErrorOptions {
  /** Where the data was wrong (issue paths and codes, never values). */
  issues: IssueSummary[];
  /** The provider's id of the record, when known. */
  remoteId?: string | null;
  /** `'provider'` (default): a provider payload failed its schema; `'input'`: the caller's input was refused. */
  source?: ValidationSource;
  /** The first offending field (`'application_id'`, `'attachment.url'`, `'since'`), when known. */
  field?: string | null;
  /** Why it was refused, in words, without the value (`'unknown key stageId; did you mean stage_id?'`). */
  reason?: string | null;
}

/**
 * Data failed its schema: a provider payload (`source: 'provider'`, a record or response the SDK
 * cannot use) or the caller's input (`source: 'input'`: an action input, an id, `since`). Carries
 * issue paths and a reason, never values.
 */
export class ValidationError extends AtsError {
  /** Where the data was wrong. */
  declare readonly issues: IssueSummary[];
  /** The provider's id of the record, when known. */
  declare readonly remoteId: string | null;
  /** Whether the caller's input (`'input'`) or the provider's data (`'provider'`) was refused. */
  declare readonly source: ValidationSource;
  /** The first offending field, when known. */
  declare readonly field: string | null;
  /** Why it was refused, without the value. */
  declare readonly reason: string | null;
  constructor(message: string, options: ValidationErrorOptions) {
    super(message, { ...options, retryable: false }, {
      issues: options.issues,
      remoteId: options.remoteId ?? null,
      source: options.source ?? 'provider',
      field: options.field ?? null,
      reason: options.reason ?? null,
    });
  }
}

/** The provider cannot do this (a model it lacks, an action its API has no endpoint for). */
export class UnsupportedError extends AtsError {
  constructor(message: string, options: AtsErrorOptions) {
    super(message, { ...options, retryable: false });
  }
}

/**
 * A write failed after its body may have reached the provider (a timeout or reset after sending):
 * it may or may not have happened. Look it up before trying again.
 */
export class AmbiguousWriteError extends AtsError {
  /** The id given to this write before its first attempt. */
  declare readonly operationId: string;
  constructor(message: string, options: AtsErrorOptions & { operationId: string }) {
    super(message, { ...options, retryable: false }, { operationId: options.operationId });
  }
}

/** The connector was configured wrongly (its options); caller input to a method is a `ValidationError`. */
export class ConfigError extends AtsError {
  constructor(message: string, options: AtsErrorOptions) {
    super(message, { ...options, retryable: false });
  }
}

/**
 * The provider refused to create a record because it already has one (a candidate with that
 * email). Carries the existing record's ids when the provider tells them (or the connector could
 * look them up), so the caller can reuse it instead of creating a second one.
 */
export class DuplicateError extends AtsError {
  /** The HTTP status of the refusal (400, 409, 422...), or null when it did not come from HTTP. */
  readonly status: number | null;
  /** The kind of record that exists (`'candidate'`). */
  readonly kind: string;
  /** The unified id of the existing record, or null when unknown. */
  readonly existingId: string | null;
  /** The provider's id of the existing record, or null when unknown. */
  readonly existingRemoteId: string | null;
  constructor(
    message: string,
    options: AtsErrorOptions & { status?: number | null; kind: string; existingId?: string | null; existingRemoteId?: string | null },
  ) {
    super(message, { ...options, retryable: false });
    this.status = options.status ?? null;
    this.kind = options.kind;
    this.existingId = options.existingId ?? null;
    this.existingRemoteId = options.existingRemoteId ?? null;
  }
}
