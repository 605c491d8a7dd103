/**
 * Which providers send webhooks, how their requests are authenticated, and what events they send:
 * data, so docs, capabilities and the handler agree.
 * @module
 */
import { ConfigError, UnsupportedError } from '../core/errors.js';
import type { WebhookProvider } from './types.js';

/** Webhook facts of one provider. */
export interface WebhookSupport {
  /** Whether the provider sends webhooks at all. */
  supported: boolean;
  /**
   * How requests are authenticated: `hmac-signature` (the provider signs each request) or
   * `shared-secret` (the provider signs nothing: you put a secret token in the URL you register,
   * and the handler compares it); null when unsupported.
   */
  scheme: 'hmac-signature' | 'shared-secret' | null;
  /** Whether the provider itself signs requests. */
  signedByProvider: boolean;
  /** Whether the provider retries a failed delivery. */
  retries: boolean | 'unknown';
  /** The provider's event names this package maps to unified events. */
  events: readonly string[];
  /** What to know, in a sentence or two. */
  note: string;
}

/** Webhook facts per provider (docs/webhooks.md explains each). */
export const webhookSupport: Readonly<Record<WebhookProvider, WebhookSupport>> = {
  teamtailor: {
    supported: true,
    scheme: 'hmac-signature',
    signedByProvider: true,
    retries: false,
    events: ['candidate.create', 'candidate.update', 'candidate.destroy', 'job.create', 'job.update', 'job.destroy', 'job_application.create', 'job_application.update', 'job_application.destroy'],
    note: 'Company webhooks (enabled on request), signed with TT-Signature (v2: HMAC-SHA256 over "<t>.<raw body>"; v1 signs only the record id and is refused unless allowed). No retry: poll as well. Deletions are only visible here.',
  },
  flatchr: {
    supported: true,
    scheme: 'shared-secret',
    signedByProvider: false,
    retries: 'unknown',
    events: ['new_applicant', 'drag_applicant', 'new_vacancy', 'new_message'],
    note: 'Marketplace "Webhooks" app. Flatchr does not sign requests: register the URL with a secret token in its query. Payloads carry integer applicant ids the API does not use.',
  },
  crelate: {
    supported: true,
    scheme: 'shared-secret',
    signedByProvider: false,
    retries: 'unknown',
    events: ['Contacts:Create', 'Contacts:Update', 'Contacts:Delete', 'Jobs:Create', 'Jobs:Update', 'Jobs:Delete'],
    note: 'Per-user webhooks (URL, entity, operation). Crelate documents neither a signature nor the payload shape: the handler checks a secret token in the URL, and the payload mapping is inferred (unrecognised payloads become unknown events).',
  },
  gem: { supported: false, scheme: null, signedByProvider: false, retries: false, events: [], note: 'Gem has no webhooks in its ATS API: use delta syncs.' },
  jarvi: { supported: false, scheme: null, signedByProvider: false, retries: false, events: [], note: 'Jarvi has no outbound webhooks: use delta syncs.' },
};

/**
 * Checks `provider` names a provider with webhooks. Throws `ConfigError` for an unknown name and
 * `UnsupportedError` for a provider without webhooks (Gem, Jarvi).
 */
export function webhookProvider(provider: unknown, operation: string): WebhookProvider {
  if (typeof provider !== 'string' || !Object.hasOwn(webhookSupport, provider)) {
    throw new ConfigError(`Unknown provider ${JSON.stringify(String(provider)).slice(0, 40)}: expected one of ${Object.keys(webhookSupport).join(', ')}`, { provider: String(provider).slice(0, 40), operation });
  }
  const support = webhookSupport[provider as WebhookProvider];
  if (!support.supported) throw new UnsupportedError(support.note, { provider, operation });
  return provider as WebhookProvider;
}
