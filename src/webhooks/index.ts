/**
 * `unified-ats/webhooks`: provider webhooks in, verified, as typed events.
 *
 * ```ts
 * import { createServer } from 'node:http';
 * import { createWebhookHandler } from 'unified-ats/webhooks';
 *
 * const handler = createWebhookHandler({
 *   provider: 'teamtailor',
 *   secret: signatureKey, // from Teamtailor's webhook settings
 *   connectionId: 'acme-teamtailor',
 *   onEvents: async (events) => { for (const event of events) queueRefresh(event.model, event.id, event.kind); },
 * });
 * createServer(handler).listen(8080);
 * ```
 *
 * See docs/webhooks.md for each provider (Teamtailor signs; Flatchr and Crelate do not, so the URL
 * carries a secret token; Gem and Jarvi have no webhooks) and for Express and Fastify.
 * @module
 */
export { verifyWebhook, DEFAULT_MAX_BODY_BYTES, DEFAULT_TOLERANCE_SEC, type VerifyWebhookOptions } from './verify.js';
export { parseWebhook, type ParseWebhookOptions } from './parse.js';
export { createWebhookHandler, type WebhookContext, type WebhookHandler, type WebhookHandlerOptions } from './handler.js';
export { WebhookPayloadError, WebhookVerificationError, type WebhookPayloadReason, type WebhookVerificationReason } from './errors.js';
export { createMemoryReplayGuard, type MemoryReplayGuardOptions, type ReplayGuard } from './replay-guard.js';
export { webhookSupport, type WebhookSupport } from './support.js';
export { signTeamtailorWebhook, signTeamtailorWebhookV1, TEAMTAILOR_SIGNATURE_HEADER } from './teamtailor-signature.js';
export { DEFAULT_TOKEN_HEADER, DEFAULT_TOKEN_QUERY_PARAMETER, MIN_SHARED_SECRET_LENGTH } from './shared-secret.js';
export { readRawBody } from './raw-body.js';
export type {
  VerifiedWebhook,
  WebhookEvent,
  WebhookEventKind,
  WebhookHeaders,
  WebhookProvider,
  WebhookRelated,
  WebhookRequest,
  WebhookScheme,
} from './types.js';
