/**
 * `verifyWebhook`: proves a request comes from the provider before anything reads its content.
 * @module
 */
import { ConfigError } from '../core/errors.js';
import { WebhookPayloadError, WebhookVerificationError } from './errors.js';
import type { ReplayGuard } from './replay-guard.js';
import { DEFAULT_TOKEN_HEADER, DEFAULT_TOKEN_QUERY_PARAMETER, MIN_SHARED_SECRET_LENGTH, verifySharedSecret } from './shared-secret.js';
import { webhookProvider, webhookSupport } from './support.js';
import { verifyTeamtailor } from './teamtailor-signature.js';
import type { VerifiedWebhook, WebhookRequest } from './types.js';

/** How far a signed timestamp may be from this server's clock, in seconds, by default (5 minutes). */
export const DEFAULT_TOLERANCE_SEC = 300;
/** The largest body accepted by default: 1 MB (real payloads are a few kB). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** Largest distance between a signed timestamp and now, in seconds (default 300, both ways). */
  toleranceSec?: number;
  /** The clock in epoch ms (default `Date.now`). */
  now?: () => number;
  /** Refuses a signed request seen before inside the window (default: none; the handler has one). */
  replayGuard?: ReplayGuard | null;
  /** Accept Teamtailor's legacy v1 signature, which does not cover the body (default false). */
  allowLegacySignature?: boolean;
  /** Query parameter holding the token, for shared-secret providers (default `token`). */
  tokenQueryParameter?: string;
  /** Header holding the token, for shared-secret providers (default `X-Webhook-Token`). */
  tokenHeader?: string;
  /** Largest body accepted, in bytes (default 1 MB). */
  maxBodyBytes?: number;
}

/**
 * Checks that a webhook request comes from `provider`: its signature (Teamtailor) or the shared
 * secret token (Flatchr, Crelate, which do not sign). Pass the body exactly as received.
 * `secret` may list several secrets while you rotate them.
 *
 * Throws {@link WebhookVerificationError} (with `reason` and the `status` to answer),
 * {@link WebhookPayloadError} for a body over the cap, `UnsupportedError` for Gem and Jarvi
 * (no webhooks), and `ConfigError` for a missing or too short secret.
 */
export function verifyWebhook(provider: string, request: WebhookRequest, secret: string | readonly string[], options: VerifyWebhookOptions = {}): VerifiedWebhook {
  const name = webhookProvider(provider, 'verifyWebhook');
  const secrets = checkSecrets(name, secret);
  const rawBody = rawBytes(name, request.rawBody, secrets);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (rawBody.length > maxBodyBytes) {
    throw new WebhookPayloadError(`The webhook body is larger than ${maxBodyBytes} bytes.`, { provider: name, reason: 'too_large', limitBytes: maxBodyBytes, operation: 'verifyWebhook' });
  }
  if (webhookSupport[name].scheme === 'hmac-signature') {
    return verifyTeamtailor({
      headers: request.headers,
      rawBody,
      secrets,
      toleranceSec: options.toleranceSec ?? DEFAULT_TOLERANCE_SEC,
      nowMs: (options.now ?? Date.now)(),
      allowLegacySignature: options.allowLegacySignature ?? false,
      replayGuard: options.replayGuard ?? null,
      recordId: () => legacyRecordId(rawBody),
    });
  }
  return verifySharedSecret({
    provider: name,
    headers: request.headers,
    url: request.url,
    secrets,
    queryParameter: options.tokenQueryParameter ?? DEFAULT_TOKEN_QUERY_PARAMETER,
    header: options.tokenHeader ?? DEFAULT_TOKEN_HEADER,
  });
}

function checkSecrets(provider: string, secret: string | readonly string[]): string[] {
  const secrets = typeof secret === 'string' ? [secret] : [...(Array.isArray(secret) ? secret : [])];
  if (secrets.length === 0 || secrets.some((entry) => typeof entry !== 'string' || entry === '')) {
    throw new ConfigError('A webhook secret is required (a non-empty string, or a list of them while rotating).', { provider, operation: 'verifyWebhook' });
  }
  if (webhookSupport[provider as keyof typeof webhookSupport].scheme === 'shared-secret' && secrets.some((entry) => entry.length < MIN_SHARED_SECRET_LENGTH)) {
    throw new ConfigError(`${provider} does not sign webhooks, so the URL token is the only check: use a random secret of at least ${MIN_SHARED_SECRET_LENGTH} characters.`, { provider, operation: 'verifyWebhook', secrets });
  }
  return secrets;
}

/** The body as bytes; anything but bytes or text (a parsed object) cannot be verified. */
function rawBytes(provider: string, body: unknown, secrets: readonly string[]): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new WebhookVerificationError(
    `rawBody must be the request body as received (a Buffer or its text), not ${body === null ? 'null' : typeof body}: a parsed and re-serialised body no longer matches its signature. With Express use express.raw({ type: 'application/json' }) on this route.`,
    { provider, reason: 'not_raw_body', secrets },
  );
}

/** `payload.data.id` of a Teamtailor body, for the legacy signature. */
function legacyRecordId(rawBody: Buffer): string | null {
  try {
    const id = (JSON.parse(rawBody.toString('utf8')) as { payload?: { data?: { id?: unknown } } } | null)?.payload?.data?.id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  } catch {
    return null;
  }
}
