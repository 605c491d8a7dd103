/**
 * `reject-reasons` → `RejectionReason`, candidate tags → `Tag`, `uploads` and the candidate's
 * resume → attachment metadata.
 */
import type { z } from 'zod';
import { toIsoUtc } from '../../../core/dates.js';
import type { RejectionReason, Tag } from '../../../models/index.js';
import type { AttachmentSchema } from '../../../models/misc.js';
import type { rejectReasonSchema, uploadSchema } from '../wire.js';
import { commonRecord, ttId } from './common.js';
import { tagId } from './to-candidate.js';
import { contentTypeOf } from '../../../core/content-type.js';

/** Maps one reject reason. */
export function toRejectionReason(raw: z.infer<typeof rejectReasonSchema>): RejectionReason {
  return { ...commonRecord('rejection_reason', raw.id, {}, raw), name: raw.attributes.reason };
}

/** A tag seen on a record; Teamtailor has no tag resource, so it has no timestamps. */
export function toTag(name: string): Tag {
  return {
    id: tagId(name),
    remote_id: name,
    changed_at: null,
    remote_deleted_at: null,
    remote_created_at: null,
    remote_updated_at: null,
    remote_data: { name },
    name,
  };
}

type AttachmentMetadata = z.infer<typeof AttachmentSchema>;

/** Maps one upload of a candidate. Type from the file name (uploads have no MIME type). */
export function toUploadAttachment(raw: z.infer<typeof uploadSchema>, candidateId: string): AttachmentMetadata {
  const fileName = raw.attributes['file-name'] ?? `upload-${raw.id}`;
  return {
    owner: 'candidate',
    owner_id: ttId('candidate', candidateId),
    file_name: fileName,
    content_type: contentTypeOf(fileName),
    type: /cover|letter/i.test(fileName) ? 'COVER_LETTER' : /\b(cv|resume)\b/i.test(fileName) ? 'CV' : 'OTHER',
    url: raw.attributes.url ?? null,
    ...commonRecord('attachment', raw.id, raw.attributes, raw),
  };
}

/** The candidate's resume (the PDF rendition Teamtailor generates), as an attachment. */
export function toResumeAttachment(candidateId: string, url: string, updatedAt: string | null | undefined): AttachmentMetadata {
  const updated = toIsoUtc(updatedAt);
  return {
    id: ttId('attachment', `resume:${candidateId}`),
    remote_id: `resume:${candidateId}`,
    changed_at: updated,
    remote_deleted_at: null,
    remote_created_at: null,
    remote_updated_at: updated,
    remote_data: { resume: url },
    owner: 'candidate',
    owner_id: ttId('candidate', candidateId),
    file_name: 'resume.pdf',
    content_type: 'application/pdf',
    type: 'CV',
    url,
  };
}

export { contentTypeOf } from '../../../core/content-type.js';
