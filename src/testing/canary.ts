/**
 * Secret canaries (X1 in docs/scenarios.md): build every test client with a unique, recognisable
 * fake secret, then assert that no error, log line or inspected object contains it in any form.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

/** How deep `assertNoCanary` follows `cause` links (a cycle or a very long chain stops there). */
const MAX_CAUSE_DEPTH = 32;

/**
 * Makes a unique canary secret such as `sk_canary_auth_9f3c…`: long enough that a match is never
 * an accident, and made only of characters that survive URLs and headers unchanged.
 * @param label a short word saying where the secret is used (`'auth'`, `'password'`)
 */
export function canarySecret(label = 'secret'): string {
  const safeLabel =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 24) || 'secret';
  return `sk_canary_${safeLabel}_${randomBytes(16).toString('hex')}`;
}

/**
 * Every form in which `secret` can hide in text: itself, URL-encoded, and base64 / base64url at
 * each of the three byte alignments (so `base64("user:" + secret)`, as in a Basic credential, is
 * found too). A base64 form is the part of the encoding that does not depend on the bytes around
 * the secret.
 */
export function canaryForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret)]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let shift = 0; shift < 3; shift += 1) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = padded.toString(encoding);
      // Character j carries bits [6j, 6j+6): keep only the characters made entirely of the
      // secret's bits, not of the bytes before it (the shift) or after it (unknown).
      const start = Math.ceil((shift * 4) / 3);
      const end = Math.floor(((shift + bytes.length) * 4) / 3);
      const stable = encoded.slice(start, end);
      if (stable.length >= 8) forms.add(stable);
    }
  }
  return [...forms];
}

/** One place a value was rendered, for the failure message. */
interface Rendering {
  where: string;
  text: string;
}

/**
 * Throws when `secret` (in any of its {@link canaryForms}) appears in `value` rendered as
 * `JSON.stringify`, as `util.inspect` with unlimited depth and hidden properties, as the
 * `message`/`stack` of every error in its `cause` chain, or as `String(value)`. The thrown error
 * names where the canary was found but never repeats it.
 * @param value anything: an error, a log buffer, a client, an array of log lines
 * @param secret the canary from {@link canarySecret}
 */
export function assertNoCanary(value: unknown, secret: string): void {
  const forms = canaryForms(secret);
  for (const rendering of render(value)) {
    const form = forms.find((candidate) => rendering.text.includes(candidate));
    if (form !== undefined) {
      const kind = form === secret ? 'verbatim' : form === encodeURIComponent(secret) ? 'URL-encoded' : 'base64';
      throw new Error(`Canary secret leaked (${kind}) in ${rendering.where}`);
    }
  }
}

function render(value: unknown): Rendering[] {
  const out: Rendering[] = [];
  const attempt = (where: string, produce: () => string | undefined) => {
    try {
      const text = produce();
      if (text !== undefined) out.push({ where, text });
    } catch (error) {
      // A value JSON cannot serialise (a cycle, a BigInt) is still checked by inspect below.
      out.push({ where: `${where} (threw)`, text: String(error) });
    }
  };
  attempt('JSON.stringify', () => JSON.stringify(value));
  attempt('util.inspect', () => inspect(value, { depth: Infinity, showHidden: true, getters: true }));
  attempt('String()', () => (typeof value === 'string' ? value : undefined));
  let current: unknown = value;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Error; depth += 1) {
    const error = current;
    attempt(`cause[${depth}].message`, () => error.message);
    attempt(`cause[${depth}].stack`, () => error.stack);
    attempt(`cause[${depth}] JSON`, () => JSON.stringify(error));
    attempt(`cause[${depth}] inspect`, () => inspect(error, { depth: Infinity, showHidden: true }));
    current = (error as { cause?: unknown }).cause;
  }
  return out;
}
