/**
 * The canary helpers (src/testing/canary.ts): unique secrets, and a check that finds them in
 * every rendering and encoding a leak can take, without repeating the secret in its message.
 */
import { describe, expect, it } from 'vitest';
import { assertNoCanary, canaryForms, canarySecret } from '../../src/testing/canary.js';

describe('canarySecret', () => {
  it('makes unique, recognisable, URL- and header-safe secrets', () => {
    const first = canarySecret('Auth Token!');
    expect(first).toMatch(/^sk_canary_auth_token_[0-9a-f]{32}$/);
    expect(canarySecret('Auth Token!')).not.toBe(first);
    expect(encodeURIComponent(first)).toBe(first);
  });
});

describe('assertNoCanary', () => {
  const secret = canarySecret('test');

  it('passes for values that do not contain the secret', () => {
    expect(() => assertNoCanary({ message: 'fine', nested: [1, { a: 'b' }] }, secret)).not.toThrow();
    expect(() => assertNoCanary(new Error('fine'), secret)).not.toThrow();
  });

  it('finds the secret verbatim in JSON, in non-enumerable properties, and deep in nesting', () => {
    expect(() => assertNoCanary({ a: { b: { c: { d: { e: secret } } } } }, secret)).toThrow(/verbatim/);
    const hidden = {};
    Object.defineProperty(hidden, 'token', { value: secret, enumerable: false });
    expect(() => assertNoCanary(hidden, secret)).toThrow(/util\.inspect/);
  });

  it('follows the cause chain, including a cause that hides its message from JSON', () => {
    const root = new Error('outer', { cause: new Error('middle', { cause: new Error(`inner ${secret}`) }) });
    expect(() => assertNoCanary(root, secret)).toThrow(/Canary secret leaked/);
  });

  it('finds URL-encoded and base64 forms at every byte offset, and never repeats the secret in its message', () => {
    const special = `${secret}/+=`;
    expect(() => assertNoCanary(`?key=${encodeURIComponent(special)}`, special)).toThrow(/URL-encoded/);
    for (const prefix of ['', 'u:', 'us:', 'user:']) {
      const encoded = Buffer.from(`${prefix}${secret}`).toString('base64');
      let message = '';
      try {
        assertNoCanary({ header: encoded }, secret);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/base64/);
      expect(message).not.toContain(secret);
    }
    expect(() => assertNoCanary(Buffer.from(`xy${secret}`).toString('base64url'), secret)).toThrow(/base64/);
  });

  it('canaryForms gives only forms long enough never to match by accident', () => {
    for (const form of canaryForms(secret)) expect(form.length).toBeGreaterThanOrEqual(8);
  });

  it('copes with values JSON cannot serialise', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => assertNoCanary(cyclic, secret)).not.toThrow();
    cyclic.leak = secret;
    expect(() => assertNoCanary(cyclic, secret)).toThrow(/util\.inspect/);
  });
});
