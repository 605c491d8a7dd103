/**
 * Redaction: every string that leaves the SDK (error messages, URLs, body excerpts, log fields)
 * passes through here first. Known secrets are replaced wherever they appear, and credential
 * shapes are masked even when the secret is not known (a key pasted into a URL by a user).
 */

const REDACTED = '[REDACTED]';

/** Query parameters that carry credentials at some providers (`?token=` at Flatchr, `api_key`). */
const SECRET_QUERY_PARAMS = new Set([
  'token',
  'api_key',
  'apikey',
  'api-key',
  'access_token',
  'key',
  'password',
  'secret',
]);

/** Header names whose values are credentials. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-application-secret',
  'cookie',
  'set-cookie',
]);

/**
 * Replaces every occurrence of each secret (and of its base64 and URL-encoded forms) in `text`,
 * then masks credential-shaped fragments (`Token token=…`, `Bearer …`, `Basic …`, `api_key=…`).
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  const forms: string[] = [];
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of secretForms(secret)) {
      out = out.split(form).join(REDACTED);
      forms.push(form);
    }
  }
  out = maskEdgeFragments(out, forms);
  return out
    .replace(/(Token\s+token=)[^\s"',;&]+/gi, `$1${REDACTED}`)
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, `$1${REDACTED}`)
    .replace(/(Basic\s+)[A-Za-z0-9+/=]+/g, `$1${REDACTED}`)
    .replace(
      /([?&](?:token|api_key|apikey|access_token|key|password|secret)=)[^&#\s"']*/gi,
      `$1${REDACTED}`,
    );
}

/**
 * Redacts `text`, then cuts it to `max` characters. Redacting first matters: a secret that
 * straddles the cut would otherwise lose its tail to the cut, no longer match, and leave its first
 * half in the output. A fragment left at the cut is masked too.
 */
export function redactAndCut(text: string, max: number, secrets: readonly string[] = []): string {
  const redacted = redactText(text, secrets);
  if (redacted.length <= max) return redacted;
  // Masking a fragment can lengthen the text by a couple of characters: cut again to stay in bounds.
  return redactText(redacted.slice(0, max), secrets).slice(0, max);
}

/** Shortest piece of a secret worth masking at the edge of a cut string. */
const MIN_FRAGMENT = 8;

/**
 * Masks a piece of a secret (8 characters or more) left at either end of `text`: the start of a
 * secret at the end of a string someone cut (a provider's own excerpt, our cut), or its end at the
 * start of one. Whole occurrences are already gone.
 */
function maskEdgeFragments(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) {
    for (let length = Math.min(form.length - 1, out.length); length >= MIN_FRAGMENT; length -= 1) {
      if (out.endsWith(form.slice(0, length))) {
        out = out.slice(0, out.length - length) + REDACTED;
        break;
      }
    }
    for (let length = Math.min(form.length - 1, out.length); length >= MIN_FRAGMENT; length -= 1) {
      if (out.startsWith(form.slice(form.length - length))) {
        out = REDACTED + out.slice(length);
        break;
      }
    }
  }
  return out;
}

function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  const bytes = Buffer.from(secret);
  forms.add(bytes.toString('base64').replace(/=+$/, ''));
  // Inside a longer base64 value (a Basic credential is base64 of "user:secret") the secret sits
  // at one of three byte offsets. The characters carrying only the secret's bits are the same
  // whatever surrounds it, so each offset gives one more form to remove.
  for (let shift = 0; shift < 3; shift += 1) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const stable = encoded.slice(Math.ceil((shift * 4) / 3), Math.floor(((shift + bytes.length) * 4) / 3));
    if (stable.length >= 8) forms.add(stable);
  }
  // Longest first, so a full form is removed whole before a shorter one cuts into it.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Returns `url` with credential query parameters and userinfo masked, and secrets removed. */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = parsed.username ? 'REDACTED' : '';
      parsed.password = parsed.password ? 'REDACTED' : '';
    }
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_QUERY_PARAMS.has(name.toLowerCase())) parsed.searchParams.set(name, REDACTED);
    }
    return redactText(parsed.toString(), secrets);
  } catch {
    return redactText(url, secrets);
  }
}

/** Returns a copy of `headers` with credential headers masked. */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.join(', ') : value;
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : redactText(joined, secrets);
  }
  return out;
}
