/**
 * `parseWebhook`: a verified webhook body → typed events. Bodies that are valid JSON but not a
 * known event become `unknown` events carrying the body: never dropped, never a crash.
 * @module
 */
import { WebhookPayloadError } from './errors.js';
import type { WebhookEvent } from './types.js';
import { parseCrelate } from './parse-crelate.js';
import { parseFlatchr } from './parse-flatchr.js';
import { parseTeamtailor } from './parse-teamtailor.js';
import { webhookProvider } from './support.js';
import { DEFAULT_MAX_BODY_BYTES } from './verify.js';

/** Options of {@link parseWebhook}. */
export interface ParseWebhookOptions {
  /** When the request arrived: `occurred_at` of events whose payload has no time of its own. */
  receivedAt?: Date | number | string;
  /** Your connection id, copied into every event (`connection_id`). */
  connectionId?: string;
  /** Largest body accepted, in bytes (default 1 MB). */
  maxBodyBytes?: number;
}

/**
 * Turns a webhook body into typed events (most providers send one event per body). `body` is the
 * raw body (bytes or text) or the JSON you already parsed *after* verifying it.
 *
 * Throws {@link WebhookPayloadError} for a body over the cap, malformed JSON, or JSON that is not an
 * object; `UnsupportedError` for Gem and Jarvi; never for an unexpected event.
 */
export function parseWebhook(provider: string, body: unknown, options: ParseWebhookOptions = {}): WebhookEvent[] {
  const name = webhookProvider(provider, 'parseWebhook');
  const json = toJson(name, body, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  const receivedAt = options.receivedAt === undefined ? null : new Date(options.receivedAt).toISOString();
  const events =
    name === 'teamtailor'
      ? parseTeamtailor(json as Record<string, unknown>, receivedAt)
      : name === 'flatchr'
        ? parseFlatchr(json as Record<string, unknown>, receivedAt)
        : parseCrelate(json, receivedAt);
  if (options.connectionId !== undefined) for (const event of events) event.connection_id = options.connectionId;
  return events;
}

function toJson(provider: string, body: unknown, maxBodyBytes: number): Record<string, unknown> | unknown[] {
  let value = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
    if (size > maxBodyBytes) throw new WebhookPayloadError(`The webhook body is larger than ${maxBodyBytes} bytes.`, { provider, reason: 'too_large', limitBytes: maxBodyBytes });
    const text = (typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')).replace(/^\uFEFF/, '');
    try {
      value = JSON.parse(text);
    } catch {
      // The parser's message quotes the body, which may hold personal data: say only what is wrong.
      throw new WebhookPayloadError('The webhook body is not valid JSON.', { provider, reason: 'malformed_json' });
    }
  }
  if (value === null || typeof value !== 'object') throw new WebhookPayloadError('The webhook body is not a JSON object.', { provider, reason: 'not_an_object' });
  if (Array.isArray(value) && provider !== 'crelate') throw new WebhookPayloadError('The webhook body is a JSON list, not an object.', { provider, reason: 'not_an_object' });
  return value as Record<string, unknown> | unknown[];
}
