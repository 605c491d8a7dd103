/**
 * verifyWebhook: Teamtailor's TT-Signature v2 (and v1 only when allowed),
 * the shared-secret token of providers that do not sign, and every refusal typed, with the secret
 * never in the error.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, UnsupportedError } from '../../src/core/errors.js';
import {
  createMemoryReplayGuard,
  signTeamtailorWebhook,
  signTeamtailorWebhookV1,
  verifyWebhook,
  WebhookPayloadError,
  WebhookVerificationError,
  type WebhookRequest,
} from '../../src/webhooks/index.js';
import { canarySecret } from '../../src/testing/canary.js';

const secret = canarySecret('tt-signature-key');
const body = JSON.stringify({ payload: { event_name: 'candidate.update', data: { id: '42', type: 'candidates', attributes: { 'first-name': 'Ada' } } } });
const nowMs = Date.UTC(2026, 2, 1, 12, 0, 0);
const t = nowMs / 1000;

function ttRequest(header: string | string[] | undefined, rawBody: WebhookRequest['rawBody'] = Buffer.from(body)): WebhookRequest {
  return { headers: header === undefined ? {} : { 'tt-signature': header }, rawBody };
}

function refusal(run: () => unknown): WebhookVerificationError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WebhookVerificationError);
  const error = caught as WebhookVerificationError;
  // The secret never leaks into a refusal, however it is printed.
  for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: Infinity })]) expect(text).not.toContain(secret);
  return error;
}

const verifyTt = (request: WebhookRequest, options: Parameters<typeof verifyWebhook>[3] = {}, key: string | string[] = secret) =>
  verifyWebhook('teamtailor', request, key, { now: () => nowMs, ...options });

describe('Teamtailor TT-Signature v2', () => {
  it('accepts a valid signature over the raw bytes, given as a Buffer or as text, in any header casing', () => {
    const header = signTeamtailorWebhook(body, secret, t);
    expect(verifyTt(ttRequest(header))).toEqual({ provider: 'teamtailor', scheme: 'teamtailor-v2', timestamp: t });
    expect(verifyTt(ttRequest(header, body)).scheme).toBe('teamtailor-v2');
    expect(verifyTt({ headers: { 'TT-Signature': header }, rawBody: body }).timestamp).toBe(t);
    expect(verifyTt({ headers: new Headers({ 'tt-signature': header }), rawBody: new Uint8Array(Buffer.from(body)) }).timestamp).toBe(t);
  });

  it('accepts a list holding one valid signature among several', () => {
    const valid = Buffer.from(signTeamtailorWebhook(body, secret, t), 'base64').toString('latin1');
    const hex = valid.split('v2=')[1] as string;
    const several = Buffer.from(`t=${t},v2=${'0'.repeat(64)},v2=${hex},v2=deadbeef`).toString('base64');
    expect(verifyTt(ttRequest(several)).scheme).toBe('teamtailor-v2');
    const other = signTeamtailorWebhook(body, 'another-key', t);
    expect(verifyTt(ttRequest([other, signTeamtailorWebhook(body, secret, t)])).scheme).toBe('teamtailor-v2');
    expect(verifyTt({ headers: new Headers([['tt-signature', other], ['tt-signature', signTeamtailorWebhook(body, secret, t)]]), rawBody: body }).scheme).toBe('teamtailor-v2');
  });

  it('accepts any secret of a rotation list', () => {
    expect(verifyTt(ttRequest(signTeamtailorWebhook(body, secret, t)), {}, ['old-key', secret]).scheme).toBe('teamtailor-v2');
  });

  it('refuses a body with one byte changed', () => {
    const header = signTeamtailorWebhook(body, secret, t);
    const tampered = Buffer.from(body);
    tampered[tampered.indexOf('Ada')] = 'E'.charCodeAt(0);
    expect(refusal(() => verifyTt(ttRequest(header, tampered))).reason).toBe('bad_signature');
  });

  it('refuses the wrong secret, with status 401', () => {
    const error = refusal(() => verifyTt(ttRequest(signTeamtailorWebhook(body, 'not-the-key', t))));
    expect(error.reason).toBe('bad_signature');
    expect(error.status).toBe(401);
  });

  it('refuses a missing or malformed header', () => {
    expect(refusal(() => verifyTt(ttRequest(undefined))).reason).toBe('missing_signature');
    for (const header of ['not base64!', Buffer.from('v2=abc').toString('base64'), Buffer.from(`t=${t}`).toString('base64'), Buffer.from(`t=soon,v2=${'a'.repeat(64)}`).toString('base64'), Buffer.from([0, 1, 2, 255]).toString('base64'), 'A'.repeat(5000)]) {
      expect(refusal(() => verifyTt(ttRequest(header))).reason, header.slice(0, 30)).toBe('malformed_signature');
    }
  });

  it('refuses a signature of another length without throwing anything but the typed error', () => {
    const short = Buffer.from(`t=${t},v2=abcd`).toString('base64');
    expect(refusal(() => verifyTt(ttRequest(short))).reason).toBe('bad_signature');
  });

  it('refuses timestamps more than 300 s old or ahead, and accepts them inside the window', () => {
    expect(verifyTt(ttRequest(signTeamtailorWebhook(body, secret, t - 299))).scheme).toBe('teamtailor-v2');
    expect(verifyTt(ttRequest(signTeamtailorWebhook(body, secret, t + 299))).scheme).toBe('teamtailor-v2');
    expect(refusal(() => verifyTt(ttRequest(signTeamtailorWebhook(body, secret, t - 301)))).reason).toBe('stale_timestamp');
    expect(refusal(() => verifyTt(ttRequest(signTeamtailorWebhook(body, secret, t + 301)))).reason).toBe('future_timestamp');
    expect(refusal(() => verifyTt(ttRequest(signTeamtailorWebhook(body, secret, t - 61)), { toleranceSec: 60 })).reason).toBe('stale_timestamp');
  });

  it('refuses the same signed request a second time inside the window (replay), with status 409', () => {
    const replayGuard = createMemoryReplayGuard();
    const header = signTeamtailorWebhook(body, secret, t);
    expect(verifyTt(ttRequest(header), { replayGuard }).scheme).toBe('teamtailor-v2');
    const error = refusal(() => verifyTt(ttRequest(header), { replayGuard }));
    expect(error.reason).toBe('replayed');
    expect(error.status).toBe(409);
    // Another delivery (another timestamp) is not a replay.
    expect(verifyTt(ttRequest(signTeamtailorWebhook(body, secret, t + 1)), { replayGuard }).scheme).toBe('teamtailor-v2');
  });

  it('refuses a parsed object instead of the raw body', () => {
    const header = signTeamtailorWebhook(body, secret, t);
    const error = refusal(() => verifyTt({ headers: { 'tt-signature': header }, rawBody: JSON.parse(body) as never }));
    expect(error.reason).toBe('not_raw_body');
    expect(error.message).toMatch(/express\.raw/);
  });

  it('refuses a body over the cap before checking it', () => {
    const big = Buffer.alloc(2048, 0x20);
    expect(() => verifyTt(ttRequest(signTeamtailorWebhook(big, secret, t), big), { maxBodyBytes: 1024 })).toThrow(WebhookPayloadError);
  });
});

describe('Teamtailor TT-Signature v1 (legacy: signs the record id only)', () => {
  const v1 = signTeamtailorWebhookV1('42', secret);

  it('is refused unless allowed, with a reason that says why', () => {
    const error = refusal(() => verifyTt(ttRequest(v1)));
    expect(error.reason).toBe('legacy_signature_disabled');
    expect(error.message).toMatch(/v2/);
  });

  it('is accepted when allowed, and refused for another id or key', () => {
    expect(verifyTt(ttRequest(v1), { allowLegacySignature: true })).toEqual({ provider: 'teamtailor', scheme: 'teamtailor-v1', timestamp: null });
    expect(refusal(() => verifyTt(ttRequest(signTeamtailorWebhookV1('43', secret)), { allowLegacySignature: true })).reason).toBe('bad_signature');
    expect(refusal(() => verifyTt(ttRequest(signTeamtailorWebhookV1('42', 'other')), { allowLegacySignature: true })).reason).toBe('bad_signature');
  });
});

describe('shared-secret token (Flatchr and Crelate do not sign)', () => {
  const token = canarySecret('flatchr-webhook-token-0123456789');
  const flatchrBody = JSON.stringify({ event: 'new_vacancy', data: {}, company_id: 1 });

  it('accepts the token in the query string or in the header', () => {
    for (const provider of ['flatchr', 'crelate']) {
      expect(verifyWebhook(provider, { headers: {}, rawBody: flatchrBody, url: `/hooks/${provider}?a=1&token=${encodeURIComponent(token)}` }, token)).toEqual({ provider, scheme: 'shared-secret', timestamp: null });
      expect(verifyWebhook(provider, { headers: { 'X-Webhook-Token': token }, rawBody: flatchrBody }, token).scheme).toBe('shared-secret');
    }
    expect(verifyWebhook('flatchr', { headers: { 'x-hook': token }, rawBody: flatchrBody, url: `/h?k=${token}` }, token, { tokenHeader: 'X-Hook' }).scheme).toBe('shared-secret');
    expect(verifyWebhook('flatchr', { headers: {}, rawBody: flatchrBody, url: `/h?k=${token}` }, token, { tokenQueryParameter: 'k' }).scheme).toBe('shared-secret');
  });

  it('refuses a missing, wrong or differently sized token', () => {
    expect(refusal(() => verifyWebhook('flatchr', { headers: {}, rawBody: flatchrBody, url: '/hooks/flatchr' }, token)).reason).toBe('missing_token');
    expect(refusal(() => verifyWebhook('flatchr', { headers: {}, rawBody: flatchrBody, url: `/hooks?token=${token.slice(0, -1)}x` }, token)).reason).toBe('bad_token');
    expect(refusal(() => verifyWebhook('flatchr', { headers: {}, rawBody: flatchrBody, url: '/hooks?token=short' }, token)).reason).toBe('bad_token');
    expect(refusal(() => verifyWebhook('crelate', { headers: {}, rawBody: { parsed: true } as never, url: `/h?token=${token}` }, token)).reason).toBe('not_raw_body');
  });

  it('needs a long secret, since the token is the only check', () => {
    expect(() => verifyWebhook('flatchr', { headers: {}, rawBody: '{}' }, 'short-secret')).toThrow(ConfigError);
  });
});

describe('providers and secrets', () => {
  it('Gem and Jarvi have no webhooks; an unknown provider is a ConfigError; an empty secret too', () => {
    for (const provider of ['gem', 'jarvi']) expect(() => verifyWebhook(provider, { headers: {}, rawBody: '{}' }, 'x'.repeat(30))).toThrow(UnsupportedError);
    expect(() => verifyWebhook('workday', { headers: {}, rawBody: '{}' }, 'x'.repeat(30))).toThrow(ConfigError);
    expect(() => verifyWebhook('teamtailor', { headers: {}, rawBody: '{}' }, '')).toThrow(ConfigError);
    expect(() => verifyWebhook('teamtailor', { headers: {}, rawBody: '{}' }, [])).toThrow(ConfigError);
  });
});
