/**
 * Redaction (reliability.md X1, contract §7): every string leaving the SDK is scrubbed of known
 * secrets in every encoding, and of credential shapes even when the secret is not known.
 */
import { describe, expect, it } from 'vitest';
import { redactHeaders, redactText, redactUrl } from '../../src/core/redact.js';
import { assertNoCanary, canarySecret } from '../../src/testing/canary.js';

describe('redactText', () => {
  it('X1: removes a known secret verbatim, URL-encoded and in base64', () => {
    const secret = 'pa ss/wo+rd&9f3c';
    const text = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')].join(' | ');
    const out = redactText(text, [secret]);
    // Base64 padding carries no secret and may stay.
    expect(out).toMatch(/^\[REDACTED\] \| \[REDACTED\] \| \[REDACTED\]=*$/);
  });

  it('X1: removes a secret inside a longer base64 value at every byte offset (Basic "user:secret")', () => {
    const secret = canarySecret('basic');
    for (const user of ['u', 'us', 'use', 'integration-user']) {
      const credential = Buffer.from(`${user}:${secret}`).toString('base64');
      // Bare, without the "Basic " prefix that the shape rule would catch on its own.
      const out = redactText(`{"credential":"${credential}"}`, [secret]);
      expect(out).toContain('[REDACTED]');
      assertNoCanary(out, secret);
    }
  });

  it('X1: masks credential shapes even when the secret is not known', () => {
    const out = redactText(
      'Authorization: Bearer abc.def-ghi Token token=tt123, Basic dXNlcjpwYXNz https://x.test/a?api_key=k1&page=2&token=t2',
      [],
    );
    expect(out).not.toMatch(/abc\.def-ghi|tt123|dXNlcjpwYXNz|k1|t2\b/);
    expect(out).toContain('page=2');
  });

  it('leaves text without secrets unchanged, and ignores secrets shorter than 4 characters', () => {
    expect(redactText('nothing to hide here', ['abc'])).toBe('nothing to hide here');
    expect(redactText('abc abc', ['abc'])).toBe('abc abc');
  });
});

describe('redactUrl', () => {
  it('X1: masks userinfo and credential query parameters, keeping the rest of the URL', () => {
    const out = redactUrl('https://user:pw9f@api.test/v1/jobs?page=3&access_token=t0k3n&API_KEY=k2y9');
    expect(out).not.toContain('pw9f');
    expect(out).not.toContain('t0k3n');
    expect(out).not.toContain('k2y9');
    expect(out).toContain('page=3');
    expect(out).toContain('api.test/v1/jobs');
  });

  it('falls back to text redaction for something that is not a URL', () => {
    expect(redactUrl('not a url sk_live_123456', ['sk_live_123456'])).toBe('not a url [REDACTED]');
  });
});

describe('redactHeaders', () => {
  it('X1: masks credential headers whatever their case, and scrubs secrets from the others', () => {
    const secret = canarySecret('header');
    const out = redactHeaders(
      { Authorization: `Bearer ${secret}`, 'X-Api-Key': secret, Cookie: 's=1', 'x-echo': `got ${secret}`, accept: ['a', 'b'], skip: undefined },
      [secret],
    );
    expect(out).toEqual({
      Authorization: '[REDACTED]',
      'X-Api-Key': '[REDACTED]',
      Cookie: '[REDACTED]',
      'x-echo': 'got [REDACTED]',
      accept: 'a, b',
    });
  });
});
