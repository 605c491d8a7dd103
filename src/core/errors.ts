/**
 * The error hierarchy. Every error the SDK throws extends {@link AtsError}; every message, URL and
 * body excerpt is redacted when the error is built (never later), so an error can be logged,
 * serialised or inspected without leaking a credential.
 * @module
 */
import { redactText, redactUrl } from './redact.js';

/** What every SDK error carries. */
export interface AtsErrorOptions {
  /** The provider (`'teamtailor'`, ...). */
  provider: string;
  /** What was being done (`'syncCandidates'`, `'GET /candidates'`, ...). */
  operation: string;
  /** Whether trying again later can succeed. */
  retryable?: boolean;
  /** Known secrets to scrub from the message. */
  secrets?: readonly string[];
  /** The underlying error, already redacted by the caller when it can carry secrets. */
  cause?: unknown;
}

/** The base class of every error thrown by unified-ats. */
export class AtsError extends Error {
  /** The provider the error came from. */
  readonly provider: string;
  /** The operation that failed. */
  readonly operation: string;
  /** Whether trying again later can succeed. */
  readonly retryable: boolean;

  constructor(message: string, options: AtsErrorOptions) {
    super(redactText(message, options.secrets), safeCause(options.cause, options.secrets));
    this.name = new.target.name;
    this.provider = options.provider;
    this.operation = options.operation;
    this.retryable = options.retryable ?? false;
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

/** Keeps only a redacted name and message of a cause, so no request object with headers survives. */
function safeCause(cause: unknown, secrets?: readonly string[]): { cause?: Error } | undefined {
  if (cause === undefined) return undefined;
  if (cause instanceof AtsError) return { cause };
  const source = cause instanceof Error ? cause : new Error(String(cause));
  const copy = new Error(redactText(source.message, secrets));
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
  copy.stack = `${copy.name}: ${copy.message}`;
  return { cause: copy };
}

/** 401 or 403: the credentials are wrong, expired, or lack a permission. */
export class AuthError extends AtsError {
  /** The HTTP status (401 or 403). */
  readonly status: number;
  /** Always true: the connection needs new or broader credentials. */
  readonly needsReauth = true;
  constructor(message: string, options: AtsErrorOptions & { status: number }) {
    super(message, { ...options, retryable: false });
    this.status = options.status;
  }
}

/** 404 or 410: the record does not exist (any more). */
export class NotFoundError extends AtsError {
  /** The HTTP status (404 or 410). */
  readonly status: number;
  constructor(message: string, options: AtsErrorOptions & { status?: number }) {
    super(message, { ...options, retryable: false });
    this.status = options.status ?? 404;
  }
}

/** The provider's rate limit was hit and the wait is longer than the SDK sleeps for. */
export class RateLimitError extends AtsError {
  /** How long to wait before trying again, in milliseconds (null when the provider did not say). */
  readonly retryAfterMs: number | null;
  constructor(message: string, options: AtsErrorOptions & { retryAfterMs: number | null }) {
    super(message, { ...options, retryable: true });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Details of an HTTP exchange that went wrong. */
export interface ProviderErrorOptions extends AtsErrorOptions {
  /** The HTTP status, or null when no response arrived. */
  status: number | null;
  /** The request URL (redacted here). */
  url?: string;
  /** The provider's request id header, when it sent one. */
  requestId?: string | null;
  /** The start of the response body (redacted and cut here). */
  body?: string;
}

/** The provider answered with a 5xx or something the SDK did not expect. */
export class ProviderError extends AtsError {
  /** The HTTP status, or null when no response arrived. */
  readonly status: number | null;
  /** The request URL, redacted. */
  readonly url: string | null;
  /** The provider's request id, when it sent one. */
  readonly requestId: string | null;
  /** The first 512 characters of the response body, redacted. */
  readonly bodyExcerpt: string | null;
  constructor(message: string, options: ProviderErrorOptions) {
    super(message, options);
    this.status = options.status;
    this.url = options.url ? redactUrl(options.url, options.secrets) : null;
    this.requestId = options.requestId ?? null;
    this.bodyExcerpt =
      options.body === undefined ? null : redactText(options.body.slice(0, 512), options.secrets);
  }
}

/** Retries ran out against a failing provider (5xx, resets...). */
export class ProviderUnavailableError extends ProviderError {
  /** How many attempts were made. */
  readonly attempts: number;
  /** The status of the last attempt, or null when it had no response. */
  readonly lastStatus: number | null;
  constructor(message: string, options: ProviderErrorOptions & { attempts: number }) {
    super(message, { ...options, retryable: true });
    this.attempts = options.attempts;
    this.lastStatus = options.status;
  }
}

/** A success status with a body that is not what the API speaks (an HTML login page on a 200). */
export class UnexpectedResponseError extends ProviderError {
  /** The response's content type. */
  readonly contentType: string | null;
  constructor(message: string, options: ProviderErrorOptions & { contentType: string | null }) {
    super(message, { ...options, retryable: true });
    this.contentType = options.contentType;
  }
}

/** The body claimed to be JSON but did not parse (malformed or cut off). */
export class ParseError extends ProviderError {}

/** The response was larger than the configured cap. */
export class ResponseTooLargeError extends ProviderError {
  /** The cap in bytes. */
  readonly limitBytes: number;
  constructor(message: string, options: ProviderErrorOptions & { limitBytes: number }) {
    super(message, { ...options, retryable: false });
    this.limitBytes = options.limitBytes;
  }
}

/** Pagination went round in a circle (a `next` link to a page already read) or past the page cap. */
export class PaginationLoopError extends ProviderError {}

/** The connection failed below HTTP (reset, refused, body shorter than its Content-Length). */
export class TransportError extends AtsError {
  /** The low-level error code (`ECONNRESET`, `UND_ERR_SOCKET`, ...), when known. */
  readonly code: string | null;
  constructor(message: string, options: AtsErrorOptions & { code?: string | null }) {
    super(message, { ...options, retryable: options.retryable ?? true });
    this.code = options.code ?? null;
  }
}

/** A timeout: while connecting, waiting for headers, or between body chunks. */
export class TimeoutError extends AtsError {
  /** Which phase timed out. */
  readonly phase: 'connect' | 'headers' | 'body' | 'total';
  constructor(message: string, options: AtsErrorOptions & { phase: TimeoutError['phase'] }) {
    super(message, { ...options, retryable: true });
    this.phase = options.phase;
  }
}

/** A zod issue, reduced to where it is and what is wrong: never the value. */
export interface IssueSummary {
  /** Path to the offending field. */
  path: (string | number)[];
  /** The zod issue code (`invalid_type`, ...). */
  code: string;
}

/** A provider payload (or a mapped record) failed its schema. Carries issue paths, never values. */
export class ValidationError extends AtsError {
  /** Where the payload was wrong. */
  readonly issues: IssueSummary[];
  /** The provider's id of the record, when known. */
  readonly remoteId: string | null;
  constructor(
    message: string,
    options: AtsErrorOptions & { issues: IssueSummary[]; remoteId?: string | null },
  ) {
    super(message, { ...options, retryable: false });
    this.issues = options.issues;
    this.remoteId = options.remoteId ?? null;
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
  readonly operationId: string;
  constructor(message: string, options: AtsErrorOptions & { operationId: string }) {
    super(message, { ...options, retryable: false });
    this.operationId = options.operationId;
  }
}

/** The connector was configured wrongly, or an action got input it cannot use. */
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
