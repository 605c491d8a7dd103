import { z } from 'zod';
import { commonFields, tolerantEnumWithFallback } from './common.js';

/** A tag that can be put on candidates. */
export const TagSchema = z.strictObject({
  ...commonFields,
  /** The tag's name. */
  name: z.string(),
});

/** A tag that can be put on candidates. */
export type Tag = z.infer<typeof TagSchema>;

/** A reason that can be given when rejecting an application. */
export const RejectionReasonSchema = z.strictObject({
  ...commonFields,
  /** The reason's name. */
  name: z.string(),
});

/** A reason that can be given when rejecting an application. */
export type RejectionReason = z.infer<typeof RejectionReasonSchema>;

/** Kinds of attachment. */
export const AttachmentTypeValues = ['CV', 'COVER_LETTER', 'OTHER'] as const;

/** A file attached to a candidate or an application (without its bytes; see `Attachment`). */
export const AttachmentSchema = z.strictObject({
  ...commonFields,
  /** Whose file it is. */
  owner: z.enum(['candidate', 'application']),
  /** The unified id of the owner. */
  owner_id: z.string(),
  /** The file's name. */
  file_name: z.string(),
  /** Its MIME type, or `null` when the provider does not say. */
  content_type: z.string().nullable(),
  /** `CV`, `COVER_LETTER` or `OTHER` (an unknown kind is `OTHER`). */
  type: tolerantEnumWithFallback(AttachmentTypeValues, 'OTHER'),
  /** A short-lived URL to fetch the file, or `null` when only `download()` works. */
  url: z.string().nullable(),
});

/** Attachment metadata plus a way to fetch the bytes. */
export type Attachment = z.infer<typeof AttachmentSchema> & {
  /** Streams the file's bytes (through the connector's transport, with its auth and limits). */
  download(options?: { signal?: AbortSignal }): Promise<AsyncIterable<Uint8Array>>;
};
