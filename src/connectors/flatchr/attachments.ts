/**
 * `getCandidateAttachments`: the CV of each of the person's applicants (its S3 key comes from the
 * full applicant object's `aws`) and the files attached to their comments. CV bytes come
 * from the files route, held to 1 request/s per company with no concurrency by its own
 * transport; comment files are pre-signed S3 URLs, downloaded without credentials.
 */
import type { ActionOptions } from '../../actions/results.js';
import { NotFoundError } from '../../core/errors.js';
import type { Attachment } from '../../models/index.js';
import type { AttachmentSchema } from '../../models/misc.js';
import type { z } from 'zod';
import type { FlatchrActionParts } from './action-parts.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import { arrayBody } from './endpoints.js';
import { decodeApplication, rowsOfCandidate } from './get-one.js';
import { applicationId as applicationIdOf } from './mappers/to-application.js';
import { toCommentAttachments, toCvAttachment } from './mappers/to-misc.js';
import { applicantObjectSchema, commentSchema } from './wire.js';

type Metadata = z.infer<typeof AttachmentSchema>;

/** Where the files of one applicant are listed: on the candidate or on the application. */
interface Owner {
  kind: 'candidate' | 'application';
  id: string;
}

/** Lists the attachments of a candidate (every applicant of the person; bounded by their applications). */
export async function attachmentsOfCandidate(parts: FlatchrActionParts, candidateId: string, options: ActionOptions): Promise<Attachment[]> {
  const { rows } = await rowsOfCandidate(parts.api, candidateId, 'getCandidateAttachments', options.signal);
  const seen = new Set<string>();
  const attachments: Attachment[] = [];
  for (const row of rows) attachments.push(...(await attachmentsOfApplicant(parts, row.applicant, { kind: 'candidate', id: candidateId }, seen, options)));
  return attachments;
}

/** Lists the attachments of one application: the person's CV (from the applicant object) and the files on the applicant's comments. */
export async function attachmentsOfApplication(parts: FlatchrActionParts, applicationId: string, options: ActionOptions): Promise<Attachment[]> {
  const { applicant, vacancyId } = decodeApplication(applicationId, 'getApplicationAttachments');
  return attachmentsOfApplicant(parts, applicant, { kind: 'application', id: applicationIdOf(applicant, vacancyId) }, new Set(), options);
}

/** The CV and comment files of one applicant, skipping ids in `seen` (and adding the new ones). */
async function attachmentsOfApplicant(parts: FlatchrActionParts, applicant: string, owner: Owner, seen: Set<string>, options: ActionOptions): Promise<Attachment[]> {
  const { api, files } = parts;
  const attachments: Attachment[] = [];

  /**
   * https://developers.flatchr.io/en/docs/QuickStart/Candidats/Recuperer_CV — GET
   * /company/{companyID}/files/expire?key=…&extension=…. The docs pass the key as `token=`;
   * the Bearer header is documented as equivalent everywhere, so the key never enters a URL.
   */
  const cvDownload = (metadata: Metadata, extension: string): Attachment => ({
    ...metadata,
    download: async (downloadOptions = {}) => {
      const response = await files.request<AsyncIterable<Uint8Array>>({
        method: 'GET',
        path: descriptor.paths.files(api.companyId),
        query: { key: metadata.remote_id, extension },
        operation: 'GET /company/{company}/files/expire',
        responseType: 'stream',
        signal: downloadOptions.signal,
      });
      return response.body;
    },
  });
  const urlDownload = (metadata: Metadata): Attachment => ({
    ...metadata,
    download: (downloadOptions = {}) => api.client.download(metadata.url ?? '', { operation: 'downloadAttachment', signal: downloadOptions.signal }),
  });

  try {
    // Legacy (2020) docs: GET /company/{company}/applicant/{applicant}; INFERRED still live.
    const response = await api.client.request({ method: 'GET', path: descriptor.paths.applicant(api.companyId, applicant), operation: 'GET /company/{company}/applicant/{id}', signal: options.signal });
    const parsed = applicantObjectSchema.safeParse(response.body);
    const cv = parsed.success && parsed.data.candidate ? toCvAttachment(owner.id, parsed.data.candidate) : null;
    if (cv && !seen.has(cv.id)) {
      seen.add(cv.id);
      attachments.push(cvDownload({ ...cv, owner: owner.kind, owner_id: owner.id }, parsed.success ? (parsed.data.candidate?.aws?.extension ?? 'pdf') : 'pdf'));
    }
  } catch (error) {
    // The legacy single GET may be gone: comment files are still listed.
    if (!(error instanceof NotFoundError)) throw error;
  }
  // https://developers.flatchr.io/en/docs/QuickStart/Commentaires — GET …/applicant/{a}/comments?fields=author,attachments
  const response = await api.client.request({
    method: 'GET',
    path: descriptor.paths.comments(api.companyId, applicant),
    query: { fields: descriptor.commentFields },
    operation: 'GET /company/{company}/applicant/{id}/comments',
    signal: options.signal,
  });
  for (const item of arrayBody(response.body, 'GET comments')) {
    const comment = commentSchema.safeParse(item);
    if (!comment.success) continue;
    for (const file of toCommentAttachments(comment.data, owner)) {
      if (seen.has(file.id)) continue;
      seen.add(file.id);
      attachments.push(urlDownload(file));
    }
  }
  return attachments;
}
