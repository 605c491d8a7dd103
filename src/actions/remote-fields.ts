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
  gem: z.strictObject({}).optional(),
  crelate: z.strictObject({}).optional(),
  flatchr: FlatchrRemoteFieldsSchema.optional(),
  jarvi: z.strictObject({}).optional(),
});

/** Provider-specific settings of a write. */
export type RemoteFields = z.infer<typeof RemoteFieldsSchema>;

/** An action input that may carry `remote_fields`. */
export type WithRemoteFields<T> = T & { remote_fields?: RemoteFields };

/** `schema` with an optional `remote_fields` added when it is an object input (others unchanged). */
export function acceptingRemoteFields(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodObject ? schema.extend({ remote_fields: RemoteFieldsSchema.optional() }) : schema;
}
