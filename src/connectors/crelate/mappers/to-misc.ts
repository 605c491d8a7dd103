/**
 * Tags seen on records → `Tag` (A.7.9), and artifacts → attachment metadata (A.7.8).
 *
 * Tags such as A.7.9 are defined in docs/connectors/sources/crelate.md.
 */
import type { z } from 'zod';
import type { Tag } from '../../../models/index.js';
import type { AttachmentSchema } from '../../../models/misc.js';
import type { WireArtifact, WireLookup } from '../wire.js';
import { commonRecord, crId, guid, lookupId, nonEmpty } from './common.js';
import { contentTypeOf } from '../../../core/content-type.js';

/** A tag of a record's `Tags` map; tags have no timestamps. Null when it has no id or title. */
export function toTag(entry: WireLookup, categoryId: string): Tag | null {
  const id = lookupId(entry);
  const name = nonEmpty(entry.Title)?.trim();
  if (!id || !name) return null;
  return {
    id: crId('tag', id),
    remote_id: id,
    changed_at: null,
    remote_deleted_at: null,
    remote_created_at: null,
    remote_updated_at: null,
    remote_data: { ...entry, TagCategoryId: guid(categoryId) },
    name,
  };
}

type AttachmentMetadata = z.infer<typeof AttachmentSchema>;

/**
 * Maps one artifact of a contact. A CV is the contact's primary document, or an artifact flagged or
 * typed as a resume (flags and type INFERRED, A.7.8).
 */
export function toAttachment(raw: WireArtifact, contactId: string, primaryDocumentId: string | null): AttachmentMetadata {
  const fileName = nonEmpty(raw.FileName) ?? nonEmpty(raw.Name) ?? `artifact-${guid(raw.Id)}`;
  const typeName = nonEmpty(raw.ArtifactTypeId?.Title) ?? '';
  const isCv = raw.IsResume === true || raw.IsPrimary === true || guid(raw.Id) === primaryDocumentId || /resume|\bcv\b/i.test(typeName);
  return {
    owner: 'candidate',
    owner_id: crId('candidate', contactId),
    file_name: fileName,
    content_type: nonEmpty(raw.ContentType) ?? contentTypeOf(fileName),
    type: isCv ? 'CV' : /cover/i.test(typeName) || /cover.?letter/i.test(fileName) ? 'COVER_LETTER' : 'OTHER',
    // Bytes come from GET /artifacts/{id}/content with the API key: no pre-signed URL.
    url: null,
    ...commonRecord('attachment', raw.Id, raw, raw),
  };
}

export { contentTypeOf } from '../../../core/content-type.js';
