/**
 * Teamtailor's `TT-Signature` header on company webhooks.
 *
 * - v2 (Teamtailor's recommendation): the header is Base64 of `t=<unix seconds>,v2=<hex>`, where
 *   `<hex>` is HMAC-SHA256, keyed with the webhook's signature key, over `<t>.` followed by the raw
 *   request body bytes. Several `v2=` entries may be listed (one valid is enough).
 * - v1 (legacy): Base64 of the hex HMAC-SHA256 of the record id alone. It does not cover the body,
 *   so a tampered body passes; it is refused unless `allowLegacySignature` is set.
 * @module
 */
import { createHmac } from 'node:crypto';
import { headerValues, safeEqual } from './compare.js';
import { WebhookVerificationError } from './errors.js';
import type { ReplayGuard } from './replay-guard.js';
import type { VerifiedWebhook, WebhookHeaders } from './types.js';

/** The header Teamtailor signs company webhooks with. */
export const TEAMTAILOR_SIGNATURE_HEADER = 'TT-Signature';
/** Longest header value read (a real one is about 100 characters). */
const MAX_HEADER_LENGTH = 4096;

/** Teamtailor's v2 signature header for a body, as Teamtailor computes it (for tests and sandboxes). */
export function signTeamtailorWebhook(rawBody: Uint8Array | string, secret: string, timestampSeconds: number): string {
  const hex = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(toBytes(rawBody)).digest('hex');
  return Buffer.from(`t=${timestampSeconds},v2=${hex}`, 'latin1').toString('base64');
}

/** Teamtailor's legacy v1 signature header: over the record id only (for tests and sandboxes). */
export function signTeamtailorWebhookV1(recordId: string | number, secret: string): string {
  return Buffer.from(createHmac('sha256', secret).update(String(recordId)).digest('hex'), 'latin1').toString('base64');
}

/** What the v2 check needs besides the request. */
export interface TeamtailorCheck {
  headers: WebhookHeaders;
  rawBody: Buffer;
  secrets: readonly string[];
  toleranceSec: number;
  nowMs: number;
  allowLegacySignature: boolean;
  replayGuard: ReplayGuard | null;
  /** Reads `payload.data.id` for a v1 check (parses the body; only called for v1). */
  recordId: () => string | null;
}

/** Verifies a Teamtailor request; throws {@link WebhookVerificationError}. */
export function verifyTeamtailor(check: TeamtailorCheck): VerifiedWebhook {
  const fail = (reason: WebhookVerificationError['reason'], message: string) => new WebhookVerificationError(message, { provider: 'teamtailor', reason, secrets: check.secrets });
  // Fetch's Headers joins repeated headers with ", "; Base64 has no commas, so splitting is safe.
  const values = headerValues(check.headers, TEAMTAILOR_SIGNATURE_HEADER).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  if (values.length === 0) throw fail('missing_signature', 'No TT-Signature header: the request is not signed.');
  const decoded = values.map((value) => decodeHeader(value));
  if (decoded.some((entry) => entry === null)) throw fail('malformed_signature', 'The TT-Signature header is not Base64 of "t=<seconds>,v2=<hex>" or of a hex digest.');
  const entries = decoded as string[];
  if (entries.every((entry) => /^[0-9a-f]{64}$/i.test(entry))) return verifyLegacy(check, entries, fail);
  const parsed = entries.map(parseV2);
  const timestamps = new Set(parsed.map((entry) => entry?.timestamp));
  if (parsed.some((entry) => entry === null) || timestamps.size !== 1) throw fail('malformed_signature', 'The TT-Signature header does not hold one "t=<seconds>" and at least one "v2=<hex>".');
  const timestamp = (parsed[0] as { timestamp: number }).timestamp;
  const signatures = parsed.flatMap((entry) => (entry as { signatures: string[] }).signatures);
  const matched = check.secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(check.rawBody).digest('hex');
    return signatures.some((signature) => safeEqual(signature.toLowerCase(), expected));
  });
  if (!matched) throw fail('bad_signature', 'The TT-Signature does not match the body: wrong secret, or the body was changed (pass the raw bytes, not re-serialised JSON).');
  const nowSeconds = check.nowMs / 1000;
  if (timestamp < nowSeconds - check.toleranceSec) throw fail('stale_timestamp', `The signed timestamp is more than ${check.toleranceSec} s old.`);
  if (timestamp > nowSeconds + check.toleranceSec) throw fail('future_timestamp', `The signed timestamp is more than ${check.toleranceSec} s ahead of this server's clock.`);
  if (check.replayGuard) {
    // The signed timestamp and HMAC identify one delivery (Teamtailor payloads carry no event id).
    const key = `teamtailor:${timestamp}:${[...signatures].sort().join(',')}`;
    if (!check.replayGuard.remember(key, (timestamp + check.toleranceSec) * 1000 + 1000, check.nowMs)) {
      throw fail('replayed', 'This signed request was already received inside the timestamp window.');
    }
  }
  return { provider: 'teamtailor', scheme: 'teamtailor-v2', timestamp };
}

function verifyLegacy(check: TeamtailorCheck, entries: string[], fail: (reason: WebhookVerificationError['reason'], message: string) => WebhookVerificationError): VerifiedWebhook {
  if (!check.allowLegacySignature) {
    throw fail('legacy_signature_disabled', 'This is a legacy v1 TT-Signature, which signs only the record id (a changed body would pass). Switch the webhook to v2 in Teamtailor, or set allowLegacySignature.');
  }
  const id = check.recordId();
  if (id === null) throw fail('bad_signature', 'A v1 TT-Signature needs payload.data.id in the body.');
  const matched = check.secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(id).digest('hex');
    return entries.some((entry) => safeEqual(entry.toLowerCase(), expected));
  });
  if (!matched) throw fail('bad_signature', 'The v1 TT-Signature does not match the record id: wrong secret or changed id.');
  return { provider: 'teamtailor', scheme: 'teamtailor-v1', timestamp: null };
}

/** Base64 → ASCII text, or null when it is not Base64 of printable ASCII. */
function decodeHeader(value: string): string | null {
  if (value.length > MAX_HEADER_LENGTH || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  const text = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e]+$/.test(text) ? text : null;
}

/** `t=1700000000,v2=<hex>[,v2=<hex>...]` → its parts, or null. Unknown keys are ignored. */
function parseV2(text: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of text.split(',')) {
    const [key, value, extra] = part.trim().split('=');
    if (value === undefined || extra !== undefined) return null;
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'v2') signatures.push(value);
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

function toBytes(body: Uint8Array | string): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}
