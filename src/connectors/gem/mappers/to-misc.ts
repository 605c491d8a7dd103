/**
 * Models Gem has no resource for, collected from other records: tags (candidate `tags[]`),
 * rejection reasons (application `rejection_reason`), and candidate attachments.
 */
import { toIsoUtc } from '../../../core/dates.js';
import type { RejectionReason, Tag } from '../../../models/index.js';
import type { AttachmentSchema } from '../../../models/misc.js';
import type { z } from 'zod';
import type { GemCandidate } from '../wire.js';
import { gemId, nonEmpty } from './common.js';
import { tagId } from './to-candidate.js';
import { contentTypeOf } from '../../../core/content-type.js';

const noStamps = { changed_at: null, remote_deleted_at: null, remote_created_at: null, remote_updated_at: null } as const;

/** A tag seen on a candidate; Gem has no tag resource, so it has no timestamps. */
export function toTag(name: string): Tag {
  return { id: tagId(name), remote_id: name, ...noStamps, remote_data: { name }, name };
}

/** A rejection reason seen on an application (`{ id, name }`). */
export function toRejectionReason(reason: { id: string; name: string }): RejectionReason {
  return { id: gemId('rejection_reason', reason.id), remote_id: reason.id, ...noStamps, remote_data: { ...reason }, name: reason.name };
}

type AttachmentMetadata = z.infer<typeof AttachmentSchema>;
type GemAttachment = NonNullable<GemCandidate['attachments']>[number];

/**
 * One entry of a candidate's `attachments[]`. Entries have no id, so the identity is the
 * candidate plus the entry's position and file name. URLs are short-lived.
 */
export function toAttachment(candidateId: string, raw: GemAttachment, index: number): AttachmentMetadata {
  const fileName = nonEmpty(raw.filename) ?? `attachment-${index + 1}`;
  const created = toIsoUtc(raw.created_at);
  const remoteId = `${candidateId}:${index}:${fileName}`;
  return {
    id: gemId('attachment', candidateId, String(index), fileName),
    remote_id: remoteId,
    changed_at: created,
    remote_deleted_at: null,
    remote_created_at: created,
    remote_updated_at: created,
    remote_data: { ...raw },
    owner: 'candidate',
    owner_id: gemId('candidate', candidateId),
    file_name: fileName,
    content_type: contentTypeOf(fileName),
    type: attachmentType(raw.type),
    url: nonEmpty(raw.url),
  };
}

function attachmentType(type: string | null | undefined): AttachmentMetadata['type'] {
  switch (type?.toLowerCase()) {
    case 'resume':
    case 'cv':
      return 'CV';
    case 'cover_letter':
    case 'cover-letter':
      return 'COVER_LETTER';
    default:
      return 'OTHER';
  }
}

export { contentTypeOf } from '../../../core/content-type.js';
