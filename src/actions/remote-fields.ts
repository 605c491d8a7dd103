/**
 * `remote_fields`: provider-specific settings of one write (the acting user, a note's
 * visibility...), typed per provider and validated like the rest of the input. A connector reads
 * only its own provider's entry, so one input object can carry settings for several providers (a
 * caller that picks the provider at run time). Providers with nothing here yet take an empty
 * object: an unknown key is a `ValidationError`, never silently dropped.
 */
import { z } from 'zod';

/** Extra raw attributes merged into the provider's request body (not validated beyond being an object). */
const rawAttributes = z.record(z.string(), z.unknown());

/** Teamtailor settings of a write. */
export const TeamtailorRemoteFieldsSchema = z.strictObject({
  /** The user a note or a rejection is written as (default: the connector's `noteAuthorUserId`, else the first admin). */
  user_id: z.string().min(1).optional(),
  /** Notes only: write the note as private (Teamtailor's `private-note`). */
  private_note: z.boolean().optional(),
  /** `createCandidate` / `pushCandidate`: extra dasherized attributes of the candidate (`pitch`, `tags`...). */
  candidate_attributes: rawAttributes.optional(),
  /** `createApplication` / `pushCandidate`: extra dasherized attributes of the job application (`cover-letter`...). */
  application_attributes: rawAttributes.optional(),
});

/** A Jarvi UUID (history subtype, custom field). */
const jarviUuid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a Jarvi UUID');

/** Jarvi settings of a write (all sent in `POST /profiles`). */
export const JarviRemoteFieldsSchema = z.strictObject({
  /** Notes and result links: the history subtype (`historyEntryType`, a UUID of the workspace's subtypes). */
  history_entry_type: jarviUuid.optional(),
  /** `createCandidate` / `pushCandidate`: your id for the profile (`externalId`; Jarvi merges a later write with the same one into it). */
  external_id: z.string().min(1).max(255).optional(),
  /** `createCandidate` / `pushCandidate`: profile custom field values keyed by the field's UUID (multiple choices comma-separated). */
  profile_fields: z.record(jarviUuid, z.string()).optional(),
});

/** Gem settings of a write. */
export const GemRemoteFieldsSchema = z.strictObject({
  /** The Gem user the write is attributed to (default: the connector's `onBehalfOfUserId`, else the first active site admin). */
  user_id: z.string().min(1).optional(),
  /** Notes and result links: `public` (the default) or `private`. */
  note_visibility: z.enum(['public', 'private']).optional(),
  /** `createCandidate` / `createApplication` / `pushCandidate`: the Gem source id the application is credited to. */
  source_id: z.string().min(1).optional(),
});

/** Flatchr settings of a write. */
export const FlatchrRemoteFieldsSchema = z.strictObject({
  /** Notes, result links and attachments (comments): write the comment as private (Flatchr's `private`; default false). */
  private: z.boolean().optional(),
  /** `createCandidate` / `createApplication` / `pushCandidate`: the source (job site) id Flatchr gives (`offerer_id`). */
  offerer_id: z.number().int().positive().optional(),
  /** `createCandidate` / `createApplication` / `pushCandidate`: the user key the applicant is attributed to (`user_id`). */
  user_id: z.string().min(1).max(64).optional(),
  /** `createCandidate` / `createApplication` / `pushCandidate`: the cover letter text (`comment`). */
  comment: z.string().max(20_000).optional(),
});

/** Provider-specific settings of a write, one entry per provider. */
export const RemoteFieldsSchema = z.strictObject({
  teamtailor: TeamtailorRemoteFieldsSchema.optional(),
  gem: GemRemoteFieldsSchema.optional(),
  crelate: z.strictObject({}).optional(),
  flatchr: FlatchrRemoteFieldsSchema.optional(),
  jarvi: JarviRemoteFieldsSchema.optional(),
});

/** Provider-specific settings of a write. */
export type RemoteFields = z.infer<typeof RemoteFieldsSchema>;

/** An action input that may carry `remote_fields`. */
export type WithRemoteFields<T> = T & { remote_fields?: RemoteFields };

/** `schema` with an optional `remote_fields` added when it is an object input (others unchanged). */
export function acceptingRemoteFields(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodObject ? schema.extend({ remote_fields: RemoteFieldsSchema.optional() }) : schema;
}
