/**
 * Public types of `unified-ats/webhooks`: the providers, the typed events `parseWebhook` returns,
 * and what `verifyWebhook` tells about a request. They import nothing from the sync engine, so the
 * engine (and your code) can take events from any source.
 * @module
 */
import type { ModelName } from '../models/registry.js';

/** Every provider of the package; {@link webhookSupport} says which of them send webhooks. */
export type WebhookProvider = 'teamtailor' | 'flatchr' | 'crelate' | 'gem' | 'jarvi';

/** What happened to the record. `unknown`: an event this package does not map (kept, never dropped). */
export type WebhookEventKind = 'created' | 'updated' | 'deleted' | 'stage_changed' | 'unknown';

/** Unified ids of records an event names besides its own, when the payload carries them. */
export interface WebhookRelated {
  /** The candidate's unified id. */
  candidate_id: string | null;
  /** The job's unified id. */
  job_id: string | null;
  /** The (application) stage's unified id. */
  stage_id: string | null;
}

/**
 * One event from a provider webhook, in unified terms. Never trust the payload's copy of the
 * record: fetch it fresh by `id` (the payload may be partial, stale or out of order).
 */
export interface WebhookEvent {
  /** The provider that sent it. */
  provider: WebhookProvider;
  /** The provider's own event name (`job_application.update`, `drag_applicant`), or null. */
  event_name: string | null;
  /** What happened. */
  kind: WebhookEventKind;
  /** The unified model of the record (`'applications'`), or null when unknown. */
  model: ModelName | null;
  /**
   * The unified id of the record, computed as the connector computes it, so it matches what a
   * sync delivered. Null when the payload lacks the identity the connector uses (Flatchr's
   * webhooks carry an applicant's integer id, its API the encoded one: resolve through `related`).
   */
  id: string | null;
  /** The provider's id of the record as the connector reports `remote_id`, or null (see `id`). */
  remote_id: string | null;
  /** When it happened: the payload's own time when it has one, else the receive time, else null. */
  occurred_at: string | null;
  /** Unified ids of the related candidate, job and stage, when the payload names them. */
  related: WebhookRelated;
  /** The provider account the payload names (Teamtailor company uuid, Flatchr company id), or null. */
  account_id: string | null;
  /** Your connection id, when the event came through a handler configured with one. */
  connection_id: string | null;
  /** Why the event is `unknown` (or null for a mapped event). */
  note: string | null;
  /** The provider's payload as received (the whole body for an unknown event). */
  raw: unknown;
}

/** How a request was authenticated. */
export type WebhookScheme = 'teamtailor-v2' | 'teamtailor-v1' | 'shared-secret';

/** What {@link verifyWebhook} returns for an authentic request. */
export interface VerifiedWebhook {
  /** The provider. */
  provider: WebhookProvider;
  /** Which check passed. */
  scheme: WebhookScheme;
  /** The signed timestamp in Unix seconds (Teamtailor v2), or null when the scheme has none. */
  timestamp: number | null;
}

/** Request headers as `node:http`, Fetch `Headers` or a plain object give them. */
export type WebhookHeaders = Headers | Record<string, string | readonly string[] | undefined>;

/** The request as {@link verifyWebhook} needs it. */
export interface WebhookRequest {
  /** The request headers. */
  headers: WebhookHeaders;
  /** The body exactly as received: a Buffer / Uint8Array (best) or its UTF-8 text. Never parsed JSON. */
  rawBody: Uint8Array | string;
  /** The request URL or path with its query (`req.url`), for a token in the query string. */
  url?: string;
}
