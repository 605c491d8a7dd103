/**
 * Tags of the catalogue → `Tag`, and attachments: the candidate's CV (from a full applicant
 * object's `aws` key) and files attached to comments.
 */
import type { z } from 'zod';
import type { Tag } from '../../../models/index.js';
import type { AttachmentSchema } from '../../../models/misc.js';
import { flatchrDate } from '../dates.js';
import type { commentSchema, nestedCandidateSchema, tagSchema } from '../wire.js';
import { commonRecord, flId, nonEmpty } from './common.js';
import { contentTypeOf } from '../../../core/content-type.js';

/** Maps one tag of the catalogue (tags have no timestamps). */
export function toTag(raw: z.infer<typeof tagSchema>): Tag {
  return { ...commonRecord('tag', raw.id, {}, raw), name: raw.title };
}

type AttachmentMetadata = z.infer<typeof AttachmentSchema>;

/** The CV of a candidate, when the applicant object carries its S3 key (`aws`). */
export function toCvAttachment(candidateId: string, candidate: z.infer<typeof nestedCandidateSchema>): AttachmentMetadata | null {
  const key = nonEmpty(candidate.aws?.key);
  if (!key) return null;
  const extension = nonEmpty(candidate.aws?.extension) ?? 'pdf';
  const signature = nonEmpty(candidate.aws?.signature);
  const updated = flatchrDate(candidate.updated_at ?? candidate.created_at);
  return {
    id: flId('attachment', 'cv', key),
    remote_id: key,
    changed_at: updated,
    remote_deleted_at: null,
    remote_created_at: flatchrDate(candidate.created_at),
    remote_updated_at: updated,
    remote_data: { aws: candidate.aws ?? null, cv: candidate.cv ?? null },
    owner: 'candidate',
    owner_id: candidateId,
    file_name: `${key.split('/').pop() ?? 'cv'}.${extension}`,
    content_type: contentTypeOf(extension),
    type: 'CV',
    // The pre-signed URL (24 h) is printed without its scheme in the docs.
    url: signature ? (/^https?:\/\//.test(signature) ? signature : `https://${signature}`) : null,
  };
}

/** Files attached to one comment of an application. */
export function toCommentAttachments(
  comment: z.infer<typeof commentSchema>,
  owner: { kind: 'candidate' | 'application'; id: string },
): AttachmentMetadata[] {
  return (comment.attachments ?? []).map((file) => {
    const name = nonEmpty(file.name) ?? `attachment-${file.id}`;
    return {
      owner: owner.kind,
      owner_id: owner.id,
      file_name: name,
      content_type: contentTypeOf(name),
      type: /cover|lettre|motivation/i.test(name) ? 'COVER_LETTER' : /(^|[^a-z])(cv|resume)([^a-z]|$)/i.test(name) ? 'CV' : 'OTHER',
      url: nonEmpty(file.url),
      ...commonRecord('attachment', String(file.id), { created_at: file.created_at, updated_at: file.created_at }, file, ['comment', String(file.id)]),
    };
  });
}

export { contentTypeOf } from '../../../core/content-type.js';
