/**
 * `capabilities`: what a connector can do, as plain serialisable data, described by a zod schema
 * so it can be validated, documented and compared with behaviour (the conformance suite does).
 */
import { z } from 'zod';
import { modelNames, type ModelName } from '../models/registry.js';

/** Every write action of the contract (§5). */
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
] as const;

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
});

/** What a connector can do with one model. */
export type ModelCapability = z.infer<typeof ModelCapabilitySchema>;

/** Whether an action works, and how. */
export const ActionCapabilitySchema = z.strictObject({
  supported: z.boolean(),
  /** How it is done or why it cannot be (a fallback, a missing endpoint, an inferred endpoint). */
  note: z.string().optional(),
});

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
});

/** Everything a connector declares about itself. */
export type Capabilities = {
  provider: string;
  page_size: number;
  rate_limit: { requests: number; interval_ms: number } | null;
  delta_lookback_ms: number;
  models: Record<ModelName, ModelCapability>;
  actions: Record<ActionName, z.infer<typeof ActionCapabilitySchema>>;
};
