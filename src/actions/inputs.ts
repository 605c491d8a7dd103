/**
 * Typed inputs of the write actions, as zod schemas so every connector validates
 * what it is given the same way before touching the network.
 */
import { z } from 'zod';
import { EmailAddressSchema, PhoneNumberSchema, SocialMediaSchema } from '../models/candidate.js';
import { AttachmentTypeValues } from '../models/misc.js';
import { candidateDetailFields, candidateWriteFields } from './candidate-details.js';

/**
 * An absolute http(s) URL: result links and attachment URLs end up in a provider's UI or are
 * fetched by the provider, so `javascript:`, `file:`, `data:` and friends are refused.
 */
export const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** Move an application to a stage. */
export const MoveApplicationToStageInputSchema = z.strictObject({
  application_id: z.string().min(1),
  stage_id: z.string().min(1),
});

/** Reject an application, optionally with a reason and a note. */
export const RejectApplicationInputSchema = z.strictObject({
  application_id: z.string().min(1),
  rejection_reason_id: z.string().min(1).optional(),
  note: z.string().optional(),
});

/** Extra detail for a result link. */
export const ResultLinkDetailsSchema = z.strictObject({
  custom_field_name_prefix: z.string().optional(),
  attributes: z.array(z.strictObject({ key: z.string(), value: z.string() })).optional(),
});

/** A result link on an application (an AI-interview report, say). */
export const AddResultLinkToApplicationInputSchema = z.strictObject({
  application_id: z.string().min(1),
  label: z.string().min(1),
  url: HttpUrlSchema,
  details: ResultLinkDetailsSchema.optional(),
});

/** A result link on a candidate. */
export const AddResultLinkToCandidateInputSchema = z.strictObject({
  candidate_id: z.string().min(1),
  label: z.string().min(1),
  url: HttpUrlSchema,
  details: ResultLinkDetailsSchema.optional(),
});

const noteFields = {
  content: z.string().min(1),
  content_type: z.enum(['PLAIN_TEXT', 'HTML']).optional(),
};

/** A note on an application. */
export const AddNoteToApplicationInputSchema = z.strictObject({ application_id: z.string().min(1), ...noteFields });
/** A note on a candidate. */
export const AddNoteToCandidateInputSchema = z.strictObject({ candidate_id: z.string().min(1), ...noteFields });

/**
 * The bytes of a file to attach, in any form a caller has them: a `Uint8Array` (a `Buffer`, or
 * what a PDF generator returns), an `ArrayBuffer`, a `Blob`, or a readable stream (a Node
 * `Readable`, a web `ReadableStream`, any async iterable of byte chunks). The connector reads it
 * into bytes under its attachment size cap (`downloads.maxBytes`) before uploading.
 */
export type AttachmentData = Uint8Array | ArrayBuffer | Blob | AsyncIterable<Uint8Array>;

function isAttachmentData(value: unknown): value is AttachmentData {
  return (
    value instanceof Uint8Array ||
    value instanceof ArrayBuffer ||
    (typeof Blob !== 'undefined' && value instanceof Blob) ||
    (typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function')
  );
}

/** {@link AttachmentData}, checked by shape (the bytes are read later, under the size cap). */
export const AttachmentDataSchema = z.custom<AttachmentData>(isAttachmentData, {
  error: 'must be a Uint8Array, Buffer, ArrayBuffer, Blob or readable stream',
});

/** A file to attach: exactly one of `data` (bytes) or `url` (a public URL the provider fetches). */
export const AttachmentInputSchema = z
  .strictObject({
    name: z.string().min(1),
    content_type: z.string().min(1),
    data: AttachmentDataSchema.optional(),
    url: HttpUrlSchema.optional(),
    /** `CV`, `COVER_LETTER` or `OTHER` (default): where the provider files it. */
    type: z.enum(AttachmentTypeValues).optional(),
  })
  .refine((value) => (value.data === undefined) !== (value.url === undefined), {
    message: 'exactly one of data or url',
  });

/** Attach a file to an application. */
export const AddAttachmentToApplicationInputSchema = z.strictObject({
  application_id: z.string().min(1),
  attachment: AttachmentInputSchema,
});
/** Attach a file to a candidate. */
export const AddAttachmentToCandidateInputSchema = z.strictObject({
  candidate_id: z.string().min(1),
  attachment: AttachmentInputSchema,
});

/** List a candidate's files. */
export const GetCandidateAttachmentsInputSchema = z.strictObject({ candidate_id: z.string().min(1) });

/** Put a tag on (or take it off) a candidate. */
export const TagCandidateInputSchema = z.strictObject({
  candidate_id: z.string().min(1),
  tag: z.strictObject({ name: z.string().min(1) }),
});

/** Create a candidate, optionally applying to a job. */
export const CreateCandidateInputSchema = z.strictObject({
  candidate: z.strictObject({
    first_name: z.string().min(1),
    last_name: z.string().min(1),
    email_addresses: z.array(EmailAddressSchema.partial({ type: true })).min(1),
    phone_numbers: z.array(PhoneNumberSchema.partial({ type: true })).optional(),
    social_media: z.array(SocialMediaSchema.partial()).optional(),
    company: z.string().optional(),
    title: z.string().optional(),
    source: z.string().optional(),
    ...candidateDetailFields,
  }),
  application: z.strictObject({ job_id: z.string().min(1), stage_id: z.string().min(1).optional() }).optional(),
  /** Files to attach to the new candidate (a CV, say). */
  attachments: z.array(AttachmentInputSchema).max(20).optional(),
  ...candidateWriteFields,
});

export type MoveApplicationToStageInput = z.infer<typeof MoveApplicationToStageInputSchema>;
export type RejectApplicationInput = z.infer<typeof RejectApplicationInputSchema>;
export type AddResultLinkToApplicationInput = z.infer<typeof AddResultLinkToApplicationInputSchema>;
export type AddResultLinkToCandidateInput = z.infer<typeof AddResultLinkToCandidateInputSchema>;
export type AddNoteToApplicationInput = z.infer<typeof AddNoteToApplicationInputSchema>;
export type AddNoteToCandidateInput = z.infer<typeof AddNoteToCandidateInputSchema>;
export type AttachmentInput = z.infer<typeof AttachmentInputSchema>;
export type AddAttachmentToApplicationInput = z.infer<typeof AddAttachmentToApplicationInputSchema>;
export type AddAttachmentToCandidateInput = z.infer<typeof AddAttachmentToCandidateInputSchema>;
export type GetCandidateAttachmentsInput = z.infer<typeof GetCandidateAttachmentsInputSchema>;
export type TagCandidateInput = z.infer<typeof TagCandidateInputSchema>;
export type CreateCandidateInput = z.infer<typeof CreateCandidateInputSchema>;
