/**
 * The typed errors of webhook intake. Each carries the HTTP status a handler should answer with,
 * and a short machine-readable reason; none carries the secret, a signature or the body.
 * @module
 */
import { AtsError } from '../core/errors.js';

/** Why a request was not accepted as authentic. */
export type WebhookVerificationReason =
  | 'missing_signature'
  | 'malformed_signature'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'replayed'
  | 'legacy_signature_disabled'
  | 'missing_token'
  | 'bad_token'
  | 'not_raw_body';

/**
 * The request is not provably from the provider: no or a wrong signature or token, a timestamp
 * outside the window, a replay, or a body that is no longer the raw bytes (`not_raw_body`: parsed
 * JSON was passed, which cannot be verified).
 */
export class WebhookVerificationError extends AtsError {
  /** What failed. */
  readonly reason: WebhookVerificationReason;
  /** The status to answer: 401, 409 for a replay, 500 for `not_raw_body` (a server set-up error). */
  readonly status: number;
  constructor(message: string, options: { provider: string; reason: WebhookVerificationReason; secrets?: readonly string[] }) {
    super(message, { provider: options.provider, operation: 'verifyWebhook', retryable: false, secrets: options.secrets });
    this.reason = options.reason;
    this.status = options.reason === 'replayed' ? 409 : options.reason === 'not_raw_body' ? 500 : 401;
  }
}

/** Why a payload was refused. */
export type WebhookPayloadReason = 'too_large' | 'malformed_json' | 'not_an_object' | 'other_account' | 'timeout';

/**
 * The body cannot be taken: over the size cap, not JSON, not an object, too slow to arrive, or an
 * event for another account than this endpoint serves.
 */
export class WebhookPayloadError extends AtsError {
  /** What is wrong. */
  readonly reason: WebhookPayloadReason;
  /** The status to answer: 413 (too large), 408 (timeout) or 400. */
  readonly status: number;
  /** The size cap in bytes (for `too_large`). */
  readonly limitBytes: number | null;
  constructor(message: string, options: { provider: string; reason: WebhookPayloadReason; limitBytes?: number; operation?: string }) {
    super(message, { provider: options.provider, operation: options.operation ?? 'parseWebhook', retryable: false });
    this.reason = options.reason;
    this.status = options.reason === 'too_large' ? 413 : options.reason === 'timeout' ? 408 : 400;
    this.limitBytes = options.limitBytes ?? null;
  }
}
