/**
 * The shared-secret scheme for providers that do not sign their webhooks (Flatchr, Crelate): you
 * register the endpoint at the provider with a long random token in its query string
 * (`https://you.example/hooks/flatchr?token=<secret>`), or in a header when the provider lets you
 * set one, and each request must bring it back. It proves the sender knows the URL, not that the
 * body is intact, and it cannot stop a replay: re-fetch every record before acting on it.
 * @module
 */
import { headerValues, safeEqual } from './compare.js';
import { WebhookVerificationError } from './errors.js';
import type { VerifiedWebhook, WebhookHeaders, WebhookProvider } from './types.js';

/** The query parameter read by default. */
export const DEFAULT_TOKEN_QUERY_PARAMETER = 'token';
/** The header read by default. */
export const DEFAULT_TOKEN_HEADER = 'X-Webhook-Token';
/** The shortest secret accepted for this scheme (a guessable token would be no check at all). */
export const MIN_SHARED_SECRET_LENGTH = 24;

/** What the token check needs. */
export interface TokenCheck {
  provider: WebhookProvider;
  headers: WebhookHeaders;
  url: string | undefined;
  secrets: readonly string[];
  queryParameter: string;
  header: string;
}

/** Verifies the token of a request; throws {@link WebhookVerificationError}. */
export function verifySharedSecret(check: TokenCheck): VerifiedWebhook {
  const fail = (reason: WebhookVerificationError['reason'], message: string) => new WebhookVerificationError(message, { provider: check.provider, reason, secrets: check.secrets });
  const tokens = [...headerValues(check.headers, check.header), ...queryValues(check.url, check.queryParameter)];
  if (tokens.length === 0) {
    throw fail('missing_token', `No "${check.queryParameter}" query parameter and no ${check.header} header. ${check.provider} does not sign webhooks: register the URL with ?${check.queryParameter}=<your secret>.`);
  }
  const matched = tokens.some((token) => check.secrets.some((secret) => safeEqual(token, secret)));
  if (!matched) throw fail('bad_token', 'The webhook token does not match the secret.');
  return { provider: check.provider, scheme: 'shared-secret', timestamp: null };
}

function queryValues(url: string | undefined, name: string): string[] {
  if (!url) return [];
  const query = url.indexOf('?');
  if (query < 0) return [];
  return new URLSearchParams(url.slice(query + 1, url.indexOf('#', query) < 0 ? undefined : url.indexOf('#', query))).getAll(name);
}
