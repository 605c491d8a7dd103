/**
 * `capabilities`: what a connector can do, as plain serialisable data, described by a zod schema
 * so it can be validated, documented and compared with behaviour (the conformance suite does).
 *
 * Scenario ids such as E3 are defined in docs/scenarios.md.
 */
import { z } from 'zod';
import { modelNames, type ModelName } from '../models/registry.js';
import { filterNames, type FilterName } from './list-filters.js';

/** Every action of the contract: the writes, the attachment lists and the candidate search. */
export const actionNames = [
  'moveApplicationToStage',
  'rejectApplication',
  'addResultLinkToApplication',
  'addResultLinkToCandidate',
  'addNoteToApplication',
  'addNoteToCandidate',
  'addAttachmentToApplication',
  'addAttachmentToCandidate',
  'getCandidateAttachments',
  'addTagToCandidate',
  'removeTagFromCandidate',
  'createCandidate',
  'createApplication',
  'findCandidatesByEmail',
  'pushCandidate',
  'getApplicationAttachments',
] as const;

/** The actions that take an attachment (their capability says which forms, `accepts`). */
export const attachmentActionNames = ['addAttachmentToApplication', 'addAttachmentToCandidate'] as const;

/** How a filter is applied: sent to the provider (`server`) or checked on fetched records only (`client`). */
export const FilterSupportSchema = z.enum(['server', 'client']);

/** The name of a write action. */
export type ActionName = (typeof actionNames)[number];

/** What a connector can do with one model. */
export const ModelCapabilitySchema = z.strictObject({
  /** Whether `sync*` works for this model. */
  read: z.boolean(),
  /** `server`: `since` is sent to the provider; `client`: filtered after fetching; `none`: everything every time. */
  delta: z.enum(['server', 'client', 'none']),
  /** How deletions can be seen: a flag on records, an endpoint, only by a full scan, or not at all. */
  deletes: z.enum(['flag', 'endpoint', 'full_scan', 'none']),
  /** Whether pages arrive sorted ascending by `changed_at` (per-page checkpoints are then safe). */
  ordered: z.boolean(),
  /** Anything a user should know (why unsupported, what a delta can miss). */
  note: z.string().optional(),
  /**
   * The list filters this model takes (`syncApplications(since, { job_ids })`) and how each is
   * applied: `server` when the provider filters (fewer requests), `client` when the records are
   * fetched and checked. Every filter is checked on the records either way.
   */
  filters: z.partialRecord(z.enum(filterNames), FilterSupportSchema).optional(),
});

/** What a connector can do with one model. */
export type ModelCapability = z.infer<typeof ModelCapabilitySchema>;

/** Whether an action works, and how. */
export const ActionCapabilitySchema = z.strictObject({
  supported: z.boolean(),
  /** How it is done or why it cannot be (a fallback, a missing endpoint, an inferred endpoint). */
  note: z.string().optional(),
  /**
   * Attachment actions: the forms of file the provider takes, `url` (it downloads a public URL)
   * and/or `data` (bytes). A URL given to a bytes-only provider is downloaded and uploaded; bytes
   * given to a URL-only provider are refused with `UnsupportedError`.
   */
  accepts: z.array(z.enum(['url', 'data'])).optional(),
});

/** Whether an action works, and how. */
export type ActionCapability = z.infer<typeof ActionCapabilitySchema>;

/** Whether the provider pushes changes to a webhook, and how a request is authenticated. */
export const WebhookCapabilitySchema = z.strictObject({
  /** Whether the provider sends webhooks at all. */
  supported: z.boolean(),
  /** Whether the provider signs each request (an HMAC you verify), as opposed to an unsigned call. */
  signed: z.boolean(),
  /** How to authenticate a request: the provider's signature, a secret token you put in the URL, or none. */
  scheme: z.enum(['hmac-signature', 'shared-secret']).nullable(),
  /** What to know (events, retries, how to enable). */
  note: z.string(),
});

/** Whether the provider pushes changes to a webhook. */
export type WebhookCapability = z.infer<typeof WebhookCapabilitySchema>;

/** Everything a connector declares about itself. */
export const CapabilitiesSchema = z.strictObject({
  provider: z.string(),
  /** The largest page the provider serves. */
  page_size: z.number().int().positive(),
  /** The documented (or configured) rate limit. */
  rate_limit: z.strictObject({ requests: z.number().positive(), interval_ms: z.number().positive() }).nullable(),
  /** How far back a delta run re-reads, to catch late-visible records (E3). */
  delta_lookback_ms: z.number().int().nonnegative(),
  models: z.record(z.enum(modelNames as [ModelName, ...ModelName[]]), ModelCapabilitySchema),
  actions: z.record(z.string(), ActionCapabilitySchema),
  /** Webhooks of the provider (see `unified-ats/webhooks`). */
  webhooks: WebhookCapabilitySchema.optional(),
});

/** Everything a connector declares about itself. */
export type Capabilities = {
  provider: string;
  page_size: number;
  rate_limit: { requests: number; interval_ms: number } | null;
  delta_lookback_ms: number;
  models: Record<ModelName, ModelCapability>;
  actions: Record<ActionName, ActionCapability>;
  webhooks?: WebhookCapability;
};

export type { FilterName };
